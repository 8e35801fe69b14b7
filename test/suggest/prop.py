#!/usr/bin/env python3
"""prop.py: suggest's promises on seeded random trees.

    prop.py CTXPACK N [SEED]

For each seed: a random tree and .dockerignore of ../conformance/diff/gen.py,
with heavy directories (node_modules, __pycache__, build, target, .git) at
random depths, some git-ignored by a .gitignore, secrets (.env, id_rsa),
and a random Dockerfile: COPY of paths of the tree (files, directories,
wildcards), sometimes COPY . (the whole context).  Then, for a builder
drawn from buildkit, classic and buildah (SUGGEST_BUILDERS):

  - `suggest --json` then `suggest --write`: what the build reads through
    a read narrower than the whole context (ls --used of the Dockerfile
    without its whole reads) is the same before and after;
  - the context after is what --json promised (files and bytes, from
    report --json), and every line dropped at least one file;
  - a second suggest proposes nothing;
  - lint finds no error it did not find before.

Last line: "suggest-prop: N passed, N failed, N skipped".
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "conformance", "diff", "gen.py")
# SUGGEST_BUILDERS=buildah (comma-separated) runs only those
BUILDERS = os.environ.get("SUGGEST_BUILDERS",
                          "buildkit,classic,buildah").split(",")
HEAVY = ["node_modules", "__pycache__", "build", "target", "dist", ".venv",
         ".git", "logs", ".cache"]


def run(args, cwd=None):
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def decorate(rng, d):
    """Heavy directories, secrets, a .gitignore."""
    dirs = [""]
    for root, ds, fs in os.walk(d):
        for x in ds:
            p = os.path.relpath(os.path.join(root, x), d)
            if not os.path.islink(os.path.join(d, p)):
                dirs.append(p)
    ignored = []
    for _ in range(rng.randint(1, 5)):
        base = rng.choice(dirs)
        name = rng.choice(HEAVY)
        p = os.path.join(base, name) if base else name
        full = os.path.join(d, p)
        if os.path.lexists(full) and (not os.path.isdir(full) or
                                      os.path.islink(full) or
                                      os.path.lexists(os.path.join(full, "sub"))):
            continue
        os.makedirs(os.path.join(full, "sub"), exist_ok=True)
        with open(os.path.join(full, "sub", "f.bin"), "wb") as f:
            f.write(b"x" * rng.randint(1, 5000))
        if rng.random() < 0.6:
            ignored.append(name + "/")
    for _ in range(rng.randint(0, 2)):
        base = rng.choice(dirs)
        name = rng.choice([".env", "id_rsa", "cert.pem"])
        full = os.path.join(d, base, name)
        if not os.path.lexists(full) and os.path.isdir(os.path.join(d, base)):
            with open(full, "w") as f:
                f.write("secret\n")
            if rng.random() < 0.5:
                ignored.append(name)
    if ignored and rng.random() < 0.8:
        with open(os.path.join(d, ".gitignore"), "w") as f:
            f.write("\n".join(sorted(set(ignored))) + "\n")


def sources(rng, d):
    """Paths of the tree a COPY can name (no odd bytes)."""
    out = []
    for root, ds, fs in os.walk(d):
        for x in ds + fs:
            p = os.path.relpath(os.path.join(root, x), d)
            if all(c.isalnum() or c in "._-/" for c in p) and \
                    not p.startswith("Dockerfile"):
                out.append(p)
    rng.shuffle(out)
    return out[:rng.randint(0, 4)]


def dockerfile(rng, d, whole):
    srcs = sources(rng, d)
    lines = ["FROM scratch"]
    for s in srcs:
        if rng.random() < 0.2 and "/" in s:
            s = s.rsplit("/", 1)[0] + "/*"
        lines.append("COPY %s /x/%d/" % (s, len(lines)))
    narrow = list(lines)
    if whole:
        lines.append("COPY . /all/")
    return "\n".join(lines) + "\n", "\n".join(narrow) + "\n"


def main():
    ctxpack = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2])
    seed0 = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    passed = failed = skipped = 0
    for seed in range(seed0, seed0 + n):
        rng = random.Random(seed)
        tmp = tempfile.mkdtemp(prefix="ctxpack-sugprop.")
        try:
            d = os.path.join(tmp, "ctx")
            r = subprocess.run([sys.executable, GEN, str(seed), d],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            if r.returncode != 0:
                skipped += 1
                continue
            for f in ("Dockerfile", "dockerfile"):
                p = os.path.join(d, f)
                if os.path.isdir(p) and not os.path.islink(p):
                    shutil.rmtree(p)
                elif os.path.lexists(p):
                    os.unlink(p)
            decorate(rng, d)
            whole = rng.random() < 0.4
            df, narrow = dockerfile(rng, d, whole)
            with open(os.path.join(d, "Dockerfile"), "w") as f:
                f.write(df)
            with open(os.path.join(tmp, "narrow.Dockerfile"), "w") as f:
                f.write(narrow)
            builder = rng.choice(BUILDERS)
            b = ["--builder", builder]
            nf = ["-f", os.path.join(tmp, "narrow.Dockerfile")]
            rc, out, err = run([ctxpack, "suggest", "--json", "--top", "0"]
                               + b + [d])
            if rc == 2:
                skipped += 1	# a bad pattern of gen.py, a Dockerfile
                continue	# the model refuses: nothing to suggest
            why = []
            s = json.loads(out)
            rc0, used0, _ = run([ctxpack, "ls", "--used"] + b + nf + [d])
            lint0 = run([ctxpack, "lint", "--json"] + b + [d])[1]
            if s["file"] is None:
                # a symbolic link: --write must refuse, and change nothing
                rc, _, _ = run([ctxpack, "suggest", "-w"] + b + [d])
                if s["lines"] and rc != 2:
                    failed += 1
                    print("FAIL seed %d: -w on a link: exit %d" % (seed, rc))
                else:
                    passed += 1
                continue
            ign = s["file"] if os.path.isabs(s["file"]) else \
                os.path.join(os.getcwd(), s["file"])
            existed = os.path.exists(ign)
            size0 = os.path.getsize(ign) if existed else 0
            rc, _, err = run([ctxpack, "suggest", "-w", "--top", "0"] + b +
                             [d])
            if rc != 0:
                why.append("suggest -w: exit %d: %s" % (rc, err[:300]))
            rc1, used1, _ = run([ctxpack, "ls", "--used"] + b + nf + [d])
            # the classic CLI ships the ignore file, which may be new
            rel = os.path.relpath(ign, d).encode()
            used0 = [x for x in used0.split(b"\n") if x != rel]
            used1 = [x for x in used1.split(b"\n") if x != rel]
            if (rc0, used0) != (rc1, used1):
                lost = [x.decode(errors="replace") for x in used0
                        if x not in used1][:5]
                new = [x.decode(errors="replace") for x in used1
                       if x not in used0][:5]
                why.append("what the narrow reads take changed (exit %d, "
                           "then %d; lost %s; new %s)" % (rc0, rc1, lost, new))
            rc, out, err = run([ctxpack, "report", "--json"] + b + [d])
            if rc == 0 or rc == 1:
                after = json.loads(out)["after"]
                # the ignore file, if sent, grew by the lines and comments
                names = run([ctxpack, "ls", "-0"] + b + [d])[1].split(b"\0")
                rel = os.path.relpath(ign, d).encode()
                if rel in names:
                    after["bytes"] -= os.path.getsize(ign) - size0
                    after["files"] -= 0 if existed else 1
                if s["lines"] and (after["files"], after["bytes"]) != \
                        (s["after"]["files"], s["after"]["bytes"]):
                    why.append("after: promised %s, got %s files %s "
                               "bytes" % (s["after"], after["files"],
                                          after["bytes"]))
            for ln in s["lines"]:
                if ln["files"] == 0:
                    why.append("line %r drops no file" % ln["line"])
            rc, out, err = run([ctxpack, "suggest"] + b + [d])
            if out:
                why.append("a second suggest proposes:\n" + out.decode(
                    "utf-8", "replace")[:500])
            lint1 = run([ctxpack, "lint", "--json"] + b + [d])[1]
            e0 = {(x["code"], x["path"]) for x in
                  json.loads(lint0)["findings"] if x["level"] == "error"}
            e1 = {(x["code"], x["path"]) for x in
                  json.loads(lint1)["findings"] if x["level"] == "error"}
            if e1 - e0:
                why.append("new lint errors: %s" % sorted(e1 - e0))
            if why:
                failed += 1
                print("FAIL seed %d (%s): %s" % (seed, builder,
                                                 "; ".join(why)))
                keep = os.path.join(tempfile.gettempdir(),
                                    "ctxpack-sugprop-fail.%d" % seed)
                shutil.rmtree(keep, ignore_errors=True)
                subprocess.run(["cp", "-a", tmp, keep])
                print("  kept in %s" % keep)
            else:
                passed += 1
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("suggest-prop: %d passed, %d failed, %d skipped" %
          (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
