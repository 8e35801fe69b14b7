#!/usr/bin/env python3
"""bhls.py: list what a build copied into a directory, for the buildah oracle.

    bhls.py ls   DIR          names only, as `ctxpack ls` prints them
    bhls.py meta DIR SINCE UNTIL   one line of metadata an entry
    bhls.py settle DIR        give recent mtimes a fixed value (see below)
    bhls.py xxh64 FILE...     the xxh64 of files (self-test of the digest)

DIR is the image's /ctx (or any tree).  Order is tar order: depth first,
pre-order, the names of each directory sorted bytewise; DIR itself is not
listed.  `ls` prints raw names, directories ending in "/", one a line.

`meta` prints test/tools/tarls's `-m -c` line for each entry:

    TYPE MODE SIZE UID GID MTIME NAME [-> LINK] [DEV maj,min] [xxh64:HEX] [x:KEY=HEX...]

TYPE is f d l h c b p (s for a socket, which buildah never copies); MODE is
%04o of the permission and set-id/sticky bits; SIZE is the size of regular
files, 0 otherwise; MTIME is whole seconds (with .NNNNNNNNN if the entry has
nanoseconds, which buildah never leaves); names and link targets escape
bytes outside 0x21..0x7e and backslash as \\xHH, as tarls does.  A regular
file whose inode was already listed is `h NAME -> FIRST` (size 0, no
digest), as a tar would carry it.  Extended attributes follow as
x:KEY=HEXVALUE, sorted.  A directory whose mtime lies in [SINCE, UNTIL]
(epoch seconds: when the build started and ended) was not copied but
created by buildah for a copied descendant (rule B10): its MTIME field is
the word `created`.

`settle` sets the atime and mtime of every entry under DIR (DIR included,
symlinks themselves) whose mtime lies in the last hour or the next minute
to 1500000000, so that a freshly built tree has deterministic times and no
source directory looks "created"; times a mk.sh set on purpose (old,
far future, fractional) are left alone.
"""
import os
import stat
import struct
import sys
import time

M64 = (1 << 64) - 1
P1 = 0x9E3779B185EBCA87
P2 = 0xC2B2AE3D27D4EB4F
P3 = 0x165667B19E3779F9
P4 = 0x85EBCA77C2B2AE63
P5 = 0x27D4EB2F165667C5
SETTLED = 1500000000


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M64


def _round(acc, lane):
    acc = (acc + lane * P2) & M64
    return (_rotl(acc, 31) * P1) & M64


def _merge(h, v):
    h ^= _round(0, v)
    return (h * P1 + P4) & M64


def xxh64(data, seed=0):
    """XXH64 of bytes (the digest tarls -c prints)."""
    n = len(data)
    i = 0
    if n >= 32:
        v1 = (seed + P1 + P2) & M64
        v2 = (seed + P2) & M64
        v3 = seed
        v4 = (seed - P1) & M64
        stripes = n // 32
        lanes = struct.unpack_from("<%dQ" % (stripes * 4), data, 0)
        for k in range(0, stripes * 4, 4):
            v1 = _round(v1, lanes[k])
            v2 = _round(v2, lanes[k + 1])
            v3 = _round(v3, lanes[k + 2])
            v4 = _round(v4, lanes[k + 3])
        i = stripes * 32
        h = (_rotl(v1, 1) + _rotl(v2, 7) + _rotl(v3, 12) + _rotl(v4, 18)) & M64
        for v in (v1, v2, v3, v4):
            h = _merge(h, v)
    else:
        h = (seed + P5) & M64
    h = (h + n) & M64
    while i + 8 <= n:
        (lane,) = struct.unpack_from("<Q", data, i)
        h ^= _round(0, lane)
        h = (_rotl(h, 27) * P1 + P4) & M64
        i += 8
    if i + 4 <= n:
        (lane,) = struct.unpack_from("<I", data, i)
        h ^= (lane * P1) & M64
        h = (_rotl(h, 23) * P2 + P3) & M64
        i += 4
    while i < n:
        h ^= (data[i] * P5) & M64
        h = (_rotl(h, 11) * P1) & M64
        i += 1
    h ^= h >> 33
    h = (h * P2) & M64
    h ^= h >> 29
    h = (h * P3) & M64
    h ^= h >> 32
    return h


