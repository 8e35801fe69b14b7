. "${0%/*}/../lib.sh"
# A narrow COPY that goes through a symbolic link reads what the link
# leads to (BuildKit's transfer follows it, the build reads through it):
# suggest never proposes a line that drops the target, also beside a
# COPY . of everything, and --used keeps it after the lines are added.
mk Dockerfile 'FROM scratch
COPY build/* /x/
COPY conf /conf
'
mk build/app.js 'app'
mk _u/z 'needed through build/lib'
mk _u/other.bin '0123456789012345678901234567890123456789'
mk real/conf.ini 'c=1'
mk notes.txt 'never read'
ln -s ../_u/z build/lib
ln -s real conf
"$CTXPACK" ls --used . | tr '\n' ' '; echo
"$CTXPACK" suggest .; echo "exit $?"
"$CTXPACK" suggest -w . >/dev/null; echo "-w: exit $?"
"$CTXPACK" ls --used . | tr '\n' ' '; echo
echo "== beside a COPY . of everything"
rm .dockerignore
mk Dockerfile 'FROM scratch
COPY build/* /x/
COPY . /all/
'
mk _u/.cache/c 'cache'
"$CTXPACK" suggest .; echo "exit $?"
echo "== a directory where the ignore file would be"
mkdir .dockerignore
"$CTXPACK" suggest -w .; echo "-w: exit $?"
