# pack --used: the minimal context as a tar; parents of reads first
. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch
COPY app/src/main.c /
COPY *.txt /
'
mk app/src/main.c m; mk app/src/other.c o; mk app/big.bin b; mk a.txt a; mk b.txt b
mk sub/c.txt c
mk .dockerignore 'b.txt
Dockerfile
'
pk --used .
echo '== classic keeps the Dockerfile and ships the ignore file (R26)'
pk --used --builder classic .
echo '== digest --used'
"$CTXPACK" digest --used . >/dev/null && echo ok
echo '== COPY . reads everything'
mk Dockerfile 'FROM scratch
COPY . /app
'
"$CTXPACK" ls --used .
