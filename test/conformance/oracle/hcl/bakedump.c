/*
 * bakedump: the test driver for src/cli/bake.c and hcl.c.  Reads the bake
 * FILEs as `ctxpack audit` does and prints the normalized JSON that the
 * Go oracle (main.go, on hashicorp/hcl/v2) prints for the same files; the
 * reason of each failed target goes to standard error.
 *   bakedump FILE...
 */
#include <stdio.h>

#include "bake.h"

int
main(int argc, char **argv)
{
	struct arena *a = arena_new();
	struct bake_result res;
	size_t i;

	if (argc < 2) {
		fputs("usage: bakedump FILE...\n", stderr);
		return 2;
	}
	if (bake_read(a, (const char *const *)argv + 1, (size_t)argc - 1,
	    &res) < 0)
		fprintf(stderr, "%s:%u:%u: %s\n", res.err.file ? res.err.file :
		    "?", res.err.line, res.err.col, res.err.msg);
	for (i = 0; i < res.n; i++)
		if (res.t[i].failed)
			fprintf(stderr, "%s: %s:%u:%u: %s%s\n", res.t[i].name,
			    res.t[i].err.file ? res.t[i].err.file : "?",
			    res.t[i].err.line, res.t[i].err.col,
			    res.t[i].err.unsupported ? "unsupported: " : "",
			    res.t[i].err.msg);
	bake_dump(&res, stdout);
	arena_free(a);
	return 0;
}
