. "${0%/*}/../lib.sh"
# E2 / item 11: a 9 GiB first file (pax size) gets the lead-in too; the
# report counts its 512 bytes, as pack writes them
mk Dockerfile 'FROM scratch'
truncate -s 9G -- -big 2>/dev/null || { echo "no sparse files" >&2; exit 77; }
"$CTXPACK" pack . | head -c 2048 > ../head.tar
printf 'first block: type %s name %s\n' "$(dd if=../head.tar bs=1 skip=156 count=1 2>/dev/null)" \
	"$(head -c 100 ../head.tar | tr -d '\000')"
printf 'second block: type %s\n' "$(dd if=../head.tar bs=1 skip=668 count=1 2>/dev/null)"
"$CTXPACK" report --json . | grep -E '"tar_bytes"' | sed 's/^ *//' | head -1
