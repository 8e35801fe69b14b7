.dockerignore
a
c/
c/d
c/e.tmp
