# The README's two commands, and a few more, wrapping CMake.
#   make demo   install missing Debian packages, build, import the shipped data, summarize
#   make test   build and run the whole suite, plain and under ASan+UBSan
#   make bench  release build, then tests/bench/bench.py against the peers in $(PEERS)
BUILD ?= build
SANBUILD ?= build-sanitize
MEMBUILD ?= build-memcheck
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
DEMO_DB ?= $(BUILD)/demo.db

.PHONY: all deps build build-sanitize demo test memcheck fuzz bench clean

all: build

deps:
	@.ci/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-sanitize: deps
	cmake -S . -B $(SANBUILD) -DCMAKE_BUILD_TYPE=Debug "-DCO_SANITIZE=address;undefined" $(CMAKE_FLAGS) >/dev/null
	cmake --build $(SANBUILD) -j $(JOBS)

demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/coalition --db $(DEMO_DB) init
	$(BUILD)/coalition --db $(DEMO_DB) import datasets/seed
	$(BUILD)/coalition --db $(DEMO_DB) summary --format table
	mkdir -p plots
	$(BUILD)/coalition --db $(DEMO_DB) render --out plots/seed-kinds.png --layout kinds \
		--title "Who works with whom, by kind of organization"
	$(BUILD)/coalition --db $(DEMO_DB) render --out plots/seed-geo.png --layout geo \
		--title "Where the coalition works"
	$(BUILD)/coalition --db $(DEMO_DB) render --out plots/seed-tension.png --signed --color-by cluster \
		--title "Tension map: cooperation inside clusters, friction between"
	$(BUILD)/coalition --db $(DEMO_DB) render --out plots/seed-map.html --layout kinds \
		--title "Who works with whom: the seed coalition (interactive)"
	$(BUILD)/coalition --db $(DEMO_DB) report --out plots/report.html --title "The seed coalition"
	$(BUILD)/coalition --db $(DEMO_DB) report --out plots/report.pdf --title "The seed coalition"
	$(BUILD)/coalition --db $(DEMO_DB) diff --from 2017 --to 2021 --format table

test: build build-sanitize
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(SANBUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

# The CLI tests with every command under valgrind memcheck (tests/cli/lib.sh
# reads COALITION_WRAP): any memory error or definite/indirect leak makes the
# command exit 99 and its test fail.  The kill and lock timing tests
# (crash_safety, concurrency) are left out: valgrind's slowness changes what
# they measure, and they run under ASan in `make test`.  MEMCHECK_TESTS picks
# tests by ctest regex.  It builds in its own directory, where a CLI test may
# run for MEMCHECK_TIMEOUT seconds (900 in `make test`).
MEMCHECK_TIMEOUT ?= 14400
MEMCHECK_TESTS ?= ^cli/
MEMCHECK_EXCLUDE ?= crash_safety|concurrency
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --suppressions=$(CURDIR)/tests/valgrind.supp
memcheck: deps
	@.ci/install-deps memcheck
	cmake -S . -B $(MEMBUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCO_CLI_TEST_TIMEOUT=$(MEMCHECK_TIMEOUT) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(MEMBUILD) -j $(JOBS)
	cd $(MEMBUILD) && COALITION_WRAP="$(VALGRIND)" ctest --output-on-failure -j $(JOBS) \
		-R '$(MEMCHECK_TESTS)' -E '$(MEMCHECK_EXCLUDE)'

# Runs every libFuzzer target for FUZZ_SECONDS each (clang, ASan+UBSan), starting
# from the seed corpus in tests/fuzz/corpus/<target>/ (with tests/fuzz/<target>.dict
# when there is one); new inputs are kept in
# $(FUZZ_BUILD)/corpus-<target>/, crashes in $(FUZZ_BUILD)/ (copy them into the seed
# corpus as regressions once fixed).
FUZZ_SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz
fuzz:
	@.ci/install-deps fuzz
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCO_FUZZ=ON \
		"-DCO_SANITIZE=address;undefined" >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@set -e; top=$$(pwd); for t in tests/fuzz/fuzz_*.c; do \
		name=$$(basename $$t .c); target=$${name#fuzz_}; \
		mkdir -p $(FUZZ_BUILD)/corpus-$$target; \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		dict=; [ -f tests/fuzz/$$target.dict ] && dict=-dict=$$top/tests/fuzz/$$target.dict; \
		(cd $(FUZZ_BUILD) && ./tests/$$name -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$$dict corpus-$$target $$top/tests/fuzz/corpus/$$target 2>&1 | tail -n 12); \
	done

# The peers' pipelines (peer_igraph.py, peer_networkx.py) are not part of the
# repository: PEERS names their directory.  BENCH_ARGS passes options to
# bench.py (e.g. BENCH_ARGS='--sizes 2000,20000 --reps 3'); see its --help.
BENCH_BUILD ?= build-release
PEERS ?= ../shared/bench
BENCH_ARGS ?=
# hubs_bench.py adds the layout and Louvain rows on synth and gen_ecosystem.py
# graphs (issue 23) at the bench's three sizes by default (igraph's FR once and
# sfdp not at all at 200000 chapters: it took 5-7x FR's time at 20000); HUBS_ARGS
# replaces those options (e.g. --sizes 2000,20000 for a quick run).
HUBS_ARGS ?= --sizes 2000,20000,200000 --fr-reps-max 100000 --fr-reps 1 --sfdp-max 20000
# commands_bench.py runs every command once on the synth and gen_ecosystem.py
# stores and compares each peak with 2x igraph's graph alone (issue 23 item 3);
# COMMANDS_ARGS replaces its options (e.g. --chapters 2000 for a quick run).
COMMANDS_ARGS ?= --chapters 200000

bench: deps
	@.ci/install-deps bench
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target coalition-cli
	/usr/bin/python3 tests/bench/bench.py --coalition $(BENCH_BUILD)/coalition --peers $(PEERS) $(BENCH_ARGS)
	/usr/bin/python3 tests/bench/hubs_bench.py --coalition $(BENCH_BUILD)/coalition --peers $(PEERS) $(HUBS_ARGS)
	/usr/bin/python3 tests/bench/commands_bench.py --coalition $(BENCH_BUILD)/coalition --peers $(PEERS) $(COMMANDS_ARGS)

clean:
	rm -rf $(BUILD) $(SANBUILD) $(MEMBUILD) $(BENCH_BUILD) build-fuzz
