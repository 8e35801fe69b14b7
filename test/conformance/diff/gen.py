#!/usr/bin/env python3
"""gen.py: seeded random build contexts for ctxpack's differential test.

    gen.py [--engine] SEED DIR

Creates DIR (it must not exist, or be empty) holding a random tree and a
random .dockerignore, deterministic for SEED (same Python version).  Besides
DIR it writes two files next to it, in DIR/..:

    args        extra `docker build` / `ctxpack pack` arguments, one per line
                (empty, or "-f" and a path relative to DIR)
    dockerfile  the Dockerfile name docker will send as `dockerfile=` (the
                -f path, or "Dockerfile"/"dockerfile", after symlinks are
                resolved), escaped the way tarls prints names

and prints the arguments on stdout, one per line, too.

The tree: directories up to depth 5 (some empty), regular files with random
contents (0 bytes to ~70 KiB), symlinks (relative, absolute, dangling, to
directories, long or non-ASCII targets), hard links (sometimes to a name that
the ignore file drops), rarely a FIFO; names come from a pool that stresses
byte order and pattern syntax (a, A, a-b, a.txt, a_b, "a b", UTF-8, "#x",
"[x]", "a*b", "a\\b", 100+ byte names, ...); modes 0644/0755/0600/0700/04755/
02755/0444 on files and 0755/0700/01777/02775/0555/0750 on directories;
random mtimes with nanoseconds, a few before 1970 or after 2242.  Nothing is
unreadable for its owner, and there are no sockets or device nodes.

The ignore file: 0-12 lines from a grammar mixing literal paths of the tree,
mutated paths (`*`, `?`, `**/`, `/**`, classes `[a-c]` `[^x]`, escapes `\\.`,
leading `/` or `./`, trailing `/`, `//`, `x/..`), canned patterns,
exceptions (`!`, often), comments, blank and white-space lines, sometimes
CRLF or a BOM.  About 3% of files get one invalid pattern (both tools must
then fail).  Patterns that would hit moby#40090 (a -f Dockerfile in a
subdirectory excluded by a pattern the CLI's deprecated matcher misses) are
avoided here; run.sh skips any case that still loses the Dockerfile.

--engine (for test/engine/run.sh, a real daemon, run as root): the same
tree for SEED, with Dockerfiles that `COPY . /ctx/`, and then, drawn from a
second generator so the tree above stays as it is, some of: files of mode
000, a FIFO, names with a newline, a tab or non-ASCII bytes, a file of 1-6
MiB, extreme mtimes (9000000000, 8^11, 2^31-1, 0, before 1970), an ignore
file that also lists the Dockerfile and itself, a hard link whose first
name is excluded, an excluded directory with wildcard exceptions.
Directories keep the mtimes the tree gave them.
"""
import os
import random
import re
import sys

# ---------------------------------------------------------------------------
# name pool

BASE_NAMES = [
    "a", "A", "B", "b", "Z", "_u", "a-b", "a.txt", "a_b", "a0", "ab", "a~",
    "b.pyc", "c.pyc", "node_modules", "build", "docs", "README.md",
    "README-secret.md", "x.log", "keep.txt", "data", "dist", "a.pex", "src",
    "file1", "filed", "profile", "my file.txt", "a b", ".env", ".git",
    ".hidden", "Dockerfile", "dockerfile", ".dockerignore", "target",
    "recipes", "cake.txt", "lib", "vendor", "tmp", "__pycache__", "main.go",
    "f.go", "x", "y", "z", "sub", "out.o", "Makefile",
    "caf\u00e9", "cafe\u0301", "\u65e5\u672c", "\u00fcber.txt", "\u00e9",
    "#x", "# y", "[x]", "a[1]", "a[b", "a*b", "a?b", "a\\b", "a^b", "a!e",
    "a.|)$(}+{bc", "x{1}", "~x", "=eq", "a'q", "%41", " lead", "trail ",
]
DIR_NAMES = ["a", "A", "docs", "build", "node_modules", "src", "data", "dist",
             "sub", "lib", "vendor", ".git", "target", "recipes", "a b",
             "__pycache__", "caf\u00e9", "x.log", "keep.txt", "[d]", "a-b",
             "a_b", "tmp", "deep", "ignored", "dir"]


