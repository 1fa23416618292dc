# test_seed.sh - datasets/seed imports cleanly, and the store then holds
# exactly what its CSV files say: the expected numbers are counted from the
# files by Python's csv module, not copied from our output.  Also checks
# the claims its README makes: every tie cites a numbered source except
# union ties (the document says union coordination is thinly documented),
# every one of src1..src11 is cited, friction ties have sign -1, every
# illustrative org says so in its name, and the UTF-8 names survive.
. "$(dirname "$0")/lib.sh"
SEED="$TESTS/../datasets/seed"
DB="$WORK/seed.db"

run --db "$DB" init
run --db "$DB" import "$SEED"
expect_status 0 "import seed"

# count and sql run inside $( ): a check there cannot reach FAILURES (the
# subshell's copy is lost), so on failure they print a text that equals no
# count and no other failure's text, and the comparison outside fails.
count() { # count PYTHON_EXPRESSION : evaluated with rows(FILE) available
	python3 - "$SEED" "$1" <<'PY' || echo "count failed: $1"
import csv, sys
from collections import Counter
def rows(f):
    return list(csv.DictReader(open(f"{sys.argv[1]}/{f}", encoding="utf-8", newline="")))
o, t = rows("orgs.csv"), rows("ties.csv")
print(eval(sys.argv[2]))
PY
}

run --db "$DB" summary --format json
expect_status 0 "summary"
json_eq 'd["orgs"], d["ties"], d["positive"], d["negative"]' \
	"$(count '" ".join(map(str, (len(o), len(t), sum(x["sign"] == "1" for x in t), sum(x["sign"] == "-1" for x in t))))')"
json_eq 'sorted((k, v) for k, v in d["kinds"].items() if v)' \
	"$(count 'sorted(Counter(x["kind"] for x in o).items())')"
json_eq 'sorted(d["tie_kinds"].items())' "$(count 'sorted(Counter(x["kind"] for x in t).items())')"

sql() {
	run --db "$DB" sql --format csv "$1"
	if [ "$STATUS" -ne 0 ]; then
		echo "sql failed ($STATUS): $1"
		return
	fi
	tail -n +2 "$WORK/stdout" | tr -d '\r' | tr '\n' ' ' | sed 's/ $//'
}
[ "$(sql 'SELECT count(*) FROM events')" = "$(count 'len(rows("events.csv"))')" ] || fail "events"
[ "$(sql 'SELECT count(*) FROM participation')" = "$(count 'len(rows("participation.csv"))')" ] ||
	fail "participation"
[ "$(sql 'SELECT count(*) FROM sources')" = "$(count 'len(rows("sources.csv"))')" ] || fail "sources"
[ "$(sql 'SELECT count(*) FROM tie_sources')" = \
	"$(count 'sum(len([s for s in x["sources"].split(";") if s]) for x in t)')" ] || fail "tie_sources"
[ "$(sql 'SELECT count(*) FROM aliases')" = \
	"$(count 'sum(len([s for s in x["aliases"].split(";") if s]) for x in o)')" ] || fail "aliases"
[ "$(sql 'SELECT count(*) FROM orgs WHERE parent_id IS NOT NULL')" = \
	"$(count 'sum(x["parent"] != "" for x in o)')" ] || fail "parents"
[ "$(sql "SELECT count(*) FROM orgs WHERE lat IS NOT NULL AND state <> ''")" = \
	"$(count 'sum(x["lat"] != "" and x["state"] != "" for x in o)')" ] || fail "placed orgs"

# UTF-8 names and cities arrive intact.
[ "$(sql "SELECT name FROM orgs WHERE key = 'chap-san-jose'")" = "Indivisible San José (illustrative)" ] ||
	fail "San José"
[ "$(sql "SELECT city FROM orgs WHERE key = 'chap-canon-city'")" = "Cañon City" ] || fail "Cañon City"

# The README's claims about sources.  Ties without a source in the store:
# exactly the chapter-union ties the files leave without one.
[ "$(sql "SELECT count(*) FROM v_ties WHERE n_sources = 0")" = \
	"$(count 'sum(x["sources"] == "" for x in t)')" ] || fail "unsourced ties"
[ "$(sql "SELECT count(*) FROM v_ties WHERE n_sources = 0 AND source_kind <> 'union' AND target_kind <> 'union'")" = 0 ] ||
	fail "a non-union tie has no source"
[ "$(sql "SELECT count(*) FROM v_ties WHERE n_sources > 0 AND (source_kind = 'union' OR target_kind = 'union')")" -le 1 ] ||
	fail "more than one union tie has a source"
[ "$(sql "SELECT count(DISTINCT s.key) FROM tie_sources ts JOIN sources s ON s.id = ts.source_id")" = 11 ] ||
	fail "not every numbered source is cited"
[ "$(sql "SELECT count(*) FROM ties WHERE (kind = 'friction') <> (sign = -1)")" = 0 ] ||
	fail "friction kind and sign disagree"
[ "$(sql "SELECT count(*) FROM orgs WHERE kind IN ('chapter','union','community') AND name NOT LIKE '%(illustrative)'")" = 0 ] ||
	fail "a local org is not marked illustrative"
[ "$(sql "SELECT count(*) FROM orgs WHERE kind = 'national'")" = 3 ] || fail "three national entities"

# tests/bench/to_peer_csv.py turns the seed into the peers' layout: same
# rows, ids in orgs.csv order, every tie's ids naming the same two orgs.
python3 "$TESTS/bench/to_peer_csv.py" "$SEED" "$WORK/peer" >"$WORK/stdout" 2>"$WORK/stderr" ||
	fail "to_peer_csv"
python3 - "$SEED" "$WORK/peer" >"$WORK/check" 2>&1 <<'PY' || fail "to_peer_csv output: $(cat "$WORK/check")"
import csv, sys
rows = lambda d, f: list(csv.DictReader(open(f"{d}/{f}", encoding="utf-8", newline="")))
o, t = rows(sys.argv[1], "orgs.csv"), rows(sys.argv[1], "ties.csv")
po, pt = rows(sys.argv[2], "orgs.csv"), rows(sys.argv[2], "ties.csv")
assert list(po[0]) == ["id", "name", "kind", "state", "lat", "lon"], list(po[0])
assert list(pt[0]) == ["source", "target", "kind", "sign", "weight", "year"], list(pt[0])
assert [(p["id"], p["name"], p["kind"], p["state"], p["lat"], p["lon"]) for p in po] == \
    [(str(i), x["name"], x["kind"], x["state"], x["lat"], x["lon"]) for i, x in enumerate(o)]
key = [x["key"] for x in o]
for x, p in zip(t, pt, strict=True):
    assert (key[int(p["source"])], key[int(p["target"])], p["kind"], p["sign"], p["weight"], p["year"]) == \
        (x["source"], x["target"], x["kind"], x["sign"], x["weight"], x["start"][:4]), (x, p)
PY

# Importing the same directory again changes nothing.
run --db "$DB" import "$SEED"
expect_status 0 "second import"
expect_stderr_has "orgs $(count 'len(o)') (0 added, 0 changed), ties $(count 'len(t)') (0 added, 0 changed)" "second import changes nothing"
finish
