# test_panel.sh - `coalition panel` and `coalition outcomes` on a synth store
# (synth plants a growth effect of CO_SYNTH_GROWTH_PER_PARTNER members a year
# per partner and a retention effect of union ties; include/coalition/synth.h):
#   - the panel's degree, betweenness and constraint of a period equal what
#     `centrality` and `gaps` print for the same --as-of view, its tension
#     measures what `tensions` prints (friction_ties: counted in Python);
#   - the growth regression equals statsmodels' fit of the panel's own rows
#     (panel_check.py), and its interval holds the planted effect;
#   - retention's groups count what orgs.csv and ties.csv say (counted here
#     in Python); on 10000 chapters the survival curves of chapters with and
#     without a union tie in their first year hold the planted ones;
#   - bad options are usage errors (2), bad data errors (1).
. "$(dirname "$0")/lib.sh"
CHECK="/usr/bin/python3 $TESTS/cli/panel_check.py"
DB="$WORK/p.db"

run --quiet synth --chapters 300 --out "$WORK/s"
expect_status 0 "synth"
run --db "$DB" --quiet import "$WORK/s"
expect_status 0 "import synth with observations"

run --db "$DB" panel --from 2019 --to 2021 --measures degree,betweenness,constraint --observations members
expect_status 0 "panel"
cp "$WORK/stdout" "$WORK/panel.csv"
head -1 "$WORK/panel.csv" | grep -q '^key,name,period,period_end,kind,state,parent,alive,' ||
	fail "panel header: $(head -1 "$WORK/panel.csv")"
orgs=$(($(grep -c . "$WORK/s/orgs.csv") - 1))
[ "$(($(grep -c . "$WORK/panel.csv") - 1))" -eq $((orgs * 3)) ] || fail "panel rows != orgs x 3 periods"
run --db "$DB" centrality --as-of 2020-12-31 --measure degree,betweenness --format csv --no-save
expect_status 0 "centrality as of 2020-12-31"
cp "$WORK/stdout" "$WORK/centrality.csv"
run --db "$DB" gaps --as-of 2020-12-31 --section brokers --format csv --no-save
expect_status 0 "gaps as of 2020-12-31"
cp "$WORK/stdout" "$WORK/gaps.csv"
$CHECK columns "$WORK/panel.csv" "$WORK/centrality.csv" "$WORK/gaps.csv" 2020 >/dev/null ||
	fail "panel columns differ from centrality/gaps"

run --db "$DB" panel --format json
expect_status 0 "panel dictionary"
json_eq 'd["columns"][7]["name"], d["columns"][7]["type"]' "alive number"

# The tension measures of 2021 (the panel's second period: each period is
# seeded afresh, as a separate `tensions` run is) equal what `tensions
# --as-of 2021-12-31` prints under the same --seed; friction_ties equals the
# negative ties of ties.csv active on that day, counted in panel_check.py.
TM=unbalanced_triangles,frustrated_ties,frustration_share,tension_cluster,tension_side,friction_ties
run --db "$DB" --seed 7 panel --from 2020 --to 2021 --measures "$TM"
expect_status 0 "panel of tension measures"
cp "$WORK/stdout" "$WORK/tpanel.csv"
run --db "$DB" --seed 7 tensions --as-of 2021-12-31 --no-save --format json
expect_status 0 "tensions as of 2021-12-31"
cp "$WORK/stdout" "$WORK/tensions.json"
$CHECK tensions "$WORK/tpanel.csv" "$WORK/tensions.json" 2021 "$WORK/s/ties.csv" >/dev/null ||
	fail "panel tension columns differ from tensions"
run --db "$DB" panel --measures frustration_share --format json
expect_status 0 "dictionary of a tension measure"
json_eq '[c["type"] for c in d["columns"] if c["name"] == "frustration_share"]' "['number']"
run --db "$DB" panel --measures tension_clusters
expect_status 2 "unknown panel measure"
expect_stderr_has "tension_cluster" "the message lists the tension measures"

# Growth on the whole panel, checked against statsmodels on the same rows.
run --db "$DB" panel --observations members --measures degree
expect_status 0 "panel for growth"
cp "$WORK/stdout" "$WORK/growth_panel.csv"
run --db "$DB" outcomes --section growth --observation members --measures degree --format json
expect_status 0 "outcomes growth"
cp "$WORK/stdout" "$WORK/growth.json"
$CHECK growth "$WORK/growth_panel.csv" "$WORK/growth.json" members degree >/dev/null ||
	fail "growth differs from statsmodels"
# synth plants growth per collaboration partner (the panel's `partners`;
# degree also counts friction-only partners, so it is not the planted term).
run --db "$DB" outcomes --section growth --observation members --measures partners --format json
expect_status 0 "outcomes growth on partners"
cp "$WORK/stdout" "$WORK/planted.json"
planted=$(sed -n 's/^#define CO_SYNTH_GROWTH_PER_PARTNER \([0-9]*\).*/\1/p' "$TESTS/../include/coalition/synth.h")
$CHECK planted "$WORK/planted.json" partners "$planted" >/dev/null || fail "planted growth not recovered"

