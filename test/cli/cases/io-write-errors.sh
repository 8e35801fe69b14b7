. "${0%/*}/../lib.sh"
# every command reports a write error (a full disk, a closed standard
# output) and exits 2; the README's `audit --json > file` never leaves a
# 0-byte file behind silently
sample
mk .env 'SECRET=1'
for c in "ls ." "report ." "report --json ." "check -v --max-size 1G ." \
    "check --max-size 1 ." "lint ." "lint --json ." "digest ." \
    "digest --per-dir ." "digest --json ." "audit ." "audit --json ." \
    "why src/app.py" "why debug.log" "--help" "report --help" "--version"; do
	"$CTXPACK" $c > /dev/full; echo "$c > /dev/full: exit $?"
	"$CTXPACK" $c >&-; echo "$c >&-: exit $?"
done
# pack to a full disk, to a closed descriptor, and to a reader that left
"$CTXPACK" pack . > /dev/full; echo "pack > /dev/full: exit $?"
"$CTXPACK" pack . >&-; echo "pack >&-: exit $?"
# a reader that stops early: exit 2, quietly, as tar does
mkdir many; (cd many && seq -f "file-with-a-long-name-%06g" 20000 | xargs touch)
{ "$CTXPACK" pack .; echo "pack | head: exit $?" >&2; } | head -c 10 > /dev/null
{ "$CTXPACK" ls .; echo "ls | head: exit $?" >&2; } | head -n 1 > /dev/null
