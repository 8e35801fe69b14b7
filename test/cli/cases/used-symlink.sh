# --used follows the symbolic links a source goes through, as BuildKit's
# transfer (fsutil FollowLinks) and both builders' COPY do: the link and
# what it leads to, re-rooted at the context
. "${0%/*}/../lib.sh"
mk real/sub/f f; mk real/g g; mk other/o o; mk dist/app.js a; mk dist/x.map m
mk etc/passwd p; mk unused/u u
ln -s real linkdir; ln -s real/g linkf; ln -s ../dist other/d
ln -s /etc/passwd abs; ln -s loop2 loop1; ln -s loop1 loop2
ln -s nowhere dangling; ln -s unused notread
mk Dockerfile 'FROM scratch
COPY linkf /a/
COPY linkdir/sub/f /b/
COPY other/d/*.js /c/
COPY abs /d/
COPY l[o]op1 dangling /e/
'
echo '== a link, a link on the way, a link below a wildcard, absolute, loops'
"$CTXPACK" ls --used .
echo '== the tar holds what the links lead to'
pk --used .
echo '== through a link to the root: what it names there'
ln -s / root
mk Dockerfile 'FROM scratch
COPY root/real /r/
'
"$CTXPACK" ls --used .
echo '== a link to the root: everything'
mk Dockerfile 'FROM scratch
COPY root /r/
'
echo "$("$CTXPACK" ls --used . | wc -l) of $("$CTXPACK" ls . | wc -l)"
