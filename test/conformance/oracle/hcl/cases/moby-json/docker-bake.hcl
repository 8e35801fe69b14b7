variable "GO_VERSION" {
  default = "1.22"
}
variable "DOCKER_STATIC" {
  default = "1"
}
target "_common" {
  args = {
    DOCKER_STATIC = DOCKER_STATIC
  }
}
target "validate-generate-files" {
  inherits   = ["_common"]
  dockerfile = "./hack/dockerfiles/generate-files.Dockerfile"
  target     = "validate"
  output     = ["type=cacheonly"]
}
target "dev" { inherits = ["_common"] }
