# test_hostile.sh - hostile input that is not a bad import directory (those
# are tests/fixtures/bad/<case>/, run by test_import_bad.sh): inputs too big
# to commit, made here at run time (a 10 MB field, 100 000 columns), SQL text
# in keys, names and options (stored and matched literally, never run), and
# hostile stores and outputs: a file that is not SQLite, an SQLite file that
# is not a store, a damaged store, a store from a newer version, a read-only
# store and folder, an output path in a missing folder, a full disk (a small
# `ulimit -f`).  Every case but the SQL text must exit 1 with a clear
# "coalition: ..." message and leave the store exactly as it was (same SQL
# dump, integrity ok) or, for a file that is not a store, the same bytes.
. "$(dirname "$0")/lib.sh"
DB="$WORK/h.db"
CASES=0

# fingerprint FILE: the content of a store (its SQL dump), else its bytes.
fingerprint() {
	if sqlite3 "$1" "PRAGMA quick_check" 2>/dev/null | grep -qx ok; then
		sqlite3 "$1" .dump | md5sum
	else
		md5sum <"$1"
	fi
}

# hostile NAME STORE CODE TEXT CMD... : runs CMD (a coalition command line,
# or `sh -c ...` through HOSTILE_RUNNER), expects exit CODE, a stderr line
# "coalition: ...TEXT..." and STORE unchanged.
hostile() {
	local name=$1 store=$2 code=$3 text=$4 before after
	shift 4
	CASES=$((CASES + 1))
	before=$(fingerprint "$store")
	"$@" >"$WORK/stdout" 2>"$WORK/stderr"
	STATUS=$?
	after=$(fingerprint "$store")
	expect_status "$code" "$name"
	grep -F -- "$text" "$WORK/stderr" | grep -q '^coalition: ' ||
		fail "$name: no stderr line 'coalition: ...$text...'"
	[ "$before" = "$after" ] || fail "$name: the store changed"
	if sqlite3 "$store" "PRAGMA quick_check" >/dev/null 2>&1; then
		[ "$(sqlite3 "$store" "PRAGMA integrity_check")" = ok ] ||
			fail "$name: integrity_check is not ok"
	fi
}

run --db "$DB" --quiet import "$TESTS/fixtures/import/base"
expect_status 0 "import the base"

# ---- import directories too big to commit ----
mkdir -p "$WORK/field"
python3 -c "print('key,name,kind'); print('big,' + 'x' * 10_000_000 + ',ngo')" >"$WORK/field/orgs.csv"
printf 'source,target,kind\n' >"$WORK/field/ties.csv"
hostile "a 10 MB field" "$DB" 1 "orgs.csv:2: a field of 10000000 bytes, over the limit of 65536" \
	"$COALITION" --db "$DB" import "$WORK/field"

mkdir -p "$WORK/columns"
python3 -c "print('key,name,kind,' + ','.join('c%d' % i for i in range(99997))); print('a,b,ngo' + ',' * 99997)" \
	>"$WORK/columns/orgs.csv"
printf 'source,target,kind\n' >"$WORK/columns/ties.csv"
# (Columns the schema does not name are kept as attributes, up to 64: said once.)
hostile "100 000 columns" "$DB" 1 "orgs.csv:1: 99997 columns are not in the schema, more than the 64 kept as attributes" \
	"$COALITION" --db "$DB" import "$WORK/columns"
[ "$(wc -l <"$WORK/stderr")" -le 2 ] || fail "100 000 columns: more than 2 lines on stderr"

mkdir -p "$WORK/rows"
python3 -c "
print('key,name,kind')
for i in range(200000): print('o%d,Org %d,ngo' % (i, i))
print('o-last,Last,not-a-kind')" >"$WORK/rows/orgs.csv"
printf 'source,target,kind\n' >"$WORK/rows/ties.csv"
hostile "200 000 good rows then a bad one" "$DB" 1 "orgs.csv:200002: kind 'not-a-kind' is not a short lowercase word" \
	"$COALITION" --db "$DB" import "$WORK/rows"

# ---- SQL text is data: stored and matched literally ----
mkdir -p "$WORK/sql"
cat >"$WORK/sql/orgs.csv" <<'EOF'
key,name,kind,aliases
x'); DROP TABLE orgs; --,"Robert""); DROP TABLE ties; --",ngo,' OR '1'='1
%_*,"100% _union_ \\ ; SELECT * FROM sources",union,
EOF
cat >"$WORK/sql/ties.csv" <<'EOF'
source,target,kind,note
' OR '1'='1,%_*,partnership,"'; DELETE FROM ties WHERE '1'='1"
EOF
run --db "$DB" import "$WORK/sql"
expect_status 0 "import SQL text"
run --db "$DB" sql --format csv "SELECT count(*) FROM orgs"
expect_stdout_has "8" "6 orgs of the base and 2 with SQL text"
run --db "$DB" sql --format csv "SELECT key FROM orgs WHERE name LIKE 'Robert%'"
expect_stdout_has "x'); DROP TABLE orgs; --" "the key is stored as written"
run --db "$DB" sql --format csv "SELECT note FROM ties WHERE note LIKE '%DELETE%'"
expect_stdout_has "'; DELETE FROM ties WHERE '1'='1" "the note is stored as written"
run --db "$DB" query find "DROP TABLE" --format csv
expect_status 0 "find SQL text"
expect_stdout_has "x'); DROP TABLE orgs; --" "find matches SQL text literally"
run --db "$DB" query find "%" --format csv
[ "$(grep -c . "$WORK/stdout")" -eq 2 ] || fail "find '%' matched more than the org named with a %"
run --db "$DB" query neighbors "' OR '1'='1" --format csv
expect_status 0 "an alias made of SQL text"
expect_stdout_has "%_*" "neighbors through an alias made of SQL text"
run --db "$DB" summary --tie-kinds "x' OR '1'='1"
expect_status 2 "SQL text as a tie kind (a bad option value)"
expect_stderr_has "is not a tie kind" "SQL text as a tie kind is refused"
run --db "$DB" sql --format csv "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
tables=$(tail -1 "$WORK/stdout")
run --db "$DB" sql "DROP TABLE orgs"
expect_status 1 "sql refuses a write"
run --db "$DB" sql --format csv "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
expect_stdout_has "$tables" "every table is still there"
run --db "$DB" sql --format csv "SELECT count(*) FROM sqlite_master WHERE name = 'orgs'"
expect_stdout_has "1" "orgs is still there"

# ---- sql: a time limit, rows streamed, SQLite's defensive settings ----
FOREVER="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
hostile "sql that never ends" "$DB" 1 "sql: stopped after 1 s, the time limit" \
	"$COALITION" --db "$DB" sql --timeout 1 "$FOREVER SELECT count(*) FROM c"
# Rows leave as they come: an endless SELECT has printed many by the time
# the limit stops it (collected whole, none would be printed).
hostile "sql rows stream out" "$DB" 1 "sql: stopped after 2 s" \
	"$COALITION" --db "$DB" sql --timeout 2 --format csv "$FOREVER SELECT x FROM c"
