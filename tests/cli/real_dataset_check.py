#!/usr/bin/env python3
"""Independent expectations for tests/cli/test_real_dataset.sh.

usage: real_dataset_check.py counts RAW_DIR GEO_DIR
           prints "orgs ties events sources city state": what importing the
           conversion of RAW_DIR must give, counted from the raw CSV files
       real_dataset_check.py inside DUMP_JSON GEO_DIR KEY=ST ...
           checks that each org KEY is drawn inside state ST's outline

Counts come from the raw files with Python's csv module, not from coalition's
output.  Placement ("city" or "state") is decided here by the rule of the
import's help and src/import_places.c -- a city of the org's state in GeoNames'
cities of 15,000+ people, else the state's point -- with GeoNames read through
libgeonames by ctypes and names folded with Python's unicodedata (not GLib).

The map check projects datasets/geo/us-states.geojson with d3's geoAlbersUsa
as d3-geo documents it (conic equal-area; lower 48: parallels 29.5/45.5,
rotate 96, center -0.6/38.7, scale 1070, translate 480/250; Alaska scale
0.35x at 154/-2/58.5 with parallels 55/65; Hawaii 157/-3/19.9 with parallels
8/18), applies the dump's frame transform (scale, tx, ty) and tests the
node's pixel position by ray casting.
"""
import csv
import ctypes
import ctypes.util
import json
import math
import os
import re
import sys
import unicodedata


def rows(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def fold(text, expand=False):
    """Lower-case ASCII words; city names also spell St./Mt./Ft. out."""
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode().lower()
    text = text.replace("'", '')
    words = re.sub(r'[^a-z0-9]+', ' ', text).split()
    long = {'st': 'saint', 'ste': 'sainte', 'mt': 'mount', 'ft': 'fort'} if expand else {}
    return ' '.join(long.get(w, w) for w in words)


# State names and codes: the 50 states and DC from the shipped centroids, and
# the rest of what DESIGN.md section 3 lists.
def state_table(geo_dir):
    table = {r['postal']: r['name'] for r in rows(os.path.join(geo_dir, 'us_state_centroids.csv'))}
    table.update({'PR': 'Puerto Rico', 'GU': 'Guam', 'VI': 'Virgin Islands',
                  'AS': 'American Samoa', 'MP': 'Northern Mariana Islands'})
    canada = {'AB': 'Alberta', 'BC': 'British Columbia', 'MB': 'Manitoba',
              'NB': 'New Brunswick', 'NL': 'Newfoundland and Labrador', 'NS': 'Nova Scotia',
              'NT': 'Northwest Territories', 'NU': 'Nunavut', 'ON': 'Ontario',
              'PE': 'Prince Edward Island', 'QC': 'Quebec', 'SK': 'Saskatchewan', 'YT': 'Yukon'}
    return table, canada


def state_code(text, table, canada):
    f = fold(text)
    for code, name in list(table.items()) + list(canada.items()):
        if f == code.lower() or f == fold(name):
            return code
    return None


def gazetteer(table, canada):
    """{(state code, folded name)} of GeoNames' US, Canadian and territorial cities."""
    lib = ctypes.CDLL(ctypes.util.find_library('geonames') or 'libgeonames.so.0')
    lib.geonames_get_n_cities.restype = ctypes.c_int
    lib.geonames_get_city.restype = ctypes.c_void_p
    lib.geonames_get_city.argtypes = [ctypes.c_int]
    for what in ('name', 'state', 'country_code'):
        f = getattr(lib, 'geonames_city_get_' + what)
        f.restype = ctypes.c_char_p
        f.argtypes = [ctypes.c_void_p]
    lib.geonames_city_free.argtypes = [ctypes.c_void_p]
    names = set()
    for i in range(lib.geonames_get_n_cities()):
        city = lib.geonames_get_city(i)
        name = lib.geonames_city_get_name(city).decode()
        state = (lib.geonames_city_get_state(city) or b'').decode()
        country = lib.geonames_city_get_country_code(city).decode()
        lib.geonames_city_free(city)
        if country in ('PR', 'GU', 'VI', 'AS', 'MP'):
            code = country
        elif country in ('US', 'CA'):
            state = state[len('State of '):] if state.startswith('State of ') else state
            state = 'Yukon' if state == 'Yukon Territory' else state
            code = state_code(state, table if country == 'US' else {}, canada if country == 'CA' else {})
            if not code:
                continue
        else:
            continue
        names.add((code, fold(name, True)))
        head = name.split(',')[0] if ',' in name else (name[:-5] if name.endswith(' D.C.') else None)
        if head:
            names.add((code, fold(head, True)))
    return names


def counts(raw, geo_dir):
    a = rows(os.path.join(raw, 'afscme_directory_councils_locals.csv'))
    w = rows(os.path.join(raw, 'womens_march_2017_crowd_estimates.csv'))
    g = rows(os.path.join(raw, 'irs990_schedule_i_sample_grantees.csv'))
    s = rows(os.path.join(raw, 'irs990_sample_sponsors.csv'))
    ein = lambda x: x.strip().zfill(9)
    named = [x for x in g if x['BusinessNameLine1Txt'].strip() and x['RecipientEIN'].strip()]
    grantees = {}
    for x in named:
        grantees.setdefault(ein(x['RecipientEIN']), x)
    sponsors = {ein(x['EIN']): x for x in s}
    # (city, state as written) of every org: the international (Washington, DC),
    # each directory row (its address, else the state page), each filer and grantee.
    places = [('Washington', 'DC')]
    places += [(x['parsed_city'], x['parsed_state'] or x['state']) for x in a]
    places += [(x['CityNm'], x['StateAbbreviationCd']) for x in sponsors.values()]
    places += [(x['CityNm'], x['StateAbbreviationCd'])
               for e, x in grantees.items() if e not in sponsors]
    table, canada = state_table(geo_dir)
    cities = gazetteer(table, canada)
    city = state = 0
    for name, st in places:
        code = state_code(st, table, canada)
        assert code, st
        if name and ((code, fold(name, True)) in cities or
                     (code, fold(name, True) + ' city') in cities):
            city += 1
        else:
            state += 1
    ties = len({(x['Sponsor'], x['RecipientEIN'], x['TAXYEAR']) for x in named})
    sources = 4 + len({x[c].strip() for x in w for c in ('source', 'source2', 'source3')
                       if x[c].strip()})
    print(len(places), ties, len(w), sources, city, state)


# ---- d3.geoAlbersUsa -------------------------------------------------------

def conic(parallels, rotate, center, k, tx, ty):
    p0, p1 = (math.radians(v) for v in parallels)
    n = (math.sin(p0) + math.sin(p1)) / 2
    c = 1 + math.sin(p0) * (2 * n - math.sin(p0))
    r0 = math.sqrt(c) / n

    def raw(lam, phi):
        r = math.sqrt(c - 2 * n * math.sin(phi)) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)

    cx, cy = raw(math.radians(center[0]), math.radians(center[1]))

    def project(lon, lat):
        lam = (lon + rotate + 540) % 360 - 180
        x, y = raw(math.radians(lam), math.radians(lat))
        return tx + k * (x - cx), ty - k * (y - cy)
    return project


