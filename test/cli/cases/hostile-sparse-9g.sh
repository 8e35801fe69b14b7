. "${0%/*}/../lib.sh"
# a 9 GiB sparse file: its size needs pax (ustar stops at 8 GiB); the
# exact tar size is known without reading it
mk Dockerfile 'FROM scratch'
truncate -s 9G a-big 2>/dev/null || { echo "no sparse files" >&2; exit 77; }
"$CTXPACK" report --json . | grep -E '"(tar_bytes|bytes)": [0-9]{9,}' | sed 's/^ *//' | head -3
"$CTXPACK" pack . | head -c 4096 | tr -c '[:print:]\n' '\n' | grep -a -E '^[0-9]+ size=' | head -1
