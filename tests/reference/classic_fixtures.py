#!/usr/bin/python3
"""Writes the three classic networks that ship with NetworkX (Debian's
python3-networkx) as coalition import directories under tests/fixtures/:
Padgett's Florentine families, Zachary's karate club (with the interaction
counts NetworkX carries as weights) and Knuth's Les Miserables co-appearances
(weighted).  Tests compare our measures on them with NetworkX's own.

Every org gets kind "other" and its node name as key and name; every tie is
a collaboration ("partnership", sign 1) with NetworkX's weight (1 if none).

Run: /usr/bin/python3 tests/reference/classic_fixtures.py
"""
import csv
import os

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")

GRAPHS = {
    "florentine": nx.florentine_families_graph,
    "karate": nx.karate_club_graph,
    "lesmis": nx.les_miserables_graph,
}


def write(name, graph):
    out = os.path.join(FIXTURES, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "orgs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "name", "kind"])
        for node in graph.nodes():
            w.writerow([str(node), str(node), "other"])
    with open(os.path.join(out, "ties.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "target", "kind", "sign", "weight"])
        for a, b, data in graph.edges(data=True):
            w.writerow([str(a), str(b), "partnership", 1, data.get("weight", 1)])


if __name__ == "__main__":
    for name, make in GRAPHS.items():
        write(name, make())
