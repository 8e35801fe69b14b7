#!/bin/sh
# precommit.sh CTXPACK: the hooks of .pre-commit-hooks.yaml under the real
# pre-commit, offline: a temporary git repository uses them as a local
# repo (language: system) and through a path to a clone of this
# repository; one commit passes, one with a secret and node_modules in
# the context fails with the lines to add.  The README's snippet names
# the tag of this version.  Ends with "N passed, N failed, N skipped".
set -u
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
P=0 F=0 S=0
ok() { P=$((P + 1)); echo "ok - $*"; }
no() { F=$((F + 1)); echo "FAIL - $*"; }
finish() { echo "precommit: $P passed, $F failed, $S skipped"; [ $F = 0 ]; exit $?; }

version=$(sed -n 's/^.define CTXPACK_VERSION_STRING[^"]*"\(.*\)"/\1/p' \
    "$top/include/ctxpack.h")
if grep -q "^        rev: v$version\$" "$top/README"; then
	ok "README's pre-commit snippet names rev v$version"
else
	no "README's pre-commit snippet names rev v$version"
fi
if ! command -v pre-commit >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1
then
	S=$((S + 4))
	echo "skip - pre-commit or git is not installed"
	finish
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-precommit.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$CTXPACK" "$tmp/bin/ctxpack"
PATH=$tmp/bin:$PATH
PRE_COMMIT_HOME=$tmp/pc-home
GIT_CONFIG_NOSYSTEM=1
HOME=$tmp
export PATH PRE_COMMIT_HOME GIT_CONFIG_NOSYSTEM HOME
git config --global user.name test
git config --global user.email test@example.invalid
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# repo: local, with the hooks exactly as .pre-commit-hooks.yaml has them
local_config() {
	printf 'repos:\n  - repo: local\n    hooks:\n'
	sed -e '/^#/d' -e 's/^/      /' "$top/.pre-commit-hooks.yaml"
}

# by path: a clone of this repository holding the hooks file of the tree
git clone -q --depth 1 "file://$top" "$tmp/src" 2>/dev/null ||
    { mkdir "$tmp/src" && git -C "$tmp/src" init -q; }
cp "$top/.pre-commit-hooks.yaml" "$tmp/src/.pre-commit-hooks.yaml"
git -C "$tmp/src" add .pre-commit-hooks.yaml
git -C "$tmp/src" commit -q -m hooks >/dev/null 2>&1
rev=$(git -C "$tmp/src" rev-parse HEAD)
path_config() {
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n' "$tmp/src" "$rev"
	printf '      - id: ctxpack-check\n      - id: ctxpack-lint\n'
}

try() {	# try NAME CONFIG-FUNCTION
	name=$1 r=$tmp/repo-$1
	mkdir "$r"
	git -C "$r" init -q
	$2 > "$r/.pre-commit-config.yaml"
	printf 'FROM scratch\nCOPY . /app\n' > "$r/Dockerfile"
	printf '.git\n' > "$r/.dockerignore"
	mkdir -p "$r/src"
	printf 'print(1)\n' > "$r/src/app.py"
	(cd "$r" && pre-commit install >/dev/null 2>&1)
	git -C "$r" add -A
	if git -C "$r" commit -q -m clean >"$tmp/out" 2>&1; then
		ok "$name: a clean context commits"
	else
		no "$name: a clean context commits"
		sed 's/^/	/' "$tmp/out" | head -n 30
	fi
	printf 'KEY=1\n' > "$r/.env"
	mkdir -p "$r/web/node_modules/left-pad"
	printf 'x\n' > "$r/web/node_modules/left-pad/index.js"
	git -C "$r" add -A
	if git -C "$r" commit -q -m dirty >"$tmp/out" 2>&1; then
		no "$name: a secret and node_modules in the context fail the commit"
		sed 's/^/	/' "$tmp/out" | head -n 30
	elif grep -q 'ctxpack: check: .env looks like a secret and is in the context' "$tmp/out" &&
	    grep -q 'ctxpack: check: heavy directories are in the context' "$tmp/out" &&
	    grep -q '^\*\*/node_modules$' "$tmp/out" &&
	    grep -q '^# dependencies: 2 directories, 1 file, 2 B' "$tmp/out" &&
	    grep -q '^\.env$' "$tmp/out" &&
	    grep -q '^# looks like a secret: 1 file' "$tmp/out" &&
	    [ -z "$(git -C "$r" log --format=%s | grep dirty)" ]; then
		ok "$name: a secret and node_modules in the context fail the commit, with the lines to add"
	else
		no "$name: the failed commit says what to add"
		sed 's/^/	/' "$tmp/out" | head -n 30
	fi
}
try local local_config
try path path_config
finish
