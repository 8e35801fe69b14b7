#!/bin/sh
# test/install/run.sh: `make install` into a staging directory, check the
# layout, build and run a program against the staged library through
# pkg-config (shared and static), try the staged completions, then
# `make uninstall` and check that nothing of ours is left.  Ends with
# "N passed, N failed".
#   run.sh            (from anywhere; MAKE may name the make to use)
set -u
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/test/install
MAKE=${MAKE:-make}
CC=${CC:-cc}
P=0 F=0 S=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
log=$tmp/log
stage=$tmp/stage
pfx=/usr/local
root=$stage$pfx

ok()   { P=$((P + 1)); echo "ok - $*"; }
fail() { F=$((F + 1)); echo "FAIL - $*"; }
check() {	# check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >"$tmp/out" 2>&1; then ok "$d"; else
		fail "$d"; sed 's/^/	/' "$tmp/out" | head -n 20; fi
}
skip() { S=$((S + 1)); echo "skip - $*"; }
finish() {
	echo "install: $P passed, $F failed, $S skipped"
	[ "$F" = 0 ]
	exit $?
}

version=$(sed -n 's/^.define CTXPACK_VERSION_STRING[^"]*"\(.*\)"/\1/p' \
    "$top/include/ctxpack.h")
major=${version%%.*}
# 0.x: the minor version is part of the soname (mk/install.mk)
[ "$major" = 0 ] && major=$(echo "$version" | cut -d. -f1-2)

# ------------------------------------------------------------ install
if ! (cd "$top" && $MAKE install DESTDIR="$stage" PREFIX=$pfx) >"$log" 2>&1
then
	fail "make install DESTDIR=... PREFIX=$pfx"
	tail -n 30 "$log" | sed 's/^/	/'
	finish
fi
ok "make install DESTDIR=... PREFIX=$pfx"

for f in bin/ctxpack lib/libctxpack.a lib/libctxpack.so.$version \
    include/ctxpack.h lib/pkgconfig/ctxpack.pc share/man/man1/ctxpack.1 \
    share/man/man3/ctxpack.3 share/bash-completion/completions/ctxpack \
    share/zsh/site-functions/_ctxpack \
    share/fish/vendor_completions.d/ctxpack.fish; do
	check "installed $f" test -f "$root/$f"
done
check "bin/ctxpack is executable" test -x "$root/bin/ctxpack"
check "lib/libctxpack.so.$major -> libctxpack.so.$version" \
    test "$(readlink "$root/lib/libctxpack.so.$major")" = \
    "libctxpack.so.$version"
check "lib/libctxpack.so -> libctxpack.so.$major" \
    test "$(readlink "$root/lib/libctxpack.so")" = "libctxpack.so.$major"
check "header identical to include/ctxpack.h" \
    cmp "$top/include/ctxpack.h" "$root/include/ctxpack.h"
check "nothing installed outside the prefix" \
    sh -c '[ -z "$(cd "$1" && find . ! -type d | grep -v "^\./${2#/}/")" ]' \
    sh "$stage" "$pfx"

if command -v readelf >/dev/null 2>&1; then
	check "soname libctxpack.so.$major" sh -c \
	    'readelf -d "$1" | grep -q "SONAME.*\[libctxpack\.so\.$2\]"' \
	    sh "$root/lib/libctxpack.so.$version" "$major"
fi
if command -v nm >/dev/null 2>&1; then
	check "the shared library exports only ctxpack_*" sh -c \
	    'n=$(nm -D --defined-only "$1" | awk "NF == 3 { print \$3 }" |
	    grep -v "^ctxpack_" | grep -v "^CTXPACK"); [ -z "$n" ] ||
	    { echo "$n"; exit 1; }' sh "$root/lib/libctxpack.so.$version"
	check "the shared library exports ctxpack_rules_match" sh -c \
	    'nm -D --defined-only "$1" | grep -q " ctxpack_rules_match$"' \
	    sh "$root/lib/libctxpack.so.$version"
fi
check "installed ctxpack --version says $version" sh -c \
    '[ "$("$1" --version)" = "ctxpack $2" ]' sh "$root/bin/ctxpack" "$version"
