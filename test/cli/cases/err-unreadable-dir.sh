. "${0%/*}/../lib.sh"
# an unreadable included directory is an error naming it (exit 2, the
# tar poisoned); an unreadable excluded one is never opened
command -v setpriv >/dev/null || { echo "no setpriv" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
mk a a; mk locked/secret s; mk z z
chmod -R a+rX .; chmod 000 locked; chmod 777 .
as_nobody() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
as_nobody "$CTXPACK" pack . > ../out.tar; echo "exit $?"
tar -tf ../out.tar > /dev/null 2>&1; echo "GNU tar exit $?"
as_nobody "$CTXPACK" ls . > /dev/null; echo "ls exit $?"
mk .dockerignore 'locked'
chmod 644 .dockerignore
as_nobody "$CTXPACK" ls .; echo "excluded: exit $?"
