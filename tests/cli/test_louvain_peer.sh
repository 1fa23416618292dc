# test_louvain_peer.sh - `communities --method louvain --weighted` against
# python-igraph's community_multilevel (Debian's python3-igraph) on the
# same graph: a synth view of 2407 orgs whose three national orgs are tied
# to thousands of chapters (the hubs real federations have).  The
# modularity of our partition, evaluated by python-igraph on the view's
# collaboration ties (friction is left out of communities), must reach the
# median of python-igraph's own Louvain over seeds 1-5, for each of our
# seeds 1-3; and the modularity we print must be the one python-igraph
# computes for our partition.
. "$(dirname "$0")/lib.sh"

DB="$WORK/synth.db"
"$COALITION" --quiet synth --chapters 2000 --out "$WORK/synth" --seed 6
"$COALITION" --db "$DB" init 2>/dev/null
"$COALITION" --db "$DB" import "$WORK/synth" 2>/dev/null

for seed in 1 2 3; do
	run --db "$DB" --seed $seed communities --method louvain --weighted --format json --no-save
	expect_status 0 "communities seed $seed"
	cp "$WORK/stdout" "$WORK/c$seed.json"
done
got=$(/usr/bin/python3 - "$WORK/synth/ties.csv" "$WORK"/c1.json "$WORK"/c2.json "$WORK"/c3.json <<'EOF'
import csv, json, random, statistics, sys
import igraph
ties = [r for r in csv.DictReader(open(sys.argv[1])) if int(r["sign"]) > 0]
first = json.load(open(sys.argv[2]))
keys = sorted({k for c in first["communities"] for k in c["members"]})
index = {k: i for i, k in enumerate(keys)}
g = igraph.Graph(n=len(keys), edges=[(index[r["source"]], index[r["target"]]) for r in ties])
w = [float(r["weight"]) for r in ties]
peer = []
for seed in range(1, 6):
    random.seed(seed)
    peer.append(g.modularity(g.community_multilevel(weights=w).membership, weights=w))
median = statistics.median(peer)
bad = []
for path in sys.argv[2:]:
    doc = json.load(open(path))
    member = [0] * len(keys)
    for c in doc["communities"]:
        for k in c["members"]:
            member[index[k]] = c["id"]
    q = g.modularity(member, weights=w)
    if abs(q - doc["modularity"]) > 1e-9:
        bad.append("%s prints modularity %.6f, python-igraph computes %.6f" % (path, doc["modularity"], q))
    if q < median:
        bad.append("%s: modularity %.4f below python-igraph's median %.4f" % (path, q, median))
    print("ours %.4f" % q, file=sys.stderr)
print("python-igraph %s, median %.4f" % (" ".join("%.4f" % q for q in peer), median), file=sys.stderr)
print("; ".join(bad) if bad else "ok")
EOF
)
[ "$got" = ok ] || fail "Louvain against python-igraph: $got"

finish
