#!/bin/sh
# bench/bench.sh: ctxpack's benchmark suite (make bench, make bench-big).
#
#   sh bench/bench.sh [--big] CTXPACK
#
# Generates seeded trees under $BENCH_DIR (bench/treegen), then times, on
# each profile, ctxpack pack/ls/report against the docker CLI's classic
# builder (through test/conformance/diff/engine.py, the project's stand-in engine),
# git ls-files -o --exclude-from, bsdtar over exactly ctxpack's list, the
# read+write floor (bench/floor) over the same files, du -sb and find.
# Every time is the median of several runs of bench/timeit, and every
# ratio compares numbers measured in this run.  The table goes to stdout
# and to $BENCH_DIR/results-*.txt; progress goes to stderr.
#
# Then, unless BENCH_BIG=0, the webapp profile at $BENCH_BIG_SIZE (1M)
# files against the same profile at $BENCH_SIZE: pack and ls times and
# peak RSS (/usr/bin/time -v when installed, else bench/timeit's
# getrusage); --big runs only that part.  Also: ls over 2,000 names of 240
# a's with a 30-star rule (the pathological row), and, as root, cold-cache
# runs (the page cache dropped before each).  The end is issue 13's table,
# each target met or missed.
#
# A comparison tool that is missing gives "n/a" in its rows (never a time
# of its failure); as root, missing ones are installed first (Debian:
# libarchive-tools for bsdtar, git, strace, time), unless BENCH_INSTALL=0.
#
# Environment:
#   BENCH_DIR=/tmp/ctxpack-bench   trees and scratch files (never the repo)
#   BENCH_PROFILES="webapp pymono deep wide blobs"
#   BENCH_SIZE=100000              files per tree (blobs: few big + SIZE/1000)
#   BENCH_BIG_SIZE=1000000         --big only
#   BENCH_SEED=1
#   BENCH_RUNS=5                   timed runs per measurement (after 1 warm-up)
#   BENCH_SLOW_MS=2000             a warm-up slower than this counts, and
#   BENCH_SLOW_RUNS=3                BENCH_SLOW_RUNS runs are taken in all,
#   BENCH_VERYSLOW_MS=15000          or just it when slower than this
#   BENCH_TIMEOUT=600              seconds per single run
#   BENCH_DOCKER_TIMEOUT=60        seconds per docker CLI run (a lower bound
#                                  ">60000" is reported when it is hit)
#   BENCH_DOCKER=auto              auto | 0 (skip the docker CLI)
#   BENCH_STRACE=auto              auto | 0 (skip the walk-size counts)
#   BENCH_BIG_DOCKER=0             1: also time the docker CLI at 1M files
#   BENCH_BIG=1                    0: no 1M part in the full run
#   BENCH_COLD=auto                auto (as root) | 0: no cold-cache rows
#   BENCH_COLD_RUNS=3              cold runs per measurement (median)
#   BENCH_INSTALL=auto             auto (as root) | 0: install nothing
set -u

big=0
if [ "${1:-}" = "--big" ]; then
	big=1
	shift
fi
if [ $# -ne 1 ]; then
	echo "usage: sh bench/bench.sh [--big] CTXPACK" >&2
	exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TREEGEN=$HERE/treegen
FLOOR=$HERE/floor
TIMEIT=$HERE/timeit
IGN=$HERE/ignore
ENGINE=${BENCH_ENGINE:-$TOP/test/conformance/diff/engine.py}

BENCH_DIR=${BENCH_DIR:-/tmp/ctxpack-bench}
PROFILES=${BENCH_PROFILES:-webapp pymono deep wide blobs}
SIZE=${BENCH_SIZE:-100000}
BIG_SIZE=${BENCH_BIG_SIZE:-1000000}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-5}
SLOW_MS=${BENCH_SLOW_MS:-2000}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
VERYSLOW_MS=${BENCH_VERYSLOW_MS:-15000}
TIMEOUT=${BENCH_TIMEOUT:-600}
DOCKER_TIMEOUT=${BENCH_DOCKER_TIMEOUT:-60}

for t in "$CTXPACK" "$TREEGEN" "$FLOOR" "$TIMEIT"; do
	if ! [ -x "$t" ]; then
		echo "bench: $t missing (make bench builds it)" >&2
		exit 2
	fi
