#!/bin/bash
# coalition import from the command line: the one-line report, importing the
# same directory twice changes nothing, --dry-run writes nothing, a changed
# directory updates, --help and usage errors.  Expected numbers are counted by
# hand from tests/fixtures/import/ (see tests/unit/test_import.c).
#
# usage: test_import.sh PATH_TO_coalition TESTS_DIR
set -u
bin=$1
tests=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# COALITION_WRAP: a prefix such as valgrind for every command (see lib.sh).
if [ -n "${COALITION_WRAP:-}" ]; then
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$COALITION_WRAP" "$bin" >"$work/.coalition"
	chmod +x "$work/.coalition"
	bin=$work/.coalition
fi
db="$work/t.db"
passed=0
failed=0

check() { # name, condition command...
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		failed=$((failed + 1))
	fi
}
counts() {
	for t in orgs aliases ties events participation sources tie_sources; do
		printf '%s=%s ' "$t" "$(sqlite3 "$db" "select count(*) from $t")"
	done
}
has() { grep -qF -- "$1" "$2"; }

# A dry run into a store that does not exist yet leaves no file behind.
"$bin" --db "$db" import --dry-run "$tests/fixtures/import/base" >/dev/null 2>"$work/err"
check "dry run exits 0" [ $? = 0 ]
check "dry run report" has "orgs 6 (6 to add, 0 to change), ties 7 (7 to add, 0 to change)" "$work/err"
check "dry run into a new store leaves no file" [ -z "$(ls "$work" | grep -F t.db)" ]

"$bin" --db "$db" import "$tests/fixtures/import/base" 2>"$work/err"
check "first import exits 0" [ $? = 0 ]
check "first import report" has "orgs 6 (6 added, 0 changed), ties 7 (7 added, 0 changed), events 2 (2 added, 0 changed), participation 4 (4 added, 0 changed), sources 2 (2 added, 0 changed), observations 0 (0 added, 0 changed); aliases 4, tie sources 5" "$work/err"
first=$(counts)
check "first import counts" [ "$first" = "orgs=6 aliases=4 ties=7 events=2 participation=4 sources=2 tie_sources=5 " ]

"$bin" --db "$db" import "$tests/fixtures/import/base" 2>"$work/err"
check "second import exits 0" [ $? = 0 ]
check "second import changes nothing" has "orgs 6 (0 added, 0 changed), ties 7 (0 added, 0 changed), events 2 (0 added, 0 changed), participation 4 (0 added, 0 changed), sources 2 (0 added, 0 changed)" "$work/err"
check "second import counts" [ "$(counts)" = "$first" ]

# The dry run of the changed directory lists the rows it would add or change
# (4 orgs, 4 ties, 2 participation rows, 2 sources: the counts below), and
# says per file what would be added, changed and left alone.  The added rows
# are those the store gains below: 1 org, 2 ties, 1 participation, 1 source.
"$bin" --db "$db" import --dry-run --list csv "$tests/fixtures/import/changed" >"$work/out" 2>"$work/err"
check "dry run with a list exits 0" [ $? = 0 ]
check "dry run list: a header and 12 rows" [ "$(wc -l <"$work/out")" = 13 ]
check "dry run list header" [ "$(head -1 "$work/out")" = "file,line,action,row" ]
check "dry run list: the new org" has "orgs.csv,6,add,ind-oh-day" "$work/out"
check "dry run list: 5 rows added" [ "$(grep -c ',add,' "$work/out")" = 5 ]
check "dry run per file" has "would be: orgs.csv 1 added, 3 changed, 1 unchanged; ties.csv 2, 2, 1; events.csv 0, 0, 0; participation.csv 1, 1, 0; sources.csv 1, 1, 0" "$work/err"
check "dry run changes nothing" [ "$(counts)" = "$first" ]
"$bin" --db "$db" import --dry-run --list json "$tests/fixtures/import/changed" >"$work/out" 2>/dev/null
check "dry run list as JSON" [ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/out")" = 12 ]

"$bin" --db "$db" import "$tests/fixtures/import/changed" 2>"$work/err"
check "changed import report" has "orgs 5 (1 added, 3 changed), ties 5 (2 added, 2 changed), events 0 (0 added, 0 changed), participation 2 (1 added, 1 changed), sources 2 (1 added, 1 changed)" "$work/err"
check "changed import counts" [ "$(counts)" = "orgs=7 aliases=5 ties=9 events=2 participation=5 sources=3 tie_sources=6 " ]
check "changed weight" [ "$(sqlite3 "$db" "select weight from ties where kind = 'campaign'")" = 4.0 ]

"$bin" --db "$db" --quiet import "$tests/fixtures/import/changed" 2>"$work/err"
check "--quiet prints nothing" [ ! -s "$work/err" ]

"$bin" import --help >"$work/out" 2>&1
check "--help exits 0" [ $? = 0 ]
check "--help has examples" has "Examples:" "$work/out"
"$bin" help import >"$work/out2" 2>&1
check "help import is --help" cmp -s "$work/out" "$work/out2"

