. "${0%/*}/../lib.sh"
# an unreadable included file: error naming it, exit 2, and the tar is
# left without its end-of-archive blocks, so docker build - fails
command -v setpriv >/dev/null || { echo "no setpriv" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
mk a a; mk secret s; chmod 000 secret; mk z z
chmod -R a+rX . ; chmod 000 secret; chmod 777 .
as_nobody() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
as_nobody "$CTXPACK" pack . > out.tar; echo "exit $?"
"$TARLS" out.tar >/dev/null 2>&1; echo "tarls exit $?"
echo "end blocks: $(tail -c 1024 out.tar | tr -d '\0' | wc -c | tr -d ' ') nonzero bytes"
tar -tf out.tar >/dev/null 2>&1; echo "GNU tar exit $?"
