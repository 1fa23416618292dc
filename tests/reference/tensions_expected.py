#!/usr/bin/python3
"""Independent expected values for the tensions tests (issue 4).

Run with Debian's /usr/bin/python3 (python3-networkx, python3-scipy) from the
repository root:  /usr/bin/python3 tests/reference/tensions_expected.py

It writes tests/fixtures/<name>/expected.json for:

- gahuku_gama: Read's Highland Tribes (Read 1954; Hage & Harary 1983, pp. 56-60),
  16 tribes, 58 ties (29 negative).  Edge list and signs from the KONECT
  "ucidata-gama" file (Kunegis 2013, konect.cc/networks/ucidata-gama), vertex
  order of UCINET's gama.dat (GAMAPOS/GAMANEG; names as in UCINET IV).
  Published: frustration index 7 (Aref & Wilson 2018, "Measuring partial
  balance in signed networks", J. Complex Networks 6(4):566-595) and the
  three-group partition of Hage & Harary (1983).  Here the frustration index
  is found by exhaustive enumeration of all 2^15 splits and again by a HiGHS
  integer program (scipy.optimize.milp); the minimum cluster error by the
  correlation-clustering integer program with triangle inequalities (HiGHS),
  and the Hage-Harary partition's own error is counted directly.
- random40: a random signed graph (40 orgs, seeded below) whose frustration
  index is computed by the HiGHS integer program, so that coalition's GLPK
  path (blocks larger than its branch-and-bound limit) meets an independent
  solver.

Triangle census counts come from networkx.enumerate_all_cliques (size 3).
"""
import itertools
import json
import os
import random

import networkx as nx
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")


def read_fixture(name):
    keys = []
    with open(os.path.join(ROOT, name, "orgs.csv")) as f:
        next(f)
        for line in f:
            keys.append(line.split(",")[0])
    ties = []
    with open(os.path.join(ROOT, name, "ties.csv")) as f:
        next(f)
        for line in f:
            a, b, _kind, sign = line.strip().split(",")[:4]
            ties.append((a, b, int(sign)))
    return keys, ties


def census(keys, ties):
    g = nx.Graph()
    g.add_nodes_from(keys)
    for a, b, s in ties:
        g.add_edge(a, b, sign=s)
    counts = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    for clique in nx.enumerate_all_cliques(g):
        if len(clique) < 3:
            continue
        if len(clique) > 3:
            break
        neg = sum(g[u][v]["sign"] < 0 for u, v in itertools.combinations(clique, 2))
        counts[["+++", "++-", "+--", "---"][neg]] += 1
    return counts


def frustration_milp(keys, ties):
    """Aref's formulation: x_v binary, f_e binary, two constraints per tie."""
    idx = {k: i for i, k in enumerate(keys)}
    n, m = len(keys), len(ties)
    c = np.concatenate([np.zeros(n), np.ones(m)])
    rows, lo = [], []
    for e, (a, b, s) in enumerate(ties):
        i, j = idx[a], idx[b]
        r1, r2 = np.zeros(n + m), np.zeros(n + m)
        r1[n + e] = r2[n + e] = 1
        if s > 0:
            r1[i], r1[j], r2[i], r2[j] = -1, 1, 1, -1
            lo += [0, 0]
        else:
            r1[i], r1[j], r2[i], r2[j] = -1, -1, 1, 1
            lo += [-1, 1]
        rows += [r1, r2]
    lb = np.zeros(n + m)
    ub = np.ones(n + m)
    ub[0] = 0  # fix one side
    res = milp(c, constraints=LinearConstraint(np.array(rows), np.array(lo), np.inf),
               integrality=np.ones(n + m), bounds=Bounds(lb, ub))
    assert res.status == 0, res.message
    return round(res.fun)


