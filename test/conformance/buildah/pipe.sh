#!/bin/bash
# pipe.sh: `ctxpack pack --builder=buildah . | buildah build -` must build
# the image `buildah build .` builds, file for file, on seeded random trees
# (test/conformance/diff/gen.py) and on the golden cases' trees.
#
#   test/conformance/buildah/pipe.sh [-k] CTXPACK [N [SEED]]      gen.py seeds
#   PIPE_CASES=1 pipe.sh CTXPACK [CASE...]                        golden trees
#
# Each tree gets the build file FROM scratch + COPY . /ctx/ (as diff.sh
# does), its fresh mtimes are settled, and then, from inside the tree:
#   dir:   buildah build ... [-f F] [--ignorefile P] .
#   pipe:  CTXPACK pack --builder=buildah [-f F] [--ignore-file P] . |
#              buildah build ... [-f F] -
# (the command the manual gives).  Both images' /ctx are listed by bhls.py
# meta: names, types, modes, sizes, owners, contents (xxh64), link
# targets, hard links, device numbers, xattrs and mtimes; a directory
# whose mtime lies within its own build's window (the pack included) is
# `created` (buildah made it for an entry below, B10).  The two listings
# must be identical, or both builds fail (then ctxpack pack must fail).
# A failure prints the seed, the diff and the command that re-runs it;
# its scratch directory is kept.
#
# PIPE_USED=1: the build file gets a few COPY lines of the tree's paths
# into /ctx/N/ (usedfile.py: files, directories, wildcards, ARGs, a stage
# the target does not need) and the tar is `pack --used`: only what the
# Containerfile reads, which must build the same image; both builds may
# fail then (a COPY of an excluded path).  What pack --used refuses is a
# skip: a source that is a symbolic link (or goes through one), a source
# below a directory the ignore file prunes (buildah's COPY reads it all
# the same).
#
# Needs root, buildah and python3; without them every case is skipped,
# with one line saying why.  Last line: `P passed, F failed, S skipped`.
set -u
if [ "${1:-}" = -k ]; then
	BH_KEEP=1
	shift
fi
if [ $# -lt 1 ]; then
	echo "usage: pipe.sh [-k] CTXPACK [N [SEED]] | PIPE_CASES=1 pipe.sh CTXPACK [CASE...]" >&2
	exit 2
fi
case $1 in
/*) CTXPACK=$1 ;;
*/*) CTXPACK=$PWD/$1 ;;
*) CTXPACK=$(command -v "$1" || echo "$1") ;;
esac
shift
HERE=$(cd "$(dirname "$0")" && pwd)
GEN=$HERE/../diff/gen.py
# shellcheck disable=SC2034 # read by buildah.sh
BH_HERE=$HERE
# shellcheck source=buildah.sh
. "$HERE/buildah.sh"

if [ "${PIPE_CASES:-0}" = 1 ]; then
	if [ $# -eq 0 ]; then
		for c in "$HERE"/cases/*/; do
			c=${c%/}
			set -- "$@" "${c##*/}"
		done
	fi
	list=("$@")
else
	N=${1:-30} SEED=${2:-1}
	list=()
	for ((i = 0; i < N; i++)); do
		list+=("$((SEED + i))")
	done
fi
if ! bh_have; then
	why="not root"
	[ "$(id -u)" = 0 ] && why="no buildah (apt-get install buildah)"
	echo "buildah-pipe: $why: ${#list[@]} cases skipped"
	echo "0 passed, 0 failed, ${#list[@]} skipped"
	exit 0
fi
bh_init

# pipe_build NAME DIR [ARG...]: pack DIR (from inside it) into buildah build -
pipe_build() {
	_n=$1 _d=$2
	shift 2
	# buildah takes the same -f and --ignore-file (spelled --ignorefile),
	# as ctxpack(1) says
	_b=()
	_k=()
	while [ $# -gt 0 ]; do
		case $1 in
		-f) _b+=(-f "$2"); _k+=(-f "$2"); shift 2 ;;
		--ignore-file) _b+=(--ignorefile "$2"); _k+=(--ignore-file "$2"); shift 2 ;;
		*) _k+=("$1"); shift ;;
		esac
	done
	BH_SINCE=$(date +%s)
	(cd "$_d" && "$CTXPACK" pack --builder=buildah "${_k[@]}" . \
	    2>"$BH_TMP/pack.err" |
	    bh_b build --isolation chroot --no-cache -q -t "$_n" "${_b[@]}" -
	    echo "${PIPESTATUS[0]} ${PIPESTATUS[1]}" >"$BH_TMP/rcs") \
	    >"$BH_TMP/out" 2>"$BH_TMP/err"
	read -r PACK_RC BH_RC <"$BH_TMP/rcs"
	BH_UNTIL=$(($(date +%s) + 1))
	BH_BUILDS=$((BH_BUILDS + 1))
	BH_CTX=$(cd "$_d" && pwd -P)
	return $BH_RC
}

