. "${0%/*}/../lib.sh"
# pack --builder=buildah: entries as buildah copies them (setuid/setgid
# cleared, mtimes rounded, created parents 0755, FIFOs not hard-linked)
# and, when the second pass of buildah build - would read other rules, an
# ignore file of the tar's own
mk Containerfile 'FROM scratch
COPY . /ctx/
'
mk Containerfile.dockerignore 'Containerfile*
a
!a/b/keep
'
mk .dockerignore 'b
'
mk a/b/keep; mk a/b/drop; mk b; mk s
chmod 6755 s; chmod 0700 a/b
mkfifo p; ln p p2
touch -d @1000000000.6 s b Containerfile .dockerignore a/b/keep p
"$CTXPACK" pack --builder=buildah . > ../out.tar; echo "exit $?"
"$TARLS" -m ../out.tar | awk '$6 > 1700000000 { $6 = "NOW" } { print }'
tar -xOf ../out.tar Containerfile.dockerignore
echo "== ls"; "$CTXPACK" ls --builder=buildah
