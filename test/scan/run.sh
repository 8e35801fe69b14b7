#!/bin/sh
# test/scan/run.sh: report's parallel scan of the tree (src/lib/scan.c)
# against report on one core, where there is no scan and the walk reads
# the tree itself: on seeded random trees (test/conformance/diff/gen.py:
# symlinks of every kind, hard links, odd names and modes), for each
# builder, text and JSON must be byte for byte the same, and so must
# audit's table of the tree.
#   run.sh CTXPACK [CASES [SEED]]
set -u
CTXPACK=$1 N=${2:-20} SEED=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
gen=$here/../conformance/diff/gen.py
pass=0 fail=0 skip=0
if ! command -v taskset >/dev/null 2>&1 || [ "$(nproc)" -lt 2 ]; then
	echo "scan: needs taskset and 2 cores (on one core there is no scan to compare)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-scan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# same WHAT ARGS...: the command on all cores and on one, alike
same() {
	what=$1
	shift
	"$CTXPACK" "$@" >"$tmp/par" 2>&1
	echo "exit $?" >>"$tmp/par"
	taskset -c 0 "$CTXPACK" "$@" >"$tmp/one" 2>&1
	echo "exit $?" >>"$tmp/one"
	if cmp -s "$tmp/par" "$tmp/one"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL seed $s $what:"
		diff "$tmp/one" "$tmp/par" | head -20
	fi
}
i=0
while [ $i -lt "$N" ]; do
	s=$((SEED + i))
	i=$((i + 1))
	rm -rf "$tmp/c"
	mkdir "$tmp/c"
	python3 "$gen" "$s" "$tmp/c/ctx" >/dev/null 2>&1 || { skip=$((skip + 1)); continue; }
	for b in classic buildkit buildah; do
		for fmt in text json; do
			same "report --builder $b --format $fmt" report \
			    --builder "$b" --format "$fmt" "$tmp/c/ctx"
		done
	done
	same audit audit --json "$tmp/c/ctx"
done
echo "scan: $pass passed, $fail failed, $skip skipped"
