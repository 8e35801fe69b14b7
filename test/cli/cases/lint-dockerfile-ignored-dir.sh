. "${0%/*}/../lib.sh"
# copy-ignored for a directory source: all of it excluded is an error
# (the directory is not there); part of it a warning that says how many
# files it loses.  COPY . is what the ignore file is for: never reported.
mk Dockerfile 'FROM scratch
COPY docs /docs/
COPY conf /conf/
COPY . /all/
'
mk .dockerignore 'docs/*.md
docs/old
conf
'
mk docs/a.md a; mk docs/b.md b; mk docs/guide.txt g; mk docs/old/x.txt x
mk conf/app.yml c
"$CTXPACK" lint; echo "exit $?"
"$CTXPACK" lint | sed -n 's/^	suggestion: //p' >> .dockerignore
"$CTXPACK" lint; echo "with the suggestions: exit $?"
echo "== COPY --exclude drops files the COPY does not want: not a loss"
mk Dockerfile 'FROM scratch
COPY --exclude=*.md docs /docs/
'
mk .dockerignore 'docs/*.md
'
"$CTXPACK" lint; echo "exit $?"
echo "== rules for the whole tree: info; beside the source's own, no exception (it would undo them)"
mk Dockerfile 'FROM scratch
COPY src /src/
COPY lib /lib/
'
mk .dockerignore '**/__pycache__
lib/gen
'
mk src/a.py a; mk src/__pycache__/a.pyc p; mk lib/b.py b; mk lib/gen/x.py x
mk lib/__pycache__/b.pyc p
"$CTXPACK" lint; echo "exit $?"