"$bin" --db "$db" import 2>"$work/err"
check "no directory is a usage error" [ $? = 2 ]
"$bin" --db "$db" import "$tests/fixtures/import/base" --format xlsx 2>"$work/err"
check "--format xlsx is not supported" [ $? = 2 ]
check "--format message" has "coalition: import: --format: 'xlsx' is not one of csv, graphml, gml" "$work/err"
"$bin" --db "$db" import --bogus "$tests/fixtures/import/base" 2>"$work/err"
check "unknown option is a usage error" [ $? = 2 ]
"$bin" --db "$db" import "$work/nowhere" 2>"$work/err"
check "missing directory exits 1" [ $? = 1 ]
check "missing directory message" has "coalition: cannot open $work/nowhere/orgs.csv: No such file or directory" "$work/err"

# Forms a spreadsheet has (tests/fixtures/import/forms): orgs.csv separated
# by ';', ties.csv by tabs; states as names in any case and with accents,
# Canadian provinces, Puerto Rico by name and Guam as a country; a name with a
# line break and a double space; dates M/D/YYYY with --date-order mdy; extra
# columns; a friction tie with no sign; a misspelt tie kind.  Expected values
# by reading the files; coordinates are GeoNames' (Montreal 45.5088 -73.5878,
# Toronto 43.7001 -79.4163, San Juan 18.4663 -66.1057) and the state points
# of src/import_places_states.inc (Natural Earth centroids; capitals elsewhere).
fdb="$work/forms.db"
q() { sqlite3 "$fdb" "$1"; }
"$bin" --db "$fdb" import "$tests/fixtures/import/forms" 2>"$work/err"
check "M/D/YYYY without --date-order is refused" [ $? = 1 ]
check "the refusal names the option" has "orgs.csv:2: founded '1/21/2017' is not ISO (YYYY-MM-DD); add --date-order mdy" "$work/err"
"$bin" --db "$fdb" import --date-order mdy "$tests/fixtures/import/forms" 2>"$work/err"
check "forms import exits 0" [ $? = 0 ]
check "forms: placement counts" has "orgs placed: 0 by their lat/lon, 3 by their city (gazetteer), 3 at their state's point (city unknown or none), 1 not placed" "$work/err"
check "forms: extra column note" has "note: orgs.csv:1: column website is not in the schema" "$work/err"
check "forms: folded name note" has "note: orgs.csv:2: name has line breaks, tabs or runs of spaces; folded to one space" "$work/err"
check "forms: did-you-mean note" has "note: ties.csv:4: kind 'partnershp' is not in tie_kinds (did you mean partnership?); added to it" "$work/err"
check "forms: states stored as codes" [ "$(q "select group_concat(key || '=' || country || '/' || state, ' ') from orgs")" = "qc-local=CA/QC on-local=CA/ON pr-council=US/PR dc-chapter=US/DC ak-town=US/AK gu-group=US/GU nowhere=US/" ]
check "forms: placed" [ "$(q "select group_concat(placed, ' ') from orgs")" = "city city city state state state none" ]
check "forms: Montreal from the gazetteer" [ "$(q "select abs(lat - 45.5088) < 0.01 and abs(lon + 73.5878) < 0.01 from orgs where key = 'qc-local'")" = 1 ]
check "forms: San Juan from the gazetteer" [ "$(q "select abs(lat - 18.4663) < 0.01 and abs(lon + 66.1057) < 0.01 from orgs where key = 'pr-council'")" = 1 ]
check "forms: Alaska at its centroid" [ "$(q "select lat || ',' || lon from orgs where key = 'ak-town'")" = "64.375529,-152.825957" ]
check "forms: folded name" [ "$(q "select name from orgs where key = 'qc-local'")" = "Syndicat local de Québec" ]
check "forms: M/D/YYYY read" [ "$(q "select founded from orgs where key = 'qc-local'")" = 2017-01-21 ]
check "forms: attributes" [ "$(q "select group_concat(owner || ':' || name || '=' || value, ' ') from attributes")" = "org:website=https://example.org/qc org:website=https://example.org/dc tie:grant=5000" ]
check "forms: friction is negative" [ "$(q "select sign || ' ' || start from ties where kind = 'friction'")" = "-1 2018-03-01" ]
check "forms: funding is directed" [ "$(q "select directed from ties where kind = 'funding'")" = 1 ]
check "forms: new tie kind recorded" [ "$(q "select count(*) from tie_kinds where name = 'partnershp'")" = 1 ]
check "forms: events" [ "$(q "select group_concat(key || '=' || country || '/' || state || '/' || date, ' ') from events")" = "ev-mx=MX//2017-01-21 ev-nb=CA/NB/2017-01-21" ]
"$bin" --db "$fdb" import --date-order mdy "$tests/fixtures/import/forms" 2>"$work/err"
check "forms: second import changes nothing" has "orgs 7 (0 added, 0 changed), ties 3 (0 added, 0 changed), events 2 (0 added, 0 changed)" "$work/err"
"$bin" --db "$fdb" import --date-order dmy "$tests/fixtures/import/forms" 2>"$work/err"
check "forms: --date-order dmy refuses 1/21/2017" has "orgs.csv:2: founded '1/21/2017' is not a date that exists (month 21, day 1 with --date-order dmy)" "$work/err"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
