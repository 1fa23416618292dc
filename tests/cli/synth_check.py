#!/usr/bin/env python3
"""Checks a `coalition synth` directory against the generator's rules.

usage: synth_check.py DIR N

Reads the CSV files with Python's csv module (an implementation independent
of ours) and checks every rule of include/coalition/synth.h that follows
from N alone: exact org counts, parents, row validity for import, and the
counts of Bernoulli-drawn ties within five standard deviations of their
expectation (N draws at rate p: mean N*p, variance N*p*(1-p)).  Prints one
line per failed check and exits 1 if any failed.
"""
import csv
import math
import os
import re
import sys
from collections import Counter

DIR, N = sys.argv[1], int(sys.argv[2])
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def read(name):
    # strict UTF-8: a bad byte raises here
    with open(os.path.join(DIR, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def within(count, n, p, what):
    """count ~ Binomial(n, p): within 5 standard deviations of n*p."""
    mean, sd = n * p, math.sqrt(n * p * (1 - p))
    check(abs(count - mean) <= 5 * sd + 1,
          f"{what}: {count}, expected {mean:.0f} +- {5 * sd:.0f}")


STATES = set("AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS "
             "MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split())
KINDS = {"chapter", "national", "ngo", "union", "community", "coalition", "funder", "other"}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

orgs = read("orgs.csv")
ties = read("ties.csv")
events = read("events.csv")
part = read("participation.csv")
sources = read("sources.csv")
by_key = {o["key"]: o for o in orgs}
kind = {o["key"]: o["kind"] for o in orgs}

# ---- orgs: exact counts from N (synth.h) ----
n_ngo = max(4, N // 20)
n_ngo_nat = max(2, n_ngo // 10)
n_local = max(2, N // 10)
n_intl = max(2, min(60, n_local // 50))
n_comm = max(2, N // 20)
check(len(by_key) == len(orgs), "duplicate org keys")
c = Counter(o["kind"] for o in orgs)
check(c["national"] == 3, f"nationals {c['national']}")
check(c["chapter"] == N, f"chapters {c['chapter']} != {N}")
check(c["ngo"] == n_ngo, f"ngos {c['ngo']} != {n_ngo}")
check(c["union"] == n_local + n_intl, f"unions {c['union']} != {n_local + n_intl}")
check(c["community"] == n_comm, f"community {c['community']} != {n_comm}")
check(set(c) <= KINDS, f"unknown kinds {set(c) - KINDS}")
for o in orgs:
    k, p = o["kind"], o["parent"]
    check(o["key"] == o["key"].strip() and o["key"], f"bad key {o['key']!r}")
    check(o["name"].strip() != "", f"{o['key']}: empty name")
    check(o["state"] in STATES, f"{o['key']}: state {o['state']!r}")
    check(o["city"] != "", f"{o['key']}: no city")
    lat, lon = float(o["lat"]), float(o["lon"])
    check(-90 <= lat <= 90 and -180 <= lon <= 180, f"{o['key']}: lat/lon {lat},{lon}")
    # the contiguous states, Alaska and Hawaii lie within these boxes
    check(17 <= lat <= 72 and -180 <= lon <= -65, f"{o['key']}: {lat},{lon} is not in the US")
    if k == "chapter":
        check(p == "natl-project", f"{o['key']}: parent {p!r}")
    elif k == "union" and o["key"].startswith("local-"):
        check(p in by_key and by_key[p]["kind"] == "union" and by_key[p]["parent"] == "",
              f"{o['key']}: parent {p!r} is not an international union")
    elif k == "ngo" and p:
        check(p in by_key and by_key[p]["kind"] == "ngo" and by_key[p]["parent"] == "",
              f"{o['key']}: parent {p!r} is not a national NGO")
    else:
        check(p == "", f"{o['key']}: unexpected parent {p!r}")
check(sum(1 for o in orgs if o["kind"] == "ngo" and o["parent"]) == n_ngo - n_ngo_nat,
      "NGO affiliates")
# Chapters cluster by population: California (11.9% of the 2020 population)
# has the most, and chapters sit in many towns.
per_state = Counter(o["state"] for o in orgs if o["kind"] == "chapter")
if N >= 2000:
    check(per_state.most_common(1)[0][0] == "CA", f"most chapters in {per_state.most_common(1)}")
    within(per_state["CA"], N, 395 / 3310, "chapters in CA")
    towns = {(o["state"], o["city"]) for o in orgs if o["kind"] == "chapter"}
    check(len(towns) > 51, f"chapters in only {len(towns)} towns")

# ---- ties: valid for import, unique, and the rates ----
source_keys = {s["key"] for s in sources}
check(len(source_keys) == len(sources) == max(20, N // 10), f"sources {len(sources)}")
pairs = set()
years = Counter()
n = Counter()
sourced = Counter()
total = Counter()
friction_project, friction_action = set(), set()
# Triadic closure (synth.h): ties.csv is written in the order the picks are
# made, so replaying it gives, at each chapter-NGO or chapter-union tie,
# the candidates the generator had.
partners = {}      # chapter -> its earlier chapters with a positive tie
ch_ngos = {}       # chapter -> its NGOs so far
ch_local = {}      # chapter -> its union local
ngo_ngos = {}      # NGO -> NGOs with a coalition tie, either way
ngo_locals = {}    # NGO -> union locals tied to it
closure = Counter()


def hub_or_in(x, state):
    return by_key[x]["parent"] == "" or by_key[x]["state"] == state


for t in ties:
    a, b, k = t["source"], t["target"], t["kind"]
    ok = a in kind and b in kind
    check(ok, f"tie to an unknown org {a}-{b}")
    if not ok:
        continue
    check(a != b, f"self tie {a}")
    check(re.fullmatch(r"[a-z_]+", k) is not None, f"tie kind {k!r}")
    check(t["sign"] in ("1", "-1"), f"sign {t['sign']!r}")
    check(t["weight"] in ("1", "2", "3", "4", "5"), f"weight {t['weight']!r}")
    check(t["directed"] in ("0", "1"), f"directed {t['directed']!r}")
    m = MONTH.match(t["start"])
    check(m is not None and 2017 <= int(m.group(1)) <= 2026, f"start {t['start']!r}")
    if m:
        years[int(m.group(1))] += 1
    if t["end"]:
        check(MONTH.match(t["end"]) is not None and t["start"] < t["end"] <= "2026-12",
              f"end {t['end']!r} after {t['start']!r}")
    keys = [s for s in t["sources"].split(";") if s]
    check(all(s in source_keys for s in keys) and len(set(keys)) == len(keys),
          f"sources {t['sources']!r}")
    pair = (min(a, b), max(a, b), k)
    check(pair not in pairs, f"two {k} ties between {a} and {b}")
    pairs.add(pair)
    ka, kb = kind[a], kind[b]
    neg = t["sign"] == "-1"
    check(neg == (k == "friction"), f"friction kind and sign disagree: {t}")
    if ka == kb == "chapter":
        check(by_key[a]["state"] == by_key[b]["state"] and b < a,
              f"chapter tie {a}-{b} not with an earlier chapter of the state")
        n["ch-ch"] += 1
        n["ch-ch friction"] += neg
        if not neg:
            partners.setdefault(a, []).append(b)
    elif "national" in (ka, kb) and "chapter" in (ka, kb):
        if neg:
            (friction_project if a == "natl-project" else friction_action).add(b)
            n["national friction"] += 1
        elif k == "training":
            check(a == "natl-civics" and t["directed"] == "1", f"training {t}")
            n["training"] += 1
        else:
            n[f"{a} {k}"] += 1
    elif "chapter" in (ka, kb) and "union" in (ka, kb):
        n["ch-union"] += 1
        check(ka == "chapter" and b.startswith("local-") and a not in ch_local
              and by_key[b]["state"] == by_key[a]["state"],
              f"chapter-union tie {a}-{b}: not one local of the chapter's state")
        st = by_key[a]["state"]
        cand = {ch_local[j] for j in partners.get(a, []) if j in ch_local}
        cand |= {x for y in ch_ngos.get(a, []) for x in ngo_locals.get(y, ())
                 if by_key[x]["state"] == st}
        if cand:
            closure["union picks"] += 1
            closure["union closed"] += b in cand
        ch_local[a] = b
    elif "chapter" in (ka, kb) and "ngo" in (ka, kb):
        n["ch-ngo"] += 1
        check(ka == "chapter", f"chapter-NGO tie {a}-{b} not written from the chapter")
        st, mine = by_key[a]["state"], ch_ngos.setdefault(a, [])
        cand = {x for j in partners.get(a, []) for x in ch_ngos.get(j, [])}
        cand |= {x for y in mine for x in ngo_ngos.get(y, ()) if hub_or_in(x, st)}
        cand -= set(mine)
        if cand:
            closure["ngo picks"] += 1
            closure["ngo closed"] += b in cand
        mine.append(b)
    elif ka == kb == "ngo":
        ngo_ngos.setdefault(a, set()).add(b)
        ngo_ngos.setdefault(b, set()).add(a)
    elif ka == "union" and kb == "ngo" and a.startswith("local-"):
        ngo_locals.setdefault(b, set()).add(a)
    for group in {"union", "ngo"} & {ka, kb}:
        total[group] += 1
        sourced[group] += bool(keys)

# Bernoulli draws per chapter (synth.h, per mille).
within(n["training"], N, 0.350, "training ties")
within(n["natl-project day_of_action"], N, 0.300, "day-of-action ties")
within(n["natl-action electoral"], N, 0.200, "electoral ties")
within(len(friction_project), N, 0.060, "dissident chapters (friction with natl-project)")
within(len(friction_action), len(friction_project), 0.500, "dissidents also at odds with natl-action")
check(friction_action <= friction_project, "friction with natl-action outside the dissidents")
within(n["ch-ch friction"], n["ch-ch"], 0.020, "friction among chapter-chapter ties")
# Each chapter draws 0-5 partners (mean 2.5), so ch-ch <= 2.5 N and local
# friction (2% of it) has mean <= 0.05 N, below the national friction
# (0.09 N): friction is concentrated between national staff and chapters.
check(n["ch-ch"] <= 2.5 * N + 5 * math.sqrt(N * 35 / 12), f"chapter-chapter ties {n['ch-ch']}")
negative = n["ch-ch friction"] + n["national friction"]
check(sum(t["sign"] == "-1" for t in ties) == negative, "friction outside the two rules")
if N >= 2000:
    check(n["national friction"] > 0.55 * negative,
          f"national friction {n['national friction']} of {negative}")
    check(negative < 0.05 * len(ties), f"friction share {negative}/{len(ties)}")
    # union ties (<= 0.15 N) are rarer than NGO ties (0-3 draws, mean 1.5 N)
    check(n["ch-union"] <= 0.15 * N + 5 * math.sqrt(N * 0.15 * 0.85), f"ch-union {n['ch-union']}")
    check(n["ch-union"] * 4 < n["ch-ngo"], f"ch-union {n['ch-union']} vs ch-ngo {n['ch-ngo']}")
    # sources: 8% of union ties, 20-60% of NGO ties
    check(sourced["union"] / total["union"] < 0.5 * sourced["ngo"] / total["ngo"],
          f"union ties sourced {sourced['union']}/{total['union']}, ngo {sourced['ngo']}/{total['ngo']}")
    check(min(years) == 2017 and max(years) == 2026, f"tie years {min(years)}-{max(years)}")

# Triadic closure: a pick that has candidates takes one with probability
# p = CO_SYNTH_CLOSURE_PERMILLE / 1000, and that pick always becomes a tie;
# the other branch writes at most one tie (a repeat is dropped), which may
# land among the candidates too.  So each tie written from such a pick
# closes a triangle with probability >= p / (p + (1 - p)) = p: the closed
# count is at least Binomial(picks, p) (one-sided, five standard deviations).
P_CLOSURE = 0.600
for what in ("ngo", "union"):
    picks, closed = closure[f"{what} picks"], closure[f"{what} closed"]
    mean, sd = picks * P_CLOSURE, math.sqrt(picks * P_CLOSURE * (1 - P_CLOSURE))
    check(closed >= mean - 5 * sd - 1,
          f"{what} picks closing a triangle: {closed} of {picks}, expected >= {mean:.0f} - {5 * sd:.0f}")
if N >= 2000:
    # with 0-5 partner chapters each, most chapters have candidates
    check(closure["ngo picks"] > 0.5 * n["ch-ngo"],
          f"NGO picks with candidates: {closure['ngo picks']} of {n['ch-ngo']}")

# ---- events and participation ----
event_keys = {e["key"] for e in events}
# each chapter joining a national day of action hosts one local event of it
joining = sum(1 for p in part if p["event"].startswith("day-") and p["org"].startswith("ch-"))
check(len(event_keys) == len(events) == 10 + max(1, N // 100) + max(1, N // 5) + joining,
      f"events {len(events)}")
for e in events:
    check(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", e["date"]) is not None
          and "2017" <= e["date"][:4] <= "2026", f"event date {e['date']!r}")
    check(e["state"] == "" or e["state"] in STATES, f"event state {e['state']!r}")
# campaigns (synth.h): day-YYYY and its local events act-YYYY-NNNNNN share
# the campaign day-of-action-YYYY; local events carry a turnout whose low and
# high are a fifth below and above it
for e in events:
    k = e["key"]
    if k.startswith("day-"):
        check(e["campaign"] == "day-of-action-" + k[4:] and e["turnout_low"] == "", f"day {e}")
    elif k.startswith("act-"):
        check(e["campaign"] == "day-of-action-" + k[4:8], f"local day event {e}")
        low, high = int(e["turnout_low"]), int(e["turnout_high"])
        check(0 < low <= high and (low + high) % 2 == 0, f"turnout {e}")
    else:
        check(e["campaign"] == "" and e["turnout_low"] == "", f"event outside campaigns {e}")
roles = Counter(p["role"] for p in part)
check(set(roles) <= {"lead", "co-lead", "partner", "participant", "endorser"}, f"roles {roles}")
seen = set()
days = Counter()
for p in part:
    check(p["event"] in event_keys and p["org"] in kind, f"participation {p}")
    check((p["event"], p["org"]) not in seen, f"duplicate participation {p}")
    seen.add((p["event"], p["org"]))
    if p["event"].startswith("day-") and kind.get(p["org"]) == "chapter":
        days[p["event"]] += 1
check(sorted(days) == [f"day-{y}" for y in range(2017, 2027)] or N < 100, f"days {sorted(days)}")
within(sum(days.values()), 10 * N, 0.040, "chapters joining national days of action")

readme = open(os.path.join(DIR, "README.md"), encoding="utf-8").read()
check("synthetic" in readme and f"--chapters {N}" in readme, "README lacks the parameters")

for f in failures[:40]:
    print("synth_check:", f)
sys.exit(1 if failures else 0)
