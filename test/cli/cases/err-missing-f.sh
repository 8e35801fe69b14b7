. "${0%/*}/../lib.sh"
mk a
"$CTXPACK" ls -f nope/Dockerfile .; echo "exit $?"
