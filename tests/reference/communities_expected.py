#!/usr/bin/python3
"""Expected communities of Zachary's karate club (tests/fixtures/karate,
unweighted) for tests/unit/test_community.c, from implementations other
than coalition's:

  fastgreedy  NetworkX's greedy_modularity_communities (Clauset, Newman and
              Moore's algorithm, written independently of igraph)
  walktrap    python-igraph's community_walktrap(steps=4).as_clustering()
              (Debian's python3-igraph; Pons and Latapy's algorithm)
  optimal     python-igraph's community_optimal_modularity (exact, GLPK);
              Brandes et al., "On modularity clustering", IEEE TKDE 20(2),
              2008, report the same maximum, 0.4197896

Columns of tests/fixtures/expected/communities_karate.csv: method,
modularity, then one column per org key holding its community number in
that partition (numbers are arbitrary labels: compare co-membership).

Run: /usr/bin/python3 tests/reference/communities_expected.py
"""
import csv
import os

import igraph as ig
import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def read_graph():
    g = nx.Graph()
    with open(os.path.join(FIXTURES, "karate", "orgs.csv"), newline="") as f:
        g.add_nodes_from(row["key"] for row in csv.DictReader(f))
    with open(os.path.join(FIXTURES, "karate", "ties.csv"), newline="") as f:
        g.add_edges_from((row["source"], row["target"]) for row in csv.DictReader(f))
    return g


def main():
    g = read_graph()
    keys = sorted(g.nodes())
    rows = []
    cnm = nx.community.greedy_modularity_communities(g, weight=None)
    label = {k: i for i, c in enumerate(cnm) for k in c}
    rows.append(["fastgreedy", repr(nx.community.modularity(g, cnm, weight=None))]
                + [label[k] for k in keys])
    index = {k: i for i, k in enumerate(keys)}
    h = ig.Graph(n=len(keys), edges=[(index[a], index[b]) for a, b in g.edges()])
    for method, clustering in [
            ("walktrap", h.community_walktrap(steps=4).as_clustering()),
            ("optimal", h.community_optimal_modularity())]:
        rows.append([method, repr(clustering.modularity)]
                    + [clustering.membership[index[k]] for k in keys])
    out = os.path.join(FIXTURES, "expected", "communities_karate.csv")
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["method", "modularity"] + keys)
        w.writerows(rows)


if __name__ == "__main__":
    main()
