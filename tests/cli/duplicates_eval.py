"""Precision and recall of `coalition duplicates` against hand labels.

usage: duplicates_eval.py LABELS.csv PAIRS.csv MIN

LABELS.csv gives every row of the source directory an `entity`: rows with the
same entity are one organization (the `why` column says how that was read off
the rows).  Each org of the store is keyed `afscme-LINE` after its row.  Every
pair of rows is labelled: same entity = duplicate, else not.  PAIRS.csv is
`duplicates --format csv` at its default threshold.  Prints precision and
recall over all pairs and exits 1 if either is below MIN.
"""
import csv
import itertools
import sys

labels, pairs_path, minimum = sys.argv[1], sys.argv[2], float(sys.argv[3])
entity = {}
for row in csv.DictReader(open(labels, encoding="utf-8")):
    entity["afscme-%03d" % int(row["line"])] = row["entity"]
groups = {}
for key, e in entity.items():
    groups.setdefault(e, []).append(key)
positive = {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}
reported = set()
for row in csv.DictReader(open(pairs_path, encoding="utf-8")):
    if row["a"] not in entity or row["b"] not in entity:
        sys.exit("pair %s, %s: not a labelled row" % (row["a"], row["b"]))
    reported.add(frozenset((row["a"], row["b"])))
true_pos = len(reported & positive)
precision = true_pos / len(reported) if reported else 0.0
recall = true_pos / len(positive)
print("labelled pairs: %d duplicate of %d; reported %d, of which %d duplicates"
      % (len(positive), len(entity) * (len(entity) - 1) // 2, len(reported), true_pos))
print("precision %.3f recall %.3f" % (precision, recall))
for p in sorted(sorted(x) for x in positive - reported):
    print("missed: %s, %s (%s)" % (p[0], p[1], entity[p[0]]))
for p in sorted(sorted(x) for x in reported - positive):
    print("wrong: %s (%s), %s (%s)" % (p[0], entity[p[0]], p[1], entity[p[1]]))
sys.exit(0 if precision >= minimum and recall >= minimum else 1)
