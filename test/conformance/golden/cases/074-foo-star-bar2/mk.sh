set -e
printf 'FROM scratch\n' > Dockerfile
printf 'foo*\n!foo/bar2\n' > .dockerignore
mkdir foo
printf '1\n' > foo/bar1; printf '2\n' > foo/bar2; printf '3\n' > foobar; printf '4\n' > fo
