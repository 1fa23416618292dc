#!/usr/bin/env python3
"""Converts a `coalition import` directory to the peers' CSV layout.

usage: to_peer_csv.py IMPORT_DIR OUT_DIR

The peer pipelines (see the benchmark README: peer_igraph.py, peer_networkx.py)
read OUT_DIR/orgs.csv with columns id,name,kind,state,lat,lon (id = 0..n-1,
the row order of the import's orgs.csv) and OUT_DIR/ties.csv with columns
source,target,kind,sign,weight,year (ids; sign 1 or -1; year = the year of
the tie's start, empty when it has none).  Ties may name orgs by key or by
alias, as the import format allows; signs written +, -, positive or negative
become 1 or -1; a missing weight is 1.  Rows are streamed, so a million ties
need little memory.  Prints "N orgs M ties" on stdout.
"""
import csv
import os
import sys

SIGNS = {"": "1", "1": "1", "+1": "1", "+": "1", "positive": "1",
         "-1": "-1", "-": "-1", "negative": "-1"}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    ids = {}
    n_orgs = n_ties = 0
    # utf-8-sig: the import format accepts a byte-order mark
    with open(os.path.join(src, "orgs.csv"), encoding="utf-8-sig", newline="") as f, \
            open(os.path.join(dst, "orgs.csv"), "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["id", "name", "kind", "state", "lat", "lon"])
        for row in csv.DictReader(f):
            ids[row["key"]] = n_orgs
            for alias in (row.get("aliases") or "").split(";"):
                if alias.strip():
                    ids.setdefault(alias.strip(), n_orgs)
            w.writerow([n_orgs, row["name"], row["kind"], row.get("state") or "",
                        row.get("lat") or "", row.get("lon") or ""])
            n_orgs += 1
    with open(os.path.join(src, "ties.csv"), encoding="utf-8-sig", newline="") as f, \
            open(os.path.join(dst, "ties.csv"), "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["source", "target", "kind", "sign", "weight", "year"])
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                a, b = ids[row["source"]], ids[row["target"]]
            except KeyError as e:
                sys.exit(f"to_peer_csv: ties.csv:{line}: unknown org {e}")
            sign = SIGNS.get((row.get("sign") or "").strip().lower())
            if sign is None:
                sys.exit(f"to_peer_csv: ties.csv:{line}: bad sign {row['sign']!r}")
            w.writerow([a, b, row["kind"], sign, row.get("weight") or "1",
                        (row.get("start") or "")[:4]])
            n_ties += 1
    print(n_orgs, "orgs", n_ties, "ties")


main()