def esc(b):
    return "".join(chr(c) if 0x20 < c < 0x7f and c != 0x5c else "\\x%02x" % c
                   for c in b)


def walk(root, rel=b""):
    """Yield (relative bytes path, lstat) in tar order."""
    base = os.path.join(root, rel) if rel else root
    for name in sorted(os.listdir(base)):
        r = rel + b"/" + name if rel else name
        st = os.lstat(os.path.join(root, r))
        yield r, st
        if stat.S_ISDIR(st.st_mode):
            yield from walk(root, r)


def kind(st):
    m = st.st_mode
    for test, k in ((stat.S_ISREG, "f"), (stat.S_ISDIR, "d"), (stat.S_ISLNK, "l"),
                    (stat.S_ISCHR, "c"), (stat.S_ISBLK, "b"), (stat.S_ISFIFO, "p"),
                    (stat.S_ISSOCK, "s")):
        if test(m):
            return k
    return "?"


def mtime(st):
    s, ns = divmod(st.st_mtime_ns, 10 ** 9)
    return "%d" % s if ns == 0 else "%d.%09d" % (s, ns)


def do_ls(root):
    out = sys.stdout.buffer
    for r, st in walk(root):
        out.write(r + (b"/" if stat.S_ISDIR(st.st_mode) else b"") + b"\n")


def do_meta(root, since, until):
    seen = {}
    out = []
    for r, st in walk(root):
        p = os.path.join(root, r)
        k = kind(st)
        name = r + (b"/" if k == "d" else b"")
        link = None
        size = st.st_size if k == "f" else 0
        if k != "d" and st.st_nlink > 1:
            key = (st.st_dev, st.st_ino)
            if key in seen:
                k, link, size = "h", seen[key], 0
            else:
                seen[key] = r
        if k == "l":
            link = os.readlink(p)
        mt = mtime(st)
        if k == "d" and since <= st.st_mtime <= until:
            mt = "created"
        line = "%s %04o %d %d %d %s %s" % (k, stat.S_IMODE(st.st_mode), size,
                                           st.st_uid, st.st_gid, mt, esc(name))
        if link is not None:
            line += " -> " + esc(link)
        if k in "cb":
            line += " DEV %d,%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
        if k == "f":
            with open(p, "rb") as f:
                line += " xxh64:%016x" % xxh64(f.read())
        try:
            keys = sorted(os.listxattr(p, follow_symlinks=False))
        except OSError:
            keys = []
        for key in keys:
            v = os.getxattr(p, key, follow_symlinks=False)
            line += " x:%s=%s" % (key, v.hex())
        out.append(line)
    sys.stdout.write("".join(l + "\n" for l in out))


def do_settle(root):
    now = time.time()
    paths = [root] + [os.path.join(root, r) for r, _ in walk(root)]
    for p in reversed(paths):
        st = os.lstat(p)
        if now - 3600 <= st.st_mtime <= now + 60:
            os.utime(p, ns=(SETTLED * 10 ** 9,) * 2, follow_symlinks=False)


def main(argv):
    if len(argv) >= 3 and argv[1] == "ls":
        do_ls(os.fsencode(argv[2]))
    elif len(argv) == 5 and argv[1] == "meta":
        do_meta(os.fsencode(argv[2]), float(argv[3]), float(argv[4]))
    elif len(argv) == 3 and argv[1] == "settle":
        do_settle(os.fsencode(argv[2]))
    elif len(argv) >= 3 and argv[1] == "xxh64":
        for f in argv[2:]:
            with open(f, "rb") as fh:
                print("%016x %s" % (xxh64(fh.read()), f))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
