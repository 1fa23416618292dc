# test_golden.sh - the golden CLI tests of DESIGN.md section 8.  Each
# tests/golden/CASE holds cmd (the arguments after `coalition --db DB`, in
# shell quoting), and the expected stdout, stderr and status, worked by hand
# from tests/fixtures/golden (its README draws the network), or from the
# fixture a `fixture` file in the case names (tests/fixtures/NAME); the three
# are compared separately and exactly.  A new case is a new folder.
. "$(dirname "$0")/lib.sh"

DB="$WORK/golden.db"
"$COALITION" --db "$DB" --quiet import "$TESTS/fixtures/golden" ||
	fail "importing tests/fixtures/golden"

# Each other fixture a case names, imported once into $WORK/NAME.db (here,
# not inside $( ), so that a failed import fails the test).
for name in $(cat "$TESTS"/golden/*/fixture 2>/dev/null | sort -u); do
	"$COALITION" --db "$WORK/$name.db" --quiet import "$TESTS/fixtures/$name" ||
		fail "importing tests/fixtures/$name"
done

cases=0
for dir in "$TESTS"/golden/*/; do
	name=$(basename "$dir")
	db="$DB"
	[ -f "$dir/fixture" ] && db="$WORK/$(cat "$dir/fixture").db"
	eval "set -- $(cat "$dir/cmd")"
	run --db "$db" "$@"
	cases=$((cases + 1))
	[ "$STATUS" = "$(cat "$dir/status")" ] ||
		fail "$name: exit $STATUS, expected $(cat "$dir/status")"
	cmp -s "$WORK/stdout" "$dir/stdout" ||
		fail "$name: stdout differs from $dir/stdout: $(diff "$dir/stdout" "$WORK/stdout")"
	cmp -s "$WORK/stderr" "$dir/stderr" ||
		fail "$name: stderr differs from $dir/stderr: $(diff "$dir/stderr" "$WORK/stderr")"
done
[ "$cases" -ge 25 ] || fail "only $cases golden cases ran"
echo "$cases golden cases"
finish
