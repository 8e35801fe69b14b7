. "${0%/*}/../lib.sh"
# names with newlines, tabs, backslashes, leading dashes, invalid UTF-8,
# 255-byte components: packed exactly, listed with -0
mk Dockerfile 'FROM scratch'
mk "$(printf 'new\nline')" 1; mk "$(printf 'tab\there')" 2; mk 'back\slash' 3
mk ./-rf 4; mk "$(printf 'bad\377\376utf8')" 5
long=$(printf 'x%.0s' $(seq 1 255)); mk "$long" 6; mk "d/$long/$long" 7
mk .dockerignore "$(printf 'new?line\n-rf\n')"
"$CTXPACK" pack . > ../out.tar; echo "exit $?"
"$TARLS" ../out.tar | cut -c1-80
tar -tf ../out.tar > /dev/null && echo "GNU tar reads it"
"$CTXPACK" ls -0 . | tr '\0\n' '|~' | cut -c1-120; echo
