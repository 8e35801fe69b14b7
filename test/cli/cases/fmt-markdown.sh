. "${0%/*}/../lib.sh"
# --format markdown for job summaries: a name with | or backticks or a
# control byte cannot break a table or open a code span
sample
big "web/a|b \`c\`/x.bin" 20000000
big "$(printf 'ctl\033[31m')/y" 3000
"$CTXPACK" report --format markdown --top 4 .; echo "exit $?"
"$CTXPACK" check --format markdown --max-size 5M --max-dir 1M --fail-on-heavy .; echo "exit $?"
"$CTXPACK" check --format markdown --max-size 1G .; echo "exit $?"
mkdir -p svc && mk svc/Dockerfile 'FROM scratch'
"$CTXPACK" audit --format markdown --max-size 10M .; echo "exit $?"
