# test_concurrency.sh - two imports and two readers at once.  SQLite's WAL
# lets readers see a consistent snapshot while a writer works; writers queue
# on the lock for the busy timeout (5 s) and then fail with a clear message.
. "$(dirname "$0")/lib.sh"
DB="$WORK/c.db"

counts() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM orgs) || ' ' || (SELECT count(*) FROM ties)"
}

# 400 chapters: each import stays well inside the 5 s busy timeout under the
# sanitizers on a loaded 2-core machine (1500 did not), so the second writer
# waits for the first instead of timing out.
run --quiet --seed 3 synth --chapters 400 --out "$WORK/a"
expect_status 0 "synth a"
run --quiet --seed 4 synth --chapters 400 --out "$WORK/b"
expect_status 0 "synth b"
run --quiet --db "$DB" init
expect_status 0 "init"
# What each import gives alone, and both together, in scratch stores.
"$COALITION" --quiet --db "$WORK/a.db" import "$WORK/a" >/dev/null 2>&1 || fail "import a alone"
"$COALITION" --quiet --db "$WORK/ab.db" import "$WORK/a" >/dev/null 2>&1 || fail "import a"
"$COALITION" --quiet --db "$WORK/ab.db" import "$WORK/b" >/dev/null 2>&1 || fail "import b after a"
"$COALITION" --quiet --db "$WORK/b.db" import "$WORK/b" >/dev/null 2>&1 || fail "import b alone"
empty=$(counts "$DB") only_a=$(counts "$WORK/a.db") only_b=$(counts "$WORK/b.db") both=$(counts "$WORK/ab.db")

# Readers: each summary must see one of the four states, never a mixture.
reader() {
	for _ in $(seq 1 15); do
		"$COALITION" --db "$DB" summary --format json 2>>"$WORK/reader.err" |
			python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["orgs"], d["ties"])' \
			>>"$WORK/reader$1.out" 2>>"$WORK/reader.err"
	done
}
reader 1 & r1=$!
reader 2 & r2=$!
"$COALITION" --quiet --db "$DB" import "$WORK/a" >"$WORK/ia.out" 2>&1 & ia=$!
"$COALITION" --quiet --db "$DB" import "$WORK/b" >"$WORK/ib.out" 2>&1 & ib=$!
wait "$ia"; sa=$?
wait "$ib"; sb=$?
wait "$r1" "$r2"
[ "$sa" -eq 0 ] || fail "import a failed while b ran: $(cat "$WORK/ia.out")"
[ "$sb" -eq 0 ] || fail "import b failed while a ran: $(cat "$WORK/ib.out")"
[ "$(counts "$DB")" = "$both" ] || fail "after both imports: $(counts "$DB"), expected $both"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after concurrent imports"
[ ! -s "$WORK/reader.err" ] || fail "a reader failed: $(head -c 500 "$WORK/reader.err")"
while read -r seen; do
	case "$seen" in
	"$empty"|"$only_a"|"$only_b"|"$both") ;;
	*) fail "a reader saw '$seen', not a state any committed import produced" ;;
	esac
done <<EOF2
$(cat "$WORK/reader1.out" "$WORK/reader2.out")
EOF2

# A writer that cannot get the lock within the busy timeout fails clearly and
# changes nothing.  Another connection holds the write lock for 8 s.
before=$(counts "$DB")
# The import starts once the holder says it holds the lock (a fixed sleep was
# shorter than python's start on a loaded machine, and the import won).
python3 - "$DB" "$WORK/held" <<'EOF2' &
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
con.execute("ROLLBACK")
EOF2
holder=$!
for _ in $(seq 100); do [ -e "$WORK/held" ] && break; sleep 0.1; done
[ -e "$WORK/held" ] || fail "the lock holder did not start within 10 s"
run --db "$DB" import "$TESTS/../datasets/seed"
expect_status 1 "import against a held lock"
expect_stderr_has "locked by another writer" "lock message"
wait "$holder"
[ "$(counts "$DB")" = "$before" ] || fail "the refused import changed the store"
finish
