. "${0%/*}/../lib.sh"
# run as docker-ctxpack: the docker CLI plugin protocol
ln -s "$CTXPACK" ../docker-ctxpack
../docker-ctxpack docker-cli-plugin-metadata; echo "exit $?"
../docker-ctxpack ctxpack --version; echo "exit $?"
mk Dockerfile 'FROM scratch'
../docker-ctxpack ctxpack ls .; echo "exit $?"
../docker-ctxpack ctxpack check --max-files 0 . > /dev/null; echo "exit $?"
# under its own name it is plain ctxpack
"$CTXPACK" docker-cli-plugin-metadata; echo "exit $?"
