# test_export.sh - `coalition export` read by other tools, and export then
# import giving the same orgs, ties and attributes.  The fixture
# tests/fixtures/interchange holds the awkward values (quotes, &, <, accents,
# a two-line note, parallel and friction ties); metrics are added with SQL.
# Readers: NetworkX's read_graphml and read_gexf and python-igraph's Read_GML
# (tests/cli/check_export.py, run by Debian's /usr/bin/python3, which compares
# every attribute with the store read by Python's sqlite3), Graphviz's dot and gc.
. "$(dirname "$0")/lib.sh"
DB="$WORK/e.db"
OUT="$WORK/out"
mkdir -p "$OUT"
PY=/usr/bin/python3

run --db "$DB" import "$TESTS/fixtures/interchange"
expect_status 0 "import the fixture"
"$PY" - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO runs(id, command) VALUES (1, 'centrality'), (2, 'centrality')")
c.execute("INSERT INTO metrics SELECT 1, id, 'pagerank', 0.5 FROM orgs")
c.execute("INSERT INTO metrics SELECT 2, id, 'pagerank', 0.125 * id FROM orgs WHERE key <> 'solo'")
c.execute("INSERT INTO metrics SELECT 2, id, 'degree centrality', id / 3.0 FROM orgs")
c.commit()
PY

for f in graphml gexf gml dot json; do
	run --db "$DB" export --format "$f" --out "$OUT/x.$f"
	expect_status 0 "export $f"
	expect_stdout_empty "export $f writes the file only"
	expect_stderr_has "exported 10 orgs and 10 ties" "export $f count"
	ls "$OUT" | grep -q 'tmp' && fail "export $f left a temporary file"
done
run --db "$DB" export --format gexf
expect_status 0 "export to stdout"
cmp -s "$WORK/stdout" "$OUT/x.gexf" || fail "stdout and --out differ"

"$PY" "$TESTS/cli/check_export.py" "$DB" "$OUT" >"$WORK/check" 2>&1 ||
	fail "check_export.py: $(cat "$WORK/check")"

# DOT: Graphviz parses it without a word on stderr, with every node and edge.
dot -Tcanon "$OUT/x.dot" >/dev/null 2>"$WORK/dot.err" || fail "dot failed: $(cat "$WORK/dot.err")"
[ ! -s "$WORK/dot.err" ] || fail "dot warned: $(cat "$WORK/dot.err")"
set -- $(gc -n -e "$OUT/x.dot")
[ "$1 $2" = "10 10" ] || fail "gc counted $1 nodes and $2 edges, expected 10 and 10"
dot -Tsvg "$OUT/x.dot" -o "$OUT/x.svg" 2>"$WORK/dot.err" || fail "dot -Tsvg failed"

# Export then import: the same orgs (every column, parent by key, aliases) and ties.
orgs_sql="SELECT o.key, o.name, o.kind, ifnull(p.key, '') AS parent, o.state, o.city,
 quote(o.lat) AS lat, quote(o.lon) AS lon, quote(o.founded) AS founded, o.issues,
 (SELECT group_concat(alias, ';') FROM
 (SELECT alias FROM aliases a WHERE a.org_id = o.id ORDER BY alias)) AS aliases
 FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id ORDER BY o.key"
ties_sql="SELECT source, target, kind, sign, quote(weight) AS weight, quote(start) AS start,
 quote(end) AS end, directed, note FROM v_ties ORDER BY source, target, kind, start"
"$COALITION" --db "$DB" sql --format csv "$orgs_sql" >"$WORK/orgs.want"
"$COALITION" --db "$DB" sql --format csv "$ties_sql" >"$WORK/ties.want"
[ "$(wc -l <"$WORK/orgs.want")" -eq 11 ] || fail "orgs dump: expected a header and 10 rows"
for f in graphml gml; do
	run --db "$WORK/$f.db" import --format "$f" "$OUT/x.$f"
	expect_status 0 "import --format $f"
	expect_stderr_has "orgs 10 (10 added, 0 changed), ties 10 (10 added, 0 changed)" "import $f counts"
	"$COALITION" --db "$WORK/$f.db" sql --format csv "$orgs_sql" >"$WORK/orgs.got"
	"$COALITION" --db "$WORK/$f.db" sql --format csv "$ties_sql" >"$WORK/ties.got"
	cmp -s "$WORK/orgs.want" "$WORK/orgs.got" || fail "$f round trip: orgs differ: $(diff "$WORK/orgs.want" "$WORK/orgs.got")"
	cmp -s "$WORK/ties.want" "$WORK/ties.got" || fail "$f round trip: ties differ: $(diff "$WORK/ties.want" "$WORK/ties.got")"
	# Back into the store it came from: nothing changes (ties keep their direction).
	run --db "$DB" import --format "$f" "$OUT/x.$f"
	expect_status 0 "re-import $f"
	expect_stderr_has "orgs 10 (0 added, 0 changed), ties 10 (0 added, 0 changed)" "re-import $f changes nothing"
