#!/bin/bash
# diff.sh: differential test of `ctxpack ls --builder=buildah` against the
# real buildah on seeded random trees (test/conformance/diff/gen.py).
#
#   test/conformance/buildah/diff.sh CTXPACK [N [SEED]]      seeds SEED..SEED+N-1
#   BH_RECORD=FILE diff.sh CTXPACK N SEED    also write buildah's listings to FILE
#   BH_OFFLINE=1 diff.sh CTXPACK N SEED      use seeds.txt instead of buildah
#
# Each seed: gen.py SEED DIR/ctx makes a tree, a .dockerignore and maybe a
# -f option (DIR/args); the build file it names (or ./Dockerfile) is given
# the content FROM scratch + COPY . /ctx/ (gen.py writes `COPY . /`), the
# fresh mtimes are settled (bhls.py settle), and then, from inside the tree,
#   buildah:  buildah build ... [-f F] .  and the listing of /ctx (buildah.sh)
#   ctxpack:  CTXPACK ls --builder=buildah [-f F] .
# must agree: both succeed with identical listings (diff -u, - buildah,
# + ctxpack), or buildah fails (exit 125) and ctxpack exits 2 with nothing
# on stdout.  A failure prints the seed, its ignore file, the diff and the
# command that re-runs just that seed; its scratch directory is kept.
#
# Live mode needs root, buildah and python3.  Without buildah (or with
# BH_OFFLINE=1) the expected side comes from seeds.txt beside this script:
# buildah's recorded answers for seeds 1..300 (see README), so the check
# also runs where buildah is absent; seeds not in the file are skipped.
# gen.py is deterministic for a seed under a given Python 3 (its `random`
# is stable across 3.x); a seed whose tree no longer matches the recording
# shows up as a failure, not as a pass.
# While ctxpack has no buildah builder (exit 2 with an unknown-builder
# error) the comparison is skipped, with one line saying why; buildah still
# runs when BH_RECORD is set.
# Last line: `P passed, F failed, S skipped`; exit 1 when F > 0.
set -u
if [ "${1:-}" = -k ]; then	# -k keeps failing cases (BH_KEEP=1)
	BH_KEEP=1
	shift
