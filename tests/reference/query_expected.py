#!/usr/bin/python3
"""Expected answers of `coalition query` on Padgett's Florentine families and
Zachary's karate club, computed by NetworkX (Debian's python3-networkx), for
tests/unit/test_query.c.

The graphs are read back from tests/fixtures/{florentine,karate}/ (the files
classic_fixtures.py wrote), so keys are the fixtures' keys.  For each graph
the output JSON holds:

- "paths": for every pair of orgs (a < b by key), the shortest path length in
  ties and every shortest path (nx.all_shortest_paths), sorted;
- "weighted": the same with link length 1/weight; lengths are exact
  fractions (Python's Fraction) so that equal-length paths tie exactly, and
  the distance is printed as a float;
- "connectors": for a few pairs of org sets, each org inside the shortest
  paths between a source s and a target t != s, with the number of those
  paths through it ("paths") and the sum of the fractions of each pair's
  shortest paths through it ("share"), found by enumerating the paths;
- "ego": nx.ego_graph size, density, and density without the ego.

Run: /usr/bin/python3 tests/reference/query_expected.py
"""
import csv
import json
import os
from fractions import Fraction

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def load(name):
    g = nx.Graph()
    with open(os.path.join(FIXTURES, name, "orgs.csv"), newline="") as f:
        for row in csv.DictReader(f):
            g.add_node(row["key"])
    with open(os.path.join(FIXTURES, name, "ties.csv"), newline="") as f:
        for row in csv.DictReader(f):
            w = Fraction(row["weight"])
            a, b = row["source"], row["target"]
            # Several ties between two orgs are one link with the strongest weight.
            if g.has_edge(a, b):
                w = max(w, g[a][b]["weight"])
            g.add_edge(a, b, weight=w, length=1 / w)
    return g


def all_paths(g, a, b, weight=None):
    try:
        return sorted(list(p) for p in nx.all_shortest_paths(g, a, b, weight=weight))
    except nx.NetworkXNoPath:
        return []


def path_entries(g, weighted):
    out = []
    nodes = sorted(g.nodes())
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            paths = all_paths(g, a, b, "length" if weighted else None)
            entry = {"from": a, "to": b, "length": len(paths[0]) - 1 if paths else None,
                     "paths": paths}
            if weighted:
                entry["distance"] = float(sum(g[u][v]["length"]
                                              for u, v in zip(paths[0], paths[0][1:])))
            out.append(entry)
    return out


def connectors(g, sources, targets, max_length=0):
    paths_through, share = {}, {}
    pairs = total = 0
    for s in sources:
        for t in targets:
            if s == t:
                continue
            paths = all_paths(g, s, t)
            if not paths or (max_length and len(paths[0]) - 1 > max_length):
                continue
            pairs += 1
            total += len(paths)
            for p in paths:
                for v in p[1:-1]:
                    paths_through[v] = paths_through.get(v, 0) + 1
                    share[v] = share.get(v, Fraction(0)) + Fraction(1, len(paths))
    rows = [{"key": v, "paths": paths_through[v], "share": float(share[v])}
            for v in paths_through]
    rows.sort(key=lambda r: (-r["paths"], -r["share"], r["key"]))
    return {"from": sorted(sources), "to": sorted(targets), "max_length": max_length,
            "pairs": pairs, "paths": total, "connectors": rows}


def ego(g, key, radius):
    e = nx.ego_graph(g, key, radius=radius)
    alters = e.copy()
    alters.remove_node(key)
    return {"ego": key, "depth": radius, "size": e.number_of_nodes() - 1,
            "ties": e.number_of_edges(), "density": nx.density(e),
            "alter_density": nx.density(alters) if alters.number_of_nodes() > 1 else None}


CASES = {
    "florentine": {
        "connectors": [
            (["Acciaiuoli"], ["Strozzi"], 0),
            (["Pazzi"], ["Lamberteschi"], 0),
            (["Acciaiuoli", "Pazzi", "Ginori"], ["Strozzi", "Lamberteschi", "Peruzzi"], 0),
            (["Medici", "Strozzi"], ["Medici", "Castellani", "Ginori"], 0),
            (["Acciaiuoli", "Pazzi", "Ginori"], ["Strozzi", "Lamberteschi", "Peruzzi"], 3),
        ],
        "ego": [("Medici", 1), ("Medici", 2), ("Strozzi", 1), ("Pazzi", 1)],
    },
    "karate": {
        "connectors": [
            (["0"], ["33"], 0),
            (["16"], ["26"], 0),
            # Five of Mr. Hi's club and five of the Officer's (NetworkX's "club").
            (["0", "4", "5", "10", "16"], ["26", "29", "23", "24", "25"], 0),
            (["0", "4", "5", "10", "16"], ["26", "29", "23", "24", "25"], 3),
        ],
        "ego": [("0", 1), ("33", 1), ("16", 2), ("9", 1)],
    },
}


def main():
    out_dir = os.path.join(FIXTURES, "query")
    os.makedirs(out_dir, exist_ok=True)
    for name, cases in CASES.items():
        g = load(name)
        doc = {
            "source": "NetworkX %s, tests/reference/query_expected.py" % nx.__version__,
            "paths": path_entries(g, False),
            "weighted": path_entries(g, True),
            "connectors": [connectors(g, s, t, m) for s, t, m in cases["connectors"]],
            "ego": [ego(g, k, r) for k, r in cases["ego"]],
        }
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