[ "$(head -1 "$WORK/stdout")" = x ] || fail "streamed CSV has no header"
[ "$(sed -n 4098p "$WORK/stdout")" = 4097 ] || fail "fewer than two slices of rows were printed"
run --db "$DB" sql --format json "$FOREVER SELECT x FROM c LIMIT 10000"
expect_status 0 "sql json in slices"
json_eq "[r['x'] for r in d] == list(range(1, 10001))" "True"
run --db "$DB" sql --format json "SELECT 1 WHERE 0"
json_eq "d" "[]"
run --db "$DB" sql --format csv "$FOREVER SELECT x FROM c LIMIT 9000"
[ "$(grep -c . "$WORK/stdout")" -eq 9001 ] || fail "sql csv in slices: not one header and 9000 rows"
hostile "sql --timeout not a number" "$DB" 2 "sql: --timeout: 'soon' is not a number" \
	"$COALITION" --db "$DB" sql --timeout soon "SELECT 1"
hostile "fts3_tokenizer() is refused" "$DB" 1 "not authorized to use function: fts3_tokenizer" \
	"$COALITION" --db "$DB" sql "SELECT hex(fts3_tokenizer('simple'))"
hostile "ATTACH is refused" "$DB" 1 "sql: too many attached databases" \
	"$COALITION" --db "$DB" sql "ATTACH '$WORK/other.db' AS o"
hostile "load_extension() is refused" "$DB" 1 "not authorized" \
	"$COALITION" --db "$DB" sql "SELECT load_extension('/nonexistent.so')"
# --db names a file, never an SQLite URI: "file:...?mode=ro" would refuse to
# create the store, "vfs=..." would pick another VFS.
(cd "$WORK" && "$COALITION" --db "file:uri.db?mode=ro" init) >"$WORK/stdout" 2>"$WORK/stderr"
STATUS=$?
expect_status 0 "init a store named file:...?mode=ro"
[ -f "$WORK/file:uri.db?mode=ro" ] || fail "--db file:... was read as a URI: no file of that name"
CASES=$((CASES + 1))

# ---- query path: one path unless --all, and --all capped with a count ----
# s, 8 layers of 8 orgs each joined to every org of the next layer, t: 66
# orgs and 8 + 7*64 + 8 = 464 ties.  Every s-t path through one org per layer
# is shortest (9 ties): 8^8 = 16 777 216 of them (listing them all took over
# 5 GB).  The first by key goes through l0_0 ... l7_0.
mkdir -p "$WORK/layers"
python3 - "$WORK/layers" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/orgs.csv", "w") as f:
    f.write("key,name,kind\ns,S,ngo\nt,T,ngo\n")
    for i in range(8):
        for j in range(8):
            f.write("l%d_%d,L%d %d,ngo\n" % (i, j, i, j))
with open(d + "/ties.csv", "w") as f:
    f.write("source,target,kind\n")
    for j in range(8):
        f.write("s,l0_%d,partnership\nl7_%d,t,partnership\n" % (j, j))
    for i in range(7):
        for j in range(8):
            for k in range(8):
                f.write("l%d_%d,l%d_%d,partnership\n" % (i, j, i + 1, k))
PY
run --db "$WORK/layers.db" --quiet import "$WORK/layers"
expect_status 0 "import the layers"
run --db "$WORK/layers.db" query path s t --format json
expect_status 0 "one path of 16 777 216"
json_eq "(d['length'], d['count'], d['paths'])" \
	"(9, 16777216, [['s', 'l0_0', 'l1_0', 'l2_0', 'l3_0', 'l4_0', 'l5_0', 'l6_0', 'l7_0', 't']])"
run --db "$WORK/layers.db" query path s t --all --format json
expect_status 0 "--all is capped"
# Path i (from 0) in key order is i written in base 8, a digit per layer:
# path 1 ends l6_0 l7_1 t, path 999 = 0o00001747 goes l4_1 l5_7 l6_4 l7_7.
json_eq "(len(d['paths']), d['count'], d['paths'][1][-3:], d['paths'][999][5:9])" \
	"(1000, 16777216, ['l6_0', 'l7_1', 't'], ['l4_1', 'l5_7', 'l6_4', 'l7_7'])"
expect_stderr_has "16777216 shortest paths join s and t: the first 1000 by key are listed (--max-paths N lists more)" \
	"--all says what it left out"
CASES=$((CASES + 1))
run --db "$WORK/layers.db" query path s t --all --max-paths 3 --format csv
expect_status 0 "--max-paths 3"
[ "$(grep -c '^[0-9]' "$WORK/stdout")" -eq 3 ] || fail "--max-paths 3 did not list 3 paths"

# ---- weights that double-precision paths cannot tell apart ----
# a - b - c - d, the middle tie 1e10 times the others: betweenness came out
# 2.5 or 3 instead of 2, and the weighted path aborted in igraph (exit 134).
mkdir -p "$WORK/weights"
printf 'key,name,kind\na,A,ngo\nb,B,ngo\nc,C,ngo\nd,D,ngo\n' >"$WORK/weights/orgs.csv"
printf 'source,target,kind,weight\na,b,partnership,1\nb,c,partnership,1e10\nc,d,partnership,1\n' \
	>"$WORK/weights/ties.csv"
run --db "$WORK/weights.db" --quiet import "$WORK/weights"
expect_status 0 "import the weights"
hostile "weighted path over weights 1e10 apart" "$WORK/weights.db" 1 \
	"weighted shortest paths: tie weights span a ratio of 1e+10" \
	"$COALITION" --db "$WORK/weights.db" query path a d --weighted
hostile "weighted betweenness over weights 1e10 apart" "$WORK/weights.db" 1 \
	"weighted centrality: tie weights span a ratio of 1e+10" \
	"$COALITION" --db "$WORK/weights.db" centrality --measure betweenness --weighted --no-save
run --db "$WORK/weights.db" centrality --measure betweenness --no-save --format json
expect_status 0 "unweighted betweenness of the chain"
json_eq "sorted((o['key'], o['betweenness']) for o in d['orgs'])" \
	"[('a', 0.0), ('b', 2.0), ('c', 2.0), ('d', 0.0)]"

# ---- nothing lost: export csv, GraphML and backup give back an equal store ----
# tests/fixtures/roundtrip fills every table import writes, with private
# ties and sources, tie sources, parents, aliases, events and participation;
# store_canon.py lists every table by keys, not row ids.
RT="$TESTS/fixtures/roundtrip"
canon() { /usr/bin/python3 "$TESTS/cli/store_canon.py" "$@"; }
run --db "$WORK/rt.db" --quiet import "$RT"
expect_status 0 "import the round-trip fixture"
canon "$WORK/rt.db" >"$WORK/rt.want"
/usr/bin/python3 - "$WORK/rt.want" <<'PY' || fail "the round-trip fixture does not fill every table"
import json, sys
d = json.load(open(sys.argv[1]))
empty = [t for t, rows in d.items() if not rows]
assert not empty, empty
flags = {(t, dict(row)["private"]) for t in ("ties", "sources") for row in d[t]}
assert flags == {("ties", 0), ("ties", 1), ("sources", 0), ("sources", 1)}, flags
PY
run --db "$WORK/rt.db" export --format csv --out "$WORK/rt-csv"
expect_status 0 "export csv"
for f in sources orgs events ties participation; do
	[ -f "$WORK/rt-csv/$f.csv" ] || fail "export csv wrote no $f.csv"
