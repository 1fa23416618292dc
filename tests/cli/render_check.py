#!/usr/bin/env python3
"""Checks of `coalition render` output for tests/cli/test_render.sh, written independently of
the C code: file formats are read with the standard library (PNG chunks, PDF text, SVG through
xml.etree), and the geo check re-implements the Albers USA projection (d3-geo's geoAlbersUsa:
conic equal-area, spherical formulas, same parameters) to say where an org must be drawn.

usage: render_check.py png|svg|pdf FILE W H
       render_check.py compare DUMP EXPECTED
       render_check.py labels DUMP
       render_check.py priority DUMP [KEY,...] [TOP]
       render_check.py same-labels DUMP DUMP
       render_check.py svg-text SVG DUMP
       render_check.py legend DUMP KIND,KIND,...
       render_check.py geo DUMP GEOJSON KEY LON LAT POSTAL FIPS
Exits 1 with a message on the first failed check.
"""
import json, math, re, struct, sys
import xml.etree.ElementTree as ET


def fail(msg):
    sys.exit("render_check: " + msg)


def check_png(path, w, h):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s is not a PNG" % path)
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR":
        fail("%s: first chunk is %r, not IHDR" % (path, kind))
    pw, ph = struct.unpack(">II", data[16:24])
    if (pw, ph) != (w, h):
        fail("%s is %dx%d, not %dx%d" % (path, pw, ph, w, h))


def check_svg(path, w, h):
    root = ET.parse(path).getroot()
    if not root.tag.endswith("svg"):
        fail("%s: root element is %s" % (path, root.tag))
    def number(v):
        return float(re.match(r"[0-9.]+", v).group(0))
    if (number(root.get("width")), number(root.get("height"))) != (w, h):
        fail("%s: size %s x %s, not %d x %d" % (path, root.get("width"), root.get("height"), w, h))
    if len(list(root.iter())) < 20:
        fail("%s: almost empty" % path)


def check_pdf(path, w, h):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF-"):
        fail("%s is not a PDF" % path)
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\]", data)
    if not boxes:
        fail("%s: no MediaBox" % path)
    for b in boxes:
        x0, y0, x1, y1 = (float(v) for v in b)
        if (x1 - x0, y1 - y0) != (w, h):
            fail("%s: MediaBox %s, not %d x %d" % (path, b, w, h))
    if b"%%EOF" not in data[-32:]:
        fail("%s: truncated" % path)


def compare(dump, expected):
    got, want = json.load(open(dump)), json.load(open(expected))
    if (got["width"], got["height"]) != (want["width"], want["height"]):
        fail("size differs")
    g = {n["key"]: n for n in got["nodes"]}
    if sorted(g) != sorted(n["key"] for n in want["nodes"]):
        fail("node keys differ: %s" % sorted(g))
    for n in want["nodes"]:
        for f in ("x", "y", "r"):
            if abs(g[n["key"]][f] - n[f]) > 1e-6:
                fail("%s.%s = %r, expected %r" % (n["key"], f, g[n["key"]][f], n[f]))


def labels(dump):
    """Labels inside the page, no two overlapping; a label overlaps no org's dot, except a
    forced one (asked for or a hub, drawn with a halo), which may sit over the dots of orgs
    without a forced label but never over another forced org's dot or its own."""
    d = json.load(open(dump))
    ls, ns = d["labels"], d["nodes"]
    if d["labels_asked"] != len(ls) + d["labels_dropped"]:
        fail("asked %d != drawn %d + dropped %d" % (d["labels_asked"], len(ls), d["labels_dropped"]))
    forced = {l["key"] for l in ls if l.get("forced")}
    for l in ls:
        if not (0 <= l["x0"] < l["x1"] <= d["width"] and 0 <= l["y0"] < l["y1"] <= d["height"]):
            fail("label %s off the page" % l["key"])
    for i, a in enumerate(ls):
        for b in ls[i + 1:]:
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]:
                fail("labels %s and %s overlap" % (a["key"], b["key"]))
        for n in ns:
            if a.get("forced") and n["key"] not in forced and n["key"] != a["key"]:
                continue
            dx = max(a["x0"] - n["x"], 0, n["x"] - a["x1"])
            dy = max(a["y0"] - n["y"], 0, n["y"] - a["y1"])
            if dx * dx + dy * dy < n["r"] * n["r"]:
                fail("label %s overlaps org %s" % (a["key"], n["key"]))
    print("labels: %d drawn, %d dropped, none overlapping" % (len(ls), d["labels_dropped"]))


def priority(dump, asked="", top="10"):
    """Every asked-for key and every org of the top `top` of the size measure (ties broken by
    key, as the size legend's measure is dumped per node) has a drawn label."""
    d = json.load(open(dump))
    drawn = {l["key"] for l in d["labels"]}
    ranked = sorted(d["nodes"], key=lambda n: (-n.get("size", float("-inf")), n["key"].encode()))
    want = [n["key"] for n in ranked[:int(top)]] + [k for k in asked.split(",") if k]
    missing = [k for k in want if k not in drawn]
    if missing:
        fail("no label for %s (drawn: %s)" % (missing, sorted(drawn)))
    print("priority: %d wanted labels drawn" % len(want))


