. "${0%/*}/../lib.sh"
# buildah's errors (B1, B2, B5, B6, B8), each exit 2 with nothing listed
t() { "$CTXPACK" ls --builder=buildah "$@"; echo "exit $?"; }
mk dockerfile 'FROM scratch
'
t
rm dockerfile; mkdir Containerfile; mk Dockerfile 'FROM scratch
'
t
rmdir Containerfile; mkdir sub; : > empty.Dockerfile
t -f sub
t -f empty.Dockerfile
t -f nope.Dockerfile
t -f Dockerfile -f Dockerfile
t --ignore-file nope.ign
mkdir .containerignore; t; rmdir .containerignore
mk .dockerignore 'a
!
'
t
mk .dockerignore 'a[
'
t
mk .dockerignore '!x[z-a]
'
t
t --syntax gitignore
"$CTXPACK" pack --builder=buildah -f - . < Dockerfile > ../out.tar; echo "exit $?"
