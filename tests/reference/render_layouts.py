#!/usr/bin/env python3
"""Expected node positions of `coalition render --dump-layout` for the circle and kinds
layouts of tests/fixtures/render, computed from the rules documented in
include/coalition/layout.h (where each layout puts an org) and include/coalition/render.h
(how the page is divided and how layout units become output units), without running
coalition.  Writes tests/fixtures/render/expected_{circle,kinds}.json.

Run: /usr/bin/python3 tests/reference/render_layouts.py
"""
import csv, json, math, os

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures", "render")
W, H = 800, 600          # --width 800 --height 600, default --dpi 96: u = 96 / 72 (any format)
RINGS = ["national", "coalition", "funder", "ngo", "union", "community", "other", "chapter"]

orgs = sorted(csv.DictReader(open(os.path.join(FIX, "orgs.csv"), encoding="utf-8")),
              key=lambda o: o["key"].encode("utf-8"))  # network.h: orgs ordered by key
index = {o["key"]: i for i, o in enumerate(orgs)}
n = len(orgs)
degree = [0] * n
for t in csv.DictReader(open(os.path.join(FIX, "ties.csv"), encoding="utf-8")):
    degree[index[t["source"]]] += 1
    degree[index[t["target"]]] += 1


def circle():
    return [(math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i in range(n)]


def kinds():
    def ring(o):
        return RINGS.index(o["kind"]) if o["kind"] in RINGS else len(RINGS)

    def parent(o):
        return index[o["parent"]] if o["parent"] else -1
    order = sorted(range(n), key=lambda i: (ring(orgs[i]), parent(orgs[i]), orgs[i]["state"],
                                            orgs[i]["key"].encode("utf-8"), i))
    groups = []
    for i in order:
        if groups and ring(orgs[groups[-1][0]]) == ring(orgs[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    pos = [None] * n
    single = len(groups[0]) == 1
    for j, g in enumerate(groups):
        radius = j + 1 - (1 if single else 0)
        for k, v in enumerate(g):
            t = -math.pi / 2 + 2 * math.pi * k / len(g)
            pos[v] = (radius * math.cos(t), radius * math.sin(t))
    return pos


def page(pos):
    u = 96 / 72
    x0, x1 = 12 * u, W - 12 * u - min(210 * u, W / 3)
    y0, y1 = 12 * u + 54 * u, H - 12 * u - 30 * u
    pw, ph = x1 - x0, y1 - y0
    rmax = u * min(max(0.4 * math.sqrt(pw * ph / (u * u) / n), 1.5), 14)
    rmin = max(rmax / 4, 0.75 * u)
    pad = rmax + 2 * u
    aw, ah = pw - 2 * pad, ph - 2 * pad
    lx0, lx1 = min(p[0] for p in pos), max(p[0] for p in pos)
    ly0, ly1 = min(p[1] for p in pos), max(p[1] for p in pos)
    s = min(aw / (lx1 - lx0), ah / (ly1 - ly0))
    tx = x0 + pad + (aw - s * (lx1 - lx0)) / 2 - s * lx0
    ty = y0 + pad + (ah - s * (ly1 - ly0)) / 2 - s * ly0
    lo, hi = min(degree), max(degree)
    nodes = []
    for i, (x, y) in enumerate(pos):
        t = (degree[i] - lo) / (hi - lo) if hi > lo else 0.5
        nodes.append({"key": orgs[i]["key"], "x": tx + s * x, "y": ty + s * y,
                      "r": rmin + (rmax - rmin) * math.sqrt(t)})
    return {"width": W, "height": H, "nodes": nodes}


for name, f in (("circle", circle), ("kinds", kinds)):
    with open(os.path.join(FIX, "expected_%s.json" % name), "w") as out:
        json.dump(page(f()), out, indent=1)
        out.write("\n")
