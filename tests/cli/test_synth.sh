# test_synth.sh - `coalition synth`: the same seed gives the same bytes and
# another seed other bytes; the files follow the generator's rules
# (synth_check.py derives every expected count from N and the rates in
# include/coalition/synth.h); they import cleanly and the store then holds
# exactly the rows of the files (counted by Python's csv module); a
# non-empty directory is refused without --force; bad options are usage
# errors; progress never reaches a stderr that is not a terminal.
. "$(dirname "$0")/lib.sh"
CHECK="$TESTS/cli/synth_check.py"

run synth --chapters 2000 --out "$WORK/a"
expect_status 0 "synth a"
expect_stdout_empty "synth writes files, not stdout"
expect_stderr_has "wrote $WORK/a:" "synth note"
[ "$(grep -c . "$WORK/stderr")" -eq 1 ] || fail "stderr has more than the note (progress off a terminal?)"
run --seed 1 synth --chapters 2000 --out "$WORK/b"
expect_status 0 "synth b (explicit default seed)"
for f in orgs.csv ties.csv events.csv participation.csv sources.csv README.md; do
	cmp -s "$WORK/a/$f" "$WORK/b/$f" || fail "same seed, different $f"
done
run --quiet --seed 2 synth --chapters 2000 --out "$WORK/c"
expect_status 0 "synth c"
[ ! -s "$WORK/stderr" ] || fail "--quiet synth printed on stderr"
for f in orgs.csv ties.csv participation.csv; do
	cmp -s "$WORK/a/$f" "$WORK/c/$f" && fail "seeds 1 and 2 give the same $f"
done
ls -A "$WORK/a" | sort | tr '\n' ' ' >"$WORK/listing"
[ "$(cat "$WORK/listing")" = "README.md events.csv observations.csv orgs.csv participation.csv sources.csv ties.csv " ] ||
	fail "files in the output dir: $(cat "$WORK/listing")"

# The rules, at three sizes (1 and 7 exercise the minimum counts).
for n in 1 7 20000; do
	run --seed 3 synth --chapters $n --out "$WORK/n$n"
	expect_status 0 "synth $n"
	python3 "$CHECK" "$WORK/n$n" $n >"$WORK/check" 2>&1 || fail "rules at N=$n: $(cat "$WORK/check")"
done
python3 "$CHECK" "$WORK/a" 2000 >"$WORK/check" 2>&1 || fail "rules at N=2000: $(cat "$WORK/check")"

# Import: every row lands.  Expected counts come from the files.
for dir in a n7; do
	DB="$WORK/$dir.db"
	run --db "$DB" init
	run --db "$DB" import "$WORK/$dir"
	expect_status 0 "import $dir"
	run --db "$DB" summary --format json
	expect_status 0 "summary $dir"
	expected=$(python3 - "$WORK/$dir" <<'PY'
import csv, sys
rows = lambda f: list(csv.DictReader(open(f"{sys.argv[1]}/{f}", encoding="utf-8", newline="")))
o, t = rows("orgs.csv"), rows("ties.csv")
print(len(o), len(t), sum(x["sign"] == "1" for x in t), sum(x["sign"] == "-1" for x in t),
      sum(x["kind"] == "chapter" for x in o), sum(x["kind"] == "union" for x in o))
PY
)
	json_eq 'd["orgs"], d["ties"], d["positive"], d["negative"], d["kinds"]["chapter"], d["kinds"]["union"]' "$expected"
	run --db "$DB" sql --format csv "SELECT (SELECT count(*) FROM events) || ' ' || (SELECT count(*) FROM participation) || ' ' || (SELECT count(*) FROM sources) || ' ' || (SELECT count(*) FROM tie_sources) || ' ' || (SELECT count(*) FROM orgs WHERE parent_id IS NOT NULL) AS n"
	expected=$(python3 - "$WORK/$dir" <<'PY'
import csv, sys
rows = lambda f: list(csv.DictReader(open(f"{sys.argv[1]}/{f}", encoding="utf-8", newline="")))
t = rows("ties.csv")
print(len(rows("events.csv")), len(rows("participation.csv")), len(rows("sources.csv")),
      sum(len([s for s in x["sources"].split(";") if s]) for x in t),
      sum(x["parent"] != "" for x in rows("orgs.csv")))
PY
)
	[ "$(tail -n 1 "$WORK/stdout")" = "$expected" ] ||
		fail "$dir: store has '$(tail -n 1 "$WORK/stdout")', files '$expected'"
done

# A non-empty directory is refused and left alone; --force replaces our files.
mkdir "$WORK/busy" && echo keep >"$WORK/busy/notes.txt"
run synth --chapters 10 --out "$WORK/busy"
expect_status 1 "non-empty dir"
expect_stderr_has "is not empty (use --force" "non-empty message"
[ "$(ls -A "$WORK/busy")" = notes.txt ] || fail "refused synth left files: $(ls -A "$WORK/busy")"
run synth --chapters 10 --out "$WORK/busy" --force
expect_status 0 "--force"
[ -s "$WORK/busy/ties.csv" ] && [ "$(cat "$WORK/busy/notes.txt")" = keep ] || fail "--force result"
run synth --chapters 2000 --out "$WORK/a" --force
expect_status 0 "--force over the same files"
cmp -s "$WORK/a/ties.csv" "$WORK/b/ties.csv" || fail "rewritten ties.csv differs"
[ -z "$(ls -A "$WORK/a" | grep '^\.')" ] || fail "temporary files left: $(ls -A "$WORK/a")"

# A file where the directory should be, and bad values: nothing is written.
echo x >"$WORK/file"
run synth --chapters 10 --out "$WORK/file"
expect_status 1 "out is a file"
expect_stderr_has "is not a directory" "out is a file message"
run synth --chapters 0 --out "$WORK/zero"
expect_status 2 "zero chapters"
expect_stderr_has "coalition: synth: --chapters: 0 is out of range (1 to 5000000)" "zero chapters message"
[ ! -e "$WORK/zero" ] || fail "a refused synth created its directory"
run synth --chapters 5000001 --out "$WORK/huge"
expect_status 2 "too many chapters"
run synth --chapters ten --out "$WORK/ten"
expect_status 2 "non-numeric chapters"
expect_stderr_has "coalition: see 'coalition help synth'" "help hint shown"
run synth --out "$WORK/none"
expect_status 2 "missing --chapters"
run synth --chapters 10
expect_status 2 "missing --out"
run synth --chapters 10 --out "$WORK/x" extra
expect_status 2 "extra argument"
run synth --bogus
expect_status 2 "unknown option"
[ ! -e "$WORK/none" ] && [ ! -e "$WORK/x" ] && [ ! -e "$WORK/ten" ] || fail "usage error wrote files"

run help synth
expect_status 0 "help synth"
expect_stdout_has "Examples:" "synth usage has examples"
finish
