# ctxpack: decide what goes into a Docker build context, exactly as Docker does.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
LIBDIR	?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
WARN	= -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wformat=2 -Wvla
PKGS	= libarchive libpcre2-8 libxxhash
CLIPKGS	= yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The library sees its own headers; the command line (src/cli) and
# anything else built against libctxpack see only include/ctxpack.h.
PUB_CFLAGS = $(WARN) -D_GNU_SOURCE -Iinclude $(CFLAGS) -MMD -MP
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -Iinclude -Isrc/lib $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LDLIBS	= $(PKG_LIBS)

LIBSRC	= $(sort $(wildcard src/lib/*.c))
LIBOBJ	= $(LIBSRC:.c=.o)
CLISRC	= $(sort $(wildcard src/cli/*.c))
CLIOBJ	= $(CLISRC:.c=.o)

all: ctxpack

# Debian packages: installed when root, named otherwise.
deps:
	@sh test/deps.sh

ctxpack: $(CLIOBJ) libctxpack.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLIOBJ) libctxpack.a $(LDLIBS) $$(pkg-config --libs $(CLIPKGS)) -lm

libctxpack.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

src/cli/%.o: src/cli/%.c
	$(CC) $(PUB_CFLAGS) $$(pkg-config --cflags $(CLIPKGS)) -c -o $@ $<

%.o: %.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

clean: fuzz-clean
	rm -f bench/treegen bench/floor bench/timeit
	rm -f ctxpack libctxpack.a src/*/*.o src/*/*.d test/*.o test/*.d \
	    test/tools/*.o test/tools/*.d test/tarls test/unit/*.o test/unit/*.d test/unit/unit test/unit/list.h \
	    test/dockerfile/dfdump test/dockerfile/*.d

.PHONY: all clean deps check demo stress asan ubsan lint conformance
-include $(LIBSRC:.c=.d) $(CLIOBJ:.o=.d)

# ---------------------------------------------------------------- tests
UNITSRC	= $(wildcard test/unit/test_*.c)
UNITOBJ	= $(UNITSRC:.c=.o) test/unit/main.o

test/unit/list.h: $(UNITSRC)
	cat $(UNITSRC) | sed -n 's/^DEFINE_TEST(\(.*\)).*/X(\1)/p' | sort > $@.tmp
	mv $@.tmp $@

test/unit/main.o: test/unit/list.h

test/unit/unit: $(UNITOBJ) libctxpack.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNITOBJ) libctxpack.a $(LDLIBS)

test/tarls: test/tools/tarls.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LDLIBS)

# the Dockerfile model's dump driver, for test/dockerfile/run.sh
test/dockerfile/dfdump: test/dockerfile/dfdump.c libctxpack.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ test/dockerfile/dfdump.c \
	    libctxpack.a $(LDLIBS)

-include $(UNITOBJ:.o=.d)

check: deps
	$(MAKE) ctxpack test/tarls test/unit/unit test/fuzz/replay_rules \
	    test/fuzz/replay_match test/fuzz/replay_fastpath \
	    test/fuzz/replay_gitignore test/conformance/gitdiff/gitdiff \
	    test/fuzz/replay_dockerfile test/dockerfile/dfdump
	sh test/run.sh ./ctxpack test/tarls test/unit/unit

# A generated sample tree: what ctxpack packs, and why, next to Docker.
demo: deps
	$(MAKE) ctxpack
	sh test/demo.sh ./ctxpack

# Files changing under pack for 30 s; every tar verified.
stress: ctxpack test/tarls
	bash test/stress.sh ./ctxpack test/tarls $${STRESS_SECONDS:-30}

# The whole suite under the sanitizers (a clean rebuild each).
SANFLAGS = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	$(MAKE) clean
	LSAN_OPTIONS=suppressions=$(CURDIR)/test/lsan.supp:print_suppressions=0 \
	CTXPACK_SANITIZED=1 $(MAKE) check CFLAGS="$(SANFLAGS) -fsanitize=address,undefined" \
	    LDFLAGS="-fsanitize=address,undefined"

ubsan:
	$(MAKE) clean
	CTXPACK_SANITIZED=1 $(MAKE) check CFLAGS="$(SANFLAGS) -fsanitize=undefined" \
	    LDFLAGS="-fsanitize=undefined"

# install, uninstall, libctxpack.so, ctxpack.pc, install-check
include mk/install.mk

# The manual pages: mandoc's linter, and SYNOPSIS against --help.
lint: ctxpack
	mandoc -T lint man/ctxpack.1 man/ctxpack.3
	sh man/check-synopsis.sh ./ctxpack man/ctxpack.1

# More differential cases against the docker CLI than make check runs.
conformance: ctxpack test/tarls
	bash test/conformance/diff/run.sh ./ctxpack test/tarls $${DIFF_CASES:-2000} $${DIFF_SEED:-100000}
	bash test/conformance/diff/bk.sh ./ctxpack $${DIFF_CASES:-2000} $${DIFF_SEED:-100000}

# libFuzzer targets; their corpora replay in make check
include mk/fuzz.mk

# gitignore mode against git itself
include mk/gitdiff.mk

# benchmarks (timings only, never pass/fail)
include mk/bench.mk
