. "${0%/*}/../lib.sh"
# audit: Dockerfiles by name in any case (Dockerfile, dockerfile,
# Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile) and by content:
# the first instruction after directives, comments and blank lines must be
# FROM or ARG.  Layouts of uptime-kuma (docker/dockerfile,
# docker/debian-base.dockerfile), searxng (container/dist.dockerfile),
# docker/cli (man/Dockerfile.5.md is a manual page) and vaultwarden
# (docker/Dockerfile.j2 is a Jinja template).
mk docker/dockerfile '# syntax=docker/dockerfile:1
ARG BASE_IMAGE=louislam/uptime-kuma:base2
from $BASE_IMAGE AS build
'
mk docker/debian-base.dockerfile '
# comment

FROM node:20-bookworm-slim AS base2
'
mk container/dist.dockerfile 'FROM ghcr.io/searxng/base:searxng AS dist
'
mk container/base.Dockerfile '	 FROM alpine
'
mk man/Dockerfile.5.md '% "DOCKERFILE" "5" "MAY 2014" "Docker Community" "Docker User Manuals"
# NAME
Dockerfile - automate the steps of creating a Docker image
'
mk docker/Dockerfile.j2 '# syntax=docker/dockerfile:1

{% set build_stage_base_image = "rust:1.67-bullseye" %}
FROM {{ build_stage_base_image }} as build
'
mk docs/Dockerfile '# only comments: not a build file
'
mk podman/Containerfile 'FROM registry.fedoraproject.org/fedora
'
mk podman/.containerignore 'x'
mk podman/Dockerfile.dockerignore 'x'
mk BUILD.DOCKERFILE 'FROM scratch
'
mk Dockerfile.md 'Notes about the Dockerfile'
"$CTXPACK" audit; echo "exit $?"
