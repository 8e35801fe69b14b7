#!/bin/sh
# record.sh: regenerate the expected files of the golden corpus from the two
# reference oracles of ../shared. It is NOT run by the tests (run.sh needs no
# oracle); run it by hand after adding or changing a case, then review the diff.
#
#   test/conformance/golden/record.sh [CASE...]
#
# CASE is a case directory or its name (e.g. 042-class-negated-slash); default:
# every directory under test/conformance/golden/cases/. Needs: ../shared beside the
# repository (override with SHARED=DIR), the docker client and python3 (for
# shared/tools/docker-context), Go and Debian's patternmatcher package (for
# shared/tools/buildkit-oracle, which installs them on first use), gcc and
# libarchive/libxxhash headers (to build test/tools/tarls.c; or set TARLS=PATH).
# Run it as root, like the tests: some trees hold mode-0000 files.
#
# For each case, in a fresh empty directory (umask 022, parent private to the
# case, so mk.sh may place a file in ..), it runs `sh mk.sh`, then from inside
# the tree:
#   classic   `docker-context . OUT.tar ARGS`; on success `tarls OUT.tar` is
#             written to `classic`; on failure docker's message (one line, the
#             tree's absolute path replaced by <ctx>) goes to `error` instead.
#   buildkit  `buildkit-oracle .` (with `Dockerfile.dockerignore` as the ignore
#             file when the tree has one at its root, rule H2), converted from
#             the oracle's sorted `KIND PATH` lines to tar order (depth-first
#             pre-order, names sorted bytewise in each directory, directories
#             ending in /) and written to `buildkit`. Not recorded when:
#               - docker failed: H1 says BuildKit parses the same way, so run.sh
#                 then expects ctxpack's buildkit mode to fail too; a warning is
#                 printed if the oracle nevertheless succeeded;
#               - ARGS has -f naming anything but `Dockerfile`, or the tree has
#                 no root `Dockerfile` (the oracle knows no -f: it cannot pick
#                 the per-Dockerfile ignore file of another one, H2);
#               - the oracle fails (a warning is printed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$here/../../../../shared}
SHARED=$(cd "$SHARED" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/record.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
if [ -z "${TARLS:-}" ]; then
	TARLS=$tmp/tarls
	# shellcheck disable=SC2046
	gcc -O2 -o "$TARLS" "$here/../../tools/tarls.c" $(pkg-config --cflags --libs libarchive libxxhash)
fi

# tar order for the oracle's "KIND PATH" lines
toorder() {
	python3 -c '
import sys
rows = []
for line in sys.stdin.buffer.read().split(b"\n"):
    if not line:
        continue
    kind, path = line[:1], line[2:]
    rows.append((path.split(b"/"), path + (b"/" if kind == b"d" else b"")))
rows.sort(key=lambda r: r[0])
sys.stdout.buffer.write(b"".join(r[1] + b"\n" for r in rows))
'
}

if [ $# -eq 0 ]; then
	set -- "$here"/cases/*/
fi
n=0
for c in "$@"; do
	case $c in */*) ;; *) c=$here/cases/$c ;; esac
	c=$(cd "$c" && pwd)
	name=${c##*/}
	w=$tmp/$name
	mkdir -p "$w/ctx"
	(umask 022 && cd "$w/ctx" && sh "$c/mk.sh")
	args=
	[ -f "$c/args" ] && args=$(cat "$c/args")
	rm -f "$c/classic" "$c/buildkit" "$c/error"
	# shellcheck disable=SC2086
	if (cd "$w/ctx" && "$SHARED/tools/docker-context" . "$w/out.tar" $args) 2>"$w/err"; then
		"$TARLS" "$w/out.tar" >"$c/classic"
		failed=0
	else
		# one line, without the scratch path
		ctx=$(cd "$w/ctx" && pwd -P)
		python3 -c '
import sys
ctx = sys.argv[1].encode()
t = open(sys.argv[2], "rb").read().replace(ctx, b"<ctx>")
print(" ".join(l.strip().decode("utf-8", "replace") for l in t.splitlines() if l.strip()))
' "$ctx" "$w/err" >"$c/error"
		failed=1
	fi
	ign=
	[ -f "$w/ctx/Dockerfile.dockerignore" ] && ign=Dockerfile.dockerignore
	oracle=1
	case " $args " in
	*" -f Dockerfile "*) ;;
	*" -f "*) oracle=0 ;;
	esac
	[ -f "$w/ctx/Dockerfile" ] || oracle=0
	if (cd "$w/ctx" && "$SHARED/tools/buildkit-oracle" . $ign) >"$w/bk" 2>"$w/bkerr"; then
		if [ $failed = 1 ]; then
			echo "record: $name: docker failed but buildkit-oracle succeeded; no buildkit file (H1)" >&2
		elif [ $oracle = 1 ]; then
			toorder <"$w/bk" >"$c/buildkit"
		fi
	elif [ $failed = 0 ] && [ $oracle = 1 ]; then
		echo "record: $name: buildkit-oracle failed: $(cat "$w/bkerr")" >&2
	fi
	chmod -R u+rwx "$w"
	rm -rf "$w"
	n=$((n + 1))
done
echo "recorded $n cases"
