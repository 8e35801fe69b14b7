. "${0%/*}/../lib.sh"
# Classic: an ignore file whose excluded parent the CLI never enters (R21)
# leaves the Dockerfile out of the tar and the daemon fails with "Cannot
# locate specified Dockerfile" (E5).  ctxpack says so, naming the rule
# that cut it, and keeps the Dockerfile (as for moby#40090).
mk sub/app.Dockerfile 'FROM scratch'
mk README.md 'r'; mk data/x 'x'; mk sub/keep 'k'
printf 'README*\ndata\ndata/**\nsub\n!**/sub/**\n' > .dockerignore
"$CTXPACK" ls --builder=classic -f sub/app.Dockerfile .; echo "exit $?"
"$CTXPACK" why --builder=classic -f sub/app.Dockerfile sub/app.Dockerfile; echo "exit $?"
"$CTXPACK" lint --builder=classic -f sub/app.Dockerfile . | grep buildfile; echo "exit $?"
# BuildKit: no warning, the context lacks it, a tar appends it
"$CTXPACK" ls -f sub/app.Dockerfile .; echo "exit $?"
