. "${0%/*}/../lib.sh"
# lint --format sarif: rules, results with ruleId, level, message and a
# location (the ignore file's line; a secret file itself; the ignore file
# for what has no line); --fail-on still decides the exit status
mk ctx/Dockerfile 'FROM scratch'
mk ctx/.dockerignore 'dist # output
[!a]b
'
mk ctx/.env 'K=1'
mk ctx/node_modules/x/a 'x'
"$CTXPACK" lint --format sarif ctx > ../log.sarif; echo "exit $?"
"$CTXPACK" lint --format sarif --fail-on warning ctx > /dev/null; echo "fail-on warning: exit $?"
sed -n '/"results"/,$p' ../log.sarif
grep -c '"id": ' ../log.sarif
