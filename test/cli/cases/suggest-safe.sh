# advice that never breaks a build: sources the Dockerfile names stay,
# tracked directories with heavy names are not junk, '!' lines are kept,
# empty directories are not heavy, no .gitignore means names count
. "${0%/*}/../lib.sh"
mk .gitignore '/target/
'
big target/release/app 9000			# git-ignored output
mk internal/event/target/t.go 'package t'	# tracked source (minio)
big frontend/node_modules/x/i.js 7000		# COPY ./frontend . (mealie)
mk frontend/src/main.ts m
mkdir -p empty/node_modules
mk a.json '{}'; mk b.json '{}'
mk Dockerfile 'FROM scratch
COPY ./frontend .
COPY *.json ./
'
echo '== no **/target line, nothing of frontend'
"$CTXPACK" suggest .
echo '== an exception names .git: no .git line'
big .git/objects/o 3000
mk .dockerignore '*
!.git
!frontend
!target
!internal
!*.json
!Dockerfile
'
"$CTXPACK" suggest .
echo '== no .gitignore: heavy names count'
rm .gitignore .dockerignore
mk Dockerfile 'FROM scratch
COPY . /app
'
"$CTXPACK" suggest .
