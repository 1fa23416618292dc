#!/bin/bash
# sampled_betweenness.sh - how good is betweenness from K random sources
# (`centrality --sample K`: Brandes-Pich sources with Geisberger-Sanders-
# Schultes scaling, see centrality.h) against exact betweenness on a
# synthetic ecosystem, and how much faster.
#
# usage: tests/bench/sampled_betweenness.sh COALITION_BINARY [CHAPTERS] [K] [SEEDS]
#   defaults: 20000 chapters, K = 256, seeds "1 2 3 4 5"
#   EXACT_CACHE=DIR (optional): keep the exact values and their CPU time in
#   DIR (synth is deterministic, so one exact run serves every later run with
#   the same CHAPTERS; exact takes minutes).  Without it, exact runs each time.
# Prints, for each seed of the sample: the scaling used, the Spearman rank
# correlation between sampled and exact values over the 100 orgs with the
# highest exact betweenness, how many of those 100 the sample also ranks in
# its top 100, the mean and largest relative error among them, and the ratio
# of CPU times exact / sampled.  Times include building the network; the
# same run measures both.
set -eu
COALITION=$1
CHAPTERS=${2:-20000}
K=${3:-256}
SEEDS=${4:-1 2 3 4 5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$COALITION" --quiet synth --chapters "$CHAPTERS" --out "$WORK/data"
"$COALITION" --quiet --db "$WORK/db" init
"$COALITION" --quiet --db "$WORK/db" import "$WORK/data"

# timed OUT COMMAND...: runs COMMAND with stdout to OUT; prints its CPU
# seconds (user + system: steadier than wall time on a shared machine).
timed() {
	local out=$1 t
	shift
	t=$( { TIMEFORMAT='%U %S'; time "$@" >"$out"; } 2>&1 )
	python3 -c "import sys; print(round(sum(map(float, sys.argv[1:])), 2))" $t
}

CACHE=${EXACT_CACHE:-}
if [ -n "$CACHE" ] && [ -s "$CACHE/exact-$CHAPTERS.csv" ] && [ -s "$CACHE/exact-$CHAPTERS.time" ]; then
	cp "$CACHE/exact-$CHAPTERS.csv" "$WORK/exact.csv"
	exact_time=$(cat "$CACHE/exact-$CHAPTERS.time")
else
	exact_time=$(timed "$WORK/exact.csv" "$COALITION" --quiet --db "$WORK/db" centrality \
		--no-save --exact --measure betweenness --format csv)
	if [ -n "$CACHE" ]; then
		mkdir -p "$CACHE"
		cp "$WORK/exact.csv" "$CACHE/exact-$CHAPTERS.csv"
		echo "$exact_time" >"$CACHE/exact-$CHAPTERS.time"
	fi
fi
echo "exact betweenness: ${exact_time}s CPU ($CHAPTERS chapters)"
for seed in $SEEDS; do
	sample_time=$(timed "$WORK/sample.csv" "$COALITION" --quiet --db "$WORK/db" --seed "$seed" \
		centrality --no-save --sample "$K" --measure betweenness --format csv)
	scaling=$("$COALITION" --quiet --db "$WORK/db" --seed "$seed" centrality --no-save \
		--sample "$K" --measure betweenness --format json --top 1 |
		python3 -c "import json, sys; print(json.load(sys.stdin).get('betweenness_scaling', 'n/K'))")
	python3 - "$WORK/exact.csv" "$WORK/sample.csv" "$seed" "$K" "$exact_time" "$sample_time" \
		"$scaling" <<'EOF'
import csv, sys

def read(path):
    with open(path, newline="") as f:
        return {r["key"]: float(r["betweenness"]) for r in csv.DictReader(f)}

def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):  # average ranks over ties
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / (sxx * syy) ** 0.5

exact, sample = read(sys.argv[1]), read(sys.argv[2])
seed, k, t_exact, t_sample = sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
scaling = sys.argv[7]
top = sorted(exact, key=lambda key: (-exact[key], key))[:100]
top_sample = set(sorted(sample, key=lambda key: (-sample[key], key))[:100])
rho = pearson(ranks([exact[key] for key in top]), ranks([sample[key] for key in top]))
errors = [abs(sample[key] - exact[key]) / exact[key] for key in top]
print("seed %s K=%s %s: Spearman(top 100) %.3f, top-100 overlap %d, rel. error mean %.3f "
      "max %.3f, %.2fs CPU, speed-up %.1fx" % (seed, k, scaling, rho, len(set(top) & top_sample),
                                         sum(errors) / len(errors), max(errors), t_sample,
                                         t_exact / t_sample))
EOF
done
