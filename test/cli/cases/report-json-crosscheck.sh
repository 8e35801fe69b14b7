. "${0%/*}/../lib.sh"
# the JSON numbers against an independent computation: a plain walk of
# the tree for "before", ls for the files of the context, pack | wc -c
# for the tar size
command -v python3 >/dev/null || { echo "no python3" >&2; exit 77; }
sample
mkfifo pipe; ln -s src/app.py link; ln src/app.py hard
for b in buildkit classic; do
"$CTXPACK" report --json --builder=$b . > ../r.json
"$CTXPACK" ls --builder=$b . > ../ls.txt
"$CTXPACK" pack --builder=$b . | wc -c > ../wc.txt
python3 - "$b" <<'PY'
import json, os, sys
r = json.load(open("../r.json"))
files = size = dirs = 0
for root, ds, fs in os.walk("."):
    dirs += len(ds)
    for f in fs:
        p = os.path.join(root, f)
        files += 1
        st = os.lstat(p)
        if os.path.isfile(p) and not os.path.islink(p):
            size += st.st_size
names = [l.rstrip("\n") for l in open("../ls.txt")]
ctx_files = [n for n in names if not n.endswith("/")]
ctx_bytes = sum(os.lstat(n).st_size for n in ctx_files
                if os.path.isfile(n) and not os.path.islink(n))
tar = int(open("../wc.txt").read())
checks = [
    ("before.files", r["before"]["files"], files),
    ("before.bytes", r["before"]["bytes"], size),
    ("before.dirs", r["before"]["dirs"], dirs),
    ("after.entries", r["after"]["entries"], len(names)),
    ("after.files", r["after"]["files"], len(ctx_files)),
    ("after.bytes", r["after"]["bytes"], ctx_bytes),
    ("after.tar_bytes", r["after"]["tar_bytes"], tar),
    ("excluded.bytes", r["excluded"]["bytes"], size - ctx_bytes),
    ("excluded.files", r["excluded"]["files"], files - len(ctx_files)),
]
for name, got, want in checks:
    print(sys.argv[1], name, "ok" if got == want else "MISMATCH got %d want %d" % (got, want))
PY
done
