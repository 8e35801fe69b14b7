. "${0%/*}/../lib.sh"
# section 9 row 15/16: excluded parents are sent by BuildKit only (H5),
# wildcard exceptions reach inside excluded dirs with BuildKit only (R21)
mk Dockerfile 'FROM scratch'
mk .dockerignore 'docs
!docs/README.md
node_modules
!**/keep.txt
'
mk docs/README.md r; mk docs/other o; mk node_modules/a/keep.txt k; mk node_modules/a/x.js x; mk keep.txt k
echo "== buildkit"; "$CTXPACK" ls --builder=buildkit .
echo "== classic"; "$CTXPACK" ls --builder=classic .
