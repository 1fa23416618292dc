# test_tie_ids.sh - ties' stable ids (the id column of ties.csv, ties.key in
# the store; issue 15 item 4).  On tests/fixtures/import/base, whose friction
# tie ind-national -> ind-oh-cle (2019) has id fr-2019 and the other six
# ties none, every expected count is read off the rows written here:
#   - a row with id fr-2019 and start 2019-03 changes that tie (1 changed,
#     7 ties), where the same row without the id is a new tie (1 added, 8);
#   - a row with an id whose identity is a stored tie without one gives the
#     tie that id (1 changed), and a later row with the id corrects its start;
#   - the id goes through export csv and back, survives a merge of one of
#     the tie's ends (the merged key is an alias then), and delete/merge undo
#     leave the store byte-identical.
#   - a tie whose row id is above 2^32 (inserted with sqlite3: an import
#     never makes one) keeps its row id in the network, so that export finds
#     its key, note and source, and diff prints that id.
# The refused ids (twice in a file, naming a tie with other ends, ...) are
# tests/fixtures/bad/tie_id_*.
. "$(dirname "$0")/lib.sh"

DB="$WORK/t.db"
sql() { "$COALITION" --db "$DB" sql "$1" --format csv | tail -n +2; }
ties_dir() { # NAME ROWS... : a directory with an empty orgs.csv and these ties
	mkdir -p "$WORK/$1"
	printf 'key,name,kind\n' >"$WORK/$1/orgs.csv"
	local name=$1
	shift
	printf '%s\n' "$@" >"$WORK/$name/ties.csv"
}

run --db "$DB" import "$TESTS/fixtures/import/base"
expect_status 0 "import base"
[ "$(sql "SELECT count(*) FROM ties")" = 7 ] || fail "base has 7 ties"
[ "$(sql "SELECT start FROM ties WHERE key = 'fr-2019'")" = 2019 ] || fail "fr-2019 stored"

# ---- a corrected start, with the id: the tie changes
ties_dir corr 'id,source,target,kind,sign,start,sources,note' \
	'fr-2019,ind-national,ind-oh-cle,friction,-1,2019-03,S2,endorsement dispute'
run --db "$DB" import --dry-run --list csv "$WORK/corr"
expect_status 0 "dry run of the correction"
expect_stdout_has 'ties.csv,2,change,"ind-national -> ind-oh-cle (friction from 2019-03), id fr-2019"' \
	"the dry run lists a change, not an addition"
run --db "$DB" import "$WORK/corr"
expect_status 0 "import the correction"
expect_stderr_has "ties 1 (0 added, 1 changed)" "a corrected start is a change"
[ "$(sql "SELECT count(*) FROM ties")" = 7 ] || fail "still 7 ties after the correction"
[ "$(sql "SELECT start FROM ties WHERE key = 'fr-2019'")" = 2019-03 ] || fail "fr-2019 starts 2019-03"
[ "$(sql "SELECT count(*) FROM ties WHERE kind = 'friction' AND start = '2019'")" = 0 ] ||
	fail "the old start is gone"
run --db "$DB" import "$WORK/corr"
expect_stderr_has "ties 1 (0 added, 0 changed)" "the same correction again changes nothing"

# ---- a new start without an id: a new tie, reported as added
ties_dir noid 'source,target,kind,sign,start' '1199,aclu-oh,partnership,positive,2020-06'
run --db "$DB" import "$WORK/noid"
expect_status 0 "import a new start without id"
expect_stderr_has "ties 1 (1 added, 0 changed)" "a new identity is added, never changed"
[ "$(sql "SELECT count(*) FROM ties")" = 8 ] || fail "8 ties: the 2020-05 tie stays"

# ---- a stored tie without an id takes the row's; then the id corrects it
ties_dir adopt 'id,source,target,kind,directed' 'aff-seiu,seiu-1199,seiu,affiliation,1'
run --db "$DB" import "$WORK/adopt"
expect_status 0 "give a stored tie an id"
expect_stderr_has "ties 1 (0 added, 1 changed)" "taking an id is a change"
[ "$(sql "SELECT count(*) FROM ties WHERE key = 'aff-seiu' AND start IS NULL")" = 1 ] ||
	fail "seiu-1199 -> seiu has id aff-seiu"
