#!/usr/bin/env python3
"""tarcmp.py: explain how two ustar/pax archives differ, at the byte level.

    tarcmp.py [-n MAX] [-a LABEL] [-b LABEL] A.tar B.tar

Walks both archives header by header (no library: the raw 512-byte blocks)
and prints up to MAX (default 5) kinds of difference, one a line:

    WHAT: N entries, first entry INDEX NAME: A=VALUE B=VALUE

(A and B can be renamed with -a and -b.)  Kinds that change what a reader
sees come first: "value.name", "value.mode", "value.linkname", "value.mtime",
"value.data", "value.pax:KEY", ... (ustar fields with the pax records
applied), then "entries" (count).  Then the encoding, the kinds that touch the
fewest entries first: "ustar.FIELD" (a raw
field of the entry's header), "pax-header.FIELD" (of its typeflag-x header),
"extended-headers" (which x/g/L/K headers precede the entry, with their
keys), "pax-data", "padding", and "trailer" (end-of-archive blocks and
anything after them).  Values are Python byte-string reprs.
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
            va, vb = a[lo:hi], b[lo:hi]
            if f in ("name", "linkname", "prefix", "uname", "gname"):
                va, vb = va.rstrip(b"\0"), vb.rstrip(b"\0")
            out.append((where + "." + f, va, vb))


def decoded(e):
    """What a reader sees: ustar fields with the pax records applied."""
    h = e.hdr
    pax = {}
    for xh, xd in e.ext:
        if xh[156:157] == b"x":
            pax.update(pax_records(xd))
    v = {
        "type": h[156:157],
        "name": e.name(),
        "mode": num(h[100:108]),
        "uid": int(pax.get(b"uid", num(h[108:116]))),
        "gid": int(pax.get(b"gid", num(h[116:124]))),
        "size": int(pax.get(b"size", num(h[124:136]))),
        "mtime": pax.get(b"mtime", str(num(h[136:148])).encode()),
        "linkname": pax.get(b"linkpath", h[157:257].split(b"\0", 1)[0]),
        "uname": pax.get(b"uname", h[265:297].split(b"\0", 1)[0]),
        "gname": pax.get(b"gname", h[297:329].split(b"\0", 1)[0]),
        "dev": (num(h[329:337]), num(h[337:345])) if h[156:157] in (b"3", b"4") else None,
        "data": e.data,
    }
    for k, x in pax.items():
        if k not in (b"path", b"linkpath", b"size", b"mtime", b"uid", b"gid",
                     b"uname", b"gname"):
            v["pax:" + k.decode("ascii", "replace")] = x
    return v


def compare(pa, pb, limit, la="A", lb="B"):
    """Differences, most telling first: what a reader would see (value.*),
    then the encoding (ustar.*, pax-header.*, pax.*, ...), each kind once
    with the number of entries it affects."""
    ea, ta, _ = parse(pa)
    eb, tb, _ = parse(pb)
    kinds = {}              # what -> [count, first line]
    order = []

    def note(i, name, what, va, vb):
        if what not in kinds:
            if what == "value.data":
                va, vb = "%d bytes" % len(va), "%d bytes" % len(vb)
            kinds[what] = [0, "entry %s %s: %s=%r %s=%r" % (
                i, name.decode("utf-8", "backslashreplace"), la, va, lb, vb)]
            order.append(what)
        kinds[what][0] += 1

    stopped = False
    for i, (a, b) in enumerate(zip(ea, eb)):
        name = a.name()
        da, db = decoded(a), decoded(b)
        if da["name"] != db["name"]:
            note(i, name, "value.name (out of step from here)", da["name"], db["name"])
            stopped = True
            break
        for k in sorted(set(da) | set(db)):
            if da.get(k) != db.get(k):
                note(i, name, "value." + k, da.get(k), db.get(k))
        diffs = []
        ka = [x[0][156:157] + b":" + b",".join(k for k, _ in pax_records(x[1])) for x in a.ext]
        kb = [x[0][156:157] + b":" + b",".join(k for k, _ in pax_records(x[1])) for x in b.ext]
        if ka != kb:
            diffs.append(("extended-headers", ka, kb))
        if len(a.ext) == len(b.ext):
            for (ha, xa), (hb, xb) in zip(a.ext, b.ext):
                cmp_header(ha, hb, "pax-header", diffs)
                if xa != xb and ka == kb:
                    diffs.append(("pax-data", xa[:60], xb[:60]))
        cmp_header(a.hdr, b.hdr, "ustar", diffs)
        if a.pad != b.pad and a.data == b.data:
            diffs.append(("padding", a.pad[:16], b.pad[:16]))
        if len(diffs) > 1:
            diffs = [x for x in diffs if not x[0].endswith(".chksum")]
        for what, va, vb in diffs:
            note(i, name, what, va, vb)
    vals = [w for w in order if w.startswith("value.")]
    # rare encoding differences are the telling ones: fewest entries first
    encs = sorted((w for w in order if not w.startswith("value.")),
                  key=lambda w: (kinds[w][0], order.index(w)))
    lines = []
    for w in vals + encs:
        n, first = kinds[w]
        lines.append("%s: %d entr%s, first %s" % (w, n, "y" if n == 1 else "ies", first))
    if not stopped and len(ea) != len(eb):
        lines.insert(len(vals), "entries: %s=%d %s=%d" % (la, len(ea), lb, len(eb)))
    if not stopped and ta != tb:
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
