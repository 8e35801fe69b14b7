"$CTXPACK" ls a b
