. "${0%/*}/../lib.sh"
# the seed-style file: every root-only line is flagged, with the fix
mk Dockerfile 'FROM python'
mk .dockerignore '__pycache__
*.pyc
.git
*.log
node_modules
'
mk app/__pycache__/m.cpython-312.pyc x; mk app/util.pyc x; mk web/.git/HEAD x
mk logs/run.log x; mk web/node_modules/react/index.js x; mk main.py x
"$CTXPACK" lint; echo "exit $?"
"$CTXPACK" lint --fail-on warning > /dev/null; echo "fail-on warning: exit $?"
