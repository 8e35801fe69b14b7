#!/usr/bin/env python3
"""dfgen.py: a seeded random multi-stage Dockerfile for a tree, for
test/engine/used.sh (`ctxpack pack --used` against the real engine).

    dfgen.py SEED BUILDER CASE

CASE holds ctx/ (a tree of ../conformance/diff/gen.py --engine), args (its
-f arguments, one a line) and, optionally, incl: the paths the context
holds for BUILDER (`ctxpack ls -0`), which only steers the choice of
sources towards ones the build can find.  dfgen.py overwrites the tree's
Dockerfile (the -f file, through a symbolic link if it is one) with a
random one and writes CASE/bargs: the --target and --build-arg arguments
of the build, one a line.  BUILDER (classic or buildkit) leaves out what
that builder cannot build (COPY --chmod on classic) or hangs on (for
classic the tree's FIFOs are removed: the daemon opens one a source
matches to copy it as a file, and waits forever).  Deterministic for
SEED and BUILDER, whatever else the tree holds.

The Dockerfile: global ARGs, 1-4 stages `FROM scratch AS sN` (some FROM
an earlier stage), each with COPY (sometimes ADD) of 1-3 sources from
the context: files, directories (with and without a trailing slash),
symbolic links, wildcards `*`, `?`, `[...]` in any component,
`dir/*.ext`, `*`, `.`, paths below excluded directories, now and then a
path the context lacks; sources through ARG and ENV (`$V`, `${V}`,
`${V:-x}`), stage ARGs fed by --build-arg, global ARGs declared again;
JSON form for names with blanks or quotes; `--chmod` (BuildKit), `--chown`;
COPY --from=sK of an earlier stage's files; WORKDIR with relative
destinations; a final stage that copies from some stages; --target of a
stage now and then.
"""
import fnmatch
import json
import os
import random
import re
import stat
import sys

META = set("*?[]\\")


def fs(rel):
    """The name as the Dockerfile writes it (surrogates are raw bytes)."""
    return rel


def writable(rel):
    """Can this path be written in a Dockerfile line at all?"""
    if "\n" in rel or "\r" in rel or "\x00" in rel:
        return False
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False                 # not UTF-8 (surrogate escapes)
    return True


def plain(rel):
    """Shell form without quoting: no blanks, quotes, $, backslash, meta."""
    return not re.search(r"[\s'\"$\\`]", rel) and not (set(rel) & META) \
        and not rel.startswith("-") and rel not in ("", "#")