if command -v mandoc >/dev/null 2>&1; then
	# .Xr warnings need a mandoc.db; the pages use none
	check "installed man pages format cleanly" sh -c \
	    'mandoc -T lint "$1/man1/ctxpack.1" "$1/man3/ctxpack.3"' \
	    sh "$root/share/man"
fi

# ------------------------------------------------------------ docker plugin
plug=$root/lib/docker/cli-plugins/docker-ctxpack
check "docker plugin lib/docker/cli-plugins/docker-ctxpack links to bin/ctxpack" \
    sh -c '[ -L "$1" ] && [ "$(readlink -f "$1")" = "$(readlink -f "$2")" ]' \
    sh "$plug" "$root/bin/ctxpack"
check "the plugin link is relative (right after DESTDIR is gone)" \
    sh -c 'case $(readlink "$1") in /*) exit 1 ;; esac' sh "$plug"
check "docker-cli-plugin-metadata answers the plugin JSON" python3 -c '
import json, subprocess, sys
m = json.loads(subprocess.run([sys.argv[1], "docker-cli-plugin-metadata"],
    check=True, capture_output=True).stdout)
assert m["SchemaVersion"] == "0.1.0", m
assert m["Version"] == sys.argv[2] and m["Vendor"] and m["ShortDescription"], m
' "$plug" "$version"
if command -v docker >/dev/null 2>&1 &&
    docker --version >/dev/null 2>&1; then
	# the real docker CLI, with a config directory of our own
	dc=$tmp/docker-config
	mkdir -p "$dc/cli-plugins" "$tmp/pctx/src"
	ln -s "$plug" "$dc/cli-plugins/docker-ctxpack"
	printf 'FROM scratch\n' > "$tmp/pctx/Dockerfile"
	printf 'x\n' > "$tmp/pctx/src/a.c"
	printf 'src/a.c\n' > "$tmp/pctx/.dockerignore"
	dk() { (cd "$tmp/pctx" && DOCKER_CONFIG=$dc docker "$@"); }
	check "docker ctxpack ls . lists the context" sh -c '
	    out=$(cd "$1" && DOCKER_CONFIG=$2 docker ctxpack ls .) &&
	    [ "$out" = "$(printf ".dockerignore\nDockerfile\nsrc/")" ] ||
	    { echo "$out"; exit 1; }' sh "$tmp/pctx" "$dc"
	check "docker ctxpack --help prints ctxpack's usage" sh -c '
	    DOCKER_CONFIG=$1 docker ctxpack --help | grep -q "^usage: ctxpack pack"' \
	    sh "$dc"
	check "docker ctxpack report works" sh -c '
	    cd "$1" && DOCKER_CONFIG=$2 docker ctxpack report -q . |
	    grep -q "^context .  (builder buildkit"' sh "$tmp/pctx" "$dc"
	dk ctxpack check --max-files 0 . >/dev/null 2>&1
	check "docker ctxpack check over budget exits 1" test $? = 1
	dk ctxpack no-such-command >/dev/null 2>&1
	check "docker ctxpack with a bad command exits 2" test $? = 2
	check "docker help lists ctxpack with its description" sh -c '
	    DOCKER_CONFIG=$1 docker help 2>&1 | grep -Eq "^  ctxpack\*? +What goes into"' \
	    sh "$dc"
else
	skip "the docker CLI is not installed: docker ctxpack not tried"
fi

