. "${0%/*}/../lib.sh"
# check and report never pass a tree that pack cannot pack: an included
# file this user cannot read is an error (exit 2), an excluded one is not
mk Dockerfile 'FROM scratch'
mk .dockerignore 'excluded'
mk a 'a'; mk secret.key 'k'; mk excluded/x 'x'
chmod 000 secret.key excluded/x
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
as_user "$CTXPACK" check --max-size 1G .; echo "check: exit $?"
as_user "$CTXPACK" check -v --max-size 1G . > /dev/null; echo "check -v: exit $?"
as_user "$CTXPACK" report -q . > /dev/null; echo "report: exit $?"
as_user "$CTXPACK" report --json . | grep unreadable
as_user "$CTXPACK" pack . > /dev/null; echo "pack: exit $?"
chmod 644 secret.key
as_user "$CTXPACK" check --max-size 1G .; echo "readable again: exit $?"
