# test_crash_safety.sh - an import killed with SIGKILL at 50 moments spread
# over its run leaves the store intact (PRAGMA integrity_check) and holding
# either all of that import or none of it, because the whole import is one
# SQLite transaction in WAL mode.  The moments are drawn from a fixed seed.
. "$(dirname "$0")/lib.sh"
DATA="$WORK/data"
BASE="$WORK/base.db"
FULL="$WORK/full.db"
KILLS=${CRASH_KILLS:-50}

counts() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM orgs) || ' ' || (SELECT count(*) FROM ties) \
	|| ' ' || (SELECT count(*) FROM participation) || ' ' || (SELECT count(*) FROM tie_sources)"
}

run --quiet --seed 7 synth --chapters 4000 --out "$DATA"
expect_status 0 "synth"
# The store starts with the seed dataset, so "none of it" is not an empty store.
run --quiet --db "$BASE" import "$TESTS/../datasets/seed"
expect_status 0 "base import"
before=$(counts "$BASE")

cp "$BASE" "$FULL"
start=$(date +%s%N)
run --quiet --db "$FULL" import "$DATA"
expect_status 0 "full import"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(counts "$FULL")
[ "$before" != "$after" ] || fail "the import changed nothing"
[ "$elapsed_ms" -gt 0 ] || elapsed_ms=1

RANDOM=20261128
all=0 none=0
for i in $(seq 1 "$KILLS"); do
	cp "$BASE" "$WORK/k.db"
	rm -f "$WORK/k.db-wal" "$WORK/k.db-shm"
	# A moment within the import's measured run time, a little beyond it so
	# that some imports finish before the kill.
	delay_ms=$(( RANDOM % (elapsed_ms * 5 / 4 + 20) ))
	"$COALITION" --quiet --db "$WORK/k.db" import "$DATA" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check=$(sqlite3 "$WORK/k.db" 'PRAGMA integrity_check' 2>&1)
	[ "$check" = ok ] || fail "kill $i at ${delay_ms} ms: integrity_check says $check"
	got=$(counts "$WORK/k.db")
	if [ "$got" = "$after" ]; then
		all=$((all + 1))
	elif [ "$got" = "$before" ]; then
		none=$((none + 1))
	else
		fail "kill $i at ${delay_ms} ms: counts '$got' are neither '$before' nor '$after'"
	fi
done
echo "killed $KILLS imports (import takes ${elapsed_ms} ms): $none left nothing, $all completed first"
# The store still works for coalition after the crashes.
run --db "$WORK/k.db" summary --format json
expect_status 0 "summary after crashes"
finish
