. "${0%/*}/../lib.sh"
# --stdin, -z (git's NUL format: source, line, pattern, path), -C
mkdir ctx
mk ctx/Dockerfile 'FROM scratch'
mk ctx/.dockerignore '*.tmp'
printf 'a.tmp\nb.txt\n' | "$CTXPACK" why --stdin -C ctx; echo "exit $?"
printf 'a.tmp\0b.txt\0' | "$CTXPACK" why --stdin -z -C ctx | tr '\0' '|'; echo; echo "exit $?"
