#!/bin/sh
# Install the Debian packages ctxpack needs to build and test, when run as
# root; otherwise say what to install.  Used by make demo/check and .ci/run.
# (python3-jsonschema validates SARIF, chromium renders report --html,
# pre-commit runs the hooks: test/formats/.)
need="libarchive-dev libpcre2-dev libxxhash-dev libyaml-dev pkg-config make gcc tar python3 util-linux gzip zstd xz-utils bzip2 git
    python3-jsonschema chromium pre-commit"
missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "ctxpack: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
	echo "ctxpack: apt-get failed" >&2
	exit 1
fi
echo "ctxpack: missing Debian packages:$missing" >&2
echo "ctxpack: run: sudo apt-get install$missing" >&2
exit 1