done
case $BENCH_DIR in
"$TOP"|"$TOP"/*)
	echo "bench: BENCH_DIR must be outside the repository" >&2
	exit 2 ;;
esac
mkdir -p "$BENCH_DIR/trees" "$BENCH_DIR/work" || exit 2
W=$BENCH_DIR/work
: >"$W/stderr.log"
STAMP=$(cksum <"$HERE/treegen.c" | awk '{print $1}')

say() { echo "bench: $*" >&2; }

# ---------------------------------------------------- comparison tools
have() { command -v "$1" >/dev/null 2>&1; }
tools_install() {
	want=
	have bsdtar || want="$want libarchive-tools"
	have git || want="$want git"
	[ "${BENCH_STRACE:-auto}" = 0 ] || have strace || want="$want strace"
	[ -x /usr/bin/time ] || want="$want time"
	[ -n "$want" ] || return 0
	if [ "${BENCH_INSTALL:-auto}" != 0 ] && [ "$(id -u)" = 0 ] && have apt-get; then
		say "installing:$want"
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $want \
		    >>"$W/stderr.log" 2>&1 ||
		    { apt-get update -qq >>"$W/stderr.log" 2>&1 &&
		    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $want \
		    >>"$W/stderr.log" 2>&1; } ||
		    say "apt-get could not install$want: their rows say n/a"
	else
		say "missing:$want: their rows say n/a"
	fi
}
tools_install
HAVE_BSDTAR=0; have bsdtar && HAVE_BSDTAR=1
HAVE_GIT=0; have git && HAVE_GIT=1
HAVE_DU=0; have du && HAVE_DU=1
HAVE_FIND=0; have find && HAVE_FIND=1
# cold cache: root, and a page cache that can be dropped
COLD=0
DROP="sync; echo 3 >/proc/sys/vm/drop_caches"
if [ "${BENCH_COLD:-auto}" != 0 ] && [ "$(id -u)" = 0 ] &&
    sh -c "$DROP" 2>/dev/null; then
	COLD=1
fi
COLD_RUNS=${BENCH_COLD_RUNS:-3}

# "CMD | cat >/dev/null" that fails when CMD does (sh has no pipefail)
piped() {
	echo "{ { $1; echo \$? >&3; } | cat >/dev/null; } 3>&1 | { read -r s; exit \$s; }"
}

# ------------------------------------------------------------ machine
machine() {
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
	mhz=$(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
	mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
	fs=$(df -PT "$BENCH_DIR" 2>/dev/null | awk 'NR == 2 {print $2 " on " $1 " (" $7 ")"}')
	opts=$(findmnt -no OPTIONS -T "$BENCH_DIR" 2>/dev/null)
	echo "machine:  $(nproc) CPUs, ${cpu:-unknown CPU}${mhz:+ @ ${mhz%.*} MHz}, ${mem:-? RAM}"
	echo "kernel:   $(uname -srm)"
	echo "BENCH_DIR $BENCH_DIR: ${fs:-unknown filesystem}${opts:+, $opts}"
	echo "ctxpack:  $("$CTXPACK" --version 2>&1 | head -1), $(cd "$TOP" && git describe --always --dirty 2>/dev/null || echo '?')"
	echo "tools:    $(docker --version 2>/dev/null || echo 'no docker client'); $(git --version 2>/dev/null || echo 'no git'); $(bsdtar --version 2>/dev/null | cut -d' ' -f1-2 || true)$(have bsdtar || echo 'no bsdtar'); $(du --version 2>/dev/null | head -1); $(find --version 2>/dev/null | head -1)"
	echo "cold:     $([ $COLD = 1 ] && echo "page cache dropped before each cold run ($DROP), median of $COLD_RUNS" || echo 'n/a (needs root and a writable /proc/sys/vm/drop_caches)')"
	echo "cc:       $(${CC:-cc} --version 2>/dev/null | head -1)"
	echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at start (1, 5, 15 min; other jobs on the machine skew wall times)"
	echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "runs:     median of $RUNS after 1 warm-up; of $SLOW_RUNS when a run takes over ${SLOW_MS} ms, 1 over ${VERYSLOW_MS} ms; docker CLI runs cut at ${DOCKER_TIMEOUT} s"
}

# ------------------------------------------------------------- trees
# tree PROFILE SIZE: generate (once) and print the tree's path.
tree() {
	d=$BENCH_DIR/trees/$1-$2-s$SEED
	if ! [ -d "$d" ] || [ "$(cat "$d.stamp" 2>/dev/null)" != "$STAMP" ]; then
		say "generating $1 ($2 files, seed $SEED) in $d"
		rm -rf "$d" "$d.stamp"
		"$TREEGEN" -p "$1" -n "$2" -s "$SEED" "$d" >&2 || exit 2
		echo "$STAMP" >"$d.stamp"
	fi
	cp "$IGN/common.dockerignore" "$d/.dockerignore"
	echo "$d"
}

# ------------------------------------------------------------ timing
# measure KEY 'SHELL COMMAND' [WARM [TIMEOUT]]: median ms in T_<prof>_KEY,
# peak RSS (KiB) in M_<prof>_KEY.  A first run faster than SLOW_MS is a
# warm-up (with WARM 1) and RUNS timed runs follow; a slower one counts and
# SLOW_RUNS runs are taken in all, or just it above VERYSLOW_MS.  A run
# that times out gives ">TIMEOUT" (a lower bound).
# measure_cold KEY 'SHELL COMMAND': the same, each run after the page
# cache is dropped (COLD_RUNS runs, no warm-up).
# ctxpack report on DIR: exit 1 (its warnings, e.g. on the generated
# trees' Dockerfile, which is not one) still counts as a run
reportcmd() {
	echo "'$CTXPACK' report '$1' >/dev/null; [ \$? -le 1 ]"
}

measure_cold() {
	COLD_PREP=$DROP
	measure "$1" "$2" 0
	COLD_PREP=
}
measure() {
	key=$1
	cmd=$2
	to=${4:-$TIMEOUT}
	if [ -n "${COLD_PREP:-}" ]; then
		line=$("$TIMEIT" -n "$COLD_RUNS" -w 0 -t "$to" -p "$COLD_PREP" \
		    -- sh -c "$cmd" 2>>"$W/stderr.log")
	else
		line=$("$TIMEIT" -n "$RUNS" -w "${3:-1}" -s "$SLOW_MS" -r "$SLOW_RUNS" \
		    -v "$VERYSLOW_MS" -t "$to" -- sh -c "$cmd" 2>>"$W/stderr.log")
	fi
	# shellcheck disable=SC2086
	set -- $line
	if [ "${5:-1}" = 124 ]; then
		say "$prof $key timed out after $to s: $cmd"
		v=">$((to * 1000))"
	elif [ "${5:-1}" != 0 ]; then
		say "$prof $key failed (status ${5:-?}): $cmd (see $W/stderr.log)"
		v="ERR${5:-}"
	else
		v=$1
	fi
	eval "T_${prof}_$key=\$v; M_${prof}_$key=\${4:-0}; C_${prof}_$key=\${7:-n/a}"
	say "$prof $key: $v ms (median of ${6:-?})"
}

get() { eval "echo \"\${$1:-n/a}\""; }

# ratio A B [DIGITS]: A/B, or n/a; ">A" (a lower bound) gives ">A/B"
ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN {
		gt = sub(/^>/, "", a)
		if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) print "n/a"
		else printf "%s%.*f\n", gt ? ">" : "", d, a / b }'
}

# ------------------------------------------------------------- docker
DOCKER=
ENGINE_PID=
VERIFY_PID=
stop_engines() {
	for p in $ENGINE_PID $VERIFY_PID; do
		kill "$p" 2>/dev/null
	done
}
trap 'stop_engines' EXIT
trap 'stop_engines; exit 130' INT TERM

start_engine() {	# SOCKET OUT -> pid in $epid
	rm -f "$1"
	"$PY" "$ENGINE" --parent $$ "$1" "$2" >>"$W/stderr.log" 2>&1 &
	epid=$!
	i=0
	while ! [ -S "$1" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -S "$1" ]
}

if [ "${BENCH_DOCKER:-auto}" != 0 ] && command -v docker >/dev/null 2>&1 &&
    command -v python3 >/dev/null 2>&1 && [ -f "$ENGINE" ]; then
	mkdir -p "$W/dockercfg"
	# the interpreter itself, not a wrapper (pyenv), so $! is the engine
	PY=$(python3 -c 'import sys; print(sys.executable)')
	if start_engine "$W/engine.sock" - && ENGINE_PID=$epid &&
	    start_engine "$W/verify.sock" "$W/docker-{t}.tar" && VERIFY_PID=$epid; then
		DOCKER=$(command -v docker)
	else
		say "the stand-in engine did not start; no docker column"
	fi
fi
# the docker CLI, classic builder, against the stand-in engine
dockerbuild() {	# SOCKET TAG DIR
	echo "env -u DOCKER_API_VERSION -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY" \
	    "-u DOCKER_CERT_PATH -u DOCKER_DEFAULT_PLATFORM DOCKER_BUILDKIT=0" \
	    "DOCKER_HOST=unix://$1 DOCKER_CONFIG=$W/dockercfg DOCKER_CLI_HINTS=false" \
	    "'$DOCKER' build -q -t $2 '$3' >/dev/null"
}

HAVE_REPORT=0
"$CTXPACK" report --help >/dev/null 2>&1 && HAVE_REPORT=1
HAVE_STRACE=0
[ "${BENCH_STRACE:-auto}" != 0 ] && command -v strace >/dev/null 2>&1 && HAVE_STRACE=1
: >"$W/empty.dockerignore"
rm -rf "$W/gitrepo"
if [ $HAVE_GIT = 1 ] && ! git init -q "$W/gitrepo" >/dev/null 2>&1; then
	say "git init failed: git rows say n/a"
	HAVE_GIT=0
fi
GIT="git --git-dir=$W/gitrepo/.git --work-tree=."

# walk size of one ctxpack ls: "DIRS/STATS" (directories opened, stats)
walksize() {	# IGNOREFILE DIR
	strace -f -qq -o "$W/strace.out" -e trace=openat,newfstatat,statx,fstatat64,stat,lstat \
	    "$CTXPACK" ls --ignore-file "$1" "$2" >/dev/null 2>&1
	awk '{ sc = $2; sub(/\(.*/, "", sc) }
	    sc == "openat" && /O_DIRECTORY/ { d++ }
	    sc ~ /stat/ { s++ }
	    END { printf "%d/%d\n", d, s }' "$W/strace.out"
}

