# test_agreement.sh - a map shows what the tables print: on a synthetic
# view, `render --color-by community` groups the orgs as `communities`
# does for the same seed, and `render --size-by betweenness` sizes them by
# the values `centrality --measure betweenness` prints (render asks the same
# analysis functions with the same defaults).  Stored metrics are used only
# from a run on the same view.
. "$(dirname "$0")/lib.sh"

DB="$WORK/synth.db"
"$COALITION" --quiet synth --chapters 400 --out "$WORK/synth" --seed 4
"$COALITION" --db "$DB" init 2>/dev/null
"$COALITION" --db "$DB" import "$WORK/synth" 2>/dev/null

for seed in 2 9; do
	run --db "$DB" --seed $seed communities --format json --no-save
	expect_status 0 "communities seed $seed"
	cp "$WORK/stdout" "$WORK/communities.json"
	run --db "$DB" --seed $seed render --color-by community --out "$WORK/c.png" \
		--dump-layout "$WORK/c$seed.json"
	expect_status 0 "render --color-by community seed $seed"
	# Colors go to the largest communities first (legend order); every
	# community's members share one color, and each color shown is one
	# community (the smallest ones share the grey "other").
	got=$(python3 - "$WORK/communities.json" "$WORK/c$seed.json" <<'EOF'
import json, sys
comms = json.load(open(sys.argv[1]))["communities"]
nodes = {n["key"]: n["group"] for n in json.load(open(sys.argv[2]))["nodes"]}
bad = []
groups_of = [sorted({nodes[k] for k in c["members"]}) for c in comms]
for c, g in zip(comms, groups_of):
    if len(g) != 1:
        bad.append("community %d has colors %s" % (c["id"], g))
shown = [g[0] for g in groups_of if len(g) == 1]
named = [g for g in shown if shown.count(g) == 1]
if len(comms) < 2 or len(named) < 2:
    bad.append("too few communities to compare: %d" % len(comms))
if shown[:len(named)] != list(range(len(named))):
    bad.append("colors are not given largest community first: %s" % shown[:12])
if set(nodes) != {k for c in comms for k in c["members"]}:
    bad.append("the map and the table hold different orgs")
print("ok" if not bad else "; ".join(bad[:5]))
EOF
)
	[ "$got" = ok ] || fail "seed $seed: map communities differ from the table: $got"
done

run --db "$DB" centrality --measure betweenness --format json --no-save
cp "$WORK/stdout" "$WORK/betweenness.json"
run --db "$DB" render --size-by betweenness --out "$WORK/b.png" --dump-layout "$WORK/b.json"
expect_status 0 "render --size-by betweenness"
got=$(python3 - "$WORK/betweenness.json" "$WORK/b.json" <<'EOF'
import json, sys
table = {o["key"]: o["betweenness"] for o in json.load(open(sys.argv[1]))["orgs"]}
nodes = json.load(open(sys.argv[2]))["nodes"]
bad = [n["key"] for n in nodes
       if abs(n.get("size", float("nan")) - table[n["key"]]) > 1e-9 * max(1, table[n["key"]])]
print("ok %d" % len(nodes) if nodes and not bad else "differ: %s" % bad[:5])
EOF
)
case "$got" in ok*) ;; *) fail "map sizes vs centrality betweenness: $got" ;; esac

# A stored metric is read only from a run on the same view: after a run
# on another view (--kinds chapter, saved), render on the whole view computes
# the communities itself: the map is the one drawn before that run.
groups() { python3 -c 'import json,sys; print(sorted((n["key"], n["group"]) for n in json.load(open(sys.argv[1]))["nodes"]))' "$1"; }
run --db "$DB" --seed 2 communities --kinds chapter --format json
expect_status 0 "communities on another view"
run --db "$DB" --seed 2 render --color-by community --out "$WORK/s.png" --dump-layout "$WORK/s.json"
expect_status 0 "render after a run on another view"
[ "$(groups "$WORK/s.json")" = "$(groups "$WORK/c2.json")" ] ||
	fail "a run on another view changed the map's communities"
run --db "$DB" --seed 2 communities --format json
expect_status 0 "communities on the whole view, saved"
run --db "$DB" sql --format csv "SELECT count(DISTINCT view) AS n FROM v_metrics WHERE name = 'community'"
expect_stdout_has "2" "v_metrics keeps each view's latest communities apart"

finish