# ------------------------------------------------------------ pkg-config
PKG_CONFIG_PATH=$root/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$stage
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
if command -v pkg-config >/dev/null 2>&1; then
	check "pkg-config --modversion ctxpack is $version" sh -c \
	    '[ "$(pkg-config --modversion ctxpack)" = "$1" ]' sh "$version"
	check "pkg-config --cflags --libs ctxpack points into the stage" \
	    sh -c 'f=" $(pkg-config --cflags --libs ctxpack) " &&
	    for w in "-I$1/include" "-L$1/lib" -lctxpack; do
		case $f in *" $w "*) ;; *) echo "no $w in$f"; exit 1 ;; esac
	    done' sh "$root"
	check "pkg-config --static --libs ctxpack names the dependencies" \
	    sh -c 'f=$(pkg-config --static --libs ctxpack) &&
	    case " $f " in *" -larchive "*) ;; *) echo "$f"; exit 1 ;; esac &&
	    case " $f " in *" -lpcre2-8 "*) ;; *) echo "$f"; exit 1 ;; esac &&
	    case " $f " in *" -lxxhash "*) ;; *) echo "$f"; exit 1 ;; esac'

	want="included src/main.c"
	# shared, found through an rpath
	if $CC -o "$tmp/hello" "$here/hello.c" \
	    $(pkg-config --cflags --libs ctxpack) \
	    -Wl,-rpath,"$root/lib" >"$tmp/cc" 2>&1; then
		ok "hello.c builds against the shared library"
		check "hello (shared) runs" "$tmp/hello"
		check "hello (shared) judges as Docker does" sh -c \
		    '"$1" | grep -qx "$2" && "$1" | grep -qx "excluded debug.log"' \
		    sh "$tmp/hello" "$want"
		if command -v ldd >/dev/null 2>&1; then
			check "hello (shared) loads the staged libctxpack.so.$major" \
			    sh -c 'ldd "$1" | grep -q "libctxpack\.so\.$2 => $3/"' \
			    sh "$tmp/hello" "$major" "$root/lib"
		fi
	else
		fail "hello.c builds against the shared library"
		sed 's/^/	/' "$tmp/cc" | head -n 20
	fi
	# static libctxpack, shared dependencies (their own static closure,
	# pkg-config --static, needs -dev packages that may be missing)
	if $CC -o "$tmp/hello-static" "$here/hello.c" \
	    $(pkg-config --cflags ctxpack) "$root/lib/libctxpack.a" \
	    $(pkg-config --libs $(pkg-config --print-requires-private ctxpack)) \
	    >"$tmp/cc" 2>&1; then
		ok "hello.c builds against the static library"
		check "hello (static) runs" "$tmp/hello-static"
		if command -v ldd >/dev/null 2>&1; then
			check "hello (static) needs no libctxpack.so" sh -c \
			    '! ldd "$1" | grep -q libctxpack' sh "$tmp/hello-static"
		fi
	else
		fail "hello.c builds against the static library"
		sed 's/^/	/' "$tmp/cc" | head -n 20
	fi
else
	fail "pkg-config is not installed"
fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# ------------------------------------------------------------ completions
comp=$root/share
check "bash completion: ctxpack pa<TAB> gives pack" bash -c '
	. "$1/bash-completion/completions/ctxpack" || exit 1
	COMP_WORDS=(ctxpack pa); COMP_CWORD=1; _ctxpack
	[ "${COMPREPLY[*]}" = pack ] || { echo "${COMPREPLY[*]}"; exit 1; }' \
    sh "$comp"
check "bash completion: --builder offers buildkit classic buildah" bash -c '
	. "$1/bash-completion/completions/ctxpack" || exit 1
	COMP_WORDS=(ctxpack ls --builder ""); COMP_CWORD=3; _ctxpack
	[ "${COMPREPLY[*]}" = "buildkit classic buildah" ] ||
	    { echo "${COMPREPLY[*]}"; exit 1; }' sh "$comp"
check "bash completion: digest options" bash -c '
	. "$1/bash-completion/completions/ctxpack" || exit 1
	COMP_WORDS=(ctxpack digest --p); COMP_CWORD=2; _ctxpack
	[ "${COMPREPLY[*]}" = --per-dir ] || { echo "${COMPREPLY[*]}"; exit 1; }' \
    sh "$comp"
check "bash completion: every command of --help is offered" bash -c '
	. "$1/bash-completion/completions/ctxpack" || exit 1
	COMP_WORDS=(ctxpack ""); COMP_CWORD=1; _ctxpack
	for c in $("$2" --help | sed -n "/^commands:/,/^\$/s/^  \([a-z]*\) .*/\1/p")
	do
		case " ${COMPREPLY[*]} " in *" $c "*) ;;
		*) echo "missing $c"; exit 1 ;; esac
	done' sh "$comp" "$root/bin/ctxpack"
