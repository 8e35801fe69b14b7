/*
 * cmd_digest.c: the digest command: the context's xxh3-128 in hex, or one
 * per top-level entry (--per-dir, or --json for both).
 */
#include <stdio.h>

#include "cli.h"
#include "progress.h"

static void
hex(const unsigned char d[16])
{
	int i;

	for (i = 0; i < 16; i++)
		printf("%02x", d[i]);
}

struct pd {
	int	json;
	int	n;
};

static void
one(const char *name, const unsigned char d[16], void *arg)
{
	struct pd *p = arg;
	if (p->json) {
		printf("%s\n    {\"name\": ", p->n++ ? "," : "");
		fmt_json_str(stdout, name);
		printf(", \"digest\": \"");
		hex(d);
		printf("\"}");
		return;
	}
	hex(d);
	fputs("  ", stdout);
	fmt_names(stdout, name);
	putchar('\n');
}

int
cmd_digest(struct options *o)
{
	struct ctxpack_ctx *ctx = cli_open_ctx(o);
	unsigned char d[16];
	struct pd p = { o->json, 0 };
	struct progress prog;
	int rc;

	progress_start(&prog, o->quiet);
	o->tar.progress = progress_cb;
	o->tar.progress_arg = &prog;
	rc = ctxpack_digest(ctx, &o->tar, d);
	progress_end(&prog);
	if (rc == CTXPACK_FATAL)
		goto fail;
	if (o->json) {
		printf("{\n  \"schema\": \"ctxpack-digest/1\",\n  \"digest\": \"");
		hex(d);
		printf("\",\n  \"entries\": [");
	} else if (!o->per_dir) {
		hex(d);
		putchar('\n');
	}
	if (o->json || o->per_dir) {
		progress_start(&prog, o->quiet);
		rc = ctxpack_digest_per_dir(ctx, &o->tar, one, &p);
		progress_end(&prog);
		if (rc == CTXPACK_FATAL)
			goto fail;
	}
	if (o->json)
		printf(p.n ? "\n  ]\n}\n" : "]\n}\n");
	ctxpack_ctx_free(ctx);
	return msg_rc();
fail:
	msg_diag(ctxpack_ctx_error(ctx), NULL);
	ctxpack_ctx_free(ctx);
	return EXIT_ERR;
}
