. "${0%/*}/../lib.sh"
# A name holding ESC, a newline or a bidi control never reaches a person's
# terminal raw: report, check, why, lint, digest, ls on a tty and the
# warnings all escape it (git's quoting).  JSON escapes it its own way.
command -v script >/dev/null || { echo "no script(1)" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
e=$(printf '\033')
big "clear${e}[2J/big.bin" 200000
big "nl
name/x" 10
big "rtl$(printf '\342\200\256')txt.gz" 5
big "node_modules${e}x/node_modules/a.js" 5
printf 'secret' > ".env${e}[31m"
printf '*.log\n' > .dockerignore
out() { cat -v; }
"$CTXPACK" report --large 100K . | out
"$CTXPACK" check --max-dir 100K . | out
"$CTXPACK" why "clear${e}[2J/big.bin" "nl
name/x" | out
"$CTXPACK" lint . | out
"$CTXPACK" digest --per-dir . | sed 's/^[0-9a-f]*  //' | out
"$CTXPACK" report --json . | grep -c '\\u001b'
# ls: raw into a pipe (for programs), escaped on a terminal
"$CTXPACK" ls . | out
TERM=xterm script -qec "$CTXPACK ls ." /dev/null | tr -d '\r' | out
# no colour for TERM=dumb or NO_COLOR, colour otherwise
TERM=xterm script -qec "$CTXPACK report ." /dev/null | grep -c "$e\[1m"
TERM=dumb script -qec "$CTXPACK report ." /dev/null | grep -c "$e\[1m"
NO_COLOR=1 TERM=xterm script -qec "$CTXPACK report ." /dev/null | grep -c "$e\[1m"
