#!/usr/bin/python3
"""Expected values for `coalition gaps`, computed independently with Debian's
python3-networkx (2.8) from the fixtures under tests/fixtures/, written to
tests/fixtures/expected/gaps_*.csv.  tests/unit/test_gaps.c compares ours.

For Florentine families, karate club and Les Miserables:
  gaps_<name>.csv           per org: NetworkX constraint and effective_size,
                            unweighted and with weight="weight" (_w); Burt's
                            hierarchy (not in NetworkX: computed here from
                            nx.local_constraint with Burt's 1992 formula
                            H = sum_j r_j ln r_j / (N ln N), r_j = c_ij/(C/N));
                            articulation: 1 if in nx.articulation_points;
                            cut_off: orgs cut off from the largest remaining
                            piece of the component when the org is removed
                            (by removing it and counting components).
  gaps_<name>_bridges.csv   nx.bridges, each with the size of the smaller side
                            left when the tie is removed.
  gaps_<name>_separators.csv
                            for some pairs of non-adjacent orgs,
                            nx.node_connectivity(G, a, b) (the size of the
                            minimum vertex cut; the cut itself is not unique).
  gaps_karate_missing.csv   every untied pair with a shared partner and its
                            nx.adamic_adar_index, nx.resource_allocation_index
                            and nx.jaccard_coefficient.

It also writes the fixture tests/fixtures/brokerage/ (random, seeded): 24
orgs of three kinds with directed ties, some undirected ones, two parallel
ties and a friction tie; brokerage roles on it come from R's sna
(tests/reference/brokerage_expected.R, run after this script).

Run: /usr/bin/python3 tests/reference/gaps_expected.py
"""
import csv
import math
import os

import random

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
EXPECTED = os.path.join(FIXTURES, "expected")


def load(name):
    g = nx.Graph()
    with open(os.path.join(FIXTURES, name, "orgs.csv")) as f:
        for row in csv.DictReader(f):
            g.add_node(row["key"])
    with open(os.path.join(FIXTURES, name, "ties.csv")) as f:
        for row in csv.DictReader(f):
            g.add_edge(row["source"], row["target"], weight=float(row["weight"]))
    return g


def hierarchy(g, v, weight):
    contacts = [u for u in g[v] if u != v]
    n = len(contacts)
    if n < 2:
        return math.nan
    c = [nx.local_constraint(g, v, u, weight=weight) for u in contacts]
    total = sum(c)
    h = 0.0
    for cij in c:
        r = cij / (total / n)
        if r > 0:
            h += r * math.log(r)
    return h / (n * math.log(n))


def cut_off(g, v):
    component = nx.node_connected_component(g, v)
    rest = g.subgraph(component - {v})
    pieces = [len(p) for p in nx.connected_components(rest)]
    return len(component) - 1 - (max(pieces) if pieces else 0)


def bridge_cut_off(g, a, b):
    h = g.copy()
    h.remove_edge(a, b)
    return min(len(nx.node_connected_component(h, a)), len(nx.node_connected_component(h, b)))


def fmt(x):
    return "nan" if isinstance(x, float) and math.isnan(x) else repr(float(x))


def write_measures(name, g):
    c = nx.constraint(g)
    cw = nx.constraint(g, weight="weight")
    e = nx.effective_size(g)
    ew = nx.effective_size(g, weight="weight")
    points = set(nx.articulation_points(g))
    with open(os.path.join(EXPECTED, "gaps_%s.csv" % name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "constraint", "constraint_w", "effective_size", "effective_size_w",
                    "hierarchy", "hierarchy_w", "articulation", "cut_off"])
        for v in sorted(g.nodes()):
            w.writerow([v, fmt(c[v]), fmt(cw[v]), fmt(e[v]), fmt(ew[v]),
                        fmt(hierarchy(g, v, None)), fmt(hierarchy(g, v, "weight")),
                        1 if v in points else 0, cut_off(g, v) if v in points else -1])
    with open(os.path.join(EXPECTED, "gaps_%s_bridges.csv" % name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "cut_off"])
        rows = sorted(tuple(sorted(e)) for e in nx.bridges(g))
        for a, b in rows:
            w.writerow([a, b, bridge_cut_off(g, a, b)])
    with open(os.path.join(EXPECTED, "gaps_%s_separators.csv" % name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "size"])
        nodes = sorted(g.nodes())
        count = 0
        # Every 7th pair of non-adjacent orgs, up to 40 pairs: a spread of sizes.
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                if g.has_edge(a, b):
                    continue
                count += 1
                if count % 7 == 0 and count // 7 <= 40:
                    w.writerow([a, b, nx.node_connectivity(g, a, b)])


def write_missing(name, g):
    pairs = [(a, b) for a, b in nx.non_edges(g)]
    aa = {frozenset((a, b)): s for a, b, s in nx.adamic_adar_index(g, pairs)}
    ra = {frozenset((a, b)): s for a, b, s in nx.resource_allocation_index(g, pairs)}
    jc = {frozenset((a, b)): s for a, b, s in nx.jaccard_coefficient(g, pairs)}
    with open(os.path.join(EXPECTED, "gaps_%s_missing.csv" % name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "adamic_adar", "resource_allocation", "jaccard"])
        for a, b in sorted(tuple(sorted(p)) for p in pairs):
            key = frozenset((a, b))
            if ra[key] > 0:
                w.writerow([a, b, fmt(aa[key]), fmt(ra[key]), fmt(jc[key])])


def write_brokerage_fixture():
    rng = random.Random(20240601)
    out = os.path.join(FIXTURES, "brokerage")
    os.makedirs(out, exist_ok=True)
    orgs = [("c%02d" % i, "chapter") for i in range(1, 11)] + \
           [("u%02d" % i, "union") for i in range(1, 8)] + \
           [("n%02d" % i, "ngo") for i in range(1, 8)]
    keys = [k for k, _ in orgs]
    ties = []
    seen = set()
    while len(ties) < 70:
        a, b = rng.sample(keys, 2)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        ties.append([a, b, "partnership", 1, 1, 0 if rng.random() < 0.2 else 1])
    ties.append(ties[3][:2] + ["training"] + ties[3][3:])  # a parallel tie
    ties.append([ties[10][0], ties[10][1], "campaign", 1, 2, ties[10][5]])
    ties.append(["c01", "n07", "friction", -1, 1, 1])  # ignored without --signed
    with open(os.path.join(out, "orgs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "name", "kind"])
        for k, kind in orgs:
            w.writerow([k, k, kind])
    with open(os.path.join(out, "ties.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "target", "kind", "sign", "weight", "directed"])
        w.writerows(ties)


if __name__ == "__main__":
    os.makedirs(EXPECTED, exist_ok=True)
    write_brokerage_fixture()
    for name in ("florentine", "karate", "lesmis"):
        g = load(name)
        write_measures(name, g)
    write_missing("karate", load("karate"))
