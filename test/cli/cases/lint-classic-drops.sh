. "${0%/*}/../lib.sh"
# classic-drops (R21) and buildkit-walks-all (H4) for one wildcard
# exception under an excluded directory
mk Dockerfile 'FROM scratch'
mk .dockerignore 'node_modules
!**/keep.txt
'
mk node_modules/a/keep.txt k; mk node_modules/a/big.js 0123456789
"$CTXPACK" lint; echo "exit $?"
