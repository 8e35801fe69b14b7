. "${0%/*}/../lib.sh"
# one command table: per-command --help, options only where they mean
# something, ranges checked by ctxpack itself
mk Dockerfile 'FROM scratch'
for c in pack ls report check audit why lint digest; do
	"$CTXPACK" $c --help > ../h.$c; echo "$c --help: exit $? $(head -n 1 ../h.$c)"
done
"$CTXPACK" help lint | head -n 1
# the command's usage, its options, nothing of the others
grep -c -- '--max-size' ../h.pack
grep -c -- '--max-size' ../h.check
"$CTXPACK" audit --syntax gitignore . ; echo "audit --syntax: exit $?"
"$CTXPACK" audit --gitignore . ; echo "audit --gitignore: exit $?"
"$CTXPACK" audit -f Dockerfile . ; echo "audit -f: exit $?"
"$CTXPACK" ls --json . ; echo "ls --json: exit $?"
"$CTXPACK" pack -0 . > /dev/null; echo "pack -0: exit $?"
"$CTXPACK" why --gzip x; echo "why --gzip: exit $?"
"$CTXPACK" pack -q . > /dev/null; echo "pack -q: exit $?"
# compression levels, per compressor
"$CTXPACK" pack --gzip --level 15 . > /dev/null; echo "gzip 15: exit $?"
"$CTXPACK" pack --gzip --level 9 . > /dev/null; echo "gzip 9: exit $?"
"$CTXPACK" pack --bzip2 --level 0 . > /dev/null; echo "bzip2 0: exit $?"
"$CTXPACK" pack --xz --level 0 . > /dev/null; echo "xz 0: exit $?"
"$CTXPACK" pack --zstd --level 22 . > /dev/null; echo "zstd 22: exit $?"
"$CTXPACK" pack --level 3 --zstd . > /dev/null; echo "level before zstd: exit $?"
# a budget of zero is a budget
"$CTXPACK" check --max-size 0 . > /dev/null; echo "max-size 0: exit $?"
"$CTXPACK" check --max-files 0 . > /dev/null; echo "max-files 0: exit $?"
"$CTXPACK" check --max-files 1 . > /dev/null; echo "max-files 1: exit $?"
"$CTXPACK" check . ; echo "no budget: exit $?"