check "bash completion: every option of --help is offered" bash -c '
	. "$1/bash-completion/completions/ctxpack" || exit 1
	all=" "
	for c in $_ctxpack_commands; do all="$all$(_ctxpack_opts $c) "; done
	for o in $("$2" --help | sed -n "/^options:/,/^\$/p" |
	    grep -oE -- "(^ +|, )--?[a-zA-Z0-9][a-z0-9-]*" |
	    sed "s/^[ ,]*//" | sort -u); do
		case $o in --help|-h|--version|-V) continue ;; esac
		case $all in *" $o "*) ;; *) echo "missing $o"; exit 1 ;; esac
	done' sh "$comp" "$root/bin/ctxpack"
check "bash completion: each command offers the options of its usage" bash -c '
	. "$1/bash-completion/completions/ctxpack" || exit 1
	"$2" --help | sed "/^[[:space:]]*\$/,\$d" | sed "s/^usage://" |
	    awk "\$1 == \"ctxpack\" { cmd = \$2 } { print cmd, \$0 }" |
	    while read -r cmd line; do
		case $cmd in -*) continue ;; esac
		have=" $(_ctxpack_opts "$cmd") "
		for o in $(echo "$line" | grep -oE -- "(^|[[ ])--?[a-zA-Z0-9][a-z0-9-]*" |
		    tr -d "[ "); do
			case $o in
			--*) ;;
			-??*) o=$(echo "${o#-}" | sed "s/./-& /g") ;;
			esac
			for w in $o; do
				case $have in *" $w "*) ;;
				*) echo "$cmd: missing $w"; exit 1 ;; esac
			done
		done
	    done' sh "$comp" "$root/bin/ctxpack"
if command -v zsh >/dev/null 2>&1; then
	check "zsh completion parses" zsh -n "$comp/zsh/site-functions/_ctxpack"
fi
if command -v fish >/dev/null 2>&1; then
	check "fish completion parses" \
	    fish -n "$comp/fish/vendor_completions.d/ctxpack.fish"
	check "fish completion: ctxpack pack --build<TAB>" sh -c '
	    out=$(fish -c "source $1; complete -C \"ctxpack pack --build\"") &&
	    case $out in *--builder*) ;; *) echo "$out"; exit 1 ;; esac &&
	    case $out in *--build-arg*) ;; *) echo "$out"; exit 1 ;; esac' \
	    sh "$comp/fish/vendor_completions.d/ctxpack.fish"
fi

# ------------------------------------------------------------ uninstall
if (cd "$top" && $MAKE uninstall DESTDIR="$stage" PREFIX=$pfx) >"$log" 2>&1
then
	ok "make uninstall DESTDIR=... PREFIX=$pfx"
else
	fail "make uninstall DESTDIR=... PREFIX=$pfx"
	tail -n 20 "$log" | sed 's/^/	/'
fi
check "nothing of ours is left after uninstall" sh -c \
    'left=$(find "$1" ! -type d); [ -z "$left" ] || { echo "$left"; exit 1; }' \
    sh "$stage"

# ------------------------------------------------------------ other dirs
# LIBDIR, MANDIR apart from PREFIX; pkg-config follows; uninstall as well.
alt=$tmp/alt
if (cd "$top" && $MAKE install DESTDIR="$alt" PREFIX=/opt/ctxpack \
    LIBDIR=/opt/ctxpack/lib64 MANDIR=/opt/man) >"$log" 2>&1; then
	ok "make install with LIBDIR and MANDIR set"
	check "LIBDIR honoured" test -f "$alt/opt/ctxpack/lib64/libctxpack.a"
	check "MANDIR honoured" test -f "$alt/opt/man/man3/ctxpack.3"
	check "ctxpack.pc names that libdir" \
	    grep -qx 'libdir=${prefix}/lib64' \
	    "$alt/opt/ctxpack/lib64/pkgconfig/ctxpack.pc"
	(cd "$top" && $MAKE uninstall DESTDIR="$alt" PREFIX=/opt/ctxpack \
	    LIBDIR=/opt/ctxpack/lib64 MANDIR=/opt/man) >"$log" 2>&1
	check "nothing left after that uninstall" sh -c \
	    'left=$(find "$1" ! -type d); [ -z "$left" ] ||
	    { echo "$left"; exit 1; }' sh "$alt"
else
	fail "make install with LIBDIR and MANDIR set"
	tail -n 20 "$log" | sed 's/^/	/'
fi
# the pkg-config file of the build tree is for /usr/local again
(cd "$top" && $MAKE ctxpack.pc) >/dev/null 2>&1

finish
