"""Print a `pymig apply --json` report one line per fact, for comparing two runs.

Parse-error notes (codemod "parser") are dropped: they exist only for parsed files, and a
file no selected codemod applies to is not parsed.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
for f in report["files"]:
    print(f["path"], f["status"], f.get("reason", ""), f.get("edits", ""))
    for fix in f.get("fixes", []):
        print("  fix", json.dumps(fix, sort_keys=True))
    for note in f.get("notes", []):
        if note.get("codemod") != "parser":
            print("  note", json.dumps(note, sort_keys=True))
for error in report.get("errors", []):
    print("error", json.dumps(error, sort_keys=True))
