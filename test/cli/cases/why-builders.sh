. "${0%/*}/../lib.sh"
# the builders disagree (R21), and the plain question disagrees with the
# walk (R17): both said on stderr
mk Dockerfile 'FROM scratch'
mk .dockerignore 'node_modules
!**/keep.txt
dir/*.txt
!dir
'
echo "== buildkit"; "$CTXPACK" why node_modules/a/keep.txt dir/a.txt; echo "exit $?"
echo "== classic"; "$CTXPACK" why --builder=classic node_modules/a/keep.txt; echo "exit $?"
