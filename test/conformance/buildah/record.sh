#!/bin/sh
# record.sh: regenerate the expectations of the buildah golden cases from the
# real buildah (by hand only; run.sh and `make check` never need buildah).
#
#   test/conformance/buildah/record.sh [CASE...]
#
# CASE is a directory under cases/ or its name; default: all.  Needs root,
# buildah (Debian's 1.28.2 was used: apt-get install buildah) and python3.
# For each case, in a fresh empty directory ctx/ whose parent is private to
# the case (umask 022), it runs `sh mk.sh`, gives fresh mtimes a fixed value
# (bhls.py settle), then from inside the tree
#     buildah build --isolation chroot --no-cache -q -t NAME ARGS .
# (private --root/--runroot, vfs; ARGS from the file `args`, with ctxpack's
# --ignore-file spelled --ignorefile) and writes:
#     buildah   on success: what reached /ctx, as `ctxpack ls` prints it
#     meta      on success: the same entries with metadata (see buildah.sh)
#     error     on failure: buildah's stderr, one line, <ctx> for the tree
#     exit      on failure: buildah's exit status
# and prints the number of builds.  Review the diff before committing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BH_HERE=$here
. "$here/buildah.sh"
if ! bh_have; then
	echo "record: needs root and buildah" >&2
	exit 2
fi
bh_init
if [ $# -eq 0 ]; then
	set -- "$here"/cases/*/
fi
n=0
for c in "$@"; do
	case $c in */*) ;; *) c=$here/cases/$c ;; esac
	c=$(cd "$c" && pwd)
	name=${c##*/}
	w=$BH_TMP/w/$name
	mkdir -p "$w/ctx"
	if ! (umask 022 && cd "$w/ctx" && sh "$c/mk.sh"); then
		echo "record: $name: mk.sh failed" >&2
		exit 1
	fi
	bh_settle "$w/ctx"
	args=
	[ -f "$c/args" ] && args=$(sed 's/--ignore-file/--ignorefile/g' "$c/args")
	rm -f "$c/buildah" "$c/meta" "$c/error" "$c/exit"
	# shellcheck disable=SC2086
	if bh_build "ctxcase-$n" "$w/ctx" $args; then
		bh_list "ctxcase-$n" "$c/buildah" "$c/meta" || {
			echo "record: $name: cannot list /ctx" >&2
			exit 1
		}
	else
		bh_error >"$c/error"
		echo "$BH_RC" >"$c/exit"
	fi
	chmod -R u+rwx "$w"
	rm -rf "$w"
	n=$((n + 1))
done
echo "recorded $n cases with $BH_BUILDS buildah builds"
