# test_replace.sh - `import --replace DIR` (issue 15 item 5): the files are
# the whole truth for the tables they cover.  The store is
# tests/fixtures/roundtrip (every table); the replacing directory is a copy
# with rows left out, chosen so that the deletions can be counted by hand:
#   orgs.csv          without ch-2, which takes along its 3 ties (friction
#                     ngo-ch-2, campaign ch-2-ngo, training ch-1-ch-2), the
#                     training tie's source (1) and contact attribute (1), and
#                     its observation (1);
#   events.csv        without ev-2, which takes along nat's participation;
#   sources.csv       without src-plain (no tie cites it; its archive
#                     attribute goes with it);
#   ties.csv          also without ch-1 -> ngo (partnership), with its 2
#                     sources and its contact attribute;
#   participation.csv also without ngo at ev-1;
#   observations.csv  also without ch-1's members on 2019-01-01.
# So: orgs 1, ties 4, tie_sources 3, attributes 3, events 1, participation 2,
# sources 1, observations 2 deleted; 11 rows listed by --dry-run.  Then the
# store equals a new store importing the directory (store_canon.py), and
# undoing the change gives back the store byte for byte (SQL dump).
. "$(dirname "$0")/lib.sh"

RT="$TESTS/fixtures/roundtrip"
DB="$WORK/r.db"
LESS="$WORK/less"
canon() { python3 "$TESTS/cli/store_canon.py" "$@"; }
mkdir -p "$LESS"
python3 - "$RT" "$LESS" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
drop = {
    "orgs.csv": lambda r: r["key"] == "ch-2",
    "events.csv": lambda r: r["key"] == "ev-2",
    "sources.csv": lambda r: r["key"] == "src-plain",
    "ties.csv": lambda r: "ch-2" in (r["source"], r["target"]) or r["kind"] == "partnership",
    "participation.csv": lambda r: r["event"] == "ev-2" or r["org"] == "ngo",
    "observations.csv": lambda r: r["org"] == "ch-2" or r["date"] == "2019-01-01",
}
for name, gone in drop.items():
    reader = csv.DictReader(open(f"{src}/{name}", newline=""))
    with open(f"{dst}/{name}", "w", newline="") as out:
        w = csv.DictWriter(out, reader.fieldnames, lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in reader if not gone(r))
PY

run --db "$DB" --quiet import "$RT"
expect_status 0 "import the round-trip fixture"
store_dump "$DB" "$WORK/before.sql"

# ---- --dry-run lists what would go and changes nothing
run --db "$DB" import --replace --dry-run --list json "$LESS"
expect_status 0 "dry run"
json_eq 'sorted((c["file"], c["row"]) for c in d if c["action"] == "delete")' \
	"[('events.csv', 'ev-2'), ('observations.csv', 'ch-1 members on 2019-01-01'), ('observations.csv', 'ch-2 volunteers on 2020-01-01'), ('orgs.csv', 'ch-2'), ('participation.csv', 'nat at ev-2'), ('participation.csv', 'ngo at ev-1'), ('sources.csv', 'src-plain'), ('ties.csv', 'ch-1 -> ch-2 (training from 2020), id tr-2020'), ('ties.csv', 'ch-1 -> ngo (partnership from 2018-01)'), ('ties.csv', 'ch-2 -> ngo (campaign), id pact, \"secret\"'), ('ties.csv', 'ngo -> ch-2 (friction from 2019)')]"
json_eq 'len([c for c in d if c["action"] != "delete"])' 0
expect_stderr_has "replace would delete:" "the dry run counts"
same_dump "$DB" "$WORK/before.sql" "dry run"

# ---- the replace: counts, one change, the store as the files say
run --db "$DB" import --replace --list json "$LESS"
expect_status 0 "replace"
json_eq 'd["change"]' 1
json_eq 'sorted(d["deleted"].items())' \
	"[('attributes', 3), ('events', 1), ('observations', 2), ('orgs', 1), ('participation', 2), ('sources', 1), ('tie_sources', 3), ('ties', 4)]"
