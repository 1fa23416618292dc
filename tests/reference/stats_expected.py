#!/usr/bin/python3
"""Expected least-squares results for tests/unit/test_stats.c, from statsmodels.

Reads tests/fixtures/stats/panel.csv and writes tests/fixtures/expected/stats_ols.csv:
one row per model and term with coefficient, standard error and 95% interval.
The fixed effects are written as dummy variables (C(unit), C(period)), which is
the model our absorbed estimator must reproduce; clustered errors use
statsmodels' default small-sample correction and t(G-1) inference (use_t=True).
Run: python3 tests/reference/stats_expected.py (needs python3-statsmodels).
"""
import csv
import os
import sys

import pandas as pd
import statsmodels.formula.api as smf

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "fixtures", "stats")
data = pd.read_csv(os.path.join(fixture, "panel.csv"))

models = {
    "twoway_cluster": ("y ~ x1 + x2 + C(unit) + C(period)", "cluster"),
    "oneway_cluster": ("y ~ x1 + x2 + C(unit)", "cluster"),
    "plain": ("y ~ x1 + x2", "nonrobust"),
}
out = csv.writer(sys.stdout if len(sys.argv) > 1 and sys.argv[1] == "-"
                 else open(os.path.join(fixture, "..", "expected", "stats_ols.csv"), "w", newline=""))
out.writerow(["model", "term", "coef", "se", "ci_low", "ci_high", "n", "r2_within"])
for name, (formula, cov) in models.items():
    model = smf.ols(formula, data)
    if cov == "cluster":
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": data["unit"]}, use_t=True)
    else:
        fit = model.fit()
    ci = fit.conf_int(0.05)
    for term in ("x1", "x2"):
        out.writerow([name, term, repr(fit.params[term]), repr(fit.bse[term]),
                      repr(ci.loc[term, 0]), repr(ci.loc[term, 1]), int(fit.nobs), ""])
