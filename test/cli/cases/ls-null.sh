. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk 'two words'; mk sub/x
"$CTXPACK" ls -0 . | tr '\0' '|'; echo
