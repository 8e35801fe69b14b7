printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '!f.go\n*.go\n*.md\n!README*.md\nREADME-secret.md\n' > .dockerignore
echo > f.go
echo > a.md
echo > README.md
echo > README-secret.md
