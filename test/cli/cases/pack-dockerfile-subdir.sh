. "${0%/*}/../lib.sh"
# -f relative to the current directory; sub excluded: classic sends
# sub/Dockerfile without sub/, BuildKit mode sends sub/ first (H5)
mk sub/Dockerfile 'FROM scratch'
mk sub/other o
mk .dockerignore 'sub'
"$CTXPACK" ls --builder=classic -f sub/Dockerfile .; echo ==
"$CTXPACK" ls -f sub/Dockerfile .
