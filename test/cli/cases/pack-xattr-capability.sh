. "${0%/*}/../lib.sh"
# T10: security.capability is kept (v3 data rewritten to the 20-byte v2
# form, as the docker CLI does); other xattrs are dropped
command -v python3 >/dev/null || { echo "no python3" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
mk prog bin
python3 -c '
import os, struct
os.setxattr("prog", "security.capability", struct.pack("<IIIIII", 0x03000001, 0x400, 0, 0, 0, 0))
os.setxattr("prog", "user.foo", b"bar")' 2>/dev/null || { echo "no xattrs here" >&2; exit 77; }
"$CTXPACK" pack . > ../out.tar; echo "exit $?"
python3 -c '
import tarfile
for m in tarfile.open("../out.tar").getmembers():
    print(m.name, sorted((k, v.encode("utf-8", "surrogateescape").hex()) for k, v in m.pax_headers.items() if not k.startswith("LIBARCHIVE.")))'
