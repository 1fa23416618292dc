# test_events.sh - `coalition events`: the sections on tests/fixtures/events
# (counted by hand: see tests/unit/test_events.c for the working), the run
# it saves, its usage errors, and on synth data the turnout regression
# finding the planted coefficients (include/coalition/synth.h: leads 0.25,
# union 0.6, ngo 0.3) inside its 95% intervals; and the shipped real data's
# events (2017 Women's March) in the campaigns, on the map and in the report.
. "$(dirname "$0")/lib.sh"
DB="$WORK/events.db"

run --db "$DB" init
run --db "$DB" import "$TESTS/fixtures/events"
expect_status 0 "import the events fixture"

run --db "$DB" events --format json
expect_status 0 "events json"
json_eq "(len(d['coleads']['pairs']), d['coleads']['orgs'])" "(9, 8)"
json_eq "[(p['a'], p['b'], p['events']) for p in d['coleads']['pairs'][:2]]" \
	"[('ch-oh1', 'seiu', 3), ('aclu', 'ch-pa', 1)]"
json_eq "[c['key'] for c in d['coleads']['central']]" \
	"['aclu', 'ch-oh1', 'seiu', 'ch-oh2', 'ch-pa', 'nat', 'sierra', 'ch-wi']"
json_eq "[(k['a'], k['b'], k['pairs']) for k in d['coleads']['kind_pairs'][:2]]" \
	"[('chapter', 'ngo', 3), ('chapter', 'union', 2)]"
json_eq "[(j['campaign'], j['state'], j['joined'], j['missing']) for j in d['joined']]" \
	"[('Climate 2019', 'OH', ['ch-oh1'], ['ch-oh2']), ('Climate 2019', 'PA', ['ch-pa'], []), ('Climate 2019', 'WI', [], ['ch-wi']), ('March 2017', 'OH', ['ch-oh1', 'ch-oh2'], []), ('March 2017', 'PA', [], ['ch-pa']), ('March 2017', 'WI', ['ch-wi'], [])]"
json_eq "[(c['campaign'], c['events'], c['turnout_low'], c['turnout_high']) for c in d['campaigns']]" \
	"[('Climate 2019', 2, 800, 1200), ('March 2017', 3, 1700, 3700)]"
json_eq "('error' in d['turnout'], d['turnout']['n'])" "(True, 5)"

# the run: every org's co-lead partners as a metric (ch-mi led alone: 0)
run --db "$DB" sql --format csv "SELECT key || '=' || value AS kv FROM v_metrics WHERE name = 'colead_partners' ORDER BY key"
[ "$(tr '\n' ' ' <"$WORK/stdout")" = "kv aclu=3.0 ch-mi=0.0 ch-oh1=3.0 ch-oh2=2.0 ch-pa=2.0 ch-wi=1.0 nat=2.0 seiu=3.0 sierra=2.0 " ] ||
	fail "colead_partners metrics: $(tr '\n' ' ' <"$WORK/stdout")"

# --section prints only its key; --campaign keeps one
run --db "$DB" events --section campaigns --campaign "March 2017" --format json
expect_status 0 "one campaign"
json_eq "(list(d), [c['campaign'] for c in d['campaigns']])" "(['campaigns'], ['March 2017'])"
run --db "$DB" events --section coleads --top 1 --format csv
expect_status 0 "coleads csv"
expect_stdout_has "ch-oh1,Columbus Chapter,seiu,SEIU Local 1,3" "the top pair in CSV"

# errors: usage (2), a campaign not in the view and a fit that cannot be made (1)
run --db "$DB" events --section nonsense
expect_status 2 "bad section"
run --db "$DB" events --predictors leads,unoin
expect_status 2 "bad predictor"
expect_stderr_has "unknown predictor 'unoin'" "names the bad predictor"
run --db "$DB" events --top -1
expect_status 2 "bad top"
run --db "$DB" events --campaign "March 2018"
expect_status 1 "unknown campaign"
expect_stderr_has "campaigns: Climate 2019, March 2017" "lists the campaigns"
run --db "$DB" events --section turnout
expect_status 1 "too few events for a fit"
expect_stderr_has "at least 6 needed" "says how many"
run --db "$DB" events --section turnout --predictors chapter
expect_status 1 "a predictor that never varies"
expect_stderr_has "'chapter' is 1 for every one of the 5 events" "names it"

