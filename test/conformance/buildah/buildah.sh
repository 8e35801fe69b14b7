# buildah.sh: harness functions for the buildah oracle; source it from sh or
# bash (record.sh, diff.sh, verify.sh do).  Only bh_init, bh_build and
# bh_list need buildah; bh_settle and bh_ls need python3 alone.
#
#   . test/conformance/buildah/buildah.sh
#   bh_init                      private store under $BH_TMP, EXIT trap
#   bh_settle DIR                fixed mtimes for a fresh tree (bhls.py)
#   bh_build NAME DIR [ARG...]   build DIR (run from inside it, context ".")
#   bh_list NAME LS META         what reached /ctx; removes the image
#   bh_error                     buildah's stderr as one line, paths hidden
#
# A build is `FROM scratch` + `COPY . /ctx/` (the tree must hold that build
# file, see BH_DOCKERFILE) made as root with no network:
#   buildah --root R --runroot RR --storage-driver vfs build \
#       --isolation chroot --no-cache -q -t NAME [ARG...] .
# run from inside DIR, so that -f and --ignorefile paths are relative both
# to the current directory and to the context, as in the golden cases.
# Nothing runs in a container (no RUN), so no image and no network are
# needed; a build takes about 0.2 s.  The result is read with `buildah from`
# + `buildah mount` (vfs: a plain directory) and listed by bhls.py:
#   LS    tar order, directories ending in "/": what `ctxpack ls
#         --builder=buildah` must print;
#   META  tarls -m -c lines (TYPE MODE SIZE UID GID MTIME NAME [-> LINK]
#         [DEV maj,min] [xxh64:HEX] [x:KEY=HEX...]); a directory buildah
#         created instead of copying (B10: an excluded parent of a
#         re-included entry; mode 0755, 0:0, the build time as mtime) has
#         the word `created` as MTIME.  Times are what buildah left, i.e.
#         rounded to the nearest second (B14).
# bh_build sets BH_RC (buildah's exit status), BH_SINCE and BH_UNTIL (the
# epoch seconds around the build) and leaves stderr in $BH_TMP/err.
#
# Environment: BUILDAH (default `buildah`), TMPDIR (where BH_TMP goes).
# Counter: BH_BUILDS, the number of builds run so far.

BH_HERE=${BH_HERE:-$(cd "$(dirname "${BH_SELF:-$0}")" && pwd)}
# shellcheck disable=SC2034 # used by the scripts that source this file
BH_DOCKERFILE='FROM scratch
COPY . /ctx/'
BH_BUILDS=0

bh_cleanup() {
	if [ -n "${BH_TMP:-}" ] && [ -d "$BH_TMP" ]; then
		if [ -d "$BH_TMP/R" ]; then
			bh_b rm -a >/dev/null 2>&1
			bh_b rmi -a -f >/dev/null 2>&1
			bh_b umount -a >/dev/null 2>&1
		fi
		if [ "${BH_KEEP:-0}" = 1 ]; then
			echo "buildah: scratch kept in $BH_TMP" >&2
		else
			chmod -R u+rwx "$BH_TMP" 2>/dev/null
			rm -rf "$BH_TMP"
		fi
	fi
}

# bh_init: a private store and scratch directory, removed on exit
bh_init() {
	BH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bh.XXXXXX") || exit 2
	mkdir -p "$BH_TMP/R" "$BH_TMP/RR"
	trap bh_cleanup EXIT
	trap 'exit 2' HUP INT TERM
}

# bh_b ARG...: buildah with the private store
bh_b() {
	"${BUILDAH:-buildah}" --root "$BH_TMP/R" --runroot "$BH_TMP/RR" \
	    --storage-driver vfs "$@"
}

bh_have() {
	command -v "${BUILDAH:-buildah}" >/dev/null 2>&1 && [ "$(id -u)" = 0 ]
}

bh_settle() {
	python3 "$BH_HERE/bhls.py" settle "$1"
}

bh_ls() {
	python3 "$BH_HERE/bhls.py" ls "$1"
}

# bh_build NAME DIR [ARG...]
bh_build() {
	_n=$1 _d=$2
	shift 2
	BH_SINCE=$(date +%s)
	(cd "$_d" && bh_b build --isolation chroot --no-cache -q -t "$_n" "$@" .) \
	    >"$BH_TMP/out" 2>"$BH_TMP/err" </dev/null
	BH_RC=$?
	BH_UNTIL=$(($(date +%s) + 1))
	BH_BUILDS=$((BH_BUILDS + 1))
	BH_CTX=$(cd "$_d" && pwd -P)
	return $BH_RC
}

# bh_list NAME LS META: list /ctx of image NAME, then remove the image
bh_list() {
	_c=$(bh_b from -q "$1") || return 1
	_m=$(bh_b mount "$_c") || { bh_b rm "$_c" >/dev/null; return 1; }
	_r=0
	if [ -d "$_m/ctx" ]; then
		python3 "$BH_HERE/bhls.py" ls "$_m/ctx" >"$2" &&
		    python3 "$BH_HERE/bhls.py" meta "$_m/ctx" "$BH_SINCE" "$BH_UNTIL" >"$3" ||
		    _r=1
	else
		echo "buildah: image $1 has no /ctx" >&2
		_r=1
	fi
	bh_b umount "$_c" >/dev/null 2>&1
	bh_b rm "$_c" >/dev/null 2>&1
	bh_b rmi -f "$1" >/dev/null 2>&1
	return $_r
}

# bh_error: the last build's stderr on one line, the context's absolute
# path shown as <ctx>, the scratch directory as <tmp>, the Go dump of a
# copier request (it holds pointers) as copier.request{...}
bh_error() {
	python3 -c '
import sys
ctx, tmp = sys.argv[1].encode(), sys.argv[2].encode()
t = open(sys.argv[3], "rb").read().replace(ctx, b"<ctx>").replace(tmp, b"<tmp>")
# a lazy pattern error dumps the copier request, pointers included: elide it
k = t.find(b"copier.request{")
if k >= 0:
    i, depth, quoted = k + len(b"copier.request{"), 1, False
    while i < len(t) and depth:
        ch = t[i:i + 1]
        if quoted:
            if ch == b"\\":
                i += 1
            elif ch == b"\"":
                quoted = False
        elif ch == b"\"":
            quoted = True
        elif ch == b"{":
            depth += 1
        elif ch == b"}":
            depth -= 1
        i += 1
    t = t[:k] + b"copier.request{...}" + t[i:]
print(" ".join(l.strip().decode("utf-8", "backslashreplace") for l in t.splitlines() if l.strip()))
' "$BH_CTX" "$BH_TMP" "$BH_TMP/err"
}
