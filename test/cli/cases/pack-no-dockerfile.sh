. "${0%/*}/../lib.sh"
mk a a
pk .; echo "exit $?"
