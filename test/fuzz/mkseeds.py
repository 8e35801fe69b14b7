#!/usr/bin/env python3
"""mkseeds.py: write the hand-made seed inputs of the fuzz corpora.

    python3 test/fuzz/mkseeds.py [--all] [OUTDIR]

writes OUTDIR/{rules,match,fastpath}/seed-* (OUTDIR defaults to
test/fuzz/corpus).  Seeds come from the spec's tricky cases
(/work/shared/docs/dockerignore-semantics.md section 9), from
test/conformance/match.tab (with --all: one seed per table case, meant to be
minimised into the corpus with `make fuzz-merge`-style -merge=1 runs
rather than checked in wholesale) and from hand-written shapes: realistic
ignore files, escapes, classes, invalid UTF-8, NUL, CRLF, BOM, over-long
lines and backtracking traps.  The other corpus files (hex names) were
found by libFuzzer.

Input formats: rules = an ignore file; match = ignore file, NUL, paths
separated by NUL; fastpath = one pattern (a leading '!' makes it an
exception), NUL, paths separated by NUL.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TAB = os.path.join(HERE, "..", "match.tab")


def unescape(s):
    """match.tab escapes: \\\\ \\n \\t \\r \\s \\xHH; other backslashes are literal."""
    out = bytearray()
    i = 0
    b = s.encode("latin-1") if isinstance(s, str) else s
    while i < len(b):
        c = b[i:i + 1]
        if c == b"\\" and i + 1 < len(b):
            n = b[i + 1:i + 2]
            m = {b"\\": b"\\", b"n": b"\n", b"t": b"\t", b"r": b"\r", b"s": b" "}
            if n in m:
                out += m[n]
                i += 2
                continue
            if n == b"x" and i + 3 < len(b) + 0 and re.match(rb"[0-9a-fA-F]{2}", b[i + 2:i + 4]):
                out.append(int(b[i + 2:i + 4], 16))
                i += 4
                continue
        out += c
        i += 1
    return bytes(out)


def read_tab():
    cases = []
    cur = None
    with open(TAB, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\n")
            if line.startswith(b"case "):
                cur = {"name": line[5:].decode(), "p": [], "paths": []}
                cases.append(cur)
            elif cur is None:
                continue
            elif line.startswith(b"p ") or line == b"p":
                cur["p"].append(unescape(line[2:]) if len(line) > 2 else b"")
            elif line[:2] in (b"m ", b"w "):
                parts = line.split(b" ", 3)
                if len(parts) == 4:
                    path = unescape(parts[3])
                    if path not in cur["paths"]:
                        cur["paths"].append(path)
    return cases


def ignore(lines):
    return b"\n".join(lines) + b"\n"


def match_input(lines, paths):
    return ignore(lines) + b"\0" + b"\0".join(paths)


# Section 9 of the spec: (name, ignore lines, paths).
SPEC9 = [
    ("01-pyc-root", [b"*.pyc"], [b"sub/b.pyc", b"b.pyc"]),
    ("02-dstar-pyc", [b"**/*.pyc"], [b"sub/deep/c.pyc", b"sub", b"sub/deep"]),
    ("03-docs-slash", [b"docs/"], [b"docs", b"docs/a"]),
    ("04-space-hash", [b" # x"], [b"# x"]),
    ("05-inline-comment", [b"dist/*", b"!dist/*.pex  # note"], [b"dist/a.pex"]),
    ("06-dir-dstar", [b"dir/**"], [b"dir", b"dir/a", b"dirt"]),
    ("07-dstar-file", [b"**file"], [b"profile", b"d/myfile", b"file"]),
    ("08-class-slash", [b"a[^x]b"], [b"a/b", b"axb", b"ayb"]),
    ("09-bang-class", [b"a[!c]e"], [b"a!e", b"ace", b"abe"]),
    ("10-esc-digit", [b"file\\d"], [b"file1", b"filed"]),
    ("11-caret", [b"*^b"], [b"a^b", b"^b"]),
    ("12-reversed-range", [b"[z-a]"], [b"a"]),
    ("13-trailing-bs-space", [b"foo\\ "], [b"foo "]),
    ("14-lone-bang", [b"!"], [b"a"]),
    ("14-bang-slash", [b"!/"], [b"a"]),
    ("15-docs-readme", [b"docs", b"!docs/README.md"], [b"docs", b"docs/README.md", b"docs/x"]),
    ("16-nm-keep", [b"node_modules", b"!**/keep.txt"], [b"node_modules/a/keep.txt", b"keep.txt"]),
    ("17-nm-dstar-keep", [b"node_modules", b"!node_modules/**/keep.txt"], [b"node_modules/a/keep.txt", b"node_modules/keep.txt"]),
    ("18-star-txt", [b"*", b"!*/*.txt"], [b"recipes/cake.txt", b"recipes", b"a.txt"]),
    ("19-ignored-slash", [b"ignored/*", b"!ignored/*/"], [b"ignored/drop", b"ignored/d/x"]),
    ("20-dir-txt-bang-dir", [b"dir/*.txt", b"!dir"], [b"dir/a.txt", b"dir"]),
    ("21-star-data", [b"*", b"!data", b"data/file1"], [b"data/file2", b"data/file1", b"data"]),
    ("22-dstar-build", [b"**/build"], [b"build/Dockerfile", b"services/api/build/Dockerfile"]),
    ("23-star", [b"*"], [b".dockerignore", b"Dockerfile"]),
    ("24-dot-slash-dotdot", [b".", b"/", b"../f"], [b"f", b"a/f", b"."]),
    ("25-exception-first", [b"!f.go", b"*.go"], [b"f.go"]),
    ("r15-log-parent", [b"*.log"], [b"x.log/inner.txt"]),
    ("r15-a-star", [b"a/*"], [b"a/b/c"]),
    ("r16-readme", [b"*.md", b"!README*.md", b"README-secret.md"], [b"README-secret.md", b"README.md"]),
    ("r16-readme-swapped", [b"*.md", b"README-secret.md", b"!README*.md"], [b"README-secret.md"]),
    ("r41433", [b"**/c", b"!a/b/c/include.txt"], [b"a/b/c/include.txt", b"a/b/c/x", b"a/b/c"]),
    ("foo-star-bar2", [b"foo*", b"!foo/bar2"], [b"foo/bar2", b"foo/bar1", b"foo"]),
]

REALISTIC = {
    "node": b"""# Node project
