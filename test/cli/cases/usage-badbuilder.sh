"$CTXPACK" ls --builder=legacy .
