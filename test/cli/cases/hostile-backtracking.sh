. "${0%/*}/../lib.sh"
# patterns built to make a backtracking engine explode: PCRE2's limit is
# hit, the DFA matcher answers instead, fast and right
mk Dockerfile 'FROM scratch'
mk .dockerignore '*a*a*a*a*a*a*a*a*a*a*a*a*b
**/**/**/**/**/**/**/**/**/**/**/z
'
mk "$(python3 -c 'print("a" * 250 + "ba")')" no
mk "$(python3 -c 'print("a" * 250 + "b")')" yes
mk "a/a/a/a/a/a/a/a/a/a/a/a/a/z" deep
timeout 20 "$CTXPACK" ls . | cut -c1-20; echo "exit $?"
