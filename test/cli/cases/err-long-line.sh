. "${0%/*}/../lib.sh"
# R2: a line over 64 KiB is Docker's "token too long"
mk Dockerfile 'FROM scratch'
{ echo a; head -c 65536 /dev/zero | tr '\0' x; echo; } > .dockerignore
"$CTXPACK" ls .; echo "exit $?"
{ echo a; head -c 65535 /dev/zero | tr '\0' x; echo; } > .dockerignore
"$CTXPACK" ls . >/dev/null; echo "exit $? at 65535 bytes"
