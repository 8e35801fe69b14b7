. "${0%/*}/../lib.sh"
# a compose file that is not YAML: a warning with file, line and column
# (exit 1), the other contexts still audited
mk Dockerfile 'FROM x'
mk docker-compose.override.yml 'services:
  web:
    build: [not, a, mapping'
"$CTXPACK" audit; echo "exit $?"
