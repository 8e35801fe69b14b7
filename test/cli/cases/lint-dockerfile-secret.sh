. "${0%/*}/../lib.sh"
# secret-copied: a file that looks like a secret and that the build reads
# (COPY ., a bind mount, a path in a secret directory) is an error at the
# Dockerfile line, in place of the plain secret warning (one finding per
# file); one the build does not read stays a secret warning.  No
# suggestion: taking it out of the build is the user's call.
mk Dockerfile 'FROM scratch
COPY . /app/
'
mk .env 'K=1'; mk src/main.c x; mk .ssh/id_rsa k
"$CTXPACK" lint; echo "exit $?"
echo "== a COPY of something else, a bind mount of everything"
mk Dockerfile 'FROM busybox
COPY src /src/
RUN --mount=type=bind,target=/ctx ls /ctx
'
"$CTXPACK" lint; echo "exit $?"
echo "== a bind mount of one key, a COPY of another file"
mk Dockerfile 'FROM busybox
COPY src /src/
RUN --mount=type=bind,source=.ssh/id_rsa,target=/k true
'
"$CTXPACK" lint; echo "exit $?"
echo "== the classic builder mounts nothing"
"$CTXPACK" lint --builder classic; echo "exit $?"
echo "== excluded: neither secret nor secret-copied"
mk .dockerignore '.env
.ssh
'
mk Dockerfile 'FROM scratch
COPY . /app/
'
"$CTXPACK" lint; echo "exit $?"
