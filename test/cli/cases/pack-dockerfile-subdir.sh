. "${0%/*}/../lib.sh"
# -f relative to the current directory; sub excluded: classic sends
# sub/Dockerfile without sub/ (R26); BuildKit's context lacks it (H3), and
# a tar appends it last, without sub/
mk sub/Dockerfile 'FROM scratch'
mk sub/other o
mk .dockerignore 'sub'
"$CTXPACK" ls --builder=classic -f sub/Dockerfile .; echo ==
"$CTXPACK" ls -f sub/Dockerfile .; echo ==
pk -f sub/Dockerfile .; echo "exit $?"
