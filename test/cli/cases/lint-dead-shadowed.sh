. "${0%/*}/../lib.sh"
# dead-rule: matches nothing; shadowed: matches but never decides
mk Dockerfile 'FROM scratch'
mk .dockerignore 'nothing-here
build/cache
build
'
mk build/cache/x; mk build/out
"$CTXPACK" lint; echo "exit $?"
