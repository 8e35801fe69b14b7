# mk/fuzz.mk: fuzz targets, included from the top Makefile.
# Run make from the repository root.  Uses CC, ALL_CFLAGS, LDLIBS, LIBSRC
# and LIBOBJ of the top Makefile.
#
#   make fuzz-replay        build test/fuzz/replay_<t> with $(CC) and run
#                           each on its checked-in corpus (part of check)
#   make fuzz               build test/fuzz/fuzz_<t> with clang + libFuzzer
#                           + ASan/UBSan and run each for FUZZTIME seconds
#   make fuzz-merge         add what `make fuzz` found to the checked-in
#                           corpora: only inputs reaching new edges
#                           (-merge=1 -use_counters=0, keeps them small)
#   make fuzz-clean
#
# Targets: rules (whole ignore files), match (R15/R17 invariants),
# fastpath (ctxpack's shortcuts against their regexp), gitignore,
# dockerfile (the Dockerfile model: parse, eval, matchers).  `make fuzz` writes
# new inputs to test/fuzz/work/<t>/ and crashes to test/fuzz/artifacts/;
# the checked-in corpus/<t>/ is only read.  Reproduce one input with
# `test/fuzz/replay_<t> FILE` or `test/fuzz/fuzz_<t> FILE`.

FUZZ_TARGETS	= rules match fastpath gitignore dockerfile
FUZZTIME	?= 60
FUZZ_CC		?= clang
FUZZ_SAN	?= -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all
FUZZ_ARGS	?=
FUZZ_DIR	= test/fuzz
FUZZ_REPLAY	= $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay_%)
FUZZ_BIN	= $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
# The warning flags without -Werror (another compiler may warn more) and
# without -MMD (one clang run compiles several sources).
FUZZ_CFLAGS	= $(filter-out -Werror -MMD -MP,$(ALL_CFLAGS)) -g -O1 \
		  -fno-omit-frame-pointer

$(FUZZ_DIR)/%.o: $(FUZZ_DIR)/%.c $(FUZZ_DIR)/fuzz.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(FUZZ_DIR)/replay_%: $(FUZZ_DIR)/fuzz_%.o $(FUZZ_DIR)/replay.o $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_DIR)/fuzz_$*.o \
	    $(FUZZ_DIR)/replay.o $(LIBOBJ) $(LDLIBS)

# Every target runs even if one fails; the status is that of the worst.
fuzz-replay: $(FUZZ_REPLAY)
	@rc=0; for t in $(FUZZ_TARGETS); do \
		$(FUZZ_DIR)/replay_$$t $(FUZZ_DIR)/corpus/$$t || rc=1; \
	done; exit $$rc

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/fuzz_%.c $(FUZZ_DIR)/fuzz.h $(LIBSRC) \
    $(wildcard src/lib/*.h include/*.h)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -o $@ $< $(LIBSRC) $(LDLIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_DIR)/artifacts
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/work/$$t; \
		echo "fuzz_$$t: $(FUZZTIME) s"; \
		$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZTIME) \
		    -max_len=70000 -timeout=60 -print_final_stats=1 \
		    -dict=$(FUZZ_DIR)/dockerignore.dict \
		    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- $(FUZZ_ARGS) \
		    $(FUZZ_DIR)/work/$$t $(FUZZ_DIR)/corpus/$$t || exit 1; \
	done

fuzz-merge: $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/work/$$t; \
		$(FUZZ_DIR)/fuzz_$$t -merge=1 -use_counters=0 -max_len=70000 \
		    -timeout=60 \
		    $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/work/$$t || exit 1; \
	done

fuzz-clean:
	rm -rf $(FUZZ_REPLAY) $(FUZZ_BIN) $(FUZZ_DIR)/*.o $(FUZZ_DIR)/*.d \
	    $(FUZZ_DIR)/work $(FUZZ_DIR)/artifacts

.PHONY: fuzz fuzz-replay fuzz-build fuzz-merge fuzz-clean
.PRECIOUS: $(FUZZ_DIR)/%.o
-include $(FUZZ_DIR)/replay.d $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%.d)