done
run --db "$WORK/rt2.db" --quiet import "$WORK/rt-csv"
expect_status 0 "import the csv export"
canon "$WORK/rt2.db" >"$WORK/rt.got"
diff "$WORK/rt.want" "$WORK/rt.got" >"$WORK/rt.diff" || fail "csv round trip: stores differ: $(head -20 "$WORK/rt.diff")"
run --db "$WORK/rt2.db" export --format csv --out "$WORK/rt-csv2"
diff -r "$WORK/rt-csv" "$WORK/rt-csv2" >/dev/null || fail "exporting the re-imported store gives other files"
grep -q '^ngo,Café Ñandú,ngo,,US,NY,New York,40.7,-74.0000000001,' "$WORK/rt-csv/orgs.csv" ||
	fail "orgs.csv: coordinates not written as the shortest text that reads back"
CASES=$((CASES + 1))
# GraphML: orgs, aliases, parents, ties with private and sources come back
# (into a store that has the sources: a graph file has no sources table).
run --db "$WORK/rt.db" export --format graphml --out "$WORK/rt.graphml"
expect_status 0 "export graphml"
grep -q 'attr.name="private"' "$WORK/rt.graphml" && grep -q 'attr.name="sources"' "$WORK/rt.graphml" ||
	fail "GraphML lacks the private and sources attributes"
mkdir -p "$WORK/rt-src"
cp "$RT/sources.csv" "$WORK/rt-src/"
printf 'key,name,kind\n' >"$WORK/rt-src/orgs.csv"
printf 'source,target,kind\n' >"$WORK/rt-src/ties.csv"
run --db "$WORK/rt3.db" --quiet import "$WORK/rt-src"
run --db "$WORK/rt3.db" --quiet import --format graphml "$WORK/rt.graphml"
expect_status 0 "import the GraphML export"
canon "$WORK/rt.db" orgs aliases ties tie_sources sources >"$WORK/rt.want-g"
canon "$WORK/rt3.db" orgs aliases ties tie_sources sources >"$WORK/rt.got-g"
diff "$WORK/rt.want-g" "$WORK/rt.got-g" >"$WORK/rt.diff" ||
	fail "GraphML round trip: stores differ: $(head -20 "$WORK/rt.diff")"
# The orgs' and ties' attributes (extra columns) come back too; a graph file
# has no events or sources, so theirs are not compared.
org_tie_attributes() {
	canon "$1" attributes | /usr/bin/python3 -c '
import json, sys
rows = json.load(sys.stdin)["attributes"]
print(json.dumps([r for r in rows if dict(r)["owner"] in ("org", "tie")], indent=1))'
}
org_tie_attributes "$WORK/rt.db" >"$WORK/rt.want-a"
org_tie_attributes "$WORK/rt3.db" >"$WORK/rt.got-a"
grep -q '"website"' "$WORK/rt.want-a" && grep -q '"contact"' "$WORK/rt.want-a" ||
	fail "the round-trip fixture has no org and tie attributes"
diff "$WORK/rt.want-a" "$WORK/rt.got-a" >"$WORK/rt.diff" ||
	fail "GraphML round trip: attributes differ: $(head -20 "$WORK/rt.diff")"
for f in gexf gml json; do
	run --db "$WORK/rt.db" export --format $f
	expect_stdout_has "private" "export $f carries private"
	expect_stdout_has "src-priv;src-pub" "export $f carries the tie's sources"
	expect_stdout_has "https://example.org/cafe, bis" "export $f carries the orgs' attributes"
	expect_stdout_has "ana@example.org" "export $f carries the ties' attributes"
done
run --db "$WORK/rt.db" export --public --format graphml
grep -q "src-priv" "$WORK/stdout" && fail "export --public graphml names a private source"
CASES=$((CASES + 1))
# backup: SQLite's backup API, owner-only, the same store; not over the store.
run --db "$WORK/rt.db" backup "$WORK/rt-copy.db"
expect_status 0 "backup"
[ "$(stat -c %a "$WORK/rt-copy.db")" = 600 ] || fail "the backup is not 0600"
canon "$WORK/rt-copy.db" >"$WORK/rt.got"
diff -q "$WORK/rt.want" "$WORK/rt.got" >/dev/null || fail "the backup differs from the store"
hostile "backup over the store" "$WORK/rt.db" 1 "cannot write $WORK/rt.db: it is the store this command reads" \
	"$COALITION" --db "$WORK/rt.db" backup "$WORK/rt.db"
ln -s "$WORK/rt-copy.db" "$WORK/rt-link.db"
hostile "backup to a symbolic link" "$WORK/rt-copy.db" 1 "it is a symbolic link" \
	"$COALITION" --db "$WORK/rt.db" backup "$WORK/rt-link.db"
# While another process writes: a backup taken during an import is one
# state of the store (integrity ok).  kill.db (25 000 ties) serves the kill
# test below too.
run --seed 3 synth --chapters 5000 --out "$WORK/synth5k"
expect_status 0 "synth 5000 chapters"
run --db "$WORK/kill.db" --quiet import "$WORK/synth5k"
expect_status 0 "import 5000 chapters"
(for i in 1 2 3; do "$COALITION_BIN" --db "$WORK/kill.db" --quiet import "$WORK/synth5k"; done) \
	>/dev/null 2>&1 &
writer=$!
run --db "$WORK/kill.db" backup "$WORK/kill-copy.db"
wait "$writer"
expect_status 0 "backup while an import writes"
[ "$(sqlite3 "$WORK/kill-copy.db" 'PRAGMA integrity_check')" = ok ] || fail "the backup taken during an import is damaged"
CASES=$((CASES + 1))

# ---- a failed write to stdout is an error (main.c flushes and checks) ----
if [ "$(id -u)" -eq 0 ]; then
	mknod "$WORK/fulldev" c 1 7   # a copy of /dev/full's numbers
	FULL=$WORK/fulldev
else
	FULL=/dev/full
fi
hostile "summary to a full stdout" "$DB" 1 "No space left on device" \
	sh -c '"$@" >"$0"' "$FULL" "$COALITION" --db "$DB" summary
hostile "sql to a full stdout" "$DB" 1 "No space left on device" \
	sh -c '"$@" >"$0"' "$FULL" "$COALITION" --db "$DB" sql "SELECT 1"

# ---- import reads regular files only, and never holds a huge line ----
mkdir -p "$WORK/fifo"
mkfifo "$WORK/fifo/orgs.csv"
printf 'source,target,kind\n' >"$WORK/fifo/ties.csv"
hostile "a FIFO as orgs.csv" "$DB" 1 \
	"cannot read $WORK/fifo/orgs.csv: it is not a regular file (a FIFO, device or socket)" \
	timeout 60 "$COALITION" --db "$DB" import "$WORK/fifo"
mkdir -p "$WORK/line"
python3 -c "
import sys
sys.stdout.write('key,name,kind\nbig,'); sys.stdout.write('x' * 100_000_000); sys.stdout.write(',ngo\n')" \
	>"$WORK/line/orgs.csv"
printf 'source,target,kind\n' >"$WORK/line/ties.csv"
# ASan's quarantine keeps freed blocks (256 MB by default): without it the
# sanitizer build frees as the plain one does, and both are measured against
# the same build's import of a one-line file.
QUIET_ASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
hostile "a 100 MB line" "$DB" 1 \
	"orgs.csv:2: a line of over 16777216 bytes, while a field may hold 65536" \
	env ASAN_OPTIONS="$QUIET_ASAN" /usr/bin/time -f "%M" -o "$WORK/line/rss" \
	"$COALITION" --db "$DB" import "$WORK/line"
