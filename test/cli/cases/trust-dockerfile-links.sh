. "${0%/*}/../lib.sh"
# A Dockerfile named inside the context never brings a file from outside
# through a symbolic link: an error naming the link, exit 2, no tar bytes.
# A link that stays inside keeps working (vaultwarden's style).
mk ../host-secret 'root:$6$secret'
mk docker/Dockerfile.debian 'FROM scratch'
mk a 'a'
up=$(cd .. && pwd)
err() { sed "s|$up|UP|g" ../e >&2; }
ln -s "$(cd .. && pwd)/host-secret" Dockerfile
"$CTXPACK" pack . > ../o.tar 2>../e; echo "default -> outside: exit $? bytes $(wc -c < ../o.tar)"; err
"$CTXPACK" pack -f Dockerfile . > ../o.tar 2>../e; echo "-f -> outside: exit $? bytes $(wc -c < ../o.tar)"; err
"$CTXPACK" ls --builder=classic . > /dev/null 2>../e; echo "classic ls: exit $?"; err
rm Dockerfile; ln -s ../host-secret Dockerfile
"$CTXPACK" pack . > ../o.tar 2>../e; echo "relative -> outside: exit $? bytes $(wc -c < ../o.tar)"; err
rm Dockerfile; mkdir ../hostdir; mk ../hostdir/Dockerfile 'FROM scratch'
ln -s ../hostdir sub
"$CTXPACK" pack -f sub/Dockerfile . > ../o.tar 2>../e; echo "through a dir link: exit $? bytes $(wc -c < ../o.tar)"; err
rm sub; ln -s docker/Dockerfile.debian Dockerfile
pk .; echo "inside link: exit $?"
pk --builder=classic .; echo "inside link, classic: exit $?"
# named outside on purpose: that one is packed as .dockerfile.<hex> (R27)
"$CTXPACK" ls -f ../hostdir/Dockerfile --builder=classic . | sed 's/\.dockerfile\.[0-9a-f]*/.dockerfile.HEX/'
echo "outside on purpose: exit $?"
