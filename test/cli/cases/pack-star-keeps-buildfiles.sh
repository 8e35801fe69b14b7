. "${0%/*}/../lib.sh"
# R26: '*' excludes everything; the classic CLI keeps .dockerignore and
# the Dockerfile.  BuildKit ships them apart (H3): the context has
# neither (COPY . sees nothing), but a tar for `docker build -` must hold
# the Dockerfile, so pack appends it, with a note.
mk Dockerfile 'FROM scratch'
mk .dockerignore '*'
mk a; mk sub/b
"$CTXPACK" ls --builder=classic .; echo ==; "$CTXPACK" ls .; echo ==
pk .; echo "exit $?"
"$CTXPACK" why Dockerfile .dockerignore; echo "exit $?"
"$CTXPACK" report --json . | grep -E '"(after|before)"'
