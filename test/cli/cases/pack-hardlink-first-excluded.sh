. "${0%/*}/../lib.sh"
# T3: the first name excluded, the next emitted name carries the data
mk Dockerfile 'FROM scratch'
mk .dockerignore 'a1'
mk a1 data; ln a1 b2; ln a1 c3
pk --builder=classic .