def long_name(rng):
    n = rng.choice([99, 100, 101, 120, 155, 200])
    stem = rng.choice(["l", "long", "\u00e9"])
    s = (stem * n)[:n]
    return s.encode("utf-8")[:n].decode("utf-8", "ignore")


def pick_name(rng, used, is_dir):
    for _ in range(50):
        r = rng.random()
        if r < 0.02:
            name = long_name(rng)
        elif r < 0.025:
            name = "\udcff" + "bad"          # an invalid UTF-8 byte (0xff)
        elif is_dir and r < 0.6:
            name = rng.choice(DIR_NAMES)
        else:
            name = rng.choice(BASE_NAMES)
        if name not in used:
            used.add(name)
            return name
    name = "n%d" % rng.randrange(10 ** 6)
    used.add(name)
    return name


def fsenc(rel):
    return os.fsencode(rel)


def tarls_escape(s):
    out = []
    for b in os.fsencode(s):
        if b <= 0x20 or b >= 0x7f or b == 0x5c:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    return "".join(out)


# ---------------------------------------------------------------------------
# the tree

class Tree:
    def __init__(self, rng, root):
        self.rng = rng
        self.root = root
        self.files = []      # regular files (rel)
        self.dirs = []       # directories (rel), not the root
        self.links = []      # symlinks (rel)
        self.other = []      # fifos, hard links
        self.used = {"": set()}
        self.budget = rng.choice([8, 15, 25, 40, 60, 90, 150])

    def p(self, rel):
        return os.path.join(self.root, rel) if rel else self.root

    def all_paths(self):
        return self.files + self.dirs + self.links + self.other

    def content(self):
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            n = 0
        elif r < 0.6:
            n = rng.randint(1, 100)
        elif r < 0.9:
            n = rng.randint(100, 3000)
        elif r < 0.95:
            n = rng.choice([511, 512, 513, 1024])
        else:
            n = rng.randint(3000, 70000)
        if rng.random() < 0.5:
            return bytes(rng.getrandbits(8) for _ in range(min(n, 4096))) * (n // 4096 + 1)
        words = [b"hello", b"world", b"\n", b"ctx", b"\x00", b"  "]
        out = b"".join(rng.choice(words) for _ in range(n // 3 + 1))
        return out[:n]

    def build(self, rel, depth):
        rng = self.rng
        nchild = rng.randint(2, 12) if depth == 0 else rng.choice([0, 0, 1, 2, 3, 4, 6, 9])
        self.used.setdefault(rel, set())
        for _ in range(nchild):
            if self.budget <= 0:
                return
            self.budget -= 1
            is_dir = depth < 5 and rng.random() < (0.35 if depth < 3 else 0.2)
            name = pick_name(rng, self.used[rel], is_dir)
            child = os.path.join(rel, name) if rel else name
            if is_dir:
                os.mkdir(self.p(child))
                self.dirs.append(child)
                self.build(child, depth + 1)
            else:
                with open(self.p(child), "wb") as f:
                    f.write(self.content())
                self.files.append(child)

    def free_name(self, d):
        return pick_name(self.rng, self.used.setdefault(d, set()), False)

    def add_links(self):
        rng = self.rng
        dirs = [""] + self.dirs
        for _ in range(rng.choice([0, 1, 2, 3, 5, 8])):
            d = rng.choice(dirs)
            name = self.free_name(d)
            rel = os.path.join(d, name) if d else name
            r = rng.random()
            targets = self.files + self.dirs
            if r < 0.4 and targets:
                t = rng.choice(targets)
                tgt = os.path.relpath(t, d or ".")
            elif r < 0.55:
                tgt = rng.choice(["/etc/passwd", "/", "/nonexistent/x", "/tmp"])
            elif r < 0.7:
                tgt = rng.choice(["missing", "../../../outside", "nope/deeper"])
            elif r < 0.8 and targets:
                tgt = "./" + os.path.relpath(rng.choice(targets), d or ".")
            elif r < 0.88:
                tgt = "t" * rng.choice([99, 100, 101, 150, 300])
            elif r < 0.95:
                tgt = "\u00e9t\u00e9/" + rng.choice(["x", "caf\u00e9"])
            else:
                tgt = rng.choice(self.dirs) if self.dirs else "."
                tgt = "/" + tgt
            os.symlink(tgt, self.p(rel))
            self.links.append(rel)
        # hard links
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            if not self.files:
                break
            src = rng.choice(self.files + self.links[:1])
            d = rng.choice(dirs)
            name = self.free_name(d)
            rel = os.path.join(d, name) if d else name
            os.link(self.p(src), self.p(rel), follow_symlinks=False)
            self.other.append(rel)
        if rng.random() < 0.03:
            d = rng.choice(dirs)
            name = self.free_name(d)
            rel = os.path.join(d, name) if d else name
            os.mkfifo(self.p(rel))
            self.other.append(rel)

    def finish(self, skip):
        """Random modes and mtimes; directories last, deepest first."""
        rng = self.rng
        fmodes = [0o644] * 10 + [0o755] * 3 + [0o600] * 2 + [0o700, 0o444,
                  0o4755, 0o2755, 0o640, 0o664, 0o775, 0o6755, 0o1644]
        dmodes = [0o755] * 8 + [0o700, 0o1777, 0o1777, 0o2775, 0o555, 0o750]
        for rel in self.files + self.other:
            if rel in skip or os.path.islink(self.p(rel)):
                continue
            os.chmod(self.p(rel), rng.choice(fmodes))
        for rel in self.files + self.links + self.other:
            os.utime(self.p(rel), ns=(0, self.mtime()), follow_symlinks=False)
        for rel in sorted(self.dirs, key=lambda r: -r.count("/")):
            os.chmod(self.p(rel), rng.choice(dmodes))
            os.utime(self.p(rel), ns=(0, self.mtime()))
        os.utime(self.root, ns=(0, self.mtime()))

    def mtime(self):
        rng = self.rng
        r = rng.random()
        if r < 0.03:
            s = rng.randint(-2 * 10 ** 9, -1)
        elif r < 0.05:
            s = rng.choice([8 ** 11 - 1, 8 ** 11, 9000000000])
        elif r < 0.07:
            s = 0
        else:
            s = rng.randint(10 ** 9, 18 * 10 ** 8)
        ns = rng.choice([0, 999999999, rng.randrange(10 ** 9)])
        return s * 10 ** 9 + ns


# ---------------------------------------------------------------------------
# an approximation of moby/patternmatcher, used only to steer clear of
# moby#40090; run.sh catches whatever slips through

def pm_clean(p):
    p = os.path.normpath(p) if p else p
    if p.startswith("//"):
        p = "/" + p.lstrip("/")
    return p


def pm_read(lines):
    out = []
    for i, line in enumerate(lines):
        if i == 0:
            line = line.lstrip("\ufeff")
        if line.startswith("#"):
            continue
        line = line.strip()
        if not line:
            continue
        inv = False
        if line[0] == "!":
            inv = True
            line = line[1:].strip()
        if line:
            line = pm_clean(line)
            if len(line) > 1 and line[0] == "/":
                line = line[1:]
        out.append(("!" if inv else "") + line)
    return out


def pm_compile(pat):
    """R11/R12: (kind, regex) with kind exact, prefix, suffix or regexp."""
    rx = "^"
    kind = "exact"
    i, n, k = 0, len(pat), 0
    while i < n:
        c = pat[i]
        if c == "*":
            if i + 1 < n and pat[i + 1] == "*":
                i += 1
                if i + 1 < n and pat[i + 1] == "/":
                    i += 1
                if i + 1 >= n:
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        rx += ".*"
                        kind = "regexp"
                else:
                    rx += "(.*/)?"
                    kind = "regexp"
                if k == 0:
                    kind = "suffix"
            else:
                rx += "[^/]*"
                kind = "regexp"
        elif c == "?":
            rx += "[^/]"
            kind = "regexp"
        elif c in ".+()|{}$":
            rx += "\\" + c
        elif c == "\\":
            if i + 1 < n:
                rx += "\\" + pat[i + 1]
                i += 1
            else:
                rx += "\\\\"
            kind = "regexp"
        elif c in "[]":
            rx += c
            kind = "regexp"
        else:
            rx += c
        i += 1
        k += 1
    if kind != "regexp":
        return kind, None
    try:
        return kind, re.compile(rx + "$", re.S)
    except re.error:
        return "never", None


class Pat:
    def __init__(self, text):
        self.excl = text.startswith("!")
        t = pm_clean(text[1:] if self.excl else text)
        self.text = t
        self.dirs = t.split("/")
        self.kind, self.rx = pm_compile(t)

    def match(self, path):
        t = self.text
        if self.kind == "exact":
            return path == t
        if self.kind == "prefix":
            return path.startswith(t[:-2])
        if self.kind == "suffix":
            suf = t[2:]
            return path.endswith(suf) or (suf[:1] == "/" and path == suf[1:])
        if self.kind == "regexp":
            return bool(self.rx.match(path))
        return False


def pm_excluded(pats, path):
    """MatchesOrParentMatches (R15/R16)."""
    parts = path.split("/")
    cands = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    m = False
    for p in pats:
        if p.excl != m:
            continue
        if any(p.match(c) for c in cands):
            m = not p.excl
    return m


def pm_deprecated(pats, path):
    """The deprecated Matches (R18), used by the CLI for R26."""
    parent = os.path.dirname(path) or "."
    pdirs = parent.split("/")
    m = False
    for p in pats:
        if p.excl != m:
            continue
        hit = p.match(path)
        if not hit and parent != "." and len(p.dirs) <= len(pdirs):
            hit = p.match("/".join(pdirs[:len(p.dirs)]))
        if hit:
            m = not p.excl
    return m


def pats_of(lines):
    try:
        return [Pat(t) for t in pm_read(lines) if t not in ("!", "")]
    except Exception:
        return []


def matches_using_parent_results(pats, path, parent):
    """R17: one step of the walker's matcher."""
    m = False
    info = []
    for i, p in enumerate(pats):
        hit = parent[i] if parent else False
        if not hit:
            if p.excl != m:
                info.append(False)
                continue
            hit = p.match(path)
        info.append(hit)
        if hit:
            m = not p.excl
    return m, info


def walker_keeps(pats, path):
    """Does the classic tar walker (R17, R21) emit PATH?"""
    parts = path.split("/")
    info = []
    for i in range(1, len(parts) + 1):
        sub = "/".join(parts[:i])
        skip, info = matches_using_parent_results(pats, sub, info)
        if i == len(parts):
            return not skip
        if skip and not any(p.excl and (p.text + "/").startswith(sub + "/")
                            for p in pats):
            return False
    return True


def hits_40090(lines, dockerfile):
    """Could docker lose its -f Dockerfile (moby#40090 and kin)?  Applies
    R26 (the CLI appends `!<Dockerfile>` when its deprecated matcher says
    the Dockerfile is excluded; note that the appended text is itself a
    pattern, so a name with `[` may not match itself) and then the walker."""
    pats = pats_of(lines)
    if pm_deprecated(pats, dockerfile):
        pats.append(Pat("!" + dockerfile))
    return not walker_keeps(pats, dockerfile)


def avoid_40090(lines, dockerfile):
    """Drop exclusion lines, last first, until hits_40090 is false."""
    lines = list(lines)
    parts = dockerfile.split("/")
    cands = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    while hits_40090(lines, dockerfile):
        for k in range(len(lines) - 1, -1, -1):
            ps = pats_of([lines[k]])
            if ps and not ps[0].excl and any(ps[0].match(c) for c in cands):
                del lines[k]
                break
        else:
            del lines[-1]
    return lines


# ---------------------------------------------------------------------------
# the ignore file

META = set("*?[]\\")
CANNED = [
    "*", "**", "**/", "*.pyc", "**/*.pyc", "*.log", "**/*.log", "*.md",
    "!README.md", "!README*.md", "README-secret.md", "node_modules",
    "**/node_modules", "node_modules/", ".git", ".env", "docs/**", "docs/*",
    "build/", "**/build", "a*", "[a-c]*", "[^a]*", "[A-Z]*", "?", "??", ".*",
    "*/*", "*/*/*", ".", "/", "../x", "Dockerfile", ".dockerignore", "dir**",
    "**file", "**/keep.txt", "!**/keep.txt", "*/*.txt", "!*/*.txt",
    "ignored/*", "!ignored/*/", "dir/*.txt", "!dir", "data", "!data",
    "data/file1", "a[^x]b", "a[!c]e", "file\\d", "*^b", "\\#x", " #x",
    "[[:digit:]]*", "a.|)$(}+{bc", "**/*.txt", "*.txt", "!*.txt", "a/**/b",
    "**/a/**", "*/**", "!keep.txt", "**/.git", "__pycache__", "**/__pycache__",
    "caf\u00e9", "caf?", "\u65e5*", "a\\*b", "a\\?b", "a\\[b", "a\\\\b",
    "\\w*", "x\\.log", "a\\ b", "my file.txt", "*\\ *", "l*", "t*/**/x",
]
INVALID = ["a[", "[^", "[z-a]", "!", "!/", "foo\\", "fo\\y", "[]a]", "[x-]",
           "[[:foo:]]", "a\\", "! ", "\\\u00e9x", "[Local-Only]"]


def classify(ch, rng):
    """A bracket expression that matches ch (mostly) or not."""
    if ch in "]^\\-[/" or ord(ch) > 0x7e:
        return "[%s]" % ("\\" + ch if ch in "]^\\-[" else ch)
    r = rng.random()
    if r < 0.35 and ch.isalpha():
        lo = chr(max(ord("a" if ch.islower() else "A"), ord(ch) - rng.randint(0, 2)))
        hi = chr(min(ord("z" if ch.islower() else "Z"), ord(ch) + rng.randint(0, 2)))
        return "[%s-%s]" % (lo, hi)
    if r < 0.6:
        other = rng.choice("qxz%")
        return "[^%s]" % (other if other != ch else "#")
    if r < 0.7:
        return "[^%s]" % ch                    # does not match
    return "[%s%s]" % (ch, rng.choice("01_."))


def escape_lit(s, rng, p_escape=0.93):
    out = []
    for ch in s:
        if ch in META:
            out.append("\\" + ch if rng.random() < p_escape else ch)
        elif ch in ".-_#{}()+|$^!' %~=" and rng.random() < 0.15:
            out.append("\\" + ch)              # a needless but valid escape
        else:
            out.append(ch)
    return "".join(out)


def mutate_component(comp, rng):
    r = rng.random()
    if not comp:
        return comp
    if r < 0.2:
        return "*"
    if r < 0.3 and "." in comp:
        return "*" + comp[comp.rindex("."):]
    if r < 0.4:
        return escape_lit(comp[:rng.randint(0, len(comp))], rng) + "*"
    if r < 0.5:
        return "*" + escape_lit(comp[rng.randint(0, len(comp)):], rng)
    if r < 0.65:
        i = rng.randrange(len(comp))
        return escape_lit(comp[:i], rng) + "?" + escape_lit(comp[i + 1:], rng)
    if r < 0.8:
        i = rng.randrange(len(comp))
        return escape_lit(comp[:i], rng) + classify(comp[i], rng) + escape_lit(comp[i + 1:], rng)
    return escape_lit(comp, rng)


def from_path(path, rng):
    comps = path.split("/")
    r = rng.random()
    if r < 0.3:
        pat = "/".join(escape_lit(c, rng) for c in comps)
    elif r < 0.6:
        k = rng.randrange(len(comps))
        comps = [mutate_component(c, rng) if i == k else escape_lit(c, rng)
                 for i, c in enumerate(comps)]
        pat = "/".join(comps)
    elif r < 0.72:
        k = rng.randrange(len(comps))
        pat = "**/" + "/".join(escape_lit(c, rng) for c in comps[k:])
    elif r < 0.82:
        k = rng.randint(1, len(comps))
        pat = "/".join(escape_lit(c, rng) for c in comps[:k]) + rng.choice(["/**", "/*", "/**/*.txt", "**"])
    elif r < 0.9 and len(comps) > 1:
        pat = escape_lit(comps[0], rng) + "/**/" + escape_lit(comps[-1], rng)
    else:
        pat = "/".join(mutate_component(c, rng) for c in comps)
    # decorations (all cleaned away by the reader)
    r = rng.random()
    if r < 0.1:
        pat = "/" + pat
    elif r < 0.17:
        pat = "./" + pat
    elif r < 0.22:
        pat = pat.replace("/", "//", 1) if "/" in pat else "//" + pat
    elif r < 0.26 and "/" in pat:
        i = pat.index("/")
        pat = pat[:i] + "/zz/.." + pat[i:]
    if rng.random() < 0.12:
        pat += "/"
    return pat


def ignore_lines(rng, tree, invalid):
    paths = [p for p in tree.all_paths() if "\udcff" not in p] or ["a"]
    dirs = [p for p in tree.dirs if "\udcff" not in p]
    lines = []
    for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12])):
        r = rng.random()
        if r < 0.05:
            lines.append(rng.choice(["# comment", "#x", "#", "#!keep"]))
            continue
        if r < 0.1:
            lines.append(rng.choice(["", "  ", "\t", " \t "]))
            continue
        if r < 0.45:
            pat = from_path(rng.choice(paths), rng)
        elif r < 0.55 and dirs:
            # a directory and something inside it to bring back
            d = rng.choice(dirs)
            kids = [p for p in paths if p.startswith(d + "/")]
            lines.append(from_path(d, rng))
            if kids and rng.random() < 0.8:
                pat = "!" + from_path(rng.choice(kids), rng)
            else:
                pat = "!" + d + "/" + rng.choice(["*.txt", "**/keep.txt", "keep.txt", "*"])
        else:
            pat = rng.choice(CANNED)
        if not pat.startswith("!") and rng.random() < 0.33:
            pat = "!" + rng.choice(["", "", "", " ", "  "]) + pat
        if rng.random() < 0.08:
            pat = rng.choice([" ", "\t", "  "]) + pat
        if rng.random() < 0.08:
            pat = pat + rng.choice([" ", "\t", "\r"])
        lines.append(pat)
    if invalid:
        lines.insert(rng.randint(0, len(lines)), rng.choice(INVALID))
    return lines


