#!/usr/bin/env python3
"""sarif_check.py SCHEMA LOG LINT_C...: the log validates against the
SARIF 2.1.0 schema (jsonschema, draft 4), has a rule for every code the
lint sources (lint.c, lintbuild.c) emit, and each result has what GitHub code scanning requires: a ruleId
among the rules, a level, a message, and a physical location with a
non-empty relative URI and a region with startLine >= 1."""
import json
import re
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log),
                key=lambda e: list(e.path))
for e in errors:
    print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message))
codes = set()
for src in sys.argv[3:]:
    codes |= set(re.findall(r'emit\(&?l, "([a-z-]+)"', open(src).read()))
run = log["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
bad = len(errors)
for c in sorted(codes - set(rules)):
    print("no rule for lint code %s" % c)
    bad += 1
for r in run["tool"]["driver"]["rules"]:
    if not r.get("shortDescription", {}).get("text") or \
            not r.get("fullDescription", {}).get("text") or \
            not (r.get("help", {}).get("text") or r.get("helpUri")):
        print("rule %s: no short or full description or help" % r["id"])
        bad += 1
for i, res in enumerate(run["results"]):
    where = "result %d (%s)" % (i, res.get("ruleId"))
    if res.get("ruleId") not in rules or \
            rules[res.get("ruleIndex", -1)] != res["ruleId"]:
        print(where + ": ruleId/ruleIndex not among the rules")
        bad += 1
    if res.get("level") not in ("error", "warning", "note"):
        print(where + ": level")
        bad += 1
    if not res.get("message", {}).get("text"):
        print(where + ": no message")
        bad += 1
    locs = res.get("locations") or []
    for loc in locs:
        pl = loc.get("physicalLocation", {})
        uri = pl.get("artifactLocation", {}).get("uri", "")
        if not uri or uri.startswith("/") or uri.startswith("./"):
            print(where + ": bad uri %r" % uri)
            bad += 1
        if pl.get("region", {}).get("startLine", 0) < 1:
            print(where + ": no region.startLine")
            bad += 1
    if not locs:
        print(where + ": no location")
        bad += 1
print("%d codes, %d rules, %d results, %d problems" %
      (len(codes), len(rules), len(run["results"]), bad))
sys.exit(1 if bad else 0)
