. "${0%/*}/../lib.sh"
# --syntax=gitignore and --gitignore against git itself: the files each
# lists are the same (git lists no directories and never .git)
command -v git >/dev/null || { echo "no git" >&2; exit 77; }
export HOME=$PWD/.. XDG_CONFIG_HOME=$PWD/.. GIT_CONFIG_NOSYSTEM=1
git init -q . 2>/dev/null
mk Dockerfile 'FROM scratch'
mk a.pyc; mk sub/b.pyc; mk sub/deep/c.pyc; mk build/x; mk logs/keep.log
mk logs/a.log; mk 'sp ace'; mk 'x[1]'; mk docs/README.md; mk '#hash'
mk .gi '*.pyc
!sub/b.pyc
build/
logs/*
!logs/keep.log
sp\ ace
x\[1\]
/docs
\#hash
'
files() { grep -v '/$' | grep -v '^\.git/' | sort; }
"$CTXPACK" ls --syntax=gitignore --ignore-file .gi . | files > ../mine
git ls-files -o --exclude-from=.gi | sort > ../git
diff ../git ../mine && echo "--syntax=gitignore: same as git"
cat ../mine
mk .gitignore '*.log
'
mk sub/.gitignore 'deep/
!*.log
'
mk sub/z.log
"$CTXPACK" ls --gitignore . | files > ../mine
git ls-files -o --exclude-standard | sort > ../git
diff ../git ../mine && echo "--gitignore: same as git"
"$CTXPACK" why --gitignore sub/deep/c.pyc sub/z.log logs/a.log; echo "exit $?"
