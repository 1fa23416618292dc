# test_report.sh - `coalition report`: the HTML report of the shipped data
# opened in headless Chromium (no console message, no request from the page,
# the map on the screenshot), the PDF read back with poppler (page count and
# text), every text from the store escaped, and bad input refused.  The
# counts the report must state are taken from datasets/seed's CSV files by
# report_check.py, not from our output.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CHECK="$TESTS/cli/report_check.py"
SEED="$TESTS/../datasets/seed"

for tool in chromium pdfinfo pdftotext; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (.ci/install-deps)" >&2; exit 1; }
done

DB="$WORK/seed.db"
run --db "$DB" init
run --db "$DB" import "$SEED"
expect_status 0 "import seed"
read -r N_ORGS N_TIES N_NEG N_UNSOURCED N_SOURCES <<EOF2
$($PY "$CHECK" seedfacts "$SEED")
EOF2
runs_before=$(sqlite3 "$DB" "SELECT count(*) FROM runs")

# Chromium, offline: in a network namespace of its own when we may make one,
# so that not even the browser's own background requests leave the machine.
NET=""
unshare -n true 2>/dev/null && NET="unshare -n"
chrome() { # chrome LOG ARGS... URL
	log=$1; shift
	profile=$(mktemp -d -p "$WORK")
	$NET timeout 300 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --enable-logging=stderr --v=1 "$@" 2>"$log"
}

# The checks themselves catch a request and a console message (controls):
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>c</title></head><body><img src="http://127.0.0.1:9/x.png"></body></html>\n' >"$WORK/ctl1.html"
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src '"'none'"'"><title>c</title></head><body><img src="http://127.0.0.1:9/x.png"></body></html>\n' >"$WORK/ctl2.html"
chrome "$WORK/ctl1.log" --dump-dom "file://$WORK/ctl1.html" >/dev/null
$PY "$CHECK" chromelog "$WORK/ctl1.log" 2>/dev/null && fail "control: a request from the page went unnoticed"
chrome "$WORK/ctl2.log" --dump-dom "file://$WORK/ctl2.html" >/dev/null
$PY "$CHECK" chromelog "$WORK/ctl2.log" 2>/dev/null && fail "control: a CSP console message went unnoticed"
chrome "$WORK/ctl3.log" --hide-scrollbars --window-size=1100,1000 --screenshot="$WORK/ctl.png" "file://$WORK/ctl1.html" >/dev/null
$PY "$CHECK" screenshot "$WORK/ctl.png" >/dev/null 2>&1 && fail "control: a page without a map passed the map check"

# ---- HTML of the shipped data ----
run --db "$DB" report --out "$WORK/seed.html"
expect_status 0 "report html"
expect_stderr_has "wrote $WORK/seed.html: 8 sections, $N_SOURCES sources cited" "html note"
H="$WORK/seed.html"
# the brokers table (report.c's own brokerage count) is gaps' brokers table,
# with and without friction ties as partners (the seed has directed ties too)
"$COALITION" --db "$DB" gaps --section brokers --top 10 --format csv --no-save >"$WORK/brokers.csv" 2>/dev/null
$PY "$CHECK" brokers "$H" "$WORK/brokers.csv" >/dev/null || fail "brokers table differs from gaps"
"$COALITION" --db "$DB" report --signed --out "$WORK/signed.html" 2>/dev/null
"$COALITION" --db "$DB" gaps --signed --section brokers --top 10 --format csv --no-save >"$WORK/brokers-signed.csv" 2>/dev/null
$PY "$CHECK" brokers "$WORK/signed.html" "$WORK/brokers-signed.csv" >/dev/null ||
	fail "brokers table of --signed differs from gaps --signed"
grep -q "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"" "$H" ||
	fail "no CSP meta tag"
grep -qiE '<script|<img|<link|<iframe|<object|@import|url\(http|src=' "$H" && fail "HTML loads or runs something"
[ "$(grep -c '<svg' "$H")" -ge 5 ] || fail "fewer than 5 inline SVGs (4 charts + map + heat map)"
# ids are unique across the inline SVGs
dups=$(grep -o ' id="[^"]*"' "$H" | sort | uniq -d | head -3)
[ -z "$dups" ] || fail "duplicate ids in the HTML: $dups"
grep -qF "This view holds $N_ORGS organizations and $N_TIES ties: $((N_TIES - N_NEG)) collaborations and $N_NEG friction ties." "$H" ||
	fail "summary sentence lacks the seed's counts ($N_ORGS orgs, $N_TIES ties, $N_NEG friction)"
