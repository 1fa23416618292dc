#!/usr/bin/env python3
"""Expected node positions of `coalition render --dump-layout` for the circle and kinds
layouts of tests/fixtures/render, computed from the rules documented in
src/render_layout.h (where each layout puts an org) and include/coalition/render.h
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


nbrs = [[] for _ in range(n)]
for t in csv.DictReader(open(os.path.join(FIX, "ties.csv"), encoding="utf-8")):
    a, b = index[t["source"]], index[t["target"]]
    nbrs[a].append(b)
    nbrs[b].append(a)


def cmean(s, c):
    return math.atan2(s, c) if math.hypot(s, c) > 1e-12 else None


def kinds():
    """render_layout.h: rings by kind; the first ring in (parent, state, key) order from the top,
    each later ring sorted by the mean direction of its orgs' parent (weight 3) and tie
    partners (weight 1) on inner rings (else its slot in that first order), then turned by the
    mean direction of (target - slot)."""
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
    angle = [None] * n
    pos = [None] * n
    single = len(groups[0]) == 1
    for j, g in enumerate(groups):
        m = len(g)
        slot = lambda k: -math.pi / 2 + 2 * math.pi * k / m
        if j == 0:
            for k, v in enumerate(g):
                angle[v] = slot(k)
        else:
            target = {}
            for k, v in enumerate(g):
                s = c = 0.0
                p = parent(orgs[v])
                if p >= 0 and angle[p] is not None:
                    s += 3 * math.sin(angle[p])
                    c += 3 * math.cos(angle[p])
                for w in nbrs[v]:
                    if angle[w] is not None:
                        s += math.sin(angle[w])
                        c += math.cos(angle[w])
                t = cmean(s, c)
                target[v] = t if t is not None else math.atan2(math.sin(slot(k)), math.cos(slot(k)))
            rank = {v: k for k, v in enumerate(g)}
            g = sorted(g, key=lambda v: (target[v], rank[v]))
            s = sum(math.sin(target[v] - slot(k)) for k, v in enumerate(g))
            c = sum(math.cos(target[v] - slot(k)) for k, v in enumerate(g))
            turn = cmean(s, c) or 0.0
            for k, v in enumerate(g):
                angle[v] = slot(k) + turn
        radius = j + 1 - (1 if single else 0)
        for v in g:
            pos[v] = (radius * math.cos(angle[v]), radius * math.sin(angle[v]))
        if j == 0 and single:
            angle[g[0]] = None  # alone at the center: no direction
        groups[j] = g
    swap_pass(pos, groups)
    return pos


def orient(pos, a, b, c):
    v = ((pos[b][0] - pos[a][0]) * (pos[c][1] - pos[a][1]) -
         (pos[b][1] - pos[a][1]) * (pos[c][0] - pos[a][0]))
    return 0 if abs(v) < 1e-12 else (1 if v > 0 else -1)


def lines_cross(pos, s, t):
    if len({s[0], s[1], t[0], t[1]}) < 4:
        return False
    return (orient(pos, s[0], s[1], t[0]) * orient(pos, s[0], s[1], t[1]) < 0 and
            orient(pos, t[0], t[1], s[0]) * orient(pos, t[0], t[1], s[1]) < 0)


def swap_pass(pos, groups):
    """render_layout.h: neighbours on a ring (after the first) swap while the crossings of the lines
    (ties, then parent links) at them drop; up to 8 sweeps, stopping after one with no swap."""
    lines = []
    for t in csv.DictReader(open(os.path.join(FIX, "ties.csv"), encoding="utf-8")):
        a, b = index[t["source"]], index[t["target"]]
        if a != b:
            lines.append((a, b))
    for i, o in enumerate(orgs):
        if o["parent"]:
            lines.append((i, index[o["parent"]]))

    def local(a, b):
        s_set = [k for k, l in enumerate(lines) if a in l or b in l]
        done, count = set(), 0
        for s in s_set:
            done.add(s)
            count += sum(1 for t in range(len(lines)) if t not in done and lines_cross(pos, lines[s], lines[t]))
        return count
    for sweep in range(8):
        swapped = False
        for g in groups[1:]:
            for i in range(len(g) - 1):
                a, b = g[i], g[i + 1]
                before = local(a, b)
                pos[a], pos[b] = pos[b], pos[a]
                if local(a, b) < before:
                    g[i], g[i + 1] = b, a
                    swapped = True
                else:
                    pos[a], pos[b] = pos[b], pos[a]
        if not swapped:
            break


def page(pos, whole_rings=False):
    """render.h: the layout's box fits the plot area; render_layout.h: a kinds layout's box is
    the square of its outer ring (the rings are drawn whole), other layouts' the nodes'."""
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
    if whole_rings:
        r = max(math.hypot(x, y) for x, y in pos)
        lx0, lx1, ly0, ly1 = -r, r, -r, r
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
        json.dump(page(f(), whole_rings=name == "kinds"), out, indent=1)
        out.write("\n")
