#!/bin/sh
# make demo: build a small web-app-like tree with a typical .dockerignore
# and show what ctxpack packs for each builder.
set -e
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
d=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-demo.XXXXXX")
trap 'rm -rf "$d"' EXIT
cd "$d"
mkdir -p app/src app/__pycache__ node_modules/left-pad node_modules/react/dist \
	docs .git/objects build logs data
printf 'FROM python:3.12-slim\nCOPY . /app\n' > Dockerfile
cat > .dockerignore <<'IGN'
# dependencies and build output
node_modules
build
**/__pycache__
*.log
.git
# keep one log that the image needs
!logs/keep.log
logs
docs
!docs/README.md
IGN
echo 'print("hi")' > app/src/main.py
echo 'x' > app/__pycache__/main.cpython-312.pyc
echo '{}' > node_modules/left-pad/package.json
head -c 200000 /dev/zero > node_modules/react/dist/react.js
echo 'ref: refs/heads/main' > .git/HEAD
echo 'k' > logs/keep.log; echo 'debug' > logs/debug.log; echo 'e' > error.log
echo '# docs' > docs/README.md; echo 'x' > docs/internal.md
head -c 50000 /dev/zero > data/blob.bin
# a second image that needs only the app
printf 'FROM python:3.12-slim\nCOPY app/src /app\nCOPY data/blob.bin /data/\n' > api.Dockerfile
printf 'app/__pycache__/\nnode_modules/\n*.log\n' > .gitignore
# its own ignore file (BuildKit reads <Dockerfile>.dockerignore first)
printf '# the api image\n' > api.Dockerfile.dockerignore
echo "--- .dockerignore"
cat .dockerignore
echo
echo "--- ctxpack ls (BuildKit, today's docker build)"
"$CTXPACK" ls .
echo
echo "--- ctxpack ls --builder=classic (DOCKER_BUILDKIT=0)"
"$CTXPACK" ls --builder=classic .
echo
echo "--- ctxpack pack . | tar -tvf -   (the tar for: ctxpack pack . | docker build -t app -)"
"$CTXPACK" pack . | tar -tvf -
echo
echo "--- ctxpack report"
"$CTXPACK" report -q . || true
echo
echo "--- ctxpack why logs/keep.log docs/README.md app/__pycache__/main.cpython-312.pyc"
"$CTXPACK" why logs/keep.log docs/README.md app/__pycache__/main.cpython-312.pyc || true
echo
echo "--- ctxpack lint"
"$CTXPACK" lint . || true
echo
echo "--- ctxpack check --max-size 50K --fail-on-heavy"
"$CTXPACK" check --max-size 50K --fail-on-heavy . || echo "(exit $?)"
echo
echo "--- ctxpack ls --used -f api.Dockerfile   (only what that Dockerfile reads)"
"$CTXPACK" ls --used -f api.Dockerfile .
echo
echo "--- ctxpack suggest -f api.Dockerfile   (the lines to add; never what the build reads)"
"$CTXPACK" suggest -f api.Dockerfile .
echo
echo "--- ctxpack suggest   (Dockerfile: COPY . /app; nothing to add)"
"$CTXPACK" suggest . || true