json_eq 'd["updated"]' "{}"
expect_stderr_has "orgs 4 (0 added, 0 changed), ties 1 (0 added, 0 changed)" "the kept rows are unchanged"
expect_stderr_has "replace deleted: " "the report counts the deletions"
expect_stderr_has "(change 1: undo with 'coalition unmerge 1')" "the report names the change"
run --db "$DB" unmerge --list --format json
json_eq '[(c["change"], c["kind"]) for c in d]' "[(1, 'replace')]"
run --db "$WORK/fresh.db" --quiet import "$LESS"
expect_status 0 "import the smaller directory into a new store"
canon "$DB" >"$WORK/replaced.json"
canon "$WORK/fresh.db" >"$WORK/fresh.json"
cmp -s "$WORK/replaced.json" "$WORK/fresh.json" ||
	fail "after --replace the store differs from a new store of the files: $(diff "$WORK/replaced.json" "$WORK/fresh.json" | head -20)"

# ---- undo: byte for byte what it was
run --db "$DB" unmerge 1 --format json
expect_status 0 "undo the replace"
same_dump "$DB" "$WORK/before.sql" "replace, undone"

# ---- the table form, and a replace that finds nothing to delete
run --db "$DB" import --replace --list table "$LESS"
expect_status 0 "replace again (table)"
head -1 "$WORK/stdout" | grep -q "^change 1: import --replace $LESS deleted, with:$" ||
	fail "the table form starts with 'change 1:'"
expect_stdout_has "undo with: coalition unmerge 1" "undo hint"
run --db "$DB" import --replace --list json "$LESS"
expect_status 0 "replace with nothing left to delete"
json_eq '(d["change"], d["deleted"])' "(0, {})"
run --db "$DB" unmerge --list --format json
json_eq 'len(d)' 1

# ---- only orgs.csv and ties.csv: the other tables are not covered
run --db "$WORK/two.db" --quiet import "$RT"
mkdir -p "$WORK/two"
cp "$LESS/orgs.csv" "$LESS/ties.csv" "$WORK/two/"
run --db "$WORK/two.db" import --replace --list json "$WORK/two"
expect_status 0 "replace orgs and ties only"
# ch-2's observation goes with it; ch-1's, ev-2 and ngo at ev-1 stay.
json_eq 'sorted(d["deleted"].items())' \
	"[('attributes', 2), ('observations', 1), ('orgs', 1), ('tie_sources', 3), ('ties', 4)]"
[ "$(sqlite3 "$WORK/two.db" "SELECT count(*) FROM events")" = 2 ] || fail "events.csv absent: events kept"

# ---- a row naming what the replace would delete is refused, store unchanged
mkdir -p "$WORK/dangling"
cp "$LESS"/*.csv "$WORK/dangling/"
cp "$RT/ties.csv" "$WORK/dangling/ties.csv"
DB="$WORK/d.db"
run --db "$DB" --quiet import "$RT"
sum=$(sha256sum <"$DB")
run --db "$DB" import --replace "$WORK/dangling"
expect_status 1 "ties name an org orgs.csv lacks"
# Rows 5 and 7 of the fixture's ties.csv have target ch-2, row 6 source ch-2
# (row 3's note takes two lines).
expect_stderr_has "ties.csv: 2 rows (5, 7): target 'ch-2' is in the store but not in orgs.csv: import --replace deletes it (add it to orgs.csv, or leave out this row)" \
	"the message names the rows and the org"
expect_stderr_has "ties.csv:6: source 'ch-2' is in the store but not in orgs.csv" "and the source"
[ "$(sha256sum <"$DB")" = "$sum" ] || fail "a refused replace changed the store"
# An alias of an org the replace deletes may go to an org of the file (it
# moves with the import, so the undo gives the org back without it).
mkdir -p "$WORK/al1" "$WORK/al2"
printf 'key,name,kind,aliases\na,A,ngo,Alpha\nb,B,ngo,\n' >"$WORK/al1/orgs.csv"
printf 'source,target,kind\na,b,partnership\n' >"$WORK/al1/ties.csv"
printf 'key,name,kind,aliases\nb,B,ngo,Alpha\n' >"$WORK/al2/orgs.csv"
printf 'source,target,kind\n' >"$WORK/al2/ties.csv"
run --db "$WORK/al.db" --quiet import "$WORK/al1"
run --db "$WORK/al.db" import --replace --list json "$WORK/al2"
expect_status 0 "an alias moves from an org the replace deletes"
json_eq 'sorted(d["deleted"].items())' "[('orgs', 1), ('ties', 1)]"
[ "$(sqlite3 "$WORK/al.db" "SELECT o.key FROM aliases a JOIN orgs o ON o.id = a.org_id WHERE alias = 'Alpha'")" = b ] ||
	fail "Alpha is b's alias"
run --db "$DB" import --replace --format graphml "$WORK/x.graphml"
expect_status 2 "--replace with a graph file"
finish
