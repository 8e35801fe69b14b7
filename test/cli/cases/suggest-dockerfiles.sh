# lines for one Dockerfile never break another that reads the same
# ignore file; one with an ignore file of its own is not held back
. "${0%/*}/../lib.sh"
big web/dist/app.js 3000; big web/src/x.ts 100; big api/main.go 200
big docs/guide.md 500; big tools/gen.sh 50
mk web.Dockerfile 'FROM scratch
COPY web/dist /srv/
'
mk api.Dockerfile 'FROM scratch
COPY api/ /app/
COPY tools/gen.sh /bin/
'
echo '== web.Dockerfile: api.Dockerfile reads api/ and tools/gen.sh through the same .dockerignore'
"$CTXPACK" suggest -f web.Dockerfile .
echo '== with api.Dockerfile.dockerignore, api.Dockerfile reads its own file'
mk api.Dockerfile.dockerignore '# api
'
"$CTXPACK" suggest -f web.Dockerfile .
echo '== the classic builder reads .dockerignore for every Dockerfile'
"$CTXPACK" suggest --builder classic -f web.Dockerfile .
echo '== a Dockerfile ctxpack cannot read holds the unread lines back'
rm api.Dockerfile.dockerignore
mk bad.Dockerfile 'FROM scratch
COPPY . /
'
"$CTXPACK" suggest -f web.Dockerfile .
