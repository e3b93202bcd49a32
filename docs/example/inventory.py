"""Counts of things in stock: Python 2 code for trying pymig on."""

import urllib2
from StringIO import StringIO


class Inventory(object):
    def __init__(self):
        self.items = {}

    def add(self, name, count=1):
        if self.items.has_key(name):
            self.items[name] += count
        else:
            self.items[name] = count

    def total(self):
        return sum(self.items.itervalues())

    def report(self):
        out = StringIO()
        for name, count in sorted(self.items.iteritems()):
            print >>out, "%-8s %3d" % (name, count)
        return out.getvalue()


def fetch(url):
    try:
        return urllib2.urlopen(url).read()
    except urllib2.URLError, e:
        print "cannot fetch %s: %s" % (url, e)
        return None
