#!/bin/sh
# test/dockerfile/run.sh: the Dockerfile model's goldens.
#   run.sh [-u] DFDUMP
# upstream/NAME: BuildKit's (and moby's) parser testfiles, unmodified;
#   `dfdump -a -l` must print their "result", or "expect" where that file
#   exists (see upstream/README).
# cases/NAME: Dockerfile, optional "args" (dfdump options, one line),
#   "out" (what dfdump prints, then "exit N").  -u rewrites "out" and the
#   existing "expect" files from what dfdump prints now.
set -u
update=0
if [ "${1:-}" = -u ]; then
	update=1
	shift
fi
DFDUMP=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-df.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
P=0 F=0
pass() { P=$((P + 1)); }
fail() {
	F=$((F + 1))
	echo "FAIL: $1"
	diff -u "$2" "$3" | head -40
}
for d in "$here"/upstream/*/; do
	[ -d "$d" ] || continue
	n=$(basename "$d")
	want=$d/result
	[ -f "$d/expect" ] && want=$d/expect
	"$DFDUMP" -a -l "$d/Dockerfile" > "$tmp/got" 2>/dev/null
	if [ $update = 1 ] && [ -f "$d/expect" ]; then
		cp "$tmp/got" "$d/expect"
	fi
	if cmp -s "$want" "$tmp/got"; then pass; else fail "upstream/$n" "$want" "$tmp/got"; fi
done
for d in "$here"/cases/*/; do
	[ -d "$d" ] || continue
	n=$(basename "$d")
	args=
	[ -f "$d/args" ] && args=$(cat "$d/args")
	# split the options, but do not expand wildcards in them
	set -f
	# shellcheck disable=SC2086
	(cd "$d" && "$DFDUMP" $args Dockerfile) > "$tmp/got" 2>&1
	set +f
	echo "exit $?" >> "$tmp/got"
	if [ $update = 1 ]; then
		cp "$tmp/got" "$d/out"
	fi
	if [ -f "$d/out" ] && cmp -s "$d/out" "$tmp/got"; then pass; else
		fail "cases/$n" "$d/out" "$tmp/got"
	fi
done
echo "dockerfile: $P passed, $F failed, 0 skipped"
[ "$F" = 0 ]
