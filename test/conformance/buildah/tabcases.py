#!/usr/bin/env python3
"""tabcases.py: turn test/conformance/buildah.tab into trees for verify.sh.

    tabcases.py TAB OUTDIR [CASE...]

For each case of TAB (default all) that can be built as a tree, writes
OUTDIR/NNN/ with:
    name     the case name
    ign      the raw ignore file (the p lines joined with LF, LF-terminated)
    paths    one tarls-escaped path a line: the paths the tree holds (every
             queried path and its ancestors; a path that is an ancestor of
             another is a directory, the rest are files)
    want     the queried paths buildah must copy into /ctx, escaped the same
             way, directories ending in "/", sorted: a path is present if
             its w row says copy or if one of its queried descendants is
             present (an excluded parent that buildah created)
    queried  every queried path, escaped, directories ending in "/"
    error    for a case with an e row: "eager MSG" or "lazy MSG"
and prints the number of cases written.  Paths with a ".." component are
left out, and so is a case when a path component is longer than 255 bytes
(no file system takes it) or when no path is left.  The tree of
an error case holds one file, x, so that a lazy error has an entry to fail
on.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bhls import esc  # noqa: E402


def unescape(s):
    out = bytearray()
    i = 0
    b = s.encode("utf-8", "surrogateescape")
    while i < len(b):
        c = b[i:i + 1]
        if c != b"\\" or i + 1 >= len(b):
            out += c
            i += 1
            continue
        n = b[i + 1:i + 2]
        if n in (b"\\", b"n", b"t", b"r", b"s"):
            out += {b"\\": b"\\", b"n": b"\n", b"t": b"\t", b"r": b"\r", b"s": b" "}[n]
            i += 2
        elif n == b"x":
            out.append(int(b[i + 2:i + 4], 16))
            i += 4
        else:
            out += c
            i += 1
    return bytes(out)


def cases(tab):
    cur = None
    for line in open(tab, encoding="utf-8", errors="surrogateescape"):
        line = line.rstrip("\n")
        if line.startswith("case "):
            if cur is not None:
                yield cur
            cur = {"name": line[5:], "p": [], "w": [], "e": None}
        elif cur is None:
            continue
        elif line.startswith("p "):
            cur["p"].append(unescape(line[2:]))
        elif line.startswith("w "):
            f = line.split(" ", 3)
            cur["w"].append((f[1], unescape(f[3])))
        elif line.startswith("e "):
            f = line.split(" ", 3)
            cur["e"] = f[2] + " " + f[3]
    if cur is not None:
        yield cur


def main():
    tab, out = sys.argv[1], sys.argv[2]
    only = set(sys.argv[3:])
    n = 0
    for c in cases(tab):
        if only and c["name"] not in only:
            continue
        # a path with a ".." component cannot be in a tree
        c["w"] = [(v, p) for v, p in c["w"] if b".." not in p.split(b"/")]
        paths = {p for _, p in c["w"]}
        if not paths and not c["e"]:
            continue
        allp = set()
        for p in paths:
            parts = p.split(b"/")
            for k in range(1, len(parts) + 1):
                allp.add(b"/".join(parts[:k]))
        if any(len(comp) > 255 for p in allp for comp in p.split(b"/")):
            continue
        dirs = {p for p in allp if any(q.startswith(p + b"/") for q in allp)}
        copy = {p for v, p in c["w"] if v == "copy"}
        present = set(copy)
        for p in sorted(paths, key=lambda p: -p.count(b"/")):
            if any(q.startswith(p + b"/") for q in present):
                present.add(p)
        d = os.path.join(out, "%03d" % n)
        os.makedirs(d)
        name = lambda p: esc(p + (b"/" if p in dirs else b""))
        with open(os.path.join(d, "name"), "w") as f:
            f.write(c["name"] + "\n")
        with open(os.path.join(d, "ign"), "wb") as f:
            f.write(b"".join(l + b"\n" for l in c["p"]))
        with open(os.path.join(d, "paths"), "w") as f:
            f.write("".join(name(p) + "\n" for p in sorted(allp)))
        with open(os.path.join(d, "want"), "w") as f:
            f.write("".join(sorted(name(p) + "\n" for p in present & paths)))
        with open(os.path.join(d, "queried"), "w") as f:
            f.write("".join(sorted(name(p) + "\n" for p in paths)))
        if c["e"]:
            with open(os.path.join(d, "error"), "w") as f:
                f.write(c["e"] + "\n")
        n += 1
    print(n)


if __name__ == "__main__":
    main()
