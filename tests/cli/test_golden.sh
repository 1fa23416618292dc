# test_golden.sh - the golden CLI tests of DESIGN.md section 8.  Each
# tests/golden/CASE holds cmd (the arguments after `coalition --db DB`, in
# shell quoting), and the expected stdout, stderr and status, worked by hand
# from tests/fixtures/golden (its README draws the network), or from the
# fixture a `fixture` file in the case names (tests/fixtures/NAME); the three
# are compared separately and exactly.  A new case is a new folder.
#
# cmd is expanded by the shell, so it may name $WORK (this run's scratch
# folder: `backup "$WORK/copy.db"`) and $TESTS (the tests folder: `import
# "$TESTS/fixtures/golden-import"`).  Before comparing, every occurrence of
# those two paths in stdout and stderr is replaced by the words WORK and
# TESTS, so expected texts never hold a machine's path.  Optional files:
#   fixture  a fixture name: DB is a store of tests/fixtures/NAME
#   empty    DB is a new path in $WORK with no store yet (for import)
#   filter   a shell command that stdout goes through before it is compared,
#            for output of which only a part is worked by hand (render
#            --dump-layout: keys, kinds, colors and labels, not coordinates);
#            it reads the normalised stdout (and may read the files the
#            command wrote, as $WORK/...) and must itself succeed
#   filter.stderr  the same for stderr (synth: the counts that are not
#            worked by hand)
#   after    a second command line (arguments of coalition, with its own
#            --db; expanded like cmd), run after cmd, whose stdout, stderr
#            and status must equal after.stdout, after.stderr (empty when
#            missing) and after.status (0 when missing): what cmd wrote
#            (`backup`, `export --out`) read back
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

# normalise FILE: $WORK and $TESTS (scratch and source paths) become WORK
# and TESTS (sed, with the paths' special characters escaped; not python,
# whose start-up on a loaded machine took seconds per file).
literal() { printf '%s' "$1" | sed 's/[][\/.*^$]/\\&/g'; }
WORK_RE=$(literal "$WORK")
TESTS_RE=$(literal "$TESTS")
normalise() {
	sed -i "s/$WORK_RE/WORK/g; s/$TESTS_RE/TESTS/g" "$1" || fail "cannot normalise $1"
}

# compare NAME WHAT EXPECTED: fails unless $WORK/WHAT equals EXPECTED.
compare() {
	cmp -s "$WORK/$2" "$3" ||
		fail "$1: $2 differs from $3: $(diff "$3" "$WORK/$2")"
}

cases=0
for dir in "$TESTS"/golden/*/; do
	name=$(basename "$dir")
	db="$DB"
	[ -f "$dir/fixture" ] && db="$WORK/$(cat "$dir/fixture").db"
	[ -f "$dir/empty" ] && db="$WORK/$name.db"
	eval "set -- $(cat "$dir/cmd")"
	run --db "$db" "$@"
	cases=$((cases + 1))
	normalise "$WORK/stdout"
	normalise "$WORK/stderr"
	if [ -f "$dir/filter" ]; then
		(eval "$(cat "$dir/filter")") <"$WORK/stdout" >"$WORK/filtered" ||
			fail "$name: the filter failed"
		mv "$WORK/filtered" "$WORK/stdout"
	fi
	if [ -f "$dir/filter.stderr" ]; then
		(eval "$(cat "$dir/filter.stderr")") <"$WORK/stderr" >"$WORK/filtered" ||
			fail "$name: the stderr filter failed"
		mv "$WORK/filtered" "$WORK/stderr"
	fi
	[ "$STATUS" = "$(cat "$dir/status")" ] ||
		fail "$name: exit $STATUS, expected $(cat "$dir/status")"
	compare "$name" stdout "$dir/stdout"
	compare "$name" stderr "$dir/stderr"
	if [ -f "$dir/after" ]; then
		eval "set -- $(cat "$dir/after")"
		run "$@"
		normalise "$WORK/stdout"
		normalise "$WORK/stderr"
		expected=0
		[ -f "$dir/after.status" ] && expected=$(cat "$dir/after.status")
		[ "$STATUS" = "$expected" ] || fail "$name (after): exit $STATUS, expected $expected"
		compare "$name (after)" stdout "$dir/after.stdout"
		if [ -f "$dir/after.stderr" ]; then
			compare "$name (after)" stderr "$dir/after.stderr"
		else
			compare "$name (after)" stderr /dev/null
		fi
	fi
done
[ "$cases" -ge 43 ] || fail "only $cases golden cases ran"
echo "$cases golden cases"
finish
