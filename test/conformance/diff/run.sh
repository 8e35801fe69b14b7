#!/usr/bin/env bash
# run.sh: differential test of `ctxpack pack --builder=classic` against the
# build context that the real docker CLI (classic builder) sends.
#
#   run.sh CTXPACK TARLS [N [SEED]]
#
# Runs N cases (default 200) on the tree seeds SEED, SEED+1, ..., SEED+N-1
# (default SEED 1, so the default run covers seeds 1..200); `run.sh CTXPACK
# TARLS 1 S` re-runs exactly seed S.  See README for details.
#
# Environment:
#   CTXDIFF_JOBS=2      parallel workers
#   CTXDIFF_STRICT=0    1: also fail a case whose tars differ byte-wise
#                       while their listings agree
#   CTXDIFF_KEEP=0      1: keep every case's scratch directory
#   CTXDIFF_DOCKER      the docker client to run (default: docker in PATH)
#   CTXDIFF_TIMEOUT=60  seconds allowed to each docker / ctxpack run
#   TMPDIR              where the scratch directory goes
#
# Last line: "differential: P passed, F failed, S skipped".
# Exit 0 when nothing failed, 1 otherwise, 2 on usage errors.

set -u

usage() {
	echo "usage: run.sh [-k] CTXPACK TARLS [N [SEED]]" >&2
	exit 2
}
if [ "${1:-}" = -k ]; then	# -k keeps every case (CTXDIFF_KEEP=1)
	CTXDIFF_KEEP=1
	shift
fi
if [ $# -lt 2 ] || [ $# -gt 4 ]; then usage; fi
N=${3:-200}
SEED=${4:-1}
case $N in ''|*[!0-9]*) usage ;; esac
case $SEED in ''|*[!0-9]*) usage ;; esac

abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*/*) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
	*) command -v "$1" || printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}
CTXPACK=$(abspath "$1")
TARLS=$(abspath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
JOBS=${CTXDIFF_JOBS:-2}
STRICT=${CTXDIFF_STRICT:-0}
KEEP=${CTXDIFF_KEEP:-0}
TMO=${CTXDIFF_TIMEOUT:-60}
DOCKER=${CTXDIFF_DOCKER:-docker}

if ! DOCKER=$(command -v "$DOCKER"); then
	echo "run.sh: no docker client found; skipping the differential test" >&2
	echo "0 passed, 0 failed, $N skipped"
	exit 0
fi
[ -x "$CTXPACK" ] || { echo "run.sh: $CTXPACK: not an executable" >&2; exit 2; }
[ -x "$TARLS" ] || { echo "run.sh: $TARLS: not an executable" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run.sh: python3 is required" >&2; exit 2; }
TIMEOUT=()
command -v timeout >/dev/null && TIMEOUT=(timeout -k 5 "$TMO")
GNUTAR=
if tar --version 2>/dev/null | grep -q 'GNU tar'; then GNUTAR=tar; fi

# Scratch space.  The socket path must stay short (sun_path is 108 bytes).
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ctxdiff.XXXXXX") || exit 2
SOCK=$WORK/engine.sock
if [ ${#SOCK} -gt 100 ]; then
	SOCKDIR=$(mktemp -d /tmp/ctxdiff-sock.XXXXXX) || exit 2
	SOCK=$SOCKDIR/e.sock
else
	SOCKDIR=
fi
mkdir "$WORK/dockercfg" "$WORK/res"

ENGINE_PID=
pids=()
cleanup() {
	local p
	for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null; done
	if [ -n "$ENGINE_PID" ]; then
		kill "$ENGINE_PID" 2>/dev/null
		wait "$ENGINE_PID" 2>/dev/null
	fi
	[ -n "$SOCKDIR" ] && rm -rf "$SOCKDIR"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted; scratch dir: $WORK" >&2; exit 130' INT TERM

python3 "$HERE/engine.py" --parent $$ --log "$WORK/engine.log" \
	"$SOCK" "$WORK/body-{t}.tar" &
ENGINE_PID=$!
for _ in $(seq 200); do
	[ -S "$SOCK" ] && break
	kill -0 "$ENGINE_PID" 2>/dev/null || break
	sleep 0.05
done
if ! [ -S "$SOCK" ]; then
	echo "run.sh: the stand-in engine did not start" >&2
	exit 2
fi

rmtree() {
	# directories may be read-only (0555): make them writable first
	find "$1" -type d ! -perm -u+rwx -exec chmod u+rwx {} + 2>/dev/null
	rm -rf "$1"
}

# Print the ignore file with visible CR, TAB and trailing blanks.
show_ignore() {
	local f=$1/.dockerignore
	if [ -d "$f" ] && ! [ -L "$f" ]; then
		echo "  (.dockerignore is a directory)"
	elif ! [ -e "$f" ] && ! [ -L "$f" ]; then
		echo "  (no .dockerignore)"
	else
		[ -L "$f" ] && echo "  (.dockerignore -> $(readlink "$f"))"
		[ -s "$f" ] || echo "  (empty)"
		head -c 4096 "$f" | LC_ALL=C awk '{
			gsub(/\r/, "<CR>"); gsub(/\t/, "<TAB>");
			if (length($0) > 200) $0 = substr($0, 1, 200) "...(" length($0) " bytes)";
			printf "  %3d |%s|\n", NR, $0 }'
	fi
}

# run_case SEED: writes $WORK/res/SEED (PASS, FAIL, SKIP or BYTES) and, for
# anything but PASS, a report in $WORK/res/SEED.txt.
run_case() {
	local seed=$1 c=$WORK/s$1 res=$WORK/res/$1
	local drc crc why="" df body
	local -a args
	mkdir "$c"
	if ! python3 "$HERE/gen.py" "$seed" "$c/ctx" >/dev/null 2>"$c/gen.err"; then
		{ echo "FAIL seed $seed: gen.py failed"; sed 's/^/  /' "$c/gen.err"; } >"$res.txt"
		echo FAIL >"$res"; return
	fi
	mapfile -t args <"$c/args"
	df=$(cat "$c/dockerfile")

	body=$WORK/body-ctxdiff_s$seed.tar
	rm -f "$body"
	(cd "$c/ctx" && env -u DOCKER_API_VERSION -u DOCKER_CONTEXT \
		-u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH -u DOCKER_DEFAULT_PLATFORM \
		DOCKER_BUILDKIT=0 DOCKER_HOST="unix://$SOCK" \
		DOCKER_CONFIG="$WORK/dockercfg" DOCKER_CLI_HINTS=false \
		${TIMEOUT[@]+"${TIMEOUT[@]}"} "$DOCKER" build -q -t "ctxdiff:s$seed" ${args[@]+"${args[@]}"} . \
		>"$c/docker.out" 2>"$c/docker.err")
	drc=$?
	[ -f "$body" ] && mv "$body" "$c/docker.tar"

	(cd "$c/ctx" && ${TIMEOUT[@]+"${TIMEOUT[@]}"} "$CTXPACK" pack --builder=classic \
		${args[@]+"${args[@]}"} . >"$c/ctxpack.tar" 2>"$c/ctxpack.err")
	crc=$?

	if [ $drc -eq 124 ] || [ $drc -eq 137 ]; then
		why="docker timed out (exit $drc)"
	elif [ $drc -ne 0 ]; then
		if [ -f "$c/docker.tar" ]; then
			why="docker exited $drc after sending a context"
		elif [ $crc -ne 2 ]; then
			why="docker failed (exit $drc) but ctxpack exited $crc (want 2)"
		elif [ -s "$c/ctxpack.tar" ]; then
			why="docker failed and ctxpack exited 2 but wrote $(wc -c <"$c/ctxpack.tar") bytes on stdout"
		fi
		if [ -z "$why" ]; then
			echo PASSERR >"$res"
			[ "$KEEP" = 1 ] || rmtree "$c"
			return
		fi
	elif ! [ -f "$c/docker.tar" ]; then
		why="docker exited 0 but the engine captured no context"
	elif ! "$TARLS" -m -c "$c/docker.tar" >"$c/docker.ls" 2>"$c/tarls.err"; then
		why="tarls cannot read docker's tar: $(head -c 300 "$c/tarls.err")"
	elif ! DF=$df awk '$7 == ENVIRON["DF"] { f = 1 } END { exit !f }' "$c/docker.ls"; then
		# docker lost its own Dockerfile: moby#40090, which ctxpack does
		# not reproduce on purpose
		{ echo "SKIP seed $seed: docker's context lacks its Dockerfile $df (moby#40090)"; } >"$res.txt"
		echo SKIP >"$res"
		[ "$KEEP" = 1 ] || rmtree "$c"
		return
	elif [ $crc -ne 0 ]; then
		why="docker succeeded but ctxpack exited $crc"
	elif ! "$TARLS" -m -c "$c/ctxpack.tar" >"$c/ctxpack.ls" 2>"$c/tarls.err"; then
		why="tarls cannot read ctxpack's tar: $(head -c 300 "$c/tarls.err")"
	elif ! diff -u --label docker --label ctxpack "$c/docker.ls" "$c/ctxpack.ls" >"$c/diff" &&
	    ! { python3 "$HERE/tarcmp.py" -n 100 "$c/docker.tar" "$c/ctxpack.tar" >"$c/tarcmp" 2>&1;
		[ $? -le 1 ] && ! grep -v '^value\.pax:hdrcharset' "$c/tarcmp" |
		    grep -q '^value\.\|^entries'; }; then
		# (libarchive 3.6 drops a short non-ASCII pax linkpath when it
		# reads docker's tar; the raw comparison decides then)
		why="listings differ"
	elif [ -n "$GNUTAR" ] && ! { LC_ALL=C tar -tvf "$c/ctxpack.tar" >/dev/null 2>"$c/gnutar.raw";
		grep -v "Ignoring unknown extended header keyword .hdrcharset." "$c/gnutar.raw" >"$c/gnutar.err";
		! [ -s "$c/gnutar.err" ]; }; then
		# hdrcharset=BINARY (POSIX pax, for a name that is not UTF-8) is
		# only unknown to GNU tar, which then reads the name right
		why="GNU tar complains about ctxpack's tar"
	fi

	if [ -z "$why" ]; then
		if cmp -s "$c/docker.tar" "$c/ctxpack.tar"; then
			echo PASS >"$res"
			[ "$KEEP" = 1 ] || rmtree "$c"
			return
		fi
		python3 "$HERE/tarcmp.py" -n 12 -a docker -b ctxpack \
			"$c/docker.tar" "$c/ctxpack.tar" >"$c/tarcmp" 2>&1
		why="listings agree but the tar bytes differ"
		if [ "$STRICT" != 1 ]; then
			# first line: the place of the first difference
			{ awk -F': ' 'NR == 1 { print $1 }' "$c/tarcmp"
			  echo "seed $seed: $(head -1 "$c/tarcmp")"; } >"$res.txt"
			echo BYTES >"$res"
			return
		fi
	elif [ -f "$c/docker.tar" ] && [ -s "$c/ctxpack.tar" ]; then
		python3 "$HERE/tarcmp.py" -n 12 -a docker -b ctxpack \
			"$c/docker.tar" "$c/ctxpack.tar" >"$c/tarcmp" 2>&1
	fi

	{
		echo "FAIL seed $seed: $why"
		echo "  scratch dir: $c (tree in ctx/)"
		echo "  reproduce:   $0 $CTXPACK $TARLS 1 $seed"
		echo "  args: ${args[*]:-(none)}"
		echo "  .dockerignore:"
		show_ignore "$c/ctx"
		if [ $drc -ne 0 ] || [ $crc -ne 0 ]; then
			echo "  docker (exit $drc) stderr:"
			grep -v -e DEPRECATED -e 'BuildKit is currently disabled' \
				-e 'environment-variable' -e '^[[:space:]]*$' \
				"$c/docker.err" | head -5 | sed 's/^/    /'
			echo "  ctxpack (exit $crc) stderr:"
			head -5 "$c/ctxpack.err" | sed 's/^/    /'
		fi
		if [ -s "$c/diff" ]; then
			echo "  diff (- docker, + ctxpack; TYPE MODE SIZE UID GID MTIME NAME ...):"
			head -60 "$c/diff" | sed 's/^/    /'
			[ "$(wc -l <"$c/diff")" -gt 60 ] && echo "    ..."
		fi
		if [ -s "$c/tarcmp" ]; then
			echo "  raw header comparison (tarcmp.py):"
			sed 's/^/    /' "$c/tarcmp"
		fi
		if [ -s "$c/gnutar.err" ]; then
			echo "  GNU tar -tvf:"
			head -5 "$c/gnutar.err" | sed 's/^/    /'
		fi
	} >"$res.txt"
	echo FAIL >"$res"
}

worker() {
	local w=$1 i
	for ((i = w; i < N; i += JOBS)); do
		run_case $((SEED + i))
	done
}

for ((w = 0; w < JOBS && w < N; w++)); do
	worker "$w" &
	pids+=($!)
done
for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done
pids=()

pass=0 fail=0 skip=0 bytes=0 derr=0
for ((i = 0; i < N; i++)); do
	s=$((SEED + i))
	r=$(cat "$WORK/res/$s" 2>/dev/null || echo FAIL)
	case $r in
	PASS) pass=$((pass + 1)) ;;
	PASSERR) pass=$((pass + 1)); derr=$((derr + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	BYTES) pass=$((pass + 1)); bytes=$((bytes + 1))
	   printf '%s\t%s\n' "$(head -1 "$WORK/res/$s.txt")" "$s" >>"$WORK/bytes" ;;
	*) fail=$((fail + 1))
	   if [ -f "$WORK/res/$s.txt" ]; then cat "$WORK/res/$s.txt"
	   else echo "FAIL seed $s: no result (worker died?)"; fi ;;
	esac
done
[ $skip -gt 0 ] && grep -h '^SKIP' "$WORK"/res/*.txt 2>/dev/null | sort -t' ' -k3n | sed 's/^/note: /'
echo "note: $derr of $N trees were refused by docker and, as required, by ctxpack (exit 2, no output)"
if [ $bytes -gt 0 ]; then
	echo "note: $bytes case(s) had identical listings but different tar bytes" \
		"(CTXDIFF_STRICT=1 fails them); by first difference:"
	# per kind: a count, an example, and the scratch dirs of the
	# first three seeds (the others are removed)
	cut -f1 "$WORK/bytes" | sort | uniq -c | sort -rn | while read -r n kind; do
		seeds=$(awk -F'\t' -v k="$kind" '$1 == k { print $2 }' "$WORK/bytes")
		first=$(printf '%s\n' "$seeds" | head -1)
		echo "note:   $n x $kind, e.g. $(sed -n 2p "$WORK/res/$first.txt")"
		echo "note:     seeds: $(printf '%s\n' "$seeds" | tr '\n' ' ' | cut -c1-150)"
		printf '%s\n' "$seeds" | tail -n +4 | while read -r s; do
			[ "$KEEP" = 1 ] || rmtree "$WORK/s$s"
		done
	done
fi
keep=$fail	# byte-level layout notes alone keep nothing
[ "$KEEP" = 1 ] && keep=1
if [ $keep -eq 0 ]; then
	cleanup
	ENGINE_PID=
	rmtree "$WORK"
else
	echo "scratch dir kept: $WORK"
fi
echo "differential: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
