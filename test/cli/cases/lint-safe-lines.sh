# lint proposes only the suggestion engine's lines: **/node_modules would
# undo the file's own '!' line, so the path alone is proposed; a secret
# the exception keeps and COPY . reads is secret-copied, with no line
. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch
COPY . /app
'
mk .dockerignore 'node_modules
!node_modules/keep/**
!conf/.env
'
big node_modules/keep/a.js 10; big node_modules/x/b.js 10
big web/node_modules/r/i.js 10; mk conf/.env 'K=1'
"$CTXPACK" lint .; echo "exit $?"
