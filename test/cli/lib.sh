# Sourced by CLI cases.  tree: make a file with content; pk: pack and list.
mk() { mkdir -p "$(dirname "$1")"; printf '%s' "${2-}" > "$1"; }
pk() { "$CTXPACK" pack "$@" > ../out.tar; rc=$?; "$TARLS" ../out.tar; tar -tf ../out.tar >/dev/null 2>&1 || echo "GNU tar rejects the tar"; return $rc; }
# big FILE BYTES: a file of that many bytes
big() { mkdir -p "$(dirname "$1")"; head -c "$2" /dev/zero > "$1"; }
# sample: a small web-app tree with heavy and large directories
sample() {
	mk Dockerfile 'FROM scratch
COPY . /app
'
	mk .dockerignore '.git
*.log
node_modules
!node_modules/keep/**
**/__pycache__
'
	big src/app.py 3000; big src/lib/util.py 1500; big src/lib/__pycache__/util.pyc 800
	big web/node_modules/react/index.js 40000; big web/node_modules/react/cjs/react.js 90000
	big web/main.js 5000
	big node_modules/left-pad/index.js 700; big node_modules/keep/a.js 100
	big assets/video/intro.mp4 12582912; big assets/logo.png 2048
	big .git/objects/pack/p.pack 300000; big .git/HEAD 23
	big debug.log 999; big build/out.bin 4096
}
