# lines for names with glob characters, and names no line can write
. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch
COPY src /src
'
mk src/a a
big 'docs[1]/x' 100; big 'a*b/y' 50; big 'sp ace/z' 20
big "$(printf 'new\nline')/n" 10; big 'trail /t' 5
"$CTXPACK" suggest .; echo "exit $?"
"$CTXPACK" suggest --write . 2>&1; "$CTXPACK" ls .
echo '== --top 1'
rm .dockerignore; "$CTXPACK" suggest --top 1 .
echo '== gitignore syntax'
"$CTXPACK" suggest --syntax gitignore .; echo "exit $?"