done
run --db "$DB" export --format csv --out "$OUT/csv"
expect_status 0 "export csv"
[ -f "$OUT/csv/orgs.csv" ] && [ -f "$OUT/csv/ties.csv" ] && [ -f "$OUT/csv/metrics.csv" ] ||
	fail "csv export lacks a file"
# metrics.csv: the latest pagerank of 9 orgs (solo's latest is run 1's) and 10 degrees.
[ "$(wc -l <"$OUT/csv/metrics.csv")" -eq 21 ] || fail "metrics.csv: expected 20 rows"
grep -q '^solo,pagerank,0.5$' "$OUT/csv/metrics.csv" || fail "metrics.csv: solo's latest pagerank"
run --db "$WORK/csv.db" import "$OUT/csv"
expect_status 0 "import csv export"
"$COALITION" --db "$WORK/csv.db" sql --format csv "$orgs_sql" >"$WORK/orgs.got"
"$COALITION" --db "$WORK/csv.db" sql --format csv "$ties_sql" >"$WORK/ties.got"
cmp -s "$WORK/orgs.want" "$WORK/orgs.got" || fail "csv round trip: orgs differ"
cmp -s "$WORK/ties.want" "$WORK/ties.got" || fail "csv round trip: ties differ"

# A view: --kinds chapter,national keeps 4 orgs and the 3 affiliation ties.
run --db "$DB" export --format json --kinds chapter,national
json_eq '(len(d["orgs"]), len(d["ties"]))' "(4, 3)"

# Atomic: a failed export leaves the old file; errors are clear.
cp "$OUT/x.json" "$WORK/old.json"
run --db "$DB" export --format json --out "$WORK/missing-dir/x.json"
expect_status 1 "export to a missing directory"
expect_stderr_has "cannot write $WORK/missing-dir/x.json" "export error names the file"
run --db "$DB" export --format pdf
expect_status 2 "unknown format"
expect_stderr_has "unknown export format 'pdf'" "unknown format named"
run --db "$DB" export --format csv
expect_status 2 "csv needs --out"
run --db "$DB" export
expect_status 2 "format required"

# Bad graph files: a clear message, exit 1, the store unchanged.
"$COALITION" --db "$DB" sql "SELECT count(*) FROM orgs" >"$WORK/count.before"
sed 's/<data key="v3">union</<data key="v3">on ion</' "$OUT/x.graphml" >"$WORK/bad.graphml"
run --db "$DB" import --format graphml "$WORK/bad.graphml"
expect_status 1 "bad kind in graphml"
expect_stderr_has "bad.graphml: node 'o'hare', node 'seiu', node 'uaw': kind 'on ion' is not a short lowercase word" "problem names the nodes (the three unions)"
expect_stderr_has "nothing was imported" "nothing imported"
printf 'graph [ node [ id 0 ' >"$WORK/cut.gml"
run --db "$DB" import --format gml "$WORK/cut.gml"
expect_status 1 "truncated gml"
expect_stderr_has "cannot read $WORK/cut.gml as GML" "gml parse error"
run --db "$DB" import --format graphml "$WORK/none.graphml"
expect_status 1 "missing file"
expect_stderr_has "cannot open $WORK/none.graphml" "missing file named"
"$COALITION" --db "$DB" sql "SELECT count(*) FROM orgs" >"$WORK/count.after"
cmp -s "$WORK/count.before" "$WORK/count.after" || fail "a failed import changed the store"

# A graph from another tool: NetworkX's karate club GraphML (no kinds, keys or
# tie kinds) imports with the defaults: 34 orgs of kind other, 78 partnerships.
"$PY" -c "import networkx as nx, sys; nx.write_graphml(nx.karate_club_graph(), sys.argv[1])" "$WORK/karate.graphml"
run --db "$WORK/k.db" import --format graphml "$WORK/karate.graphml"
expect_status 0 "import NetworkX graphml"
run --db "$WORK/k.db" sql --format json "SELECT kind, count(*) AS n, sum(weight) AS w FROM v_ties GROUP BY kind"
# NetworkX's karate weights (interaction counts) sum to 231.
json_eq '[(r["kind"], r["n"], r["w"]) for r in d]' "[('partnership', 78, 231.0)]"
finish
