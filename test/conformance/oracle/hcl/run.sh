#!/bin/sh
# The hcl oracle suite: bake files read by ctxpack's bake.c + hcl.c
# (through the bakedump driver) and by hashicorp/hcl/v2 (main.go) must give
# the same normalized JSON: the committed cases/ first, then N generated
# ones (gen.py, seeded).  Each case directory holds bake files and an
# optional env file of NAME=VALUE lines set for both readers.  Skipped
# when Go or Debian's golang-github-hashicorp-hcl-v2-dev is missing.
#   run.sh [N [SEED]]
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
n=${1:-300} seed=${2:-1}
gopath=/usr/share/gocode
if ! command -v go >/dev/null 2>&1 ||
    [ ! -d "$gopath/src/github.com/hashicorp/hcl/v2" ]; then
	echo "hcl oracle: Go or golang-github-hashicorp-hcl-v2-dev is missing"
	echo "hcl-oracle: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-hcl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$here" && GO111MODULE=off GOPATH=$gopath GOCACHE=$tmp/gocache \
    go build -o "$tmp/oracle" main.go) || {
	echo "hcl-oracle: 0 passed, 1 failed, 0 skipped"; exit 1; }
${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -g -I"$root/src/cli" -o "$tmp/bakedump" \
    "$here/bakedump.c" "$root/src/cli/bake.c" "$root/src/cli/hcl.c" \
    $(pkg-config --cflags --libs yaml-0.1) -lm || {
	echo "hcl-oracle: 0 passed, 1 failed, 0 skipped"; exit 1; }
python3 "$here/gen.py" "$seed" "$n" "$tmp/gen" || {
	echo "hcl-oracle: 0 passed, 1 failed, 0 skipped"; exit 1; }
pass=0 fail=0
for c in "$here"/cases/* "$tmp"/gen/*; do
	[ -d "$c" ] || continue
	files=""
	for f in docker-bake.json docker-bake.hcl docker-bake.override.json \
	    docker-bake.override.hcl; do
		[ -f "$c/$f" ] && files="$files $f"
	done
	envs=""
	[ -f "$c/env" ] && envs=$(cat "$c/env")
	(cd "$c" && eval "env -i PATH=\"\$PATH\" $(printf '%s\n' "$envs" |
	    sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=\(.*\)$/\1='"'"'\2'"'"'/p' |
	    tr '\n' ' ') \"\$tmp/oracle\" $files") >"$tmp/want" 2>"$tmp/want.err"
	(cd "$c" && eval "env -i PATH=\"\$PATH\" $(printf '%s\n' "$envs" |
	    sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=\(.*\)$/\1='"'"'\2'"'"'/p' |
	    tr '\n' ' ') \"\$tmp/bakedump\" $files") >"$tmp/got" 2>"$tmp/got.err"
	if cmp -s "$tmp/want" "$tmp/got"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL ${c#"$tmp/"}"
		diff -u "$tmp/want" "$tmp/got" | sed -n '3,12p'
		sed -n '1,4p' "$tmp/want.err" "$tmp/got.err"
		if [ -z "${KEEP:-}" ]; then :; else cp -r "$c" "$KEEP/"; fi
	fi
done
echo "hcl-oracle: $pass passed, $fail failed, 0 skipped"
[ "$fail" = 0 ]
