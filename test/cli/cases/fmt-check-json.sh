. "${0%/*}/../lib.sh"
# check --json / --format json: each budget, its limit, what was measured,
# over or not, the contributors and lines; the exit status as in text
sample
mk .env 'KEY=1'
"$CTXPACK" check --format json --max-size 5M --max-files 100 --max-dir 1M \
    --fail-on-heavy --fail-on-secret .; echo "exit $?"
"$CTXPACK" check --json --max-files 1000 .; echo "exit $?"
"$CTXPACK" check --json --max-size 0 --gitignore . | grep -c '"over": true'
# text: the secret with the line that drops it
"$CTXPACK" check --fail-on-secret .; echo "exit $?"
