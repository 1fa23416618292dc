# test_private.sh - `--public`: private ties, friction ties, notes and private
# sources never reach what staff share.  tests/fixtures/private has two
# private ties, one friction tie, one private source and notes on most ties
# (see its README); every output format of every command that takes a view
# is written with --public and searched for each private string, which must
# not occur.  Expected counts are read off the fixture's ties.csv by hand.
. "$(dirname "$0")/lib.sh"
DB="$WORK/p.db"
OUT="$WORK/out"
mkdir -p "$OUT"

# Strings that only private ties, friction ties, notes and private sources hold.
PRIVATE="secretpact 1999-09-09 PRIVATENOTETWO hushfund 1977-07-07 feud 1988-08-08
FRICTIONNOTETHREE NOTEPUBLICZERO NOTEPUBLICONE SECRETSRCKEY SECRETCITATION secretsite"

# no_private FILE LABEL: FILE (text, or PDF through pdftotext) holds none of them.
no_private() {
	local file=$1 text="$WORK/text"
	[ -s "$file" ] || { fail "$2: $file is missing or empty"; return; }
	case "$file" in
	*.pdf) pdftotext "$file" "$text" 2>/dev/null || fail "$2: pdftotext failed" ;;
	*) cp "$file" "$text" ;;
	esac
	for s in $PRIVATE; do
		grep -aqF -- "$s" "$text" && fail "$2: '$s' leaked into $(basename "$file")"
	done
	# and the same files, uncompressed or not, hold no private tie's date
	return 0
}

run --db "$DB" import "$TESTS/fixtures/private"
expect_status 0 "import the fixture"

# The private and friction ties are in the store, and an export without
# --public carries them: the strings searched for are really there to leak.
run --db "$DB" sql --format csv "SELECT count(*) FROM ties WHERE private = 1"
expect_stdout_has "2" "two private ties stored"
run --db "$DB" export --format json
expect_status 0 "export without --public"
for s in secretpact hushfund feud PRIVATENOTETWO NOTEPUBLICONE; do
	expect_stdout_has "$s" "an export without --public has $s"
done

# A centrality run on the whole store: its metrics saw the private ties and
# must not travel with a --public export.
run --db "$DB" centrality --measure pagerank,closeness --format json
expect_status 0 "centrality on everything"

# Export, every format.
for f in graphml gexf gml dot json; do
	run --db "$DB" export --public --format "$f" --out "$OUT/x.$f"
	expect_status 0 "export --public $f"
	expect_stderr_has "exported 5 orgs and 3 ties" "export --public $f keeps the 3 public ties"
	no_private "$OUT/x.$f" "export --public $f"
	grep -qF metric_pagerank "$OUT/x.$f" && fail "export --public $f has a metric of a run with private ties"
