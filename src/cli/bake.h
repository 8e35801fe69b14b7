/*
 * bake.h: what `docker buildx bake` builds from the bake files of one
 * directory (docker-bake.json, docker-bake.hcl and their .override
 * variants, merged in that order): every target, resolved with its
 * inherits and variables (environment overrides included), as bake does.
 * Only the attributes audit needs are evaluated: context, dockerfile,
 * dockerfile-inline, contexts and inherits.
 */
#ifndef BAKE_H
#define BAKE_H

#include <stddef.h>
#include <stdio.h>

#include "hcl.h"

struct bake_target {
	const char	 *name;
	const char	 *file;		/* the file of its first block */
	unsigned	  line, col;
	/* after bake's defaults: context ".", dockerfile "Dockerfile" */
	const char	 *context;
	const char	 *dockerfile;
	const char	 *inline_df;	/* dockerfile-inline, or NULL */
	size_t		  ncontexts;	/* named contexts, sorted by name */
	const char	**ckey;
	const char	**cval;
	int		  failed;	/* not resolved: err says why */
	struct herr	  err;
};

struct bake_result {
	struct bake_target	*t;	/* sorted by name */
	size_t			 n;
	int			 failed;	/* a file did not parse */
	struct herr		 err;
};

/* The default file names, in the order bake reads them. */
extern const char *const bake_files[];

/*
 * Read FILES (paths; .json ones as JSON) and resolve every target.
 * Returns -1 only when a file cannot be read or parsed (res->err).
 */
int	bake_read(struct arena *, const char *const *files, size_t nfiles,
	    struct bake_result *res);

/* The normalized JSON the oracle prints too (test driver). */
void	bake_dump(const struct bake_result *, FILE *);

#endif
