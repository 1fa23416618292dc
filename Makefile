# The README's two commands, and a few more, wrapping CMake.
#   make demo   install missing Debian packages, build, import the shipped data, summarize
#   make test   build and run the whole suite, plain and under ASan+UBSan
BUILD ?= build
SANBUILD ?= build-sanitize
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
DEMO_DB ?= $(BUILD)/demo.db

.PHONY: all deps build build-sanitize demo test clean

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

test: build build-sanitize
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(SANBUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(SANBUILD)
