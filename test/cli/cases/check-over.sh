. "${0%/*}/../lib.sh"
# over budget: what is over, the biggest contributors, the lines to add
sample
"$CTXPACK" check --max-size 5M --fail-on-heavy .; echo "exit $?"
