. "${0%/*}/../lib.sh"
# a bad pattern is reported before any output: no tar bytes at all
mk Dockerfile 'FROM scratch'
mk .dockerignore '# build output
dist

  [z-a]
'
"$CTXPACK" pack . > out.tar; echo "exit $?"; wc -c < out.tar
