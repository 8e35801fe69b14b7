. "${0%/*}/../lib.sh"
# copy-ignored: a COPY source the ignore file excludes fails the build
# ("not found"): an error at the deciding rule, naming the Dockerfile
# line, with the exception that brings it back.  With an exception in the
# file too (BuildKit's CopyIgnoredFile turns itself off then), and for
# both builders; the suggestion, added, leaves nothing to say.
mk Dockerfile 'FROM scratch
COPY app.env /app/
COPY keep.env /app/
'
mk .dockerignore '*.env
!keep.env
'
mk app.env 'A=1'; mk keep.env 'K=1'
"$CTXPACK" lint; echo "exit $?"
"$CTXPACK" lint --builder classic; echo "classic: exit $?"
"$CTXPACK" lint | sed -n 's/^	suggestion: //p' >> .dockerignore
cat .dockerignore
"$CTXPACK" lint; echo "with the suggestion: exit $?"
echo "== an excluded directory the classic builder never enters (R21)"
mk .dockerignore 'node_modules
!**/keep.txt
'
mk Dockerfile 'FROM scratch
COPY node_modules/a/keep.txt /k
'
mk node_modules/a/keep.txt k; mk node_modules/a/b.js b
"$CTXPACK" lint; echo "buildkit: exit $?"
"$CTXPACK" lint --builder classic; echo "classic: exit $?"
echo "== the build files: the CLI sends them, the classic daemon deletes those its .dockerignore names"
mk Dockerfile 'FROM scratch
COPY Dockerfile .dockerignore /x/
'
mk .dockerignore 'Dockerfile
.dockerignore
'
"$CTXPACK" lint --builder classic | grep copy-; echo "classic: exit $?"
"$CTXPACK" lint | grep copy-; echo "buildkit: exit $?"
