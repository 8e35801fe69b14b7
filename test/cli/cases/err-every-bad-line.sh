# every bad line of the ignore file is reported, each at its faulty byte
# (issue 10 item 16); nothing is written
. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch
'
printf 'ok\nfo\\y\n  a[\n[z-a]\nfine\ntrail\\\n' > .dockerignore
"$CTXPACK" pack . > ../o.tar; echo "exit $? $(wc -c < ../o.tar) bytes"
"$CTXPACK" lint --json . | grep -c '"syntax"'
"$CTXPACK" why fine; echo "exit $?"