# ------------------------------------------------------------ profile
bench_profile() {	# PROFILE SIZE
	prof=$1
	t=$(tree "$1" "$2") || exit 2
	say "$prof: warming the page cache"
	find "$t" -type f -exec cat {} + >/dev/null 2>&1
	"$CTXPACK" ls -0 "$t" >"$W/$prof.ls0"
	nent=$(tr -cd '\0' <"$W/$prof.ls0" | wc -c)
	nfile=$(tr '\0' '\n' <"$W/$prof.ls0" | grep -vc '/$')
	ntree=$(find "$t" ! -type d | wc -l)
	tarmb=$("$CTXPACK" pack "$t" | wc -c | awk '{printf "%.1f", $1 / 1048576}')
	treemb=$(du -sb "$t" | awk '{printf "%.0f", $1 / 1048576}')
	ngit=n/a
	[ $HAVE_GIT = 1 ] &&
	    ngit=$(cd "$t" && $GIT ls-files -o --exclude-from="$IGN/common.gitignore" | wc -l)
	eval "I_${prof}_ntree=\$ntree I_${prof}_treemb=\$treemb I_${prof}_nent=\$nent I_${prof}_nfile=\$nfile I_${prof}_tarmb=\$tarmb I_${prof}_ngit=\$ngit"

	pgin0=$(pgpgin)
	measure pack "$(piped "'$CTXPACK' pack '$t'")"
	measure ls "'$CTXPACK' ls '$t' >/dev/null"
	if [ $HAVE_REPORT = 1 ]; then
		measure report "$(reportcmd "$t")"
	fi
	if [ -n "$DOCKER" ]; then
		# once into a file (also docker's warm-up): does docker send
		# what ctxpack --builder classic lists?
		rm -f "$W/docker-verify-$prof.tar"
		if "$TIMEIT" -n 1 -w 0 -t "$DOCKER_TIMEOUT" -- sh -c \
		    "$(dockerbuild "$W/verify.sock" "verify-$prof" "$t")" \
		    >"$W/verify.time" 2>>"$W/stderr.log" &&
		    [ -f "$W/docker-verify-$prof.tar" ]; then
			tar -tf "$W/docker-verify-$prof.tar" | sort >"$W/docker-$prof.lst"
			"$CTXPACK" ls --builder classic "$t" | sort >"$W/ctxpack-$prof.lst"
			nd=$(wc -l <"$W/docker-$prof.lst")
			if cmp -s "$W/docker-$prof.lst" "$W/ctxpack-$prof.lst"; then
				v="same $nd"
			else
				v="DIFF $nd"
			fi
			rm -f "$W/docker-verify-$prof.tar"
			eval "I_${prof}_docker=\$v"
			measure docker "$(dockerbuild "$W/engine.sock" "bench-$prof" "$t")" 0 "$DOCKER_TIMEOUT"
		else
			read -r v _ <"$W/verify.time"
			eval "I_${prof}_docker=timeout T_${prof}_docker=\">\$((DOCKER_TIMEOUT * 1000))\""
			say "$prof docker: no context within ${DOCKER_TIMEOUT} s (${v} ms); lower bound"
		fi
	fi
	[ $HAVE_GIT = 1 ] &&
	    measure git "cd '$t' && $GIT ls-files -o --exclude-from='$IGN/common.gitignore' >/dev/null"
	[ $HAVE_BSDTAR = 1 ] &&
	    measure bsdtar "$(piped "bsdtar -C '$t' -cf - -n --null -T '$W/$prof.ls0'")"
	# the floor widens its pipe as pack does (1 MiB); floor64 keeps 64 KiB
	measure floor "$(piped "'$FLOOR' -p 1048576 -C '$t' '$W/$prof.ls0'")"
	measure floor64 "$(piped "'$FLOOR' -C '$t' '$W/$prof.ls0'")"
	[ $HAVE_DU = 1 ] && measure du "du -sb '$t' >/dev/null"
	[ $HAVE_FIND = 1 ] && measure find "find '$t' >/dev/null"
	for ig in common p500 negation wildexc wildexc1 empty; do
		f=$IGN/$ig.dockerignore
		[ $ig = empty ] && f=$W/empty.dockerignore
		measure "ls_$ig" "'$CTXPACK' ls --ignore-file '$f' '$t' >/dev/null"
		n=$("$CTXPACK" ls --ignore-file "$f" "$t" | wc -l)
		eval "N_${prof}_$ig=\$n"
		if [ $HAVE_STRACE = 1 ] && [ $ig != p500 ] && [ $ig != negation ]; then
			v=$(walksize "$f" "$t")
			eval "S_${prof}_$ig=\$v"
		fi
	done
	# what the bounded exceptions (wildexc1) can reach: the directories
	# a walk must read besides those of the common file
	b=$(cd "$t" && { find node_modules -maxdepth 1 -type d;
	    find node_modules -mindepth 2 -maxdepth 2 -type d -path 'node_modules/@*/*';
	    find .venv/lib/python3.11/site-packages -maxdepth 1 -type d -name '*.dist-info';
	    find .venv .venv/lib .venv/lib/python3.11 -maxdepth 0 -type d; } 2>/dev/null | wc -l)
	eval "B_${prof}=\$b"
	v=$(( ($(pgpgin) - pgin0) / 1024 ))
	eval "I_${prof}_pgin=\$v"
}