mkdir -p "$WORK/small"
printf 'key,name,kind\nsmall,Small,ngo\n' >"$WORK/small/orgs.csv"
printf 'source,target,kind\n' >"$WORK/small/ties.csv"
env ASAN_OPTIONS="$QUIET_ASAN" /usr/bin/time -f "%M" -o "$WORK/small/rss" \
	"$COALITION" --db "$WORK/small.db" import "$WORK/small" >/dev/null 2>&1 ||
	fail "import of a one-line file"
# The line is dropped as it is read: it adds well under its 100 MB (about
# 20 MB measured in both builds; the whole line and libcsv's copy of it
# took 200 MB before).
grown=$(( $(tail -1 "$WORK/line/rss") - $(tail -1 "$WORK/small/rss") ))
[ -n "${COALITION_WRAP:-}" ] || [ "$grown" -lt 50000 ] ||
	fail "a 100 MB line took $grown KB more than a one-line file"
rm -rf "$WORK/line"

# ---- a re-import without a private column keeps private ties private ----
run --db "$WORK/pk.db" --quiet import "$TESTS/fixtures/private"
mkdir -p "$WORK/pk"
cp "$TESTS/fixtures/private/"*.csv "$WORK/pk/"
python3 - "$WORK/pk/ties.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
fields = [k for k in rows[0] if k != "private"]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
PY
run --db "$WORK/pk.db" import "$WORK/pk"
expect_status 0 "re-import without a private column"
expect_stderr_has "2 stored private ties kept private: their rows give no private value" \
	"the kept private ties are reported"
run --db "$WORK/pk.db" sql --format csv "SELECT kind FROM ties WHERE private = 1 ORDER BY kind"
[ "$(tr '\n' ' ' <"$WORK/stdout")" = "kind hushfund secretpact " ] ||
	fail "the private ties of the fixture (secretpact, hushfund) did not stay private"
CASES=$((CASES + 1))

# ---- stores that are not what they should be ----
printf 'key,name,kind\nnot,a,database\n' >"$WORK/text.db"
hostile "a text file as the store" "$WORK/text.db" 1 "text.db is not a coalition store" \
	"$COALITION" --db "$WORK/text.db" import "$TESTS/fixtures/import/base"
head -c 8192 /dev/urandom >"$WORK/random.db"
hostile "random bytes as the store" "$WORK/random.db" 1 "random.db is not a coalition store" \
	"$COALITION" --db "$WORK/random.db" summary
sqlite3 "$WORK/other.db" "CREATE TABLE orgs(x); INSERT INTO orgs VALUES (1)"
hostile "another program's SQLite file" "$WORK/other.db" 1 \
	"other.db is an SQLite file but not a coalition store" \
	"$COALITION" --db "$WORK/other.db" import "$TESTS/fixtures/import/base"
cp "$DB" "$WORK/newer.db"
sqlite3 "$WORK/newer.db" "PRAGMA user_version = 99"
hostile "a store from a newer version" "$WORK/newer.db" 1 \
	"has schema version 99, newer than this coalition understands" \
	"$COALITION" --db "$WORK/newer.db" import "$TESTS/fixtures/import/changed"
hostile "a store from a newer version, read" "$WORK/newer.db" 1 "newer than this coalition" \
	"$COALITION" --db "$WORK/newer.db" summary
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
head -c 8192 "$DB" >"$WORK/cut.db"
hostile "a store cut short" "$WORK/cut.db" 1 "cut.db" \
	"$COALITION" --db "$WORK/cut.db" import "$TESTS/fixtures/import/changed"
mkdir -p "$WORK/dir.db"
run --db "$WORK/dir.db" summary
expect_status 1 "a directory as the store"
expect_stderr_has "it is a directory" "a directory as the store"
CASES=$((CASES + 1))

# ---- a read-only store, and a store in a read-only folder ----
# Root ignores file modes: as root the commands run as nobody (setpriv), from
# a copy of the binary and of everything they read in a folder nobody may read.
if [ "$(id -u)" -eq 0 ]; then
	chmod 711 "$WORK"
	mkdir -m 755 "$WORK/pub"
	cp "$COALITION_BIN" "$WORK/pub/coalition"
	cp "$TESTS/lsan.supp" "$WORK/pub/lsan.supp"
	cp -r "$TESTS/fixtures/import/changed" "$WORK/pub/changed"
	chmod -R a+rX "$WORK/pub"
	AS_USER="setpriv --reuid=65534 --regid=65534 --clear-groups env LSAN_OPTIONS=suppressions=$WORK/pub/lsan.supp"
	BIN="$WORK/pub/coalition"
	CHANGED="$WORK/pub/changed"
	$AS_USER "$BIN" --help >/dev/null 2>&1 || fail "cannot run coalition as nobody"
else
	AS_USER=""
	BIN="$COALITION"
	CHANGED="$TESTS/fixtures/import/changed"
fi
mkdir -m 777 "$WORK/rofile"
cp "$DB" "$WORK/rofile/s.db"
chmod 444 "$WORK/rofile/s.db"
hostile "a read-only store (0444)" "$WORK/rofile/s.db" 1 "rofile/s.db: it is read-only" \
	$AS_USER "$BIN" --db "$WORK/rofile/s.db" import "$CHANGED"
hostile "a read-only store, saving metrics" "$WORK/rofile/s.db" 1 "it is read-only" \
	$AS_USER "$BIN" --db "$WORK/rofile/s.db" centrality
$AS_USER "$BIN" --db "$WORK/rofile/s.db" summary --format json >"$WORK/stdout" 2>"$WORK/stderr"
STATUS=$?
expect_status 0 "a read-only store can still be read"
json_eq "d['orgs']" "8"
mkdir -m 755 "$WORK/rodir"
cp "$DB" "$WORK/rodir/s.db"
chmod 444 "$WORK/rodir/s.db"
chmod 555 "$WORK/rodir"
hostile "a store in a read-only folder" "$WORK/rodir/s.db" 1 "rodir/s.db: it is read-only" \
	$AS_USER "$BIN" --db "$WORK/rodir/s.db" import "$CHANGED"
hostile "a store in a read-only folder, read" "$WORK/rodir/s.db" 1 "is its folder read-only" \
	$AS_USER "$BIN" --db "$WORK/rodir/s.db" summary
hostile "a new store in a read-only folder" "$DB" 1 "cannot create $WORK/rodir/new.db" \
	$AS_USER "$BIN" --db "$WORK/rodir/new.db" init
chmod 755 "$WORK/rodir"

# ---- outputs into a folder that does not exist ----
hostile "export into a missing folder" "$DB" 1 "cannot write $WORK/missing/x.graphml" \
	"$COALITION" --db "$DB" export --format graphml --out "$WORK/missing/x.graphml"
hostile "csv export into a missing folder" "$DB" 1 "cannot create $WORK/missing/deeper/csv" \
	"$COALITION" --db "$DB" export --format csv --out "$WORK/missing/deeper/csv"
for f in png svg pdf; do
	hostile "render $f into a missing folder" "$DB" 1 "$WORK/missing/map.$f" \
		"$COALITION" --db "$DB" render --out "$WORK/missing/map.$f"
done
hostile "layout dump into a missing folder" "$DB" 1 "$WORK/missing/layout.json" \
	"$COALITION" --db "$DB" render --out "$WORK/map.png" --dump-layout "$WORK/missing/layout.json"