class Gen:
    def __init__(self, seed, builder, case):
        self.rng = random.Random("used-%s-%d" % (builder, seed))
        self.builder = builder
        self.case = case
        self.root = os.path.join(case, "ctx")
        self.bargs = []
        self.lines = []
        if builder == "classic":
            self.no_fifos()
        self.scan()

    # ----------------------------------------------------------- the tree
    def no_fifos(self):
        """The classic builder hangs on a FIFO a source names or matches
        (it opens it to copy it as a file): out with them, parents keep
        their times."""
        for d, dns, fns in os.walk(self.root):
            for n in fns:
                p = os.path.join(d, n)
                if stat.S_ISFIFO(os.lstat(p).st_mode):
                    st = os.lstat(d)
                    os.unlink(p)
                    os.utime(d, ns=(st.st_atime_ns, st.st_mtime_ns))

    def scan(self):
        self.files, self.dirs, self.links, self.other = [], [], [], []
        for d, dns, fns in os.walk(self.root):
            rd = os.path.relpath(d, self.root)
            rd = "" if rd == "." else rd
            for n in sorted(dns + fns):
                rel = os.path.join(rd, n) if rd else n
                p = os.path.join(self.root, rel)
                if os.path.islink(p):
                    self.links.append(rel)
                elif os.path.isdir(p):
                    self.dirs.append(rel)
                elif os.path.isfile(p):
                    self.files.append(rel)
                else:
                    self.other.append(rel)
        self.all = sorted(self.files + self.dirs + self.links + self.other)
        incl = os.path.join(self.case, "incl")
        self.incl = None
        if os.path.exists(incl):
            with open(incl, "rb") as f:
                names = [n for n in f.read().split(b"\0") if n]
            self.incl = set(os.fsdecode(n).rstrip("/") for n in names)
        ok = lambda r: writable(r) and (self.incl is None or r in self.incl)
        if self.incl is None:                     # the ignore file fails
            self.incl = set(self.all)
        self.ifiles = [f for f in self.files if ok(f)]
        self.idirs = [d for d in self.dirs if ok(d)]
        self.ilinks = [l for l in self.links if ok(l)]
        self.excluded = [p for p in self.all if writable(p) and
                         self.incl is not None and p not in self.incl]
        df = os.path.relpath(self.dockerfile_path(), os.path.realpath(self.root))
        self.build_files = {df, ".dockerignore", "Dockerfile", "dockerfile",
                            df + ".dockerignore"}

    def dockerfile_path(self):
        args = open(os.path.join(self.case, "args")).read().split("\n")
        if args[:1] == ["-f"]:
            rel = args[1]
        elif os.path.lexists(os.path.join(self.root, "Dockerfile")):
            rel = "Dockerfile"
        else:
            rel = "dockerfile"
        return os.path.realpath(os.path.join(self.root, rel))

    # -------------------------------------------------------- the sources
    def mutate(self, comp):
        """A wildcard for a name that still matches it (mostly)."""
        rng = self.rng
        esc = lambda s: "".join("\\" + c if c in META else c for c in s)
        if not comp:
            return comp
        r = rng.random()
        i = rng.randrange(len(comp))
        if r < 0.25:
            return "*"
        if r < 0.4 and "." in comp[1:]:
            return "*" + esc(comp[comp.rindex("."):])
        if r < 0.55:
            return esc(comp[:i]) + "*"
        if r < 0.65:
            return "*" + esc(comp[i:])
        if r < 0.8:
            return esc(comp[:i]) + "?" + esc(comp[i + 1:])
        ch = comp[i]
        if ch in "]^\\-[/!" or ord(ch) > 0x7e:
            cls = "[" + ("\\" + ch if ch in "]^\\-[" else ch) + "]"
        elif ch.isalpha() and rng.random() < 0.5:
            lo = chr(max(ord("a" if ch.islower() else "A"), ord(ch) - 1))
            hi = chr(min(ord("z" if ch.islower() else "Z"), ord(ch) + 1))
            cls = "[%s-%s]" % (lo, hi)
        elif rng.random() < 0.5:
            cls = "[^%s]" % ("q" if ch != "q" else "z")
        else:
            cls = "[%s_]" % ch
        return esc(comp[:i]) + cls + esc(comp[i + 1:])

    def pick(self, paths):
        """Mostly a name the Dockerfile can say as it is (no wildcard
        characters: a source is a pattern; no quotes, $ or backslashes)
        and, mostly, not a build file (the classic daemon deletes the
        build files the ignore file matches, BuildKit sends none)."""
        rng = self.rng
        clean = [p for p in paths if not re.search(r"[][*?\\'\"$`]", p)
                 and (p not in self.build_files or rng.random() < 0.1)]
        if clean and rng.random() < 0.97:
            return rng.choice(clean)
        return rng.choice(paths)

    def good_link(self, rel):
        """A link whose target is in the tree (a dangling one fails)."""
        p = os.path.join(self.root, rel)
        real = os.path.realpath(p)
        top = os.path.realpath(self.root)
        return os.path.exists(p) and (real + "/").startswith(top + "/")

    def matches(self, src):
        """Roughly the paths a wildcard source matches (fnmatch for Go's
        filepath.Match, component by component)."""
        def fn(c):
            out, i = "", 0
            while i < len(c):
                if c[i] == "\\" and i + 1 < len(c):
                    out += "[" + c[i + 1] + "]" if c[i + 1] not in "!]" else c[i + 1]
                    i += 2
                    continue
                if c[i] == "[" and c[i + 1:i + 2] == "^":
                    out += "[!"
                    i += 2
                    continue
                out += c[i]
                i += 1
            return out
        cur = [""]
        for c in [c for c in src.split("/") if c not in ("", ".")]:
            nxt = []
            for d in cur:
                p = os.path.join(self.root, d) if d else self.root
                if os.path.islink(p) or not os.path.isdir(p):
                    continue
                for n in os.listdir(p):
                    if fnmatch.fnmatchcase(n, fn(c)):
                        nxt.append(os.path.join(d, n) if d else n)
            cur = nxt
        return cur

    def fails(self, src):
        """Does a wildcard source match a link that leads nowhere (the
        build fails to copy it)?"""
        return any(os.path.islink(os.path.join(self.root, m)) and
                   not self.good_link(m) for m in self.matches(src))

    def source(self, alone):
        """A source drawn from the tree, mostly one whose wildcards match
        no dangling link; ALONE: the COPY's only one."""
        for _ in range(5):
            s = self.source1(alone)
            if not (set(s) & set("*?[")) or not self.fails(s):
                break
        return s

    def source1(self, alone):
        rng = self.rng
        r = rng.random()
        files, dirs = self.ifiles, self.idirs
        links = [l for l in self.ilinks if self.good_link(l)]
        if not files and not dirs:
            return "."                            # nothing else is sent
        if r < 0.3 and files:
            return self.pick(files)
        if r < 0.42 and dirs:
            d = self.pick(dirs)
            return d + ("/" if rng.random() < 0.3 else "")
        if r < 0.48 and links:
            return self.pick(links if rng.random() < 0.9 else self.ilinks)
        if r < 0.68:
            p = self.pick(files + dirs)
            comps = p.split("/")
            k = rng.randrange(len(comps))
            comps = [self.mutate(c) if i == k else
                     "".join("\\" + ch if ch in META else ch for ch in c)
                     for i, c in enumerate(comps)]
            return "/".join(comps)
        if r < 0.8 and files:
            f = self.pick(files)
            d, b = os.path.dirname(f), os.path.basename(f)
            ext = b[b.rindex("."):] if "." in b[1:] else ""
            d = "".join("\\" + ch if ch in META else ch for ch in d)
            return (d + "/" if d else "") + "*" + ext
        if r < 0.84 and alone:
            return rng.choice(["*", ".", "/", "./", "*/"])
        if r < 0.855 and self.excluded:
            return self.pick(self.excluded)
        if r < 0.86:
            return rng.choice(["nonexistent", "nomatch*", "no/such/dir/"])
        return self.pick(files or dirs)

    def word(self, src, stage):
        """The source through a variable now and then."""
        rng = self.rng
        if src in (".", "/", "*") or rng.random() < 0.75:
            return src
        name = "V%d" % rng.randrange(100)
        r = rng.random()
        d, b = os.path.dirname(src), os.path.basename(src)
        if r < 0.3:
            stage.append("ARG %s=%s" % (name, src))
            if rng.random() < 0.4 and self.files:
                other = rng.choice(self.ifiles or self.files)
                if plain(other):
                    self.bargs += ["--build-arg", "%s=%s" % (name, other)]
            return "$" + name if rng.random() < 0.5 else "${%s}" % name
        if r < 0.55 and d:
            stage.append("ENV %s=%s" % (name, d))
            return "$%s/%s" % (name, b) if rng.random() < 0.5 else \
                "${%s}/%s" % (name, b)
        if r < 0.75:
            stage.append("ARG %s" % name)
            if rng.random() < 0.6:
                self.bargs += ["--build-arg", "%s=%s" % (name, src)]
                return "${%s:-nonexistent-default}" % name
            return "${%s:-%s}" % (name, src)
        # a global ARG, declared again in the stage
        self.globals.append("ARG G%s=%s" % (name, src))
        stage.append("ARG G%s" % name)
        return "${G%s}" % name

    def copy(self, stage, n, dests):
        rng = self.rng
        k = rng.choice([1, 1, 1, 2, 2, 3])
        srcs = []
        for _ in range(k):
            s = self.source(k == 1)
            if not writable(s):
                s = "."
            srcs.append(s)
        words = [self.word(s, stage) if plain(s) else s for s in srcs]
        dest = "/d%d/" % n
        if k == 1 and rng.random() < 0.15 and srcs[0] in self.ifiles:
            dest = "/d%d" % n                     # the file named so
        if rng.random() < 0.1:
            stage.append("WORKDIR /w%d" % n)
            dest = "rel%d/" % n
        flags = []
        if self.builder == "buildkit" and rng.random() < 0.15:
            flags.append("--chmod=%s" % rng.choice(["755", "0600", "644", "4711"]))
        if rng.random() < 0.1:
            flags.append("--chown=%d:%d" % (rng.randrange(2000), rng.randrange(2000)))
        ins = "ADD" if rng.random() < 0.1 else "COPY"
        if all(plain(w) or w.startswith("$") or "*" in w or "?" in w or "[" in w
               for w in words) and rng.random() < 0.7 and \
                not any(re.search(r"[\s'\"]", w) for w in words):
            line = " ".join([ins] + flags + words + [dest])
        else:
            line = ins + " " + "".join(f + " " for f in flags) + \
                json.dumps(words + [dest], ensure_ascii=False)
        stage.append(line)
        dests.append(dest if dest.startswith("/") else "/w%d/%s" % (n, dest))

    def dockerfile(self):
        rng = self.rng
        self.globals = []
        nst = rng.choice([1, 2, 2, 3, 3, 4])
        stages, dests = [], []
        n = 0
        for i in range(nst):
            body, sd = [], []
            if i > 0 and rng.random() < 0.2:
                j = rng.randrange(i)
                head = "FROM s%d AS s%d" % (j, i)
            else:
                head = "FROM scratch AS s%d" % i
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                if i > 0 and rng.random() < 0.25:
                    j = rng.randrange(i)
                    src = rng.choice(dests[j] + ["/"]) if dests[j] else "/"
                    body.append("COPY --from=s%d %s /f%d/" % (j, src, n))
                    sd.append("/f%d/" % n)
                else:
                    self.copy(body, n, sd)
                n += 1
            stages.append([head] + body)
            dests.append(sd)
        # the final stage: some stages' files and the context's
        body = []
        for j in range(nst):
            if rng.random() < 0.6:
                body.append("COPY --from=s%d / /from-s%d/" % (j, j))
        if not body or rng.random() < 0.5:
            self.copy(body, n, [])
        stages.append(["FROM scratch AS final"] + body)
        if rng.random() < 0.2 and nst > 0:
            self.bargs = ["--target", "s%d" % rng.randrange(nst)] + self.bargs
        out = self.globals + [l for st in stages for l in st]
        return "".join(l + "\n" for l in out)


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("classic", "buildkit"):
        sys.stderr.write("usage: dfgen.py SEED classic|buildkit CASE\n")
        return 2
    g = Gen(int(sys.argv[1]), sys.argv[2], sys.argv[3])
    text = g.dockerfile()
    path = g.dockerfile_path()
    with open(path, "wb") as f:
        f.write(text.encode("utf-8", "surrogateescape"))
    with open(os.path.join(g.case, "bargs"), "w") as f:
        f.write("".join(a + "\n" for a in g.bargs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