# ---------------------------------------------------------------------------
# --engine: extras for a real daemon

def engine_extras(seed, tree, dockerfile):
    rng = random.Random("engine-%d" % seed)
    root = tree.root
    dirs = [d for d in tree.dirs if os.path.isdir(tree.p(d))
            and not os.path.islink(tree.p(d))]
    saved = {}

    def parent_of(rel):
        d = os.path.dirname(rel)
        if d not in saved:
            st = os.lstat(tree.p(d))
            saved[d] = (st.st_atime_ns, st.st_mtime_ns)
        return d

    def new_path(d, name):
        rel = os.path.join(d, name) if d else name
        if os.path.lexists(tree.p(rel)):
            return None
        parent_of(rel)
        return rel

    def mtime():
        return rng.choice([9000000000, 8 ** 11, 2 ** 31 - 1, 0, -1,
                           -86400 * 400, 1700000000]) * 10 ** 9

    skip = {dockerfile, ".dockerignore"}
    files = [f for f in tree.files if f not in skip and os.path.isfile(tree.p(f))
             and not os.path.islink(tree.p(f))]
    if files and rng.random() < 0.3:
        for f in rng.sample(files, min(len(files), rng.randint(1, 2))):
            os.chmod(tree.p(f), 0)
    if rng.random() < 0.25:
        rel = new_path(rng.choice([""] + dirs), rng.choice(["fifo", "p ipe", "0fifo"]))
        if rel:
            os.mkfifo(tree.p(rel))
            os.utime(tree.p(rel), ns=(0, mtime()))
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            name = rng.choice(["new\nline", "tab\there", "sp ace", " x",
                               "\u00f1and\u00fa", "\u4e2d\u6587", "\udcfe\udcfd",
                               "q'uote", 'd"quote', "dollar$x", "-dash"])
            rel = new_path(rng.choice([""] + dirs), name)
            if rel:
                with open(tree.p(rel), "wb") as f:
                    f.write(rng.randbytes(rng.randint(0, 700)))
                os.chmod(tree.p(rel), rng.choice([0o644, 0o755, 0o600, 0]))
                os.utime(tree.p(rel), ns=(0, mtime()))
    if rng.random() < 0.15:
        rel = new_path(rng.choice([""] + dirs), "large.bin")
        if rel:
            with open(tree.p(rel), "wb") as f:
                f.write(rng.randbytes(rng.randint(1 << 20, 6 << 20)))
            os.utime(tree.p(rel), ns=(0, mtime()))
    if files and rng.random() < 0.25:
        for f in rng.sample(files, min(len(files), rng.randint(1, 3))):
            os.utime(tree.p(f), ns=(0, mtime()), follow_symlinks=False)

    di = tree.p(".dockerignore")
    ignore = os.path.isfile(di) and not os.path.islink(di)
    add = []
    if ignore and rng.random() < 0.25:
        add += rng.sample([dockerfile, ".dockerignore", "Dockerfile"],
                          rng.randint(1, 2))
    if ignore and rng.random() < 0.2:
        first = new_path("", "0-hl-first")
        d = rng.choice([""] + dirs)
        second = first and new_path(d, "zz-hl-second")
        if first and second:
            with open(tree.p(first), "wb") as f:
                f.write(b"hard link data\n")
            os.utime(tree.p(first), ns=(0, mtime()))
            os.link(tree.p(first), tree.p(second))
            add.append(first)
    if ignore and rng.random() < 0.2:
        wx = new_path("", "wx")
        if wx:
            os.makedirs(tree.p("wx/sub/deep"))
            for n in ("a.txt", "b.log", "sub/keep.txt", "sub/c.txt",
                      "sub/deep/keep.txt", "sub/deep/x"):
                with open(tree.p("wx/" + n), "wb") as f:
                    f.write(n.encode())
            add += ["wx", rng.choice(["!wx/*.txt", "!wx/**/keep.txt",
                                      "!wx/sub/*.txt", "!**/keep.txt"])]
    if add:
        with open(di, "rb") as f:
            old = f.read()
        lines = old.decode("utf-8", "surrogateescape").splitlines()
        cand = lines + add
        if "/" not in dockerfile or not hits_40090(cand, dockerfile):
            sep = b"" if not old or old.endswith(b"\n") else b"\n"
            st = os.lstat(di)
            parent_of(".dockerignore")
            with open(di, "wb") as f:
                f.write(old + sep + "".join(a + "\n" for a in add).encode(
                    "utf-8", "surrogateescape"))
            os.utime(di, ns=(st.st_atime_ns, st.st_mtime_ns))
    for d in sorted(saved, key=lambda r: -r.count("/")):
        os.utime(tree.p(d), ns=saved[d])


