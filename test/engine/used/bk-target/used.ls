Dockerfile
app2/
app2/main.c
conf/
conf/app.conf
default.txt
rest/
rest/r
