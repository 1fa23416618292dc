#!/bin/bash
# test_real_dataset.sh - datasets/real: convert.py turns the raw public files
# into exactly the converted files shipped beside it (so they cannot drift
# from the documented conversion), and the converted files hold what the raw
# files say: the expected numbers are counted here from raw/ with Python's
# csv module, independently of convert.py.
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
finish
