# renofee: the two commands a newcomer types on a fresh Debian 12 machine.
#   make run    install what is missing, build, start renofee (for now: version and demo)
#   make test   install what is missing, build, run every test, then the unit tests under ASan+UBSan
# Other targets: build, test-asan, bench, fuzz, format, clean.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
RENOFEE := $(BUILD_DIR)/src/main/renofee
CTEST_FLAGS := --output-on-failure --timeout 600 -j $(JOBS)

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

.PHONY: all deps build build-asan run test test-release test-asan bench fuzz format clean
all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DRENOFEE_SANITIZE=ON -DRENOFEE_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS) --target unit_tests

run: build
	@$(RENOFEE) --version
	@$(RENOFEE) demo

test: test-release test-asan

# The release suite runs against a throwaway PostgreSQL cluster too (scripts/with-postgres.sh sets
# RENOFEE_TEST_PG_URL), so every repository test runs on SQLite and on PostgreSQL.
test-release: build
	@bash scripts/with-postgres.sh bash -c 'cd $(BUILD_DIR) && ctest $(CTEST_FLAGS)'


test-asan: build-asan
	@echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer ($(ASAN_DIR)) =="
	@cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest $(CTEST_FLAGS) -L unit

bench: build
	@$(BUILD_DIR)/bench/renofee_bench
	@$(BUILD_DIR)/bench/renofee_weather_bench
	@$(BUILD_DIR)/bench/renofee_parse_bench

# libFuzzer with clang (build-fuzz/): each target FUZZ_SECONDS, new coverage merged into fuzz/corpus/
# (docs/reliability.md "Fuzzing"). FUZZ_TARGETS="decimal offer_json" runs only those.
fuzz:
	@bash scripts/install-deps.sh $$(sed -e 's/#.*//' scripts/packages-fuzz.txt)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) bash scripts/fuzz.sh $(FUZZ_TARGETS)

format:
	@find include src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz
