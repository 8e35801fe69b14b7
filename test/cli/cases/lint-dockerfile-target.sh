. "${0%/*}/../lib.sh"
# --target: BuildKit builds only the stages the target needs, the classic
# builder every stage up to the target, so a broken COPY in a stage the
# target does not need fails only the classic build.
mk Dockerfile 'FROM scratch AS broken
COPY missing.txt /m/
FROM scratch AS fine
COPY a /a
FROM fine AS last
COPY b.env /b
'
mk .dockerignore '*.env
'
mk a a; mk b.env b
"$CTXPACK" lint --target fine; echo "buildkit, --target fine: exit $?"
"$CTXPACK" lint --target fine --builder classic; echo "classic, --target fine: exit $?"
"$CTXPACK" lint; echo "buildkit, the last stage: exit $?"
"$CTXPACK" lint --target broken --json; echo "buildkit, --target broken: exit $?"
