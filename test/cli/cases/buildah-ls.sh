. "${0%/*}/../lib.sh"
# --builder=buildah: Containerfile first, .containerignore first, buildah's
# reading (slashes stripped first, live regexp characters, each path alone,
# plain-prefix descent, created parents); the same tree with Docker's rules
mk Containerfile 'FROM scratch
COPY . /ctx/
'
mk .containerignore '/data/
 /spaced
x|y
a+b
dir2/*.txt
!dir2
nm
!nm*/keep
'
mk .dockerignore 'data
'
mk data/f; mk spaced/f; mk zy; mk py/z; mk ab; mk aab; mk 'a+b'
mk dir2/a.txt; mk nm/keep; mk nm/drop; mk keep
echo "== buildah"; "$CTXPACK" ls --builder=buildah; echo "exit $?"
echo "== buildkit"; "$CTXPACK" ls; echo "exit $?"
