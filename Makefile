# ctxpack: decide what goes into a Docker build context, exactly as Docker does.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
LIBDIR	?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
OBJCOPY	?= objcopy
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
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -pthread -Iinclude -Isrc/lib $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LDLIBS	= $(PKG_LIBS) -pthread

LIBSRC	= $(sort $(wildcard src/lib/*.c))
LIBOBJ	= $(LIBSRC:.c=.o)
CLISRC	= $(sort $(wildcard src/cli/*.c))
CLIOBJ	= $(CLISRC:.c=.o)

all: ctxpack

# Debian packages: installed when root, named otherwise.
deps:
	@sh test/deps.sh build

test-deps:
	@sh test/deps.sh test

ctxpack: $(CLIOBJ) libctxpack.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLIOBJ) libctxpack.a $(LDLIBS) $$(pkg-config --libs $(CLIPKGS)) -lm

# One relocatable object with only the public ctxpack_* symbols global
# (libctxpack.so's version script does the same): a program linked with
# libctxpack.a can neither call nor clash with the internals.  The tests
# of internals link the objects themselves.
libctxpack.a: $(LIBOBJ)
	rm -f $@ libctxpack.o
	$(CC) -r -nostdlib -o libctxpack.o $(LIBOBJ)
	$(OBJCOPY) --wildcard --keep-global-symbol='ctxpack_*' libctxpack.o
	ar rcs $@ libctxpack.o
	rm -f libctxpack.o

src/cli/%.o: src/cli/%.c
	$(CC) $(PUB_CFLAGS) $$(pkg-config --cflags $(CLIPKGS)) -c -o $@ $<

%.o: %.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

clean: fuzz-clean
	rm -f bench/treegen bench/floor bench/timeit
	rm -f ctxpack libctxpack.a libctxpack.o src/*/*.o src/*/*.d test/*.o test/*.d \
	    test/tools/*.o test/tools/*.d test/tarls test/unit/*.o test/unit/*.d test/unit/unit test/unit/list.h \
	    test/dockerfile/dfdump test/dockerfile/*.d

.PHONY: all clean deps test-deps check demo stress asan ubsan lint conformance
-include $(LIBSRC:.c=.d) $(CLIOBJ:.o=.d)

# ---------------------------------------------------------------- tests
UNITSRC	= $(wildcard test/unit/test_*.c)
UNITOBJ	= $(UNITSRC:.c=.o) test/unit/main.o

test/unit/list.h: $(UNITSRC)
	cat $(UNITSRC) | sed -n 's/^DEFINE_TEST(\(.*\)).*/X(\1)/p' | sort > $@.tmp
	mv $@.tmp $@

test/unit/main.o: test/unit/list.h

test/unit/unit: $(UNITOBJ) $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNITOBJ) $(LIBOBJ) $(LDLIBS)

test/tarls: test/tools/tarls.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LDLIBS)

# the Dockerfile model's dump driver, for test/dockerfile/run.sh
test/dockerfile/dfdump: test/dockerfile/dfdump.c $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ test/dockerfile/dfdump.c \
	    $(LIBOBJ) $(LDLIBS)

-include $(UNITOBJ:.o=.d)

check: test-deps
	$(MAKE) ctxpack test/tarls test/unit/unit test/fuzz/replay_rules \
	    test/fuzz/replay_match test/fuzz/replay_fastpath \
	    test/fuzz/replay_gitignore test/conformance/gitdiff/gitdiff \
	    test/engine/readfail.so test/fuzz/replay_dockerfile test/dockerfile/dfdump
	if command -v go >/dev/null; then $(MAKE) test/tools/gotar/gotar; \
	    else echo "no go: the Go tar reader is left out"; fi
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

# More differential cases against the docker CLI (and buildah) than make
# check runs.
conformance: ctxpack test/tarls test/engine/readfail.so test/tools/gotar/gotar
	bash test/conformance/diff/run.sh ./ctxpack test/tarls $${DIFF_CASES:-2000} $${DIFF_SEED:-100000}
	bash test/conformance/diff/bk.sh ./ctxpack $${DIFF_CASES:-2000} $${DIFF_SEED:-100000}
	bash test/engine/run.sh ./ctxpack $${ENGINE_CASES:-300} $${ENGINE_SEED:-100000}
	bash test/engine/used.sh ./ctxpack $${USED_CASES:-200} $${USED_SEED:-100000}
	READERS_SEEDS=$${READERS_SEEDS:-200} READERS_SEED=$${READERS_SEED:-100000} \
	    sh test/engine/readers.sh ./ctxpack test/tools/gotar/gotar test/engine/readfail.so
	bash test/conformance/buildah/diff.sh ./ctxpack $${BUILDAH_CASES:-300} $${BUILDAH_SEED:-1000}
	bash test/conformance/buildah/pipe.sh ./ctxpack $${BUILDAH_PIPE:-200} $${BUILDAH_SEED:-1000}
	PIPE_USED=1 bash test/conformance/buildah/pipe.sh ./ctxpack $${BUILDAH_USED:-200} $${BUILDAH_SEED:-1000}
	PIPE_CASES=1 bash test/conformance/buildah/pipe.sh ./ctxpack

# libFuzzer targets; their corpora replay in make check
include mk/fuzz.mk

# gitignore mode against git itself
include mk/gitdiff.mk

# benchmarks (timings only, never pass/fail)
include mk/bench.mk

# The real-engine suite's helpers: Go's tar reader as the daemon uses it,
# and a read(2)-failing shim for the poison tests (plain, unsanitized:
# it is preloaded into ctxpack).
test/tools/gotar/gotar: test/tools/gotar/main.go
	d=$$(mktemp -d) && cd test/tools/gotar && GO111MODULE=off GOCACHE=$$d \
	    GOPATH=$$d go build -o gotar main.go; rc=$$?; rm -rf $$d; exit $$rc

test/engine/readfail.so: test/engine/readfail.c
	$(CC) -O2 -Wall -Wextra -Werror -shared -fPIC -o $@ test/engine/readfail.c -ldl

clean: engine-clean
engine-clean:
	rm -f test/tools/gotar/gotar test/engine/readfail.so

.PHONY: engine-clean
