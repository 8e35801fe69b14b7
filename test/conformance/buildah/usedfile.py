#!/usr/bin/env python3
"""usedfile.py SEED DIR: a Containerfile for pipe.sh's --used mode.

FROM scratch, then 1-4 COPY lines of paths of the tree under DIR (files,
directories, DIR/* wildcards, ? in a name) into /ctx/N/, sometimes with
the source through an ARG, sometimes an earlier stage the target does not
need (buildah skips it: what it reads is not read).  Only names of plain
bytes ([A-Za-z0-9._-]), so the line means the same to every parser.
Printed on standard output; deterministic for a seed.
"""
import os
import random
import sys


def main():
    seed, d = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(seed * 7919 + 17)
    paths = []
    for root, ds, fs in os.walk(d):
        ds.sort()
        for x in sorted(ds + fs):
            p = os.path.relpath(os.path.join(root, x), d)
            if all(c.isalnum() or c in "._-/" for c in p) and \
                    p.split("/")[0] not in ("Containerfile", "Dockerfile"):
                paths.append(p)
    rng.shuffle(paths)
    srcs = paths[:rng.randint(1, 4)]
    out = []
    if paths and rng.random() < 0.3:
        out += ["FROM scratch AS unused", "COPY %s /u/" % rng.choice(paths)]
    out.append("FROM scratch")
    for i, s in enumerate(srcs):
        r = rng.random()
        if r < 0.15 and "/" in s:
            s = s.rsplit("/", 1)[0] + "/*"
        elif r < 0.25 and len(s.rsplit("/", 1)[-1]) > 1:
            s = s[:-1] + "?"
        elif r < 0.35:
            out.append("ARG SRC%d=%s" % (i, s))
            s = "${SRC%d}" % i
        out.append("COPY %s /ctx/%d/" % (s, i))
    if not srcs:
        out.append("COPY Containerfile /ctx/")
    print("\n".join(out))


if __name__ == "__main__":
    main()
