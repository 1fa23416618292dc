# test_edit.sh - merge, delete and unmerge through the CLI, on the seed
# dataset and on a synthetic store: after each undo an SQL dump of the store
# (Python's sqlite3 iterdump, every table and row) equals the one taken
# before; the counts of a merge are the hand counts of
# tests/fixtures/edit/README.md; a change whose rows a later change touched
# is refused with the rows named.
. "$(dirname "$0")/lib.sh"

# store_dump and same_dump: lib.sh.

# ---- the hand-counted fixture
DB="$WORK/e.db"
run --db "$DB" import "$TESTS/fixtures/edit"
expect_status 0 "import the edit fixture"
store_dump "$DB" "$WORK/e0.sql"
run --db "$DB" merge --dry-run k d1 d2 --format json
expect_status 0 "dry run"
json_eq '(d["dry_run"], d["ties_moved"], d["ties_combined"], d["ties_dropped"])' "(True, 2, 2, 2)"
same_dump "$DB" "$WORK/e0.sql" "dry run"
run --db "$DB" merge k d1 d2 --format table
expect_status 0 "merge"
head -1 "$WORK/stdout" | grep -q '^change 1: merged into k: d1, d2$' || fail "table starts with change 1:"
expect_stdout_has "undo with: coalition unmerge 1" "undo hint"
run --db "$DB" sql "SELECT count(*) FROM ties" --format csv
expect_stdout_has "4" "4 ties left"
run --db "$DB" unmerge --list --format json
json_eq '[(c["change"], c["kind"]) for c in d]' "[(1, 'merge')]"
run --db "$DB" unmerge 1 --format table
expect_status 0 "unmerge"
expect_stdout_has "change 1 (merge) undone" "unmerge says so"
same_dump "$DB" "$WORK/e0.sql" "merge then unmerge"

# A later change touching the merged rows blocks the undo.
run --db "$DB" merge k d1 --format json
json_eq 'd["change"]' 1
run --db "$DB" delete tie 3 --format json
json_eq '(d["change"], d["deleted"]["ties"], d["deleted"]["tie_sources"])' "(2, 1, 1)"
run --db "$DB" unmerge 1
expect_status 1 "blocked undo"
expect_stderr_has "change 1 cannot be undone" "blocked: says which"
expect_stderr_has "ties row 3 was deleted by change 2 (delete)" "blocked: names the row and change"
run --db "$DB" unmerge 2
expect_status 0 "undo the delete"
run --db "$DB" unmerge 1
expect_status 0 "then the merge"
same_dump "$DB" "$WORK/e0.sql" "two changes undone in reverse"

# Usage errors.
run --db "$DB" merge k
expect_status 2 "merge with one org"
run --db "$DB" delete thing x
expect_status 2 "delete what?"
run --db "$DB" unmerge abc
expect_status 2 "unmerge abc"
run --db "$DB" unmerge 9
expect_status 1 "no change 9"
expect_stderr_has "no change 9" "unmerge 9 message"
run --db "$DB" merge k nobody
expect_status 1 "unknown org"
expect_stderr_has "no org 'nobody'" "unknown org message"
same_dump "$DB" "$WORK/e0.sql" "failed edits change nothing"

# ---- the seed dataset: every kind of delete, and a merge, each undone
DB="$WORK/seed.db"
run --db "$DB" import "$TESTS/../datasets/seed"
expect_status 0 "import seed"
store_dump "$DB" "$WORK/s0.sql"
first_keys() { python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(' '.join(x['key'] for x in r[:int(sys.argv[2])]))" "$1" "$2"; }
ORGS=$(first_keys "$TESTS/../datasets/seed/orgs.csv" 3)
run --db "$DB" merge $ORGS --format json
expect_status 0 "merge three seed orgs"
run --db "$DB" unmerge 1
expect_status 0 "unmerge seed"
same_dump "$DB" "$WORK/s0.sql" "seed merge"
for what in org event source; do
	file=orgs; [ "$what" = event ] && file=events; [ "$what" = source ] && file=sources
	KEY=$(first_keys "$TESTS/../datasets/seed/$file.csv" 1)
	run --db "$DB" delete "$what" "$KEY" --format json
	expect_status 0 "delete $what $KEY"
	run --db "$DB" unmerge 1
	expect_status 0 "undo delete $what"
	same_dump "$DB" "$WORK/s0.sql" "seed delete $what"
done
run --db "$DB" delete tie 1 2 3 --format json
expect_status 0 "delete ties 1 2 3"
json_eq 'd["deleted"]["ties"]' 3
run --db "$DB" unmerge 1
same_dump "$DB" "$WORK/s0.sql" "seed delete ties"

# ---- a synthetic store: merges and a delete stacked, undone newest first
DB="$WORK/synth.db"
run synth --chapters 400 --out "$WORK/synth"
expect_status 0 "synth"
run --db "$DB" import "$WORK/synth"
expect_status 0 "import synth"
store_dump "$DB" "$WORK/y0.sql"
run --db "$DB" merge ch-000001 ch-000002 ch-000003 --format json
expect_status 0 "merge three chapters"
run --db "$DB" merge ngo-00000 ngo-00001 --format json
expect_status 0 "merge two NGOs"
run --db "$DB" delete org natl-project --format json
expect_status 0 "delete a national"
run --db "$DB" unmerge 3
expect_status 0 "undo delete"
run --db "$DB" unmerge 2
expect_status 0 "undo NGO merge"
run --db "$DB" unmerge 1
expect_status 0 "undo chapter merge"
same_dump "$DB" "$WORK/y0.sql" "synth merges and delete"
finish
