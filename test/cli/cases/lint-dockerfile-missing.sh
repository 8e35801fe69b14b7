. "${0%/*}/../lib.sh"
# copy-missing: a source that matches nothing in the tree, where the
# build then fails, at its Dockerfile line: a file, a directory, a
# wildcard (BuildKit: when its directory is not transferred, fsutil's
# lstat; classic: when no source of the instruction matches), a source
# a --build-arg names.  Not for --from, URLs, heredocs; a symbolic link
# is matched by its name, a path through one is not judged.
mk Dockerfile 'FROM scratch AS tools
FROM scratch
ARG SRC=app.txt
COPY nothere.txt /x/
COPY nodir /d/
COPY ${SRC} /s/
COPY conf/*.yml /c/
COPY nodir/*.txt /n/
COPY req*.txt /r/
COPY --from=tools /nothere /t/
ADD https://example.com/none.tgz /u/
COPY <<EOT /h
inline
EOT
COPY link linkdir/file dangling /l/
'
mk app.txt a; mk conf/a.txt c; mk real/file f
ln -s real linkdir; ln -s real link; ln -s nowhere dangling
"$CTXPACK" lint; echo "buildkit: exit $?"
"$CTXPACK" lint --builder classic; echo "classic: exit $?"
"$CTXPACK" lint --build-arg SRC=other.txt > ../o; echo "--build-arg SRC=other.txt: exit $?"
grep SRC ../o
SRC=app.txt "$CTXPACK" lint --build-arg SRC > ../o; echo "SRC=app.txt, --build-arg SRC: exit $?"
grep SRC ../o
echo "== an empty wildcard beside a source that matches"
mk Dockerfile 'FROM scratch
COPY req*.txt app.txt /r/
COPY conf/*.yml app.txt /c/
'
"$CTXPACK" lint; echo "buildkit: exit $?"
"$CTXPACK" lint --builder classic; echo "classic: exit $?"
echo "== the directory is there when another COPY sends it"
mk Dockerfile 'FROM scratch
COPY conf/*.yml /c/
COPY conf/a.txt /a/
'
"$CTXPACK" lint; echo "buildkit: exit $?"
