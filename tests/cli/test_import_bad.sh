#!/bin/bash
# Every bad input of tests/fixtures/bad/<case>/, fed as a new user would:
# import the good base dataset, then the bad directory, and check the exit
# code and message that <case>/expected names (line 1: exit code, line 2: a
# substring of stderr, with FILE:LINE; line 3, optional: options of the
# import, such as --strict), that the row count of every table is what it
# was before, that the store file is byte for byte what it was, and that no
# new file was left next to it.  The same bad directory imported into a
# store that does not exist leaves no file at all.
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
	sum_before=$(sha256sum <"$db")
	files_before=$(ls "$work" | grep -F "$name.db")
	want_code=$(sed -n 1p "$dir/expected")
	want_text=$(sed -n 2p "$dir/expected")
	want_options=$(sed -n 3p "$dir/expected")
	# shellcheck disable=SC2086  # the options are words
	"$bin" --db "$db" import $want_options "$dir" >"$work/out" 2>"$work/err"
	code=$?
	sum_after=$(sha256sum <"$db")
	files_after=$(ls "$work" | grep -F "$name.db")
	after=$(counts "$db")
	ok=1
	if [ "$want_code" = 1 ] && [ "$sum_before" != "$sum_after" ]; then
		echo "FAIL $name: the store file changed"
		ok=0
	fi
	if [ "$want_code" = 1 ] && [ "$files_before" != "$files_after" ]; then
		echo "FAIL $name: files next to the store changed: $files_before -> $files_after"
		ok=0
	fi
	if [ "$want_code" = 1 ]; then
		# (Some cases are bad only against the base store: those import.)
		if ! "$bin" --db "$work/fresh.db" import $want_options "$dir" >/dev/null 2>&1 &&
		   ls "$work"/fresh.db* >/dev/null 2>&1; then
			echo "FAIL $name: a failed import into a new store left $(ls "$work"/fresh.db*)"
			ok=0
		fi
		rm -f "$work"/fresh.db*
	fi
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
	   ! grep -qE '^coalition: ([0-9]+ problems?|[0-9]+ kinds of problem).*nothing was imported$' "$work/err"; then
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
