#!/usr/bin/python3
"""Independent checks of `coalition panel` and `coalition outcomes` (test_panel.sh).

  panel_check.py columns PANEL.csv CENTRALITY.csv GAPS.csv PERIOD
      the panel's degree, betweenness and constraint for PERIOD equal what the
      centrality and gaps commands print for the same as-of view (1e-9).
  panel_check.py growth PANEL.csv OUTCOMES.json OBSERVATION MEASURE
      refits the growth model with statsmodels on the panel's rows (the change
      of OBSERVATION in period t on MEASURE in t-1, orgs alive in both, org and
      period dummies, errors clustered by org, t(G-1) intervals) and compares
      coefficient, standard error and interval with ours (1e-6).
  panel_check.py tensions PANEL.csv TENSIONS.json PERIOD TIES.csv
      the panel's tension measures for PERIOD equal what `coalition tensions
      --as-of PERIOD_END --format json` printed (unbalanced_triangles,
      frustrated, frustration_share, cluster, side), and friction_ties equals
      the negative ties of TIES.csv (the imported file) active at PERIOD_END,
      counted here; some org must have friction, frustration and a cluster
      other than the first, so that the comparison means something.
  panel_check.py planted OUTCOMES.json MEASURE VALUE
      VALUE (the effect synth planted) lies inside our 95% interval.
Exits 1 with a message on the first difference.
"""
import csv
import json
import math
import sys


def fail(msg):
    print("panel_check: " + msg, file=sys.stderr)
    sys.exit(1)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    return float(text) if text not in ("", None) else math.nan


def close(a, b, tol):
    if math.isnan(a) and math.isnan(b):
        return True
    return abs(a - b) <= tol * max(1.0, abs(b))


def columns(panel_path, centrality_path, gaps_path, period):
    panel = {r["key"]: r for r in read_csv(panel_path) if r["period"] == period}
    if not panel:
        fail("no panel rows for period %s" % period)
    checked = 0
    for row in read_csv(centrality_path):
        p = panel.get(row["key"])
        if p is None:
            fail("org %s of centrality is not in the panel" % row["key"])
        for m in ("degree", "betweenness"):
            if not close(number(p[m]), number(row[m]), 1e-9):
                fail("%s %s: panel %s, centrality %s" % (row["key"], m, p[m], row[m]))
        checked += 1
    if checked != len(panel):
        fail("centrality has %d orgs, the panel %d" % (checked, len(panel)))
    for row in read_csv(gaps_path):
        if "constraint" not in row or row.get("key") not in panel:
            continue
        if not close(number(panel[row["key"]]["constraint"]), number(row["constraint"]), 1e-9):
            fail("%s constraint: panel %s, gaps %s" % (row["key"], panel[row["key"]]["constraint"],
                                                        row["constraint"]))
    print("columns: %d orgs equal" % checked)


