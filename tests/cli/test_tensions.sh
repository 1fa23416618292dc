# test_tensions.sh - `coalition tensions` on Read's Highland Tribes
# (tests/fixtures/gahuku_gama): the published frustration index 7 (Aref &
# Wilson 2018) and the values of tests/reference/tensions_expected.py
# (exhaustive search, HiGHS, NetworkX triangles) in expected.json; the run
# and per-org metrics saved unless --no-save; option errors exit 2 and leave
# the store unchanged.
. "$(dirname "$0")/lib.sh"
DB="$WORK/t.db"
EXPECTED="$TESTS/fixtures/gahuku_gama/expected.json"

count() {
	python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$DB" "$1"
}

run --db "$DB" init
run --db "$DB" import "$TESTS/fixtures/gahuku_gama"
expect_status 0 "import gahuku_gama"

run --db "$DB" tensions --format json
expect_status 0 "tensions json"
json_eq "d['frustration']['value']" 7
json_eq "d['frustration']['exact']" True
json_eq "d['frustration']['lower_bound']" 7
json_eq "sorted(sorted(p) for p in d['frustration']['edges']) == json.load(open('$EXPECTED'))['frustrated']" True
json_eq "d['triangles'] == json.load(open('$EXPECTED'))['triangles']" True
json_eq "d['balance'] == 59/68" True
json_eq "d['cluster_error']" 2
json_eq "d['method']" exact
json_eq "d['clusters_optimal']" True
json_eq "sorted(sorted(c['members']) for c in d['clusters']) == sorted(sorted(g) for g in json.load(open('$EXPECTED'))['hage_harary_partition'])" True
json_eq "[c['size'] for c in d['clusters']]" "[7, 5, 4]"
json_eq "[d['kind_pairs'][0]['positive'], d['kind_pairs'][0]['negative']]" "[29, 29]"
json_eq "'by_year' in d" False
[ "$(count 'select count(*) from runs where command = "tensions"')" = 1 ] || fail "one run saved"
[ "$(count 'select count(*) from metrics')" = 48 ] || fail "16 orgs x 3 metrics saved"
[ "$(count "select value from metrics m join orgs o on o.id = m.org_id where o.key = 'geham' and m.name = 'frustration_share'")" = "$(python3 -c 'print(3/9)')" ] \
	|| fail "geham: 3 of its 9 ties frustrated"

run --db "$DB" tensions --no-save --section summary --format csv
expect_status 0 "summary csv"
expect_stdout_has "frustration,7" "summary row"
expect_stdout_has "cluster_error,2" "cluster error row"
[ "$(count 'select count(*) from runs')" = 1 ] || fail "--no-save saves nothing"

run --db "$DB" tensions --no-save --method spinglass --by-year --format json
expect_status 0 "spinglass"
json_eq "d['method']" spinglass
json_eq "d['cluster_error'] >= 2" True
json_eq "d['by_year'][0]['year']" None

run --db "$DB" tensions --no-save --format csv
expect_status 0 "all sections csv"
expect_stdout_has "# frustrated" "section titles in csv"
expect_stdout_has "source,source_name,target,target_name,kind,sign,weight" "frustrated header (names beside keys)"

for bad in "--method louvain" "--time-limit 0" "--time-limit abc" "--section nope"; do
	run --db "$DB" tensions $bad
	expect_status 2 "$bad"
	expect_stdout_empty "$bad"
done
run --db "$DB" tensions --kinds nonsense-kind
expect_status 2 "bad view value"
[ "$(count 'select count(*) from runs')" = 1 ] || fail "errors leave the store unchanged"

run --db "$DB" tensions --help
expect_status 0 "help"
expect_stdout_has "Examples:" "usage examples"

