#!/usr/bin/python3
"""Expected `coalition query path --all --federation` answers on
tests/fixtures/federation, computed by NetworkX (Debian's python3-networkx)
on the same graph with each parent link added as an edge.

The graph: every org of orgs.csv; an edge for every collaboration tie of
ties.csv (sign 1: paths do not follow friction) and one for every parent
link (org -> parent).  For every pair of orgs a < b (by key) the output
holds the shortest path length in links and every shortest path
(nx.all_shortest_paths), sorted, or null and [] when no path joins them.

Run: /usr/bin/python3 tests/reference/federation_paths.py \
         > tests/fixtures/expected/federation_paths.json
"""
import csv
import json
import os

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "federation")

g = nx.Graph()
with open(os.path.join(FIXTURE, "orgs.csv"), newline="") as f:
    for row in csv.DictReader(f):
        g.add_node(row["key"])
        if row["parent"]:
            g.add_edge(row["key"], row["parent"])
with open(os.path.join(FIXTURE, "ties.csv"), newline="") as f:
    for row in csv.DictReader(f):
        if row["sign"] in ("1", "+", "positive", ""):
            g.add_edge(row["source"], row["target"])

pairs = []
keys = sorted(g.nodes)
for i, a in enumerate(keys):
    for b in keys[i + 1:]:
        if nx.has_path(g, a, b):
            paths = sorted(nx.all_shortest_paths(g, a, b))
            pairs.append({"from": a, "to": b, "length": len(paths[0]) - 1, "paths": paths})
        else:
            pairs.append({"from": a, "to": b, "length": None, "paths": []})
print(json.dumps({"pairs": pairs}, indent=1))
