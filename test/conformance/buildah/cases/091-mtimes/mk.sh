printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
for t in 1000000000.4 1000000000.5 1000000000.6 1000000000.999999999 9000000000 -1.5 -100 0; do echo $t > "t$t"; done
python3 -c '
import os
for n in os.listdir("."):
    if n.startswith("t"):
        s = n[1:]
        neg = s.startswith("-")
        a, _, b = s.lstrip("-").partition(".")
        ns = int(a) * 10**9 + int((b + "000000000")[:9])
        os.utime(n, ns=(0, -ns if neg else ns))
'
mkdir d
echo > d/f
touch -d @1234567890.7 d
