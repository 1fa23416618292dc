#!/bin/bash
# Rebuilds the CSV importer's seed corpus (tests/fuzz/corpus/csv_import/) from
# the import fixtures: each directory becomes one input, a flags byte and the
# five files separated by 0x1E (see fuzz_csv_import.c).  Seeds named
# crash-* or regress-* are regressions and are left alone.
#
# usage: tests/fuzz/seed_corpus.sh   (from the repository's top directory)
set -eu
out=tests/fuzz/corpus/csv_import
mkdir -p "$out"
files="orgs.csv ties.csv events.csv participation.csv sources.csv"
for dir in tests/fixtures/import/*/ tests/fixtures/bad/*/ tests/fixtures/florentine/ \
           tests/fixtures/query/ tests/fixtures/gaps/; do
	[ -f "$dir/orgs.csv" ] || continue
	name=$(basename "$dir")
	for flags in 0 2; do
		{
			printf "\\x0$flags"
			first=1
			for f in $files; do
				[ $first = 1 ] || printf '\x1e'
				first=0
				[ -f "$dir/$f" ] && cat "$dir/$f"
			done
		} >"$out/seed-$name-$flags"
	done
done
ls "$out" | wc -l
