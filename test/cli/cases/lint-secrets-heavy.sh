. "${0%/*}/../lib.sh"
# secrets and heavy directories in the context, with the line to add
mk Dockerfile 'FROM scratch'
mk .dockerignore '*.tmp'
mk .env x; mk .env.example x; mk certs/server.pem x; mk .aws/credentials x
mk infra/prod.tfstate x; mk .kube/config x; mk .npmrc x; mk .venv/bin/python x
mk svc/node_modules/x.js x; mk .git/HEAD x
"$CTXPACK" lint; echo "exit $?"
