#!/usr/bin/python3
"""Reference modularity of the Louvain method on Zachary's karate club
(tests/fixtures/karate, unweighted) and Les Miserables
(tests/fixtures/lesmis, weighted), for tests/unit/test_louvain.c, from two
implementations other than coalition's:

  networkx  NetworkX's louvain_communities (Debian's python3-networkx),
            seeds 1..50
  igraph    python-igraph's community_multilevel, which is igraph's C code
            (Debian's python3-igraph), Python's random seeded 1..50

Both shuffle the vertices with their own generators, so no single partition
can be compared: the test compares the spread of modularity instead.
Blondel et al. (J. Stat. Mech. 2008, P10008, table 1) report 0.42 on karate.

Columns of tests/fixtures/expected/louvain_quality.csv: graph,
implementation, runs, min, median, max (modularity at resolution 1).

Run: /usr/bin/python3 tests/reference/louvain_expected.py
"""
import csv
import os
import random
import statistics

import igraph as ig
import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
SEEDS = range(1, 51)


def read_graph(name, weighted):
    """Collaboration ties only, parallel ties summed, as coalition merges them."""
    g = nx.Graph()
    with open(os.path.join(FIXTURES, name, "orgs.csv"), newline="") as f:
        g.add_nodes_from(row["key"] for row in csv.DictReader(f))
    with open(os.path.join(FIXTURES, name, "ties.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if int(row.get("sign") or 1) < 0 or row["source"] == row["target"]:
                continue
            w = float(row.get("weight") or 1) if weighted else 1.0
            a, b = row["source"], row["target"]
            if g.has_edge(a, b):
                g[a][b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
    return g


def networkx_runs(g):
    out = []
    for s in SEEDS:
        parts = nx.community.louvain_communities(g, weight="weight", seed=s)
        out.append(nx.community.modularity(g, parts, weight="weight"))
    return out


def igraph_runs(g):
    names = list(g.nodes)
    index = {n: i for i, n in enumerate(names)}
    h = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in g.edges])
    h.es["weight"] = [d["weight"] for _, _, d in g.edges(data=True)]
    out = []
    for s in SEEDS:
        random.seed(s)
        cl = h.community_multilevel(weights="weight")
        out.append(h.modularity(cl.membership, weights="weight"))
    return out


def main():
    rows = []
    for name, weighted in (("karate", False), ("lesmis", True)):
        g = read_graph(name, weighted)
        for impl, runs in (("networkx", networkx_runs(g)), ("igraph", igraph_runs(g))):
            rows.append([name, impl, len(runs), repr(min(runs)), repr(statistics.median(runs)),
                         repr(max(runs))])
    path = os.path.join(FIXTURES, "expected", "louvain_quality.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["graph", "implementation", "runs", "min", "median", "max"])
        w.writerows(rows)
    print("wrote", path)


if __name__ == "__main__":
    main()
