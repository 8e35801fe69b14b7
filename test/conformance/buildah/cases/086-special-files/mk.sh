printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkfifo fifo
mknod chr c 1 3
mknod blk b 7 200
python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.bind("sock")'
echo > f