# synth: the planted relation is found within the intervals
run synth --chapters 2000 --out "$WORK/synth"
expect_status 0 "synth"
run --db "$WORK/synth.db" init
run --db "$WORK/synth.db" import "$WORK/synth"
expect_status 0 "import synth"
run --db "$WORK/synth.db" events --section turnout --predictors leads,union,ngo --format json
expect_status 0 "turnout on synth"
json_eq "all(t['ci_low'] <= {'leads': 0.25, 'union': 0.6, 'ngo': 0.3}[t['name']] <= t['ci_high'] for t in d['turnout']['terms'])" "True"
json_eq "d['turnout']['n'] > 500 and 'not effect' in d['turnout']['note']" "True"
# campaigns: one per year, each with its national event and the local ones
run --db "$WORK/synth.db" events --section campaigns --format json --no-save
json_eq "[c['campaign'] for c in d['campaigns']] == ['day-of-action-%d' % y for y in range(2017, 2027)]" "True"

# The shipped real dataset: the 2017 Women's March crowd estimates
# (datasets/real).  Expected numbers come from the files by Python: the
# campaign's events and the sums of the two estimates from the raw
# spreadsheet; the events the map can draw are those in the US whose point
# lies in a region of Albers USA (render_layout.c: the lower 48 box, Alaska, Hawaii,
# Puerto Rico with the Virgin Islands).
REAL="$TESTS/../datasets/real"
cat >"$WORK/real_facts.py" <<'PY'
import csv, sys
raw = list(csv.DictReader(open(sys.argv[1] + "/raw/womens_march_2017_crowd_estimates.csv")))
ev = list(csv.DictReader(open(sys.argv[1] + "/events.csv")))
def drawn(e):
    lat, lon = float(e["lat"]), float(e["lon"])
    return (lat > 50.5 and (lon < -129 or lon > 170)) or (18 <= lat <= 23 and -161 <= lon <= -154) \
        or (17.5 <= lat <= 18.8 and -67.5 <= lon <= -64.4) or (24 <= lat <= 50 and -125 <= lon <= -66)
print(len(raw), int(sum(float(r["estimate_low"]) for r in raw)),
      int(sum(float(r["estimate_high"]) for r in raw)),
      sum(1 for e in ev if e["country"] == "US" and drawn(e)))
PY
read -r N LOW HIGH DRAWN <<<"$(/usr/bin/python3 "$WORK/real_facts.py" "$REAL")"
RDB="$WORK/real.db"
run --db "$RDB" init
run --db "$RDB" import --date-order mdy "$REAL"
expect_status 0 "import the real dataset"
expect_stderr_has "events placed: $N by their lat/lon" "every march placed by its coordinates"
run --db "$RDB" events --section campaigns --format json
expect_status 0 "campaigns of the real dataset"
json_eq "[(c['campaign'], c['events'], c['turnout_low'], c['turnout_high']) for c in d['campaigns']]" \
	"[('womens-march-2017', $N, $LOW, $HIGH)]"
run --db "$RDB" render --out "$WORK/marches.png" --layout geo --events-layer --labels none \
	--dump-layout "$WORK/marches.json"
expect_status 0 "the map with the events layer"
json_file_eq() { # EXPR FILE VALUE: like json_eq, on a JSON file
	got=$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2" 2>&1)
	[ "$got" = "$3" ] || fail "json $1 = '$got', expected '$3'"
}
json_file_eq "[t['text'] for t in d['texts'] if t['text'].startswith('Events:')]" "$WORK/marches.json" \
	"['Events: $DRAWN, area = turnout']"
json_file_eq "sum(1 for t in d['texts'] if t['text'] == '$((N - DRAWN)) events outside the states drawn are left out')" \
	"$WORK/marches.json" "1"
json_file_eq "[e['section'] for e in d['legend']].count('events')" "$WORK/marches.json" "3"
head -c 4 "$WORK/marches.png" | od -An -c | tr -d ' ' | grep -q "211PNG" || fail "marches.png is not a PNG"
run --db "$RDB" render --out "$WORK/kinds.png" --layout kinds --events-layer
expect_status 1 "the events layer needs the geo layout"
expect_stderr_has "needs --layout geo" "says so"
[ ! -e "$WORK/kinds.png" ] || fail "a refused map left a file"
run --db "$RDB" report --out "$WORK/real.html"
expect_status 0 "report of the real dataset"
grep -qF "The view has $N events in 1 campaign; $N have a crowd estimate, $LOW to $HIGH people" "$WORK/real.html" ||
	fail "the report's days of action: $N events, $LOW to $HIGH people"

finish
