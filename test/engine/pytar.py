#!/usr/bin/env python3
"""pytar.py: read a tar with Python's tarfile, as a user of it would.

    pytar.py list FILE          every member, its data read to the end
    pytar.py extract FILE DIR   TarFile.extractall(DIR)
    pytar.py tree [-S] DIR      the extracted tree, one line an entry
                                (-S: without setuid/setgid, which bsdtar
                                drops when it cannot restore the owner)

list and tree print what test/tools/gotar prints (TYPE MODE UID GID SIZE
MTIME NAME [-> LINK] [sha256:HEX]); tree prints hard links as h -> the
lexically first name of the inode, and no UID/GID (0 0) and no symlink
mtime (0): Python's extractall does not set it.  Any exception
while reading: "pytar: ERROR: ..." on stderr and exit 1.
"""
import hashlib
import os
import stat
import sys
import tarfile


def esc(b):
    return "".join("\\x%02x" % c if c <= 0x20 or c >= 0x7f or c == 0x5c
                   else chr(c) for c in b)


TYPES = {tarfile.REGTYPE: "f", tarfile.AREGTYPE: "f", tarfile.DIRTYPE: "d",
         tarfile.SYMTYPE: "l", tarfile.LNKTYPE: "h", tarfile.FIFOTYPE: "p",
         tarfile.CHRTYPE: "c", tarfile.BLKTYPE: "b"}


def line(t, mode, uid, gid, size, mtime, name, link=None, digest=None):
    s = "%s %04o %d %d %d %d %s" % (t, mode & 0o7777, uid, gid, size,
                                    mtime, esc(name))
    if link is not None:
        s += " -> " + esc(link)
    if digest is not None:
        s += " sha256:" + digest
    return s


def do_list(path):
    out = []
    with tarfile.open(path) as tf:
        for m in tf:
            digest = None
            if m.isreg():
                h = hashlib.sha256()
                f = tf.extractfile(m)
                while True:
                    b = f.read(1 << 20)
                    if not b:
                        break
                    h.update(b)
                digest = h.hexdigest()
            link = None
            if m.issym() or m.islnk():
                link = os.fsencode(m.linkname)
            out.append(line(TYPES.get(m.type, "?%r" % m.type), m.mode,
                            m.uid, m.gid, m.size, int(m.mtime // 1),
                            os.fsencode(m.name), link, digest))
    sys.stdout.write("".join(s + "\n" for s in out))


def do_extract(path, dest):
    with tarfile.open(path) as tf:
        if hasattr(tarfile, "fully_trusted_filter"):
            tf.extraction_filter = tarfile.fully_trusted_filter
        tf.extractall(dest)


def do_tree(root, mask=0o7777):
    root = os.fsencode(root)
    first = {}
    rows = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for n in sorted(dirs + files):
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            rows.append((rel, os.lstat(p)))
    rows.sort()
    for rel, st in rows:
        if not stat.S_ISDIR(st.st_mode) and st.st_nlink > 1:
            first.setdefault((st.st_dev, st.st_ino), rel)
    for rel, st in rows:
        m = st.st_mode & (~0o7777 | mask)
        key = (st.st_dev, st.st_ino)
        if not stat.S_ISDIR(m) and first.get(key, rel) != rel:
            print(line("h", m, 0, 0, 0, st.st_mtime_ns // 10 ** 9, rel,
                       first[key]))
        elif stat.S_ISREG(m):
            with open(os.path.join(root, rel), "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            print(line("f", m, 0, 0, st.st_size, st.st_mtime_ns // 10 ** 9,
                       rel, None, digest))
        elif stat.S_ISLNK(m):
            # (extractall leaves a symlink's own mtime alone)
            print(line("l", m, 0, 0, 0, 0, rel,
                       os.readlink(os.path.join(root, rel))))
        else:
            t = "d" if stat.S_ISDIR(m) else "p" if stat.S_ISFIFO(m) else \
                "c" if stat.S_ISCHR(m) else "b" if stat.S_ISBLK(m) else "?"
            print(line(t, m, 0, 0, 0, st.st_mtime_ns // 10 ** 9, rel))


def main():
    try:
        if len(sys.argv) == 3 and sys.argv[1] == "list":
            do_list(sys.argv[2])
        elif len(sys.argv) == 4 and sys.argv[1] == "extract":
            do_extract(sys.argv[2], sys.argv[3])
        elif len(sys.argv) == 3 and sys.argv[1] == "tree":
            do_tree(sys.argv[2])
        elif len(sys.argv) == 4 and sys.argv[1:3] == ["tree", "-S"]:
            do_tree(sys.argv[3], 0o1777)
        else:
            sys.stderr.write(__doc__)
            return 2
    except Exception as e:
        sys.stderr.write("pytar: ERROR: %s: %s\n" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