ties_dir adopt2 'id,source,target,kind,directed,start' 'aff-seiu,seiu-1199,seiu,affiliation,1,1990'
run --db "$DB" import "$WORK/adopt2"
expect_stderr_has "ties 1 (0 added, 1 changed)" "the id corrects the start"
[ "$(sql "SELECT start FROM ties WHERE key = 'aff-seiu'")" = 1990 ] || fail "aff-seiu starts 1990"
[ "$(sql "SELECT count(*) FROM ties")" = 8 ] || fail "still 8 ties"
# v_ties, the analysts' view, shows it.
[ "$(sql "SELECT source || '>' || target FROM v_ties WHERE key = 'aff-seiu'")" = "seiu-1199>seiu" ] ||
	fail "v_ties shows the id"

# ---- export csv writes the ids; a new store from it has the same ties
run --db "$DB" export --format csv --out "$WORK/out"
expect_status 0 "export csv"
python3 - "$WORK/out/ties.csv" <<'PY' || fail "ties.csv of the export lacks the ids"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
ids = sorted(r["id"] for r in rows if r["id"])
assert ids == ["aff-seiu", "fr-2019"], ids
assert len(rows) == 8, len(rows)
PY
run --db "$WORK/copy.db" --quiet import "$WORK/out"
expect_status 0 "import the export"
python3 "$TESTS/cli/store_canon.py" "$DB" ties >"$WORK/a.json"
python3 "$TESTS/cli/store_canon.py" "$WORK/copy.db" ties >"$WORK/b.json"
cmp -s "$WORK/a.json" "$WORK/b.json" || fail "the ties (ids included) differ after export and import"

# ---- delete by id, merge of an end; each undone byte for byte
store_dump "$DB" "$WORK/d0.sql"
run --db "$DB" delete tie aff-seiu --format json
expect_status 0 "delete a tie by its id"
json_eq 'd["deleted"]["ties"]' 1
run --db "$DB" unmerge 1
expect_status 0 "undo the delete"
same_dump "$DB" "$WORK/d0.sql" "delete by id, undone"
run --db "$DB" merge ind-oh-cbus ind-oh-cle --format json
expect_status 0 "merge ind-oh-cle into ind-oh-cbus"
[ "$(sql "SELECT source || '>' || target FROM v_ties WHERE key = 'fr-2019'")" = "ind-national>ind-oh-cbus" ] ||
	fail "fr-2019 moved with its end"
# ind-oh-cle is an alias of ind-oh-cbus now: the row still names the same tie.
run --db "$DB" import "$WORK/corr"
expect_status 0 "the correction after the merge"
expect_stderr_has "ties 1 (0 added, 0 changed)" "the id finds the moved tie"
run --db "$DB" unmerge 1
expect_status 0 "unmerge"
same_dump "$DB" "$WORK/d0.sql" "merge with a keyed tie, undone"

# ---- a row id above 2^32: 4294967303 = 2^32 + 7, weight 0.1, from 2020
sqlite3 "$DB" "INSERT INTO ties(id, source_id, target_id, kind, sign, weight, start, note, key)
	SELECT 4294967303, s.id, t.id, 'campaign', 1, 0.1, '2020', 'far id', 'big-one'
	FROM orgs s, orgs t WHERE s.key = 'ind-national' AND t.key = 'seiu-1199';
	INSERT INTO tie_sources(tie_id, source_id)
	SELECT 4294967303, id FROM sources WHERE key = 'S1';" ||
	fail "inserting a tie of row id 2^32 + 7"
run --db "$DB" export --format json
expect_status 0 "export json with a row id above 2^32"
json_eq '[(t["note"], t["sources"], t["weight"]) for t in d["ties"] if t["id"] == "big-one"]' \
	"[('far id', 'S1', 0.1)]"
run --db "$DB" diff --from 2019-06 --to 2020-06 --format json
expect_status 0 "diff with a row id above 2^32"
json_eq '[(t["id"], t["note"]) for t in d["ties_added"] if t["source"] == "ind-national"]' \
	"[(4294967303, 'far id')]"
finish