grep -qF "$N_UNSOURCED of $N_TIES ties cite no source." "$H" || fail "methods: unsourced ties"
# the seed has events, none with a crowd estimate or a campaign
N_EVENTS=$($PY -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1]))))" "$SEED/events.csv")
grep -qF "The view has $N_EVENTS events in 0 campaigns; 0 have a crowd estimate" "$H" ||
	fail "days of action: the seed's $N_EVENTS events"
for i in $(seq 1 "$N_SOURCES"); do
	grep -qF "<td>src$i</td>" "$H" || fail "methods: source src$i not listed"
done

chrome "$WORK/seed-dom.log" --dump-dom "file://$H" >"$WORK/seed-dom.html"
$PY "$CHECK" chromelog "$WORK/seed-dom.log" >&2 || fail "Chromium: console messages or requests (dump-dom)"
for h in Summary "Coalition map" "Top organizations by centrality" Communities Gaps Tensions "Days of action" Methods; do
	grep -qF "<h2>$h</h2>" "$WORK/seed-dom.html" || fail "DOM lacks section '$h'"
done
[ "$(grep -o '<section' "$WORK/seed-dom.html" | wc -l)" -eq 8 ] || fail "DOM: not 8 sections"
chrome "$WORK/seed-shot.log" --hide-scrollbars --window-size=1100,3000 --screenshot="$WORK/seed.png" "file://$H" >/dev/null
$PY "$CHECK" chromelog "$WORK/seed-shot.log" >&2 || fail "Chromium: console messages or requests (screenshot)"
$PY "$CHECK" screenshot "$WORK/seed.png" >/dev/null || fail "screenshot: no map"

# ---- a big view's form, with its bounds lowered (--max-rows, --map-vector-max):
# the map an embedded PNG instead of vectors, said in a note; tables list
# their first rows and count the rest; the sources table's count is
# sources.csv's (every seed source is cited) ----
run --db "$DB" report --out "$WORK/capped.html" --max-rows 3 --map-vector-max 10
expect_status 0 "report with lowered bounds"
C="$WORK/capped.html"
grep -qF "The map is an image: its $N_ORGS organizations and $N_TIES ties are more than the 10 a vector drawing holds" "$C" ||
	fail "capped: no note that the map is an image"
grep -qF "The first 3 of $N_SOURCES rows are listed." "$C" || fail "capped: the sources table does not say 3 of $N_SOURCES"
[ "$(grep -o '<td>src[0-9]*</td>' "$C" | wc -l)" -eq 3 ] || fail "capped: not 3 sources listed"
$PY - "$C" "$SEED/orgs.csv" <<'EOF2' || fail "capped: the map image or the tables' rows"
import base64, csv, io, re, sys, cairo
capped = open(sys.argv[1], encoding="utf-8").read()
kinds = {o["kind"] for o in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
# one PNG map, 2x its 840 x 630 box, with ink; no vector map left
imgs = re.findall(r'<figure class="map"><img src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="840" height="630"', capped)
assert len(imgs) == 1, "%d map images" % len(imgs)
png = cairo.ImageSurface.create_from_png(io.BytesIO(base64.b64decode(imgs[0])))
assert (png.get_width(), png.get_height()) == (1680, 1260), (png.get_width(), png.get_height())
data, stride = bytes(png.get_data()), png.get_stride()
ink = sum(data[y * stride + 4 * x: y * stride + 4 * x + 3] != b"\xff\xff\xff"
          for y in range(0, 1260, 4) for x in range(0, 1680, 4))
assert ink > 5000, "the map image is nearly blank: %d inked samples" % ink
assert '<figure class="map"><svg' not in capped, "a vector map beside the image"
# every table lists at most 3 rows, and says how many it has when it has more
tables = re.findall(r"<table>.*?</table>", capped, re.S)
assert len(tables) > 10, len(tables)
for table in tables:
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in r]
    assert len(rows) <= 3, "a table of %d rows" % len(rows)
