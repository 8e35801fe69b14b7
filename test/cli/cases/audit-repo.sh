. "${0%/*}/../lib.sh"
# audit: Dockerfiles, Dockerfile.*, *.Dockerfile and compose build:
# entries (context + dockerfile), nested contexts, sorted by tar size;
# .git and node_modules are not searched; --max-size gives exit 1
mkdir -p services/api/node_modules/x services/web/src tools .git/hooks node_modules/pkg
mk Dockerfile 'FROM x'
mk .dockerignore 'node_modules
.git'
mk services/api/Dockerfile 'FROM y'
big services/api/node_modules/x/big.js 100000
mk services/web/web.Dockerfile 'FROM z'
big services/web/src/app.js 5000
mk tools/Dockerfile.dev 'FROM w'
mk tools/Dockerfile.dockerignore 'x'
mk node_modules/pkg/Dockerfile 'FROM never'
mk .git/hooks/Dockerfile 'FROM never'
mk compose.yaml 'services:
  web:
    build:
      context: ./services/web
      dockerfile: web.Dockerfile
  api:
    build: services/api
  db:
    image: postgres
  remote:
    build: https://example.org/x/y.git
'
"$CTXPACK" audit; echo "exit $?"
"$CTXPACK" audit --max-size 50K > /dev/null 2>&1; echo "max-size 50K: exit $?"
"$CTXPACK" audit --max-size 200K > /dev/null 2>&1; echo "max-size 200K: exit $?"
"$CTXPACK" audit --json services 2>&1; echo "exit $?"
