printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
for n in a A B _u a-b a.txt 'a b' ' lead' 'trail ' 'caf\303\251' '[x]' 'a*b' 'a?b' 'a\\b' '#x'; do echo > "$(printf "$n")"; done
mkdir a.d a_d
echo > a.d/x
echo > "$(printf 'bad\377')"
