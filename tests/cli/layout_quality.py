#!/usr/bin/env python3
"""Quality figures of a drawn network, and python-igraph's Fruchterman-Reingold for comparison.

usage: layout_quality.py TIES.csv LAYOUT.json [--igraph-fr SEED]

TIES.csv is a synth directory's ties.csv (source and target keys); LAYOUT.json is
`coalition render --dump-layout` (node keys with x, y).  With --igraph-fr the
positions are instead python-igraph's `layout_fruchterman_reingold(grid=True)`
(the settings the benchmark's peer uses: 500 rounds, weights as attraction) of the
same orgs and ties.  Prints one line:

  stress=X neighbourhood=X crossings=X

measured on samples fixed here (the same for every layout of one graph):
  stress         32 breadth-first sources, 128 reached targets each: the mean of
                 ((a e - d) / d)^2, d the hop distance, e the drawn distance and a
                 the scale that minimizes it (lower is better);
  neighbourhood  for 200 orgs with ties, the share of their k partners (k = their
                 degree, at most 30) among their k nearest orgs on the drawing
                 (higher is better);
  crossings      the share of pairs of 500 ties (sharing no org) whose segments
                 cross (lower is better).
The definitions are those of tests/bench/layout_bench.c, written again here so the
test does not take our own code's word for them.
"""
import csv
import json
import math
import random
import sys
from collections import deque


def read(ties_path, layout_path):
    nodes = json.load(open(layout_path))["nodes"]
    pos = {n["key"]: (n["x"], n["y"]) for n in nodes}
    keys = sorted(pos)
    index = {k: i for i, k in enumerate(keys)}
    edges, weights = [], []
    with open(ties_path, newline="") as f:
        for row in csv.DictReader(f):
            a, b = row["source"], row["target"]
            if a == b or a not in index or b not in index:
                continue
            edges.append((index[a], index[b]))
            weights.append(float(row.get("weight") or 1))
    xy = [pos[k] for k in keys]
    return keys, edges, weights, xy


def stress(n, adj, xy, rnd):
    pairs = []
    for _ in range(32):
        s = rnd.randrange(n)
        dist = {s: 0}
        queue = deque([s])
        order = []
        while queue:
            v = queue.popleft()
            for u in adj[v]:
                if u not in dist:
                    dist[u] = dist[v] + 1
                    order.append(u)
                    queue.append(u)
        if not order:
            continue
        for _ in range(128):
            t = order[rnd.randrange(len(order))]
            e = math.dist(xy[s], xy[t])
            pairs.append((e, dist[t]))
    se = sum(e / d for e, d in pairs)
    see = sum(e * e / (d * d) for e, d in pairs)
    a = se / see if see > 0 else 1
    return sum(((a * e - d) / d) ** 2 for e, d in pairs) / len(pairs)


def neighbourhood(n, adj, xy, rnd):
    total, done, tries = 0.0, 0, 0
    while done < 200 and tries < 20000:
        tries += 1
        s = rnd.randrange(n)
        if not adj[s]:
            continue
        k = min(len(adj[s]), 30)
        near = sorted((math.dist(xy[s], xy[v]), v) for v in range(n) if v != s)[:k]
        total += sum(1 for _, v in near if v in adj[s]) / k
        done += 1
    return total / done if done else 0.0


def crosses(p, q, r, s):
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2, d3, d4 = side(p, q, r), side(p, q, s), side(r, s, p), side(r, s, q)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def crossings(edges, xy, rnd):
    sample = [edges[rnd.randrange(len(edges))] for _ in range(500)]
    pairs = crossed = 0
    for i, (a, b) in enumerate(sample):
        for c, d in sample[i + 1:]:
            if len({a, b, c, d}) < 4:
                continue
            pairs += 1
            crossed += crosses(xy[a], xy[b], xy[c], xy[d])
    return crossed / pairs if pairs else 0.0


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    keys, edges, weights, xy = read(sys.argv[1], sys.argv[2])
    n = len(keys)
    if len(sys.argv) == 5:
        import igraph
        random.seed(int(sys.argv[4]))
        g = igraph.Graph(n=n, edges=edges)
        xy = [tuple(p) for p in g.layout_fruchterman_reingold(weights=weights, grid=True)]
    adj = [set() for _ in range(n)]
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    figures = (stress(n, adj, xy, random.Random(1)), neighbourhood(n, adj, xy, random.Random(2)),
               crossings(edges, xy, random.Random(3)))
    print("stress=%.4f neighbourhood=%.4f crossings=%.4f" % figures)


main()
