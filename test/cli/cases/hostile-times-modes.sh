. "${0%/*}/../lib.sh"
# mtimes before 1970 and after 2242 (pax mtime), special bits
mk Dockerfile 'FROM scratch'
mk old o; touch -d '1960-01-01 00:00:00 UTC' old
mk future f; touch -d '2250-01-01 00:00:00 UTC' future
mk suid s; chmod 4755 suid; mk sgid g; chmod 2755 sgid
mkdir sticky; chmod 1777 sticky; mkdir setgid-dir; chmod 2775 setgid-dir
touch -d '2020-01-01 00:00:00 UTC' Dockerfile suid sgid sticky setgid-dir
"$CTXPACK" pack . > ../out.tar; echo "exit $?"
"$TARLS" -m ../out.tar
python3 -c '
import tarfile
for m in tarfile.open("../out.tar").getmembers():
    if m.pax_headers: print(m.name, m.pax_headers)'