# Retention: group sizes from the files, counted independently.
run --db "$DB" outcomes --section retention --split partner:union --format json
expect_status 0 "outcomes retention"
# retention_counts DIR KIND: with a union tie in the first year / ended,
# without / ended, over orgs with a founding date (of KIND, or "all").
retention_counts() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import csv, sys
d, kind = sys.argv[1], sys.argv[2]
orgs = {r["key"]: r for r in csv.DictReader(open(d + "/orgs.csv"))}
def ym(t, last):
    y = int(t[:4]); m = int(t[5:7]) if len(t) >= 7 else (12 if last else 1)
    return y * 12 + m - 1
union = set()
for t in csv.DictReader(open(d + "/ties.csv")):
    if t["sign"] != "1":
        continue
    for a, b in ((t["source"], t["target"]), (t["target"], t["source"])):
        if orgs[b]["kind"] != "union" or not orgs[a]["founded"]:
            continue
        f = int(orgs[a]["founded"][:4]) * 12
        start_ok = not t["start"] or ym(t["start"], False) <= f + 12
        end_ok = not t["end"] or ym(t["end"], True) >= f
        if start_ok and end_ok:
            union.add(a)
with_f = [k for k, r in orgs.items() if r["founded"] and kind in ("all", r["kind"])]
yes = [k for k in with_f if k in union]
ended = lambda ks: sum(1 for k in ks if orgs[k]["ended"])
print(len(yes), ended(yes), len(with_f) - len(yes), ended(with_f) - ended(yes))
PY
}
expected=$(retention_counts "$WORK/s" all)
[ -n "$expected" ] || fail "counting retention groups from the synth files"
json_eq 'd["retention"]["groups"][0]["n"], d["retention"]["groups"][0]["events"], d["retention"]["groups"][1]["n"], d["retention"]["groups"][1]["events"]' \
	"$expected"
json_eq 'd["retention"]["logrank"]["df"]' "1"

# The report's retention asks it of chapters (the view has them), as
# `outcomes --subjects chapter` does: the same counts from the files, over
# chapters only, stand in its sentence.
set -- $(retention_counts "$WORK/s" chapter)
[ $# -eq 4 ] || fail "counting chapters with a union tie from the synth files"
run --db "$DB" --quiet report --out "$WORK/report.html"
expect_status 0 "report with outcomes"
grep -q "Retention: of $1 chapters with a tie to a union in their first year, $2 ended; of $3 without one, $4 ended" \
	"$WORK/report.html" || fail "the report's retention does not count chapters: $1 $2 $3 $4 expected, $(grep -o 'Retention: of [^(]*' "$WORK/report.html")"

# The planted retention effect, recovered: on 10000 chapters (about 260 with
# a union tie in their first year), chapters only (other orgs never end in
# synth: left in, they would lift both curves), the Kaplan-Meier curves lie
# within their intervals of the survival worked out from synth's yearly
# ending probabilities (panel_check.py retention says how).
run --quiet synth --chapters 10000 --out "$WORK/s10k"
expect_status 0 "synth 10000"
run --db "$WORK/r.db" --quiet import "$WORK/s10k"
expect_status 0 "import synth 10000"
run --db "$WORK/r.db" outcomes --section retention --split partner:union --subjects chapter --format json
expect_status 0 "retention of chapters"
cp "$WORK/stdout" "$WORK/retention.json"
end_with=$(sed -n 's/^#define CO_SYNTH_END_UNION_PERMILLE \([0-9]*\).*/\1/p' "$TESTS/../include/coalition/synth.h")
end_without=$(sed -n 's/^#define CO_SYNTH_END_PERMILLE \([0-9]*\).*/\1/p' "$TESTS/../include/coalition/synth.h")
$CHECK retention "$WORK/retention.json" "$end_with" "$end_without" >/dev/null ||
	fail "planted retention not recovered"
run --db "$WORK/r.db" outcomes --section retention --subjects chapter,national --format table
expect_status 0 "retention of two subject kinds"
run --db "$DB" outcomes --section growth --observation members --measures partners --subjects chapter --format json
expect_status 0 "growth of chapters"
json_eq 'd["growth"]["subjects"], d["growth"]["n"] > 0' "chapter True"

# Usage errors exit 2; data errors 1.
run --db "$DB" panel --every decade
expect_status 2 "bad --every"
run --db "$DB" outcomes --split partner
expect_status 2 "bad --split"
run --db "$DB" outcomes --subjects ,
expect_status 2 "empty --subjects"
run --db "$DB" panel --as-of 2020
expect_status 1 "panel with --as-of"
expect_stderr_has "use --from and --to" "panel --as-of message"
run --db "$DB" outcomes --section growth --observation volunteers
expect_status 1 "growth on an observation the store lacks"
finish
