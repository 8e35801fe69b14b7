#!/bin/sh
# Install the Debian packages ctxpack needs, when run as root; otherwise
# say what to install.  Used by make demo (build), make check (test) and
# .ci/run.
#   deps.sh [build|test]
# build: to build ctxpack.  test: also what the test suites run against
# (real engines and tools; a suite whose tool is missing is skipped).
build="libarchive-dev libpcre2-dev libxxhash-dev libyaml-dev pkg-config make gcc"
test="tar python3 util-linux gzip zstd xz-utils bzip2 git mandoc libarchive-tools"
need=$build
[ "${1:-test}" = test ] && need="$build $test $(grep -v "^#" "$(dirname "$0")/deps.test" 2>/dev/null)"
missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "ctxpack: missing Debian packages:$missing" >&2
	echo "ctxpack: installing them (apt-get install)" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
	echo "ctxpack: apt-get failed" >&2
	exit 1
fi
echo "ctxpack: missing Debian packages:$missing" >&2
echo "ctxpack: run: sudo apt-get install$missing" >&2
exit 1
