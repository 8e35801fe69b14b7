. "${0%/*}/../lib.sh"
# --format: each command its own values, --json its synonym, a clash or an
# unknown value an error naming what is allowed
mk Dockerfile 'FROM scratch'
"$CTXPACK" lint --format xml .; echo "lint xml: exit $?"
"$CTXPACK" report --format sarif .; echo "report sarif: exit $?"
"$CTXPACK" digest --format markdown .; echo "digest markdown: exit $?"
"$CTXPACK" ls --format json .; echo "ls --format: exit $?"
"$CTXPACK" why --format json x; echo "why --format: exit $?"
"$CTXPACK" lint --json --format sarif .; echo "json then sarif: exit $?"
"$CTXPACK" lint --format text --json .; echo "text then json: exit $?"
"$CTXPACK" lint --format json --json . > /dev/null; echo "json twice: exit $?"
"$CTXPACK" digest --format json . | head -n 2
"$CTXPACK" report --format json -q . | head -n 2
"$CTXPACK" check --fail-on-heavy --html x.html .; echo "check --html: exit $?"
# the help of each command names its own values
"$CTXPACK" lint --help | grep -A1 -- '--format'
"$CTXPACK" report --help | grep -A1 -- '--format'
"$CTXPACK" digest --help | grep -- '--format'
