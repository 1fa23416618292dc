#!/usr/bin/python3
"""Checks files written by `coalition export` with independent readers:
NetworkX's read_graphml and read_gexf, python-igraph's Read_GML and the
JSON export, against the store they came from, read here with Python's
sqlite3 (the expected values).

usage: check_export.py STORE DIR   (DIR holds x.graphml, x.gexf, x.gml, x.json)
Prints one line per failed check and exits 1 if any failed.
"""
import json
import math
import re
import sqlite3
import sys
import warnings
from collections import Counter

import igraph
import networkx as nx

db, out_dir = sys.argv[1], sys.argv[2]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)


# Expected orgs: key -> attributes as the export promises them (absent values left out).
orgs = {}
for row in con.execute(
        "SELECT o.key, o.name, o.kind, p.key, o.country, o.state, o.city, o.lat, o.lon, o.placed,"
        " o.founded, o.ended, o.issues,"
        " (SELECT group_concat(alias, ';') FROM (SELECT alias FROM aliases a"
        "   WHERE a.org_id = o.id ORDER BY alias))"
        " FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"):
    names = ["key", "name", "kind", "parent", "country", "state", "city", "lat", "lon", "placed",
             "founded", "ended", "issues", "aliases"]
    orgs[row[0]] = {n: v for n, v in zip(names, row) if v not in (None, "")}
for key, name, value in con.execute("SELECT key, name, value FROM v_metrics"):
    if value is not None:
        # Attribute names keep letters, digits and '_' (export.h).
        orgs[key]["metric_" + re.sub("[^A-Za-z0-9_]", "_", name)] = value

ties = Counter()
for row in con.execute("SELECT source, target, kind, sign, weight, start, end, directed, note"
                       " FROM v_ties"):
    ties[(frozenset(row[:2]),) + tuple(row[2:])] += 1


def tie_key(a, b, d):
    """A tie as comparable values; an absent date is None and an absent note ""."""
    return (frozenset((a, b)), d.get("kind"), int(d.get("sign")), float(d.get("weight")),
            d.get("start") or None, d.get("end") or None, int(d.get("directed")),
            d.get("note") or "")


def same_value(got, want):
    if isinstance(want, float):
        return got is not None and math.isclose(float(got), want, rel_tol=0, abs_tol=0)
    return got == want


def check_nodes(fmt, nodes, skip=()):
    check(len(nodes) == len(orgs), "%s: %d nodes, expected %d" % (fmt, len(nodes), len(orgs)))
    for key, want in orgs.items():
        got = nodes.get(key)
        if got is None:
            failures.append("%s: node %s missing" % (fmt, key))
            continue
        for attr, value in want.items():
            if attr in skip:
                continue
            check(same_value(got.get(attr), value),
                  "%s: node %s %s = %r, expected %r" % (fmt, key, attr, got.get(attr), value))
        extra = {a for a in got if a not in want and a not in ("label", "key")} - set(skip)
        check(not extra, "%s: node %s has unexpected attributes %s" % (fmt, key, sorted(extra)))


# GraphML through NetworkX.
g = nx.read_graphml(out_dir + "/x.graphml")
check(not g.is_directed(), "graphml: read as directed")
check_nodes("graphml", {n: d for n, d in g.nodes(data=True)})
got = Counter(tie_key(a, b, d) for a, b, d in g.edges(data=True))
check(g.number_of_edges() == sum(ties.values()),
      "graphml: %d edges, expected %d" % (g.number_of_edges(), sum(ties.values())))
check(got == ties, "graphml: ties differ: got %s, expected %s" % (got - ties, ties - got))
for a, b, d in g.edges(data=True):
    check({d["from"], d["to"]} == {a, b}, "graphml: from/to of %s-%s" % (a, b))

# GEXF through NetworkX: the name is the label, the weight the edge's own.
g = nx.read_gexf(out_dir + "/x.gexf")
nodes = {}
for n, d in g.nodes(data=True):
    d = dict(d)
    d["name"] = d.get("label")
    nodes[n] = d
check_nodes("gexf", nodes)
got = Counter(tie_key(a, b, d) for a, b, d in g.edges(data=True))
check(g.number_of_edges() == sum(ties.values()),
      "gexf: %d edges, expected %d" % (g.number_of_edges(), sum(ties.values())))
check(got == ties, "gexf: ties differ: got %s, expected %s" % (got - ties, ties - got))

# GML is ASCII: other characters are numeric character references (&#233;),
# and '&' is &#38;.  NetworkX reads it and decodes them itself.
raw = open(out_dir + "/x.gml", "rb").read()
check(max(raw) < 0x80, "gml: a byte above 0x7f (NetworkX refuses non-ASCII GML)")
g = nx.read_gml(out_dir + "/x.gml", label="id")
nodes = {d["key"]: dict(d) for n, d in g.nodes(data=True)}
check_nodes("gml (networkx)", nodes)
got = Counter(tie_key(d["from"], d["to"], d) for a, b, d in g.edges(data=True))
check(got == ties, "gml (networkx): ties differ: got %s, expected %s" % (got - ties, ties - got))


def unreference(text):
    """python-igraph keeps numeric character references verbatim: decoded here."""
    return re.sub(r"&#([0-9]+);", lambda m: chr(int(m.group(1))), text)


# GML through python-igraph: missing numbers read as NaN, missing strings as "".
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="One or more unknown entities")
    g = igraph.Graph.Read_GML(out_dir + "/x.gml")
for attrs in (g.vs, g.es):
    for a in attrs.attributes():
        attrs[a] = [unreference(x) if isinstance(x, str) else x for x in attrs[a]]
check(g.vcount() == len(orgs) and g.ecount() == sum(ties.values()),
      "gml: %d nodes %d edges" % (g.vcount(), g.ecount()))
nodes = {}
for v in g.vs:
    d = {a: v[a] for a in g.vs.attributes()
         if a != "id" and v[a] not in ("", None) and not (isinstance(v[a], float) and math.isnan(v[a]))}
    nodes[v["key"]] = d
check_nodes("gml", nodes)
got = Counter()
for e in g.es:
    d = {a: e[a] for a in g.es.attributes()}
    got[tie_key(g.vs[e.source]["key"], g.vs[e.target]["key"], d)] += 1
check(got == ties, "gml: ties differ: got %s, expected %s" % (got - ties, ties - got))

# JSON: every org and tie, nulls for unknown values.
doc = json.load(open(out_dir + "/x.json"))
nodes = {}
for o in doc["orgs"]:
    d = {k: v for k, v in o.items() if v is not None and k != "metrics" and v != ""}
    d.update({"metric_" + re.sub("[^A-Za-z0-9_]", "_", k): v for k, v in o["metrics"].items()})
    nodes[o["key"]] = d
check_nodes("json", nodes)
got = Counter(tie_key(t["source"], t["target"], t) for t in doc["ties"])
check(got == ties, "json: ties differ: got %s, expected %s" % (got - ties, ties - got))

for f in failures:
    print("FAIL:", f)
print("%d passed, %d failed" % (passed, len(failures)))
sys.exit(1 if failures else 0)
