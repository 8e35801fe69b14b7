# Sourced by CLI cases.  tree: make a file with content; pk: pack and list.
mk() { mkdir -p "$(dirname "$1")"; printf '%s' "${2-}" > "$1"; }
pk() { "$CTXPACK" pack "$@" > ../out.tar; rc=$?; "$TARLS" ../out.tar; tar -tf ../out.tar >/dev/null 2>&1 || echo "GNU tar rejects the tar"; return $rc; }
