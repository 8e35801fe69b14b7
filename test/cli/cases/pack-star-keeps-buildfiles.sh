. "${0%/*}/../lib.sh"
# R26: '*' excludes everything, the classic CLI keeps .dockerignore and
# the Dockerfile; ctxpack keeps them for BuildKit too (a piped tar needs them)
mk Dockerfile 'FROM scratch'
mk .dockerignore '*'
mk a; mk sub/b
"$CTXPACK" ls --builder=classic .; echo ==; "$CTXPACK" ls .
