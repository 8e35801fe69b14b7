. "${0%/*}/../lib.sh"
# digest: changes with content, mode or name; not with mtimes; per-dir
# shows which top-level entry changed
mk Dockerfile 'FROM scratch'
mk src/a.py a; mk docs/x d
d0=$("$CTXPACK" digest .)
touch -d '2001-02-03' src/a.py; d1=$("$CTXPACK" digest .)
[ "$d0" = "$d1" ] && echo "mtime: same"
mk src/a.py b; d2=$("$CTXPACK" digest .)
[ "$d0" != "$d2" ] && echo "content: changed"
"$CTXPACK" digest --per-dir . > ../p1
chmod 755 src/a.py; d3=$("$CTXPACK" digest .)
[ "$d2" != "$d3" ] && echo "mode: changed"
"$CTXPACK" digest --per-dir . > ../p2
diff ../p1 ../p2 | grep '^[<>]' | awk '{print $1, $3}'
mv docs/x docs/y; d4=$("$CTXPACK" digest .)
[ "$d3" != "$d4" ] && echo "name: changed"
"$CTXPACK" digest --json . | grep -c '"digest"'