# "Organizations by kind": a row per kind of orgs.csv, 3 listed and the count said
kinds_table = re.search(r"<caption>Organizations by kind</caption>.*?</table>\n<p class=\"note more\">([^<]*)</p>",
                        capped, re.S)
assert len(kinds) > 3 and kinds_table, "no count under the kinds table"
assert kinds_table.group(1) == "The first 3 of %d rows are listed." % len(kinds), kinds_table.group(1)
EOF2
chrome "$WORK/capped-shot.log" --hide-scrollbars --window-size=1100,3000 --screenshot="$WORK/capped.png" "file://$C" >/dev/null
$PY "$CHECK" chromelog "$WORK/capped-shot.log" >&2 || fail "Chromium: console messages or requests (capped report)"
$PY "$CHECK" screenshot "$WORK/capped.png" >/dev/null || fail "capped report's screenshot: no map"
run --db "$DB" report --out "$WORK/capped.pdf" --max-rows 3 --map-vector-max 10
expect_status 0 "capped PDF"
pdftotext "$WORK/capped.pdf" - | tr -s ' \n' ' ' | grep -qF "The first 3 of $N_SOURCES rows are listed." ||
	fail "capped PDF: the sources table's count"

# ---- a big view's interactive map, with its bound lowered (--map-html-max 40):
# an overview of the orgs with the most partners (the map's size: distinct orgs
# tied to them in ties.csv, counted here) while they, their ties among them and the parent links among
# them not doubled by a tie (orgs.csv) stay within 40, its note giving the counts; the report says
# the map is an overview ----
run --db "$DB" report --out "$WORK/overview.html" --map-html-max 40
expect_status 0 "report with an overview map"
grep -qF "It is an overview: the organizations with the most partners and the ties among them" "$WORK/overview.html" ||
	fail "overview: the report does not say its interactive map is an overview"
$PY - "$WORK/overview-map.html" "$SEED/orgs.csv" "$SEED/ties.csv" "$N_ORGS" "$N_TIES" <<'EOF2' || fail "overview map: its orgs, ties or note"
import csv, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
orgs = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
ties = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
n_orgs, n_ties = int(sys.argv[4]), int(sys.argv[5])
drawing = json.loads(re.search(r'id="coalition-data">(.*?)</script>', page, re.S).group(1))
details = json.loads(re.search(r'id="coalition-details">(.*?)</script>', page, re.S).group(1))
keys = set(details["nodes"]["key"])
partners = {o["key"]: set() for o in orgs}
for t in ties:
    partners[t["source"]].add(t["target"])
    partners[t["target"]].add(t["source"])
degree = {k: len(v - {k}) for k, v in partners.items()}
among = sum(t["source"] in keys and t["target"] in keys for t in ties)
# a parent link is drawn when no tie joins the org and its parent (render_scene.c)
tied = {frozenset((t["source"], t["target"])) for t in ties}
links = sum(o["key"] in keys and o["parent"] in keys and frozenset((o["key"], o["parent"])) not in tied
            for o in orgs)
n, m = drawing["nodes"]["n"], drawing["lines"]["m"]
assert n == len(keys) and m == among + links, (n, len(keys), m, among, links)
assert 0 < n < n_orgs and n + m <= 40, (n, m)
# the orgs with the most partners: none left out has more than one drawn
left = [degree[k] for k in degree if k not in keys]
assert min(degree[k] for k in keys) >= max(left), (sorted(degree[k] for k in keys), max(left))
notes = [e["label"] for e in drawing["legend"] if e["section"] == "Notes"]
want = ("An overview: this page draws at most 40 organizations and ties together, and the view has "
        "%d organizations and %d ties. It draws the %d largest organizations (Size: degree (orgs tied "
        "to it)) and the %d ties among them; the subtitle and the legend count the whole view."
        % (n_orgs, n_ties, n, among))
assert want in notes, (want, notes)
assert drawing["subtitle"].startswith("Overview: the %d largest organizations and the %d ties among them, "
                                      "of %d organizations and %d ties" % (n, among, n_orgs, n_ties)), drawing["subtitle"]
EOF2
# under the bound (the default) the interactive map draws every org
grep -qF '"nodes":{"n":'"$N_ORGS"',' "$WORK/seed-map.html" || fail "default: the interactive map lacks orgs"