done
run --db "$DB" export --public --format csv --out "$OUT/csv"
expect_status 0 "export --public csv"
for f in "$OUT"/csv/*; do
	no_private "$f" "export --public csv"
done
[ "$(tail -n +2 "$OUT/csv/ties.csv" | wc -l)" -eq 3 ] || fail "csv export: expected 3 ties"
run --db "$DB" export --public --format json
json_eq "sorted((t['source'], t['target'], t['kind']) for t in d['ties'])" \
	"[('ind-a', 'ind-b', 'campaign'), ('ind-a', 'union-c', 'partnership'), ('ngo-d', 'union-c', 'resource_sharing')]"
json_eq "[t['note'] for t in d['ties']]" "[None, None, None]"

# Metrics of a --public run do travel.
run --db "$DB" centrality --public --measure pagerank --format json
expect_status 0 "centrality --public"
cp "$WORK/stdout" "$WORK/centrality.json"
run --db "$DB" export --public --format json
want=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sorted((o['key'], round(o['pagerank'], 9)) for o in d['orgs']))" "$WORK/centrality.json")
json_eq "sorted((o['key'], round(o['metrics']['pagerank'], 9)) for o in d['orgs'])" "$want"

# Summary, counted by hand: 3 public collaboration ties, none negative;
# ind-a, ind-b, union-c, ngo-d connected and nat-e alone (2 components).
for f in json csv table; do
	run --db "$DB" summary --public --format "$f"
	expect_status 0 "summary --public $f"
	no_private "$WORK/stdout" "summary --public $f"
done
run --db "$DB" summary --public --format json
json_eq "(d['ties'], d['positive'], d['negative'], d['components'])" "(3, 3, 0, 2)"
# The partnership tie cites PUB1 and the private SECRETSRCKEY: with --public
# it has one source, so --min-sources 2 keeps no tie (and 1 tie without).
run --db "$DB" summary --public --min-sources 2 --format json
json_eq "d['ties']" "0"
run --db "$DB" summary --min-sources 2 --format json
json_eq "d['ties']" "1"

# Queries: ind-b's only public tie is the campaign with ind-a; the path to
# ngo-d goes round the private tie: ind-b, ind-a, union-c, ngo-d.
run --db "$DB" query neighbors ind-b --public --format json
json_eq "[(o['key'], o['tie_kind']) for o in d]" "[('ind-a', 'campaign')]"
run --db "$DB" query path ind-b ngo-d --public --format json
json_eq "d['paths']" "[['ind-b', 'ind-a', 'union-c', 'ngo-d']]"
for q in "neighbors ind-b --depth 3" "path ind-b ngo-d --all" "ego ind-b --ties --depth 2" \
         "find Indivisible" "connectors ind-b ngo-d"; do
	for f in json csv table; do
		run --db "$DB" query $q --public --format "$f"
		expect_status 0 "query $q --public $f"
		no_private "$WORK/stdout" "query $q --public --format $f"
	done
done

# Analyses.
for c in "centrality --no-save" "communities --no-save" "gaps --no-save" "tensions --no-save" "diff --from 1970 --to 2021"; do
	for f in json csv table; do
		run --db "$DB" $c --public --format "$f"
		expect_status 0 "$c --public $f"
		no_private "$WORK/stdout" "$c --public --format $f"
	done
done
run --db "$DB" tensions --public --no-save --format json
json_eq "d['triangles']" "{'+++': 0, '++-': 0, '+--': 0, '---': 0}"
run --db "$DB" diff --public --from 1970 --to 2021 --format json
json_eq "sorted(t['kind'] for t in d['ties_added'])" "['campaign', 'partnership', 'resource_sharing']"

# Maps: the text of SVG and PDF (pdftotext), the layout dump, and the PNG's bytes.
for f in svg pdf png html; do
	run --db "$DB" render --public --labels all --out "$OUT/map.$f" --dump-layout "$OUT/map-$f.json"
	expect_status 0 "render --public $f"
	no_private "$OUT/map.$f" "render --public $f"
	no_private "$OUT/map-$f.json" "render --public $f layout"
done
# the interactive map cites the public source of the partnership tie
grep -qF "Public newsletter" "$OUT/map.html" || fail "render --public html lacks the public source"
pdftotext "$OUT/map.pdf" - 2>/dev/null | grep -q "public" ||
	fail "the map's caption does not say the view is public"
# A stored metric is read only from a run on the same view: frustration_share
# was saved only by a run that saw the private ties, so a public map may not
# color by it.  Centrality measures (closeness, saved by such a run too) are
# computed by the map on its own --public view, as centrality --public would.
run --db "$DB" tensions --format json
expect_status 0 "tensions on everything, saved"
run --db "$DB" render --public --color-by frustration_share --out "$OUT/frustration.png"
expect_status 1 "render --public colored by a metric of a non-public run"
expect_stderr_has "from a run on this view" "render --public refuses a non-public metric"
run --db "$DB" render --public --color-by closeness --out "$OUT/closeness.png"
expect_status 0 "render --public colored by closeness of its own view"
run --db "$DB" render --public --color-by pagerank --out "$OUT/pagerank.png"
expect_status 0 "render --public colored by pagerank of its own view"

# The report, when this build has it: HTML and PDF.
if "$COALITION" help report >/dev/null 2>&1; then
	for f in html pdf; do
		run --db "$DB" report --public --out "$OUT/report.$f"
		expect_status 0 "report --public $f"
		no_private "$OUT/report.$f" "report --public $f"
		[ "$f" = pdf ] || no_private "$OUT/report-map.html" "report --public: its interactive map"
	done
	grep -qF "Public newsletter" "$OUT/report.html" ||
		fail "report --public html does not cite the public source"
else
	echo "NOTE: this build has no report command; the report was not checked" >&2
fi

finish
