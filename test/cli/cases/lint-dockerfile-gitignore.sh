. "${0%/*}/../lib.sh"
# --gitignore: a source a .gitignore excludes is named by its rule there;
# no exception in .dockerignore brings it back (git's exclusions stay), so
# no suggestion.  (lint used to crash on any path a git rule decides.)
mk Dockerfile 'FROM scratch
COPY build/out.bin /o
COPY data /d
'
mk build/out.bin o; mk data/a a; mk data/b.tmp t
mk .gitignore 'build
*.tmp
'
mk .dockerignore '*.log
'
"$CTXPACK" lint --gitignore; echo "exit $?"
"$CTXPACK" lint --gitignore --builder classic | grep copy; echo "exit $?"
