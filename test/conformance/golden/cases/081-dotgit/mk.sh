set -e
printf 'FROM scratch\n' > Dockerfile
printf '.git\n' > .dockerignore
mkdir -p .git/objects/ab .github/workflows
printf 'ref: refs/heads/main\n' > .git/HEAD; printf '1\n' > .git/objects/ab/cdef; printf '2\n' > .gitignore; printf '3\n' > .github/workflows/ci.yml
