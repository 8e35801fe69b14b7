. "${0%/*}/../lib.sh"
# refuses to write a tar to a terminal
command -v script >/dev/null || { echo "no script(1)" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
script -qec "$CTXPACK pack ." /dev/null > o; echo "exit $?"
tr -d '\r' < o