# ---- PDF of the shipped data ----
run --db "$DB" report --out "$WORK/seed.pdf" --title "Seed coalition"
expect_status 0 "report pdf"
P="$WORK/seed.pdf"
pages=$(pdfinfo "$P" | sed -n 's/^Pages: *//p')
# Each of the 8 sections starts a page; a page it runs over to is headed
# "<section> (continued)".  So: pages = 8 + continued pages, and the first
# lines of the pages name the sections in order.
starts=""; continued=0
for p in $(seq 1 "$pages"); do
	first=$(pdftotext -f "$p" -l "$p" -layout "$P" - | sed -n '/[^[:space:]]/{s/^ *//;s/ *$//;p;q}')
	case "$first" in
	*"(continued)") continued=$((continued + 1)) ;;
	"Seed coalition") starts="$starts|Summary" ;;
	*) starts="$starts|$first" ;;
	esac
	pdftotext -f "$p" -l "$p" "$P" - | grep -qF "Seed coalition · seed.db · page $p of $pages" ||
		fail "page $p: footer 'page $p of $pages'"
done
[ "$starts" = "|Summary|Coalition map|Top organizations by centrality|Communities|Gaps|Tensions|Days of action|Methods" ] ||
	fail "sections start pages in the wrong order: $starts"
[ "$pages" -eq $((8 + continued)) ] || fail "$pages pages for 8 sections and $continued continued pages"
stderr_want="wrote $P: 8 sections on $pages pages, $N_SOURCES sources cited"
expect_stderr_has "$stderr_want" "pdf note"
# the map page is landscape, the others portrait
map_page=$(for p in $(seq 1 "$pages"); do pdftotext -f "$p" -l "$p" "$P" - | head -1 | grep -qx "Coalition map" && echo "$p"; done)
pdfinfo -f "$map_page" -l "$map_page" "$P" | grep -q "Page *$map_page size: *792 x 612" || fail "map page not landscape"
pdfinfo -f 1 -l 1 "$P" | grep -q "Page *1 size: *612 x 792" || fail "page 1 not US Letter portrait"
pdftotext "$P" "$WORK/seed.txt"
tr '\n' ' ' <"$WORK/seed.txt" | grep -qF "This view holds $N_ORGS organizations and $N_TIES ties: $((N_TIES - N_NEG)) collaborations and $N_NEG friction ties." ||
	fail "PDF summary sentence"
grep -qF "Indivisible Project" "$WORK/seed.txt" || fail "PDF lacks the most central org"
grep -qF "src$N_SOURCES" "$WORK/seed.txt" || fail "PDF lacks the last source"

# With two dates: a "What changed" section before Methods
run --db "$DB" report --out "$WORK/change.pdf" --from 2017 --to 2021
expect_status 0 "report with dates"
expect_stderr_has "9 sections" "9 sections with --from/--to"
pdftotext "$WORK/change.pdf" - | grep -qF "Friction between pairs of organizations" || fail "no What changed section"

# ---- escaping: tests/fixtures/diff has an org named <script>alert(1)</script>,
# a citation with an <img onerror> and notes with tags ----
DB2="$WORK/diff.db"
run --db "$DB2" init
run --db "$DB2" import "$TESTS/fixtures/diff"
run --db "$DB2" report --out "$WORK/esc.html" --from 2019 --to 2021-06 --title "A <b>bold</b> title"
expect_status 0 "report of the escaping fixture"
E="$WORK/esc.html"
grep -qF '<script' "$E" && fail "raw <script in HTML"
grep -qF '<img' "$E" && fail "raw <img in HTML"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$E" || fail "org name not shown escaped"
grep -qF '&lt;img src=x onerror=alert(2)&gt;' "$E" || fail "citation not shown escaped"
grep -qF 'dispute over &lt;i&gt;endorsements&lt;/i&gt;' "$E" || fail "note not shown escaped"
grep -qF '<title>A &lt;b&gt;bold&lt;/b&gt; title</title>' "$E" || fail "title not escaped"
chrome "$WORK/esc.log" --dump-dom "file://$E" >"$WORK/esc-dom.html"
$PY "$CHECK" chromelog "$WORK/esc.log" >&2 || fail "Chromium: console messages or requests (escaping fixture)"
grep -qiE '<script|<img|<b>' "$WORK/esc-dom.html" && fail "the DOM has an element from the data"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$WORK/esc-dom.html" || fail "the DOM lacks the name as text"
run --db "$DB2" report --out "$WORK/esc.pdf" --from 2019 --to 2021-06
expect_status 0 "escaping fixture pdf"
pdftotext "$WORK/esc.pdf" - | grep -qF '<script>alert(1)</script>' || fail "PDF lacks the literal name"

