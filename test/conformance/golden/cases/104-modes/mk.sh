set -e
printf 'FROM scratch\n' > Dockerfile
printf '1\n' > f755; chmod 0755 f755
printf '2\n' > f600; chmod 0600 f600
printf '3\n' > f000; chmod 0000 f000
printf '4\n' > f444; chmod 0444 f444
printf '5\n' > f4755; chmod 4755 f4755
printf '6\n' > f2755; chmod 2755 f2755
printf '7\n' > f6711; chmod 6711 f6711
mkdir d700 d2755 d1777 d555
printf '8\n' > d700/x; chmod 0700 d700
chmod 2755 d2755; chmod 1777 d1777
printf '9\n' > d555/y; chmod 0555 d555
