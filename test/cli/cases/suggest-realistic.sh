# suggest on a realistic tree: two Dockerfiles, one copies the git-ignored
# dist/ and one does not; the written file keeps what each build reads,
# drops what it promised, lints clean and is idempotent
. "${0%/*}/../lib.sh"
big .git/objects/pack/p.pack 40000; mk .git/HEAD 'ref: refs/heads/main'
mk .gitignore 'dist/
__pycache__/
node_modules/
.env
*.log
'
for d in app app/api app/api/v1 app/core tests; do
	big $d/__pycache__/m.cpython-311.pyc 1000; mk $d/m.py x
done
big web/node_modules/react/index.js 50000; big node_modules/lodash/l.js 30000
mk web/src/app.js w
big dist/bundle.js 20000
mk build/scripts/release.sh '#!/bin/sh'	# tracked: a source directory
mk internal/event/target/t.go 'package target'
mk .env 'TOKEN=1'; big debug.log 500; mk package.json '{}'
mk Dockerfile 'FROM scratch
COPY package.json /
COPY app/ /app/
COPY build/scripts /scripts
COPY dist/ /static/
'
mk api.Dockerfile 'FROM scratch
COPY . /srv
'
echo '== Dockerfile (copies dist/, reads only what it names)'
"$CTXPACK" suggest .
echo '== api.Dockerfile (COPY . takes everything)'
"$CTXPACK" suggest -f api.Dockerfile .
echo '== --write for the Dockerfile'
"$CTXPACK" ls --used . > ../used.before
"$CTXPACK" ls . | wc -l
"$CTXPACK" suggest --write .; echo "exit $?"
cat .dockerignore
"$CTXPACK" ls --used . > ../used.after
cmp ../used.before ../used.after && echo "ls --used: the same"
"$CTXPACK" ls . | wc -l
"$CTXPACK" lint .; echo "lint exit $?"
"$CTXPACK" suggest .; echo "again: exit $?"
echo '== api.Dockerfile: its own ignore file (BuildKit reads api.Dockerfile.dockerignore)'
: > api.Dockerfile.dockerignore
"$CTXPACK" suggest -w -f api.Dockerfile .; echo "exit $?"
cat api.Dockerfile.dockerignore
"$CTXPACK" suggest -f api.Dockerfile .; echo "again: exit $?"
