#!/usr/bin/env python3
"""pytar.py: read a tar with Python's tarfile, as a user of it would.

    pytar.py list FILE          every member, its data read to the end
    pytar.py extract FILE DIR   TarFile.extractall(DIR)
    pytar.py nfc LISTING        exit 0 if every name and link target of a
                                listing is the same in Unicode NFC
    pytar.py tree [-S] [-N] [-L LISTING] DIR the extracted tree, one line an entry (-L: a directory the listing lacks shows mtime 0)
                                (-S: without setuid/setgid, which bsdtar
                                drops when it cannot restore the owner;
                                -N: names in Unicode NFC, as bsdtar
                                extracts them)

list and tree print what test/tools/gotar prints (TYPE MODE UID GID SIZE
MTIME NAME [-> LINK] [sha256:HEX]); tree prints hard links as h -> the
lexically first name of the inode, except to a symlink (each name an l
line: Python's extractall makes a new symlink where the target dangles),
and no UID/GID (0 0) and no symlink mtime (0): extractall does not set
it.  Any exception
while reading: "pytar: ERROR: ..." on stderr and exit 1.
"""
import hashlib
import os
import re
import unicodedata
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


def nfc(b):
    s = b.decode("utf-8", "surrogateescape")
    return unicodedata.normalize("NFC", s).encode("utf-8", "surrogateescape")


def unesc(s):
    return re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                  s.encode("ascii"))


def do_nfc(listing):
    with open(listing) as f:
        for ln in f:
            w = ln.split()
            for b in [w[6]] + ([w[8]] if len(w) > 8 and w[7] == "->" else []):
                b = unesc(b)
                if nfc(b) != b:
                    return 1
    return 0


def listed_dirs(listing):
    """The directories a listing (pytar list) holds, as esc() names."""
    dirs = set()
    with open(listing) as f:
        for ln in f:
            parts = ln.rstrip("\n").split(" ", 6)
            if len(parts) == 7 and parts[0] == "d":
                dirs.add(parts[6].rstrip("/"))
    return dirs


def do_tree(root, mask=0o7777, norm=False, listed=None):
    root = os.fsencode(root)
    rows = []           # (name shown, path, lstat)
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            rows.append((nfc(rel) if norm else rel, p, os.lstat(p)))
    rows.sort()
    first = {}
    for rel, _, st in rows:
        if not stat.S_ISDIR(st.st_mode) and st.st_nlink > 1:
            first.setdefault((st.st_dev, st.st_ino), rel)
    for rel, p, st in rows:
        m = st.st_mode & (~0o7777 | mask)
        t = st.st_mtime_ns // 10 ** 9
        # a directory the tar has no entry for is made by the extraction,
        # at its own time: not compared
        if listed is not None and stat.S_ISDIR(m) and esc(rel) not in listed:
            t = 0
        key = (st.st_dev, st.st_ino)
        if stat.S_ISLNK(m):
            print(line("l", m, 0, 0, 0, 0, rel, os.readlink(p)))
        elif not stat.S_ISDIR(m) and first.get(key, rel) != rel:
            print(line("h", m, 0, 0, 0, t, rel, first[key]))
        elif stat.S_ISREG(m):
            with open(p, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            print(line("f", m, 0, 0, st.st_size, t, rel, None, digest))
        else:
            c = "d" if stat.S_ISDIR(m) else "p" if stat.S_ISFIFO(m) else \
                "c" if stat.S_ISCHR(m) else "b" if stat.S_ISBLK(m) else "?"
            print(line(c, m, 0, 0, 0, t, rel))


def main():
    try:
        if len(sys.argv) == 3 and sys.argv[1] == "list":
            do_list(sys.argv[2])
        elif len(sys.argv) == 4 and sys.argv[1] == "extract":
            do_extract(sys.argv[2], sys.argv[3])
        elif len(sys.argv) == 3 and sys.argv[1] == "nfc":
            return do_nfc(sys.argv[2])
        elif len(sys.argv) >= 3 and sys.argv[1] == "tree":
            opts = sys.argv[2:-1]
            listed = None
            if "-L" in opts:
                i = opts.index("-L")
                listed = listed_dirs(opts[i + 1])
                del opts[i:i + 2]
            if any(o not in ("-S", "-N") for o in opts):
                sys.stderr.write(__doc__)
                return 2
            do_tree(sys.argv[-1], 0o1777 if "-S" in opts else 0o7777,
                    "-N" in opts, listed)
        else:
            sys.stderr.write(__doc__)
            return 2
    except Exception as e:
        sys.stderr.write("pytar: ERROR: %s: %s\n" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
