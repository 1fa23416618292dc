# test_html.sh - `coalition render --out X.html`, the interactive map: the
# file is self-contained (one inline script and style, allowed by hash in
# its Content-Security-Policy, nothing loaded), and html_check.py drives it
# in headless Chromium through the DevTools protocol (no console message or
# request; search, click, hover, kind filter, year slider, zoom, screenshots,
# PNG download), with the counts it expects read from the CSV files.  The
# escaping fixture (an org named <script>alert(1)</script>, a citation with
# an <img onerror>) stays text; a failed write leaves no file.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CHECK="$TESTS/cli/html_check.py"
SEED="$TESTS/../datasets/seed"
command -v chromium >/dev/null || { echo "FAIL: chromium is not installed (.ci/install-deps)" >&2; exit 1; }

DB="$WORK/seed.db"
run --db "$DB" init
run --db "$DB" import "$SEED"
expect_status 0 "import seed"
N_ORGS=$(($(wc -l <"$SEED/orgs.csv") - 1))
N_TIES=$(($(wc -l <"$SEED/ties.csv") - 1))

run --db "$DB" render --out "$WORK/seed.html" --title "Seed </script><b>coalition</b>"
expect_status 0 "render html"
expect_stderr_has "wrote $WORK/seed.html: $N_ORGS orgs, $N_TIES ties (interactive map)" "html note"
H="$WORK/seed.html"

# self-contained: exactly one script element that runs, one style, nothing
# fetched; the CSP names the script's and the style's hashes.  Two data
# blocks: the drawing before the script (the first frame), the details after.
[ "$(grep -o '<script' "$H" | wc -l)" -eq 3 ] || fail "expected two data blocks and one script"
[ "$(grep -o '</script' "$H" | wc -l)" -eq 3 ] || fail "a </script> beyond the three elements"
grep -q '<script type="application/json" id="coalition-data">' "$H" || fail "no data block"
grep -q '<script type="application/json" id="coalition-details">' "$H" || fail "no details block"
grep -qE '<link|<iframe|<object|<img|@import|src=|url\(' "$H" && fail "the HTML loads something"
csp=$(grep -o 'Content-Security-Policy" content="[^"]*"' "$H")
$PY - "$H" "$csp" <<'EOF' || fail "CSP hashes do not match the inline script and style"
import base64, hashlib, re, sys
html, csp = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
h = lambda t: base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()
want = "default-src 'none'; script-src 'sha256-%s'; style-src 'sha256-%s'; img-src data: blob:" % (h(script), h(style))
sys.exit(0 if 'content="%s"' % want in csp else 1)
EOF
grep -qF '<title>Seed &lt;/script&gt;&lt;b&gt;coalition&lt;/b&gt;</title>' "$H" || fail "title not escaped"

# in Chromium: every check of html_check.py
mkdir -p "$WORK/shots"
$PY "$CHECK" page "$H" "$SEED/orgs.csv" "$SEED/ties.csv" "$WORK/shots" >&2 || fail "Chromium checks of the seed map"

# ---- escaping ----
DB2="$WORK/diff.db"
run --db "$DB2" init
run --db "$DB2" import "$TESTS/fixtures/diff"
run --db "$DB2" render --out "$WORK/esc.html" --labels all
expect_status 0 "render the escaping fixture"
E="$WORK/esc.html"
grep -qF '<script>alert' "$E" && fail "raw <script>alert in the HTML"
grep -qF '<img src=x' "$E" && fail "raw <img in the HTML"
grep -qF '\u003cscript\u003ealert(1)\u003c/script\u003e' "$E" || fail "the name is not escaped in the data"
for note in "founding" "a campaign that ended" "endorsements"; do
	grep -qF "$note" "$E" && fail "the tie note '$note' reached the file"
done
$PY "$CHECK" load "$E" >/dev/null || fail "Chromium: the escaping fixture's map"
$PY - "$E" <<'EOF' || fail "the data block does not parse back to the names"
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'id="coalition-details">(.*?)</script>', html, re.S).group(1))
assert "<script>alert(1)</script>" in d["nodes"]["name"], d["nodes"]["name"]
assert any("<img src=x onerror=alert(2)>" in s[1] for s in d["sources"]), d["sources"]
EOF

# ---- the report links to the map written beside it ----
run --db "$DB" report --out "$WORK/rep/report.html"
expect_status 1 "report into a missing directory"
[ -e "$WORK/rep/report-map.html" ] && fail "a failed report left its map"
mkdir -p "$WORK/rep"
run --db "$DB" report --out "$WORK/rep/report.html"
expect_status 0 "report html"
expect_stderr_has "wrote $WORK/rep/report-map.html: the interactive map the report links to" "report map note"
grep -qF '<a href="report-map.html">Open the interactive map</a>' "$WORK/rep/report.html" ||
	fail "the report does not link to report-map.html"
$PY "$CHECK" load "$WORK/rep/report-map.html" >/dev/null || fail "Chromium: the report's map"
run --db "$DB" report --out "$WORK/rep/r.pdf"
[ -e "$WORK/rep/r-map.html" ] && fail "a PDF report wrote an HTML map"

# ---- bad output path: exit 1, no file, no temporary ----
run --db "$DB" render --out "$WORK/no/such/dir/m.html"
expect_status 1 "unwritable"
expect_stderr_has "cannot write" "unwritable message"
ls "$WORK"/no 2>/dev/null && fail "a directory appeared"
run --db "$DB" render --out "$WORK/m.htmx"
expect_status 2 "bad extension"
[ -e "$WORK/m.htmx" ] && fail "a file was left for a bad extension"

finish