K, TX, TY = 1070, 480, 250
LOWER48 = conic((29.5, 45.5), 96, (-0.6, 38.7), K, TX, TY)
ALASKA = conic((55, 65), 154, (-2, 58.5), K * 0.35, TX - 0.307 * K, TY + 0.201 * K)
HAWAII = conic((8, 18), 157, (-3, 19.9), K, TX - 0.205 * K, TY + 0.212 * K)


def inside(point, ring):
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def check_inside(dump_path, geo_dir, pairs):
    dump = json.load(open(dump_path, encoding='utf-8'))
    t = dump['transform']
    nodes = {n['key']: n for n in dump['nodes']}
    fips = {r['postal']: r['state_fips'] for r in rows(os.path.join(geo_dir, 'us_state_centroids.csv'))}
    features = {f['id']: f for f in json.load(open(os.path.join(geo_dir, 'us-states.geojson')))['features']}
    failed = 0
    for pair in pairs:
        key, st = pair.split('=')
        proj = ALASKA if st == 'AK' else HAWAII if st == 'HI' else LOWER48
        geom = features[fips[st]]['geometry']
        polygons = geom['coordinates'] if geom['type'] == 'MultiPolygon' else [geom['coordinates']]
        node = nodes.get(key)
        if not node:
            print('FAIL: %s is not on the map' % key)
            failed += 1
            continue
        point = (node['x'], node['y'])
        hit = False
        for polygon in polygons:
            ring = [proj(lon, lat) for lon, lat in polygon[0]]
            ring = [(t['tx'] + t['scale'] * x, t['ty'] + t['scale'] * y) for x, y in ring]
            hit = hit or inside(point, ring)
        if not hit:
            print('FAIL: %s at (%.1f, %.1f) is not inside %s' % (key, point[0], point[1], st))
            failed += 1
    return 1 if failed else 0


if __name__ == '__main__':
    if sys.argv[1] == 'counts':
        counts(sys.argv[2], sys.argv[3])
    else:
        sys.exit(check_inside(sys.argv[2], sys.argv[3], sys.argv[4:]))
