. "${0%/*}/../lib.sh"
# --trace: every rule that matched, level by level, including rules that
# matched through a parent directory
mk Dockerfile 'FROM scratch'
mk .dockerignore 'node_modules
!**/keep.txt
dir/*.txt
!dir
'
"$CTXPACK" why --trace node_modules/a/keep.txt dir/a.txt; echo "exit $?"
