. "${0%/*}/../lib.sh"
# A symbolic .dockerignore: BuildKit looks it up re-rooted at the context
# (E1, moby#42108), the classic CLI follows it anywhere (R1).  why and
# lint say which file was read; lint never shows the lines of a file
# outside the context.
up=$(cd .. && pwd)
err() { sed "s|$up|UP|g" ../e >&2; }
mk Dockerfile 'FROM scratch'
mk a.log 'a'; mk b.tmp 'b'; mk c.txt 'c'
mk ../outside.ign 'SECRET_TOKEN=abc
*.log'
mk conf/ign '*.tmp'
ln -s "$up/outside.ign" .dockerignore
echo "== absolute, outside"
"$CTXPACK" ls . 2>../e; echo "buildkit: exit $?"; err
"$CTXPACK" ls --builder=classic . 2>../e; echo "classic: exit $?"; err
"$CTXPACK" lint --builder=classic . 2>../e | sed "s|$up|UP|g"; echo "lint classic: exit $?"; err
"$CTXPACK" lint --builder=classic --json . 2>/dev/null | grep -c SECRET
"$CTXPACK" lint . 2>../e | sed "s|$up|UP|g"; echo "lint buildkit: exit $?"; err
rm .dockerignore; ln -s ../outside.ign .dockerignore
echo "== ../outside"
"$CTXPACK" ls . 2>../e | tr '\n' ' '; echo "buildkit: exit $?"; err
"$CTXPACK" ls --builder=classic . 2>../e | tr '\n' ' '; echo "classic: exit $?"; err
echo "== /conf/ign: <ctx>/conf/ign for BuildKit, the host's for classic"
rm .dockerignore; ln -s /conf/ign .dockerignore
"$CTXPACK" ls . 2>../e | tr '\n' ' '; echo "buildkit: exit $?"; err
"$CTXPACK" why b.tmp 2>../e; echo "why: exit $?"; err
"$CTXPACK" ls --builder=classic . 2>../e | tr '\n' ' '; echo "classic: exit $?"; err
echo "== conf/ign, inside"
rm .dockerignore; ln -s conf/ign .dockerignore
"$CTXPACK" ls . 2>../e | tr '\n' ' '; echo "buildkit: exit $?"; err
"$CTXPACK" ls --builder=classic . 2>../e | tr '\n' ' '; echo "classic: exit $?"; err
"$CTXPACK" lint . 2>&1; echo "lint: exit $?"
