#!/bin/sh
# Install the Debian packages ctxpack needs, when run as root; otherwise
# name them.  Used by make demo (build), make check (test) and .ci/run.
#   deps.sh [build|test]
# build: what building ctxpack needs; missing ones stop the build when
# they cannot be installed.  test: also what the test suites run against
# (real engines, readers, oracles, a browser; listed in test/deps.test):
# installed as root, else named, and the suites that need them are
# skipped, counted as skipped.
here=$(dirname "$0")
build="libarchive-dev libpcre2-dev libxxhash-dev libyaml-dev pkg-config make gcc"
test="tar python3 util-linux gzip zstd xz-utils bzip2 git $(grep -v '^#' "$here/deps.test" 2>/dev/null)"
missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "install ok installed" || printf ' %s' "$p"
	done
}
need=$(missing $build)
want=
[ "${1:-test}" = test ] && want=$(missing $test)
[ -z "$need$want" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "ctxpack: missing Debian packages:$need$want" >&2
	echo "ctxpack: installing them (apt-get install)" >&2
	export DEBIAN_FRONTEND=noninteractive
	if apt-get update -qq >/dev/null &&
	    apt-get install -y -qq $need $want >/dev/null; then
		exit 0
	fi
	echo "ctxpack: apt-get failed" >&2
	[ -z "$need" ] && exit 0	# the suites that need them skip
	exit 1
fi
if [ -n "$need" ]; then
	echo "ctxpack: missing Debian packages:$need" >&2
	echo "ctxpack: run: sudo apt-get install$need$want" >&2
	exit 1
fi
echo "ctxpack: the suites that need these are skipped:$want" >&2
echo "ctxpack: to run them: sudo apt-get install$want" >&2
exit 0
