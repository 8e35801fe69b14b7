# sources through global and stage ARGs, --build-arg, ENV; a stage the
# target does not need (built by the classic builder all the same)
f() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$1" > "$1"; }
f app/main.c; f app2/main.c; f app2/extra.c; f conf/app.conf; f conf/other.conf
f never/n; f default.txt; f other.txt; f rest/r
find . -type f -exec touch -d @1400000000 {} +
find . -mindepth 1 -type d -exec touch -d @1300000000 {} +
