#!/usr/bin/env python3
"""imgls.py: what an image (a `docker save` tar) holds under a directory.

    imgls.py [--now T0] SAVE.tar DIR

One line an entry of DIR and below, in layer order, as test/tools/gotar
prints them: TYPE MODE UID GID SIZE MTIME NAME [-> LINK] [sha256:HEX].
DIR itself is shown without its mtime (-): the builder makes it at build
time.  DIR "/" lists the whole image.  With --now, a directory whose mtime is T0 (seconds) or up to an
hour later shows "now": it got it at build time, from the daemon (a
directory the tar has no entry for, one the daemon deleted a build file
from, R26/R27), so two builds differ there by the second they ran in.  Whiteouts (.wh.*) are shown as they are; images built FROM scratch
with one COPY have one layer.
"""
import hashlib
import json
import os
import sys
import tarfile

TYPES = {tarfile.REGTYPE: "f", tarfile.AREGTYPE: "f", tarfile.DIRTYPE: "d",
         tarfile.SYMTYPE: "l", tarfile.LNKTYPE: "h", tarfile.FIFOTYPE: "p",
         tarfile.CHRTYPE: "c", tarfile.BLKTYPE: "b"}


def esc(b):
    return "".join("\\x%02x" % c if c <= 0x20 or c >= 0x7f or c == 0x5c
                   else chr(c) for c in b)


def main():
    argv = sys.argv[1:]
    now = None
    if argv[:1] == ["--now"] and len(argv) > 1:
        now = int(argv[1])
        argv = argv[2:]
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    top = argv[1].strip("/")
    with tarfile.open(argv[0]) as img:
        manifest = json.load(img.extractfile("manifest.json"))
        for layer in manifest[0]["Layers"]:
            with tarfile.open(fileobj=img.extractfile(layer)) as lt:
                for m in lt:
                    name = m.name.strip("/")
                    if top and name != top and \
                            not name.startswith(top + "/"):
                        continue
                    t = TYPES.get(m.type, "?%r" % m.type)
                    mt = "-" if name == top else "%d" % (m.mtime // 1)
                    if now is not None and m.isdir() and \
                            now <= m.mtime <= now + 3600:
                        mt = "now"
                    s = "%s %04o %d %d %d %s %s" % (
                        t, m.mode & 0o7777, m.uid, m.gid, m.size, mt,
                        esc(os.fsencode(name)))
                    if m.issym() or m.islnk():
                        s += " -> " + esc(os.fsencode(m.linkname))
                    if m.isreg():
                        h = hashlib.sha256()
                        f = lt.extractfile(m)
                        for b in iter(lambda: f.read(1 << 20), b""):
                            h.update(b)
                        s += " sha256:" + h.hexdigest()
                    print(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
