. "${0%/*}/../lib.sh"
# one line per line-level code: inline-comment, slash-comment,
# trailing-slash, bang-class, regex-escape, caret, regex-meta,
# useless-exception
mk Dockerfile 'FROM scratch'
mk .dockerignore '!keep.me
dist  # build output
// generated files
docs/
[!a]bc
file\d
*^b
*.js|*.ts
'
mk dist; mk docs/x; mk xbc; mk file1; mk b; mk a.js; mk keep.me
"$CTXPACK" lint; echo "exit $?"