# ---- the bounds on the costly parts, on a synth store with observations ----
# Betweenness is exact while orgs x (orgs + ties) <= 10^8 search steps, else
# sampled from floor(10^8 / (orgs + ties)) sources (report.c); the growth
# model is left out above a quarter of --full-max orgs and ties.  The counts
# come from the store, by sqlite3.
DB5="$WORK/s5k.db"
run --seed 1 synth --chapters 5000 --out "$WORK/s5k"
expect_status 0 "synth 5000 chapters"
run --db "$DB5" init
run --db "$DB5" import "$WORK/s5k"
expect_status 0 "import 5000 chapters"
n5=$(sqlite3 "$DB5" "SELECT count(*) FROM orgs")
m5=$(sqlite3 "$DB5" "SELECT count(*) FROM ties")
[ $((n5 * (n5 + m5))) -gt 100000000 ] || fail "the 5000-chapter store is small enough for exact betweenness"
k5=$((100000000 / (n5 + m5)))
run --db "$DB5" report --out "$WORK/s5k.html"
expect_status 0 "report 5000 chapters"
grep -qF "Betweenness is estimated from $k5 sampled organizations" "$WORK/s5k.html" ||
	fail "betweenness not sampled from $k5 sources"
grep -qF "Growth: from one year to the next" "$WORK/s5k.html" || fail "growth model missing"
run --db "$DB5" report --out "$WORK/s5k-bound.html" --full-max $((4 * (n5 + m5) - 4))
expect_status 0 "report 5000 chapters, growth bound"
grep -qF "Growth: from one year to the next" "$WORK/s5k-bound.html" && fail "growth model above its bound"
grep -qF "The growth model is left out of the report of a view of more than" "$WORK/s5k-bound.html" ||
	fail "the growth model's absence not said"
# Above --full-max the communities are Leiden's in 3 passes: the report
# says so, and its modularity is what `communities --passes 3` prints for
# the same seed (the command the report's methods name).
run --db "$DB5" --seed 4 report --out "$WORK/s5k-leiden.html" --full-max 1000
expect_status 0 "report 5000 chapters, bounded"
run --db "$DB5" --seed 4 communities --passes 3 --format json --no-save
expect_status 0 "communities --passes 3"
q3=$(python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['modularity'])" "$WORK/stdout")
grep -qF "Leiden (3 passes) maximizing modularity (resolution 1, unweighted, collaboration ties); modularity $q3" \
	"$WORK/s5k-leiden.html" || fail "the bounded report's communities are not Leiden's in 3 passes (Q $q3)"

# ---- bad input: usage 2, errors 1, nothing written, store unchanged ----
run --db "$DB" report
expect_status 2 "no --out"
run --db "$DB" report --out "$WORK/r.txt"
expect_status 2 "bad extension"
expect_stderr_has "name it .html or .pdf" "extension message"
run --db "$DB" report --out "$WORK/r.html" --from 2017
expect_status 2 "--from alone"
run --db "$DB" report --out "$WORK/r.html" --from 2017 --to 2020 --as-of 2018
expect_status 2 "--as-of with dates"
run --db "$DB" report --out "$WORK/r.html" --top 0
expect_status 2 "--top 0"
run --db "$DB" report --out "$WORK/no/such/dir/r.html"
expect_status 1 "unwritable"
expect_stderr_has "cannot write" "unwritable message"
run --db "$DB" report --out "$WORK/r.html" --from 2020 --to 2017
expect_status 2 "dates out of order"
[ -e "$WORK/r.html" ] && fail "a failed report left a file"
ls "$WORK"/r.html.tmp* >/dev/null 2>&1 && fail "a failed report left a temporary file"
run --db "$DB" report --help
expect_status 0 "help"
expect_stdout_has "Examples:" "help examples"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM runs")" = "$runs_before" ] || fail "report wrote to the store"

finish
