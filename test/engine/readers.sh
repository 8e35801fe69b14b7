#!/bin/sh
# test/engine/readers.sh: every tar ctxpack writes is read, whole and
# alike, by every common reader; every tar of a pack that failed is
# rejected by all of them (item 8: the poison).
#   readers.sh CTXPACK GOTAR READFAIL_SO
# Trees: trees.sh's, and READERS_SEEDS (10) of gen.py from READERS_SEED (1).
# Readers: GOTAR (Go's archive/tar as moby's Untar uses it; also the docker
# CLI's 512-byte archive test), Python's tarfile (list, extractall), GNU
# tar (-t, -x), bsdtar (-t, -x); a missing one is named and left out.
# A good tar: each reader exits 0 and says nothing; Go and Python list the
# same entries (type, mode, owner, size, mtime, name, link, sha256); the
# trees GNU tar, bsdtar and Python extract are identical (but for two
# reader quirks, noted: bsdtar extracts names in NFC, Python mangles a
# hard link to a symlink); the CLI takes it for a tar.  A poisoned tar: ctxpack exits 2 and each reader, listing or
# extracting, fails.  Last line: "N passed, N failed, N skipped".
set -u
CTXPACK=$1 GOTAR=$2 READFAIL=$3
here=$(cd "$(dirname "$0")" && pwd)
case $CTXPACK in /*) ;; *) CTXPACK=$(pwd)/$CTXPACK ;; esac
case $GOTAR in /*) ;; *) GOTAR=$(pwd)/$GOTAR ;; esac
case $READFAIL in /*) ;; *) READFAIL=$(pwd)/$READFAIL ;; esac
PYTAR="python3 $here/pytar.py"
. "$here/trees.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-readers.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
chmod 755 "$work"
pass=0 fail=0 skip=0
# not root: extraction cannot restore owners, so bsdtar drops setuid/setgid
treeopt=
[ "$(id -u)" = 0 ] || treeopt=-S
have_go=1 have_gnu=1 have_bsd=1 have_shim=1
noreader() { echo "SKIP $1"; skip=$((skip + 1)); }
[ -x "$GOTAR" ] || { noreader "Go reader: $GOTAR not built"; have_go=0; }
tar --version 2>/dev/null | grep -q 'GNU tar' || { noreader "GNU tar: not installed"; have_gnu=0; }
command -v bsdtar >/dev/null || { noreader "bsdtar: not installed (libarchive-tools)"; have_bsd=0; }
[ -f "$READFAIL" ] || { noreader "read-error cases: $READFAIL not built"; have_shim=0; }
# bsdtar converts names to the locale's charset: not in C (it fails on
# non-ASCII), so a UTF-8 one; the others do not care
export LC_ALL=C.UTF-8
# under ASan the shim cannot come first; ASan need not mind
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# GNU tar names pax keywords it does not know and reads on (exit 0):
# hdrcharset (POSIX) and libarchive's own copy of an xattr (it reads
# SCHILY.xattr.*)
gnu_notes="unknown extended header keyword .\(hdrcharset\|LIBARCHIVE\.xattr\.[a-z.]*\)."
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# as_nobody CMD...: run so that a mode-000 file cannot be read
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# accept NAME TAR: every reader reads it whole, and they agree
accept() {
	n=$1 t=$2 d=$work/r.$1 why=""
	mkdir "$d"
	if [ $have_go = 1 ]; then
		"$GOTAR" "$t" >"$d/go.ls" 2>"$d/go.err" && ! [ -s "$d/go.err" ] ||
			why="$why; Go: $(head -c 200 "$d/go.err")"
		"$GOTAR" -detect "$t" >"$d/detect" 2>&1 ||
			why="$why; docker CLI would read a Dockerfile: $(cat "$d/detect")"
	fi
	$PYTAR list "$t" >"$d/py.ls" 2>"$d/py.err" ||
		why="$why; Python list: $(head -c 200 "$d/py.err")"
	if [ $have_go = 1 ] && [ -z "$why" ] && ! cmp -s "$d/go.ls" "$d/py.ls"; then
		why="$why; Go and Python list differently:
$(diff "$d/go.ls" "$d/py.ls" | head -10)"
	fi
	mkdir "$d/px"
	$PYTAR extract "$t" "$d/px" 2>"$d/pyx.err" ||
		why="$why; Python extractall: $(head -c 200 "$d/pyx.err")"
	trees=
	if [ $have_gnu = 1 ]; then
		tar -tf "$t" >/dev/null 2>"$d/gt.err"
		rc=$?
		grep -v "$gnu_notes" "$d/gt.err" >"$d/gt.err2"
		[ $rc = 0 ] && ! [ -s "$d/gt.err2" ] ||
			why="$why; GNU tar -t (exit $rc): $(head -c 200 "$d/gt.err2")"
		mkdir "$d/gx"
		tar --warning=no-timestamp -xpf "$t" -C "$d/gx" 2>"$d/gx.err"
		rc=$?
		grep -v "$gnu_notes" "$d/gx.err" >"$d/gx.err2"
		[ $rc = 0 ] && ! [ -s "$d/gx.err2" ] ||
			why="$why; GNU tar -x (exit $rc): $(head -c 200 "$d/gx.err2")"
		trees=gx
	fi
	if [ $have_bsd = 1 ]; then
		bsdtar -tf "$t" >/dev/null 2>"$d/bt.err" && ! [ -s "$d/bt.err" ] ||
			why="$why; bsdtar -t: $(head -c 200 "$d/bt.err")"
		mkdir "$d/bx"
		bsdtar -xpf "$t" -C "$d/bx" 2>"$d/bx.err" && ! [ -s "$d/bx.err" ] ||
			why="$why; bsdtar -x: $(head -c 200 "$d/bx.err")"
	fi
	# Python's extractall makes a hard link to a symlink a link to what
	# the symlink points to, or, where that dangles, a new symlink, and
	# then chmods and touches what that one points to
	if awk '$1 == "l" { l[$7] = 1 } $1 == "h" && l[$9] { f = 1 } END { exit !f }' "$d/py.ls"; then
		echo "note $n: a hard link to a symlink, which Python's extractall mangles: its tree not compared"
	else
		trees="$trees px"
	fi
	# bsdtar (libarchive 3.6) extracts pax UTF-8 names and link targets
	# in NFC: compare its tree only where they are NFC already
	if [ $have_bsd = 1 ]; then
		if $PYTAR nfc "$d/py.ls"; then
			trees="$trees bx"
		else
			echo "note $n: names not in NFC, which bsdtar -x changes: its tree not compared"
		fi
	fi
	set -- $trees
	ref=${1:-}
	for x in $trees; do
		$PYTAR tree $treeopt -L "$d/py.ls" "$d/$x" >"$d/$x.tree" 2>&1
	done
	for x in $trees; do
		cmp -s "$d/$ref.tree" "$d/$x.tree" || why="$why; trees extracted by
$ref and $x differ:
$(diff "$d/$ref.tree" "$d/$x.tree" | head -10)"
	done
	if [ -z "$why" ]; then ok; else bad "$n: good tar:$why"; fi
	chmod -R u+rwx "$d" 2>/dev/null; rm -rf "$d"
}

# reject NAME TAR: every reader fails on it
reject() {
	n=$1 t=$2 d=$work/r.$1 why=""
	mkdir "$d"
	if [ $have_go = 1 ] && "$GOTAR" "$t" >/dev/null 2>&1; then
		why="$why; Go reads it"
	fi
	$PYTAR list "$t" >/dev/null 2>&1 && why="$why; Python lists it"
	mkdir "$d/px"
	$PYTAR extract "$t" "$d/px" >/dev/null 2>&1 && why="$why; Python extracts it"
	if [ $have_gnu = 1 ]; then
		tar -tf "$t" >/dev/null 2>&1 && why="$why; GNU tar -t reads it"
		cat "$t" | tar -tf - >/dev/null 2>&1 && why="$why; GNU tar -t - reads it"
		mkdir "$d/gx"
		tar --warning=no-timestamp -xf "$t" -C "$d/gx" >/dev/null 2>&1 &&
			why="$why; GNU tar -x extracts it"
	fi
	if [ $have_bsd = 1 ]; then
		bsdtar -tf "$t" >/dev/null 2>&1 && why="$why; bsdtar -t reads it"
		cat "$t" | bsdtar -tf - >/dev/null 2>&1 && why="$why; bsdtar -t - reads it"
		mkdir "$d/bx"
		bsdtar -xf "$t" -C "$d/bx" >/dev/null 2>&1 && why="$why; bsdtar -x extracts it"
	fi
	if [ -z "$why" ]; then ok; else bad "$n: poisoned tar accepted:$why"; fi
	chmod -R u+rwx "$d" 2>/dev/null; rm -rf "$d"
}

# pack NAME WANT [ENV...] -- [PACK ARGS]: pack $work/NAME into $work/NAME.tar
pack() {
	n=$1 want=$2; shift 2
	(cd "$work/$n" && "$@" >"$work/$n.tar" 2>"$work/$n.err")
	rc=$?
	if [ $rc != "$want" ]; then
		bad "$n: ctxpack exited $rc, want $want: $(head -c 300 "$work/$n.err")"
		return 1
	fi
	return 0
}

mktree() { mkdir "$work/$1" && (cd "$work/$1" && shift && "$@"); }

# ---------------------------------------------------------------- good tars
for tr in $FIRST_TREES; do
	if ! mktree "$tr" "tree_$tr" 2>"$work/$tr.mkerr"; then
		echo "SKIP $tr: cannot make the tree: $(head -c 200 "$work/$tr.mkerr")"
		skip=$((skip + 1)); continue
	fi
	pack "$tr" 0 "$CTXPACK" pack . && accept "$tr" "$work/$tr.tar"
done

mktree mixed tree_mixed && pack mixed 0 "$CTXPACK" pack . && accept mixed "$work/mixed.tar"
pack mixed 0 "$CTXPACK" pack --builder=classic . && accept mixed-classic "$work/mixed.tar"

# random trees of the differential suite's generator (as root with its
# --engine extras: mode 000, FIFOs, newline and non-UTF-8 names, ...)
genopt=
[ "$(id -u)" = 0 ] && genopt=--engine
i=0
while [ $i -lt "${READERS_SEEDS:-10}" ]; do
	sd=$((${READERS_SEED:-1} + i)); i=$((i + 1))
	mkdir "$work/g$sd"
	python3 "$here/../conformance/diff/gen.py" $genopt "$sd" "$work/g$sd/ctx" >/dev/null 2>&1 ||
		{ bad "seed $sd: gen.py failed"; continue; }
	(cd "$work/g$sd/ctx" && set -- && while IFS= read -r a; do set -- "$@" "$a"; done <../args &&
	    "$CTXPACK" pack "$@" . >"$work/g$sd.tar" 2>/dev/null)
	rc=$?
	# (a bad pattern or an ignore file that is a directory: no tar)
	[ $rc = 0 ] && accept "seed$sd" "$work/g$sd.tar"
	[ $rc = 0 ] || [ $rc = 2 ] || bad "seed $sd: ctxpack exited $rc"
	chmod -R u+rwx "$work/g$sd"; rm -rf "$work/g$sd" "$work/g$sd.tar"
done

# ---------------------------------------------------------------- poisoned
df() { printf 'FROM scratch\n' > Dockerfile; }
# the very first entry cannot be read
tree_p_first() { df; printf s > -secret; }
# right after a file's data (700 bytes: its padding is still to come)
tree_p_after_data() { df; head -c 700 /dev/urandom > a; printf s > b; }
# right after data that ends on a block boundary, and after a directory
tree_p_after_block() { df; head -c 512 /dev/urandom > a; printf s > b; }
tree_p_after_dir() { df; mkdir a; printf s > b; }
for tr in p_first p_after_data p_after_block p_after_dir; do
	mktree "$tr" "tree_$tr" || continue
	chmod -R a+rX "$work/$tr"
	case $tr in p_first) chmod 000 "$work/$tr/-secret" ;; *) chmod 000 "$work/$tr/b" ;; esac
	pack "$tr" 2 as_nobody "$CTXPACK" pack . && reject "$tr" "$work/$tr.tar"
	pack "$tr" 2 as_nobody "$CTXPACK" pack --gzip . && reject "$tr-gzip" "$work/$tr.tar"
done
# an included directory cannot be read: the walk fails between entries
tree_p_walk() { df; printf a > a; mkdir d; printf x > d/x; }
if mktree p_walk tree_p_walk; then
	chmod -R a+rX "$work/p_walk"; chmod 000 "$work/p_walk/d"
	pack p_walk 2 as_nobody "$CTXPACK" pack . && reject p_walk "$work/p_walk.tar"
fi
# ... after 1 MiB of data, a whole number of blocks: output already
# flushed ends on an entry boundary (this once built an image without d/)
tree_p_walk_big() { df; head -c 1048576 /dev/urandom > a; mkdir d; printf x > d/x; }
if mktree p_walk_big tree_p_walk_big; then
	chmod -R a+rX "$work/p_walk_big"; chmod 000 "$work/p_walk_big/d"
	pack p_walk_big 2 as_nobody "$CTXPACK" pack . && reject p_walk_big "$work/p_walk_big.tar"
fi
# a read error midway through a file (readfail.so): at the first byte,
# inside a block, at block boundaries, near the end; after buffers flushed
if [ $have_shim = 1 ]; then
	tree_p_mid() { df; head -c 2500 /dev/urandom > m; printf z > z; }
	mktree p_mid tree_p_mid
	for at in 0 1 100 511 512 513 1024 1536 2000 2047 2048 2499; do
		pack p_mid 2 env LD_PRELOAD="$READFAIL" READFAIL_NAME=m \
		    READFAIL_AFTER=$at "$CTXPACK" pack . &&
		    reject "p_mid_$at" "$work/p_mid.tar"
	done
	tree_p_bigmid() { df; head -c 3145728 /dev/urandom > m; }
	mktree p_bigmid tree_p_bigmid
	for at in 1048576 2097152 3145727; do
		pack p_bigmid 2 env LD_PRELOAD="$READFAIL" READFAIL_NAME=m \
		    READFAIL_AFTER=$at "$CTXPACK" pack . &&
		    reject "p_bigmid_$at" "$work/p_bigmid.tar"
	done
	# the first entry has the lead-in, then its data fails
	mktree p_lead tree_mtime9e9
	pack p_lead 2 env LD_PRELOAD="$READFAIL" READFAIL_NAME=-x \
	    READFAIL_AFTER=2 "$CTXPACK" pack . && reject p_lead "$work/p_lead.tar"
fi
echo "tar-readers: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
