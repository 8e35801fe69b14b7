# docker/cli style
variable "GO_VERSION" {
  default = "1.21"
}
variable "DESTDIR" {
  default = ""
}
variable "REPO" { default = "docker/cli" }
variable "USE_ALT" {
  default = false
}
TAGSUFFIX = "-${GO_VERSION}"

target "_common" {
  args = {
    GO_VERSION = GO_VERSION
  }
  contexts = {
    base = "docker-image://golang:${GO_VERSION}"
    empty = ""
  }
}

group "default" {
  targets = ["binary"]
}

target "binary" {
  inherits = ["_common"]
  target = "binary"
  platforms = ["local"]
  output = [bindir("build")]
}

target "dev" {
  inherits = ["_common"]
  dockerfile = "./dockerfiles/Dockerfile.dev"
  tags = ["${REPO}-dev${TAGSUFFIX}"]
}

target "alt" {
  inherits = ["dev"]
  context = USE_ALT ? "alt" : "."
  dockerfile = <<-EOT
    dockerfiles/${USE_ALT ? "x" : "y"}.Dockerfile
    EOT
  contexts = { src = "./src", "tpl" = "target:dev" }
}
target "inl" {
  dockerfile-inline = <<EOT
FROM alpine
RUN echo "$${HOME} %%{x}"
EOT
}
target "bad" {
  context = lower("X")
}
target "loop1" { inherits = ["loop2"] }
target "loop2" {
  inherits = ["loop1"]
  context = "l2"
}
target "missing" { inherits = ["nope"] }
target "dev" {
  context = "devctx"
}
