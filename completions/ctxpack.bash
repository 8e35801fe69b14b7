# bash completion for ctxpack(1).  Install as
# $(PREFIX)/share/bash-completion/completions/ctxpack, or source it.
# Self-contained (bash 4 or later): bash-completion's helpers are not
# needed.  Names with blanks are offered whole.

_ctxpack_commands='pack ls report check digest why suggest lint audit help'

# The options each command takes (ctxpack --help).
_ctxpack_opts()
{
	local common='-f --file --ignore-file --builder --syntax --gitignore -q --quiet -h --help'
	local build='--target --build-arg'

	case $1 in
	pack)	echo "$common $build --used -o --output --reproducible" \
		    "--normalize-modes -z --gzip --zstd --xz --bzip2 --level" ;;
	ls)	echo "$common $build --used -0 --null" ;;
	report)	echo "$common $build --json --format --html --top --depth" \
		    "--large" ;;
	suggest) echo "${common/-q --quiet /} $build -w --write --json" \
		    "--format --top" ;;
	check)	echo "$common $build -v --verbose --json --format" \
		    "--max-size --max-files --max-dir --fail-on-heavy" \
		    "--fail-on-secret" ;;
	digest)	echo "$common $build --used --per-dir --json --format" ;;
	why)	echo "$common -z --trace --stdin -C --context" ;;
	lint)	echo "$common $build --json --format --fail-on" ;;
	audit)	echo "-q --quiet --json --format --max-size --builder -h --help" ;;
	esac
}

# Does option $2 of command $1 take an argument?
_ctxpack_takes_arg()
{
	case $2 in
	-f|--file|--ignore-file|--builder|--syntax|-o|--output|-C|--context|--top|\
	--depth|--large|--max-size|--max-files|--max-dir|--level|--fail-on|\
	--format|--html|--target|--build-arg)
		return 0 ;;
	esac
	return 1
}

# Complete the argument of option $1 from word $2 (prefix $3 is kept).
_ctxpack_optarg()
{
	local opt=$1 cur=$2 pre=$3 w
	local -a words

	case $opt in
	--builder)
		words=($(compgen -W 'buildkit classic buildah' -- "$cur")) ;;
	--fail-on)
		words=($(compgen -W 'error warning info' -- "$cur")) ;;
	--format)		# the values differ by command
		case ${COMP_WORDS[1]} in
		lint)	words=($(compgen -W 'text json sarif' -- "$cur")) ;;
		digest|suggest)
			words=($(compgen -W 'text json' -- "$cur")) ;;
		*)	words=($(compgen -W 'text json markdown' -- "$cur")) ;;
		esac ;;
	--syntax)
		words=($(compgen -W 'docker gitignore' -- "$cur")) ;;
	-C|--context)
		compopt -o filenames 2>/dev/null
		mapfile -t words < <(compgen -d -- "$cur") ;;
	-f|--file|--ignore-file|-o|--output|--html)
		compopt -o filenames 2>/dev/null
		mapfile -t words < <(compgen -f -- "$cur") ;;
	--level)		# zstd goes to 22, the others to 9
		case " ${COMP_WORDS[*]} " in
		*" --zstd "*)
			words=($(compgen -W "$(seq 1 22)" -- "$cur")) ;;
		*)	words=($(compgen -W "$(seq 1 9)" -- "$cur")) ;;
		esac ;;
	*)	words=() ;;		# a number or a size: nothing to offer
	esac
	COMPREPLY=()
	for w in "${words[@]}"; do
		COMPREPLY+=("$pre$w")
	done
}

_ctxpack()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd i w dashdash=0
	local IFS=$' \t\n'

	COMPREPLY=()
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}

	# The command is the first word after ctxpack, as ctxpack parses it.
	if [ "$COMP_CWORD" -le 1 ]; then
		COMPREPLY=($(compgen -W "$_ctxpack_commands -h --help -V --version" \
		    -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	case " $_ctxpack_commands " in
	*" $cmd "*) ;;
	*)	return 0 ;;
	esac
	[ "$cmd" = help ] && return 0

	# --opt=value: '=' may or may not be a word break.
	if [ "$cur" = "=" ] && [[ $prev == --* ]]; then
		_ctxpack_takes_arg "$cmd" "$prev" &&
		    _ctxpack_optarg "$prev" "" ""
		return 0
	fi
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 3 ]; then
		w=${COMP_WORDS[COMP_CWORD-2]}
		_ctxpack_takes_arg "$cmd" "$w" && _ctxpack_optarg "$w" "$cur" ""
		return 0
	fi
	if [[ $cur == --*=* ]]; then
		w=${cur%%=*}
		_ctxpack_takes_arg "$cmd" "$w" &&
		    _ctxpack_optarg "$w" "${cur#*=}" "$w="
		return 0
	fi

	for ((i = 2; i < COMP_CWORD; i++)); do
		[ "${COMP_WORDS[i]}" = "--" ] && dashdash=1
	done
	if [ $dashdash = 0 ] && _ctxpack_takes_arg "$cmd" "$prev"; then
		_ctxpack_optarg "$prev" "$cur" ""
		return 0
	fi
	if [ $dashdash = 0 ] && [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_ctxpack_opts "$cmd")" -- "$cur"))
		return 0
	fi
	# Operands: paths for why and audit, the context directory otherwise.
	compopt -o filenames 2>/dev/null
	case $cmd in
	why|audit)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	*)	mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
	esac
	return 0
}

complete -F _ctxpack ctxpack
