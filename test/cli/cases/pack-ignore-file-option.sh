. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk .dockerignore 'a'
mk my.ignore 'b
my.ignore'
mk a; mk b
"$CTXPACK" ls --ignore-file my.ignore .
