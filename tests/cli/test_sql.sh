# test_sql.sh - `coalition sql`: answers from the views on the hand-written
# fixture tests/fixtures/interchange (counts read off its CSV files), and a
# write refused by SQLite with the store left exactly as it was.
. "$(dirname "$0")/lib.sh"
DB="$WORK/s.db"

run --db "$DB" import "$TESTS/fixtures/interchange"
expect_status 0 "import the fixture"

# ties.csv has one friction row: uaw -> seiu.
run --db "$DB" sql "SELECT source, target, source_kind, target_name FROM v_ties WHERE sign = -1" --format csv
expect_status 0 "select from v_ties"
expect_stdout_has 'uaw,seiu,union,"SEIU 1199 ""United"""' "friction tie with names and kinds"
# orgs.csv: 3 chapters, 1 national, 1 ngo, 2 other, 3 unions.
run --db "$DB" sql --format json "SELECT kind, count(*) AS n FROM orgs GROUP BY kind ORDER BY kind"
json_eq '[(r["kind"], r["n"]) for r in d]' "[('chapter', 3), ('national', 1), ('ngo', 1), ('other', 2), ('union', 3)]"
# v_metrics keeps the latest run's value: run 1 says 1, run 2 says 2.
python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO runs(id, command) VALUES (1, 'centrality'), (2, 'centrality')")
c.execute("INSERT INTO metrics SELECT 1, id, 'pagerank', 1 FROM orgs WHERE key = 'nat'")
c.execute("INSERT INTO metrics SELECT 2, id, 'pagerank', 2 FROM orgs WHERE key = 'nat'")
c.commit()
PY
run --db "$DB" sql --format json "SELECT key, name, value, run_id FROM v_metrics"
json_eq '[(r["key"], r["name"], r["value"], r["run_id"]) for r in d]' "[('nat', 'pagerank', 2.0, 2)]"

dump() {
	python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('\n'.join(c.iterdump()))" "$DB"
}
dump >"$WORK/before.sql"
run --db "$DB" sql "DELETE FROM orgs"
expect_status 1 "delete refused"
expect_stderr_has "read-only" "delete: the message says the store is read-only"
expect_stderr_has "attempt to write a readonly database" "delete: SQLite's own refusal is quoted"
expect_stdout_empty "delete"
run --db "$DB" sql "UPDATE ties SET weight = 9; "
expect_status 1 "update refused"
run --db "$DB" sql "DROP VIEW v_ties"
expect_status 1 "drop refused"
run --db "$DB" sql "ATTACH DATABASE '$WORK/other.db' AS other"
expect_status 1 "attach refused"
[ ! -e "$WORK/other.db" ] || fail "attach created a file"
run --db "$DB" sql "SELECT 1; DELETE FROM orgs"
expect_status 1 "second statement refused"
expect_stderr_has "one statement at a time" "second statement message"
dump >"$WORK/after.sql"
cmp -s "$WORK/before.sql" "$WORK/after.sql" || fail "the store changed"

run --db "$DB" sql "SELEC 1"
expect_status 1 "syntax error"
expect_stderr_has 'syntax error' "SQLite's syntax message"
run --db "$DB" sql
expect_status 2 "no statement"
finish
