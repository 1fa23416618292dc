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
  panel_check.py retention OUTCOMES.json END_WITH END_WITHOUT
      the planted retention effect is recovered from `outcomes --section
      retention --split partner:union --subjects chapter`: see retention().
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


def km_at(group, t):
    """Our Kaplan-Meier survival at time t and its Greenwood standard error,
    the variance summed here from the curve's own at-risk and event counts:
    S(t)^2 * sum over event times t_i <= t of d_i / (n_i (n_i - d_i))."""
    s, var, at_risk = 1.0, 0.0, None
    for p in group["curve"]:
        if p["t"] > t:
            at_risk = p["at_risk"] if at_risk is None else at_risk
            break
        s = p["survival"]
        n, d = p["at_risk"], p.get("events", 0)
        if d and n > d:
            var += d / (n * (n - d))
    return s, s * math.sqrt(var), at_risk


Z = 2.91   # the normal quantile of 1 - 0.05 / (2 * 14)


def retention(outcomes_path, end_with, end_without):
    """synth ends a chapter in each year after its founding with probability
    h = END_WITH / 1000 if it had a union tie in its first year, else
    h = END_WITHOUT / 1000 (include/coalition/synth.h), in a uniform month of
    that year.  Founded is written as a year (its 1 January), ended as a
    month (its first day), so an ending in the k-th year after the founding
    comes between k - 0.003 and k + 0.92 years (leap days move it by a day
    or two), and just before the next anniversary, at t = k + 0.95, the
    chapter has survived k independent draws:

        S(k + 0.95) = (1 - h)^k, e.g. 0.96^5 = 0.8154 and 0.92^5 = 0.6591.

    Censoring (open chapters at the store's last day, 2026-12-31) falls
    after every ending of the year it cuts, so it does not bias the
    estimate.  For each k = 1..7 whose at-risk set holds at least 50
    chapters in both groups, our survival must lie within Z = 2.91 Greenwood
    standard errors of (1 - h)^k: a 95% interval for the 14 points together
    (Bonferroni: 0.05 / 14 per point; one 95% interval per point would fail
    by chance for one seed in two).  Also: the gap between the groups at
    k = 5 within Z standard errors of (1 - h1)^5 - (1 - h2)^5 (0.8154 -
    0.6591 = 0.1563 for 40 and 80 per mille); every checked union survival
    above the other group's; and the log-rank test's p below 0.001."""
    doc = json.load(open(outcomes_path))["retention"]
    if doc.get("subjects") != "chapter":
        fail("retention: expected --subjects chapter, got %r" % doc.get("subjects"))
    groups = doc["groups"]
    hazards = (float(end_with) / 1000, float(end_without) / 1000)
    checked = 0
    for k in range(1, 8):
        t = k + 0.95
        got = []
        for g, h in zip(groups, hazards):
            s, se, at_risk = km_at(g, t)
            if at_risk is None or at_risk < 50:
                got = None
                break
            want = (1 - h) ** k
            if not abs(s - want) <= Z * se:
                fail("retention %s at %g years: ours %.4f, planted (1 - %.3f)^%d = %.4f, "
                     "Greenwood se %.4f" % (g["name"], t, s, h, k, want, se))
            got.append((s, se, want))
            checked += 1
        if got is None:
            continue
        if not got[0][0] > got[1][0]:
            fail("retention at %g years: with a union tie %.4f, without %.4f" % (t, got[0][0], got[1][0]))
        if k == 5:
            diff, want = got[0][0] - got[1][0], got[0][2] - got[1][2]
            se = math.sqrt(got[0][1] ** 2 + got[1][1] ** 2)
            if not abs(diff - want) <= Z * se:
                fail("retention gap at 5.95 years: ours %.4f, planted %.4f (se %.4f)" % (diff, want, se))
    if checked < 8:
        fail("retention: only %d curve points with 50 chapters at risk" % checked)
    if not doc["logrank"]["p"] < 0.001:
        fail("retention: log-rank p = %g, expected < 0.001" % doc["logrank"]["p"])
    print("retention: %d points within the planted curves' intervals, log-rank p = %.3g" % (
        checked, doc["logrank"]["p"]))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"columns": columns, "growth": growth, "tensions": tensions, "planted": planted,
     "retention": retention}[command](*args)
