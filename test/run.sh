#!/bin/sh
# test/run.sh: everything `make check` runs, in order; ends with the one
# line CI reads: "N passed, N failed, N skipped" summed over the suites.
#   run.sh CTXPACK TARLS UNIT
set -u
CTXPACK=$1 TARLS=$2 UNIT=$3
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/ctxpack-check.XXXXXX")
P=0 F=0 S=0
suite() {
	name=$1; shift
	echo "== $name"
	"$@" 2>&1 | tee "$log"
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary line: counted as 1 failed"
		F=$((F + 1))
		return
	fi
	p=$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed.*/\2/p')
	f=$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) failed.*/\2/p')
	s=$(echo "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) skipped.*/\2/p')
	P=$((P + p)); F=$((F + f)); S=$((S + ${s:-0}))
}
suite layout sh "$here/layout.sh" "$here/.."
suite unit "$UNIT" "$here"
# the fuzz corpora, replayed through the targets (plain builds)
for t in rules match fastpath gitignore dockerfile; do
	[ -x "$here/fuzz/replay_$t" ] || continue
	suite "fuzz-$t" sh -c 'if "$1" "$2"; then echo "1 passed, 0 failed, 0 skipped";
	    else echo "0 passed, 1 failed, 0 skipped"; fi' sh "$here/fuzz/replay_$t" \
	    "$here/fuzz/corpus/$t"
done
[ -x "$here/dockerfile/dfdump" ] && suite dockerfile sh "$here/dockerfile/run.sh" "$here/dockerfile/dfdump"
suite cli sh "$here/cli/run.sh" "$CTXPACK" "$TARLS"
# suggest's promises on random trees and Dockerfiles
suite suggest-prop python3 "$here/suggest/prop.py" "$CTXPACK" "${SUGGEST_CASES:-60}" "${SUGGEST_SEED:-1}"
# report's parallel scan against report on one core (no scan)
suite scan sh "$here/scan/run.sh" "$CTXPACK" "${SCAN_CASES:-30}" "${SCAN_SEED:-1}"
# SARIF against its schema, the HTML page in Chromium, pre-commit's hooks
suite formats sh "$here/formats/run.sh" "$CTXPACK"
suite precommit sh "$here/formats/precommit.sh" "$CTXPACK"
[ -f "$here/conformance/golden/run.sh" ] && suite golden sh "$here/conformance/golden/run.sh" "$CTXPACK" "$TARLS"
[ -x "$here/conformance/gitdiff/gitdiff" ] && suite gitignore-vs-git sh "$here/conformance/gitdiff/run.sh" \
	"$here/conformance/gitdiff/gitdiff" "${GITDIFF_N:-200}" "${GITDIFF_SEED:-1}"
# the buildah oracle's recordings (live buildah is not needed: offline data)
[ -f "$here/conformance/buildah/run.sh" ] && suite buildah-golden env TARLS="$TARLS" sh "$here/conformance/buildah/run.sh" "$CTXPACK"
# ls --builder=buildah against the real buildah on seeded random trees
# (root and buildah; seeds past the recorded ones), else against its
# recorded answers (seeds.txt)
if [ -f "$here/conformance/buildah/diff.sh" ]; then
	if [ "$(id -u)" = 0 ] && command -v buildah >/dev/null 2>&1; then
		suite buildah-diff bash "$here/conformance/buildah/diff.sh" "$CTXPACK" "${BUILDAH_LIVE:-30}" "${BUILDAH_LIVE_SEED:-301}"
	else
		suite buildah-diff env BH_OFFLINE=1 bash "$here/conformance/buildah/diff.sh" "$CTXPACK" "${BUILDAH_CASES:-100}" 1
	fi
fi
# pack --builder=buildah | buildah build - against buildah build DIR, the
# whole context and --used with a generated Containerfile (root and
# buildah: real builds; skipped, saying why, elsewhere)
[ -f "$here/conformance/buildah/pipe.sh" ] && suite buildah-pipe bash "$here/conformance/buildah/pipe.sh" "$CTXPACK" "${BUILDAH_PIPE:-8}" 1
[ -f "$here/conformance/buildah/pipe.sh" ] && suite buildah-used env PIPE_USED=1 bash "$here/conformance/buildah/pipe.sh" "$CTXPACK" "${BUILDAH_USED:-8}" 1
[ -f "$here/conformance/diff/run.sh" ] && suite differential bash "$here/conformance/diff/run.sh" "$CTXPACK" "$TARLS" "${DIFF_CASES:-200}" "${DIFF_SEED:-1000}"
# audit's bake reader (src/cli/bake.c, hcl.c) against hashicorp/hcl/v2
[ -f "$here/conformance/oracle/hcl/run.sh" ] && suite hcl-oracle sh "$here/conformance/oracle/hcl/run.sh" \
	"${HCL_CASES:-300}" "${HCL_SEED:-1}"
# item 8/11: every reader reads ctxpack's tars alike and rejects a failed
# pack's; then the real engine (skipped where no daemon can start)
suite tar-readers sh "$here/engine/readers.sh" "$CTXPACK" "$here/tools/gotar/gotar" \
	"$here/engine/readfail.so"
suite engine bash "$here/engine/run.sh" "$CTXPACK" "${ENGINE_CASES:-30}" "${ENGINE_SEED:-1}"
# issue 11: pack --used builds the image docker build DIR builds (its
# golden cases replay offline; the engine part skips without a daemon)
suite used-engine bash "$here/engine/used.sh" "$CTXPACK" "${USED_CASES:-6}" "${USED_SEED:-1}"
# (an installed sanitized library cannot link a plain program)
[ -z "${CTXPACK_SANITIZED:-}" ] && [ -f "$here/install/run.sh" ] &&
	suite install sh "$here/install/run.sh"
suite man sh -c 'if sh "$1/../man/check-synopsis.sh" "$2" "$1/../man/ctxpack.1"; then
	echo "1 passed, 0 failed, 0 skipped"; else echo "0 passed, 1 failed, 0 skipped"; fi' sh "$here" "$CTXPACK"
# ctxpack.3 against the header, and its EXAMPLES built and run
suite man3 sh "$here/man/examples.sh" "$here/.."
for s in ${EXTRA_SUITES:-}; do suite "$s" sh -c "$s"; done
rm -f "$log"
echo "check: $P passed, $F failed, $S skipped"
[ "$F" = 0 ]
