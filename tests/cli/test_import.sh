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

# A dry run into a store that does not exist yet: created, but left empty.
"$bin" --db "$db" import --dry-run "$tests/fixtures/import/base" 2>"$work/err"
check "dry run exits 0" [ $? = 0 ]
check "dry run report" has "orgs 6 (6 would change), ties 7 (7 would change)" "$work/err"
check "dry run writes nothing" [ "$(counts)" = "orgs=0 aliases=0 ties=0 events=0 participation=0 sources=0 tie_sources=0 " ]

"$bin" --db "$db" import "$tests/fixtures/import/base" 2>"$work/err"
check "first import exits 0" [ $? = 0 ]
check "first import report" has "orgs 6 (6 changed), ties 7 (7 changed), events 2 (2 changed), participation 4 (4 changed), sources 2 (2 changed), observations 0 (0 changed); aliases 4, tie sources 5" "$work/err"
first=$(counts)
check "first import counts" [ "$first" = "orgs=6 aliases=4 ties=7 events=2 participation=4 sources=2 tie_sources=5 " ]

"$bin" --db "$db" import "$tests/fixtures/import/base" 2>"$work/err"
check "second import exits 0" [ $? = 0 ]
check "second import changes nothing" has "orgs 6 (0 changed), ties 7 (0 changed), events 2 (0 changed), participation 4 (0 changed), sources 2 (0 changed)" "$work/err"
check "second import counts" [ "$(counts)" = "$first" ]

"$bin" --db "$db" import "$tests/fixtures/import/changed" 2>"$work/err"
check "changed import report" has "orgs 5 (4 changed), ties 5 (4 changed), events 0 (0 changed), participation 2 (2 changed), sources 2 (2 changed)" "$work/err"
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
check "--format message" has "import: --format 'xlsx' is not supported" "$work/err"
"$bin" --db "$db" import --bogus "$tests/fixtures/import/base" 2>"$work/err"
check "unknown option is a usage error" [ $? = 2 ]
"$bin" --db "$db" import "$work/nowhere" 2>"$work/err"
check "missing directory exits 1" [ $? = 1 ]
check "missing directory message" has "coalition: cannot open $work/nowhere/orgs.csv: No such file or directory" "$work/err"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
