#!/usr/bin/python3
"""python-igraph's Louvain on a peer directory, for hubs_bench.py.

usage: hubs_igraph.py DIR SEED...

Reads DIR/orgs.csv and DIR/ties.csv (the peers' layout: ids 0..n-1, a sign and a weight per
tie), keeps the collaboration ties (sign > 0: `coalition communities` leaves friction out), and
runs community_multilevel(weights) once per seed (Python's random module drives python-igraph's
generator).  Prints one line per seed: seed=S seconds=WALL cpu=CPU modularity=Q communities=K.
"""
import csv
import random
import sys
import time

import igraph


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    d = sys.argv[1]
    with open(d + "/orgs.csv", newline="") as f:
        n = sum(1 for _ in f) - 1
    edges, weights = [], []
    with open(d + "/ties.csv", newline="") as f:
        for r in csv.DictReader(f):
            if int(r["sign"]) > 0:
                edges.append((int(r["source"]), int(r["target"])))
                weights.append(float(r["weight"]))
    g = igraph.Graph(n=n, edges=edges)
    for seed in sys.argv[2:]:
        random.seed(int(seed))
        t0, c0 = time.time(), time.process_time()
        cl = g.community_multilevel(weights=weights)
        wall, cpu = time.time() - t0, time.process_time() - c0
        print("seed=%s seconds=%.3f cpu=%.3f modularity=%.6f communities=%d"
              % (seed, wall, cpu, g.modularity(cl.membership, weights=weights), len(cl)), flush=True)


main()
