"""Run every *.grade.py in this folder and rewrite grades.json.

Usage:  python3 tests/data/wild/regrade.py        (from anywhere)

Each grading script prints a JSON list of relation grades for its Markdown
document; this script collects them into grades.json, keyed by the .md file
name, checks that every script exited 0 and that every .md has a script, and
prints a short summary.
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    scripts = sorted(glob.glob(os.path.join(HERE, "*.grade.py")))
    docs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(HERE, "[0-9][0-9]_*.md")))
    grades = {}
    failed = []
    for path in scripts:
        md = os.path.basename(path)[: -len(".grade.py")] + ".md"
        proc = subprocess.run([sys.executable, "-B", path], capture_output=True, text=True, cwd=HERE)
        if proc.returncode != 0:
            failed.append(md)
            sys.stderr.write("FAILED %s\n%s\n" % (path, proc.stderr))
            continue
        grades[md] = json.loads(proc.stdout)
    missing = [d for d in docs if d not in grades and d not in failed]
    if missing:
        sys.stderr.write("documents without a grading script: %s\n" % missing)
    with open(os.path.join(HERE, "grades.json"), "w", encoding="utf-8") as fh:
        json.dump(grades, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    total = sum(len(v) for v in grades.values())
    wrong = sum(1 for v in grades.values() for e in v if e["holds"] is False)
    graded = sum(1 for v in grades.values() for e in v if e["holds"] is not None)
    print("%d documents, %d relations (%d true/false-graded), %d that do not hold"
          % (len(grades), total, graded, wrong))
    for md, v in grades.items():
        w = sum(1 for e in v if e["holds"] is False)
        print("  %-45s %3d relations, %d not holding" % (md, len(v), w))
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
