. "${0%/*}/../lib.sh"
# depth 2000 (paths far longer than PATH_MAX): walked with openat, one
# descriptor a level, packed with pax names
mk Dockerfile 'FROM scratch'
p=.
i=0
while [ $i -lt 2000 ]; do p=$p/d; i=$((i + 1)); done
mkdir -p "$p" 2>/dev/null || python3 -c '
import os
fd = os.open(".", os.O_RDONLY)
for i in range(2000):
    try: os.mkdir("d", dir_fd=fd)
    except FileExistsError: pass
    n = os.open("d", os.O_RDONLY, dir_fd=fd); os.close(fd); fd = n
with open(os.open("leaf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f: f.write("leaf")'
"$CTXPACK" ls . | wc -l
"$CTXPACK" ls . | tail -n 1 | wc -c
"$CTXPACK" pack . | "$TARLS" - | tail -n 1 | cut -c1-40
"$CTXPACK" pack . | tar -tf - | wc -l
