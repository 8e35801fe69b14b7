. "${0%/*}/../lib.sh"
# pack -o inside the context, twice: the second tar never holds the first
# (nor its own temporary); -o - is standard output
mk Dockerfile 'FROM scratch'
mk a 'a'
"$CTXPACK" pack -o ctx.tar .; echo "first: exit $?"
"$TARLS" ctx.tar
"$CTXPACK" pack -o ctx.tar .; echo "second: exit $?"
"$TARLS" ctx.tar
ls
"$CTXPACK" pack -o - . | "$TARLS" /dev/stdin; echo "-o -: exit $?"
[ -e ./- ] && echo "a file named - was made"
# a failed pack leaves the old tar as it was, and no temporary
mkdir ../out; chmod 777 ../out; echo old > ../out/o2.tar; chmod 666 ../out/o2.tar
mk secret 's'; chmod 000 secret
if [ "$(id -u)" = 0 ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CTXPACK" pack -o ../out/o2.tar . 2>&1; echo "unreadable: exit $?"
else
	"$CTXPACK" pack -o ../out/o2.tar . 2>&1; echo "unreadable: exit $?"
fi
ls ../out; cat ../out/o2.tar
