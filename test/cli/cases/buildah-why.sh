. "${0%/*}/../lib.sh"
# why --builder=buildah: the deciding line, the level-by-level trace (no
# results passed down), the excluded directory buildah never enters, and
# the note when BuildKit decides otherwise
mk Containerfile 'FROM scratch
'
mk .dockerignore 'nm
!**/keep.txt
dir2/*.txt
!dir2
'
mk nm/a/keep.txt; mk dir2/a.txt
"$CTXPACK" why --builder=buildah --trace nm/a/keep.txt dir2/a.txt keep.txt
echo "exit $?"
