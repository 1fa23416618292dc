# test_duplicates.sh - `coalition duplicates` on real data: the AFSCME
# directory (tests/fixtures/duplicates/afscme, one org per directory row)
# against the hand labels of tests/fixtures/duplicates/afscme_labels.csv
# (README.md there says how they were made).  Precision and recall at the
# default threshold are printed and must both reach 0.9.  Then the command's
# usage errors and JSON shape.
. "$(dirname "$0")/lib.sh"
DB="$WORK/d.db"
FIX="$TESTS/fixtures/duplicates"

run --db "$DB" import "$FIX/afscme"
expect_status 0 "import the AFSCME directory"
run --db "$DB" duplicates --format csv
expect_status 0 "duplicates at the default threshold"
cp "$WORK/stdout" "$WORK/pairs.csv"
python3 "$TESTS/cli/duplicates_eval.py" "$FIX/afscme_labels.csv" "$WORK/pairs.csv" 0.9 ||
	fail "precision or recall below 0.9"

# The same pairs in JSON, best first, with reasons.
run --db "$DB" duplicates --format json --top 3
expect_status 0 "json"
json_eq 'len(d["pairs"])' 3
json_eq 'sorted(d["pairs"][0])' "['a', 'a_name', 'b', 'b_name', 'reasons', 'score']"
json_eq 'all(d["pairs"][i]["score"] >= d["pairs"][i + 1]["score"] for i in range(2))' True
# Lines 2 and 16 both list the Southern Region Office (Atlanta): equal names.
json_eq '[p["a"] + "," + p["b"] for p in d["pairs"]][0]' "afscme-002,afscme-016"
json_eq 'd["pairs"][0]["reasons"][0]' "same name after normalization"

# A higher threshold reports a subset; --kinds filters the orgs (all unions here).
run --db "$DB" duplicates --format csv --min-score 0.95 --kinds union
expect_status 0 "min-score 0.95"
python3 -c "import csv, sys; sys.exit(0 if all(float(r['score']) >= 0.95 for r in csv.DictReader(open(sys.argv[1]))) else 1)" "$WORK/stdout" ||
	fail "pairs under --min-score"

run --db "$DB" duplicates --min-score 2
expect_status 2 "min-score out of range"
expect_stderr_has "--min-score: 2 is out of range (0 to 1)" "min-score message"
run --db "$DB" duplicates --top x
expect_status 2 "bad top"
run --db "$DB" duplicates extra
expect_status 2 "extra argument"
run --db "$DB" duplicates --help
expect_status 0 "help"
expect_stdout_has "coalition duplicates --min-score 0.9" "help has examples"
run --db "$WORK/none.db" duplicates
expect_status 1 "no store"
# The import of orgs that duplicate each other says so, best pair first.
run --db "$WORK/n.db" import "$FIX/small"
expect_status 0 "import small"
expect_stderr_has "likely duplicates among the orgs just added" "import note"
expect_stderr_has "  1.00  c57-eureka (Council 57: Eureka Office) / c57-hq (Council 57: Oakland (Headquarters))" "note: best pair first"
# Importing the same files again adds no org: no note.
run --db "$WORK/n.db" import "$FIX/small"
expect_status 0 "import small again"
grep -q "likely duplicates" "$WORK/stderr" && fail "no new orgs, no note"
run --db "$WORK/q.db" --quiet import "$FIX/small"
expect_status 0 "quiet import"
[ ! -s "$WORK/stderr" ] || fail "--quiet import prints nothing"
finish
