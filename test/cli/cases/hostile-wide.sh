. "${0%/*}/../lib.sh"
# 100k entries in one directory, sorted bytewise
mk Dockerfile 'FROM scratch'
mkdir w
python3 -c '
import os
for i in range(100000):
    open("w/%06d" % (99999 - i), "w").close()'
"$CTXPACK" ls . | wc -l
"$CTXPACK" ls . | sed -n '3p;$p'
"$CTXPACK" pack . | tar -tf - | wc -l
