. "${0%/*}/../lib.sh"
# dockerfile: a Dockerfile that does not parse or evaluate is one error
# finding at its line and column, and lint goes on with the ignore file;
# no Dockerfile at all is nothing to say (lint is about the ignore file).
mk .dockerignore 'nothing-here
'
mk Dockerfile 'FROM scratch
COPPY a /a
'
"$CTXPACK" lint; echo "exit $?"
mk Dockerfile 'ARG BASE
FROM ${BASE}
COPY a /a
'
"$CTXPACK" lint; echo "exit $?"
mk Dockerfile 'FROM scratch AS app
COPY a /a
'
"$CTXPACK" lint --target nope; echo "exit $?"
mk sub/app.Dockerfile 'FROM scratch
RUN --mount=type=bind,sorce=x true
'
"$CTXPACK" lint -f sub/app.Dockerfile; echo "exit $?"
"$CTXPACK" lint --json -f sub/app.Dockerfile; echo "exit $?"
mkdir ../ctx2; mk ../ctx2/Dockerfile 'FROM scratch
COPPY a /a
'
"$CTXPACK" lint ../ctx2; echo "exit $?"
rm Dockerfile; rm -r sub
"$CTXPACK" lint; echo "no Dockerfile: exit $?"
echo "== a frontend of its own: its reads are ctxpack's guess"
mk Dockerfile '# syntax=example.com/my/frontend:1
FROM scratch
COPY nothere /x
'
"$CTXPACK" lint; echo "exit $?"