# KiB read from block devices so far, machine-wide (warm cache: ~0 growth)
pgpgin() { awk '/^pgpgin / {print $2}' /proc/vmstat 2>/dev/null || echo 0; }

# -------------------------------------------------------------- table
row() {	# LABEL VAR-PREFIX KEY
	printf '%-40s' "$1"
	for p in $PROFILES; do
		printf ' %10s' "$(get "${2}_${p}_$3")"
	done
	echo
}
rrow() {	# LABEL TARGET A-KEY B-KEY [PREFIX]
	printf '%-33s%7s' "$1" "$2"
	for p in $PROFILES; do
		printf ' %10s' "$(ratio "$(get "${5:-T}_${p}_$3")" "$(get "${5:-T}_${p}_$4")")"
	done
	echo
}
section() {
	printf '%-40s' "$1"
	for p in $PROFILES; do
		printf ' %10s' "$p"
	done
	echo
}

table() {
	section "== trees ($SIZE files, seed $SEED)"
	row "files+symlinks in tree" I ntree
	row "tree size (MB)" I treemb
	row "context entries (ctxpack ls)" I nent
	row "context files" I nfile
	row "context tar (MB)" I tarmb
	row "git ls-files -o: files" I ngit
	row "docker classic tar vs ctxpack ls" I docker
	row "MB read from disk while timing (all)" I pgin
	echo
	section "== time (ms, median)"
	row "ctxpack pack | cat" T pack
	row "ctxpack ls" T ls
	row "ctxpack report" T report
	row "docker build (classic, CLI side)" T docker
	row "git ls-files -o --exclude-from" T git
	row "bsdtar -cf - -n -T ctxpack-list | cat" T bsdtar
	row "floor: read+write same files | cat" T floor
	row "floor, pipe left at 64 KiB" T floor64
	row "du -sb" T du
	row "find" T find
	row "ctxpack pack peak RSS (KiB)" M pack
	echo
	section "== CPU user+sys (ms, median, incl. | cat)"
	row "ctxpack pack | cat" C pack
	row "ctxpack ls" C ls
	row "ctxpack report" C report
	row "docker CLI (the engine not incl.)" C docker
	row "git ls-files -o --exclude-from" C git
	row "bsdtar -cf - -n -T ctxpack-list | cat" C bsdtar
	row "floor: read+write same files | cat" C floor
	row "floor, pipe left at 64 KiB" C floor64
	row "du -sb" C du
	row "ctxpack ls --ignore-file common" C ls_common
	row "ctxpack ls --ignore-file p500" C ls_p500
	echo
	section "== ctxpack ls by ignore file (ms)"
	row "common (30 lines)" T ls_common
	row "p500 (500 lines)" T ls_p500
	row "negation (* then !keep)" T ls_negation
	row "wildexc (!**/package.json)" T ls_wildexc
	row "wildexc1 (!node_modules/*/package.json)" T ls_wildexc1
	row "full walk (empty ignore file)" T ls_empty
	row "entries: common" N common
	row "entries: p500" N p500
	row "entries: negation" N negation
	row "entries: wildexc" N wildexc
	row "entries: wildexc1" N wildexc1
	row "entries: full walk" N empty
	if [ $HAVE_STRACE = 1 ]; then
		row "dirs/stats: common" S common
		row "dirs/stats: wildexc" S wildexc
		row "dirs/stats: wildexc1" S wildexc1
		row "dirs/stats: full walk" S empty
		printf '%-40s' "dirs wildexc1 may need (common + bound)"
		for p in $PROFILES; do
			d=$(get "S_${p}_common")
			printf ' %10s' "$(( ${d%%/*} + $(get "B_${p}") ))"
		done
		echo
	fi
	echo
	section "== ratios (same run)           target"
	rrow "docker / pack" ">=10" docker pack
	rrow "pack / floor" "<=1" pack floor
	rrow "pack / bsdtar" "" pack bsdtar
	rrow "ls / git ls-files" "<=1" ls git
	rrow "report / du -sb" "<=0.7" report du
	rrow "ls p500 / ls common" "<=2" ls_p500 ls_common
	rrow "ls wildexc / ls full walk" "" ls_wildexc ls_empty
	rrow "ls wildexc1 / ls full walk" "" ls_wildexc1 ls_empty
	rrow "ls full walk / find" "" ls_empty find
	rrow "CPU: docker / pack" ">=10" docker pack C
	rrow "CPU: pack / floor" "<=1" pack floor C
	rrow "CPU: ls / git ls-files" "<=1" ls git C
	rrow "CPU: report / du -sb" "<=0.7" report du C
	rrow "CPU: ls p500 / ls common" "<=2" ls_p500 ls_common C
}

