. "${0%/*}/../lib.sh"
# the hooks' entries with no args: a clean context passes, a secret or a
# heavy directory fails with the line to add
top=${0%/*}/../../..
check=$(sed -n 's/^  entry: \(ctxpack check.*\)/\1/p' "$top/.pre-commit-hooks.yaml")
lint=$(sed -n 's/^  entry: \(ctxpack lint.*\)/\1/p' "$top/.pre-commit-hooks.yaml")
echo "$check"; echo "$lint"
ctxpack() { "$CTXPACK" "$@"; }
mk Dockerfile 'FROM scratch'
mk .dockerignore '.git
'
mk src/a.py 'x'
$check; echo "clean check: exit $?"
$lint; echo "clean lint: exit $?"
mk id_rsa 'k'
mk .venv/bin/python 'x'
$check; echo "dirty check: exit $?"
mk .dockerignore 'a[b
'
$lint; echo "bad pattern lint: exit $?"