def growth(panel_path, outcomes_path, observation, measure):
    import pandas as pd
    import statsmodels.formula.api as smf
    rows = read_csv(panel_path)
    by_org = {}
    for r in rows:
        by_org.setdefault(r["key"], []).append(r)
    data = []
    for key, seq in by_org.items():
        seq.sort(key=lambda r: r["period_end"])
        for prev, cur in zip(seq, seq[1:]):
            y, x = number(cur[observation + "_change"]), number(prev[measure])
            if cur["alive"] != "1" or prev["alive"] != "1" or math.isnan(y) or math.isnan(x):
                continue
            data.append({"org": key, "period": cur["period"], "y": y, "x": x})
    frame = pd.DataFrame(data)
    fit = smf.ols("y ~ x + C(org) + C(period)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(frame["org"])[0]}, use_t=True)
    ci = fit.conf_int(0.05)
    ours = json.load(open(outcomes_path))["growth"]
    term = ours["terms"][0]
    if ours["n"] != len(frame):
        fail("growth n: ours %d, statsmodels %d" % (ours["n"], len(frame)))
    for name, ref in (("coef", fit.params["x"]), ("se", fit.bse["x"]),
                      ("ci_low", ci.loc["x", 0]), ("ci_high", ci.loc["x", 1])):
        if not close(term[name], ref, 1e-6):
            fail("growth %s: ours %r, statsmodels %r" % (name, term[name], ref))
    print("growth: n=%d coef=%.6f se=%.6f equal to statsmodels" % (len(frame), term["coef"],
                                                                    term["se"]))


def first_day(date):
    """YYYY, YYYY-MM or YYYY-MM-DD as its first day."""
    return date + "-01-01" if len(date) == 4 else date + "-01" if len(date) == 7 else date


def last_day(date):
    """YYYY, YYYY-MM or YYYY-MM-DD as its last day."""
    import calendar
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        y, m = int(date[:4]), int(date[5:7])
        return "%s-%02d" % (date, calendar.monthrange(y, m)[1])
    return date


def friction_at(ties_path, day):
    """Negative ties per org active on `day` (start's first day <= day <= end's last day)."""
    count = {}
    for t in read_csv(ties_path):
        if t.get("sign", "1") not in ("-1", "-", "negative"):
            continue
        if t.get("start") and first_day(t["start"]) > day:
            continue
        if t.get("end") and last_day(t["end"]) < day:
            continue
        ends = {t["source"], t["target"]}
        for k in ends:
            count[k] = count.get(k, 0) + 1
    return count


def tensions(panel_path, tensions_path, period, ties_path):
    panel = {r["key"]: r for r in read_csv(panel_path) if r["period"] == period}
    if not panel:
        fail("no panel rows for period %s" % period)
    day = next(iter(panel.values()))["period_end"]
    friction = friction_at(ties_path, day)
    pairs = (("unbalanced_triangles", "unbalanced_triangles"), ("frustrated_ties", "frustrated"),
             ("frustration_share", "frustration_share"), ("tension_cluster", "cluster"),
             ("tension_side", "side"))
    orgs = json.load(open(tensions_path))["orgs"]
    if len(orgs) != len(panel):
        fail("tensions has %d orgs, the panel %d" % (len(orgs), len(panel)))
    seen = {"friction": 0, "frustrated": 0, "cluster": 0}
    for o in orgs:
        p = panel.get(o["key"])
        if p is None:
            fail("org %s of tensions is not in the panel" % o["key"])
        for ours, theirs in pairs:
            ref = math.nan if o[theirs] is None else float(o[theirs])
            if not close(number(p[ours]), ref, 1e-12):
                fail("%s %s: panel %s, tensions %s %r" % (o["key"], ours, p[ours], theirs, o[theirs]))
        if number(p["friction_ties"]) != friction.get(o["key"], 0):
            fail("%s friction_ties: panel %s, ties.csv %d" % (o["key"], p["friction_ties"],
                                                             friction.get(o["key"], 0)))
        seen["friction"] += friction.get(o["key"], 0) > 0
        seen["frustrated"] += o["frustrated"] > 0
        seen["cluster"] += o["cluster"] > 1
    if not all(seen.values()):
        fail("the view as of %s is too plain to test: %r" % (day, seen))
    print("tensions: %d orgs equal (%d with friction, %d frustrated, %d outside cluster 1)" % (
        len(orgs), seen["friction"], seen["frustrated"], seen["cluster"]))


def planted(outcomes_path, measure, value):
    term = next(t for t in json.load(open(outcomes_path))["growth"]["terms"] if t["name"] == measure)
    if not term["ci_low"] <= float(value) <= term["ci_high"]:
        fail("planted %s = %s outside [%g, %g]" % (measure, value, term["ci_low"], term["ci_high"]))
    print("planted %s recovered: %g in [%g, %g]" % (measure, float(value), term["ci_low"],
                                                     term["ci_high"]))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"columns": columns, "growth": growth, "tensions": tensions, "planted": planted}[command](*args)
