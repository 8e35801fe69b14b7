#!/bin/bash
# bk.sh: BuildKit mode against the project's own patternmatcher oracle
# (test/conformance/oracle/bkwalk, Go): seeded random trees from gen.py, and
# `ctxpack ls --builder=buildkit` must list exactly what a full walk with
# parent results keeps, excluded parents included.  Needs Debian's
# golang-go and golang-github-moby-patternmatcher-dev; skips without.
#   bk.sh CTXPACK [N [SEED]]
set -u
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${2:-200} SEED=${3:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v go >/dev/null || ! [ -d /usr/share/gocode/src/github.com/moby/patternmatcher ]; then
	echo "bk: no Go or patternmatcher: skipped"
	echo "0 passed, 0 failed, $N skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxbk.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
(cd "$HERE/../oracle/bkwalk" && GO111MODULE=off GOPATH=/usr/share/gocode \
    GOCACHE=$tmp/gocache go build -o "$tmp/bkwalk" main.go) || exit 2
pass=0 fail=0 skip=0
for ((i = 0; i < N; i++)); do
	s=$((SEED + i)) c=$tmp/s$s
	mkdir -p "$c"
	python3 "$HERE/gen.py" $s "$c/ctx" >/dev/null 2>&1 || { skip=$((skip + 1)); continue; }
	mapfile -t args < <(cat "$c/args" 2>/dev/null)
	df=Dockerfile
	[ -e "$c/ctx/Dockerfile" ] || [ ! -e "$c/ctx/dockerfile" ] || df=dockerfile
	[ "${args[0]:-}" = -f ] && df=${args[1]#./}
	if [ -L "$c/ctx/$df" ] || [ -e "$c/ctx/$df.dockerignore" ]; then
		skip=$((skip + 1)); continue	# resolved links, H2: not modelled
	fi
	# ctxpack's keep rules mean exactly that file: glob characters escaped
	keep=("$(printf '%s' "$df" | sed 's/[][*?\\^|{}]/\\&/g')")
	[ -e "$c/ctx/.dockerignore" ] || [ -L "$c/ctx/.dockerignore" ] && keep+=(.dockerignore)
	"$tmp/bkwalk" "$c/ctx" "$c/ctx/.dockerignore" "${keep[@]}" > "$c/want" 2>/dev/null
	orc=$?
	(cd "$c/ctx" && "$CTXPACK" ls --builder=buildkit "${args[@]}" .) > "$c/got" 2>"$c/err"
	crc=$?
	if [ $orc -ge 2 ] && [ $crc -eq 2 ]; then	# 3: an error Docker finds late
		pass=$((pass + 1))
	elif [ $orc -eq 0 ] && [ $crc -eq 0 ] && cmp -s "$c/want" "$c/got"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL seed $s (oracle $orc, ctxpack $crc): $0 $1 1 $s"
		diff "$c/want" "$c/got" | head -10
		cat "$c/err" | head -3
	fi
	chmod -R u+rwx "$c" 2>/dev/null; rm -rf "$c"
done
echo "bk: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
