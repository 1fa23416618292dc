#!/usr/bin/python3
"""Per-source terms of the sampled betweenness estimate, for
tests/unit/test_centrality.c, computed from the definitions with NetworkX
(Debian's python3-networkx), independently of coalition's Brandes-style
accumulation.

coalition estimates betweenness from a set S of K sources drawn uniformly
from the n orgs as

    b(v) = n/K * sum_{s in S} row_s(v),
    row_s(v) = sum_{t != s, v} sigma_st(v) / sigma_st * f(d(s,v) / d(s,t)),

with Geisberger, Sanders and Schultes' scalings ("Better approximation of
betweenness centrality", ALENEX 2008): bisection f(x) = [x > 1/2] + [x = 1/2]/2
on unweighted views, linear f(x) = x on weighted ones (tie length 1/weight).

Here every term comes from the textbook identities, not from a recursion:
d(s,t) from NetworkX's shortest path lengths (exact fractions for 1/weight),
sigma_st the number of shortest s-t paths NetworkX lists
(nx.all_shortest_paths), and v lies on a shortest s-t path iff
d(s,v) + d(v,t) = d(s,t), when sigma_st(v) = sigma_sv * sigma_vt.  Each row
is written for every source s, so the test sums the rows of whichever
sources igraph's generator draws.  The script checks that the rows of all
sources sum to nx.betweenness_centrality (the estimate is unbiased: with
every org a source it is exact).

Files (tests/fixtures/expected/): centrality_<fixture>_<scaling>_by_source.csv,
a row per source, a column per org:
  karate    bisection  unweighted karate club
  lesmis    bisection  unweighted Les Miserables (paths up to 5 ties: pairs
                       whose midpoint is an org)
  karate_w  linear     karate club weighted (length 1/weight)
  lesmis_w  linear     Les Miserables weighted

Run: /usr/bin/python3 tests/reference/sampled_betweenness_expected.py
"""
import csv
import os
import sys
from fractions import Fraction

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from centrality_expected import FIXTURES, build, read_fixture, unweighted  # noqa: E402


def bisection(x):
    return Fraction(1) if x > Fraction(1, 2) else Fraction(1, 2) if x == Fraction(1, 2) else 0


def linear(x):
    return x


def rows(g, dist_attr, f):
    """row[s][v] as exact fractions."""
    d = dict(nx.all_pairs_dijkstra_path_length(g, weight=dist_attr)) if dist_attr \
        else dict(nx.all_pairs_shortest_path_length(g))
    d = {s: {t: Fraction(x) for t, x in ds.items()} for s, ds in d.items()}
    sigma = {}
    for s in g:
        sigma[s] = {}
        for t in d[s]:
            sigma[s][t] = 1 if s == t else \
                len(list(nx.all_shortest_paths(g, s, t, weight=dist_attr)))
    out = {}
    for s in g:
        row = {v: Fraction(0) for v in g}
        for t in d[s]:
            if t == s:
                continue
            for v in d[s]:
                if v in (s, t) or t not in d[v]:
                    continue
                if d[s][v] + d[v][t] == d[s][t]:
                    share = Fraction(sigma[s][v] * sigma[v][t], sigma[s][t])
                    row[v] += share * f(d[s][v] / d[s][t])
        out[s] = row
    return out


def write(name, suffix, weighted, f):
    keys, ties = read_fixture(name)
    g = build(keys, ties, True, False, False)
    if not weighted:
        g = unweighted(g)
    r = rows(g, "distance" if weighted else None, f)
    exact = nx.betweenness_centrality(g, normalized=False,
                                      weight="distance" if weighted else None)
    for v in g:
        total = sum(r[s][v] for s in g)
        assert abs(float(total) - exact[v]) <= 1e-9 * max(1.0, exact[v]), (name, v)
    order = sorted(keys)
    path = os.path.join(FIXTURES, "expected", "centrality_%s_%s_by_source.csv" % (suffix, f.__name__))
    with open(path, "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["source"] + order)
        for s in order:
            w.writerow([s] + [repr(float(r[s][v])) for v in order])


def main():
    write("karate", "karate", False, bisection)
    write("lesmis", "lesmis", False, bisection)
    write("karate", "karate_w", True, linear)
    write("lesmis", "lesmis_w", True, linear)


if __name__ == "__main__":
    main()
