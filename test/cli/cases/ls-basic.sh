. "${0%/*}/../lib.sh"
# R19 order: each directory's names sorted bytewise, depth first
mk Dockerfile 'FROM scratch'
mk B; mk _u; mk a/x; mk a/y/z; mk a-b; mk a.txt
"$CTXPACK" ls .
