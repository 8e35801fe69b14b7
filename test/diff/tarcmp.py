#!/usr/bin/env python3
"""tarcmp.py: explain how two ustar/pax archives differ, at the byte level.

    tarcmp.py [-n MAX] [-a LABEL] [-b LABEL] A.tar B.tar

Walks both archives header by header (no library: the raw 512-byte blocks)
and prints up to MAX (default 5) differences, one a line:

    entry INDEX NAME: WHAT: A=VALUE B=VALUE

(A and B can be renamed with -a and -b.)

WHAT names the place: "pax.path" (a pax record), "pax-header.name" (a
field of the typeflag-x header), "ustar.mode" (a field of the entry's own
header), "data", "padding", "entries" (count), "trailer" (the end-of-archive
blocks and anything after them).  Values are Python byte-string reprs.
Exit 0 when the archives are identical, 1 when they differ, 2 on errors.
Used by run.sh to describe cases whose listings agree but whose bytes do
not, and as a hint next to a listing diff.
"""
import sys

FIELDS = [("name", 0, 100), ("mode", 100, 108), ("uid", 108, 116),
          ("gid", 116, 124), ("size", 124, 136), ("mtime", 136, 148),
          ("chksum", 148, 156), ("typeflag", 156, 157),
          ("linkname", 157, 257), ("magic", 257, 263), ("version", 263, 265),
          ("uname", 265, 297), ("gname", 297, 329), ("devmajor", 329, 337),
          ("devminor", 337, 345), ("prefix", 345, 500), ("pad", 500, 512)]
ZERO = b"\0" * 512


def num(field):
    if field and field[0] & 0x80:
        return int.from_bytes(field[1:], "big")
    f = field.replace(b"\0", b" ").strip()
    return int(f, 8) if f else 0


def pax_records(data):
    recs = []
    i = 0
    while i < len(data):
        sp = data.find(b" ", i)
        if sp < 0:
            break
        try:
            n = int(data[i:sp])
        except ValueError:
            recs.append((b"?", data[i:]))
            break
        rec = data[sp + 1:i + n]
        k, _, v = rec.partition(b"=")
        recs.append((k, v[:-1] if v.endswith(b"\n") else v))
        i += n if n > 0 else len(data)
    return recs


class Entry:
    def __init__(self):
        self.ext = []        # (header bytes, data bytes) of x/g/L/K headers
        self.hdr = None
        self.data = b""
        self.pad = b""

    def name(self):
        for h, d in self.ext:
            if h[156:157] == b"x":
                for k, v in pax_records(d):
                    if k == b"path":
                        return v
        h = self.hdr
        n = h[0:100].split(b"\0", 1)[0]
        p = h[345:500].split(b"\0", 1)[0]
        return p + b"/" + n if p else n


def parse(path):
    d = open(path, "rb").read()
    entries, off, cur = [], 0, Entry()
    while off + 512 <= len(d):
        h = d[off:off + 512]
        if h == ZERO:
            break
        size = num(h[124:136])
        t = h[156:157]
        body_end = off + 512 + size
        padded = off + 512 + (size + 511) // 512 * 512
        if t in (b"x", b"g", b"L", b"K"):
            cur.ext.append((h, d[off + 512:body_end]))
        else:
            cur.hdr = h
            if t in (b"1", b"2", b"3", b"4", b"5", b"6"):
                body_end = padded = off + 512
            cur.data = d[off + 512:body_end]
            cur.pad = d[body_end:padded]
            entries.append(cur)
            cur = Entry()
        off = padded
    return entries, d[off:], cur


def cmp_header(a, b, where, out):
    for f, lo, hi in FIELDS:
        if a[lo:hi] != b[lo:hi]:
            out.append((where + "." + f, a[lo:hi].rstrip(b"\0") if f in ("name", "linkname", "prefix", "uname", "gname") else a[lo:hi],
                        b[lo:hi].rstrip(b"\0") if f in ("name", "linkname", "prefix", "uname", "gname") else b[lo:hi]))


def compare(pa, pb, limit, la="A", lb="B"):
    ea, ta, _ = parse(pa)
    eb, tb, _ = parse(pb)
    lines = []

    def emit(i, name, what, va, vb):
        lines.append("entry %s %s: %s: %s=%r %s=%r" % (
            i, name.decode("utf-8", "backslashreplace"), what, la, va, lb, vb))

    for i, (a, b) in enumerate(zip(ea, eb)):
        if len(lines) >= limit:
            break
        name = a.name()
        if a.name() != b.name():
            emit(i, name, "name", a.name(), b.name())
            break                       # out of step: stop here
        diffs = []
        xa = [x for x in a.ext if x[0][156:157] == b"x"]
        xb = [x for x in b.ext if x[0][156:157] == b"x"]
        if len(a.ext) != len(b.ext) or [x[0][156:157] for x in a.ext] != [x[0][156:157] for x in b.ext]:
            diffs.append(("extended-headers", [x[0][156:157] + b":" + b",".join(k for k, _ in pax_records(x[1])) for x in a.ext],
                          [x[0][156:157] + b":" + b",".join(k for k, _ in pax_records(x[1])) for x in b.ext]))
        else:
            for (ha, da), (hb, db) in zip(a.ext, b.ext):
                cmp_header(ha, hb, "pax-header", diffs)
                ra, rb = pax_records(da), pax_records(db)
                if ra != rb:
                    ka = dict(ra)
                    kb = dict(rb)
                    for k in sorted(set(ka) | set(kb)):
                        if ka.get(k) != kb.get(k):
                            diffs.append(("pax." + k.decode("ascii", "replace"), ka.get(k), kb.get(k)))
                    if [k for k, _ in ra] != [k for k, _ in rb] and set(ka) == set(kb):
                        diffs.append(("pax-order", [k for k, _ in ra], [k for k, _ in rb]))
        cmp_header(a.hdr, b.hdr, "ustar", diffs)
        if a.data != b.data:
            diffs.append(("data", "%d bytes" % len(a.data), "%d bytes" % len(b.data)))
        elif a.pad != b.pad:
            diffs.append(("padding", a.pad[:16], b.pad[:16]))
        # the checksum follows from the other fields: report it only alone
        if len(diffs) > 1:
            diffs = [x for x in diffs if not x[0].endswith(".chksum")]
        for what, va, vb in diffs:
            emit(i, name, what, va, vb)
    if len(lines) < limit and len(ea) != len(eb):
        lines.append("entries: %s=%d %s=%d" % (la, len(ea), lb, len(eb)))
    if len(lines) < limit and ta != tb:
        lines.append("trailer: %s=%d bytes (%s) %s=%d bytes (%s)" % (
            la, len(ta), "zeros" if ta.count(0) == len(ta) else "data",
            lb, len(tb), "zeros" if tb.count(0) == len(tb) else "data"))
    return lines[:limit]


def main():
    args = sys.argv[1:]
    limit, la, lb = 5, "A", "B"
    while len(args) >= 2 and args[0] in ("-n", "-a", "-b"):
        if args[0] == "-n":
            limit = int(args[1])
        elif args[0] == "-a":
            la = args[1]
        else:
            lb = args[1]
        args = args[2:]
    if len(args) != 2:
        sys.stderr.write("usage: tarcmp.py [-n MAX] [-a LABEL] [-b LABEL] A.tar B.tar\n")
        return 2
    try:
        lines = compare(args[0], args[1], limit, la, lb)
    except (OSError, ValueError) as e:
        sys.stderr.write("tarcmp.py: %s\n" % e)
        return 2
    for l in lines:
        print(l)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
