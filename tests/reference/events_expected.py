#!/usr/bin/python3
"""The turnout regression of `coalition events`, fitted independently by
statsmodels (Debian's python3-statsmodels), for tests/unit/test_events.c.

It first writes the fixture tests/fixtures/events_turnout/ (orgs, ties,
events with crowd estimates, participation with roles) from fixed rules and
Python's own random.Random(20170121), so that running it again rewrites the
same files; then it reads that directory back as plain CSV, computes each
event's predictors from the definitions below (written here from
coalition's documentation, not from its code), fits OLS with statsmodels and
writes tests/fixtures/expected/events_turnout_<set>.csv: one row per term
(coef, se, t, p, ci_low, ci_high at 95%) and the rows n, df, r2, adj_r2,
sigma in the coef column.

Definitions (DESIGN.md section 6, `coalition events --help`):
  - an event is used when it has a crowd estimate above 0 and at least one
    lead (role lead or co-lead); the outcome is log of the midpoint of
    turnout_low and turnout_high (or of the one given);
  - leads: number of leads and co-leads; union, ngo, chapter, national: 1 if
    an org of that kind is among them; kinds: distinct kinds among them;
    partners: the other orgs taking part (partner, participant, endorser);
    degree: the leads' mean number of ties begun before the event's date
    (start < date as text; a tie with no start counts).
"""
import csv
import math
import os
import random

import numpy as np
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "events_turnout")
EXPECTED = os.path.join(HERE, "..", "fixtures", "expected")

SETS = {
    "default": ["leads", "union", "ngo", "degree"],
    "wide": ["partners", "kinds", "union", "national", "chapter"],
}


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_fixture():
    rnd = random.Random(20170121)
    states = ["OH", "PA", "MI", "WI"]
    orgs = [("nat", "National Office", "national", "", "DC")]
    orgs += [("ch%02d" % i, "Chapter %d" % i, "chapter", "nat", states[i % 4]) for i in range(1, 13)]
    orgs += [("un%d" % i, "Union Local %d" % i, "union", "", states[i % 4]) for i in range(1, 4)]
    orgs += [("ngo%d" % i, "NGO %d" % i, "ngo", "", states[i % 4]) for i in range(1, 5)]
    orgs += [("com%d" % i, "Community Group %d" % i, "community", "", states[i % 4]) for i in range(1, 3)]
    keys = [o[0] for o in orgs]
    ties, seen = [], set()
    while len(ties) < 40:
        a, b = rnd.sample(keys, 2)
        if (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        start = "" if rnd.random() < 0.2 else "%d-%02d" % (rnd.randint(2015, 2020), rnd.randint(1, 12))
        ties.append((a, b, "partnership", start))
    events, parts = [], []
    for e in range(1, 41):
        key = "ev%02d" % e
        date = "%d-%02d-%02d" % (rnd.randint(2016, 2021), rnd.randint(1, 12), rnd.randint(1, 28))
        leads = rnd.sample(keys, rnd.randint(1, 4))
        others = rnd.sample([k for k in keys if k not in leads], rnd.randint(0, 5))
        low = rnd.randint(20, 4000)
        high = "" if rnd.random() < 0.15 else low + rnd.randint(0, 3000)
        if e % 13 == 0:
            low, high = "", ""          # no estimate: left out
        if e % 17 == 0:
            low, high = 0, 0            # an estimate of 0: left out
        events.append((key, "Event %d" % e, "rally", date, "", states[e % 4], low, high))
        for i, k in enumerate(leads):
            parts.append((key, k, "lead" if i == 0 else "co-lead"))
        for k in others:
            parts.append((key, k, rnd.choice(["partner", "participant", "endorser"])))
    events.append(("ev99", "Event without a lead", "rally", "2019-05-01", "", "OH", 500, 700))
    parts.append(("ev99", "ch01", "participant"))
    os.makedirs(FIXTURE, exist_ok=True)
    write_csv(os.path.join(FIXTURE, "orgs.csv"), ["key", "name", "kind", "parent", "state"], orgs)
    write_csv(os.path.join(FIXTURE, "ties.csv"), ["source", "target", "kind", "start"], ties)
    write_csv(os.path.join(FIXTURE, "events.csv"),
              ["key", "name", "kind", "date", "campaign", "state", "turnout_low", "turnout_high"],
              events)
    write_csv(os.path.join(FIXTURE, "participation.csv"), ["event", "org", "role"], parts)


def read(name):
    with open(os.path.join(FIXTURE, name), newline="") as f:
        return list(csv.DictReader(f))


def design(names):
    kind = {o["key"]: o["kind"] for o in read("orgs.csv")}
    ties = read("ties.csv")
    by_event = {}
    for p in read("participation.csv"):
        by_event.setdefault(p["event"], []).append(p)
    X, y = [], []
    for e in read("events.csv"):
        est = [float(v) for v in (e["turnout_low"], e["turnout_high"]) if v != ""]
        if not est:
            continue
        turnout = sum(est) / len(est)
        ps = by_event.get(e["key"], [])
        leads = [p["org"] for p in ps if p["role"] in ("lead", "co-lead")]
        if turnout <= 0 or not leads:
            continue
        lead_kinds = {kind[k] for k in leads}
        degree = 0
        for k in leads:
            degree += sum(1 for t in ties if k in (t["source"], t["target"])
                          and (t["start"] == "" or t["start"] < e["date"]))
        value = {
            "leads": len(leads),
            "union": int("union" in lead_kinds),
            "ngo": int("ngo" in lead_kinds),
            "chapter": int("chapter" in lead_kinds),
            "national": int("national" in lead_kinds),
            "kinds": len(lead_kinds),
            "partners": len(ps) - len(leads),
            "degree": degree / len(leads),
        }
        X.append([1.0] + [float(value[n]) for n in names])
        y.append(math.log(turnout))
    return np.array(X), np.array(y)


def main():
    write_fixture()
    os.makedirs(EXPECTED, exist_ok=True)
    for label, names in SETS.items():
        X, y = design(names)
        fit = sm.OLS(y, X).fit()
        ci = fit.conf_int(0.05)
        rows = []
        for i, name in enumerate(["intercept"] + names):
            rows.append([name] + ["%.17g" % v for v in (fit.params[i], fit.bse[i], fit.tvalues[i],
                                                         fit.pvalues[i], ci[i][0], ci[i][1])])
        for name, v in (("n", fit.nobs), ("df", fit.df_resid), ("r2", fit.rsquared),
                        ("adj_r2", fit.rsquared_adj), ("sigma", math.sqrt(fit.scale))):
            rows.append([name, "%.17g" % v, "", "", "", "", ""])
        write_csv(os.path.join(EXPECTED, "events_turnout_%s.csv" % label),
                  ["term", "coef", "se", "t", "p", "ci_low", "ci_high"], rows)


if __name__ == "__main__":
    main()