if "$COALITION" help report >/dev/null 2>&1; then
	for f in html pdf; do
		hostile "report $f into a missing folder" "$DB" 1 "$WORK/missing/report.$f" \
			"$COALITION" --db "$DB" report --out "$WORK/missing/report.$f"
	done
else
	echo "NOTE: this build has no report command; its outputs were not checked" >&2
fi
hostile "synth into a missing folder" "$DB" 1 "$WORK/missing/deeper" \
	"$COALITION" synth --chapters 5 --out "$WORK/missing/deeper/synth"
[ ! -e "$WORK/missing" ] || fail "a failed output created $WORK/missing"

# ---- a full disk: no file may grow past 200 KB, or 40 KB (SIGXFSZ ignored,
# so a write fails with EFBIG as on a full disk); SQLite's -shm file needs
# 32 KB, so 20 KB fails the opening of a store ----
run --seed 3 synth --chapters 300 --out "$WORK/synth"
expect_status 0 "synth for the full disk"
limited() { (trap '' XFSZ; ulimit -f 200; exec "$@"); }
hostile "import onto a full disk" "$DB" 1 "writing failed: is the disk full" \
	limited "$COALITION" --db "$DB" import "$WORK/synth"
[ ! -s "$DB-wal" ] || [ "$(stat -c %s "$DB-wal")" -le 204800 ] || fail "the WAL grew past the limit"
cp "$DB" "$WORK/big.db"
run --db "$WORK/big.db" --quiet import "$WORK/synth"
expect_status 0 "import the synth data"
limited40() { (trap '' XFSZ; ulimit -f 40; exec "$@"); }
hostile "metrics onto a full disk" "$WORK/big.db" 1 "writing failed: is the disk full" \
	limited40 "$COALITION" --db "$WORK/big.db" centrality
hostile "no room for the store's -shm file" "$WORK/big.db" 1 \
	"cannot read the store $WORK/big.db: disk I/O error (File too large)" \
	sh -c 'trap "" XFSZ; ulimit -f 20; exec "$@"' sh "$COALITION" --db "$WORK/big.db" summary
mkdir -p "$WORK/full"
for f in graphml gexf gml dot json; do
	(trap '' XFSZ; ulimit -f 40; exec "$COALITION" --db "$WORK/big.db" export --format "$f" \
		--out "$WORK/full/x.$f") >"$WORK/stdout" 2>"$WORK/stderr"
	STATUS=$?
	CASES=$((CASES + 1))
	expect_status 1 "export $f onto a full disk"
	expect_stderr_has "File too large" "export $f onto a full disk"
	[ ! -e "$WORK/full/x.$f" ] || fail "export $f onto a full disk left a file"
	ls -A "$WORK/full" | grep -q . && fail "export $f onto a full disk left $(ls -A "$WORK/full")"
done
for f in png svg pdf; do
	hostile "render $f onto a full disk" "$WORK/big.db" 1 "cannot write $WORK/full/map.$f: File too large" \
		limited40 "$COALITION" --db "$WORK/big.db" render --out "$WORK/full/map.$f" \
		--width 3000 --height 3000
	ls -A "$WORK/full" | grep -q . && fail "render $f onto a full disk left $(ls -A "$WORK/full")"
done
if "$COALITION" help report >/dev/null 2>&1; then
	for f in html pdf; do
		hostile "report $f onto a full disk" "$WORK/big.db" 1 "" \
			limited40 "$COALITION" --db "$WORK/big.db" report --out "$WORK/full/report.$f"
		ls -A "$WORK/full" | grep -q . && fail "report $f onto a full disk left $(ls -A "$WORK/full")"
	done
fi


# ---- output paths that are not a regular file (tests/cli: outfile.c) ----
# A device node, a FIFO, a symbolic link, a directory and the store itself
# are refused as --out, and left as they were; "-" is stdout.  The device is
# a copy of /dev/null's numbers made here (mknod needs root), never the
# system's own node.
mkdir -p "$WORK/outs"
OUTS="$WORK/outs"
mkfifo "$OUTS/fifo"
printf 'precious\n' >"$OUTS/target"
ln -s "$OUTS/target" "$OUTS/link"
mkdir "$OUTS/dir"
if [ "$(id -u)" -eq 0 ]; then
	mknod "$OUTS/null" c 1 3
	mknod "$OUTS/null.png" c 1 3
	DEVICE_CASE=2
else
	DEVICE_CASE=0
	echo "NOTE: not root: the device node case is checked with /dev/null read-only" >&2
fi
# outpath NAME PATH TEXT CMD... : CMD with --out PATH (or the option in CMD)
# exits 1 naming PATH and TEXT; PATH keeps its type; no file is left in OUTS.
outpath() {
	local name=$1 path=$2 text=$3 before
	shift 3
	before=$(stat -c '%F %i' "$path")
	hostile "$name" "$DB" 1 "cannot write $path: $text" "$@"
	[ "$(stat -c '%F %i' "$path")" = "$before" ] || fail "$name: $path was replaced"
	[ "$(ls -A "$OUTS" | wc -l)" -eq "$((4 + DEVICE_CASE))" ] ||
		fail "$name: left $(ls -A "$OUTS")"
}
for f in graphml gml json; do
	outpath "export $f to a FIFO" "$OUTS/fifo" "it is a FIFO" \
		"$COALITION" --db "$DB" export --format $f --out "$OUTS/fifo"
done
outpath "export to a symbolic link" "$OUTS/link" "it is a symbolic link" \
	"$COALITION" --db "$DB" export --format gexf --out "$OUTS/link"
[ "$(cat "$OUTS/target")" = precious ] || fail "the symbolic link's target changed"
outpath "export to a directory" "$OUTS/dir" "it is a directory" \
	"$COALITION" --db "$DB" export --format dot --out "$OUTS/dir"
if [ "$DEVICE_CASE" -eq 1 ]; then
	outpath "export to a device node" "$OUTS/null" "it is a device" \
		"$COALITION" --db "$DB" export --format graphml --out "$OUTS/null"
	outpath "render to a device node" "$OUTS/null.png" "it is a device" \
		"$COALITION" --db "$DB" render --out "$OUTS/null.png"
fi
for f in png svg pdf; do
	ln -s "$OUTS/target" "$OUTS/map.$f"
	hostile "render $f to a symbolic link" "$DB" 1 "cannot write $OUTS/map.$f: it is a symbolic link" \
		"$COALITION" --db "$DB" render --out "$OUTS/map.$f"
	[ -L "$OUTS/map.$f" ] || fail "render $f replaced the symbolic link"
	rm "$OUTS/map.$f"
done
ln -s "$OUTS/target" "$OUTS/layout.json"
hostile "--dump-layout to a symbolic link" "$DB" 1 \
	"cannot write $OUTS/layout.json: it is a symbolic link" \
	"$COALITION" --db "$DB" render --out "$WORK/map.png" --dump-layout "$OUTS/layout.json"
[ -L "$OUTS/layout.json" ] || fail "--dump-layout replaced the symbolic link"
rm "$OUTS/layout.json"
if "$COALITION" help report >/dev/null 2>&1; then
	for f in html pdf; do
		ln -s "$OUTS/target" "$OUTS/report.$f"
		hostile "report $f to a symbolic link" "$DB" 1 \
			"cannot write $OUTS/report.$f: it is a symbolic link" \
			"$COALITION" --db "$DB" report --out "$OUTS/report.$f"
		[ -L "$OUTS/report.$f" ] || fail "report $f replaced the symbolic link"
		rm "$OUTS/report.$f"
	done
