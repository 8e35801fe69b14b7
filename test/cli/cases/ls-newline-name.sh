. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk "$(printf 'a\nb')"
"$CTXPACK" ls -0 . | od -c | sed -n 1,2p