node_modules
npm-debug.log*
yarn-error.log
.git
.gitignore
.env
.env.*
!.env.example
coverage/
dist/
build
*.md
!README.md
.DS_Store
**/.cache
Dockerfile*
docker-compose*.yml
""",
    "python": b"""# Python
__pycache__
**/__pycache__
*.pyc
**/*.py[cod]
*$py.class
.pytest_cache/
.mypy_cache
.venv
venv/
*.egg-info
dist
build
.tox
htmlcov/
.coverage*
!requirements*.txt
""",
    "go": b"""bin/
vendor/
*.exe
*.test
*.out
**/testdata/**
!cmd/**
.idea/
*.swp
*~
""",
    "monorepo": b"""# everything out, then back in
*
!package.json
!yarn.lock
!packages/*/package.json
!packages/*/src/**
packages/*/src/**/*.test.ts
!services/api/
services/api/tmp
**/.DS_Store
**/node_modules
!**/keep.txt
""",
    "rust": b"""target
**/*.rs.bk
Cargo.lock
!Cargo.lock
.git*
docs/**/*.html
""",
}

# Pattern shapes for fastpath: (pattern, paths).
FAST = [
    # ctxpack's PF_ROOT_SUFFIX: *LIT
    (b"*.txt", [b"a.txt", b"a/b.txt", b".txt", b"a.txt\n", b"\xff.txt", b"a\n.txt"]),
    (b"*.tar.gz", [b"x.tar.gz", b"x/y.tar.gz", b"tar.gz"]),
    (b"*~", [b"a~", b"~", b"d/a~"]),
    (b"*.", [b"a.", b"a/.", b"."]),
    (b"*a.b", [b"za.b", b"a.b", b"z/a.b"]),
    (b"*$x", [b"a$x", b"$x"]),
    (b"*(1)+", [b"a(1)+", b"(1)+"]),
    (b"*#", [b"a#", b"#"]),
    (b"* x", [b"a x", b" x"]),
    (b"*\r", [b"a\r", b"\r"]),
    (b"*\xc3\xa9", [b"a\xc3\xa9", b"\xc3\xa9"]),
    (b"*\x7f", [b"\x7f"]),
    # PF_BASE_SUFFIX: **/*LIT
    (b"**/*.pyc", [b"a.pyc", b"sub/deep/c.pyc", b"a\nb/c.pyc", b"a/b\n/c.pyc", b"a/\nc.pyc", b"\xff/x.pyc", b"/.pyc"]),
    (b"**/*.min.js", [b"x.min.js", b"a/b/x.min.js", b"a/min.js"]),
    (b"**/*$", [b"a$", b"a/$"]),
    (b"**/*\n", [b"a\n", b"a/\n", b"a\n/b\n"]),
    (b"**/*.tmp", [b"a\n/b/c.tmp", b"a/b\nc.tmp"]),
    # Not fast: near misses
    (b"**/**.txt", [b"a.txt", b"a/b.txt"]),
    (b"**/*/*.txt", [b"a/b.txt", b"a/b/c.txt"]),
    (b"*.t?t", [b"a.txt"]),
    (b"*.[ch]", [b"a.c", b"a.h", b"a/b.c"]),
    (b"*\\.txt", [b"a.txt"]),
    (b"*a|b", [b"xa", b"b", b"a|b"]),
    (b"*{2}", [b"a{2}", b"aa"]),
    (b"*^", [b"a^"]),
    (b"**/*a/b", [b"xa/b"]),
    # Docker shortcuts
    (b"a", [b"a", b"a/b", b"ab"]),
    (b"a/b", [b"a/b", b"a/b/c"]),
    (b"a.|)$(}+{bc", [b"a.|)$(}+{bc", b"a"]),
    (b"a^b", [b"a^b"]),
    (b"dir/**", [b"dir", b"dir/a", b"dir/a\nb"]),
    (b"dir**", [b"dirt", b"dir"]),
    (b"**/file", [b"file", b"d/file", b"d/profile", b"a\n/file", b"/file"]),
    (b"**file", [b"profile", b"d/myfile"]),
    (b"**", [b"a", b"a/b", b"\n"]),
    (b"**/a/b", [b"a/b", b"x/a/b", b"x\ny/a/b"]),
    (b"\xef\xbb\xbfa", [b"a", b"\xef\xbb\xbfa"]),
    (b"\xef\xbb\xbf**", [b"\xbf**", b"a"]),
    (b"\xef\xbb\xbfa*", [b"abc", b"\xef\xbb\xbfabc"]),
    (b"\xff", [b"\xff", b"\xef\xbf\xbd", b"\xfe"]),
    (b"*\xff", [b"a\xff", b"a\xfe", b"a\xef\xbf\xbd"]),
    (b"a\x00b", [b"a\x00b"]),
    (b"!*.txt", [b"a.txt", b"a/b.txt"]),
    (b"!**/*.go", [b"a.go", b"a/b.go"]),
    # regexps with a literal prefix (pattern.c's literal_prefix shortcut)
    (b"dir/*.log", [b"dir/a.log", b"dir", b"di", b"dir\n/a.log", b"other/a.log", b"\xffdir/a.log"]),
    (b"a.b(c)+$d/*", [b"a.b(c)+$d/x", b"a.b(c)+$d", b"aXb(c)+$d/x"]),
    (b"ab{2}c*", [b"abbc", b"abbcx", b"ab{2}c", b"ac"]),
    (b"ab{,2}*", [b"ab{,2}", b"ab{,2}x", b"ab"]),
    (b"ab{0}c*", [b"ac", b"acx", b"abc"]),
    (b"x|y*", [b"x", b"yz", b"x|y"]),
    (b"a b/?", [b"a b/c", b"a b/", b"a c/c"]),
    (b"src/**/test", [b"src/test", b"src/a/b/test", b"srcx/test", b"src\n/test"]),
    (b"pre\xc3\xa9*", [b"pre\xc3\xa9x", b"pre\xc3", b"pre\xff"]),
    (b"pre\x00*", [b"pre\x00x", b"pre"]),
    (b"a^b*", [b"a^bc", b"ab"]),
    (b"a}b*", [b"a}bc"]),
    # regexps
    (b"file\\d", [b"file1", b"filed"]),
    (b"a\\nb", [b"a\nb", b"anb"]),
    (b"[[:digit:]]*", [b"1a", b"a1"]),
    (b"\\p{Greek}*", [b"\xce\xb1x", b"ax"]),
    (b"a[^x]b", [b"a/b"]),
    (b"*\\b", [b"a", b"a."]),
    (b"\\Qa.b\\E*", [b"a.bc"]),
    (b"x\\x{263a}", [b"x\xe2\x98\xba"]),
    # backtracking
    (b"*a*a*a*a*a*a*a*a*b", [b"a" * 300, b"a" * 64 + b"b", b"a" * 2000]),
    (b"**/**/**/**/**/**/**/**/x", [b"a/" * 100 + b"y", b"a/" * 100 + b"x"]),
    (b"**a**a**a**a**a**b", [b"a" * 300, b"a/" * 150]),
    (b"*?*?*?*?*?*?*?*?c", [b"b" * 500]),
]


def write(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    args = [a for a in sys.argv[1:] if a != "--all"]
    every = "--all" in sys.argv[1:]
    out = args[0] if args else os.path.join(HERE, "corpus")
    rd, md, fd = (os.path.join(out, x) for x in ("rules", "match", "fastpath"))

    for name, lines, paths in SPEC9:
        write(rd, "spec-" + name, ignore(lines))
        write(md, "spec-" + name, match_input(lines, paths))
        for ln in lines:
            write(fd, "spec-%s-%d" % (name, lines.index(ln)),
                  ln + b"\0" + b"\0".join(paths))

    for name, text in REALISTIC.items():
        write(rd, "real-" + name, text)
        write(rd, "real-%s-crlf" % name, text.replace(b"\n", b"\r\n"))
        paths = [b"src/index.js", b"node_modules/a/keep.txt", b"README.md",
                 b"docs/a.md", b".env.example", b"packages/x/src/a.test.ts",
                 b"packages/x/src/a.ts", b"services/api/tmp/x", b"a/__pycache__/b.pyc",
                 b"target/debug/x", b"vendor/github.com/x/y.go", b"cmd/tool/main.go",
                 b"x/testdata/deep/file"]
        write(md, "real-" + name, text + b"\0" + b"\0".join(paths))
    write(rd, "real-node-bom", b"\xef\xbb\xbf" + REALISTIC["node"])
    write(rd, "real-python-bom-crlf",
          b"\xef\xbb\xbf" + REALISTIC["python"].replace(b"\n", b"\r\n"))

    # Reader edge cases.
    write(rd, "read-nul", b"a\0b\n!c\0\n\0\n*\0*\n")
    write(rd, "read-invalid-utf8", b"\xff\n*\xfe\n\xc3\n\xe2\x82\n[\xff]\n\xed\xa0\x80*\n")
    write(rd, "read-bom-line2", b"a\n\xef\xbb\xbf**\n\xef\xbb\xbfb*\n!\xef\xbb\xbf**/c\n")
    write(rd, "read-spaces", b"  \t\n \xc2\xa0a\xc2\xa0\n\xe3\x80\x80#x\n!  \t b \n\x0b\x0c\n\xc2\x85c\xc2\x85\n")
    write(rd, "read-cr-only", b"a\rb\r\n\r\n\r\rc\r\r\n")
    write(rd, "read-clean", b"./a\n/b\n//c\nd/\ne/../f\n../g\n.\n/\n!./h\n!/i/../j\n!a/..\n!..\n")
    write(rd, "read-no-final-newline", b"*.log\n!keep.log")
    write(rd, "read-errors-late", b"a\nb\nc\n[z-a]\n")
    write(rd, "read-escapes", b"\\#x\n\\!y\n\\*\n\\[a]\n\\\\\nfile\\d\na\\nb\n\\x41\n\\101\n\\Qa.b\\E\n\\p{L}*\n\\PL\n\\pN\n\\b*\\B\n\\A\\z\n")
    write(rd, "read-classes", b"[abc]\n[a-c]\n[^/]\n[!x]\n[[:alpha:]]\n[[:^space:]]\n[\\]]\n[\\-]\n[a\\-z]\n[\\d\\s]\n[\\p{Greek}]\n[^\\x00-\\x{10FFFF}]\n[\xc3\xa9-\xc3\xbf]\n")
    write(rd, "read-repeat", b"a{2}\na{2,}\na{,2}\na{2,3}\n*{1000}\na{1001}\n*|*\n")
    long_ok = b"a" * 65535
    write(rd, "long-line-65535", long_ok + b"\n*\n")
    write(rd, "long-line-65536", b"x\n" + b"b" * 65536 + b"\ny\n")
    write(rd, "long-line-65536-cr", b"c" * 65535 + b"\r\n")
    # Docker (RE2) takes this; PCRE2 (link size 2) finds its translation
    # too large, so ctxpack reports a syntax error (a known divergence).
    write(rd, "regex-too-large", b"a" * 33000 + b"*\n")
    many = [b"r%d/*" % i for i in range(70)] + [b"!r%d/keep" % i for i in range(0, 70, 7)]
    many += [b"**/deep%d" % i for i in range(60)]
    write(rd, "many-rules", ignore(many))
    write(md, "many-rules", match_input(many, [b"r3/x", b"r7/keep", b"r63/keep/x",
          b"r64/a", b"r69/b", b"a/b/deep59", b"r0/keep"]))
    bt = [b"*a*a*a*a*a*a*a*a*b", b"**/**/**/**/**/**/x", b"**a**a**a**a**a**b",
          b"!*a*a*a*a*a*a*a*a*c"]
    write(rd, "backtrack", ignore(bt))
    write(md, "backtrack", match_input(bt, [b"a" * 200, b"a/" * 60 + b"z",
          b"a" * 40 + b"/" + b"a" * 40, b"a" * 1000 + b"c"]))
    # Two rules that hit the PCRE2 match limit on different paths: each
    # failure must name its own rule.
    write(md, "limit-diag", match_input(
        [b"*a*a*a*a*a*a*a*a*b", b"*c*c*c*c*c*c*c*c*d"],
        [b"a" * 300 + b"ba", b"c" * 300 + b"dc"]))
    # Found by fuzz_match: 1 to 5 s per match call under matcher.c's limit
    # before failing on it (a long literal after several stars).
    slow = bytes.fromhex(
        "2a612a612a612a612a612a616161616161616161616161616161616161616161"
        "6161616161616161616161616161616161616161616161616161616161616161"
        "6161616161616161616161616161616161616161616161616161616161616161"
        "6161616161616161616161616161616161616161616363636363636363636363"
        "63636363ffff7efd21d99a891563636363636363636363636363636363636363"
        "6363636363636363636363636363636363efbfbd636363636363636363636363"
        "63ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "12ffbfffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "fffffffffffafafafafafafafafafafafafafafafafafafafafafafafafafafa"
        "fafafafafafafafafafafafafafafafafafafafafafafafafafafafafafafafa"
        "fafafafafafafafafafafafafaffffffffffffffffffffffffffffffff6463")
    write(md, "backtrack-long-literal", match_input([slow], [slow, b"a/" + slow]))
    write(md, "walk-vs-r15", match_input([b"a/b", b"a", b"!a/b/c", b"a/b/c/*"],
          [b"a/b/c/d", b"a/b/c", b"a/x"]))
    write(md, "newline-paths", match_input([b"**/*.tmp", b"a\\nb", b"**/x", b"*\n"],
          [b"a\nb", b"q\n/w.tmp", b"c/d\n/x", b"\n/x", b"a\xff/x"]))

    for pat, paths in FAST:
        name = re.sub(rb"[^A-Za-z0-9._-]", b"_", pat)[:40].decode()
        write(fd, "fast-" + name, pat + b"\0" + b"\0".join(paths))

    if every:
        for c in read_tab():
            write(rd, "tab-" + c["name"], ignore(c["p"]))
            write(md, "tab-" + c["name"], match_input(c["p"], c["paths"]))
            for i, ln in enumerate(c["p"]):
                t = ln.strip()
                if t and not t.startswith(b"#"):
                    write(fd, "tab-%s-%d" % (c["name"], i),
                          t + b"\0" + b"\0".join(c["paths"]))


if __name__ == "__main__":
    main()
