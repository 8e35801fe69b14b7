#!/bin/sh
# run.sh: check `ctxpack ls --builder=buildah` against the buildah golden
# cases (recorded from the real buildah by record.sh; this needs no buildah).
#
#   test/conformance/buildah/run.sh CTXPACK [CASE...]
#
# For each case cases/NNN-name/ it builds the tree in a fresh directory
# (umask 022, parent private to the case) with `sh mk.sh`, then from inside
# the tree runs `CTXPACK ls --builder=buildah [ARGS] .`:
#   buildah   present: ctxpack must exit 0 and print exactly this file
#             (buildah.ctxpack, when present, replaces it: a deliberate
#             deviation explained in the case's `deviation` file);
#   error     present: ctxpack must exit 2 and print nothing on stdout.
# ARGS is the one line of `args` (ctxpack spelling: -f F, --ignore-file F).
# Where `meta` exists, python3 is there and test/tarls is built (or
# TARLS names it), the tree's fresh mtimes are settled as record.sh did
# and the
# tar of `CTXPACK pack --builder=buildah [ARGS] .` must hold exactly those
# entries with that metadata (tarls -m -c: types, modes, sizes, owners,
# rounded mtimes, contents, links, hard links, devices, xattrs), leaving
# aside the entries it carries for buildah build -'s second look at the
# context (an ignore file of its own, a build file the rules exclude: not
# in /ctx); a directory whose mtime lies within the pack's run is
# `created`, as buildah makes it.
#
# While ctxpack has no buildah builder (`ls --builder=buildah` exits 2 with
# an unknown-builder error) every case is skipped, with one line saying why.
# Last line: `N passed, N failed, N skipped`; exit 1 if any case failed.
# Run as root (mknod, chown, mode-0000 entries in some trees).
# KEEP=1 keeps the scratch directory.
set -u
# -k keeps the scratch directories (as KEEP=1).
if [ "${1:-}" = -k ]; then
	KEEP=1
	shift
fi
if [ $# -lt 1 ]; then
	echo "usage: run.sh [-k] CTXPACK [CASE...]" >&2
	exit 2
fi
case $1 in
/*) CTXPACK=$1 ;;
*/*) CTXPACK=$PWD/$1 ;;
*) CTXPACK=$(command -v "$1" || echo "$1") ;;
esac
shift
here=$(cd "$(dirname "$0")" && pwd)
TARLS=${TARLS:-$here/../../tarls}
[ -x "$TARLS" ] && command -v python3 >/dev/null 2>&1 || TARLS=
if [ $# -eq 0 ]; then
	for c in "$here"/cases/*/; do
		c=${c%/}
		set -- "$@" "${c##*/}"
	done
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bhgolden.XXXXXX") || exit 2
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		echo "scratch kept in $tmp" >&2
	else
		chmod -R u+rwx "$tmp" 2>/dev/null
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 2' HUP INT TERM

# Does ctxpack know the builder?  An empty directory is enough to ask.
mkdir "$tmp/probe"
(cd "$tmp/probe" && exec "$CTXPACK" ls --builder=buildah .) >"$tmp/probe.out" 2>"$tmp/probe.err"
rc=$?
if [ $rc -eq 2 ] && grep -q -- 'builder' "$tmp/probe.err"; then
	echo "buildah: ctxpack has no --builder=buildah yet ($(head -n 1 "$tmp/probe.err")): $# cases skipped"
	echo "0 passed, 0 failed, $# skipped"
	exit 0
fi

# pack_meta CASE SCRATCH ARGS: the tar's entries that reached /ctx, as meta
pack_meta() {
	# the times record.sh gave the tree (bhls.py settle)
	python3 "$here/bhls.py" settle "$2/ctx" || return 1
	_since=$(date +%s)
	# shellcheck disable=SC2086
	(cd "$2/ctx" && exec "$CTXPACK" pack --builder=buildah $3 .) \
	    >"$2/tar" 2>"$2/perr" || { cp "$2/perr" "$2/mdiff"; return 1; }
	_until=$(($(date +%s) + 1))
	"$TARLS" -m -c -x "$2/tar" >"$2/tarls" || return 1
	awk -v s="$_since" -v u="$_until" 'NR == FNR { want[$7] = 1; next }
	    $1 == "d" && $6 >= s && $6 <= u { $6 = "created" }
	    $7 in want { print }' "$1/meta" "$2/tarls" >"$2/got"
	diff -u "$1/meta" "$2/got" >"$2/mdiff" 2>&1
}

pass=0 fail=0 skip=0
bad() {
	fail=$((fail + 1))
	echo "FAIL $1: $2"
	if [ $# -ge 3 ] && [ -s "$3" ]; then
		head -n 20 "$3" | sed 's/^/    /'
	fi
}
for name in "$@"; do
	c=$here/cases/$name
	if [ ! -f "$c/mk.sh" ]; then
		bad "$name" "no such case (no mk.sh)"
		continue
	fi
	if [ ! -f "$c/buildah" ] && [ ! -f "$c/error" ]; then
		skip=$((skip + 1))
		echo "SKIP $name: nothing recorded (run record.sh)"
		continue
	fi
	w=$tmp/$name
	mkdir -p "$w/ctx"
	args=
	[ -f "$c/args" ] && args=$(cat "$c/args")
	if ! (umask 022 && cd "$w/ctx" && sh "$c/mk.sh") >"$w/mk.log" 2>&1; then
		bad "$name" "mk.sh failed" "$w/mk.log"
		continue
	fi
	# shellcheck disable=SC2086
	(cd "$w/ctx" && exec "$CTXPACK" ls --builder=buildah $args .) >"$w/out" 2>"$w/err"
	rc=$?
	if [ -f "$c/buildah" ]; then
		want=$c/buildah
		[ -f "$c/buildah.ctxpack" ] && want=$c/buildah.ctxpack
		if [ $rc -ne 0 ]; then
			bad "$name" "ctxpack ls exited $rc (expected 0)" "$w/err"
		elif ! diff -u "$want" "$w/out" >"$w/diff" 2>&1; then
			bad "$name" "listing differs (- buildah, + ctxpack)" "$w/diff"
		elif [ -n "$TARLS" ] && [ -f "$c/meta" ] && ! pack_meta "$c" "$w" \
		    "$args"; then
			bad "$name" "pack's tar differs from meta (- buildah, + ctxpack)" \
			    "$w/mdiff"
		else
			pass=$((pass + 1))
		fi
	elif [ $rc -ne 2 ]; then
		bad "$name" "ctxpack ls exited $rc (expected 2: $(cut -c 1-200 "$c/error"))" "$w/err"
	elif [ -s "$w/out" ]; then
		bad "$name" "ctxpack ls failed but printed a listing" "$w/out"
	else
		pass=$((pass + 1))
	fi
	[ "${KEEP:-0}" = 1 ] || { chmod -R u+rwx "$w" 2>/dev/null; rm -rf "$w"; }
done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