fi
if [ $# -lt 1 ]; then
	echo "usage: diff.sh [-k] CTXPACK [N [SEED]]" >&2
	exit 2
fi
case $1 in
/*) CTXPACK=$1 ;;
*/*) CTXPACK=$PWD/$1 ;;
*) CTXPACK=$(command -v "$1" || echo "$1") ;;
esac
N=${2:-100} SEED=${3:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
GEN=$HERE/../diff/gen.py
# shellcheck disable=SC2034 # read by buildah.sh
BH_HERE=$HERE
# shellcheck source=buildah.sh
. "$HERE/buildah.sh"

live=1
if [ "${BH_OFFLINE:-0}" = 1 ] || ! bh_have; then
	live=0
fi
if [ $live = 1 ]; then
	bh_init
else
	BH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bh.XXXXXX") || exit 2
	trap bh_cleanup EXIT
	trap 'exit 2' HUP INT TERM
fi

# Does ctxpack know the builder?
mkdir "$BH_TMP/probe"
(cd "$BH_TMP/probe" && exec "$CTXPACK" ls --builder=buildah .) >/dev/null 2>"$BH_TMP/probe.err"
if [ $? -eq 2 ] && grep -q builder "$BH_TMP/probe.err"; then
	have=0
	echo "buildah-diff: ctxpack has no --builder=buildah yet ($(head -n 1 "$BH_TMP/probe.err")): comparison skipped"
	if [ -z "${BH_RECORD:-}" ]; then
		echo "0 passed, 0 failed, $N skipped"
		exit 0
	fi
else
	have=1
fi
if [ $live = 0 ]; then
	if [ -n "${BH_RECORD:-}" ]; then
		echo "buildah-diff: BH_RECORD needs root and buildah" >&2
		exit 2
	fi
	echo "buildah-diff: no buildah here (or BH_OFFLINE=1): expectations from seeds.txt"
fi
[ -n "${BH_RECORD:-}" ] && : >"$BH_RECORD"

# recorded SEED OUT: the recorded exit status of SEED (listing to OUT), or nothing
recorded() {
	awk -v s="$1" -v out="$2" '
	/^== seed / { on = ($3 == s); if (on) { rc = $5; found = 1; printf "" > out } next }
	on { print > out }
	END { if (found) print rc }' "$HERE/seeds.txt"
}

pass=0 fail=0 skip=0
for ((i = 0; i < N; i++)); do
	s=$((SEED + i)) c=$BH_TMP/s$s
	mkdir -p "$c"
	if ! python3 "$GEN" "$s" "$c/ctx" >/dev/null 2>"$c/gen.err"; then
		echo "FAIL seed $s: gen.py failed: $(head -n 1 "$c/gen.err")"
		fail=$((fail + 1))
		continue
	fi
	mapfile -t args <"$c/args"
	# the build file buildah will read: -f F (from inside the tree), else
	# ./Dockerfile; write through a symlink (-f df-link) like an editor would
	df=Dockerfile
	[ "${args[0]:-}" = -f ] && df=${args[1]}
	if [ -e "$c/ctx/$df" ] && [ ! -d "$c/ctx/$df" ]; then
		printf '%s\n' "$BH_DOCKERFILE" >"$c/ctx/$df"
	fi
	bh_settle "$c/ctx"
	if [ $live = 1 ]; then
		if bh_build "ctxdiff-$s" "$c/ctx" "${args[@]}"; then
			bh_list "ctxdiff-$s" "$c/want" "$c/meta" || {
				echo "FAIL seed $s: cannot list /ctx"
				fail=$((fail + 1))
				continue
			}
			brc=0
		else
			brc=$BH_RC
			bh_error >"$c/want.err"
			: >"$c/want"
		fi
		if [ -n "${BH_RECORD:-}" ]; then
			if [ "$brc" = 0 ]; then
				echo "== seed $s exit 0" >>"$BH_RECORD"
				cat "$c/want" >>"$BH_RECORD"
			else
				echo "== seed $s exit $brc $(cut -c 1-300 "$c/want.err")" >>"$BH_RECORD"
			fi
		fi
	else
		brc=$(recorded "$s" "$c/want")
		if [ -z "$brc" ]; then
			skip=$((skip + 1))
			chmod -R u+rwx "$c"; rm -rf "$c"
			continue
		fi
	fi
	if [ $have = 0 ]; then
		skip=$((skip + 1))
		chmod -R u+rwx "$c"; rm -rf "$c"
		continue
	fi
	(cd "$c/ctx" && exec "$CTXPACK" ls --builder=buildah "${args[@]}" .) >"$c/got" 2>"$c/got.err"
	crc=$?
	ok=0
	if [ "$brc" = 0 ]; then
		[ $crc = 0 ] && diff -u "$c/want" "$c/got" >"$c/diff" && ok=1
	else
		[ $crc = 2 ] && [ ! -s "$c/got" ] && ok=1
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		chmod -R u+rwx "$c"; rm -rf "$c"
		continue
	fi
	fail=$((fail + 1))
	echo "FAIL seed $s (buildah exit $brc, ctxpack exit $crc): $0 $1 1 $s"
	[ ${#args[@]} -gt 0 ] && echo "  args: ${args[*]}"
	for ign in "$c/ctx/.containerignore" "$c/ctx/.dockerignore"; do
		[ -f "$ign" ] || continue
		echo "  ${ign##*/}:"
		sed -n 'l' "$ign" | head -n 15 | sed 's/^/    /'
	done
	[ -s "$c/want.err" ] && echo "  buildah: $(cut -c 1-300 "$c/want.err")"
	[ -s "$c/got.err" ] && echo "  ctxpack: $(head -n 3 "$c/got.err")"
	[ -s "$c/diff" ] && head -n 30 "$c/diff" | sed 's/^/  /'
	echo "  kept: $c"
	# shellcheck disable=SC2034 # read by bh_cleanup
	BH_KEEP=1
done
if [ $live = 1 ]; then
	echo "buildah-diff: $BH_BUILDS buildah builds"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
