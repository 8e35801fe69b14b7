/*
 * sarif.h: lint findings as a SARIF 2.1.0 log (OASIS), the format GitHub
 * code scanning reads.  Findings are kept until the end, since the log
 * names its rules before its results.
 */
#ifndef SARIF_H
#define SARIF_H

#include <stdio.h>

#include "ctxpack.h"

struct sarif;

struct sarif	*sarif_new(void);
/* Copy one finding; -1 when out of memory. */
int		 sarif_add(struct sarif *, const struct ctxpack_finding *);
/*
 * The whole log.  DIR is the context as given, so that paths in it
 * become URIs relative to the working directory; ok is 0 when lint
 * could not finish (the invocation says so).
 */
void		 sarif_write(FILE *, const struct sarif *, const char *dir,
		    int ok);
void		 sarif_free(struct sarif *);

#endif
