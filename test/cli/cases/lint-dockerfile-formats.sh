. "${0%/*}/../lib.sh"
# the new codes in --json (ctxpack-lint/1) and --format sarif: a finding
# at a Dockerfile line is located there, one at an ignore-file rule there
mk ctx/Dockerfile 'FROM scratch
COPY app.env nothere /app/
COPY . /all/
'
mk ctx/.dockerignore '*.env
'
mk ctx/app.env a; mk ctx/id_rsa k
"$CTXPACK" lint --json ctx; echo "exit $?"
"$CTXPACK" lint --format sarif ctx > ../log.sarif; echo "exit $?"
sed -n '/"results"/,$p' ../log.sarif
grep -c '"id": ' ../log.sarif
