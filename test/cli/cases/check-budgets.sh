. "${0%/*}/../lib.sh"
# exit status at, just under and just over each budget
sample
tar=$("$CTXPACK" pack . | wc -c)
files=$("$CTXPACK" ls . | grep -vc '/$')
for n in $tar $((tar - 1)) $((tar + 1)); do
	"$CTXPACK" check --max-size $n . > /dev/null; echo "max-size tar$(( n - tar )): exit $?"
done
for n in $files $((files - 1)) $((files + 1)); do
	"$CTXPACK" check --max-files $n . > /dev/null; echo "max-files files$(( n - files )): exit $?"
done
top=$("$CTXPACK" report --json --top 1 --depth 1 . | sed -n '/"largest_dirs"/{n;s/.*"bytes": \([0-9]*\).*/\1/p;}')
for n in $top $((top - 1)) $((top + 1)); do
	"$CTXPACK" check --max-dir $n . > /dev/null; echo "max-dir top$(( n - top )): exit $?"
done
"$CTXPACK" check --fail-on-heavy . > /dev/null; echo "fail-on-heavy: exit $?"
"$CTXPACK" check -v --max-size 1G .; echo "within, -v: exit $?"
"$CTXPACK" check --max-size 1G .; echo "within, quiet: exit $?"
"$CTXPACK" check .; echo "no budget: exit $?"
"$CTXPACK" check --max-size 12Q .; echo "bad size: exit $?"
