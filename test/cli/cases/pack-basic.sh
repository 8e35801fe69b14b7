. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk .dockerignore '*.log
!keep.log
'
mk app.py 'print(1)'; mk x.log x; mk keep.log k; mkdir empty; ln -s app.py link
chmod 755 app.py
pk .
