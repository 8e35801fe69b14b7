"$CTXPACK" frobnicate
