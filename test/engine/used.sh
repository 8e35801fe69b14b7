#!/usr/bin/env bash
# test/engine/used.sh: `ctxpack pack --used` against a real Docker daemon.
# The promise: the image `ctxpack pack --used DIR | docker build -` builds
# is the image `docker build DIR` builds, file for file.  Every case builds
# one tree and Dockerfile both ways, with --no-cache,
#     docker build [-f F] [--target T] [--build-arg N=V]... DIR
#     ctxpack pack --used --builder B [the same] DIR | docker build [the same] -
# with the classic builder (DOCKER_BUILDKIT=0, --builder classic) and with
# the daemon's BuildKit (DOCKER_BUILDKIT=1, --builder buildkit), and the two
# images, read with `docker save`, must list the same entries, the whole
# image (imgls.py /: name, type, mode, uid/gid, size, sha256, link, mtime).
# A build that fails one way must fail the other.
#
#   used.sh CTXPACK [N [SEED]]
#
# Cases:
#   replay   offline, first and wherever the suite runs: every golden case
#            of used/ (tree.sh, Dockerfile, args, bargs, builder) with the
#            listing of the image the real engine built from `docker build
#            DIR` (image.ls).  `ctxpack ls --used` must hold what that image
#            got from the context (a file of the same content, a link of
#            the same target, a directory of the same mode and mtime where
#            the image kept the context's) and equal used.ls, recorded with
#            the image when the engine agreed.
#   golden   the same cases against the engine (USED_RECORD=1 rewrites
#            image.ls and used.ls from it, for cases that agree).
#   seeded   N random cases per builder, seeds SEED..SEED+N-1: a tree of
#            ../conformance/diff/gen.py --engine (wildcard characters in
#            names, nested directories, symbolic links, a random
#            .dockerignore with exceptions, -f Dockerfiles) and a random
#            multi-stage Dockerfile of dfgen.py.
#
# Known differences, shown as notes and counted as passed:
#   - an ignore file that excludes the Dockerfile: BuildKit does not send
#     it, a tar must carry it, so a source that matches it gets it from the
#     tar only (entries with the Dockerfile's content, and directories only
#     they need, are left out of the comparison);
#   - the daemon's BuildKit is v0.8 (2021); ctxpack models today's:
#     * its context transfer does not keep the mtimes of directories (they
#       get the time the daemon's copy of the context got them, also from
#       an earlier build of the same DIR), while a tar's keep theirs: for
#       BuildKit, directory mtimes are not compared;
#     * it unpacks a tar context with moby's Chtimes, which sets an mtime
#       before 1970 to 0 (the tar holds it, in a pax header), while its
#       transfer keeps it: for BuildKit, such mtimes are shown as 0;
#     * its context walk differs from today's (the shared doc's section
#       12: no wildcard exceptions in excluded directories, no excluded
#       parents): where `docker build DIR` differs, the case is built a
#       third way, `ctxpack pack DIR | docker build -` (the whole context);
#       if that builds the --used image, --used kept what its model of the
#       context builds, and the difference is v0.8's;
#     * its matcher leaves ( ) + unescaped, so a pattern with them can be
#       no regular expression ("failed to match excludepatterns: syntax
#       error in pattern") where today's reads it;
#     * it matches the transfer's include paths untrimmed, while today's
#       fsutil compiles them with patternmatcher.New, which trims white
#       space at their ends (as ctxpack's --used does): a COPY of "a "
#       builds from DIR there, and from the --used tar fails ("/a " not
#       found), as it fails from DIR today;
#   - docker quirks as test/engine/run.sh notes them: a pattern the CLI
#     compiles only when matching ("Error matching"), and a Dockerfile the
#     CLI itself loses (E5, "Cannot locate specified Dockerfile").
#
# It starts its own daemon (dockerd.sh) and stops it; where none can run
# the engine part is one skip, with the reason.  BuildKit needs a docker
# client that drives the daemon's BuildKit: USED_BK_DOCKER, else `docker`
# with buildx, else /usr/bin/docker when it is older than 23 (Debian's
# docker.io 20.10); without one the BuildKit cases are one skip.
# USED_BUILDERS (default "classic buildkit") picks the builders, USED_JOBS
# (default 3) how many cases build at once (the daemon mostly waits),
# USED_VERBOSE=1 shows the cases that fail both ways and the time of each,
# ENGINE_KEEP=1 keeps the scratch directory of failed cases.
# Last line: "used-engine: N passed, N failed, N skipped".
set -u
[ $# -ge 1 ] && [ $# -le 3 ] || { echo "usage: used.sh CTXPACK [N [SEED]]" >&2; exit 2; }
case $1 in /*) CTXPACK=$1 ;; *) CTXPACK=$(pwd)/$1 ;; esac
N=${2:-20} SEED=${3:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
GEN=$HERE/../conformance/diff/gen.py
DFGEN=$HERE/dfgen.py
GOLD=$HERE/used
TMO=${ENGINE_TIMEOUT:-300}
JOBS=${USED_JOBS:-3}
pass=0 fail=0 skip=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ctxused.XXXXXX")
chmod 755 "$WORK"
SOCK=
cleanup() {
	[ -n "$SOCK" ] && sh "$HERE/dockerd.sh" stop "$SOCK"
	if ls "$WORK"/keep.* >/dev/null 2>&1 && [ "${ENGINE_KEEP:-0}" = 1 ]; then
		echo "scratch kept: $WORK"
	else
		chmod -R u+rwx "$WORK" 2>/dev/null
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
T_START=$(date +%s)

golds() {
	local g
	for g in "$GOLD"/*/; do
		g=$(basename "$g")
		[ -f "$GOLD/$g/tree.sh" ] && [ -f "$GOLD/$g/builder" ] && echo "$g"
	done
}
mkgold() {	# mkgold CASE DIR: the tree of a golden case in DIR
	mkdir "$2" && cp "$GOLD/$1/Dockerfile" "$2/" &&
	    (cd "$2" && sh "$GOLD/$1/tree.sh")
}
goldargs() {	# goldargs CASE FILE: args (-f) or bargs (--target, --build-arg)
	[ -f "$GOLD/$1/$2" ] && cat "$GOLD/$1/$2"
	return 0
}

