#!/bin/sh
# Install the Debian packages ctxpack needs to build and test, when run as
# root; otherwise say what to install.  Used by make demo/check and .ci/run.
need="libarchive-dev libpcre2-dev libxxhash-dev libyaml-dev pkg-config make gcc tar python3 util-linux gzip zstd xz-utils bzip2 git"
# for the tar-readers and real-engine suites (skipped without them):
# a Docker daemon, bsdtar, Go (its archive/tar is the daemon's reader)
opt="docker.io libarchive-tools golang-go"
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=""
for p in $need; do
	installed "$p" || missing="$missing $p"
done
root=0
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && root=1
optmissing=""
for p in $opt; do
	installed "$p" || optmissing="$optmissing $p"
done
if [ -n "$optmissing" ]; then
	if [ $root = 1 ]; then
		missing="$missing$optmissing"
	else
		echo "ctxpack: not installed (some tests will be skipped):$optmissing" >&2
	fi
fi
[ -z "$missing" ] && exit 0
if [ $root = 1 ]; then
	echo "ctxpack: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
	echo "ctxpack: apt-get failed" >&2
	exit 1
fi
echo "ctxpack: missing Debian packages:$missing" >&2
echo "ctxpack: run: sudo apt-get install$missing" >&2
exit 1
