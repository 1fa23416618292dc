#!/usr/bin/python3
"""Expected centrality values for tests/unit/test_centrality.c, computed by
NetworkX (Debian's python3-networkx, with python3-scipy for HITS and the
eigenvector), independently of coalition.

It also writes the fixture tests/fixtures/karate_mixed/: Zachary's karate
club with the twists a real coalition has, chosen by fixed arithmetic rules
on the endpoints (a, b) of NetworkX's edges:
  - friction ties: (7a + b) % 9 == 0 -> sign -1;
  - directed ties: (a + b) % 3 == 0 -> directed 1, written b -> a when a + b
    is even (so both orientations occur);
  - parallel ties: (a + b) % 11 == 0 -> a second, undirected "campaign" tie
    with weight 2 between the same orgs;
  - one org, "isolate", with no tie.

What coalition computes, and therefore what this script feeds NetworkX:
  - parallel ties between the same two orgs count as one tie whose weight is
    the sum of theirs; self-ties are dropped;
  - degree and strength count every tie of the view, friction included
    (strength sums the absolute weights);
  - every other measure uses only collaboration ties ("channels"), unless
    --signed is given, when friction ties are channels too (with their
    absolute weight);
  - hub and authority use a directed graph: a directed tie gives
    source -> target, an undirected tie both directions;
  - without --weighted every measure but strength ignores weights; with
    --weighted, path measures use 1/weight as the length of a tie, and
    eigenvector, PageRank, hub and authority use the weight itself.

Shortest paths are computed with exact fractions (1/weight as
fractions.Fraction), so that paths of equal length are recognised as equal
whatever the floating-point rounding.

Columns of tests/fixtures/expected/centrality_<name>.csv: key, then
<measure><variant> for every measure and variant, where the variant is ""
(defaults), "_w" (--weighted), "_n" (--normalized), "_wn" (both), "_s"
(--signed) and "_ws" (--signed --weighted).  Scalings:
  degree        G.degree();  _n: nx.degree_centrality
  strength      G.degree(weight="weight"), the same in every variant
  betweenness   nx.betweenness_centrality(normalized=False);  _n: normalized=True
  closeness     nx.closeness_centrality (wf_improved=True, its default), every variant
  harmonic      nx.harmonic_centrality;  _n: divided by n - 1
  eigenvector   nx.eigenvector_centrality_numpy (unit Euclidean norm) divided
                by its maximum;  _n: as NetworkX returns it
  pagerank      nx.pagerank(alpha=0.85), every variant
  coreness      nx.core_number, every variant
  hub authority nx.hits (sum 1) divided by the maximum;  _n: as NetworkX returns it

Run: /usr/bin/python3 tests/reference/centrality_expected.py
"""
import csv
import os
import warnings
from fractions import Fraction

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
NAMES = ["florentine", "karate", "lesmis", "karate_mixed"]
MEASURES = ["degree", "strength", "betweenness", "closeness", "harmonic",
            "eigenvector", "pagerank", "coreness", "hub", "authority"]
VARIANTS = {  # suffix: (weighted, normalized, signed)
    "": (False, False, False),
    "_w": (True, False, False),
    "_n": (False, True, False),
    "_wn": (True, True, False),
    "_s": (False, False, True),
    "_ws": (True, False, True),
}


