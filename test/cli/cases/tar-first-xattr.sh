. "${0%/*}/../lib.sh"
# E2 / item 11: a first file with security.capability (SCHILY.xattr in a
# pax header) gets the empty pax global header in front, and keeps its
# capability
command -v python3 >/dev/null || { echo "no python3" >&2; exit 77; }
. "${0%/*}/../../engine/trees.sh"
tree_xattr 2>/dev/null || { echo "no xattrs here" >&2; exit 77; }
"$CTXPACK" pack . > ../out.tar; echo "exit $?"
printf 'first block: type %s\n' "$(dd if=../out.tar bs=1 skip=156 count=1 2>/dev/null)"
"$TARLS" ../out.tar
python3 -c '
import tarfile
for m in tarfile.open("../out.tar").getmembers():
    print(m.name, sorted((k, v.encode("utf-8", "surrogateescape").hex()) for k, v in m.pax_headers.items() if k.startswith("SCHILY.")))'
