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
expect_stdout_has "source,target,kind,sign,weight" "frustrated header"

for bad in "--method louvain" "--time-limit 0" "--time-limit abc" "--section nope"; do
	run --db "$DB" tensions $bad
	expect_status 2 "$bad"
	expect_stdout_empty "$bad"
done
run --db "$DB" tensions --kinds nonsense-kind
expect_status 1 "bad view value"
[ "$(count 'select count(*) from runs')" = 1 ] || fail "errors leave the store unchanged"

run --db "$DB" tensions --help
expect_status 0 "help"
expect_stdout_has "Examples:" "usage examples"
finish
