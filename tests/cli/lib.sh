# lib.sh - helpers for the CLI tests.  Each tests/cli/test_*.sh is run by
# ctest as `bash test_x.sh COALITION_BINARY TESTS_DIR`; it sources this file,
# runs commands with `run`, and checks stdout, stderr and the exit code
# separately.  A failed check prints what differed and the test exits 1.
set -u
COALITION=$1
TESTS=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0

# COALITION_WRAP (e.g. "valgrind -q --error-exitcode=99 ...", see `make
# memcheck`) runs every command of the test through that prefix: $COALITION
# becomes a script that execs it.  COALITION_BIN stays the binary itself.
COALITION_BIN=$COALITION
if [ -n "${COALITION_WRAP:-}" ]; then
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$COALITION_WRAP" "$COALITION_BIN" >"$WORK/.coalition"
	chmod +x "$WORK/.coalition"
	COALITION=$WORK/.coalition
fi

# run ARGS... : runs coalition, keeping stdout, stderr and the exit code.
run() {
	"$COALITION" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
	STATUS=$?
}

fail() {
	echo "FAIL: $*" >&2
	echo "--- stdout:" >&2; head -c 2000 "$WORK/stdout" >&2
	echo "--- stderr:" >&2; head -c 2000 "$WORK/stderr" >&2
	FAILURES=$((FAILURES + 1))
}

expect_status() {
	[ "$STATUS" -eq "$1" ] || fail "expected exit $1, got $STATUS ($2)"
}

expect_stderr_has() {
	grep -qF -- "$1" "$WORK/stderr" || fail "stderr lacks '$1' ($2)"
}

expect_stdout_has() {
	grep -qF -- "$1" "$WORK/stdout" || fail "stdout lacks '$1' ($2)"
}

expect_stdout_empty() {
	[ ! -s "$WORK/stdout" ] || fail "stdout should be empty ($1)"
}

# json_eq EXPR VALUE : evaluates a python expression on the JSON in stdout (as d).
json_eq() {
	got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$WORK/stdout" 2>&1)
	[ "$got" = "$2" ] || fail "json $1 = '$got', expected '$2'"
}

# store_dump DB FILE : an SQL dump of every table and row of the store
# (Python's sqlite3 iterdump), for "byte-identical after undo" checks.  The
# row of view_revision is left out: it counts writes (an undo is one more)
# for the view's snapshot, and holds no data.
store_dump() {
	python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('\n'.join(l for l in c.iterdump() if not l.startswith('INSERT INTO \"view_revision\"')))" "$1" >"$2"
}

# same_dump DB FILE WHAT : fails unless the dump of DB equals FILE.
same_dump() {
	store_dump "$1" "$WORK/now.sql"
	cmp -s "$2" "$WORK/now.sql" || { diff "$2" "$WORK/now.sql" | head -20 >&2; fail "$3: the store differs"; }
}

finish() {
	if [ "$FAILURES" -ne 0 ]; then
		echo "$FAILURES check(s) failed" >&2
		exit 1
	fi
	exit 0
}
