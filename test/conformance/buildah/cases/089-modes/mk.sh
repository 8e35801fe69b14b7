printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
for m in 0644 0755 0600 0444 0000 4755 2755 6755 1644; do echo $m > f$m; chmod $m f$m; done
mkdir d1777 d2775 d0700 d0555 d0000
chmod 1777 d1777
chmod 2775 d2775
chmod 0700 d0700
chmod 0555 d0555
chmod 0000 d0000
echo > owned
chown 1234:5678 owned