fi
[ "$(cat "$OUTS/target")" = precious ] || fail "a symbolic link's target changed"
hostile "export over the store" "$DB" 1 "cannot write $DB: it is the store this command reads" \
	"$COALITION" --db "$DB" export --format graphml --out "$DB"
cp "$DB" "$WORK/store.png"
hostile "render over the store" "$WORK/store.png" 1 \
	"cannot write $WORK/store.png: it is the store this command reads" \
	"$COALITION" --db "$WORK/store.png" render --out "$WORK/store.png"
ln "$DB" "$WORK/hardlink.png"
hostile "render over a hard link to the store" "$DB" 1 "it is the store this command reads" \
	"$COALITION" --db "$DB" render --out "$WORK/hardlink.png"
rm "$WORK/hardlink.png"
run --db "$DB" export --format graphml --out -
expect_status 0 "export --out -"
expect_stdout_has "<graphml" "export --out - writes to stdout"
run --db "$DB" export --format json --out /dev/stdout
expect_status 0 "export --out /dev/stdout"
json_eq "len(d['orgs'])" "8"
# Files are the owner's only (0600), whatever the umask, and replace an old file.
for out in "$OUTS/new.graphml" "$OUTS/new.png" "$OUTS/layout.json" "$OUTS/report.html"; do
	rm -f "$out"
done
printf 'old\n' >"$OUTS/new.graphml"
chmod 644 "$OUTS/new.graphml"
(umask 022; "$COALITION" --db "$DB" export --format graphml --out "$OUTS/new.graphml") ||
	fail "export over an old file"
(umask 022; "$COALITION" --db "$DB" render --out "$OUTS/new.png" --dump-layout "$OUTS/layout.json") ||
	fail "render with --dump-layout"
grep -q "<graphml" "$OUTS/new.graphml" || fail "the old file was not replaced"
modes="$OUTS/new.graphml $OUTS/new.png $OUTS/layout.json"
if "$COALITION" help report >/dev/null 2>&1; then
	(umask 022; "$COALITION" --db "$DB" report --out "$OUTS/report.html") || fail "report"
	modes="$modes $OUTS/report.html"
fi
for out in $modes; do
	[ "$(stat -c %a "$out")" = 600 ] || fail "$out has mode $(stat -c %a "$out"), not 600"
done
rm -f $modes

# A kill while the file is written leaves no temporary file: the export of
# a big store (25 000 ties, 10 MB of GraphML) is stopped (SIGINT, then
# SIGTERM) as soon as its temporary file appears.  A background job starts
# with SIGINT ignored: env gives it back its default action.
for sig in INT TERM; do
	caught=0
	for attempt in 1 2 3 4 5; do
		env --default-signal=INT "$COALITION_BIN" --db "$WORK/kill.db" export --format graphml \
			--out "$OUTS/kill.graphml" 2>/dev/null &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			if ls -A "$OUTS" | grep -q '^\.kill\.graphml\.'; then
				kill -"$sig" "$pid"
				caught=1
				break
			fi
		done
		wait "$pid"
		code=$?
		rm -f "$OUTS/kill.graphml"
		[ "$caught" -eq 1 ] && break
	done
	CASES=$((CASES + 1))
	[ "$caught" -eq 1 ] || fail "SIG$sig: the export ended before its temporary file was seen (5 tries)"
	[ "$code" -gt 128 ] || fail "SIG$sig: the export exited $code, not by the signal"
	ls -A "$OUTS" | grep -q '^\.kill' && fail "SIG$sig left $(ls -A "$OUTS" | grep kill)"
done

# ---- text: look-alike keys (the refused characters are tests/fixtures/bad/) ----
# The same key typed decomposed (e + U+0301) and composed (U+00E9) is one
# key: stored composed (NFC, the bytes 63 61 66 C3 A9 from the Unicode
# charts), and a tie naming it composed resolves to it.
U="$WORK/unicode.db"
mkdir -p "$WORK/nfd" "$WORK/nfc"
printf 'key,name,kind,aliases\ncafe\xcc\x81,Cafe\xcc\x81 Workers,union,Cafe\xcc\x81 W\nbar,Bar,ngo,\n' >"$WORK/nfd/orgs.csv"
printf 'source,target,kind\ncaf\xc3\xa9,bar,partnership\nCaf\xc3\xa9 W,bar,training\n' >"$WORK/nfd/ties.csv"
CASES=$((CASES + 1))
run --db "$U" import "$WORK/nfd"
expect_status 0 "a decomposed key, named composed by ties"
expect_stderr_has "orgs.csv:2: key in decomposed Unicode (such as e and a combining accent for é); stored composed (NFC)" \
	"the decomposed key is noted"
expect_stderr_has "orgs.csv:2: aliases in decomposed Unicode" "the decomposed alias is noted"
[ "$(sqlite3 "$U" "select hex(key) from orgs where name like 'Cafe%'")" = 636166C3A9 ] ||
	fail "the decomposed key is not stored as NFC 636166C3A9"
[ "$(sqlite3 "$U" "select hex(alias) from aliases")" = 436166C3A92057 ] ||
	fail "the decomposed alias is not stored as NFC 436166C3A92057"
[ "$(sqlite3 "$U" "select count(*) from ties")" = 2 ] || fail "the two ties naming the key composed"
printf 'key,name,kind\ncaf\xc3\xa9,Cafe Workers,union\n' >"$WORK/nfc/orgs.csv"
printf 'source,target,kind\ncafe\xcc\x81,bar,partnership\n' >"$WORK/nfc/ties.csv"
CASES=$((CASES + 1))
run --db "$U" import "$WORK/nfc"
expect_status 0 "the composed key again"
expect_stderr_has "orgs 1 (0 added, 1 changed)" "the composed key is the decomposed one's org"
[ "$(sqlite3 "$U" "select count(*) from orgs")" = 2 ] || fail "café typed two ways made two orgs"
[ "$(sqlite3 "$U" "select count(*) from ties")" = 2 ] || fail "the tie naming café decomposed made another tie"

# Keys that differ only in letter case are two orgs, with a note naming both.
mkdir -p "$WORK/case"
printf 'key,name,kind\nAclu,ACLU,ngo\nACLU,ACLU again,ngo\nBAR,Bar,ngo\n' >"$WORK/case/orgs.csv"
printf 'source,target,kind\n' >"$WORK/case/ties.csv"
CASES=$((CASES + 1))
run --db "$U" import "$WORK/case"
expect_status 0 "keys differing only in case"
expect_stderr_has "note: orgs.csv:3: key 'ACLU' differs from key 'Aclu' (line 2) only in letter case: likely the same org; imported as another org" \
	"two keys of one file differing in case"
expect_stderr_has "note: orgs.csv:4: key 'BAR' differs from the store's key 'bar' only in letter case" \
	"a key differing in case from the store's"
[ "$(sqlite3 "$U" "select count(*) from orgs")" = 5 ] || fail "keys differing in case: not 5 orgs"

