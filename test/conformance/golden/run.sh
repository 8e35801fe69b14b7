#!/bin/sh
# run.sh: check ctxpack against the golden corpus (used by `make check`).
#
#   test/conformance/golden/run.sh CTXPACK TARLS [CASE...]
#
# CTXPACK is the ctxpack binary, TARLS the test/tools/tarls binary; CASE is a
# case directory name (e.g. 042-class-negated-slash), default all of cases/.
# Needs only sh, diff, tar, mktemp (and cat, rm, chmod); no network, no
# ../shared. Run as root: some trees hold mode-0000 files that the classic
# builder must read, and setuid/setgid bits.
#
# For each case cases/NNN-name/ it builds the tree in a fresh empty directory
# ${TMPDIR:-/tmp}/golden.XXXXXX/NNN-name/ctx with `sh mk.sh` (umask 022; the
# parent directory is private to the case, mk.sh may put a file in ..), then,
# from inside the tree, checks up to two pairs:
#   classic   `CTXPACK pack --builder=classic [ARGS] . > out.tar` must exit 0;
#             `TARLS out.tar` must equal the file `classic` and `tar -tf out.tar`
#             must succeed. If the case has `error` instead of `classic`,
#             ctxpack must exit 2 and write nothing on stdout.
#   buildkit  `CTXPACK ls --builder=buildkit [ARGS] .` must exit 0 and print
#             exactly the file `buildkit` (same lines, same order). If the case
#             has no `buildkit` but has `error`, ctxpack must exit 2 and print
#             nothing. With neither, the pair is not checked.
# ARGS is the one line of the optional file `args` (e.g. `-f sub/Dockerfile`).
# Deliberate deviations from the reference: `classic.ctxpack` or
# `buildkit.ctxpack` replaces the expected listing (or the oracle's
# `error` for BuildKit), `exit.buildkit` the
# expected exit status of ls, and `exit.classic` the
# expected exit status (0); the case's `deviation` file says why.  The
# reference's own output stays in `classic`/`buildkit`.
# Prints one FAIL line (plus a short diff) per failed pair, then exactly one
# line `N passed, N failed, 0 skipped`. Exit 1 if any pair failed, 2 on
# usage errors.
set -u
# -k keeps the scratch directories (as KEEP=1).
if [ "${1:-}" = -k ]; then
	KEEP=1
	shift
fi
if [ $# -lt 2 ]; then
	echo "usage: run.sh [-k] CTXPACK TARLS [CASE...]" >&2
	exit 2
fi
abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*/*) printf '%s/%s\n' "$PWD" "$1" ;;
	*) command -v "$1" || printf '%s\n' "$1" ;;
	esac
}
CTXPACK=$(abspath "$1")
TARLS=$(abspath "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
	for c in "$here"/cases/*/; do
		c=${c%/}
		set -- "$@" "${c##*/}"
	done
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
# shellcheck disable=SC2317 # called from the EXIT trap
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

pass=0
fail=0

# showfile FILE [MAX]: print up to MAX (20) lines of FILE, indented
showfile() {
	i=0
	while IFS= read -r line && [ $i -lt "${2:-20}" ]; do
		printf '    %s\n' "$line"
		i=$((i + 1))
	done <"$1"
}

# bad NAME BUILDER REASON [DIFFFILE]
bad() {
	fail=$((fail + 1))
	echo "FAIL $1 $2: $3"
	if [ $# -ge 4 ] && [ -s "$4" ]; then
		showfile "$4"
	fi
}

for name in "$@"; do
	c=$here/cases/$name
	if [ ! -f "$c/mk.sh" ]; then
		bad "$name" case "no such case (no mk.sh)"
		continue
	fi
	w=$tmp/$name
	mkdir -p "$w/ctx"
	args=
	[ -f "$c/args" ] && args=$(cat "$c/args")
	if ! (umask 022 && cd "$w/ctx" && sh "$c/mk.sh") >"$w/mk.log" 2>&1; then
		[ -f "$c/classic" ] || [ -f "$c/error" ] && bad "$name" classic "mk.sh failed" "$w/mk.log"
		[ -f "$c/buildkit" ] || [ -f "$c/error" ] && bad "$name" buildkit "mk.sh failed" "$w/mk.log"
		continue
	fi

	# classic: the tar
	if [ -f "$c/classic" ] || [ -f "$c/error" ]; then
		# shellcheck disable=SC2086
		(cd "$w/ctx" && exec "$CTXPACK" pack --builder=classic $args .) >"$w/out.tar" 2>"$w/pack.err"
		rc=$?
		if [ -f "$c/classic" ]; then
			want=$c/classic wantrc=0
			[ -f "$c/classic.ctxpack" ] && want=$c/classic.ctxpack
			[ -f "$c/exit.classic" ] && wantrc=$(cat "$c/exit.classic")
			if [ $rc -ne "$wantrc" ]; then
				bad "$name" classic "ctxpack pack exited $rc (expected $wantrc)" "$w/pack.err"
			elif ! "$TARLS" "$w/out.tar" >"$w/classic" 2>&1; then
				bad "$name" classic "tarls cannot read the tar" "$w/classic"
			elif ! diff -u "$want" "$w/classic" >"$w/classic.diff" 2>&1; then
				bad "$name" classic "tar listing differs" "$w/classic.diff"
			elif ! tar -tf "$w/out.tar" >/dev/null 2>"$w/tar.err"; then
				bad "$name" classic "GNU tar cannot read the tar" "$w/tar.err"
			else
				pass=$((pass + 1))
			fi
		elif [ $rc -ne 2 ]; then
			bad "$name" classic "ctxpack pack exited $rc (expected 2: $(cat "$c/error"))" "$w/pack.err"
		elif [ -s "$w/out.tar" ]; then
			bad "$name" classic "ctxpack pack failed but wrote to stdout"
		else
			pass=$((pass + 1))
		fi
	fi

	# buildkit: the listing
	if [ -f "$c/buildkit" ] || [ -f "$c/error" ]; then
		# shellcheck disable=SC2086
		(cd "$w/ctx" && exec "$CTXPACK" ls --builder=buildkit $args .) >"$w/ls.out" 2>"$w/ls.err"
		rc=$?
		# (a deviation may replace the oracle's error by a listing)
		if [ -f "$c/buildkit" ] || [ -f "$c/buildkit.ctxpack" ]; then
			want=$c/buildkit wantrc=0
			[ -f "$c/buildkit.ctxpack" ] && want=$c/buildkit.ctxpack
			[ -f "$c/exit.buildkit" ] && wantrc=$(cat "$c/exit.buildkit")
			if [ $rc -ne "$wantrc" ]; then
				bad "$name" buildkit "ctxpack ls exited $rc (expected $wantrc)" "$w/ls.err"
			elif ! diff -u "$want" "$w/ls.out" >"$w/buildkit.diff" 2>&1; then
				bad "$name" buildkit "listing differs" "$w/buildkit.diff"
			else
				pass=$((pass + 1))
			fi
		elif [ $rc -ne 2 ]; then
			bad "$name" buildkit "ctxpack ls exited $rc (expected 2: $(cat "$c/error"))" "$w/ls.err"
		elif [ -s "$w/ls.out" ]; then
			bad "$name" buildkit "ctxpack ls failed but printed a listing"
		else
			pass=$((pass + 1))
		fi
	fi
	[ "${KEEP:-0}" = 1 ] || { chmod -R u+rwx "$w" 2>/dev/null; rm -rf "$w"; }
done
echo "golden: $pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ] && exit 0
exit 1