pass=0 fail=0 skip=0
for s in "${list[@]}"; do
	c=$BH_TMP/p-$s
	mkdir -p "$c/ctx"
	args=()
	if [ "${PIPE_CASES:-0}" = 1 ]; then
		cd_=$HERE/cases/$s
		if [ ! -f "$cd_/mk.sh" ]; then
			echo "FAIL $s: no such case"
			fail=$((fail + 1))
			continue
		fi
		if [ -f "$cd_/error" ]; then
			skip=$((skip + 1))	# nothing to build
			continue
		fi
		if ! (umask 022 && cd "$c/ctx" && sh "$cd_/mk.sh") >"$c/mk.log" 2>&1; then
			echo "FAIL $s: mk.sh failed"
			fail=$((fail + 1))
			continue
		fi
		# shellcheck disable=SC2207
		[ -f "$cd_/args" ] && args=($(cat "$cd_/args"))
		rerun="PIPE_CASES=1 $0 $CTXPACK $s"
	else
		if ! python3 "$GEN" "$s" "$c/ctx" >/dev/null 2>"$c/gen.err"; then
			echo "FAIL seed $s: gen.py failed: $(head -n 1 "$c/gen.err")"
			fail=$((fail + 1))
			continue
		fi
		mapfile -t args <"$c/args"
		df=Dockerfile
		[ "${args[0]:-}" = -f ] && df=${args[1]}
		if [ -e "$c/ctx/$df" ] && [ ! -d "$c/ctx/$df" ]; then
			if [ "${PIPE_USED:-0}" = 1 ]; then
				python3 "$HERE/usedfile.py" "$s" "$c/ctx" >"$c/df"
				cp "$c/df" "$c/ctx/$df"
			else
				printf '%s\n' "$BH_DOCKERFILE" >"$c/ctx/$df"
			fi
		fi
		rerun="$0 $CTXPACK 1 $s"
		[ "${PIPE_USED:-0}" = 1 ] && rerun="PIPE_USED=1 $rerun"
	fi
	bh_settle "$c/ctx"
	# buildah spells ctxpack's --ignore-file --ignorefile
	dargs=()
	for a in "${args[@]}"; do
		[ "$a" = --ignore-file ] && a=--ignorefile
		dargs+=("$a")
	done
	if bh_build "pd-$s" "$c/ctx" "${dargs[@]}"; then
		bh_list "pd-$s" "$c/dir.ls" "$c/dir.meta" || {
			echo "FAIL $s: cannot list /ctx"
			fail=$((fail + 1))
			continue
		}
		drc=0
	else
		drc=$BH_RC
		bh_error >"$c/dir.err"
	fi
	used=()
	[ "${PIPE_USED:-0}" = 1 ] && used=(--used)
	if pipe_build "pp-$s" "$c/ctx" "${args[@]}" "${used[@]}" && [ "$PACK_RC" = 0 ]; then
		bh_list "pp-$s" "$c/pipe.ls" "$c/pipe.meta" || {
			echo "FAIL $s: cannot list /ctx of the pipe"
			fail=$((fail + 1))
			continue
		}
		prc=0
	else
		prc=$BH_RC
		[ "$prc" = 0 ] || bh_error >"$c/pipe.err"
	fi
	if [ ${#used[@]} -gt 0 ] && [ "$PACK_RC" = 2 ] &&
	    grep -q -e 'buildah follows it' -e 'a tar cannot say so' "$BH_TMP/pack.err"; then
		skip=$((skip + 1))	# refused, as documented (ctxpack(1))
		chmod -R u+rwx "$c"
		rm -rf "$c"
		continue
	fi
	ok=0
	if [ $drc = 0 ] && [ $prc = 0 ]; then
		diff -u "$c/dir.meta" "$c/pipe.meta" >"$c/diff" && ok=1
	elif [ $drc != 0 ] && [ "$PACK_RC" = 2 ] && [ -s "$BH_TMP/pack.err" ]; then
		ok=1	# buildah fails, so does ctxpack pack, saying why
	elif [ $drc != 0 ] && [ $prc != 0 ] && [ ${#used[@]} -gt 0 ]; then
		ok=1	# a COPY of what the ignore file drops: both fail
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		chmod -R u+rwx "$c"
		rm -rf "$c"
		continue
	fi
	fail=$((fail + 1))
	echo "FAIL $s (buildah DIR exit $drc, pack exit $PACK_RC, buildah - exit $prc): $rerun"
	[ ${#args[@]} -gt 0 ] && echo "  args: ${args[*]}"
	[ -s "$c/dir.err" ] && echo "  buildah DIR: $(cut -c 1-300 "$c/dir.err")"
	[ -s "$BH_TMP/pack.err" ] && echo "  ctxpack: $(head -n 3 "$BH_TMP/pack.err")"
	[ -s "$c/pipe.err" ] && echo "  buildah -: $(cut -c 1-300 "$c/pipe.err")"
	[ -s "$c/diff" ] && head -n 30 "$c/diff" | sed 's/^/  /'
	echo "  kept: $c"
	# shellcheck disable=SC2034 # read by bh_cleanup
	BH_KEEP=1
done
echo "buildah-pipe: $BH_BUILDS buildah builds"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
