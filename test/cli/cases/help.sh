"$CTXPACK" --help
