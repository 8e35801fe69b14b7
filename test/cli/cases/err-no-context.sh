. "${0%/*}/../lib.sh"
"$CTXPACK" ls nonexistent; echo "exit $?"
