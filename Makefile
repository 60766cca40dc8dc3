# renofee: the two commands a newcomer types on a fresh Debian 12 machine.
#   make run    install what is missing, build, load the demo data, print demo API keys and serve the API
#   make test   install what is missing, build, run every test, then the unit tests under ASan+UBSan
# Other targets: build, test-asan, bench, fuzz, format, clean.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
RENOFEE := $(BUILD_DIR)/src/main/renofee
CTEST_FLAGS := --output-on-failure --timeout 600 -j $(JOBS)
# make run: the database (var/ is ignored by git), the port, and RUN_SEED, the commands that load the demo
# data before the server starts: synthetic weather of station 348 in KNMI's format (scripts/gen_weather.py;
# real KNMI files: scripts/knmi_download.py), three months of hourly readings of contract
# demo-1 (scripts/gen_demo_readings.py) and a P1 telegram log (demo-p1). make run executes RUN_SEED every
# time, so each command must be idempotent (imports are: the same bytes again change nothing), and the sample
# contracts with a settled demo year (scripts/seed_contracts.sh, which also creates demo-1 and demo-p1: the
# command line loads readings before their contract exists, the API serves only existing contracts).
RUN_DB ?= var/renofee.db
RUN_PORT ?= 8080
RUN_SEED = \
  $(RENOFEE) import weather --db $(RUN_DB) tests/data/knmi/synthetic_348_2014.txt tests/data/knmi/synthetic_348_198701.txt && \
  python3 scripts/gen_demo_readings.py $(dir $(RUN_DB))demo-readings.csv && \
  $(RENOFEE) import readings --contract demo-1 --db $(RUN_DB) $(dir $(RUN_DB))demo-readings.csv && \
  $(RENOFEE) import readings --contract demo-p1 --db $(RUN_DB) tests/data/p1/synthetic_log_dst_2026.txt && \
  bash scripts/seed_contracts.sh $(RENOFEE) $(RUN_DB) && \
  bash scripts/seed_weather_years.sh $(RENOFEE) $(RUN_DB)

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

.PHONY: all deps build build-asan run run-seed test test-release test-asan bench fuzz format clean
all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# -O0: on 2 cores the sanitizer build compiles in 363 s instead of about 540 s at -O1, and its tests run 47 s
# instead of 32 s (docs/performance.md, "make test").
build-asan: deps
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" -DRENOFEE_SANITIZE=ON -DRENOFEE_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS) --target unit_tests

# The real server on $(RUN_DB) with fresh demo keys (scripts/run.sh); Ctrl-C stops it.
run: build run-seed
	@bash scripts/run.sh $(RENOFEE) $(RUN_DB) $(RUN_PORT)

run-seed: build
	@mkdir -p $(dir $(RUN_DB))
	@$(RUN_SEED)

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
	@$(BUILD_DIR)/bench/renofee_auth_bench
	@$(BUILD_DIR)/bench/renofee_caltrack_bench

# libFuzzer with clang (build-fuzz/): each target FUZZ_SECONDS, new coverage merged into fuzz/corpus/
# (docs/reliability.md "Fuzzing"). FUZZ_TARGETS="decimal offer_json" runs only those.
fuzz:
	@bash scripts/install-deps.sh $$(sed -e 's/#.*//' scripts/packages-fuzz.txt)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) bash scripts/fuzz.sh $(FUZZ_TARGETS)

format:
	@find include src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz
