# --used needs a Dockerfile that parses and evaluates
. "${0%/*}/../lib.sh"
mk a.txt a
"$CTXPACK" ls --used .; echo "exit $?"
mk Dockerfile 'FROM scratch
COPY a.txt /
FORM scratch
'
"$CTXPACK" ls --used .; echo "exit $?"
mk Dockerfile 'FROM scratch AS one
COPY a.txt /
'
"$CTXPACK" ls --used --target two .; echo "exit $?"
"$CTXPACK" pack --used --target two . > ../o.tar; echo "exit $? $(wc -c < ../o.tar) bytes"
"$CTXPACK" ls --used --build-arg =x .; echo "exit $?"
"$CTXPACK" ls --used --target '' .; echo "exit $?"
"$CTXPACK" why --used a.txt; echo "exit $?"
