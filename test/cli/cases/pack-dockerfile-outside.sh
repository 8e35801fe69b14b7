. "${0%/*}/../lib.sh"
# a Dockerfile outside the context travels as .dockerfile.<hex>, last
mkdir ctx; mk Dockerfile 'FROM scratch'; mk ctx/a a
"$CTXPACK" pack -f Dockerfile ctx > out.tar; echo "exit $?"
"$TARLS" out.tar | sed 's/\.dockerfile\.[0-9a-f]*/.dockerfile.HEX/'
