#!/usr/bin/python3
"""NetworkX's sampled betweenness alone, within a time budget (issue 8's betweenness target).

usage: nx_betweenness.py PEER_DIR K BUDGET_SECONDS

Loads PEER_DIR/ties.csv as peer_networkx.py does, then runs what
nx.betweenness_centrality(G, k=K, seed=1) runs: for each of K sources drawn by
random.Random(1).sample, NetworkX's own single-source shortest paths and
dependency accumulation (networkx.algorithms.centrality.betweenness, 2.8),
followed by its rescaling.  Used when peer_networkx.py does not finish within
the benchmark's timeout at the large size: rather than give only a lower bound,
it stops after BUDGET_SECONDS and reports how many sources it did, the time
spent and the projection to K sources (the work per source is independent of
the others, so the total is linear in K).  Prints one line:
  load=S betweenness=S sources=K              (finished)
  load=S spent=S sources=k projected=S        (stopped at the budget)
"""
import csv
import random
import sys
import time

import networkx as nx
from networkx.algorithms.centrality import betweenness as nxb


def main():
    d, k, budget = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    t0 = time.perf_counter()
    G = nx.Graph()
    with open(d + "/orgs.csv") as f:
        r = csv.reader(f)
        next(r)
        for o in r:
            G.add_node(int(o[0]), name=o[1], kind=o[2])
    with open(d + "/ties.csv") as f:
        r = csv.reader(f)
        next(r)
        for a, b, kind, sign, w, y in r:
            G.add_edge(int(a), int(b), weight=float(w), sign=int(sign))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    betweenness = dict.fromkeys(G, 0.0)
    nodes = random.Random(1).sample(list(G.nodes()), k)   # what seed=1 gives NetworkX's py_random_state
    done = 0
    for s in nodes:
        S, P, sigma, _ = nxb._single_source_shortest_path_basic(G, s)
        betweenness, _ = nxb._accumulate_basic(betweenness, S, P, sigma, s)
        done += 1
        if time.perf_counter() - t0 > budget and done < k:
            spent = time.perf_counter() - t0
            print("load=%.2f spent=%.2f sources=%d projected=%.2f" % (load, spent, done, spent * k / done))
            return
    nxb._rescale(betweenness, len(G), normalized=True, directed=False, k=k, endpoints=False)
    print("load=%.2f betweenness=%.2f sources=%d" % (load, time.perf_counter() - t0, k))


main()
