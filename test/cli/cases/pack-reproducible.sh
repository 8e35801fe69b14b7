. "${0%/*}/../lib.sh"
# --reproducible: the same bytes twice, and for two copies of the tree
# made with different mtimes and umasks (with --normalize-modes)
mkdir a b
(cd a && umask 022 && mk Dockerfile 'FROM scratch' && mk src/x.py x && mk run.sh r && chmod 755 run.sh && ln -s src l && touch -d '2001-01-01' src/x.py)
(cd b && umask 077 && mk Dockerfile 'FROM scratch' && mk src/x.py x && mk run.sh r && chmod 700 run.sh && ln -s src l && touch -d '2020-05-05' src/x.py)
"$CTXPACK" pack --reproducible a | md5sum > ../1
"$CTXPACK" pack --reproducible a | md5sum > ../2
cmp -s ../1 ../2 && echo "twice: identical"
"$CTXPACK" pack --reproducible --normalize-modes a > ../a.tar
"$CTXPACK" pack --reproducible --normalize-modes b > ../b.tar
cmp -s ../a.tar ../b.tar && echo "two copies: identical"
"$TARLS" -m ../b.tar
"$CTXPACK" pack --reproducible a > ../a2.tar; "$CTXPACK" pack --reproducible b > ../b2.tar
cmp -s ../a2.tar ../b2.tar || echo "without --normalize-modes the umask shows"
SOURCE_DATE_EPOCH=86400 "$CTXPACK" pack --reproducible -z a | md5sum > ../3
SOURCE_DATE_EPOCH=86400 "$CTXPACK" pack --reproducible -z b --normalize-modes | md5sum > ../4
SOURCE_DATE_EPOCH=86400 "$CTXPACK" pack --reproducible -z --normalize-modes a | md5sum > ../5
cmp -s ../4 ../5 && echo "gzip, two copies: identical"
SOURCE_DATE_EPOCH=86400 "$CTXPACK" pack --reproducible a | "$TARLS" -m - | head -n 2
# without --reproducible, SOURCE_DATE_EPOCH clamps newer mtimes only
SOURCE_DATE_EPOCH=1000000000 "$CTXPACK" pack a | "$TARLS" -m - | awk '{print $6, $7}'
SOURCE_DATE_EPOCH=yesterday "$CTXPACK" pack a > /dev/null; echo "bad epoch: exit $?"
