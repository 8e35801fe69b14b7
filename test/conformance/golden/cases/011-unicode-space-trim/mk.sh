set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a.log\302\240\n\302\205b.log\n\343\200\200c.log\343\200\200\n' > .dockerignore
printf 'a\n' > a.log; printf 'b\n' > b.log; printf 'c\n' > c.log; printf 'd\n' > d.log
