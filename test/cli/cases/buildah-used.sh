. "${0%/*}/../lib.sh"
# --builder=buildah with the Containerfile read: --used keeps what its COPY
# lines read (buildah skips a stage the target does not need, and gives a
# stage's ARG TARGETARCH the platform's value; each target checked with
# the real buildah, pack --used | buildah build - against buildah build
# .), suggest writes buildah's lines and, with no ignore file yet,
# creates .containerignore; a heredoc, a linked COPY source and one below
# a pruned directory are refused, saying why
mk Containerfile 'FROM scratch AS unused
COPY unused /u/
FROM scratch AS main
ARG TARGETARCH
COPY src /s/
COPY q+r/f${TARGETARCH} /q/
FROM main AS last
COPY docs/*.md /d/
'
mk src/a.c; mk src/b.c; mk unused/u; mk 'q+r/f'; mk 'q+r/famd64'
mk docs/a.md; mk docs/b.txt; mk node_modules/x/i.js; mk .env
echo "== used"; "$CTXPACK" ls --builder=buildah --used; echo "exit $?"
echo "== target main"; "$CTXPACK" ls --builder=buildah --used --target main; echo "exit $?"
echo "== target unused"; "$CTXPACK" ls --builder=buildah --used --target unused; echo "exit $?"
echo "== suggest"; "$CTXPACK" suggest --builder=buildah; echo "exit $?"
echo "== suggest -w"; "$CTXPACK" suggest --builder=buildah -w >/dev/null; echo "exit $?"
cat .containerignore
echo "== ls"; "$CTXPACK" ls --builder=buildah; echo "exit $?"
echo "== again"; "$CTXPACK" suggest --builder=buildah; echo "exit $?"
rm .containerignore
mk Containerfile.h 'FROM scratch
COPY <<EOF /h
hello
EOF
'
echo "== heredoc"; "$CTXPACK" ls --builder=buildah --used -f Containerfile.h; echo "exit $?"
ln -s src link
mk Containerfile.l 'FROM scratch
COPY link /l/
'
echo "== link"; "$CTXPACK" pack --builder=buildah --used -f Containerfile.l -o /dev/null; echo "exit $?"
# COPY of a file below a pruned directory: buildah's copier starts there
# and the exception re-includes the file (the real buildah copies it), a
# tar of the walk (which never enters cache, B10) would lack it
mk .containerignore 'cache
!cach[e]/keep
'
mk cache/keep; mk cache/drop
mk Containerfile.p 'FROM scratch
COPY cache/keep /k
'
echo "== pruned"; "$CTXPACK" ls --builder=buildah --used -f Containerfile.p; echo "exit $?"
echo "== pruned, whole"; "$CTXPACK" ls --builder=buildah -f Containerfile.p; echo "exit $?"
echo "== lint"; "$CTXPACK" lint --builder=buildah -f Containerfile.p; echo "exit $?"
