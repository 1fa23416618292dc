#!/bin/sh
# linkpred_auc.sh - measures the missing-tie scores of `coalition gaps` on a
# synthetic ecosystem: synth --chapters N, import, hide 10% of the partner
# links, AUC of each score (see linkpred_auc.c).  Not a test: it prints
# numbers for the notes.
#
# usage: tests/bench/linkpred_auc.sh BUILD_DIR [CHAPTERS] [SEED]
#   BUILD_DIR  a cmake build of this repository (has coalition and libcoalition.a)
set -eu
BUILD=$1
CHAPTERS=${2:-20000}
SEED=${3:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I "$HERE/../../include" -I "$HERE/../../src" -o "$WORK/linkpred_auc" \
	"$HERE/linkpred_auc.c" "$BUILD/libcoalition.a" \
	$(pkg-config --cflags --libs igraph sqlite3 cairo pangocairo jansson libpng gsl geonames glib-2.0) \
	-lcsv -lglpk -lm -lpthread -fopenmp
"$BUILD/coalition" --quiet --seed "$SEED" synth --chapters "$CHAPTERS" --out "$WORK/synth"
"$BUILD/coalition" --quiet --db "$WORK/s.db" init
"$BUILD/coalition" --quiet --db "$WORK/s.db" import "$WORK/synth"
echo "synth --chapters $CHAPTERS (seed $SEED)"
"$WORK/linkpred_auc" "$WORK/s.db" "$SEED" 0.1
