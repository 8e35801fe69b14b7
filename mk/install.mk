# mk/install.mk: the shared library, the pkg-config file, install,
# uninstall and install-check (and the docker CLI plugin link).  Included by the top Makefile, which
# defines PREFIX, BINDIR, LIBDIR, INCLUDEDIR, MANDIR, DESTDIR, CC, CFLAGS,
# ALL_CFLAGS, LDLIBS, LIBOBJ and the targets ctxpack and libctxpack.a.
#
#   make install [DESTDIR=/tmp/stage] [PREFIX=/usr]   everything below
#   make uninstall [same variables]                    removes exactly that
#   make install-check                                 stages, checks, builds
#                                                      a program against it

# Included before the first target or after: `all` stays the default.
_ctxpack_goal := $(.DEFAULT_GOAL)

DATADIR	?= $(PREFIX)/share
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
# Where the docker CLI looks for plugins (also /usr/libexec/docker/...,
# ~/.docker/cli-plugins); `docker ctxpack` runs the link there.
DOCKERPLUGINDIR ?= $(PREFIX)/lib/docker/cli-plugins
INSTALL	?= install

# The version comes from the header, so the soname follows it.
CTXPACK_VERSION := $(shell sed -n \
    's/^.define CTXPACK_VERSION_STRING[^"]*"\(.*\)"/\1/p' include/ctxpack.h)
CTXPACK_MAJOR := $(firstword $(subst ., ,$(CTXPACK_VERSION)))
CTXPACK_MINOR := $(word 2,$(subst ., ,$(CTXPACK_VERSION)))
# 0.x: every minor version may change the interface, so it is in the soname
SONAME	= libctxpack.so.$(CTXPACK_MAJOR)$(if $(filter 0,$(CTXPACK_MAJOR)),.$(CTXPACK_MINOR))
SOLIB	= libctxpack.so.$(CTXPACK_VERSION)
LIBPIC	= $(LIBOBJ:.o=.pic.o)

# The same sources, position-independent, for the shared library.
src/lib/%.pic.o: src/lib/%.c
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

# Only the public ctxpack_* symbols are exported.
libctxpack.ver:
	printf '{\n\tglobal: ctxpack_*;\n\tlocal: *;\n};\n' > $@

$(SOLIB): $(LIBPIC) libctxpack.ver
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
	    -Wl,--version-script,libctxpack.ver -Wl,--no-undefined \
	    -o $@ $(LIBPIC) $(LDLIBS)

libctxpack.so: $(SOLIB)
	ln -sf $(SOLIB) $(SONAME)
	ln -sf $(SONAME) $@

# Remade every time: PREFIX and LIBDIR may differ from the last run.
ctxpack.pc: ctxpack.pc.in FORCE
	sed -e 's|@PREFIX@|$(PREFIX)|g' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|g' \
	    -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|g' \
	    -e 's|@VERSION@|$(CTXPACK_VERSION)|g' ctxpack.pc.in > $@.tmp
	mv $@.tmp $@

install: ctxpack libctxpack.a libctxpack.so ctxpack.pc
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(LIBDIR)" \
	    "$(DESTDIR)$(PKGCONFIGDIR)" "$(DESTDIR)$(INCLUDEDIR)" \
	    "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man3" \
	    "$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)" \
	    "$(DESTDIR)$(FISHCOMPDIR)" "$(DESTDIR)$(DOCKERPLUGINDIR)"
	$(INSTALL) -m 755 ctxpack "$(DESTDIR)$(BINDIR)/ctxpack"
	# the docker CLI plugin: the same program, known by its name (GNU ln
	# -r: a relative link, right inside DESTDIR and after it)
	ln -sfr "$(DESTDIR)$(BINDIR)/ctxpack" \
	    "$(DESTDIR)$(DOCKERPLUGINDIR)/docker-ctxpack"
	$(INSTALL) -m 644 libctxpack.a "$(DESTDIR)$(LIBDIR)/libctxpack.a"
	$(INSTALL) -m 755 $(SOLIB) "$(DESTDIR)$(LIBDIR)/$(SOLIB)"
	ln -sf $(SOLIB) "$(DESTDIR)$(LIBDIR)/$(SONAME)"
	ln -sf $(SONAME) "$(DESTDIR)$(LIBDIR)/libctxpack.so"
	$(INSTALL) -m 644 include/ctxpack.h "$(DESTDIR)$(INCLUDEDIR)/ctxpack.h"
	$(INSTALL) -m 644 ctxpack.pc "$(DESTDIR)$(PKGCONFIGDIR)/ctxpack.pc"
	$(INSTALL) -m 644 man/ctxpack.1 "$(DESTDIR)$(MANDIR)/man1/ctxpack.1"
	$(INSTALL) -m 644 man/ctxpack.3 "$(DESTDIR)$(MANDIR)/man3/ctxpack.3"
	$(INSTALL) -m 644 completions/ctxpack.bash \
	    "$(DESTDIR)$(BASHCOMPDIR)/ctxpack"
	$(INSTALL) -m 644 completions/_ctxpack "$(DESTDIR)$(ZSHCOMPDIR)/_ctxpack"
	$(INSTALL) -m 644 completions/ctxpack.fish \
	    "$(DESTDIR)$(FISHCOMPDIR)/ctxpack.fish"

# Exactly what install put there; directories stay (they may be shared).
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/ctxpack" \
	    "$(DESTDIR)$(DOCKERPLUGINDIR)/docker-ctxpack" \
	    "$(DESTDIR)$(LIBDIR)/libctxpack.a" \
	    "$(DESTDIR)$(LIBDIR)/$(SOLIB)" \
	    "$(DESTDIR)$(LIBDIR)/$(SONAME)" \
	    "$(DESTDIR)$(LIBDIR)/libctxpack.so" \
	    "$(DESTDIR)$(INCLUDEDIR)/ctxpack.h" \
	    "$(DESTDIR)$(PKGCONFIGDIR)/ctxpack.pc" \
	    "$(DESTDIR)$(MANDIR)/man1/ctxpack.1" \
	    "$(DESTDIR)$(MANDIR)/man3/ctxpack.3" \
	    "$(DESTDIR)$(BASHCOMPDIR)/ctxpack" \
	    "$(DESTDIR)$(ZSHCOMPDIR)/_ctxpack" \
	    "$(DESTDIR)$(FISHCOMPDIR)/ctxpack.fish"

install-check:
	MAKE="$(MAKE)" sh test/install/run.sh

clean: clean-install
clean-install:
	rm -f libctxpack.so libctxpack.so.* libctxpack.ver ctxpack.pc \
	    ctxpack.pc.tmp src/lib/*.pic.o src/lib/*.pic.d

FORCE:

.PHONY: install uninstall install-check clean-install FORCE
-include $(LIBPIC:.o=.d)

ifeq ($(_ctxpack_goal),)
.DEFAULT_GOAL :=
endif
