. "${0%/*}/../lib.sh"
# a reader that stops early: quiet, exit 2, no crash
mk Dockerfile 'FROM scratch'
head -c 3000000 /dev/zero > big
( "$CTXPACK" pack .; echo "exit $?" >&2 ) | head -c 100 | wc -c