def same_labels(a, b):
    """Two dumps of one command in two formats place the same labels at the same boxes."""
    la = sorted((l["key"], round(l["x0"], 3), round(l["y0"], 3)) for l in json.load(open(a))["labels"])
    lb = sorted((l["key"], round(l["x0"], 3), round(l["y0"], 3)) for l in json.load(open(b))["labels"])
    if la != lb:
        fail("labels differ: %s only in %s, %s only in %s" %
             (sorted(set(la) - set(lb))[:5], a, sorted(set(lb) - set(la))[:5], b))
    print("same labels: %d" % len(la))


def svg_text(svg, dump):
    """The SVG parses, and its <text> elements hold the title and every drawn label."""
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
    d = json.load(open(dump))
    title = [t["text"] for t in d["texts"] if t["role"] == "title"]
    if not title or title[0] not in texts:
        fail("%s: no <text> with the title %r" % (svg, title))
    missing = [l["text"] for l in d["labels"] if l["text"] not in texts]
    if missing:
        fail("%s: labels not kept as text: %s" % (svg, missing[:5]))
    if root.find(ns + "title") is None or root.find(ns + "title").text != title[0]:
        fail("%s: the document's <title> is not the map's title" % svg)
    print("svg text: title and %d labels as <text>" % len(d["labels"]))


def legend(dump, kinds):
    d = json.load(open(dump))
    got = sorted(e["label"] for e in d["legend"] if e["section"] == "color")
    if got != sorted(kinds.split(",")):
        fail("legend colors %s, expected %s" % (got, sorted(kinds.split(","))))


# --- Albers USA, after d3-geo (albersUsa.js, conicEqualArea.js, projection/index.js) ---
def conic(par0, par1, rotate, center, k, tx, ty):
    sy0 = math.sin(math.radians(par0))
    n = (sy0 + math.sin(math.radians(par1))) / 2
    c = 1 + sy0 * (2 * n - sy0)
    r0 = math.sqrt(c) / n
    def raw(lam, phi):
        r = math.sqrt(c - 2 * n * math.sin(phi)) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)
    cx, cy = raw(math.radians(center[0]), math.radians(center[1]))
    def project(lon, lat):
        lam = (lon + rotate + 180) % 360 - 180
        x, y = raw(math.radians(lam), math.radians(lat))
        return tx + k * (x - cx), ty - k * (y - cy)
    return project


K, TX, TY = 1070, 480, 250
LOWER48 = conic(29.5, 45.5, 96, (-0.6, 38.7), K, TX, TY)
ALASKA = conic(55, 65, 154, (-2, 58.5), 0.35 * K, TX - 0.307 * K, TY + 0.201 * K)
HAWAII = conic(8, 18, 157, (-3, 19.9), K, TX - 0.205 * K, TY + 0.212 * K)


def inside(x, y, ring):
    hit = False
    for i in range(len(ring)):
        (x1, y1), (x2, y2) = ring[i], ring[i - 1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def geo(dump, geojson, key, lon, lat, postal, fips):
    d = json.load(open(dump))
    node = [n for n in d["nodes"] if n["key"] == key][0]
    t = d["transform"]
    proj = ALASKA if postal == "AK" else HAWAII if postal == "HI" else LOWER48
    fx, fy = proj(float(lon), float(lat))
    px, py = t["tx"] + t["scale"] * fx, t["ty"] + t["scale"] * fy
    if abs(px - node["x"]) > 1e-6 or abs(py - node["y"]) > 1e-6:
        fail("%s drawn at (%r, %r); Albers USA puts it at (%r, %r)" % (key, node["x"], node["y"], px, py))
    # inside the state's outline as dumped by coalition ...
    outline = [o for o in d["outlines"] if o["state"] == postal]
    if not outline or sum(inside(node["x"], node["y"], r) for r in outline[0]["rings"]) % 2 != 1:
        fail("%s is not inside the dumped outline of %s" % (key, postal))
    # ... and inside the outline projected here from the GeoJSON file
    feature = [f for f in json.load(open(geojson))["features"] if f["id"] == fips][0]
    g = feature["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    rings = [[(t["tx"] + t["scale"] * x, t["ty"] + t["scale"] * y) for x, y in (proj(*p) for p in r)]
             for poly in polys for r in poly]
    if sum(inside(node["x"], node["y"], r) for r in rings) % 2 != 1:
        fail("%s is not inside %s as projected from %s" % (key, postal, geojson))
    print("geo: %s at (%.2f, %.2f) inside %s" % (key, node["x"], node["y"], postal))


if __name__ == "__main__":
    a = sys.argv[1:]
    {"png": lambda: check_png(a[1], int(a[2]), int(a[3])),
     "svg": lambda: check_svg(a[1], int(a[2]), int(a[3])),
     "pdf": lambda: check_pdf(a[1], int(a[2]), int(a[3])),
     "compare": lambda: compare(a[1], a[2]),
     "labels": lambda: labels(a[1]),
     "legend": lambda: legend(a[1], a[2]),
     "priority": lambda: priority(*a[1:4]),
     "same-labels": lambda: same_labels(a[1], a[2]),
     "svg-text": lambda: svg_text(a[1], a[2]),
     "geo": lambda: geo(*a[1:8])}[a[0]]()
