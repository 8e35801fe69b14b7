. "${0%/*}/../lib.sh"
# R23: symlinks are stored, never followed; excluding the target does not
# exclude the link
mk Dockerfile 'FROM scratch'
mk .dockerignore 'realdir'
mk realdir/f f; ln -s realdir linkdir; ln -s /etc/passwd abs; ln -s nowhere dangling
ln -s ../outside up
pk .
