#!/usr/bin/env python3
"""Prints the state table compiled into src/synth.c (`coalition synth`).

usage: synth_state_table.py us_state_centroids.csv us-states.geojson

For each of the 50 states and DC: postal code, name, centroid (Natural Earth
admin-1 points, from topojson/us-atlas state-centroids), a radius in degrees
of latitude of the disc with the state's land area (shoelace area of the
Census 2000 cartographic boundary polygons in d3's us-states.json, with
longitude scaled by cos(latitude)) and the same radius in degrees of
longitude at the centroid, and the 2020 Census resident population
in hundred thousands (US Census Bureau, 2020 Census apportionment results,
rounded) used as the weight that clusters chapters by population.
Coordinates are printed in units of 1e-5 degree so that synth needs no
floating point to place orgs, and its output is the same on every libc.
"""
import csv
import json
import math
import sys

POP_100K = {
    "AL": 50, "AK": 7, "AZ": 72, "AR": 30, "CA": 395, "CO": 58, "CT": 36, "DE": 10,
    "DC": 7, "FL": 215, "GA": 107, "HI": 15, "ID": 18, "IL": 128, "IN": 68, "IA": 32,
    "KS": 29, "KY": 45, "LA": 47, "ME": 14, "MD": 62, "MA": 70, "MI": 101, "MN": 57,
    "MS": 30, "MO": 62, "MT": 11, "NE": 20, "NV": 31, "NH": 14, "NJ": 93, "NM": 21,
    "NY": 202, "NC": 104, "ND": 8, "OH": 118, "OK": 40, "OR": 42, "PA": 130, "RI": 11,
    "SC": 51, "SD": 9, "TN": 69, "TX": 292, "UT": 33, "VT": 6, "VA": 86, "WA": 77,
    "WV": 18, "WI": 59, "WY": 6,
}


def ring_area(ring):
    """Area in square degrees of latitude, longitude scaled by cos(lat)."""
    lat0 = sum(p[1] for p in ring) / len(ring)
    k = math.cos(math.radians(lat0))
    s = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        s += (x0 * k) * y1 - (x1 * k) * y0
    return abs(s) / 2


def main():
    centroids = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    geo = json.load(open(sys.argv[2], encoding="utf-8"))
    area = {}
    for f in geo["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        a = 0.0
        for poly in polys:
            a += ring_area(poly[0]) - sum(ring_area(h) for h in poly[1:])
        area[f["id"]] = a
    for row in sorted(centroids, key=lambda r: r["postal"]):
        r = math.sqrt(area[row["state_fips"]] / math.pi)
        lat = float(row["latitude"])
        print('\t{"%s", "%s", %d, %d, %d, %d, %d},' % (
            row["postal"], row["name"], round(lat * 1e5), round(float(row["longitude"]) * 1e5),
            round(r * 1e5), round(r / math.cos(math.radians(lat)) * 1e5), POP_100K[row["postal"]]))


main()