def write_karate_mixed():
    out = os.path.join(FIXTURES, "karate_mixed")
    os.makedirs(out, exist_ok=True)
    g = nx.karate_club_graph()
    with open(os.path.join(out, "orgs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "name", "kind"])
        for node in g.nodes():
            w.writerow([str(node), str(node), "chapter" if node % 2 else "ngo"])
        w.writerow(["isolate", "isolate", "union"])
    with open(os.path.join(out, "ties.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "target", "kind", "sign", "weight", "directed"])
        for a, b, data in g.edges(data=True):
            sign = -1 if (7 * a + b) % 9 == 0 else 1
            directed = 1 if (a + b) % 3 == 0 else 0
            s, t = (b, a) if directed and (a + b) % 2 == 0 else (a, b)
            kind = "friction" if sign < 0 else "partnership"
            w.writerow([s, t, kind, sign, data.get("weight", 1), directed])
            if (a + b) % 11 == 0 and sign > 0:
                w.writerow([a, b, "campaign", 1, 2, 0])


def read_fixture(name):
    d = os.path.join(FIXTURES, name)
    with open(os.path.join(d, "orgs.csv"), newline="") as f:
        keys = [row["key"] for row in csv.DictReader(f)]
    with open(os.path.join(d, "ties.csv"), newline="") as f:
        ties = []
        for row in csv.DictReader(f):
            ties.append((row["source"], row["target"], int(row.get("sign") or 1),
                         int(row.get("weight") or 1), int(row.get("directed") or 0)))
    return keys, ties


def build(keys, ties, channels_only, signed, directed):
    """The graph coalition analyses: parallel ties merged, weights summed."""
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(keys)
    for s, t, sign, weight, tie_directed in ties:
        if s == t or (channels_only and sign < 0 and not signed):
            continue
        pairs = [(s, t)] if not directed or tie_directed else [(s, t), (t, s)]
        for u, v in pairs:
            if g.has_edge(u, v):
                g[u][v]["weight"] += weight
            else:
                g.add_edge(u, v, weight=weight)
    for u, v, data in g.edges(data=True):
        data["distance"] = Fraction(1, data["weight"])
    return g


def unweighted(g):
    h = g.__class__()
    h.add_nodes_from(g)
    h.add_edges_from(g.edges())
    return h


def scaled_to_max(values):
    top = max(values.values())
    return {k: v / top for k, v in values.items()}


def measures(keys, ties, weighted, normalized, signed):
    every = build(keys, ties, False, signed, False)
    chan = build(keys, ties, True, signed, False)
    dchan = build(keys, ties, True, signed, True)
    if not weighted:
        chan, dchan = unweighted(chan), unweighted(dchan)
    n = len(keys)
    dist = "distance" if weighted else None
    weight = "weight" if weighted else None
    r = {}
    r["degree"] = (nx.degree_centrality(every) if normalized
                   else dict(every.degree()))
    r["strength"] = dict(every.degree(weight="weight"))
    r["betweenness"] = nx.betweenness_centrality(chan, normalized=normalized,
                                                 weight=dist)
    r["closeness"] = nx.closeness_centrality(chan, distance=dist)
    harmonic = nx.harmonic_centrality(chan, distance=dist)
    r["harmonic"] = ({k: v / (n - 1) for k, v in harmonic.items()} if normalized
                     else harmonic)
    eig = nx.eigenvector_centrality_numpy(chan, weight=weight)
    r["eigenvector"] = eig if normalized else scaled_to_max(eig)
    r["pagerank"] = nx.pagerank(chan, alpha=0.85, weight=weight, tol=1e-15,
                                max_iter=100000)
    r["coreness"] = nx.core_number(chan)
    # nx.hits reads the "weight" attribute when present; unweighted() drops it.
    hubs, auths = nx.hits(dchan, tol=1e-15, max_iter=100000, normalized=True)
    r["hub"] = hubs if normalized else scaled_to_max(hubs)
    r["authority"] = auths if normalized else scaled_to_max(auths)
    return r


def main():
    # NetworkX 2.8 announces a change of adjacency_matrix's return type.
    warnings.filterwarnings("ignore", category=FutureWarning)
    write_karate_mixed()
    out_dir = os.path.join(FIXTURES, "expected")
    os.makedirs(out_dir, exist_ok=True)
    for name in NAMES:
        keys, ties = read_fixture(name)
        columns, tables = [], []
        for suffix, (weighted, normalized, signed) in VARIANTS.items():
            table = measures(keys, ties, weighted, normalized, signed)
            for m in MEASURES:
                columns.append(m + suffix)
                tables.append(table[m])
        with open(os.path.join(out_dir, "centrality_%s.csv" % name), "w",
                  newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["key"] + columns)
            for k in sorted(keys):
                w.writerow([k] + [repr(float(t[k])) for t in tables])


if __name__ == "__main__":
    main()
