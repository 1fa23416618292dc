# test_basics.sh - global behaviour of the command line: help, usage errors
# (exit 2, one message and a help hint on stderr), store errors (exit 1), and `summary` on the
# hand-counted fixture tests/fixtures/view/small.sql (see test_view.c for
# the reasoning behind each number).
. "$(dirname "$0")/lib.sh"
DB="$WORK/t.db"

run help
expect_status 0 "help"
expect_stdout_has "Commands:" "help lists commands"
expect_stdout_has "summary" "help lists summary"

run help summary
expect_status 0 "help summary"
cp "$WORK/stdout" "$WORK/help1"
run summary --help
expect_status 0 "summary --help"
cmp -s "$WORK/help1" "$WORK/stdout" || fail "help summary and summary --help differ"
expect_stdout_has "Examples:" "usage has examples"

run frobnicate
expect_status 2 "unknown command"
expect_stderr_has "coalition: unknown command 'frobnicate'" "unknown command message"
expect_stdout_empty "unknown command"

run summary --frobnicate
expect_status 2 "unknown option"
expect_stderr_has "coalition: summary: unknown option '--frobnicate'" "unknown option named"
expect_stderr_has "coalition: see 'coalition help summary'" "help hint on stderr"
expect_stdout_empty "unknown option"

run --db "$WORK/missing.db" summary
expect_status 1 "missing store"
expect_stderr_has "no store at $WORK/missing.db" "missing store message"
[ ! -e "$WORK/missing.db" ] || fail "summary created a store"

printf 'not a database at all\n' >"$WORK/text.db"
run --db "$WORK/text.db" summary
expect_status 1 "not a store"
expect_stderr_has "is not a coalition store" "not a store message"

run --db "$DB" init
expect_status 0 "init"
[ "$(stat -c %a "$DB")" = 600 ] || fail "store is not owner-only"
sqlite3 "$DB" <"$TESTS/fixtures/view/small.sql" || fail "loading small.sql"

run --db "$DB" summary --format json
expect_status 0 "summary json"
json_eq 'd["orgs"], d["ties"], d["positive"], d["negative"]' "7 8 6 2"
json_eq 'd["kinds"]["chapter"], d["kinds"]["national"], d["kinds"]["union"], d["kinds"]["ngo"], d["kinds"]["community"]' "3 1 1 1 1"
json_eq 'd["components"], round(d["density"], 12)' "2 0.333333333333"

# COALITION_DB names the store when --db is not given.
COALITION_DB="$DB" "$COALITION" summary --format csv >"$WORK/stdout" 2>"$WORK/stderr"
STATUS=$?
expect_status 0 "summary csv"
expect_stdout_has "measure,value" "csv header"
expect_stdout_has "ties,8" "csv ties"
expect_stdout_has "kind.chapter,3" "csv kind"

run --db "$DB" summary --format json --states OH --kinds chapter
expect_status 0 "summary filtered"
json_eq 'd["orgs"], d["ties"]' "2 1"

run --db "$DB" summary --format yaml
expect_status 2 "bad format"
expect_stderr_has "coalition: summary: --format: 'yaml' is not one of table, csv, json" "bad format message"

run --db "$DB" summary --as-of 2023-02-30
expect_status 2 "bad date"
expect_stderr_has "2023-02-30" "bad date named"

run --seed abc summary
expect_status 2 "bad seed"

# A store over 64 MB (here padded with a blob in a table of its own) or an
# import of over 32 MB of files starts the command again on huge pages
# (src/cli/hugepages_exec.c): the same output, status and messages.
run --db "$DB" summary --format json
expect_status 0 "summary before padding"
cp "$WORK/stdout" "$WORK/small.json"
sqlite3 "$DB" 'CREATE TABLE padding(b); INSERT INTO padding VALUES (zeroblob(70000000));'
[ "$(wc -c <"$DB")" -gt 67108864 ] || fail "the padded store is not over 64 MB"
run --db "$DB" summary --format json
expect_status 0 "summary of a big store"
cmp -s "$WORK/small.json" "$WORK/stdout" || fail "summary of the padded store differs"
run --db "$DB" summary --frobnicate
expect_status 2 "unknown option, big store"
expect_stderr_has "unknown option '--frobnicate'" "unknown option named, big store"
sqlite3 "$DB" 'DROP TABLE padding; VACUUM;'
truncate -s 70000000 "$WORK/big-text.db"
run --db "$WORK/big-text.db" summary
expect_status 1 "big file that is not a store"
expect_stderr_has "is not a coalition store" "big non-store message"

sqlite3 "$DB" 'PRAGMA user_version = 9999'
run --db "$DB" summary
expect_status 1 "newer store"
expect_stderr_has "newer than this coalition understands" "newer store message"

finish
