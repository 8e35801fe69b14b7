# suggest --write: temporary file and rename, mode, owner and line ends
# kept, a link refused, a failure leaves the file as it was
. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch
COPY . /app
'
big node_modules/a/i.js 100
printf '*.log\r\n' > .dockerignore; chmod 600 .dockerignore
"$CTXPACK" suggest -w .; echo "exit $?"
od -c .dockerignore | sed -n 1,3p; stat -c %a .dockerignore
echo '== no newline at the end'
printf '*.log' > .dockerignore; big .git/x 10
"$CTXPACK" suggest -w . 2>/dev/null; cat .dockerignore
echo '== none yet: .dockerignore is created'
rm .dockerignore; big .venv/lib/x.so 10
(umask 027; "$CTXPACK" suggest -w . 2>&1; stat -c %a .dockerignore)
echo '== a symbolic link'
mk real.ignore ''; rm .dockerignore; ln -s real.ignore .dockerignore
big build/o 10
"$CTXPACK" suggest -w --builder classic .; echo "exit $?"
cat real.ignore
echo '== a directory it cannot write'
rm .dockerignore; mkdir ro; cp Dockerfile ro/; big ro/node_modules/m 10
mk ro/.dockerignore 'x
'; chmod 555 ro
if [ "$(id -u)" = 0 ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CTXPACK" suggest -w ro; echo "exit $?"
else
	"$CTXPACK" suggest -w ro; echo "exit $?"
fi
cat ro/.dockerignore; ls -A ro
chmod 755 ro
echo '== --json'
"$CTXPACK" suggest --json ro
