#!/bin/bash
# How fast `coalition import` loads a big synthetic ecosystem, next to
# sqlite3's own .import of the same CSV files into the same keyed schema.
#
# usage: tests/bench/import_vs_sqlite.sh PATH_TO_coalition [CHAPTERS]
#
# CHAPTERS defaults to 200000 (about 240k orgs and 1.1M ties).  Measured, each
# into a fresh store, with /usr/bin/time (wall, user+system CPU, peak RSS):
#   ours-full   coalition import of the whole synth directory (orgs, ties,
#               sources, events, participation, tie sources);
#   ours-ot     coalition import of orgs.csv and ties.csv alone (the ties'
#               sources column dropped): the same rows sqlite3 loads;
#   sqlite3     sqlite3 .import of that orgs.csv and ties.csv into staging
#               tables, then INSERT ... SELECT into the store schema that
#               `coalition init` creates (foreign keys on, the unique index
#               ties_identity and the other indexes), parents resolved by key,
#               one transaction, the same page cache size as ours.
# The ratio printed last is ours-ot / sqlite3, wall time and CPU time (the
# machine may be shared: CPU time is the steadier of the two).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
chapters=${2:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in /usr/bin/time sqlite3 python3 awk; do
	command -v "$tool" >/dev/null || { echo "import_vs_sqlite: $tool is missing" >&2; exit 1; }
done

"$bin" --quiet synth --chapters "$chapters" --out "$work/eco"
mkdir "$work/ot"
python3 - "$work/eco" "$work/ot" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
for name, drop in (("orgs.csv", set()), ("ties.csv", {"sources"})):
    with open(f"{src}/{name}", newline="", encoding="utf-8") as f, \
         open(f"{dst}/{name}", "w", newline="", encoding="utf-8") as g:
        r = csv.reader(f); w = csv.writer(g, lineterminator="\n")
        header = next(r); keep = [i for i, h in enumerate(header) if h not in drop]
        w.writerow([header[i] for i in keep])
        for row in r:
            w.writerow([row[i] for i in keep])
PY
orgs=$(($(wc -l < "$work/ot/orgs.csv") - 1))
ties=$(($(wc -l < "$work/ot/ties.csv") - 1))

# The sqlite3 side: the same schema, loaded by SQL alone.
"$bin" --quiet --db "$work/sqlite.db" init
cat > "$work/load.sql" <<SQL
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -131072;
BEGIN;
.import --csv $work/ot/orgs.csv s_orgs
.import --csv $work/ot/ties.csv s_ties
INSERT INTO orgs(key, name, kind, state, city, lat, lon, founded, issues)
  SELECT key, name, kind, state, city, nullif(lat, ''), nullif(lon, ''), nullif(founded, ''), issues
  FROM s_orgs;
UPDATE orgs SET parent_id = p.id FROM s_orgs s JOIN orgs p ON p.key = s.parent
  WHERE s.key = orgs.key AND s.parent <> '';
INSERT INTO ties(source_id, target_id, kind, sign, weight, start, end, directed)
  SELECT a.id, b.id, t.kind,
         CASE t.sign WHEN '-1' THEN -1 WHEN '-' THEN -1 WHEN 'negative' THEN -1 ELSE 1 END,
         coalesce(nullif(t.weight, ''), 1), nullif(t.start, ''), nullif(t.end, ''),
         coalesce(nullif(t.directed, ''), 0)
  FROM s_ties t JOIN orgs a ON a.key = t.source JOIN orgs b ON b.key = t.target;
DROP TABLE s_orgs;
DROP TABLE s_ties;
COMMIT;
SQL

measure() { # label, command...: prints "label wall cpu peak_MB"
	local label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
		{ echo "import_vs_sqlite: $label failed:" >&2; cat "$work/err" >&2; exit 1; }
	read -r wall user sys kb < "$work/time"
	echo "$label $wall $(awk "BEGIN { print $user + $sys }") $((kb / 1024))"
}
ours_full=$(measure ours-full "$bin" --quiet --db "$work/full.db" import "$work/eco")
ours_ot=$(measure ours-ot "$bin" --quiet --db "$work/ot.db" import "$work/ot")
sqlite=$(measure sqlite3 sh -c "sqlite3 -bail '$work/sqlite.db' < '$work/load.sql'")

# Both stores must hold the same rows.
check() {
	sqlite3 "$1" "select count(*) from orgs; select count(*) from ties;
		select count(*) from orgs where parent_id is not null; select sum(sign), sum(weight) from ties"
}
if [ "$(check "$work/ot.db")" != "$(check "$work/sqlite.db")" ]; then
	echo "import_vs_sqlite: the two stores differ:" >&2
	check "$work/ot.db" >&2
	check "$work/sqlite.db" >&2
	exit 1
fi

echo "synth --chapters $chapters: $orgs orgs, $ties ties; load average $(cut -d' ' -f1 /proc/loadavg)"
printf '%-10s %8s %8s %8s\n' step wall_s cpu_s peak_MB
for line in "$ours_full" "$ours_ot" "$sqlite"; do
	printf '%-10s %8s %8.2f %8s\n' $line
done
read -r _ ow oc _ <<< "$ours_ot"
read -r _ sw sc _ <<< "$sqlite"
awk -v ow="$ow" -v sw="$sw" -v oc="$oc" -v sc="$sc" \
	'BEGIN { printf "ratio ours-ot / sqlite3: wall %.2f, cpu %.2f\n", ow / sw, oc / sc }'