def frustration_exhaustive(keys, ties):
    idx = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    best, best_sets = None, []
    for mask in range(1 << (n - 1)):
        side = lambda v: (mask >> (idx[v] - 1)) & 1 if idx[v] > 0 else 0
        frustrated = [(a, b) for a, b, s in ties if (s > 0) != (side(a) == side(b))]
        if best is None or len(frustrated) < best:
            best, best_sets = len(frustrated), [frustrated]
        elif len(frustrated) == best:
            best_sets.append(frustrated)
    return best, best_sets


def cluster_error_milp(keys, ties):
    n = len(keys)
    idx = {k: i for i, k in enumerate(keys)}
    pairs = list(itertools.combinations(range(n), 2))
    pid = {p: i for i, p in enumerate(pairs)}
    c = np.zeros(len(pairs))
    const = 0
    for a, b, s in ties:
        i, j = sorted((idx[a], idx[b]))
        if s > 0:
            c[pid[(i, j)]] += 1
        else:
            c[pid[(i, j)]] -= 1
            const += 1
    rows = []
    for i, j, k in itertools.combinations(range(n), 3):
        a, b, d = pid[(i, j)], pid[(j, k)], pid[(i, k)]
        for x, y, z in ((a, b, d), (b, d, a), (d, a, b)):
            r = np.zeros(len(pairs))
            r[x], r[y], r[z] = 1, -1, -1
            rows.append(r)
    res = milp(c, constraints=LinearConstraint(np.array(rows), -np.inf, 0),
               integrality=np.ones(len(pairs)), bounds=Bounds(0, 1))
    assert res.status == 0, res.message
    return round(res.fun + const)


def cluster_error_of(partition, ties):
    where = {k: i for i, group in enumerate(partition) for k in group}
    return sum(1 for a, b, s in ties if (s > 0) != (where[a] == where[b]))


def write(name, data):
    with open(os.path.join(ROOT, name, "expected.json"), "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")


def gahuku_gama():
    keys, ties = read_fixture("gahuku_gama")
    value, sets = frustration_exhaustive(keys, ties)
    assert value == frustration_milp(keys, ties)
    hage_harary = [["gavev", "kotun", "nagad", "gama"],
                   ["ove", "alika", "gahuk", "masil", "ukudz", "geham", "asaro"],
                   ["nagam", "notoh", "kohik", "uheto", "seuve"]]
    write("gahuku_gama", {
        "source": "Read 1954; Hage & Harary 1983; KONECT ucidata-gama",
        "frustration": value,
        "published_frustration": 7,
        "optimal_splits": len(sets),
        "frustrated": sorted(sorted(p) for p in sets[0]) if len(sets) == 1 else None,
        "cluster_error": cluster_error_milp(keys, ties),
        "hage_harary_partition": hage_harary,
        "hage_harary_error": cluster_error_of(hage_harary, ties),
        "triangles": census(keys, ties),
    })


def random40():
    rng = random.Random(40)
    keys = ["r%02d" % i for i in range(40)]
    ties = []
    for i, j in itertools.combinations(range(40), 2):
        if rng.random() < 0.15:
            ties.append((keys[i], keys[j], 1 if rng.random() < 0.6 else -1))
    os.makedirs(os.path.join(ROOT, "random40"), exist_ok=True)
    with open(os.path.join(ROOT, "random40", "orgs.csv"), "w") as f:
        f.write("key,name,kind\n")
        for k in keys:
            f.write("%s,%s,other\n" % (k, k))
    with open(os.path.join(ROOT, "random40", "ties.csv"), "w") as f:
        f.write("source,target,kind,sign\n")
        for a, b, s in ties:
            f.write("%s,%s,%s,%d\n" % (a, b, "partnership" if s > 0 else "friction", s))
    write("random40", {
        "source": "tests/reference/tensions_expected.py (random.Random(40), p=0.15, 60% positive)",
        "frustration": frustration_milp(keys, ties),
        "triangles": census(keys, ties),
    })


if __name__ == "__main__":
    gahuku_gama()
    random40()
