#!/usr/bin/env python3
"""Crossings of the kinds layout: the ring order of src/render_layout.h (each ring sorted
by the direction of its orgs' parents and tie partners on inner rings) against the earlier order
(each ring sorted by parent, state and key, first at the top), counted on the same rings.

usage: kinds_crossings.py DATASET_DIR DUMP.json [MAX_OLD]
DATASET_DIR holds the orgs.csv and ties.csv that were imported (every org and tie in the view);
DUMP.json is `coalition render --layout kinds --dump-layout` of that view.  Lines are the
distinct pairs joined by a tie or a parent link, drawn straight; two lines cross when they share
no end and their segments intersect.  Prints both counts; with MAX_OLD exits 1 unless the new
order crosses less than the old one (the check test_render runs).
"""
import csv, json, math, os, sys

RINGS = ["national", "coalition", "funder", "ngo", "union", "community", "other", "chapter"]


def load(d):
    orgs = sorted(csv.DictReader(open(os.path.join(d, "orgs.csv"), encoding="utf-8")),
                  key=lambda o: o["key"].encode("utf-8"))
    index = {o["key"]: i for i, o in enumerate(orgs)}
    pairs = set()
    for t in csv.DictReader(open(os.path.join(d, "ties.csv"), encoding="utf-8")):
        a, b = index[t["source"]], index[t["target"]]
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    for i, o in enumerate(orgs):
        if o.get("parent") and o["parent"] in index:
            p = index[o["parent"]]
            pairs.add((min(i, p), max(i, p)))
    return orgs, index, sorted(pairs)


def old_positions(orgs, index):
    def ring(o):
        return RINGS.index(o["kind"]) if o["kind"] in RINGS else len(RINGS)

    def parent(o):
        return index[o["parent"]] if o.get("parent") in index else -1
    order = sorted(range(len(orgs)), key=lambda i: (ring(orgs[i]), parent(orgs[i]), orgs[i]["state"],
                                                    orgs[i]["key"].encode("utf-8"), i))
    groups = []
    for i in order:
        if groups and ring(orgs[groups[-1][0]]) == ring(orgs[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    pos = [None] * len(orgs)
    single = len(groups[0]) == 1
    for j, g in enumerate(groups):
        r = j + 1 - (1 if single else 0)
        for k, v in enumerate(g):
            t = -math.pi / 2 + 2 * math.pi * k / len(g)
            pos[v] = (r * math.cos(t), r * math.sin(t))
    return pos


def cross(p1, p2, p3, p4):
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-12 else (1 if v > 0 else -1)
    return (orient(p1, p2, p3) * orient(p1, p2, p4) < 0 and
            orient(p3, p4, p1) * orient(p3, p4, p2) < 0)


def crossings(pos, pairs):
    segs = [(a, b, pos[a], pos[b]) for a, b in pairs]
    n = 0
    for i in range(len(segs)):
        a, b, p, q = segs[i]
        for c, d, r, s in segs[i + 1:]:
            if len({a, b, c, d}) == 4 and cross(p, q, r, s):
                n += 1
    return n


def main():
    orgs, index, pairs = load(sys.argv[1])
    dump = {n["key"]: (n["x"], n["y"]) for n in json.load(open(sys.argv[2]))["nodes"]}
    new = [dump[o["key"]] for o in orgs]
    before, after = crossings(old_positions(orgs, index), pairs), crossings(new, pairs)
    print("kinds layout crossings: %d before (parent, state, key order), %d after (%d lines)" %
          (before, after, len(pairs)))
    if len(sys.argv) > 3 and not after < before:
        sys.exit("kinds_crossings: the new order does not cross less (%d >= %d)" % (after, before))


main()
