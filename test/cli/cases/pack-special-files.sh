. "${0%/*}/../lib.sh"
# FIFOs are entries (never opened), sockets are skipped with a warning,
# hardlinks by inode (T3), modes with special bits (T4)
command -v python3 >/dev/null || { echo "no python3" >&2; exit 77; }
mk Dockerfile 'FROM scratch'
mkfifo fifo
python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); s.bind("sock")'
mk h1 data; ln h1 h2
mk suid x; chmod 4755 suid
mkdir sticky; chmod 1777 sticky
mk ro r; chmod 400 ro
pk .; echo "exit $?"
