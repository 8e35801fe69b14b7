# fish completion for ctxpack(1).  Install as
# $(PREFIX)/share/fish/vendor_completions.d/ctxpack.fish.

set -l cmds pack ls report check digest why suggest lint audit help

complete -c ctxpack -f
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a pack -d 'Write the context as a tar'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a ls -d 'List the context entries in tar order'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a report -d 'Sizes, largest directories and files'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a check -d 'Exit 1 when over a budget'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a digest -d 'Content digest of the context'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a why -d 'The rule that decides each path'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a suggest -d 'The lines to add to the ignore file'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a lint -d 'Pitfalls in the ignore file, secrets'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a audit -d 'Every Dockerfile under the paths'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -a help -d 'Show the help'
complete -c ctxpack -n "not __fish_seen_subcommand_from $cmds" -s V -l version -d 'Show the version'
complete -c ctxpack -s h -l help -d 'Show the help'

# Options every context command takes.
set -l ctx pack ls report check digest why suggest lint
complete -c ctxpack -n "__fish_seen_subcommand_from $ctx" -s f -l file -r -F -d 'The Dockerfile'
complete -c ctxpack -n "__fish_seen_subcommand_from $ctx" -l ignore-file -r -F -d 'Use this ignore file'
complete -c ctxpack -n "__fish_seen_subcommand_from $ctx" -l syntax -x -a 'docker gitignore' -d 'How the ignore file is read'
complete -c ctxpack -n "__fish_seen_subcommand_from $ctx" -l gitignore -d "Also honour the tree's .gitignore files"
complete -c ctxpack -n "__fish_seen_subcommand_from $ctx audit" -l builder -x -a 'buildkit classic buildah' -d 'Builder whose rules apply'

# What the Dockerfile reads
set -l bld pack ls report check digest suggest lint
complete -c ctxpack -n "__fish_seen_subcommand_from $bld" -l target -x -d 'The stage built'
complete -c ctxpack -n "__fish_seen_subcommand_from $bld" -l build-arg -x -d 'A build argument name=value'
complete -c ctxpack -n '__fish_seen_subcommand_from pack ls digest' -l used -d 'Only what the Dockerfile reads'

# suggest
complete -c ctxpack -n '__fish_seen_subcommand_from suggest' -s w -l write -d 'Append the lines to the ignore file'
complete -c ctxpack -n '__fish_seen_subcommand_from suggest' -l format -x -a 'text json' -d 'Output format'
complete -c ctxpack -n '__fish_seen_subcommand_from suggest' -l top -x -d 'The most lines'

# What the Dockerfile reads
set -l bld pack ls report check digest suggest lint
complete -c ctxpack -n "__fish_seen_subcommand_from $bld" -l target -x -d 'The stage built'
complete -c ctxpack -n "__fish_seen_subcommand_from $bld" -l build-arg -x -d 'A build argument name=value'
complete -c ctxpack -n '__fish_seen_subcommand_from pack ls digest' -l used -d 'Only what the Dockerfile reads'

# suggest
complete -c ctxpack -n '__fish_seen_subcommand_from suggest' -s w -l write -d 'Append the lines to the ignore file'
complete -c ctxpack -n '__fish_seen_subcommand_from suggest' -l format -x -a 'text json' -d 'Output format'
complete -c ctxpack -n '__fish_seen_subcommand_from suggest' -l top -x -d 'The most lines'

# The context directory operand.
complete -c ctxpack -n "__fish_seen_subcommand_from pack ls report check digest suggest lint" -x -a '(__fish_complete_directories)'

# pack
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -s o -l output -r -F -d 'Write the tar to this file'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -l reproducible -d 'Mtimes from SOURCE_DATE_EPOCH or 0'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -l normalize-modes -d 'Modes 0644/0755 by the owner x bit'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -s z -l gzip -d 'Compress with gzip'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -l zstd -d 'Compress with zstd'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -l xz -d 'Compress with xz'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -l bzip2 -d 'Compress with bzip2'
complete -c ctxpack -n '__fish_seen_subcommand_from pack' -l level -x -d 'Compression level'

# ls
complete -c ctxpack -n '__fish_seen_subcommand_from ls' -s 0 -l null -d 'End names with NUL'

# report
complete -c ctxpack -n '__fish_seen_subcommand_from pack ls report check digest why lint audit' -s q -l quiet -d 'No progress line'
complete -c ctxpack -n '__fish_seen_subcommand_from report check digest audit lint suggest' -l json -d 'JSON output'
complete -c ctxpack -n '__fish_seen_subcommand_from report check audit' -l format -x -a 'text json markdown' -d 'Output format'
complete -c ctxpack -n '__fish_seen_subcommand_from lint' -l format -x -a 'text json sarif' -d 'Output format'
complete -c ctxpack -n '__fish_seen_subcommand_from digest' -l format -x -a 'text json' -d 'Output format'
complete -c ctxpack -n '__fish_seen_subcommand_from report' -l html -r -F -d 'Also write a treemap page'
complete -c ctxpack -n '__fish_seen_subcommand_from report' -l top -x -d 'Rows in each list'
complete -c ctxpack -n '__fish_seen_subcommand_from report' -l depth -x -d 'Deepest directory level listed'
complete -c ctxpack -n '__fish_seen_subcommand_from report' -l large -x -d 'Flag directories above this size'

# check
complete -c ctxpack -n '__fish_seen_subcommand_from check' -s v -l verbose -d 'Say so when within budget'
complete -c ctxpack -n '__fish_seen_subcommand_from check audit' -l max-size -x -d 'Most bytes a context tar may take'
complete -c ctxpack -n '__fish_seen_subcommand_from check' -l max-files -x -d 'Most files the context may hold'
complete -c ctxpack -n '__fish_seen_subcommand_from check' -l max-dir -x -d 'Most bytes one directory may hold'
complete -c ctxpack -n '__fish_seen_subcommand_from check' -l fail-on-heavy -d 'Fail on a heavy directory'
complete -c ctxpack -n '__fish_seen_subcommand_from check' -l fail-on-secret -d 'Fail on a secret'

# lint
complete -c ctxpack -n '__fish_seen_subcommand_from lint' -l fail-on -x -a 'error warning info' -d 'Exit 1 from this level on'

# digest
complete -c ctxpack -n '__fish_seen_subcommand_from digest' -l per-dir -d 'One digest per top-level entry'

# why: paths as operands
complete -c ctxpack -n '__fish_seen_subcommand_from why' -s z -d 'NUL-separated input and output'
complete -c ctxpack -n '__fish_seen_subcommand_from why' -l trace -d 'Every rule that matched'
complete -c ctxpack -n '__fish_seen_subcommand_from why' -l stdin -d 'Read paths from standard input'
complete -c ctxpack -n '__fish_seen_subcommand_from why' -s C -l context -x -a '(__fish_complete_directories)' -d 'The context directory'
complete -c ctxpack -n '__fish_seen_subcommand_from why audit' -F
