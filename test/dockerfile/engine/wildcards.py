#!/usr/bin/env python3
# wildcards.py SOCKET DFDUMP WORKDIR SOURCES.json FILES.json
#
# Make a tree of FILES (each file holds its own name), build a Dockerfile
# with one "COPY <source> /cN/" per source (written as is, shell form)
# with the classic builder of the dockerd at SOCKET, and compare the files
# each COPY put in the image (known by their content) with what
# `dfdump -r` says each read reads.  Not part of make check: it needs a
# daemon.  Two files of the same name copied to one directory would hide
# each other, so FILES avoids that.
import os, sys, subprocess, tarfile, io, json, shutil
SOCK = sys.argv[1]
DFDUMP = sys.argv[2]
work = sys.argv[3]
sources = json.load(open(sys.argv[4]))
files = json.load(open(sys.argv[5]))
ctx = os.path.join(work, "ctx")
shutil.rmtree(ctx, ignore_errors=True)
os.makedirs(ctx)
for f in files:
    p = os.path.join(ctx, f)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w").write("@" + f + "\n")
df = "FROM scratch\n"
for i, s in enumerate(sources):
    df += "COPY %s /c%d/\n" % (s, i)
open(os.path.join(work, "Dockerfile"), "w").write(df)
shutil.copy(os.path.join(work, "Dockerfile"), os.path.join(ctx, "Dockerfile.x"))
env = dict(os.environ, DOCKER_BUILDKIT="0")
r = subprocess.run(["docker", "-H", "unix://" + SOCK, "build", "--no-cache", "-q", "-t", "wc", "-f", os.path.join(work, "Dockerfile"), ctx], env=env, capture_output=True, text=True)
if r.returncode != 0:
    print("BUILD FAILED", r.stderr[-2000:])
    sys.exit(1)
tar = subprocess.run(["docker", "-H", "unix://" + SOCK, "save", "wc"], capture_output=True).stdout
got = {i: set() for i in range(len(sources))}
t = tarfile.open(fileobj=io.BytesIO(tar))
for m in t.getmembers():
    if m.name.endswith("layer.tar"):
        lt = tarfile.open(fileobj=t.extractfile(m))
        for lm in lt.getmembers():
            if lm.isfile():
                top = lm.name.split("/")[0]
                if top.startswith("c") and top[1:].isdigit():
                    got[int(top[1:])].add(lt.extractfile(lm).read().decode()[1:-1])
args = [DFDUMP, "-q", "-r"]
for f in files + ["Dockerfile.x"]:
    args += ["-m", f]
out = subprocess.run(args + [os.path.join(work, "Dockerfile")], capture_output=True, text=True).stdout
want = {i: set() for i in range(len(sources))}
for line in out.splitlines():
    if line.startswith("reads "):
        q, rest = line[6:].split('"', 2)[1], line[6:].split('"', 2)[2]
        for n in rest.split():
            want[int(n)].add(json.loads('"' + q + '"'))
bad = 0
for i, s in enumerate(sources):
    ok = got[i] == want[i]
    bad += not ok
    print("%-3s %-22s engine=%s ctxpack=%s" % ("ok" if ok else "DIFF", s, sorted(got[i]), sorted(want[i]) if not ok else ""))
print("%d sources, %d differ" % (len(sources), bad))
