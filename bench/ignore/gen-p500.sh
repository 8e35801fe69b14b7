#!/bin/sh
# Writes p500.dockerignore: the 30 common lines plus 470 plausible patterns
# that the generated trees never match (so `ls` lists the same entries as
# with the common file and only the pattern count differs).  Kinds:
# anchored literal paths, root-anchored and **/ extension globs, */ and **
# wildcards in the middle, character classes, and literal exceptions.
here=$(dirname "$0")
{
	cat "$here/common.dockerignore"
	awk 'BEGIN {
		split("svc legacy vendor tools scripts infra deploy ci docs " \
		    "examples benchmarks fixtures samples e2e storybook " \
		    "terraform helm k8s ansible migrations", top, " ")
		split("tmp out gen generated artifacts reports snapshots " \
		    "cache logs backup old bak dump traces profiles", leaf, " ")
		n = 0
		for (i = 0; n < 470; i++) {
			t = top[i % 20 + 1]; l = leaf[int(i / 20) % 16 + 1]
			k = i % 10
			if (k == 0)      p = t "/" l sprintf("%03d", i)
			else if (k == 1) p = "**/*." l sprintf("%03d", i)
			else if (k == 2) p = t "/*/" l sprintf("%03d", i)
			else if (k == 3) p = "**/" t "-" l sprintf("%03d", i) "/**"
			else if (k == 4) p = t sprintf("%03d", i) "/**/*.bak"
			else if (k == 5) p = "*." l sprintf("%03d", i)
			else if (k == 6) p = t "/" l "-[0-9][0-9]" sprintf("%03d", i) ".dat"
			else if (k == 7) p = "**/" l sprintf("%03d", i) "-*.json"
			else if (k == 8) p = t "/**/" l sprintf("%03d", i)
			else             p = "!" t "/" l sprintf("%03d", i) "/keep.txt"
			print p; n++
		}
	}'
} >"$here/p500.dockerignore"
