#!/bin/sh
# bench/profile.sh: where ctxpack spends its time on the webapp tree
# (make bench-profile).  perf record with DWARF call graphs when perf
# works, else valgrind --tool=callgrind.  Prints, for each command, the
# time per DSO (kernel vs ctxpack vs libc vs libarchive), the top
# self-time symbols and the top inclusive (children) symbols.
#
#   sh bench/profile.sh CTXPACK [COMMAND...]
#
# COMMANDs (default: pack ls ls-p500 report): pack, ls, report, and
# ls-IGNORESET for bench/ignore/IGNORESET.dockerignore.
# Environment: BENCH_DIR, BENCH_SIZE, BENCH_SEED as for bench.sh;
# PROFILE_TOP=25 lines per list.
set -u
if [ $# -lt 1 ]; then
	echo "usage: sh bench/profile.sh CTXPACK [pack|ls|report|ls-SET ...]" >&2
	exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ $# -gt 0 ] || set -- pack ls ls-p500 report
BENCH_DIR=${BENCH_DIR:-/tmp/ctxpack-bench}
SIZE=${BENCH_SIZE:-100000}
SEED=${BENCH_SEED:-1}
TOP=${PROFILE_TOP:-25}
W=$BENCH_DIR/work
mkdir -p "$W" "$BENCH_DIR/trees"

STAMP=$(cksum <"$HERE/treegen.c" | awk '{print $1}')
T=$BENCH_DIR/trees/webapp-$SIZE-s$SEED
if ! [ -d "$T" ] || [ "$(cat "$T.stamp" 2>/dev/null)" != "$STAMP" ]; then
	rm -rf "$T" "$T.stamp"
	"$HERE/treegen" -p webapp -n "$SIZE" -s "$SEED" "$T" || exit 2
	echo "$STAMP" >"$T.stamp"
fi
cp "$HERE/ignore/common.dockerignore" "$T/.dockerignore"
find "$T" -type f -exec cat {} + >/dev/null 2>&1

tool=callgrind
if command -v perf >/dev/null 2>&1 && perf record -q -o "$W/perf.probe" true >/dev/null 2>&1; then
	tool=perf
elif ! command -v valgrind >/dev/null 2>&1; then
	echo "profile: neither perf nor valgrind works" >&2
	exit 2
fi
echo "profiler: $tool; tree $T"

for c in "$@"; do
	case $c in
	pack)	args="pack $T" ;;
	ls)	args="ls $T" ;;
	report)	args="report $T"
		if ! "$CTXPACK" report --help >/dev/null 2>&1; then
			echo "== report: n/a (ctxpack report --help fails)"
			continue
		fi ;;
	ls-*)	args="ls --ignore-file $HERE/ignore/${c#ls-}.dockerignore $T" ;;
	*)	echo "profile: unknown command $c" >&2; continue ;;
	esac
	echo
	echo "== ctxpack $args | cat"
	if [ $tool = perf ]; then
		d=$W/perf-$c.data
		# shellcheck disable=SC2086
		perf record -q -F 2999 --call-graph dwarf,16384 -o "$d" -- \
		    "$CTXPACK" $args 2>/dev/null | cat >/dev/null
		echo "-- by DSO (self)"
		perf report -i "$d" --no-children --sort dso --stdio -g none 2>/dev/null |
		    grep '%' | head -8
		echo "-- top self symbols"
		perf report -i "$d" --no-children --sort dso,symbol --stdio -g none 2>/dev/null |
		    grep '%' | head -"$TOP"
		echo "-- top inclusive symbols (children)"
		perf report -i "$d" --children --sort symbol --stdio -g none 2>/dev/null |
		    grep '%' | grep -v -e '_start' -e 'libc_start' -e ' main$' |
		    grep -v '\] 0x0000' | head -"$TOP"
	else
		d=$W/callgrind-$c.out
		# shellcheck disable=SC2086
		valgrind --tool=callgrind --callgrind-out-file="$d" \
		    "$CTXPACK" $args 2>/dev/null | cat >/dev/null
		echo "-- top self (instructions)"
		callgrind_annotate "$d" 2>/dev/null | sed -n '/^-\{5,\}/,$p' |
		    grep -v '^-' | head -"$TOP"
		echo "-- top inclusive"
		callgrind_annotate --inclusive=yes "$d" 2>/dev/null |
		    sed -n '/^-\{5,\}/,$p' | grep -v '^-' | head -"$TOP"
	fi
done
