set -e
printf 'FROM node:20\nCOPY . /app\n' > Dockerfile
printf '%s\n' \
	'# dependencies' \
	'node_modules' \
	'**/node_modules' \
	'bower_components' \
	'' \
	'# build output' \
	'dist' \
	'build/' \
	'coverage' \
	'*.tsbuildinfo' \
	'' \
	'# logs and caches' \
	'**/*.log' \
	'.cache' \
	'**/.DS_Store' \
	'' \
	'# env and secrets' \
	'.env' \
	'.env.*' \
	'!.env.example' \
	'**/*.pem' \
	'' \
	'# vcs and editors' \
	'.git' \
	'.gitignore' \
	'.vscode' \
	'.idea' \
	'*.swp' \
	'' \
	'# docs (keep README)' \
	'docs' \
	'*.md' \
	'!README.md' > .dockerignore
mkdir -p src/components src/lib public node_modules/react dist build coverage .git .vscode docs packages/ui/node_modules/x .cache
printf '{}\n' > package.json; printf '{}\n' > package-lock.json
printf 'x\n' > src/index.js; printf 'x\n' > src/components/App.jsx; printf 'x\n' > src/lib/api.js; printf 'x\n' > src/lib/debug.log
printf 'x\n' > public/index.html; printf 'x\n' > public/.DS_Store
printf 'x\n' > node_modules/react/index.js; printf 'x\n' > dist/bundle.js; printf 'x\n' > build/out.js; printf 'x\n' > coverage/lcov.info
printf 'x\n' > .git/HEAD; printf 'x\n' > .gitignore; printf 'x\n' > .vscode/settings.json
printf 'x\n' > docs/guide.md; printf 'x\n' > README.md; printf 'x\n' > CHANGELOG.md
printf 'x\n' > .env; printf 'x\n' > .env.local; printf 'x\n' > .env.example
printf 'x\n' > server.pem; printf 'x\n' > npm-debug.log; printf 'x\n' > app.tsbuildinfo; printf 'x\n' > .cache/c
printf 'x\n' > packages/ui/index.js; printf 'x\n' > packages/ui/node_modules/x/y.js; printf 'x\n' > packages/ui/README.md
