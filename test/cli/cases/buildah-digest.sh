. "${0%/*}/../lib.sh"
# report, check and digest with --builder=buildah: its context, its name
mk Containerfile 'FROM scratch
'
mk .containerignore 'big
'
big big/blob 20000; big small 100
"$CTXPACK" report --builder=buildah -q | head -n 6; echo "exit $?"
"$CTXPACK" check --builder=buildah --max-size 10K; echo "exit $?"
"$CTXPACK" check --max-size 10K >/dev/null; echo "buildkit: exit $?"
a=$("$CTXPACK" digest --builder=buildah) b=$("$CTXPACK" digest)
[ "$a" != "$b" ] && echo "digests differ"
c=$("$CTXPACK" digest --builder=buildah)
[ "$a" = "$c" ] && echo "the same twice"
echo x >> big/blob
c=$("$CTXPACK" digest --builder=buildah)
[ "$a" = "$c" ] && echo "an excluded file does not count"
"$CTXPACK" report --builder=buildah --json | grep '"builder"'
