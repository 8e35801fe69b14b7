set -e
printf 'FROM scratch\n' > Dockerfile
mkdir -p src/lib
printf 'int main(void) { return 0; }\n' > src/main.c
printf 'x\n' > src/lib/util.c
printf 'readme\n' > README.md
printf 'KEY=1\n' > .env
