/*
 * open.c: open the context the options select, for every command.
 */
#include <stdlib.h>

#include "cli.h"

struct ctxpack_ctx *
cli_open_ctx(struct options *o)
{
	struct ctxpack_ctx *ctx;

	if (ctxpack_ctx_open(o->dir, &o->lib, &ctx) != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctx ? ctxpack_ctx_error(ctx) :
		    NULL;
		const struct ctxpack_rules *r = ctx ? ctxpack_ctx_rules(ctx) :
		    NULL;
		size_t i, n = r ? ctxpack_rules_error_count(r) : 0;

		/* every bad line of the ignore file, or why the open failed */
		if (n > 0 && d != NULL && d->line > 0)
			for (i = 0; i < n; i++)
				msg_diag(ctxpack_rules_error_at(r, i), NULL);
		else if (d != NULL)
			msg_diag(d, NULL);
		else
			msg_error("out of memory");
		ctxpack_ctx_free(ctx);
		exit(msg_finish(EXIT_ERR));
	}
	return ctx;
}
