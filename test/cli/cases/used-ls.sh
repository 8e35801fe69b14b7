# ls --used: what the Dockerfile can read, for the target and build args
. "${0%/*}/../lib.sh"
mk Dockerfile '# syntax=docker/dockerfile:1
ARG BASE=scratch
FROM ${BASE} AS deps
ARG PKG=package
COPY ${PKG}*.json /
COPY --exclude=*.md docs/ /docs/
FROM scratch AS build
COPY --from=deps / /deps
COPY src/a src/c.c /src/
RUN --mount=type=bind,source=tools,target=/t --mount=type=cache,target=/c \
    --mount=type=bind,from=deps,target=/d true
COPY <<EOT /inline.txt
heredoc, not a context read
EOT
ADD https://example.com/x.tgz /x/
ADD vendor.tar /v/
FROM scratch AS unused
COPY never/ /never/
FROM build
ONBUILD COPY onbuild/ /ob/
COPY ["conf/app.conf", "/etc/"]
'
mk package.json p; mk package-lock.json l; mk README.md r
mk docs/a.md a; mk docs/b.txt b; mk src/a/x.c x; mk src/a/y/z.c z; mk src/b/no.c n
mk src/c.c c; mk tools/t.sh t; mk vendor.tar v; mk never/n n; mk onbuild/o o
mk conf/app.conf c; mk conf/other.conf o; mk node_modules/m/i.js m
mk .dockerignore 'node_modules
*.md
'
echo '== default target'
"$CTXPACK" ls --used .
echo '== --target deps --build-arg PKG=package-lock'
"$CTXPACK" ls --used --target deps --build-arg PKG=package-lock .
echo '== --target unused'
"$CTXPACK" ls --used --target unused .
echo '== classic builds every stage up to the target'
"$CTXPACK" ls --used --builder classic --target unused .
echo '== a build-arg from the environment, and one unset there'
PKG=package-lock "$CTXPACK" ls --used --target deps --build-arg PKG .
env -u PKG "$CTXPACK" ls --used --target deps --build-arg PKG .
