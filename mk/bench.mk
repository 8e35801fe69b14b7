# mk/bench.mk: ctxpack's benchmarks, included from the top Makefile.
#
#   make bench        every profile at 100k files (the comparison table),
#                     the pathological rule, the cold cache (as root), webapp
#                     at 1M files vs 100k; ends with issue 13's table
#   make bench-big    only webapp at 1M files vs 100k: scaling and peak RSS
#
# Trees go to $(BENCH_DIR) (default /tmp/ctxpack-bench), never the repo.
# Knobs (environment): BENCH_DIR BENCH_PROFILES BENCH_SIZE BENCH_BIG_SIZE
# BENCH_SEED BENCH_RUNS BENCH_DOCKER BENCH_STRACE BENCH_BIG BENCH_COLD
# BENCH_COLD_RUNS BENCH_INSTALL; see bench/bench.sh.  A missing comparison
# tool gives n/a; as root the missing ones are installed first.
# Timings are reported, never pass/fail: both targets exit 0 unless the
# harness itself breaks.

BENCH_TOOLS = bench/treegen bench/floor bench/timeit

bench/treegen: bench/treegen.c
	$(CC) $(CFLAGS) -o $@ bench/treegen.c

bench/floor: bench/floor.c
	$(CC) $(CFLAGS) -o $@ bench/floor.c

bench/timeit: bench/timeit.c
	$(CC) $(CFLAGS) -o $@ bench/timeit.c

bench: ctxpack $(BENCH_TOOLS)
	CC='$(CC)' sh bench/bench.sh ./ctxpack

bench-big: ctxpack $(BENCH_TOOLS)
	CC='$(CC)' sh bench/bench.sh --big ./ctxpack

# perf (or callgrind) hot spots of ctxpack pack and ls on the webapp tree
bench-profile: ctxpack $(BENCH_TOOLS)
	sh bench/profile.sh ./ctxpack

bench-clean:
	rm -f $(BENCH_TOOLS)

.PHONY: bench bench-big bench-profile bench-clean
