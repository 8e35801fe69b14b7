. "${0%/*}/../lib.sh"
# copy-ignored for a wildcard source: every match excluded is an error
# (BuildKit fails when the wildcard's directory is not transferred, and
# copies nothing when it matches at the root); some excluded, a warning.
mk Dockerfile 'FROM scratch
COPY conf/*.env /conf/
COPY *.txt /txt/
COPY logs/*.log /logs/
'
mk .dockerignore '**/*.env
b.txt
logs/old-*
'
mk conf/a.env a; mk conf/b.env b; mk a.txt a; mk b.txt b
mk logs/old-1.log o; mk logs/new.log n
"$CTXPACK" lint; echo "buildkit: exit $?"
"$CTXPACK" lint --builder classic; echo "classic: exit $?"
echo "== at the root BuildKit copies none of them and goes on"
mk Dockerfile 'FROM scratch
COPY *.env /e/
'
mk a.env a
"$CTXPACK" lint; echo "buildkit: exit $?"
"$CTXPACK" lint --builder classic; echo "classic: exit $?"
