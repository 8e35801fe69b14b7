printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir d
echo > d/f
mkfifo p
echo > f
ln -s x l
ln -s y l2
ln -s z l3
python3 -c '
import os
for n, t in (("d", -100500000000), ("p", -100500000000), ("f", -100700000000),
             ("l", -100500000000), ("l2", -1500000000), ("l3", 1000000000500000000)):
    os.utime(n, ns=(0, t), follow_symlinks=False)
'
