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
       render_check.py geo-land DUMP GEOJSON[,GEOJSON] CENTROIDS_CSV [TOLERANCE_PX]
       render_check.py extent DUMP GEOJSON FIPS
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
# Puerto Rico's inset as src/render_layout.h documents it
PUERTO_RICO = conic(8, 18, 66, (0, 18), K, TX + 0.35 * K, TY + 0.224 * K)
PROJ_BY_FIPS = {"02": ALASKA, "15": HAWAII, "72": PUERTO_RICO}


def page_rings(geojson, t, only=None):
    """Every outline of the GeoJSON files (a comma-separated list) projected here and put on the
    page by the dump's transform: {id: [ring, ...]} (a US state's FIPS code, a Canadian province's
    postal code: Canada is projected with the contiguous states' conic, as render_layout.h says)."""
    out = {}
    for f in (f for g in geojson.split(",") for f in json.load(open(g))["features"]):
        if only and f["id"] != only:
            continue
        proj = PROJ_BY_FIPS.get(f["id"], LOWER48)
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        out[f["id"]] = [[(t["tx"] + t["scale"] * x, t["ty"] + t["scale"] * y)
                         for x, y in (proj(*p) for p in r)] for poly in polys for r in poly]
    return out


def seg_dist(px, py, a, b):
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    L = dx * dx + dy * dy
    t = 0 if L == 0 else max(0, min(1, ((px - x1) * dx + (py - y1) * dy) / L))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def geo_land(dump, geojson, fips_csv, tolerance="4"):
    """No node off the canvas; every node on land (inside an outline projected here from the
    GeoJSON) or within `tolerance` pixels of one; every org placed by state inside its own
    state's outline."""
    d = json.load(open(dump))
    t = d["transform"]
    rings = page_rings(geojson, t)
    fips = {r[0]: r[1] for r in (l.split(",") for l in open(fips_csv).read().split("\n")[1:] if l)}
    allr = [r for rs in rings.values() for r in rs]
    worst = 0
    for n in d["nodes"]:
        if not (0 <= n["x"] <= d["width"] and 0 <= n["y"] <= d["height"]):
            fail("%s is off the canvas at (%.1f, %.1f)" % (n["key"], n["x"], n["y"]))
        if n.get("placed") == "none":
            continue
        if sum(inside(n["x"], n["y"], r) for r in allr) % 2 == 1:
            continue
        dist = min(seg_dist(n["x"], n["y"], r[i - 1], r[i]) for r in allr for i in range(len(r)))
        worst = max(worst, dist)
        if dist > float(tolerance):
            fail("%s is in the sea, %.1f px off the land" % (n["key"], dist))
        if n.get("placed") == "state":
            fail("%s, placed by its state, is outside it" % n["key"])
    for n in d["nodes"]:
        if n.get("placed") == "state":
            own = rings[fips.get(n["state"], n["state"])]
            if sum(inside(n["x"], n["y"], r) for r in own) % 2 != 1:
                fail("%s is not inside %s" % (n["key"], n["state"]))
    print("geo land: %d nodes on the canvas, on land (worst %.2f px off)" % (len(d["nodes"]), worst))


def extent(dump, geojson, fips):
    """A one-state view: the state's outline is inside the plot and fills it along one axis
    (at least 80%), and every node is inside the state's bounding box."""
    d = json.load(open(dump))
    rs = page_rings(geojson, d["transform"], fips)[fips]
    xs = [x for r in rs for x, _ in r]
    ys = [y for r in rs for _, y in r]
    p = d["plot"]
    if min(xs) < p["x0"] - 1e-6 or max(xs) > p["x1"] + 1e-6 or min(ys) < p["y0"] - 1e-6 or max(ys) > p["y1"] + 1e-6:
        fail("state %s is not inside the plot" % fips)
    fill = max((max(xs) - min(xs)) / (p["x1"] - p["x0"]), (max(ys) - min(ys)) / (p["y1"] - p["y0"]))
    if fill < 0.8:
        fail("state %s fills only %.0f%% of the plot" % (fips, 100 * fill))
    for n in d["nodes"]:
        if not (min(xs) - n["r"] <= n["x"] <= max(xs) + n["r"] and min(ys) - n["r"] <= n["y"] <= max(ys) + n["r"]):
            fail("%s is outside state %s's box" % (n["key"], fips))
    print("extent: state %s fills %.0f%% of the plot" % (fips, 100 * fill))


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
    proj = PROJ_BY_FIPS.get(fips, LOWER48)
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
     "geo-land": lambda: geo_land(*a[1:5]),
     "extent": lambda: extent(a[1], a[2], a[3]),
     "geo": lambda: geo(*a[1:8])}[a[0]]()
