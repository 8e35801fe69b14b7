. "${0%/*}/../lib.sh"
# A Dockerfile from outside the context or from standard input travels
# as .dockerfile.<hex>; the classic CLI also adds (or rewrites) a
# .dockerignore naming both so the daemon deletes them before COPY (R27,
# E4).  BuildKit's context never holds it; a tar does.
mk ../Dockerfile.out 'FROM scratch
COPY . /ctx/'
mk a 'a'
hexname() { sed 's/\.dockerfile\.[0-9a-f]\{20\}/.dockerfile.HEX/g'; }
echo "== classic, no .dockerignore"
pk --builder=classic -f ../Dockerfile.out . 2>&1 | hexname
"$CTXPACK" pack --builder=classic -f ../Dockerfile.out . | tar -xOf - .dockerignore | hexname
echo "== classic, with a .dockerignore"
mk .dockerignore '*.tmp'
mk b.tmp 'b'
pk --builder=classic -f ../Dockerfile.out . 2>&1 | hexname
"$CTXPACK" pack --builder=classic -f ../Dockerfile.out . | tar -xOf - .dockerignore | od -c | sed 's/\.dockerfile\.[0-9a-f]*//'
"$CTXPACK" ls --builder=classic -f ../Dockerfile.out . | hexname
echo "== buildkit: ls has no such file, the tar has"
"$CTXPACK" ls -f ../Dockerfile.out .
pk -f ../Dockerfile.out . 2>&1 | hexname
echo "== -f -: the Dockerfile from standard input"
printf 'FROM scratch\n' | "$CTXPACK" ls --builder=classic -f - . | hexname; echo "exit $?"
printf 'FROM scratch\n' | "$CTXPACK" pack -f - . | tar -tf - | hexname
printf 'FROM scratch\n' | "$CTXPACK" pack -f - . | tar -xOf - "$(printf 'FROM scratch\n' | "$CTXPACK" pack -f - . 2>/dev/null | tar -tf - | grep dockerfile)"
"$CTXPACK" ls -f - . < /dev/null | hexname; echo "empty stdin: exit $?"
# --stdin reads the paths: the ignore file or Dockerfile can not come from it
echo a | "$CTXPACK" why --stdin --ignore-file /dev/stdin; echo "exit $?"
echo a | "$CTXPACK" why --stdin -f -; echo "exit $?"