# Unicode spaces inside a name fold to one space like ASCII ones (U+3000
# ideographic, U+00A0 no-break, U+2009 thin); a zero-width non-joiner (U+200C,
# UTF-8 E2 80 8C) inside a name, as Persian writes it, is kept: only its edges are refused.
mkdir -p "$WORK/spaces"
printf 'key,name,kind\nsp,\xe3\x80\x80Local\xc2\xa0\xe2\x80\x89 52\xc2\xa0,union\nzwj,Mehr\xe2\x80\x8cabad Friends,ngo\n' >"$WORK/spaces/orgs.csv"
printf 'source,target,kind\n' >"$WORK/spaces/ties.csv"
CASES=$((CASES + 1))
run --db "$U" import "$WORK/spaces"
expect_status 0 "Unicode spaces inside names"
expect_stderr_has "orgs.csv:2: name has line breaks, tabs or runs of spaces; folded to one space" "Unicode spaces folded"
[ "$(sqlite3 "$U" "select name from orgs where key = 'sp'")" = "Local 52" ] || fail "Unicode spaces not folded to 'Local 52'"
[ "$(sqlite3 "$U" "select hex(name) from orgs where key = 'zwj'")" = 4D656872E2808C6162616420467269656E6473 ] ||
	fail "a joiner inside a name was not kept"

# GML is ASCII: NetworkX (and python-igraph, after decoding the numeric
# references it keeps) read back every name with accents, CJK and an emoji
# beyond the BMP exactly as the store holds them (check_export.py compares
# each export with the store read by Python's sqlite3).
mkdir -p "$WORK/cjk" "$OUTS/cjk"
printf 'key,name,kind,city\n\xe5\x8c\x97\xe4\xba\xac,\xe5\x8c\x97\xe4\xba\xac\xe5\xb7\xa5\xe4\xbc\x9a \xf0\x9f\x98\x80 & Co,union,Z\xc3\xbcrich\n' >"$WORK/cjk/orgs.csv"
printf 'source,target,kind,note\ncaf\xc3\xa9,\xe5\x8c\x97\xe4\xba\xac,partnership,"\xc3\xa9t\xc3\xa9\nline two &#233;"\n' >"$WORK/cjk/ties.csv"
CASES=$((CASES + 1))
run --db "$U" import "$WORK/cjk"
expect_status 0 "CJK names"
for f in graphml gexf gml json; do
	run --db "$U" export --format "$f" --out "$OUTS/cjk/x.$f"
	expect_status 0 "export $f of accents and CJK"
done
/usr/bin/python3 "$TESTS/cli/check_export.py" "$U" "$OUTS/cjk" >"$WORK/check" 2>&1 ||
	fail "check_export.py on accents and CJK: $(cat "$WORK/check")"
/usr/bin/python3 - "$OUTS/cjk/x.gml" >"$WORK/check" 2>&1 <<'PY' || fail "NetworkX on the CJK GML: $(cat "$WORK/check")"
import sys
import networkx as nx
g = nx.read_gml(sys.argv[1], label="key")
assert g.nodes["\u5317\u4eac"]["name"] == "\u5317\u4eac\u5de5\u4f1a \U0001F600 & Co", g.nodes["\u5317\u4eac"]
assert g.nodes["caf\u00e9"]["name"] == "Cafe Workers", g.nodes["caf\u00e9"]
notes = [d["note"] for a, b, d in g.edges(data=True) if {a, b} == {"caf\u00e9", "\u5317\u4eac"}]
assert notes == ["\u00e9t\u00e9\nline two &#233;"], notes
PY
# ... and our own GML import gives the same text back.
run --db "$WORK/gml.db" import --format gml "$OUTS/cjk/x.gml"
expect_status 0 "import the CJK GML"
for q in "select name from orgs order by key" "select note from ties order by note"; do
	[ "$(sqlite3 "$WORK/gml.db" "$q")" = "$(sqlite3 "$U" "$q")" ] || fail "GML round trip: '$q' differs"
done

# A noncharacter put in by SQL (import refuses them): GraphML and GEXF stay
# well-formed XML, U+FFFD standing for U+FFFE and U+FFFF.
cp "$U" "$WORK/nonchar.db"
sqlite3 "$WORK/nonchar.db" "update orgs set name = 'A' || char(65534) || 'B' || char(65535) where key = 'bar'"
for f in graphml gexf; do
	CASES=$((CASES + 1))
	run --db "$WORK/nonchar.db" export --format "$f" --out "$OUTS/nonchar.$f"
	expect_status 0 "export $f of a noncharacter"
	/usr/bin/python3 -c "import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert 'A\ufffdB\ufffd' in d.toxml(), 'no A\ufffdB\ufffd'" \
		"$OUTS/nonchar.$f" 2>"$WORK/check" || fail "$f with a noncharacter: $(cat "$WORK/check")"
done

# An undirected tie entered twice with its ends swapped is one tie; a
# directed kind (endorsement: the source endorses the target) keeps both
# directions.  (Counts by hand from the rows below; the same tie with other
# values in one file is tests/fixtures/bad/tie_swapped_other_values.)
S="$WORK/swapped.db"
mkdir -p "$WORK/swap1" "$WORK/swap2"
printf 'key,name,kind\na,A,ngo\nb,B,ngo\nc,C,ngo\n' >"$WORK/swap1/orgs.csv"
printf 'source,target,kind,weight,start\na,b,partnership,2,2020\nb,a,partnership,2,2020\na,b,endorsement,1,\nb,a,endorsement,1,\nb,c,campaign,1,\n' \
	>"$WORK/swap1/ties.csv"
CASES=$((CASES + 1))
run --db "$S" import "$WORK/swap1"
expect_status 0 "an undirected tie listed both ways"
expect_stderr_has "ties.csv:3: an undirected tie listed again with its ends swapped (target, source) and the same values; kept once" \
	"the swapped row is reported"
expect_stderr_has "ties 5 (4 added, 0 changed)" "5 rows, 4 ties"
[ "$(sqlite3 "$S" "select count(*) from ties where kind = 'partnership'")" = 1 ] ||
	fail "a partnership listed both ways made two ties"
[ "$(sqlite3 "$S" "select count(*) from ties where kind = 'endorsement'")" = 2 ] ||
	fail "an endorsement each way (directed) is not two ties"
run --db "$S" summary --format json
json_eq "d['ties']" 4
# Again, the other way round and with another weight: the stored tie, updated.
printf 'key,name,kind\n' >"$WORK/swap2/orgs.csv"
printf 'source,target,kind,weight,start\nb,a,partnership,5,2020\nc,b,campaign,1,\nc,b,campaign,1,2021\n' >"$WORK/swap2/ties.csv"
CASES=$((CASES + 1))
run --db "$S" import "$WORK/swap2"
expect_status 0 "a stored undirected tie given the other way"
expect_stderr_has "ties.csv: 2 rows (2, 3): an undirected tie given with its ends swapped (target, source) is the stored tie; one tie, its ends kept as stored" \
	"the swapped rows are reported"
expect_stderr_has "ties 3 (1 added, 1 changed)" "a swapped row updates, another start adds"
[ "$(sqlite3 "$S" "select source.key || '-' || target.key || ':' || weight from ties join orgs source on source.id = source_id join orgs target on target.id = target_id where ties.kind = 'partnership'")" = "a-b:5.0" ] ||
	fail "the swapped row did not update the stored a-b tie to weight 5"
[ "$(sqlite3 "$S" "select count(*) from ties")" = 5 ] || fail "not 5 ties after the swapped rows"

