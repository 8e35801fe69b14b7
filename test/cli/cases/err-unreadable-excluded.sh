. "${0%/*}/../lib.sh"
# unreadable but excluded: never opened, no error (H6)
command -v setpriv >/dev/null || { echo "no setpriv" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
mk .dockerignore 'secret
private'
mk a a; mk secret s; mkdir private; mk private/x
chmod -R a+rX .; chmod 000 secret private; chmod 777 .
as_nobody() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
as_nobody "$CTXPACK" pack . > out.tar; echo "exit $?"
"$TARLS" out.tar
