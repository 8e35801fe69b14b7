. "${0%/*}/../lib.sh"
# ustar prefix field for long paths, pax for longer and non-ASCII ones
mk Dockerfile 'FROM scratch'
d=$(printf 'd%.0s' $(seq 1 60))
mk "$d/$d/$(printf 'f%.0s' $(seq 1 90))" x
mk "$(printf 'n%.0s' $(seq 1 200))" y
mk "caf$(printf '\303\251')" z
pk .