# --events is refused above a bound on the pairs of co-participants,
# counted before any pair is built: one event of 20,000 participants makes
# 20000 * 19999 / 2 = 199,990,000 pairs (the issue's 4.1 GB), over the
# default 10,000,000.
E="$WORK/events.db"
mkdir -p "$WORK/bigevent" "$WORK/smallevents"
/usr/bin/python3 - "$WORK/bigevent" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/orgs.csv", "w") as f:
    f.write("key,name,kind\n" + "".join("o%d,Org %d,ngo\n" % (i, i) for i in range(20000)))
open(d + "/ties.csv", "w").write("source,target,kind\n")
open(d + "/events.csv", "w").write("key,name,kind,date\nrally,Big rally,day_of_action,2020-05-01\n")
with open(d + "/participation.csv", "w") as f:
    f.write("event,org\n" + "".join("rally,o%d\n" % i for i in range(20000)))
PY
run --db "$E" --quiet import "$WORK/bigevent"
expect_status 0 "import one event of 20,000 participants"
hostile "--events over the pair bound" "$E" 1 \
	"--events: the events' participants make 199990000 pairs of orgs (the largest event, 'rally', has 20000), more than the bound of 10000000: give --events-max 199990000 to build them all" \
	"$COALITION" --db "$E" summary --events
hostile "--events-max below the pairs" "$E" 1 "more than the bound of 199989999" \
	"$COALITION" --db "$E" centrality --events --events-max 199989999 --no-save
# Three events of 5, 4 and 3 participants: 10 + 6 + 3 = 19 pairs; the orgs
# a..e are in the first, a..d in the second, a..c in the third, so the
# distinct pairs are those of a..e: 10 co-participation ties.
printf 'key,name,kind\na,A,ngo\nb,B,ngo\nc,C,ngo\nd,D,ngo\ne,E,ngo\n' >"$WORK/smallevents/orgs.csv"
printf 'source,target,kind\n' >"$WORK/smallevents/ties.csv"
printf 'key,name,kind,date\ne5,Five,rally,2020\ne4,Four,rally,2020\ne3,Three,rally,2020\n' >"$WORK/smallevents/events.csv"
printf 'event,org\ne5,a\ne5,b\ne5,c\ne5,d\ne5,e\ne4,a\ne4,b\ne4,c\ne4,d\ne3,a\ne3,b\ne3,c\n' >"$WORK/smallevents/participation.csv"
run --db "$WORK/small.db" --quiet import "$WORK/smallevents"
expect_status 0 "import three small events"
hostile "--events-max 18 for 19 pairs" "$WORK/small.db" 1 \
	"make 19 pairs of orgs (the largest event, 'e5', has 5), more than the bound of 18: give --events-max 19" \
	"$COALITION" --db "$WORK/small.db" summary --events --events-max 18
CASES=$((CASES + 1))
run --db "$WORK/small.db" summary --events --events-max 19 --format json
expect_status 0 "--events-max 19 for 19 pairs"
json_eq "d['ties']" 10
CASES=$((CASES + 1))
run --db "$WORK/small.db" summary --events --events-max 0
expect_status 2 "--events-max 0 is a usage error"
expect_stderr_has "--events-max needs a whole number of pairs >= 1, not '0'" "--events-max 0"

# `sql`: one function call that builds a 2 GB value is not stopped by the
# time limit (printf ran 20 s past it): values are capped at 32 MB instead
# (SQLite's printf then gives NULL, zeroblob an error).
CASES=$((CASES + 1))
run --db "$WORK/small.db" sql --format json "SELECT printf('%.*c', 2000000000, 'x') IS NULL AS capped"
expect_status 0 "sql printf of a 2 GB string"
json_eq "d[0]['capped']" 1
CASES=$((CASES + 1))
run --db "$WORK/small.db" sql "SELECT length(zeroblob(2000000000))"
expect_status 1 "sql zeroblob of 2 GB"
expect_stderr_has "sql: string or blob too big" "sql zeroblob of 2 GB"

# Any valid UTF-8 in the PDF report and the maps: an org named with 80 CJK
# characters (tests/fixtures/cjk/name.txt).  Pango falls back to a CJK font
# (fonts-droid-fallback); without one it drew hex boxes, which pdftotext
# read as hex digits, so the name found in the text says the glyphs are there.
C="$WORK/cjk.db"
run --db "$C" --quiet import "$TESTS/fixtures/cjk"
expect_status 0 "import the CJK fixture"
CASES=$((CASES + 1))
run --db "$C" report --out "$OUTS/cjk-report.pdf"
expect_status 0 "the PDF report with an 80-character CJK name"
pdftotext "$OUTS/cjk-report.pdf" "$WORK/cjk-report.txt" || fail "pdftotext cannot read the CJK report"
for f in png svg pdf; do
	CASES=$((CASES + 1))
	run --db "$C" render --out "$OUTS/cjk-map.$f" --dump-layout "$WORK/cjk-$f.json" \
		--title "$(cat "$TESTS/fixtures/cjk/name.txt")"
	expect_status 0 "render $f with an 80-character CJK name"
done
pdftotext "$OUTS/cjk-map.pdf" "$WORK/cjk-map.txt" || fail "pdftotext cannot read the CJK map"
/usr/bin/python3 - "$TESTS/fixtures/cjk/name.txt" "$WORK" "$OUTS" >"$WORK/check" 2>&1 <<'PY' ||
import json, re, sys
import cairo
name = open(sys.argv[1], encoding="utf-8").read().strip()
work, outs = sys.argv[2], sys.argv[3]
assert len(name) == 80, len(name)
flat = lambda path: re.sub(r"\s+", "", open(path, encoding="utf-8").read())
# The report names the org in full (in a sentence or a table, maybe wrapped).
assert name in flat(work + "/cjk-report.txt"), "the report's text lacks the name"
# Each map labels the org with its name (whole, or cut with an ellipsis).
for f in ("png", "svg", "pdf"):
    labels = [l["text"] for l in json.load(open("%s/cjk-%s.json" % (work, f)))["labels"]]
    mine = [t for t in labels if t.rstrip("\u2026") and name.startswith(t.rstrip("\u2026"))]
    assert mine and len(mine[0].rstrip("\u2026")) >= 10, "%s: labels %s" % (f, labels)
    label = mine[0].rstrip("\u2026")
    if f == "svg":
        assert label in open(outs + "/cjk-map.svg", encoding="utf-8").read(), "svg lacks the label"
    if f == "pdf":
        text = flat(work + "/cjk-map.txt")
        assert label in text and name[:40] in text, "the PDF map lacks the label or the title"
    if f == "png":
        # Ink inside the label's box: the glyphs were drawn.
        box = [l for l in json.load(open(work + "/cjk-png.json"))["labels"] if l["text"] == mine[0]][0]
        img = cairo.ImageSurface.create_from_png(outs + "/cjk-map.png")
        data, stride = img.get_data(), img.get_stride()
        dark = sum(1 for y in range(int(box["y0"]), int(box["y1"]))
                   for x in range(int(box["x0"]), int(box["x1"]))
                   if data[y * stride + 4 * x + 1] < 128)
        assert dark > 100, "only %d dark pixels in the label's box" % dark
PY
	fail "the CJK name in the report and maps: $(cat "$WORK/check")"

echo "$CASES hostile cases" >&2
finish
