. "${0%/*}/../lib.sh"
# audit reads bake files (docker-bake.json, docker-bake.hcl and their
# .override variants, merged) as bake does: variables with defaults and
# environment overrides, ${} templates, inherits, named contexts (local
# paths are contexts of their own), dockerfile-inline.  docker/cli's
# dockerfiles/Dockerfile.dev and moby's hack/dockerfiles/* are built with
# the repository root as context: listed so, not as their directory's
# context.  A Dockerfile named by compose, bake and the search is one row
# with every source.  A target beyond the subset is warned about with
# file:line:col and listed as skipped.
mk Dockerfile 'FROM golang'
mk dockerfiles/Dockerfile.dev 'FROM golang'
mk hack/dockerfiles/generate-files.Dockerfile 'ARG GO_VERSION
FROM golang:${GO_VERSION}'
mk hack/dockerfiles/govulncheck.Dockerfile 'FROM golang'
mk compose.yaml 'services:
  cli:
    build: .
'
mk docker-bake.hcl '# docker/cli and moby style
variable "GO_VERSION" {
  default = "1.21"
}
variable "DOCKERFILE_DIR" {
  default = "dockerfiles"
}
variable "USE_VENDOR" {
  default = false
}

target "_common" {
  args = {
    GO_VERSION = GO_VERSION
  }
}

group "default" {
  targets = ["binary"]
}

target "binary" {
  inherits = ["_common"]
  target   = "binary"
  platforms = ["local"]
  output = [bindir("build")]
}

target "dev" {
  inherits   = ["_common"]
  dockerfile = "./${DOCKERFILE_DIR}/Dockerfile.dev"
  target     = "devcontainer"
}

target "validate-generate-files" {
  dockerfile = "./hack/dockerfiles/generate-files.Dockerfile"
  target     = "validate"
  contexts = {
    vendor = USE_VENDOR ? "./vendor" : "./hack"
    base   = "docker-image://golang:${GO_VERSION}"
    gen    = "target:dev"
  }
}

target "govulncheck" {
  dockerfile = "hack/dockerfiles/govulncheck.Dockerfile"
}

target "inline" {
  context = "hack"
  dockerfile-inline = <<-EOT
    FROM alpine
    RUN echo "$${GO_VERSION}"
    EOT
}

target "cross" {
  inherits = ["binary"]
  context  = upper("x")
}
'
mk docker-bake.override.json '{
  "variable": {"GO_VERSION": {"default": "1.22"}},
  "target": {
    "docs": {"context": "docs", "dockerfile": "${GO_VERSION}.Dockerfile"}
  }
}'
mk docs/1.22.Dockerfile 'FROM alpine'
mk docs/1.23.Dockerfile 'FROM alpine'
"$CTXPACK" audit; echo "exit $?"
echo "with GO_VERSION=1.23 and USE_VENDOR=true in the environment:"
mkdir -p vendor
GO_VERSION=1.23 USE_VENDOR=true "$CTXPACK" audit 2>/dev/null | grep -E 'docs|vendor'
