# test_centrality.sh - `coalition centrality` and `coalition communities`
# end to end.  Expected numbers come from NetworkX through
# tests/fixtures/expected/centrality_*.csv (tests/reference/centrality_expected.py)
# and from Brandes et al. 2008 (karate club's maximum modularity 0.4197896).
. "$(dirname "$0")/lib.sh"

DB="$WORK/karate.db"
MIXED="$WORK/mixed.db"
"$COALITION" --db "$DB" init 2>/dev/null
"$COALITION" --db "$DB" import "$TESTS/fixtures/karate" 2>/dev/null
"$COALITION" --db "$MIXED" init 2>/dev/null
"$COALITION" --db "$MIXED" import "$TESTS/fixtures/karate_mixed" 2>/dev/null

# compare_expected FIXTURE MEASURE COLUMN: every printed org's MEASURE equals
# NetworkX's COLUMN to 1e-6 relative.
compare_expected() {
	got=$(python3 - "$WORK/stdout" "$TESTS/fixtures/expected/centrality_$1.csv" "$2" "$3" <<'EOF'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
want = {r["key"]: float(r[sys.argv[4]]) for r in csv.DictReader(open(sys.argv[2]))}
bad = [o["key"] for o in doc["orgs"]
       if abs(o[sys.argv[3]] - want[o["key"]]) > 1e-6 * abs(want[o["key"]]) + 1e-12]
print("ok" if doc["orgs"] and not bad else "differ: %s" % bad[:5])
EOF
)
	[ "$got" = "ok" ] || fail "$1 $2 vs NetworkX $3: $got"
}

# Sorted by the first measure, highest first, ties broken by key.
expect_sorted() {
	got=$(python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))['orgs']
m = sys.argv[2]
print(o == sorted(o, key=lambda r: (-r[m], r['key'])))" "$WORK/stdout" "$1")
	[ "$got" = "True" ] || fail "orgs not sorted by $1 then key"
}

run --db "$DB" centrality --format json --no-save \
	--measure betweenness,closeness,harmonic,eigenvector,pagerank,coreness,degree
expect_status 0 "centrality json"
json_eq "d['measures']" "['betweenness', 'closeness', 'harmonic', 'eigenvector', 'pagerank', 'coreness', 'degree']"
json_eq "len(d['orgs'])" "34"
json_eq "d['orgs'][0]['key']" "0"
for m in betweenness closeness harmonic eigenvector pagerank coreness degree; do
	compare_expected karate $m $m
done
expect_sorted betweenness

run --db "$DB" centrality --format json --no-save --measure coreness,degree
expect_sorted coreness

run --db "$DB" centrality --format json --no-save --weighted --normalized \
	--measure betweenness,closeness,harmonic,eigenvector,pagerank
for m in betweenness closeness harmonic eigenvector pagerank; do
	compare_expected karate $m ${m}_wn
done

# --show-kinds and --top filter the printing: values stay those of the whole view.
run --db "$MIXED" centrality --format json --no-save --measure betweenness,hub,authority \
	--show-kinds chapter --top 5
expect_status 0 "show-kinds"
json_eq "len(d['orgs'])" "5"
json_eq "set(o['kind'] for o in d['orgs'])" "{'chapter'}"
compare_expected karate_mixed betweenness betweenness
compare_expected karate_mixed hub hub
compare_expected karate_mixed authority authority
expect_stderr_has "4 friction ties ignored" "friction note"

run --db "$MIXED" centrality --format json --no-save --measure pagerank --signed
compare_expected karate_mixed pagerank pagerank_s

run --db "$MIXED" centrality --format csv --no-save --measure degree --top 2
expect_status 0 "csv"
expect_stdout_has "key,name,kind,degree" "csv header"
[ "$(wc -l <"$WORK/stdout")" -eq 3 ] || fail "csv --top 2 prints a header and 2 rows"

