. "${0%/*}/../lib.sh"
# Hard links are matched on (device, inode): two file systems inside one
# context can hold different files with the same inode number.  (The
# docker CLI's tar keys on the inode alone and loses such a file's
# content: ctxpack departs from it here on purpose.)
command -v unshare >/dev/null || { echo "no unshare(1)" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
mkdir m1 m2
unshare -m sh -c '
	mount -t tmpfs none m1 && mount -t tmpfs none m2 || exit 77
	printf one > m1/f; ln m1/f m1/g
	printf two > m2/f; ln m2/f m2/g
	[ "$(stat -c %i m1/f)" = "$(stat -c %i m2/f)" ] || echo "(inode numbers differ here)" >&2
	"$CTXPACK" pack . > ../out.tar
	"$CTXPACK" digest --per-dir . > ../digest
' || { echo "no tmpfs mounts here" >&2; exit 77; }
"$TARLS" ../out.tar
mkdir ../x && tar -xf ../out.tar -C ../x && cat ../x/m1/f ../x/m1/g ../x/m2/f ../x/m2/g; echo
sed 's/^[0-9a-f]*  //' ../digest
