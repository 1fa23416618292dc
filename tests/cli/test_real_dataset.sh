#!/bin/bash
# test_real_dataset.sh - datasets/real: convert.py turns the raw public files
# into exactly the converted files shipped beside it (so they cannot drift
# from the documented conversion), and the converted files hold what the raw
# files say: the expected numbers are counted here from raw/ with Python's
# csv module, independently of convert.py.  Then the conversion is imported:
# the store's counts and how its orgs were placed (by city through the
# gazetteer, or at their state's point) must be what real_dataset_check.py
# works out from the raw files; and a few orgs, named below with the address
# the AFSCME directory gives them, must be drawn inside their state's outline
# on the geographic map.
. "$(dirname "$0")/lib.sh"
REAL="$TESTS/../datasets/real"

mkdir -p "$WORK/conv"
python3 "$REAL/convert.py" "$REAL/raw" "$WORK/conv" 2>"$WORK/stderr"
STATUS=$?
expect_status 0 "convert.py"
for f in orgs.csv ties.csv events.csv sources.csv; do
	cmp -s "$REAL/$f" "$WORK/conv/$f" || fail "datasets/real/$f differs from a fresh conversion"
done

# raw_count PYTHON_EXPRESSION : evaluated over the raw files (a, w, g, s).
raw_count() {
	python3 - "$REAL/raw" "$1" <<'PY'
import csv, sys
def rows(f):
    return list(csv.DictReader(open(f"{sys.argv[1]}/{f}", encoding="utf-8", newline="")))
a = rows("afscme_directory_councils_locals.csv")
w = rows("womens_march_2017_crowd_estimates.csv")
g = rows("irs990_schedule_i_sample_grantees.csv")
s = rows("irs990_sample_sponsors.csv")
ein = lambda x: x.strip().zfill(9)
print(eval(sys.argv[2]))
PY
}
conv_count() { # conv_count FILE : data rows of a converted file
	python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))))' "$REAL/$1"
}

# Orgs: the international, one per directory row, the filers, the distinct named grantees.
want=$(raw_count '1 + len(a) + len({ein(x["EIN"]) for x in s} | {ein(x["RecipientEIN"]) for x in g if x["RecipientEIN"].strip()})')
[ "$(conv_count orgs.csv)" = "$want" ] || fail "orgs.csv has $(conv_count orgs.csv) rows, raw files say $want"
want=$(raw_count 'len({(x["Sponsor"], x["RecipientEIN"], x["TAXYEAR"]) for x in g if x["RecipientEIN"].strip()})')
[ "$(conv_count ties.csv)" = "$want" ] || fail "ties.csv has $(conv_count ties.csv) rows, raw files say $want"
want=$(raw_count 'len(w)')
[ "$(conv_count events.csv)" = "$want" ] || fail "events.csv has $(conv_count events.csv) rows, raw file says $want"
want=$(raw_count '4 + len({x[c].strip() for x in w for c in ("source", "source2", "source3") if x[c].strip()})')
[ "$(conv_count sources.csv)" = "$want" ] || fail "sources.csv has $(conv_count sources.csv) rows, raw files say $want"
# The import of the conversion, as the README shows it.
DB="$WORK/real.db"
run --db "$DB" import "$WORK/conv"
expect_status 1 "without --date-order the tax years are refused"
expect_stderr_has "start '4/1/2017' is not ISO (YYYY-MM-DD); add --date-order mdy or --date-order dmy" "the option is named"
[ ! -e "$DB" ] || fail "a failed import left $DB"
run --db "$DB" import --date-order mdy "$WORK/conv"
expect_status 0 "import --date-order mdy"
read -r orgs ties events sources city state <<<"$(python3 "$TESTS/cli/real_dataset_check.py" counts "$REAL/raw" "$TESTS/../datasets/geo")"
expect_stderr_has "imported $WORK/conv: orgs $orgs ($orgs added, 0 changed), ties $ties ($ties added, 0 changed), events $events ($events added, 0 changed), participation 0 (0 added, 0 changed), sources $sources ($sources added, 0 changed)" "import counts"
expect_stderr_has "orgs placed: 0 by their lat/lon, $city by their city (gazetteer), $state at their state's point (city unknown or none), 0 not placed" "placement counts"
sql() { "$COALITION" --db "$DB" sql --format csv "$1" | tail -n +2; }
[ "$(sql "SELECT count(*) FROM orgs WHERE placed = 'city'")" = "$city" ] || fail "orgs placed by city in the store"
[ "$(sql "SELECT count(*) FROM orgs WHERE placed = 'state'")" = "$state" ] || fail "orgs placed by state in the store"
# States are stored as codes: the directory's page names (District Of Columbia, Puerto Rico) too.
[ "$(sql "SELECT count(*) FROM orgs WHERE length(state) <> 2")" = 0 ] || fail "a state is not a code"
[ "$(sql "SELECT state FROM orgs WHERE key = 'afscme-puerto-rico-retiree-chapter-95'")" = PR ] || fail "Puerto Rico"
[ "$(sql "SELECT count(*) FROM events WHERE country = 'CA' AND state <> ''")" = 37 ] || fail "Canadian events with a province (48 less the 11 that name none, README)"

# On the map: Council 31's headquarters in Chicago, Council 976's in Denver,
# Council 61's in Des Moines, Council 962's in Indianapolis (cities of the
# directory's addresses), ASEA Local 52's Fairbanks office (the Alaska
# inset), and Arizona's retiree chapter 97 (no address: its state's point).
# (Honolulu, on Oahu's shore, falls outside the simplified outline.)
run --db "$DB" render --layout geo --out "$WORK/geo.png" --dump-layout "$WORK/geo.json"
expect_status 0 "render --layout geo"
python3 "$TESTS/cli/real_dataset_check.py" inside "$WORK/geo.json" "$TESTS/../datasets/geo" \
	afscme-illinois-council-31-chicago-headquarters=IL \
	afscme-colorado-council-976-denver-headquarters=CO \
	afscme-iowa-council-61-des-moines-headquarters=IA \
	afscme-indiana-council-962-indianapolis-headquarters=IN \
	afscme-alaska-asea-local-52-fairbanks-office=AK \
	afscme-arizona-retiree-chapter-chapter-97=AZ || fail "an org is drawn outside its state"
# The check can fail: Chicago is not in Indiana.
python3 "$TESTS/cli/real_dataset_check.py" inside "$WORK/geo.json" "$TESTS/../datasets/geo" \
	afscme-illinois-council-31-chicago-headquarters=IN >/dev/null && fail "Chicago drawn inside Indiana"
finish
