#!/bin/sh
# mktree.sh DIR: a web-app tree for the HTML report's tests and example
# picture: sources, assets, a node_modules of many packages, a .git and
# build output that .dockerignore drops, one large data directory, and a
# few names that must be escaped.  Sizes are fixed, so the page is too.
set -eu
d=$1
mkdir -p "$d"
cd "$d"
f() { mkdir -p "$(dirname "$1")"; head -c "$2" /dev/zero > "$1"; }
printf 'FROM node:20\nCOPY . /app\n' > Dockerfile
printf '.git\ndist\n*.log\ncoverage\n' > .dockerignore
i=0
for p in react react-dom lodash moment rxjs typescript webpack babel-core \
    eslint jest prettier axios express chalk; do
	i=$((i + 1))
	f node_modules/$p/index.js $((i * 37000))
	f node_modules/$p/lib/core.js $((i * 91000))
	f node_modules/$p/package.json 900
done
for n in 1 2 3 4 5 6 7 8 9; do
	f src/components/Widget$n.tsx $((n * 4100))
	f src/pages/page$n.tsx $((n * 2300))
done
f src/index.ts 8000
f src/api/client.ts 12000
f src/api/schema.ts 30000
f assets/video/intro.mp4 2400000
f assets/img/hero.png 620000
f assets/img/logo.svg 9000
f assets/fonts/Inter.woff2 310000
f data/fixtures/big.json 1300000
f data/fixtures/small.json 40000
f .git/objects/pack/pack-1.pack 3100000
f .git/index 120000
f dist/bundle.js 900000
f dist/bundle.js.map 1500000
f coverage/lcov.info 400000
f server.log 250000
f docs/guide.md 26000
f 'docs/we|ird `name` <b>.md' 5000
f package.json 2000
