. "${0%/*}/../lib.sh"
# the table: totals, largest dirs, heavy/large flags with the line to add,
# largest files, excluded directories walked for an exception
sample
"$CTXPACK" report .; echo "exit $?"
