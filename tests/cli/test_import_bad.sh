#!/bin/bash
# Every bad input of tests/fixtures/bad/<case>/, fed as a new user would:
# import the good base dataset, then the bad directory, and check the exit
# code and message that <case>/expected names (line 1: exit code, line 2: a
# substring of stderr, with FILE:LINE) and that the row count of every table
# is what it was before.
#
# usage: test_import_bad.sh PATH_TO_coalition TESTS_DIR
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
tables="orgs aliases ties events participation sources tie_sources runs metrics observations"

counts() {
	local db=$1 out=""
	for t in $tables; do
		out="$out $t=$(sqlite3 "$db" "select count(*) from $t")"
	done
	echo "$out"
}

passed=0
failed=0
for dir in "$tests"/fixtures/bad/*/; do
	name=$(basename "$dir")
	db="$work/$name.db"
	if ! "$bin" --db "$db" --quiet import "$tests/fixtures/import/base" 2>"$work/base.err"; then
		echo "FAIL $name: the base import failed: $(cat "$work/base.err")"
		failed=$((failed + 1))
		continue
	fi
	before=$(counts "$db")
	want_code=$(sed -n 1p "$dir/expected")
	want_text=$(sed -n 2p "$dir/expected")
	"$bin" --db "$db" import "$dir" >"$work/out" 2>"$work/err"
	code=$?
	after=$(counts "$db")
	ok=1
	if [ "$code" != "$want_code" ]; then
		echo "FAIL $name: exit $code, expected $want_code"
		ok=0
	fi
	if ! grep -F -- "$want_text" "$work/err" | grep -q '^coalition: '; then
		echo "FAIL $name: stderr lacks a line 'coalition: ...$want_text...'; it was:"
		sed 's/^/    /' "$work/err"
		ok=0
	fi
	if [ -s "$work/out" ]; then
		echo "FAIL $name: unexpected stdout: $(cat "$work/out")"
		ok=0
	fi
	if [ "$before" != "$after" ]; then
		echo "FAIL $name: the store changed:$before ->$after"
		ok=0
	fi
	# The closing line counts the problems listed (or says the list was cut).
	if [ "$want_code" = 1 ] && grep -q '^coalition: [a-z_]*\.csv:[0-9]*: ' "$work/err" &&
	   ! grep -qE '^coalition: ([0-9]+ problems?|more than [0-9]+ problems).*nothing was imported$' "$work/err"; then
		echo "FAIL $name: no closing 'N problems; nothing was imported' line"
		ok=0
	fi
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
