#!/usr/bin/python3
"""The peer of `coalition panel` in the benchmark (panel_bench.py): python-igraph computing the same
columns on the same as-of views, one period at a time, from a synth directory's orgs.csv and ties.csv.

  panel_igraph.py DIR FIRST_YEAR LAST_YEAR OUT.csv

For each year Y it keeps the ties active on Y-12-31 (start's first day <= that day <= end's last day),
as `coalition panel --every year` does, and writes per org: degree (distinct partners through any tie,
friction included: centrality's degree), partners by kind of partner and in all (collaboration ties
only), PageRank (unweighted, damping 0.85, on the collaboration graph) and Burt's constraint (on the
collaboration graph: gaps' constraint). Prints `load=S panel=S write=S total=S rows=N` (seconds).
What it leaves out that ours does: observations, alive, parent and name columns (cheap lookups).
"""
import calendar
import csv
import sys
import time

import igraph


def first_day(d):
    return d + "-01-01" if len(d) == 4 else d + "-01" if len(d) == 7 else d


def last_day(d):
    if len(d) == 4:
        return d + "-12-31"
    if len(d) == 7:
        return "%s-%02d" % (d, calendar.monthrange(int(d[:4]), int(d[5:7]))[1])
    return d


def main():
    src, y0, y1, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    t0 = time.time()
    keys, kinds = [], []
    with open(src + "/orgs.csv", newline="") as f:
        for r in csv.DictReader(f):
            keys.append(r["key"])
            kinds.append(r["kind"])
    index = {k: i for i, k in enumerate(keys)}
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    kind_names = sorted(set(kinds))
    kind_of = [kind_names.index(k) for k in kinds]
    ties = []   # (a, b, positive, first day, last day or None)
    with open(src + "/ties.csv", newline="") as f:
        for r in csv.DictReader(f):
            s = r.get("sign", "1")
            ties.append((index[r["source"]], index[r["target"]], s not in ("-1", "-", "negative"),
                         first_day(r["start"]) if r.get("start") else "",
                         last_day(r["end"]) if r.get("end") else None))
    t1 = time.time()
    n = len(keys)
    rows = 0
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "period", "kind"] + ["partners_" + k for k in kind_names] +
                   ["partners", "degree", "pagerank", "constraint"])
        t_write = 0.0
        for y in range(y0, y1 + 1):
            day = "%d-12-31" % y
            every, positive = [], []
            for a, b, pos, start, end in ties:
                if start > day or (end is not None and end < day):
                    continue
                every.append((a, b))
                if pos:
                    positive.append((a, b))
            g_every = igraph.Graph(n=n, edges=every)
            g_every.simplify()
            g_pos = igraph.Graph(n=n, edges=positive)
            g_pos.simplify()
            degree = g_every.degree()
            pagerank = g_pos.pagerank(damping=0.85)
            constraint = g_pos.constraint()
            adj = g_pos.get_adjlist()
            tw = time.time()
            for v in order:
                by_kind = [0] * len(kind_names)
                for u in adj[v]:
                    by_kind[kind_of[u]] += 1
                w.writerow([keys[v], y, kinds[v]] + by_kind +
                           [len(adj[v]), degree[v], repr(pagerank[v]), repr(constraint[v])])
                rows += 1
            t_write += time.time() - tw
    t2 = time.time()
    print("load=%.2f panel=%.2f write=%.2f total=%.2f rows=%d" % (
        t1 - t0, t2 - t1 - t_write, t_write, t2 - t0, rows))


if __name__ == "__main__":
    main()