# Saved runs land in runs/metrics; --no-save writes nothing.
run --db "$DB" centrality --format csv --measure pagerank,degree
expect_status 0 "saved run"
run --db "$DB" sql --format json "SELECT count(*) AS n FROM metrics"
json_eq "d[0]['n']" "68"
run --db "$DB" sql --format csv "SELECT command FROM runs"
expect_stdout_has "centrality" "run recorded"
run --db "$DB" sql --format csv \
	"SELECT o.key, m.value FROM metrics m JOIN orgs o ON o.id = m.org_id WHERE m.name = 'degree' AND o.key = '33'"
expect_stdout_has "33,17" "degree of org 33 (NetworkX: 17)"

# Sampled betweenness: the same seed gives the same estimate.
run --db "$DB" --seed 5 centrality --format csv --no-save --measure betweenness --sample 8
cp "$WORK/stdout" "$WORK/sample1"
run --db "$DB" --seed 5 centrality --format csv --no-save --measure betweenness --sample 8
cmp -s "$WORK/stdout" "$WORK/sample1" || fail "same seed, different sampled betweenness"
# Karate club's diameter is 5: bisection scaling, linear when weighted
# (centrality.h); the values are checked in tests/unit/test_centrality.c.
run --db "$DB" --seed 5 centrality --format json --no-save --measure betweenness --sample 8
json_eq "(d['betweenness_sources'], d['betweenness_scaling'])" "(8, 'bisection')"
run --db "$DB" --seed 5 centrality --format json --no-save --measure betweenness --sample 8 --weighted
json_eq "d['betweenness_scaling']" "linear"

# A view larger than one CSV slice (16384 rows, cmd_centrality.c): CSV prints
# the rows JSON prints, in the same order, also when --top and --show-kinds
# end inside the second slice; the saved metrics are the printed values;
# PageRank repeats (PRPACK, which it once used, ran in parallel when allowed).
BIG="$WORK/big.db"
run --quiet synth --chapters 15000 --out "$WORK/big"
expect_status 0 "synth"
"$COALITION" --db "$BIG" init 2>/dev/null
"$COALITION" --db "$BIG" import "$WORK/big" 2>/dev/null
for opts in "" "--top 16390" "--top 20000 --show-kinds chapter,union" "--show-kinds ngo"; do
	# shellcheck disable=SC2086
	run --db "$BIG" centrality --format csv --no-save --measure pagerank,degree $opts
	expect_status 0 "big csv $opts"
	cp "$WORK/stdout" "$WORK/big.csv"
	# shellcheck disable=SC2086
	run --db "$BIG" centrality --format json --no-save --measure pagerank,degree $opts
	got=$(python3 - "$WORK/big.csv" "$WORK/stdout" <<'EOF2'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
orgs = json.load(open(sys.argv[2]))["orgs"]
same = len(rows) == len(orgs) and all(
    r["key"] == o["key"] and r["name"] == o["name"] and float(r["pagerank"]) == o["pagerank"]
    and int(r["degree"]) == o["degree"] for r, o in zip(rows, orgs))
print("ok %d" % len(rows) if same else "differ: %d csv rows, %d json" % (len(rows), len(orgs)))
EOF2
)
	case "$got" in
	ok*) [ -n "$opts" ] || [ "${got#ok }" -gt 16384 ] || fail "the view fits one slice: $got" ;;
	*) fail "big csv vs json $opts: $got" ;;
	esac
