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

		if (d != NULL)
			msg_diag(d, NULL);
		else
			msg_error("out of memory");
		ctxpack_ctx_free(ctx);
		exit(msg_finish(EXIT_ERR));
	}
	return ctx;
}