# ---------------------------------------------------------------------------

def main():
    argv = sys.argv[1:]
    engine = argv[:1] == ["--engine"]
    if engine:
        argv = argv[1:]
    if len(argv) != 2:
        sys.stderr.write("usage: gen.py [--engine] SEED DIR\n")
        return 2
    seed = int(argv[0])
    root = argv[1]
    rng = random.Random(seed)
    os.makedirs(root, exist_ok=True)
    if os.listdir(root):
        sys.stderr.write("gen.py: %s is not empty\n" % root)
        return 2
    os.umask(0o022)
    tree = Tree(rng, root)
    tree.build("", 0)
    tree.add_links()

    # Dockerfiles
    args = []
    dockerfile = "Dockerfile"
    special = set()
    df_text = b"FROM scratch\nCOPY . /ctx/\n" if engine else b"FROM scratch\nCOPY . /\n"
    root_used = tree.used[""]
    for n in ("Dockerfile", "dockerfile"):
        if n in root_used and os.path.lexists(tree.p(n)):
            # replace whatever the tree put there
            path = tree.p(n)
            if os.path.isdir(path) and not os.path.islink(path):
                pass
            else:
                os.unlink(path)
                for lst in (tree.files, tree.links, tree.other):
                    if n in lst:
                        lst.remove(n)
    r = rng.random()
    if r < 0.02 and not os.path.lexists(tree.p("dockerfile")) \
            and not os.path.lexists(tree.p("Dockerfile")):
        dockerfile = "dockerfile"                 # the fallback name
        with open(tree.p(dockerfile), "wb") as f:
            f.write(df_text)
        tree.files.append(dockerfile)
    elif r < 0.25:
        # a Dockerfile in a subdirectory, named with -f
        cands = [d for d in tree.dirs if "\udcff" not in d and len(d.encode()) < 200]
        d = rng.choice(cands) if cands and rng.random() < 0.8 else None
        if d is None:
            d = rng.choice(["sub", "docker", "a b", "build"])
            if not os.path.lexists(tree.p(d)):
                os.mkdir(tree.p(d))
                tree.dirs.append(d)
            elif not os.path.isdir(tree.p(d)) or os.path.islink(tree.p(d)):
                d = ""
        name = rng.choice(["Dockerfile", "app.Dockerfile", "Dockerfile.dev"])
        rel = os.path.join(d, name) if d else name
        if os.path.lexists(tree.p(rel)):
            if os.path.isdir(tree.p(rel)) and not os.path.islink(tree.p(rel)):
                rel = rel + ".df"
            else:
                os.unlink(tree.p(rel))
                for lst in (tree.files, tree.links, tree.other):
                    if rel in lst:
                        lst.remove(rel)
        with open(tree.p(rel), "wb") as f:
            f.write(df_text)
        tree.files.append(rel)
        dockerfile = rel
        if rng.random() < 0.12 and not os.path.lexists(tree.p("df-link")):
            os.symlink(rel, tree.p("df-link"))    # -f through a symlink
            tree.links.append("df-link")
            args = ["-f", "df-link"]
        else:
            args = ["-f", ("./" + rel) if rng.random() < 0.15 else rel]
        if rng.random() < 0.7 and not os.path.lexists(tree.p("Dockerfile")):
            with open(tree.p("Dockerfile"), "wb") as f:
                f.write(b"FROM scratch\n")
            tree.files.append("Dockerfile")
    else:
        if os.path.lexists(tree.p("Dockerfile")):
            dockerfile = "Dockerfile.df"
            args = ["-f", dockerfile]
        with open(tree.p(dockerfile), "wb") as f:
            f.write(df_text)
        tree.files.append(dockerfile)
    special.add(dockerfile)

    # .dockerignore
    invalid = rng.random() < 0.03
    lines = None
    r = rng.random()
    di = tree.p(".dockerignore")
    if os.path.lexists(di):
        if os.path.isdir(di) and not os.path.islink(di):
            lines = None                           # error case: a directory
        else:
            os.unlink(di)
            for lst in (tree.files, tree.links, tree.other):
                if ".dockerignore" in lst:
                    lst.remove(".dockerignore")
    if not os.path.lexists(di) and r > 0.08:
        lines = ignore_lines(rng, tree, invalid)
        if "/" in dockerfile:
            lines = avoid_40090(lines, dockerfile)
        if rng.random() < 0.002:
            lines.append("x" * 70000)              # bufio.Scanner: token too long
        eol = "\r\n" if rng.random() < 0.1 else "\n"
        text = eol.join(lines)
        if lines and rng.random() < 0.8:
            text += eol
        if rng.random() < 0.05:
            text = "\ufeff" + text
        data = text.encode("utf-8", "surrogateescape")
        if rng.random() < 0.04:
            # .dockerignore as a symlink to a file elsewhere in the tree
            with open(tree.p("ign.txt"), "wb") as f:
                f.write(data)
            if "ign.txt" not in tree.files:
                tree.files.append("ign.txt")
            os.symlink("ign.txt", di)
            tree.links.append(".dockerignore")
        else:
            with open(di, "wb") as f:
                f.write(data)
            tree.files.append(".dockerignore")
            special.add(".dockerignore")
    elif not os.path.lexists(di) and rng.random() < 0.05:
        os.mkdir(di)                               # error case: a directory
        tree.dirs.append(".dockerignore")

    tree.finish(special)
    if engine:
        engine_extras(seed, tree, dockerfile)

    parent = os.path.dirname(os.path.abspath(root))
    with open(os.path.join(parent, "args"), "w") as f:
        f.write("".join(a + "\n" for a in args))
    with open(os.path.join(parent, "dockerfile"), "w") as f:
        f.write(tarls_escape(dockerfile) + "\n")
    sys.stdout.write("".join(a + "\n" for a in args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