done
OMP_NUM_THREADS=2 run --db "$BIG" centrality --format json --measure pagerank
expect_status 0 "big saved run"
cp "$WORK/stdout" "$WORK/big.json"
OMP_NUM_THREADS=2 run --db "$BIG" centrality --format json --no-save --measure pagerank
got=$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["orgs"] == json.load(open(sys.argv[2]))["orgs"])
' "$WORK/stdout" "$WORK/big.json")
[ "$got" = True ] || fail "PageRank differs between two runs of the same view"
run --db "$BIG" sql --format json "SELECT o.key, m.value FROM metrics m JOIN orgs o ON o.id = m.org_id WHERE m.name = 'pagerank'"
got=$(python3 -c '
import json, sys
saved = {r["key"]: r["value"] for r in json.load(open(sys.argv[1]))}
printed = {o["key"]: o["pagerank"] for o in json.load(open(sys.argv[2]))["orgs"]}
print("ok" if saved == printed else "differ: %d saved, %d printed" % (len(saved), len(printed)))
' "$WORK/stdout" "$WORK/big.json")
[ "$got" = ok ] || fail "saved PageRank vs printed: $got"

# Bad option values are usage errors (DESIGN.md section 6): exit 2, one
# message naming the option, the help hint, store unchanged.
run --db "$DB" centrality --measure influence
expect_status 2 "unknown measure"
expect_stderr_has "coalition: centrality: --measure: unknown measure 'influence'" "unknown measure message"
expect_stderr_has "coalition: see 'coalition help centrality'" "help hint"
run --db "$DB" centrality --sample 0
expect_status 2 "sample 0"
expect_stderr_has "coalition: centrality: --sample: 0 is out of range (at least 1)" "sample range"
run --db "$DB" centrality --sample 10 --exact
expect_status 2 "sample and exact"
run --db "$DB" centrality --show-kinds chapters
expect_status 1 "a kind no org has"
expect_stderr_has "coalition: --show-kinds: no org in the store has 'chapters'; in use: other" "unknown kind message (karate's orgs are all 'other')"
run --db "$DB" centrality --show-kinds "Chapter X"
expect_status 2 "not a kind"
run --db "$DB" sql --format json "SELECT count(*) AS n FROM runs"
json_eq "d[0]['n']" "1"

# Communities: Leiden reaches karate club's proven maximum modularity.
for seed in 1 2 3 4 5; do
	run --db "$DB" --seed $seed communities --format json --no-save
	expect_status 0 "leiden seed $seed"
	json_eq "round(d['modularity'], 7)" "0.4197896"
	json_eq "d['method']" "leiden"
	json_eq "sum(c['size'] for c in d['communities'])" "34"
	json_eq "[c['size'] == len(c['members']) for c in d['communities']] == [True] * 4" "True"
done
# --passes N: Leiden stops after N passes; in one pass karate club's 34
# orgs are all placed, and the parameter is printed.  Louvain takes none.
run --db "$DB" --seed 2 communities --format json --no-save --passes 1
expect_status 0 "leiden one pass"
json_eq "d['passes']" "1"
json_eq "sum(c['size'] for c in d['communities'])" "34"
json_eq "round(d['modularity'], 7) <= 0.4197896" "True"
run --db "$DB" communities --method louvain --passes 2
expect_status 2 "--passes with louvain"
expect_stderr_has "--passes applies to leiden only, not louvain" "passes message"
run --db "$DB" communities --passes 0
expect_status 2 "--passes 0"
run --db "$DB" --seed 9 communities --format csv --method louvain --no-save
cp "$WORK/stdout" "$WORK/louvain1"
run --db "$DB" --seed 9 communities --format csv --method louvain --no-save
cmp -s "$WORK/stdout" "$WORK/louvain1" || fail "same seed, different Louvain communities"
run --db "$DB" communities --format json --method fastgreedy --no-save
json_eq "round(d['modularity'], 9)" "0.380670611"
run --db "$DB" communities --method walktrap --resolution 2
expect_status 2 "resolution with walktrap"
run --db "$DB" communities --method girvan
expect_status 2 "unknown method"
expect_stderr_has "unknown community method 'girvan'" "method message"
run --db "$MIXED" communities --format json
expect_status 0 "communities with friction"
expect_stderr_has "4 friction ties left out" "friction note"
json_eq "d['communities'][-1]['members']" "['isolate']"
run --db "$MIXED" sql --format json "SELECT count(*) AS n FROM metrics WHERE name = 'community'"
json_eq "d[0]['n']" "35"

finish
