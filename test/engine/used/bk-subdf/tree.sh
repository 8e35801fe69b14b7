# -f sub/app.Dockerfile in a directory the ignore file excludes: BuildKit
# does not send it, the tar must carry it (a known difference: COPY *
# copies it from the tar only)
f() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$1" > "$1"; }
mkdir sub; mv Dockerfile sub/app.Dockerfile
f a; f b.tmp; f sub/other; f c/d; f c/e.tmp
printf 'sub\n*.tmp\n' > .dockerignore
find . -type f -exec touch -d @1400000000 {} +
find . -mindepth 1 -type d -exec touch -d @1300000000 {} +