# verdict LABEL VALUE OP LIMIT: one line of the targets list
verdict() {
	awk -v l="$1" -v v="$2" -v op="$3" -v lim="$4" 'BEGIN {
		x = v; gt = sub(/^>/, "", x)
		if (x !~ /^[0-9.]+$/) { printf "  %-52s %8s  (not measured)\n", l, v; exit }
		ok = op == ">=" ? x + 0 >= lim + 0 : op == "<" ? !gt && x + 0 < lim + 0 : !gt && x + 0 <= lim + 0
		printf "  %-52s %8s  %s %s  %s\n", l, v, op, lim, ok ? "MET" : "MISSED" }'
}

targets() {
	p=$1
	echo "targets ($p, $SIZE files):"
	echo "  (wall-time ratios; the CPU-time ratios are in the table above)"
	verdict "pack to a pipe vs docker CLI (docker/pack)" \
	    "$(ratio "$(get T_${p}_docker)" "$(get T_${p}_pack)")" ">=" 10
	verdict "pack vs read+write floor (pack/floor)" \
	    "$(ratio "$(get T_${p}_pack)" "$(get T_${p}_floor)")" "<=" 1
	verdict "ls vs git ls-files -o (ls/git)" \
	    "$(ratio "$(get T_${p}_ls)" "$(get T_${p}_git)")" "<=" 1
	verdict "report vs du -sb (report/du)" \
	    "$(ratio "$(get T_${p}_report)" "$(get T_${p}_du)")" "<=" 0.7
	verdict "500 vs 30 patterns on ls (p500/common)" \
	    "$(ratio "$(get T_${p}_ls_p500)" "$(get T_${p}_ls_common)")" "<=" 2
	if [ $HAVE_STRACE = 1 ]; then
		d=$(get "S_${p}_common")
		bound=$(( ${d%%/*} + $(get "B_${p}") ))
		d1=$(get "S_${p}_wildexc1")
		verdict "wildexc1 dirs read vs what can match ($bound)" "${d1%%/*}" "<=" "$bound"
		dw=$(get "S_${p}_wildexc")
		df=$(get "S_${p}_empty")
		echo "  wildexc (!**/package.json): ${dw%%/*} dirs read, full walk ${df%%/*}: everything can match there"
	fi
}

# -------------------------------------------------------------- big
bench_big() {
	p=webapp
	tsmall=$(tree $p "$SIZE") || exit 2
	tbig=$(tree $p "$BIG_SIZE") || exit 2
	echo "== webapp at $BIG_SIZE vs $SIZE files (ms, median; RSS KiB)"
	for t in "$tsmall" "$tbig"; do
		say "warming the page cache: $t"
		find "$t" -type f -exec cat {} + >/dev/null 2>&1
	done
	pgin0=$(pgpgin)
	prof=small; measure pack "$(piped "'$CTXPACK' pack '$tsmall'")"
	prof=big; measure pack "$(piped "'$CTXPACK' pack '$tbig'")"
	prof=small; measure ls "'$CTXPACK' ls '$tsmall' >/dev/null"
	prof=big; measure ls "'$CTXPACK' ls '$tbig' >/dev/null"
	if [ $HAVE_DU = 1 ]; then
		prof=small; measure du "du -sb '$tsmall' >/dev/null"
		prof=big; measure du "du -sb '$tbig' >/dev/null"
	fi
	if [ $HAVE_GIT = 1 ]; then
		prof=small; measure git "cd '$tsmall' && $GIT ls-files -o --exclude-from='$IGN/common.gitignore' >/dev/null"
		prof=big; measure git "cd '$tbig' && $GIT ls-files -o --exclude-from='$IGN/common.gitignore' >/dev/null"
	fi
	if [ $HAVE_REPORT = 1 ]; then
		prof=small; measure report "$(reportcmd "$tsmall")"
		prof=big; measure report "$(reportcmd "$tbig")"
	fi
	if [ -n "$DOCKER" ] && [ "${BENCH_BIG_DOCKER:-0}" = 1 ]; then
		prof=small; measure docker "$(dockerbuild "$W/engine.sock" bench-small "$tsmall")" 1 "$TIMEOUT"
		prof=big; measure docker "$(dockerbuild "$W/engine.sock" bench-big "$tbig")" 1 "$TIMEOUT"
	fi
	# peak RSS: /usr/bin/time -v on ctxpack alone, else timeit's getrusage
	for k in pack ls; do
		for s in small big; do
			[ $s = small ] && t=$tsmall || t=$tbig
			if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
				/usr/bin/time -v -o "$W/time.txt" "$CTXPACK" $k "$t" | cat >/dev/null
				r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/time.txt")
				how="/usr/bin/time -v"
			else
				r=$("$TIMEIT" -n 1 -w 0 -- sh -c "'$CTXPACK' $k '$t' | cat >/dev/null" | awk '{print $4}')
				how="getrusage (bench/timeit)"
			fi
			eval "R_${s}_$k=\$r"
		done
	done
	nsmall=$("$CTXPACK" ls "$tsmall" | wc -l)
	nbig=$("$CTXPACK" ls "$tbig" | wc -l)
	printf '%-34s %12s %12s %8s %8s\n' "" "$SIZE" "$BIG_SIZE" "ratio" "target"
	printf '%-34s %12s %12s\n' "context entries" "$nsmall" "$nbig"
	for k in pack ls report git du docker; do
		a=$(get T_small_$k); b=$(get T_big_$k)
		[ "$a" = n/a ] && [ "$b" = n/a ] && continue
		tg=""; [ $k = pack ] && tg="<=10"
		printf '%-34s %12s %12s %8s %8s\n' "$k (ms)" "$a" "$b" "$(ratio "$b" "$a")" "$tg"
		a=$(get C_small_$k); b=$(get C_big_$k)
		printf '%-34s %12s %12s %8s\n' "$k CPU user+sys (ms)" "$a" "$b" "$(ratio "$b" "$a")"
	done
	printf '%-34s %12s %12s %8s %8s\n' "pack peak RSS (KiB)" "$R_small_pack" "$R_big_pack" "" "<=32768"
	printf '%-34s %12s %12s\n' "ls peak RSS (KiB)" "$R_small_ls" "$R_big_ls"
	echo "(peak RSS by $how; $(( ($(pgpgin) - pgin0) / 1024 )) MB read from disk, machine-wide, while timing)"
	echo
	echo "targets (webapp, $BIG_SIZE files):"
	verdict "pack time at $BIG_SIZE / at $SIZE" "$(ratio "$T_big_pack" "$T_small_pack")" "<=" 10
	verdict "pack peak RSS at $BIG_SIZE (MiB)" "$(ratio "$R_big_pack" 1024 1)" "<=" 32
}

# ------------------------------------------------------- pathological
# ls over 2,000 names of 240 a's (then "b" and a number, so that the
# rule's last 'b' is in every name and PCRE2's required-character check
# does not answer first) with a rule of 30 "*a" and a final "*b": it
# matches none of them.  Backtracking tries every way to place the stars.
bench_patho() {
	d=$BENCH_DIR/trees/patho-2000
	if ! [ -f "$d.stamp" ]; then
		say "generating $d"
		rm -rf "$d" && mkdir -p "$d" || exit 2
		awk -v d="$d" 'BEGIN { a = sprintf("%240s", ""); gsub(/ /, "a", a)
		    for (i = 0; i < 2000; i++) printf "%s/%sb%04d\n", d, a, i }' |
		    xargs touch || exit 2
		echo 'FROM scratch' >"$d/Dockerfile"
		: >"$d.stamp"
	fi
	awk 'BEGIN { for (i = 0; i < 30; i++) printf "*a"; print "*b" }' \
	    >"$W/patho.dockerignore"
	prof=patho
	measure ls "'$CTXPACK' ls --ignore-file '$W/patho.dockerignore' '$d' >/dev/null"
	N_patho=$("$CTXPACK" ls --ignore-file "$W/patho.dockerignore" "$d" | wc -l)
	echo "== ls, rule $(cat "$W/patho.dockerignore") on 2,000 names of 240 a's + b + 4 digits"
	printf '%-40s %10s\n' "ctxpack ls (ms, median)" "$(get T_patho_ls)"
	printf '%-40s %10s\n' "ctxpack ls CPU user+sys (ms)" "$(get C_patho_ls)"
	printf '%-40s %10s\n' "entries listed (2,000 + Dockerfile)" "$N_patho"
}

# ---------------------------------------------------------------- cold
# webapp with the page cache dropped before every run (root only).
bench_cold() {
	t=$(tree webapp "$SIZE") || exit 2
	[ -f "$W/webapp.ls0" ] || "$CTXPACK" ls -0 "$t" >"$W/webapp.ls0"
	prof=cold
	measure_cold pack "$(piped "'$CTXPACK' pack '$t'")"
	measure_cold floor "$(piped "'$FLOOR' -p 1048576 -C '$t' '$W/webapp.ls0'")"
	measure_cold ls "'$CTXPACK' ls '$t' >/dev/null"
	[ $HAVE_GIT = 1 ] &&
	    measure_cold git "cd '$t' && $GIT ls-files -o --exclude-from='$IGN/common.gitignore' >/dev/null"
	[ $HAVE_REPORT = 1 ] && measure_cold report "$(reportcmd "$t")"
	[ $HAVE_DU = 1 ] && measure_cold du "du -sb '$t' >/dev/null"
	echo "== webapp, cold page cache ($SIZE files; ms, median of $COLD_RUNS)"
	for k in pack floor ls git report du; do
		printf '%-40s %10s %10s\n' "$k" "$(get T_cold_$k)" "CPU $(get C_cold_$k)"
	done
}

# ---------------------------------------------------------------- issue
issue_table() {
	echo "== issue 13: the targets (webapp at $SIZE files unless said, all from this run)"
	verdict "pack to a pipe / read+write floor" \
	    "$(ratio "$(get T_webapp_pack)" "$(get T_webapp_floor)")" "<=" 1
	verdict "  the same in CPU time (user+sys)" \
	    "$(ratio "$(get C_webapp_pack)" "$(get C_webapp_floor)")" "<=" 1
	verdict "report / du -sb" \
	    "$(ratio "$(get T_webapp_report)" "$(get T_webapp_du)")" "<=" 0.7
	verdict "  the same in CPU time (user+sys)" \
	    "$(ratio "$(get C_webapp_report)" "$(get C_webapp_du)")" "<=" 0.7
	verdict "ls, 500 rules / 30 rules (p500/common)" \
	    "$(ratio "$(get T_webapp_ls_p500)" "$(get T_webapp_ls_common)")" "<=" 2
	verdict "ls, 30-star rule, 2,000 long names (ms)" "$(get T_patho_ls)" "<" 100
	verdict "pack at $BIG_SIZE files / at $SIZE" \
	    "$(ratio "$(get T_big_pack)" "$(get T_small_pack)")" "<=" 10
	verdict "pack peak RSS at $BIG_SIZE files (MiB)" \
	    "$(ratio "$(get R_big_pack)" 1024 1)" "<=" 32
	verdict "cold cache: pack / floor" \
	    "$(ratio "$(get T_cold_pack)" "$(get T_cold_floor)")" "<=" 1
	verdict "cold cache: ls / git ls-files" \
	    "$(ratio "$(get T_cold_ls)" "$(get T_cold_git)")" "<=" 1
	verdict "cold cache: report / du -sb" \
	    "$(ratio "$(get T_cold_report)" "$(get T_cold_du)")" "<=" 1
	echo "  (n/a: not measured in this run; see above for why)"
}

# --------------------------------------------------------------- main
out=$BENCH_DIR/results-$(date -u +%Y%m%dT%H%M%S)$( [ $big = 1 ] && echo -big).txt
{
	machine
	echo
	if [ $big = 1 ]; then
		bench_big
	else
		for p in $PROFILES; do
			bench_profile "$p" "$SIZE"
		done
		[ $HAVE_REPORT = 1 ] || echo "(ctxpack report: n/a, \`ctxpack report --help\` fails)"
		[ -n "$DOCKER" ] || echo "(docker: n/a, no docker client or stand-in engine)"
		table
		echo
		tp=
		for p in $PROFILES; do
			[ -z "$tp" ] || [ "$p" = webapp ] && tp=$p
		done
		targets "$tp"
		echo
		bench_patho
		if [ $COLD = 1 ]; then
			echo
			bench_cold
		fi
		if [ "${BENCH_BIG:-1}" != 0 ]; then
			echo
			bench_big
		fi
		echo
		issue_table
	fi
	echo
	echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
say "table saved in $out"
