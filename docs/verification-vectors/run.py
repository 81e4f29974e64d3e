#!/usr/bin/env python3
"""Runs every test vector of this folder through a verifier and compares its outcome with the
expected one (README.md). Standard library only.

    python3 run.py python3 ../verifier/verify.py       # the reference verifier
    python3 run.py npx tsx ../../server/cli/verify.ts  # ClaimLedger's own
    python3 run.py ./my-verifier                       # yours

The verifier runs in this folder with each vector's arguments appended; its exit status, the
FAIL line or the digest / checkpoint line it prints, and its WARNING lines are compared.
Exits 0 when every vector gives exactly the expected outcome, 1 otherwise.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FAIL = re.compile(r"^FAIL (\S+)(?: (?:line (\d+)|end of file))?(?: \((.*)\))?: ([A-Z_]+) — ", re.M)


def outcome(exit, stdout, stderr):
    if exit not in (0, 1):
        return {"exit": exit}
    warnings = re.findall(r"^WARNING ([A-Z_]+):", stderr, re.M)
    if exit == 1:
        m = FAIL.search(stdout)
        if not m:
            return {"exit": exit, "unreadable": stdout}
        return {"exit": exit, "code": m.group(4), "file": m.group(1), "line": int(m.group(2)) if m.group(2) else None, "subject": m.group(3)}
    cp = re.search(r"^checkpoint (\d+) ([0-9a-f]{64})$", stdout, re.M)
    if cp:
        return {"exit": exit, "checkpoint": {"seq": int(cp.group(1)), "hash": cp.group(2)}}
    digest = re.search(r"^digest ([0-9a-f]{64})$", stdout, re.M)
    return {"exit": exit, "digest": digest.group(1) if digest else None, "warnings": warnings}


def mismatches(expect, got):
    want = dict(expect)
    if expect["exit"] == 0 and "digest" in expect:
        want.setdefault("warnings", [])
    return ["%s: expected %s, got %s" % (k, json.dumps(v), json.dumps(got.get(k))) for k, v in want.items() if got.get(k) != v]


def main(command):
    if not command:
        sys.stderr.write(__doc__)
        return 2
    with open(os.path.join(HERE, "vectors.json"), encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    wrong = 0
    for v in vectors:
        p = subprocess.run(command + v["args"], cwd=HERE, capture_output=True, encoding="utf-8", errors="replace")
        problems = mismatches(v["expect"], outcome(p.returncode, p.stdout, p.stderr))
        if problems:
            wrong += 1
            print("MISMATCH %s (%s): %s" % (v["name"], " ".join(v["args"]), "; ".join(problems)))
    print("%d of %d vectors as expected" % (len(vectors) - wrong, len(vectors)))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
