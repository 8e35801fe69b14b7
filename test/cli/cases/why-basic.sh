. "${0%/*}/../lib.sh"
# git check-ignore -v format; ::<TAB>PATH when no rule matched; exit 1
# when any path is excluded, 0 when all are included
mk Dockerfile 'FROM scratch'
mk .dockerignore '# comment
*.log
!keep.log
build/
**/__pycache__
'
"$CTXPACK" why a.log keep.log src/x.py build/out.o sub/__pycache__/m.pyc build/; echo "exit $?"
"$CTXPACK" why keep.log src/x.py; echo "exit $?"
"$CTXPACK" why; echo "exit $?"
