#!/usr/bin/python3
"""Converts an import directory (DESIGN.md section 4) to the peers' CSV layout.

usage: peer_layout.py IMPORT_DIR OUT_DIR

Writes OUT_DIR/orgs.csv (id,name,kind,state,lat,lon; id = 0-based row number
of IMPORT_DIR/orgs.csv) and OUT_DIR/ties.csv (source,target,kind,sign,weight,
year; source and target are those ids), the layout peer_igraph.py and
peer_networkx.py read.  Every tie row is kept, in file order, so the peers get
the same ties as `coalition import`; sign becomes 1 or -1, an empty weight 1,
year the first four characters of start (empty when there is none).  Ties
naming an org by one of its aliases are resolved.  The benchmark uses
tests/bench/to_peer_csv.py when that file exists and this one otherwise.
"""
import csv
import os
import sys

NEG = {"-1", "-", "negative"}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    ids = {}
    with open(os.path.join(src, "orgs.csv"), newline="", encoding="utf-8-sig") as f, \
            open(os.path.join(dst, "orgs.csv"), "w", newline="", encoding="utf-8") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["id", "name", "kind", "state", "lat", "lon"])
        for i, row in enumerate(csv.DictReader(f)):
            ids[row["key"]] = i
            for alias in (row.get("aliases") or "").split(";"):
                if alias.strip():
                    ids.setdefault(alias.strip(), i)
            w.writerow([i, row["name"], row["kind"], row.get("state", ""), row.get("lat", ""), row.get("lon", "")])
    with open(os.path.join(src, "ties.csv"), newline="", encoding="utf-8-sig") as f, \
            open(os.path.join(dst, "ties.csv"), "w", newline="", encoding="utf-8") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["source", "target", "kind", "sign", "weight", "year"])
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                a, b = ids[row["source"]], ids[row["target"]]
            except KeyError as e:
                sys.exit("peer_layout: %s/ties.csv:%d: unknown org %s" % (src, line, e))
            sign = -1 if (row.get("sign") or "1").strip().lower() in NEG else 1
            weight = row.get("weight") or "1"
            w.writerow([a, b, row["kind"], sign, weight, (row.get("start") or "")[:4]])


main()