# ---------------------------------------------------------------- replay
replay() {
	local g=$1 b c=$WORK/replay-$1
	b=$(cat "$GOLD/$g/builder")
	mapfile -t a < <(goldargs "$g" args; goldargs "$g" bargs)
	if ! mkgold "$g" "$c" 2>"$WORK/mk.err"; then
		echo "FAIL replay $g: tree.sh: $(head -c 200 "$WORK/mk.err")"; return 1
	fi
	if ! (cd "$c" && "$CTXPACK" ls -0 --used --builder "$b" ${a[@]+"${a[@]}"} . \
	    >"$WORK/replay.ls" 2>"$WORK/replay.err"); then
		echo "FAIL replay $g: ctxpack ls --used: $(head -n 2 "$WORK/replay.err")"
		return 1
	fi
	if ! python3 - "$c" "$WORK/replay.ls" "$GOLD/$g/image.ls" >"$WORK/replay.out" <<'EOF'
import hashlib, os, sys
root, used, image = sys.argv[1:]
def esc(b):
    return "".join("\\x%02x" % c if c <= 0x20 or c >= 0x7f or c == 0x5c
                   else chr(c) for c in b)
files, links, dirs = set(), set(), set()
for n in open(used, "rb").read().split(b"\0"):
    if not n:
        continue
    p = os.path.join(os.fsencode(root), n.rstrip(b"/"))
    st = os.lstat(p)
    if os.path.islink(p):
        links.add(esc(os.readlink(p)))
    elif os.path.isdir(p):
        # COPY drops the set-id bits (E3): the permission bits count
        dirs.add((st.st_mode & 0o777, "%d" % (st.st_mtime // 1)))
    elif os.path.isfile(p):
        with open(p, "rb") as f:
            files.add(hashlib.sha256(f.read()).hexdigest())
miss = 0
for line in open(image, encoding="utf-8"):
    w = line.split()
    t, mode, mt = w[0], int(w[1], 8), w[5]
    if t == "f":
        ok = w[-1].split(":", 1)[1] in files
    elif t == "l":
        ok = w[-1] in links
    elif t == "d" and mt not in ("now", "-", "*"):
        ok = (mode & 0o777, mt) in dirs
    else:
        continue
    if not ok:
        print("    not in ctxpack ls --used: " + line.rstrip())
        miss += 1
sys.exit(1 if miss else 0)
EOF
	then
		echo "FAIL replay $g: ctxpack ls --used --builder $b lacks what the real image got:"
		head -n 10 "$WORK/replay.out"
		return 1
	fi
	tr '\0' '\n' <"$WORK/replay.ls" >"$WORK/replay.lst"
	if ! diff -u --label "used/$g/used.ls (recorded)" --label "ctxpack ls --used" \
	    "$GOLD/$g/used.ls" "$WORK/replay.lst" >"$WORK/replay.diff"; then
		echo "FAIL replay $g: ctxpack ls --used is not what it was when the engine agreed:"
		sed -n '3,12p' "$WORK/replay.diff" | sed 's/^/    /'
		return 1
	fi
	chmod -R u+rwx "$c"; rm -rf "$c"
}
ngold=0
for g in $(golds); do
	[ -f "$GOLD/$g/image.ls" ] && [ -f "$GOLD/$g/used.ls" ] || continue
	ngold=$((ngold + 1))
	if replay "$g"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "used-engine: $ngold golden case(s) replayed offline"

# ---------------------------------------------------------------- engine
if ! SOCK=$(sh "$HERE/dockerd.sh" start 2>"$WORK/start.err"); then
	SOCK=
	echo "SKIP used-engine: $(cat "$WORK/start.err")"
	echo "used-engine: $(( $(date +%s) - T_START )) s"
	echo "used-engine: $pass passed, $fail failed, $((skip + 1)) skipped"
	[ $fail = 0 ]
	exit
fi
mkdir "$WORK/cfg"
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_API_VERSION DOCKER_TLS_VERIFY DOCKER_CERT_PATH
export DOCKER_CONFIG=$WORK/cfg DOCKER_CLI_HINTS=false
bk_client() {
	local v
	if [ -n "${USED_BK_DOCKER:-}" ]; then echo "$USED_BK_DOCKER"; return; fi
	if docker buildx version >/dev/null 2>&1; then echo docker; return; fi
	if [ -x /usr/bin/docker ]; then
		v=$(/usr/bin/docker version --format '{{.Client.Version}}' 2>/dev/null)
		case $v in [1-9].*|1[0-9].*|2[0-2].*) echo /usr/bin/docker; return ;; esac
	fi
	return 1
}
BK_DOCKER=$(bk_client) || BK_DOCKER=
dk() {	# dk BUILDER ARGS...
	local b=$1
	shift
	if [ "$b" = classic ]; then
		DOCKER_BUILDKIT=0 timeout -k 5 "$TMO" docker -H "unix://$SOCK" "$@"
	else
		DOCKER_BUILDKIT=1 timeout -k 5 "$TMO" "$BK_DOCKER" -H "unix://$SOCK" "$@"
	fi
}
echo "used-engine: daemon $(dk classic version --format '{{.Server.Version}}' 2>/dev/null)," \
    "classic client $(docker version --format '{{.Client.Version}}' 2>/dev/null)," \
    "BuildKit client ${BK_DOCKER:-none}${BK_DOCKER:+ $("$BK_DOCKER" version --format '{{.Client.Version}}' 2>/dev/null)}"

# docker's stderr without its banners and progress
errs() { grep -v -e DEPRECATED -e 'BuildKit is currently disabled' -e 'environment-variable' \
	-e '^[[:space:]]*$' -e '^Sending build context' -e '^#[0-9]' -e '^ *[->]' \
	-e '^Step ' -e '^------' -e '^Removing intermediate' -e '^ *[0-9]* *|' "$1" | head -n 4; }

# imgls B IMG OUT T0: the whole image's entries (for BuildKit without the
# mtimes of directories: see the top)
imgls() {
	if [ "$1" = buildkit ]; then
		python3 "$HERE/imgls.py" --now "$4" "$2" / 2>&1 |
		    sed -E -e 's/^(d [0-7]+ [0-9]+ [0-9]+ [0-9]+) [^ ]+ /\1 * /' \
		    -e 's/^([^ ]+ [0-7]+ [0-9]+ [0-9]+ [0-9]+) -[0-9]+ /\1 0 /' >"$3"
	else
		python3 "$HERE/imgls.py" --now "$4" "$2" / >"$3" 2>&1
	fi
}

# pipe B C TAG KIND ARGS...: ctxpack pack KIND (--used, or nothing) |
# docker build -, the pipe's docker given -f as the CLI sends it for DIR,
# symlinks resolved (run.sh says why)
pipe() {
	local b=$1 c=$2 tag=$3 kind=$4
	shift 4
	(cd "$c/ctx" && set -o pipefail &&
	    { "$CTXPACK" pack $kind --builder "$b" "$@" . 2>"$c/$tag.pack.err"
	      echo $? >"$c/$tag.pack.rc"; } |
	    dk "$b" build --no-cache --force-rm -q -t "usedeng:$tag" ${dargs[@]+"${dargs[@]}"} \
	    ${bargs[@]+"${bargs[@]}"} - >"$c/$tag.out" 2>"$c/$tag.err")
}

# drop_df DIR.ls PIPE.ls DF: both listings without the entries of the
# Dockerfile's content (and directories only the pipe's image has above
# them); prints how many entries it dropped
drop_df() {
	python3 - "$@" <<'EOF'
import hashlib, sys
a, b, df = sys.argv[1:]
h = " sha256:" + hashlib.sha256(open(df, "rb").read()).hexdigest()
def rd(p):
    return [l.rstrip("\n") for l in open(p, encoding="utf-8")]
la, lb = rd(a), rd(b)
names = set(l.split()[6] for l in la)
dirs = set()
for l in lb:
    if l.endswith(h):
        n = l.split()[6]
        while "/" in n:
            n = n.rsplit("/", 1)[0]
            if n not in names:
                dirs.add(n)
def keep(l):
    w = l.split()
    return not (l.endswith(h) or (w[0] == "d" and w[6] in dirs))
for p, ls in ((a, la), (b, lb)):
    with open(p, "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in ls if keep(l)))
print(len([l for l in la + lb if not keep(l)]))
EOF
}

# ignfile C: the ignore file's text
ignfile() { cat "$1/ctx/.dockerignore" 2>/dev/null; }

# both B NAME C: build C/ctx both ways with args[] (-f) and bargs[]
# (--target, --build-arg); sets status: agreed, bothfail, known, note or
# fail, and prints what it found
both() {
	local b=$1 n=$2 c=$3 rd rp rpk why="" note="" t0 df
	local tagd=$n-dir tagp=$n-used
	status=agreed
	dargs=(${args[@]+"${args[@]}"})
	if [ ${#args[@]} = 2 ] && [ "${args[0]}" = -f ] && [ -L "$c/ctx/${args[1]}" ]; then
		dargs=(-f "$(cd "$c/ctx" && realpath -e --relative-to=. -- "${args[1]}")")
	fi
	t0=$(date +%s)
	(cd "$c/ctx" && dk "$b" build --no-cache --force-rm -q -t "usedeng:$tagd" \
	    ${args[@]+"${args[@]}"} ${bargs[@]+"${bargs[@]}"} . >"$c/dir.out" 2>"$c/dir.err")
	rd=$?
	pipe "$b" "$c" "$tagp" --used ${args[@]+"${args[@]}"} ${bargs[@]+"${bargs[@]}"}
	rp=$? rpk=$(cat "$c/$tagp.pack.rc")
	# pack's exit 1 is a complete tar with warnings
	if [ $rd = 0 ] && [ $rp = 0 ] && [ "$rpk" -le 1 ]; then
		if dk "$b" save "usedeng:$tagd" >"$c/dir.img" 2>"$c/save.err" &&
		    dk "$b" save "usedeng:$tagp" >"$c/used.img" 2>>"$c/save.err"; then
			imgls "$b" "$c/dir.img" "$c/dir.ls" "$t0"
			imgls "$b" "$c/used.img" "$c/used.ls" "$t0"
			cp "$c/dir.ls" "$c/dir.ls.all"; cp "$c/used.ls" "$c/used.ls.all"
			df=$(cd "$c/ctx" && realpath -e -- "${dargs[1]:-Dockerfile}" 2>/dev/null ||
			    realpath -e dockerfile)
			if ! cmp -s "$c/dir.ls" "$c/used.ls" &&
			    [ "$(drop_df "$c/dir.ls" "$c/used.ls" "$df")" != 0 ] &&
			    cmp -s "$c/dir.ls" "$c/used.ls"; then
				note="the tar carries the Dockerfile the ignore file excludes"
			fi
			if ! diff -u --label "docker build DIR" --label "ctxpack pack --used | docker build -" \
			    "$c/dir.ls" "$c/used.ls" >"$c/diff"; then
				why="the images differ:
$(sed -n '3,30p' "$c/diff")"
			elif [ -n "$note" ]; then
				status=note
				echo "note $n: $note"
			fi
		else
			why="docker save failed: $(head -c 300 "$c/save.err")"
		fi
	elif [ $rd = 0 ] && [ "$rpk" = 2 ] && grep -q 'Error matching .*syntax error in pattern' "$c/dir.err"; then
		status=note
		echo "note $n: docker quirk: docker build DIR built from a cut context; ctxpack refuses the pattern: $(head -n 1 "$c/$tagp.pack.err" | cut -c1-100)"
	elif [ $rd != 0 ] && grep -q 'Cannot locate specified Dockerfile' "$c/dir.err" &&
	    grep -q 'warning' "$c/$tagp.pack.err"; then
		status=note
		echo "note $n: docker quirk (E5): the CLI loses the Dockerfile; ctxpack keeps it: $(head -n 1 "$c/$tagp.pack.err" | cut -c1-100)"
	elif [ $rd != 0 ] && { [ $rp != 0 ] || [ "$rpk" -ge 2 ]; }; then
		status=bothfail
		[ -n "${USED_VERBOSE:-}" ] && echo "ok $n: fails both ways: $(errs "$c/dir.err" | head -n 1 | cut -c1-120)"
	else
		why="docker build DIR exited $rd, ctxpack pack --used $rpk, the pipe's docker build $rp
    docker build DIR: $(errs "$c/dir.err")
    ctxpack pack --used: $(head -n 3 "$c/$tagp.pack.err")
    docker build -: $(errs "$c/$tagp.err")"
	fi
	# BuildKit v0.8 and ctxpack's model (today's BuildKit) of the context
	# differ: the whole context's tar must then build what --used's builds
	if [ -n "$why" ] && [ "$b" = buildkit ] && [ "$rpk" -le 1 ]; then
		local rf
		pipe "$b" "$c" "$n-full" "" ${args[@]+"${args[@]}"} ${bargs[@]+"${bargs[@]}"}
		rf=$?
		if [ $rf = 0 ] && [ "$(cat "$c/$n-full.pack.rc")" = 0 ] && [ $rp = 0 ] &&
		    dk "$b" save "usedeng:$n-full" >"$c/full.img" 2>>"$c/save.err"; then
			imgls "$b" "$c/full.img" "$c/full.ls" "$t0"
			[ -f "$c/used.ls.all" ] || { dk "$b" save "usedeng:$tagp" >"$c/used.img" 2>>"$c/save.err" &&
			    imgls "$b" "$c/used.img" "$c/used.ls.all" "$t0"; }
			cmp -s "$c/full.ls" "$c/used.ls.all" && status=known
		elif [ $rf != 0 ] && [ $rp != 0 ]; then
			status=known
		elif [ $rd = 0 ] && [ $rp != 0 ] &&
		    grep -qE '"/([[:space:]][^"]*|[^"]*[[:space:]])" not found' "$c/$tagp.err"; then
			# v0.8 matches its include paths untrimmed; today's
			# fsutil compiles them with patternmatcher.New, which
			# trims them (TrimSpace), as ctxpack's --used does:
			# "COPY ['a ', ...]" fails there from DIR too
			status=known
			why="$why
    (v0.8 transfers a source with white space at an end; today's fsutil trims its include patterns)"
		fi
		if [ "$status" = known ]; then
			echo "note $n: known: BuildKit v0.8 differs from today's, which ctxpack models (the whole context's tar builds what --used's builds, or the reason below):"
			echo "$why" | sed -n '1,12p' | sed 's/^/    /'
			why=""
		else
			why="$why
    (and ctxpack pack DIR | docker build - builds another image than --used's, exit $rf)"
		fi
	fi
	dk "$b" rmi -f "usedeng:$tagd" "usedeng:$tagp" "usedeng:$n-full" >/dev/null 2>&1
	[ -n "${USED_VERBOSE:-}" ] && echo "time $n: $(( $(date +%s) - t0 )) s"
	[ -z "$why" ] && return 0
	status=fail
	: >"$WORK/keep.$n"
	echo "FAIL $n ($b): $why"
	[ -n "${REPRO:-}" ] && echo "    reproduce: $REPRO"
	echo "    args: ${args[*]:-} ${bargs[*]:-}"
	echo "    Dockerfile:"; sed 's/^/      /' "$c/Dockerfile.txt" 2>/dev/null | head -n 30
	return 1
}

# one job: "gold CASE" or "seed BUILDER SEED"; its status line goes to
# $WORK/status.$id, what it prints to $WORK/out.$id
job() {
	local kind=$1 b c g s
	if [ "$kind" = gold ]; then
		g=$2 b=$(cat "$GOLD/$2/builder") c=$WORK/g-$2
		mkdir "$c"
		if ! mkgold "$g" "$c/ctx" 2>"$c/mk.err"; then
			echo "FAIL golden $g: tree.sh: $(head -c 200 "$c/mk.err")"; status=fail
			return
		fi
		cp "$GOLD/$g/Dockerfile" "$c/Dockerfile.txt"
		mapfile -t args < <(goldargs "$g" args)
		mapfile -t bargs < <(goldargs "$g" bargs)
		REPRO="test/engine/used/$g" both "$b" "g-$g" "$c"
		if [ "$status" != fail ] && [ -f "$c/dir.ls.all" ] && [ -n "${USED_RECORD:-}" ]; then
			cp "$c/dir.ls.all" "$GOLD/$g/image.ls"
			(cd "$c/ctx" && "$CTXPACK" ls --used --builder "$b" ${args[@]+"${args[@]}"} \
			    ${bargs[@]+"${bargs[@]}"} .) >"$GOLD/$g/used.ls"
			echo "recorded used/$g/image.ls and used.ls"
		elif [ "$status" != fail ] && [ -f "$GOLD/$g/image.ls" ] && [ -f "$c/dir.ls.all" ] &&
		    ! cmp -s "$GOLD/$g/image.ls" "$c/dir.ls.all"; then
			# the engine changed, not ctxpack: the replay keeps the old
			echo "note golden $g: this engine's image differs from the recorded one:"
			diff "$GOLD/$g/image.ls" "$c/dir.ls.all" | head -n 6 | sed 's/^/    /'
		fi
	else
		b=$2 s=$3 c=$WORK/$2-$3
		mkdir "$c"
		if ! python3 "$GEN" --engine "$s" "$c/ctx" >/dev/null 2>"$c/gen.err"; then
			echo "FAIL $b seed $s: gen.py: $(head -c 200 "$c/gen.err")"; status=fail
			return
		fi
		mapfile -t args <"$c/args"
		(cd "$c/ctx" && "$CTXPACK" ls -0 --builder "$b" ${args[@]+"${args[@]}"} . \
		    >"$c/incl" 2>/dev/null) || rm -f "$c/incl"
		if ! python3 "$DFGEN" "$s" "$b" "$c" 2>"$c/gen.err"; then
			echo "FAIL $b seed $s: dfgen.py: $(head -c 300 "$c/gen.err")"; status=fail
			return
		fi
		rm -f "$c/incl"
		mapfile -t bargs <"$c/bargs"
		cp "$(cd "$c/ctx" && realpath -e -- "${args[1]:-Dockerfile}" 2>/dev/null ||
		    realpath -e dockerfile)" "$c/Dockerfile.txt"
		REPRO="USED_BUILDERS=$b bash test/engine/used.sh ./ctxpack 1 $s" \
		    both "$b" "${b:0:1}$s" "$c"
	fi
	[ "$status" != fail ] && { chmod -R u+rwx "$c"; rm -rf "$c"; }
}

# the jobs, in order; lane L of JOBS takes every JOBS-th one
list=$WORK/jobs
: >"$list"
for g in $(golds); do
	b=$(cat "$GOLD/$g/builder")
	case " ${USED_BUILDERS:-classic buildkit} " in *" $b "*) ;; *) continue ;; esac
	[ "$b" = buildkit ] && [ -z "$BK_DOCKER" ] && continue
	echo "gold $g" >>"$list"
done
for b in ${USED_BUILDERS:-classic buildkit}; do
	if [ "$b" = buildkit ] && [ -z "$BK_DOCKER" ]; then
		skip=$((skip + 1))
		echo "SKIP used-engine buildkit: no docker client drives the daemon's BuildKit (no buildx; set USED_BK_DOCKER)"
		continue
	fi
	i=0
	while [ $i -lt "$N" ]; do
		echo "seed $b $((SEED + i))" >>"$list"
		i=$((i + 1))
	done
done
lane() {
	local l=$1 k=0 id line
	while IFS= read -r line; do
		k=$((k + 1))
		[ $(( (k - 1) % JOBS )) = "$l" ] || continue
		id=$(printf '%05d' $k)
		status=fail
		# shellcheck disable=SC2086
		job $line >"$WORK/out.$id" 2>&1
		set -- $line
		if [ "$1" = gold ]; then
			echo "$(cat "$GOLD/$2/builder") $status $(( $(date +%s) - T_START ))" >"$WORK/status.$id"
		else
			echo "$2 $status $(( $(date +%s) - T_START ))" >"$WORK/status.$id"
		fi
	done <"$list"
}
l=0
while [ $l -lt "$JOBS" ]; do
	lane $l &
	l=$((l + 1))
done
wait
for f in "$WORK"/out.*; do
	[ -e "$f" ] && cat "$f"
done
declare -A cnt=()
for f in "$WORK"/status.*; do
	[ -e "$f" ] || continue
	read -r b st _ <"$f"
	cnt[$b-$st]=$((${cnt[$b-$st]:-0} + 1))
	if [ "$st" = fail ]; then fail=$((fail + 1)); else pass=$((pass + 1)); fi
done
for b in ${USED_BUILDERS:-classic buildkit}; do
	[ "$b" = buildkit ] && [ -z "$BK_DOCKER" ] && continue
	a=$(( ${cnt[$b-agreed]:-0} + ${cnt[$b-bothfail]:-0} + ${cnt[$b-known]:-0} + ${cnt[$b-note]:-0} ))
	echo "used-engine: $b: $a agreed (${cnt[$b-agreed]:-0} same image," \
	    "${cnt[$b-bothfail]:-0} failing both ways, ${cnt[$b-known]:-0} known v0.8 differences," \
	    "${cnt[$b-note]:-0} other notes), ${cnt[$b-fail]:-0} disagreed"
done
echo "used-engine: $(( $(date +%s) - T_START )) s"
echo "used-engine: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
