/*
 * check.h: what check measured against each budget, shared by its text
 * and JSON output (cmd_report.c) and its Markdown (markdown.c).
 */
#ifndef CHECK_H
#define CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

struct budget {
	const char	*name;		/* "max-size", ... "fail-on-secret" */
	int		 given;
	uint64_t	 limit;		/* the flags allow 0 */
	uint64_t	 value;		/* what was measured */
	int		 over;
};

/* A file lint calls a secret (its line, if a safe one exists, is among
 * the report's suggestions). */
struct secret {
	char	*path;
};

/* The budgets, in the order they are printed. */
enum {
	B_SIZE,		/* --max-size: the tar's bytes */
	B_FILES,	/* --max-files: non-directories */
	B_DIR,		/* --max-dir: the largest top-level directory */
	B_HEAVY,	/* --fail-on-heavy: heavy directories */
	B_SECRET,	/* --fail-on-secret: files lint calls secrets */
	NBUDGETS
};

struct check {
	struct options			*o;
	struct ctxpack_ctx		*ctx;
	const struct ctxpack_report	*r;
	struct budget			 b[NBUDGETS];
	struct secret			*secrets;
	size_t				 nsecrets;
	int				 over;
};

/* Markdown (markdown.c). */
void	md_check(FILE *, const struct check *);

#endif
