. "${0%/*}/../lib.sh"
# audit reads compose files as Compose does: build: as a string or a map,
# paths against the project directory (umami's cypress/../Dockerfile is
# ./Dockerfile), include: (string, list, path lists, project_directory),
# extends: (same file and file + service, paths relative to the file that
# declares them), anchors and merge keys, additional_contexts (map and
# list forms; service:, docker-image:// and URLs skipped with a note),
# dockerfile_inline (no file), remote contexts (skipped).  Other YAML with
# services: + build: (docker/cli's e2e/compose-env.yaml) is read too;
# authelia's fragments under internal/suites resolve against the suite
# directory that holds the base compose.yml.
mk Dockerfile 'FROM node'
mk cypress/docker-compose.yml 'services:
  umami:
    build:
      context: ../
      dockerfile: Dockerfile
  db:
    image: postgres
'
mk compose.yaml 'x-build: &build
  context: ./app
  args:
    A: "1"
include:
  - lib/compose.yaml
  - path:
      - shared/compose.yaml
    project_directory: shared/..
services:
  app:
    build: *build
  worker:
    build:
      <<: *build
      dockerfile: worker.Dockerfile
  inline:
    build:
      context: app
      dockerfile_inline: |
        FROM alpine
  cached:
    extends:
      file: common/base.yml
      service: base
  again:
    extends: app
  remote:
    build: https://github.com/docker/compose.git#main:docs
  refs:
    build:
      context: app
      additional_contexts:
        assets: ./assets
        base: docker-image://alpine:3.19
        other: service:app
  listrefs:
    build:
      context: app
      additional_contexts:
        - extra=assets
        - git=https://example.org/x.git
'
mk app/Dockerfile 'FROM node'
mk app/worker.Dockerfile 'FROM node'
mkdir -p assets
mk common/base.yml 'services:
  base:
    build:
      context: ../base
'
mk base/Dockerfile 'FROM debian'
mk lib/compose.yaml 'services:
  lib:
    build: .
'
mk lib/Dockerfile 'FROM debian'
mk shared/compose.yaml 'services:
  shared:
    build: shared/img
'
mk shared/shared/img/Dockerfile 'FROM a'
mk shared/img/Dockerfile 'FROM b'
mk e2e/compose-env.yaml 'services:
  registry:
    image: registry:2
  engine:
    build:
      context: .
      dockerfile: engine.Dockerfile
'
mk e2e/engine.Dockerfile 'FROM docker:dind'
mk internal/suites/compose.yml 'networks:
  authelianet: {}
'
mk internal/suites/example/compose/authelia/compose.backend.dev.yml '---
services:
  authelia-backend:
    build:
      context: example/compose/authelia
      dockerfile: Dockerfile.backend
'
mk internal/suites/example/compose/authelia/Dockerfile.backend 'FROM golang'
mk .github/workflows/ci.yml 'on: push
jobs: {}
'
"$CTXPACK" audit; echo "exit $?"
"$CTXPACK" audit --json cypress; echo "exit $?"
