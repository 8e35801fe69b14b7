. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk .dockerignore 'a
!
'
"$CTXPACK" ls .; echo "exit $?"
