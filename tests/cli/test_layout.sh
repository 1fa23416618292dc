# test_layout.sh - the multilevel force layout (src/render_layout_multilevel.c), which
# `render` uses for the default `fr` above 2000 orgs: on a synth view of
# 4210 orgs and 17670 ties its quality figures, measured by
# tests/cli/layout_quality.py (stress on sampled pairs, neighbourhood
# preservation, crossings of sampled ties), are at least as good as those of
# python-igraph's Fruchterman-Reingold on the same graph (Debian's
# python3-igraph, the benchmark peer's settings), for two seeds: stress
# within 5%, neighbourhoods kept at least as well, no more crossings.
# Coordinates are never compared with fixed numbers; the same seed gives
# the same dump twice, and `fr` above the threshold is `multilevel`.
. "$(dirname "$0")/lib.sh"

DB="$WORK/synth.db"
"$COALITION" --quiet synth --chapters 3500 --out "$WORK/synth" --seed 3
"$COALITION" --db "$DB" init 2>/dev/null
"$COALITION" --db "$DB" import "$WORK/synth" 2>/dev/null
QUALITY="/usr/bin/python3 $TESTS/cli/layout_quality.py"

for seed in 3 8; do
	run --db "$DB" --seed $seed render --out "$WORK/m.png" --dump-layout "$WORK/m$seed.json"
	expect_status 0 "render seed $seed"
	expect_stderr_has "4210 orgs" "render seed $seed: the whole view"
	run --db "$DB" --seed $seed render --out "$WORK/m.png" --layout multilevel \
		--dump-layout "$WORK/ml$seed.json"
	expect_status 0 "render --layout multilevel seed $seed"
	same=$(/usr/bin/python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
print(a["nodes"] == b["nodes"] and a["labels"] == b["labels"])' "$WORK/m$seed.json" "$WORK/ml$seed.json")
	[ "$same" = True ] || fail "seed $seed: fr above 2000 orgs is not the multilevel layout"
	run --db "$DB" --seed $seed render --out "$WORK/m.png" --dump-layout "$WORK/again.json"
	cmp -s "$WORK/m$seed.json" "$WORK/again.json" || fail "seed $seed: two runs differ"

	ours=$($QUALITY "$WORK/synth/ties.csv" "$WORK/m$seed.json") || fail "quality of ours, seed $seed"
	peer=$($QUALITY "$WORK/synth/ties.csv" "$WORK/m$seed.json" --igraph-fr $seed) ||
		fail "python-igraph FR, seed $seed"
	echo "seed $seed: multilevel $ours; python-igraph FR $peer"
	verdict=$(/usr/bin/python3 - "$ours" "$peer" <<'EOF'
import sys
def parse(text):
    return {k: float(v) for k, v in (f.split("=") for f in text.split())}
ours, peer = parse(sys.argv[1]), parse(sys.argv[2])
bad = []
if ours["stress"] > 1.05 * peer["stress"]:
    bad.append("stress %.4f > 1.05 x %.4f" % (ours["stress"], peer["stress"]))
if ours["neighbourhood"] < peer["neighbourhood"]:
    bad.append("neighbourhood %.4f < %.4f" % (ours["neighbourhood"], peer["neighbourhood"]))
if ours["crossings"] > peer["crossings"]:
    bad.append("crossings %.4f > %.4f" % (ours["crossings"], peer["crossings"]))
print("; ".join(bad) if bad else "ok")
EOF
)
	[ "$verdict" = ok ] || fail "seed $seed: multilevel worse than python-igraph's FR: $verdict"
done

# Views with several components: each is laid out alone and packed, so no
# org is left far from the rest (a frame whose main component is a dot).
got=$(/usr/bin/python3 - "$WORK/m3.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
xs = sorted(n["x"] for n in d["nodes"]); ys = sorted(n["y"] for n in d["nodes"])
n = len(xs)
# the middle 90% of the orgs spans at least a third of the drawn width and height
w = (xs[int(.95 * n)] - xs[int(.05 * n)]) / (xs[-1] - xs[0])
h = (ys[int(.95 * n)] - ys[int(.05 * n)]) / (ys[-1] - ys[0])
print("ok" if w > 1 / 3 and h > 1 / 3 else "spread %.2f x %.2f of the frame" % (w, h))
EOF
)
[ "$got" = ok ] || fail "the orgs crowd a corner of the map: $got"

finish
