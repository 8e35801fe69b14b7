#!/bin/sh
# test/formats/run.sh CTXPACK: the output formats a program reads or a
# person looks at.  lint's SARIF against the SARIF 2.1.0 JSON schema
# (python3-jsonschema) and GitHub's requirements; report --html: the
# treemap's areas add up, nothing is loaded, and headless Chromium
# renders the page to a PNG with the script run and no console message.
# Ends with "formats: N passed, N failed, N skipped".
#   run.sh CTXPACK [KEEP_DIR]   (KEEP_DIR: leave page.html, page.png there)
set -u
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
P=0 F=0 S=0
ok() { P=$((P + 1)); echo "ok - $*"; }
no() { F=$((F + 1)); echo "FAIL - $*"; }
skip() { S=$((S + 1)); echo "skip - $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-formats.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
check() {	# check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >"$tmp/out" 2>&1; then ok "$d"; else
		no "$d"; sed 's/^/	/' "$tmp/out" | head -n 20; fi
}

# ------------------------------------------------------------ SARIF
l=$tmp/lint
mkdir -p "$l/sub/node_modules/x" "$l/sub/src" "$l/sub/.aws" "$l/sub/my dir"
printf 'FROM scratch\n' > "$l/sub/Dockerfile"
printf 'foo # c\n[!a]b\n*.pyc\ndocs/\n!keep\nfile\\d\na|*.md\n^x*\n' \
    > "$l/sub/.dockerignore"
printf 'k\n' > "$l/sub/.env"
printf 'k\n' > "$l/sub/my dir/id_rsa"
printf 'k\n' > "$l/sub/.aws/credentials"
printf 'x\n' > "$l/sub/node_modules/x/a"
printf 'x\n' > "$l/sub/src/a.pyc"
(cd "$l" && "$CTXPACK" lint --format sarif sub > "$tmp/lint.sarif"
    echo $? > "$tmp/lint.rc")
# the codes about what the Dockerfile reads, located in the Dockerfile
mkdir -p "$l/df/conf"
printf 'FROM scratch\nCOPY app.env nothere conf/*.yml /app/\nCOPY . /all/\n' \
    > "$l/df/Dockerfile"
printf '*.env\n' > "$l/df/.dockerignore"
printf 'a\n' > "$l/df/app.env"
printf 'k\n' > "$l/df/id_rsa"
printf 'COPPY x y\n' > "$l/df/broken.Dockerfile"
(cd "$l" && "$CTXPACK" lint --format sarif df > "$tmp/df.sarif"
    "$CTXPACK" lint --format sarif -f df/broken.Dockerfile df \
    > "$tmp/dfbroken.sarif")
lintsrc="$top/src/lib/lint.c $top/src/lib/lintbuild.c"
check "lint --format sarif exits as lint does (0: warnings only)" \
    test "$(cat "$tmp/lint.rc")" = 0
check "the SARIF log is JSON" python3 -m json.tool "$tmp/lint.sarif"
# The OASIS file (sarif-schema-2.1.0.json) when present, else the
# 2.1.0-rtm.5 schema (the last draft before the standard, as the npm
# package @microsoft/jest-sarif ships it), which is what is committed.
schema=$here/sarif-schema-2.1.0.json
[ -f "$schema" ] || schema=$here/sarif-schema-2.1.0-rtm.5.json
if python3 -c 'import jsonschema' 2>/dev/null; then
	check "the SARIF log validates against the 2.1.0 schema and GitHub's needs" \
	    python3 "$here/sarif_check.py" "$schema" \
	    "$tmp/lint.sarif" $lintsrc
	check "so do the Dockerfile's findings (copy-ignored, copy-missing, secret-copied)" \
	    sh -c 'python3 "$@" && grep -q "\"ruleId\": \"copy-ignored\"" "$3" &&
	    grep -q "\"ruleId\": \"copy-missing\"" "$3" &&
	    grep -q "\"ruleId\": \"secret-copied\"" "$3" &&
	    grep -q "\"uri\": \"df/Dockerfile\"" "$3"' sh "$here/sarif_check.py" \
	    "$schema" "$tmp/df.sarif" $lintsrc
	check "and a broken Dockerfile's (dockerfile, at its line)" \
	    sh -c 'python3 "$@" && grep -q "\"ruleId\": \"dockerfile\"" "$3" &&
	    grep -q "\"uri\": \"df/broken.Dockerfile\"" "$3"' sh \
	    "$here/sarif_check.py" "$schema" "$tmp/dfbroken.sarif" $lintsrc
	# a log that must not validate: the check can fail
	sed 's/"ruleId"/"rule_id"/' "$tmp/lint.sarif" > "$tmp/bad.sarif"
	check "a broken log does not validate" sh -c \
	    '! python3 "$@"' sh "$here/sarif_check.py" \
	    "$schema" "$tmp/bad.sarif" $lintsrc
else
	skip "python3-jsonschema is not installed: SARIF not validated"
	skip "python3-jsonschema is not installed"
fi
check "SARIF URIs are relative to the working directory, percent-encoded" \
    sh -c 'grep -q "\"uri\": \"sub/.dockerignore\"" "$1" &&
    grep -q "\"uri\": \"sub/my%20dir/id_rsa\"" "$1" &&
    grep -q "\"uri\": \"sub/.env\"" "$1"' sh "$tmp/lint.sarif"

# ------------------------------------------------------------ HTML
t=$tmp/tree
sh "$here/mktree.sh" "$t"
(cd "$t" && "$CTXPACK" report -q --html "$tmp/page.html" . > "$tmp/report.txt")
check "report --html writes the page and still prints the report" sh -c \
    '[ -s "$1" ] && grep -q "^context " "$2"' sh "$tmp/page.html" \
    "$tmp/report.txt"
check "the treemap's areas follow the bytes and tile each parent; no URL" \
    python3 "$here/treemap_check.py" "$tmp/page.html"
check "every name is escaped (no raw < or backtick name in the page)" sh -c \
    'grep -q "we|ird \`name\` &lt;b&gt;.md" "$1" && ! grep -q "<b>.md" "$1"' \
    sh "$tmp/page.html"
chrome=
for c in chromium chromium-browser google-chrome; do
	command -v $c >/dev/null 2>&1 && { chrome=$c; break; }
done
if [ -n "$chrome" ] && "$chrome" --version >/dev/null 2>&1; then
	flags="--headless --no-sandbox --disable-gpu --disable-quic
	    --no-first-run --disable-background-networking
	    --disable-component-update --disable-sync --window-size=1400,900"
	timeout 120 "$chrome" $flags --user-data-dir="$tmp/prof1" \
	    --screenshot="$tmp/page.png" "file://$tmp/page.html" \
	    >"$tmp/shot.log" 2>&1
	check "Chromium renders the page to a PNG" sh -c \
	    '[ "$(head -c 8 "$1" | od -An -c | tr -d " ")" = \
	    "211PNG\\r\\n032\\n" ] && [ "$(wc -c < "$1")" -gt 20000 ]' \
	    sh "$tmp/page.png"
	timeout 120 "$chrome" $flags --user-data-dir="$tmp/prof2" \
	    --enable-logging=stderr --v=0 --dump-dom "file://$tmp/page.html" \
	    >"$tmp/dom.html" 2>"$tmp/dom.log"
	check "the page's script ran to its end (tooltips set up)" sh -c \
	    'grep -q "<html lang=\"en\" data-ready=\"1\">" "$1" &&
	    grep -q "data-t=" "$1" && ! grep -q "<title>[^<]*</title></rect>" "$1"' \
	    sh "$tmp/dom.html"
	check "no console message: no error, nothing blocked, nothing loaded" \
	    sh -c '! grep -E "CONSOLE|Content Security Policy|Refused to" "$1"' \
	    sh "$tmp/dom.log"
	if [ $# -ge 2 ]; then
		cp "$tmp/page.html" "$tmp/page.png" "$2/"
	fi
else
	skip "Chromium is not installed: the page was not rendered"
	skip "Chromium is not installed: the script was not run"
	skip "Chromium is not installed: no console checked"
fi
echo "formats: $P passed, $F failed, $S skipped"
[ $F = 0 ]
