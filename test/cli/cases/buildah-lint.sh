. "${0%/*}/../lib.sh"
# lint --builder=buildah: buildah's line pitfalls, the files it reads and
# the lines Docker would read otherwise
mk Containerfile 'FROM scratch
'
mk .containerignore 'other
'
mk .dockerignore 'a+b
x|y
 /data
! keep
nm
!**/keep.txt
^c
'
mk ab; mk zy; mk c; mk nm/a/keep.txt; mk data/f
"$CTXPACK" lint --builder=buildah; echo "exit $?"
rm .containerignore
"$CTXPACK" lint --builder=buildah; echo "exit $?"
mk .dockerignore '(x
'
"$CTXPACK" lint --builder=buildah --json; echo "exit $?"
echo "== an inline comment, also after '!'"
mk .dockerignore 'data # build output
!data/f   # keep
'
"$CTXPACK" lint --builder=buildah; echo "exit $?"
