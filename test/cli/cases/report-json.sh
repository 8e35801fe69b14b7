. "${0%/*}/../lib.sh"
sample
"$CTXPACK" report --json --top 3 .; echo "exit $?"
