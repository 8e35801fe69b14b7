. "${0%/*}/../lib.sh"
# R2-R4: BOM, CRLF, a comment only at byte 0, ' # x' is a pattern
mk Dockerfile 'FROM scratch'
printf '\357\273\277a\r\n # x\r\n#b\r\n!   c\r\n' > .dockerignore
mk a; mk '# x'; mk b; mk c
"$CTXPACK" ls .
