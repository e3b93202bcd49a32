#!/usr/bin/env python
"""Prints a small stock report; runs on Python 2, and on Python 3 once migrated."""

from inventory import Inventory


def main():
    stock = Inventory()
    for i in xrange(3):
        stock.add(u"widget")
    stock.add("gadget", 2L)
    print stock.report().rstrip()
    print "total:", stock.total()
    if stock.total() <> 5:
        raise ValueError, "unexpected total"


if __name__ == "__main__":
    main()
