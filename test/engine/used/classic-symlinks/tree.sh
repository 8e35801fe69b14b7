# symbolic links a source names, goes through or matches; absolute ones
# are re-rooted at the context.  (Classic: its wildcards do not see
# through a linked directory, so "other/d/*.js" would match nothing.)
f() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$1" > "$1"; }
f real/sub/f; f real/g; f other/o; f dist/app.js; f dist/x.map; f etc/passwd
f unused/u; f top.txt
ln -s real linkdir; ln -s real/g linkf; ln -s ../dist other/d
ln -s /etc/passwd abs; ln -s linkf chain; ln -s unused notread
printf 'unused\n!unused/u\n' > .dockerignore
touch -h -d @1500000000 linkdir linkf other/d abs chain notread
touch -d @1400000000 real/sub/f real/g other/o dist/app.js dist/x.map \
    etc/passwd unused/u top.txt .dockerignore
touch -d @1300000000 real/sub real other dist etc unused
