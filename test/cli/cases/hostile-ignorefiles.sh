. "${0%/*}/../lib.sh"
# hostile ignore files: 100k lines, NUL bytes, non-UTF-8 bytes, BOM+CRLF
mk Dockerfile 'FROM scratch'
mk a a; mk b b; mk "$(printf 'c\377')" c
python3 -c '
import sys
with open(".dockerignore", "w") as f:
    for i in range(100000): f.write("nomatch%d/**\n" % i)
    f.write("a\n")'
"$CTXPACK" ls . | tr '\n' ' '; echo "exit $?"
printf 'b\000x\nb\n' > .dockerignore
"$CTXPACK" ls . | tr '\n' ' '; echo "exit $?"
printf 'c\377\n' > .dockerignore
"$CTXPACK" ls . | tr '\n' ' '; echo "exit $?"
printf '\357\273\277a\r\nb\r\n' > .dockerignore
"$CTXPACK" ls . | tr '\n' ' '; echo "exit $?"
