# excluded directories with exceptions, wildcards in several components,
# JSON form, --chmod, a stage's files copied on
f() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$1" > "$1"; }
f node_modules/a/keep.txt; f node_modules/a/x.js; f node_modules/b/y.js
f docs/README.md; f docs/a.md; f docs/sub/b.txt; f docs/sub/c.txt; f docs/sub/d.md
f src/main.c; f src/util.c; f src/util.h; f src/test/t.c; f src/x.o
f build/out.o; f build/keep/k.txt; f build/keep/kk.txt; f "a b.txt"; f big.bin
printf 'node_modules\n!node_modules/a/keep.txt\nbuild\n!build/keep\ndocs/*.md\n!docs/README.md\n*.o\n**/*.o\n' > .dockerignore
chmod 0750 src/test; chmod 0600 src/util.h
find . -type f -exec touch -d @1400000000 {} +
find . -mindepth 1 -type d -exec touch -d @1300000000 {} +