# A view larger than one slice (16384 orgs, cmd_tensions.c): the CSV orgs
# section has its header once and the orgs of the JSON document, in order;
# the frustrated section has the ties JSON lists.  The searches stop on a
# work budget, not the clock, so both runs do the same searches.
BIG="$WORK/big.db"
run --quiet synth --chapters 15000 --out "$WORK/big"
expect_status 0 "synth"
"$COALITION" --db "$BIG" init 2>/dev/null
"$COALITION" --db "$BIG" import "$WORK/big" 2>/dev/null
run --db "$BIG" tensions --no-save --format csv
expect_status 0 "big csv"
cp "$WORK/stdout" "$WORK/big.csv"
run --db "$BIG" tensions --no-save --format json
expect_status 0 "big json"
cp "$WORK/stdout" "$WORK/big1.json"
json_eq "d['time_limit_reached']" False
json_eq "d['work'] > 0 and d['work'] <= d['work_budget']" True
got=$(python3 - "$WORK/big.csv" "$WORK/stdout" <<'EOF2'
import csv, io, json, sys
sections, name = {}, None
for line in open(sys.argv[1], newline=""):
    if line.startswith("# "):
        name = line[2:].strip()
        sections[name] = ""
    elif name:
        sections[name] += line
doc = json.load(open(sys.argv[2]))
orgs_text = sections["orgs"]
header = orgs_text.splitlines()[0]
rows = list(csv.DictReader(io.StringIO(orgs_text.strip("\n") + "\n")))
share = lambda text: None if text == "" else float(text)
same = (sum(1 for l in orgs_text.splitlines() if l == header) == 1 and len(rows) == len(doc["orgs"])
        and all(r["key"] == o["key"] and int(r["side"]) == o["side"] and int(r["cluster"]) == o["cluster"]
                and share(r["frustration_share"]) == o["frustration_share"] for r, o in zip(rows, doc["orgs"])))
frustrated = list(csv.DictReader(io.StringIO(sections["frustrated"].strip("\n") + "\n")))
same = same and [[r["source"], r["target"]] for r in frustrated] == doc["frustration"]["edges"]
print("ok %d" % len(rows) if same else "differ: %d csv rows, %d json" % (len(rows), len(doc["orgs"])))
EOF2
)
case "$got" in
ok*) [ "${got#ok }" -gt 16384 ] || fail "the view fits one slice: $got" ;;
*) fail "big csv vs json: $got" ;;
esac

# Reproducible by default (DESIGN section 6): a second run on the same store
# and seed prints the same bytes, work spent included, however busy the
# machine is (the work budget counts units of work, never seconds).
run --db "$BIG" tensions --no-save --format json
expect_status 0 "big json again"
cmp -s "$WORK/stdout" "$WORK/big1.json" || fail "two tensions runs on the same store and seed differ"
run --db "$BIG" tensions --no-save --format csv
cmp -s "$WORK/stdout" "$WORK/big.csv" || fail "two tensions csv runs differ"
# A smaller --work stops the searches sooner, the same way each time.
run --db "$BIG" tensions --no-save --format json --work 2e6
expect_status 0 "small work budget"
cp "$WORK/stdout" "$WORK/small1.json"
json_eq "d['work_budget']" 2000000
json_eq "d['frustration']['exact']" False
run --db "$BIG" tensions --no-save --format json --work 2e6
cmp -s "$WORK/stdout" "$WORK/small1.json" || fail "two --work 2e6 runs differ"

# --time-limit is an extra cap: 1 ms (each search gets at least 10 ms)
# cannot hold the 200 local-search rounds of 75,000 ties (about 170,000
# units each), so it binds, and the output and a note on stderr say so.
run --db "$BIG" tensions --no-save --format json --time-limit 0.001
expect_status 0 "tiny time limit"
json_eq "d['time_limit_reached']" True
expect_stderr_has "coalition: --time-limit 0.001 stopped the search before its work budget was spent" \
	"time limit note"
run --db "$BIG" tensions --no-save --section summary --format csv --time-limit 0.001
expect_stdout_has "time_limit_reached,true" "time limit in the summary table"
finish
