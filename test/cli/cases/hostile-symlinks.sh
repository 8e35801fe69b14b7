. "${0%/*}/../lib.sh"
# symlink loops, links to / and outside, a symlinked .dockerignore and
# Dockerfile: links are stored, never followed
mkdir -p real outside
mk real/Dockerfile 'FROM scratch'
mk ../ign 'secret'
ln -s real/Dockerfile Dockerfile
ln -s ../ign .dockerignore
ln -s loop1 loop2; ln -s loop2 loop1; ln -s . self; ln -s / root; ln -s /etc etc
ln -s ../../.. up
mk secret s; mk kept k
"$CTXPACK" pack . > ../out.tar; echo "exit $?"
"$TARLS" ../out.tar
