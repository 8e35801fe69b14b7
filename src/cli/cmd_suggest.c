/*
 * cmd_suggest.c: the suggest command: the lines to add to the ignore file,
 * each under a comment line that says what it drops, as text to paste,
 * JSON (schema ctxpack-suggest/1), or appended to the file (--write).
 * check and report print the same lines (sug_block).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* What a line drops, as its comment says it. */
const char *
sug_what(const struct ctxpack_suggestion *v)
{
	switch (v->kind) {
	case CTXPACK_SUGGEST_VCS:
		return "version control metadata";
	case CTXPACK_SUGGEST_SECRET:
		return "looks like a secret";
	case CTXPACK_SUGGEST_HEAVY:
		return v->heavy & CTXPACK_HEAVY_DEPS ? "dependencies" :
		    v->heavy & CTXPACK_HEAVY_CACHE ? "caches" : "build output";
	case CTXPACK_SUGGEST_GITIGNORED:
		return "ignored by git";
	case CTXPACK_SUGGEST_UNREAD:
		return "never read by the Dockerfile";
	}
	return "";
}

/* Its kind, as JSON names it. */
static const char *
sug_kind(const struct ctxpack_suggestion *v)
{
	static const char *const k[] = { "vcs", "secret", "heavy",
	    "gitignored", "unread" };

	return k[v->kind];
}

/* The comment line above a line, without its newline. */
void
sug_comment(FILE *f, const struct ctxpack_suggestion *v)
{
	char b1[32], b2[32];

	fprintf(f, "# %s", sug_what(v));
	if (v->git_ignored && v->kind != CTXPACK_SUGGEST_GITIGNORED)
		fputs(", ignored by git", f);
	fputs(": ", f);
	if (v->dirs > 0)
		fprintf(f, "%s director%s, ", fmt_grouped(v->dirs, b1,
		    sizeof(b1)), v->dirs == 1 ? "y" : "ies");
	fprintf(f, "%s file%s, %s", fmt_grouped(v->files, b1, sizeof(b1)),
	    v->files == 1 ? "" : "s", fmt_iec(v->bytes, b2, sizeof(b2)));
	if (v->example != NULL && strcmp(v->example, v->line) != 0) {
		fputs(" (", f);
		fmt_text(f, v->example, strlen(v->example));
		fputs(v->dirs > 1 || (v->dirs == 0 && v->files > 1) ?
		    ", ...)" : ")", f);
	}
}

/* The block to add: each line under its comment. */
void
sug_block(FILE *f, const struct ctxpack_suggestions *s, const char *indent)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		fputs(indent, f);
		sug_comment(f, &s->v[i]);
		fprintf(f, "\n%s%s\n", indent, s->v[i].line);
	}
}

/* The note about a read of the whole context. */
void
sug_whole_note(const struct ctxpack_ctx *ctx, const struct ctxpack_suggestions *s)
{
	const char *df = ctxpack_ctx_dockerfile(ctx);

	if (s->whole_line == 0 && s->other_whole != NULL)
		msg_note("%s reads the whole context and reads the same ignore "
		    "file: nothing is proposed for being unread (give each "
		    "Dockerfile its own <Dockerfile>.dockerignore to allow it)",
		    s->other_whole);
	else if (s->whole_line == 0 && s->other_unknown)
		msg_note("another Dockerfile of the tree reads the same ignore "
		    "file but is not one ctxpack can read: nothing is proposed "
		    "for being unread");
	if (s->whole_line == 0)
		return;
	msg_note("%s:%u: the build reads the whole context (COPY . or a bind "
	    "of it): every byte sent lands in the image; only what an ignore "
	    "file is for is proposed", df ? df : "Dockerfile", s->whole_line);
}

static void
json(const struct ctxpack_suggestions *s, int written)
{
	size_t i;

	printf("{\n  \"schema\": \"ctxpack-suggest/1\",\n  \"file\": ");
	fmt_json_str(stdout, s->file);
	printf(",\n  \"exists\": %s,\n  \"written\": %s,\n",
	    s->file_exists ? "true" : "false", written ? "true" : "false");
	printf("  \"before\": {\"files\": %llu, \"bytes\": %llu},\n",
	    (unsigned long long)s->files_before,
	    (unsigned long long)s->bytes_before);
	printf("  \"after\": {\"files\": %llu, \"bytes\": %llu},\n",
	    (unsigned long long)s->files_after,
	    (unsigned long long)s->bytes_after);
	printf("  \"dockerfile_read\": %s,\n  \"whole_context_line\": ",
	    s->has_build ? "true" : "false");
	if (s->whole_line > 0)
		printf("%u", s->whole_line);
	else
		fputs("null", stdout);
	printf(",\n  \"given_up\": %llu,\n  \"lines\": [",
	    (unsigned long long)s->unsafe);
	for (i = 0; i < s->n; i++) {
		const struct ctxpack_suggestion *v = &s->v[i];

		printf("%s\n    {\"line\": ", i ? "," : "");
		fmt_json_str(stdout, v->line);
		printf(", \"kind\": \"%s\", \"what\": \"%s\", "
		    "\"git_ignored\": %s, \"dirs\": %llu, \"files\": %llu, "
		    "\"bytes\": %llu, \"example\": ", sug_kind(v), sug_what(v),
		    v->git_ignored ? "true" : "false",
		    (unsigned long long)v->dirs, (unsigned long long)v->files,
		    (unsigned long long)v->bytes);
		fmt_json_str(stdout, v->example);
		putchar('}');
	}
	printf(s->n ? "\n  ]\n}\n" : "]\n}\n");
}

/* The block as the file gets it (names escaped as on a terminal). */
static char *
block_text(const struct ctxpack_suggestions *s, size_t *len)
{
	char *buf = NULL;
	FILE *f;

	if ((f = open_memstream(&buf, len)) == NULL)
		return NULL;
	sug_block(f, s, "");
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
cmd_suggest(struct options *o)
{
	struct ctxpack_suggest_opts so;
	struct ctxpack_suggestions *s;
	struct ctxpack_ctx *ctx;
	char b1[32], b2[32];
	int written = 0;

	o->lib.flags |= CTXPACK_F_DOCKERFILE_TRY;
	ctx = cli_open_ctx(o);
	memset(&so, 0, sizeof(so));
	so.top = o->top;
	if (ctxpack_suggest(ctx, &so, &s) != CTXPACK_OK) {
		msg_diag(ctxpack_ctx_error(ctx), NULL);
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	sug_whole_note(ctx, s);
	if (o->write && s->n > 0) {
		size_t len;
		char *text = block_text(s, &len);

		if (text == NULL) {
			msg_error("out of memory");
			goto fail;
		}
		if (ctxpack_suggest_write(ctx, s, text, len) != CTXPACK_OK) {
			free(text);
			msg_diag(ctxpack_ctx_error(ctx), NULL);
			goto fail;
		}
		free(text);
		written = 1;
	}
	if (o->json)
		json(s, written);
	else if (!written)
		sug_block(stdout, s, "");
	if (written && !o->json)
		msg_note("%s: %s %zu line%s: the context %s -> %s", s->file,
		    s->file_exists ? "added" : "created with", s->n,
		    s->n == 1 ? "" : "s", fmt_iec(s->bytes_before, b1,
		    sizeof(b1)), fmt_iec(s->bytes_after, b2, sizeof(b2)));
	ctxpack_suggestions_free(s);
	ctxpack_ctx_free(ctx);
	return msg_rc();
fail:
	ctxpack_suggestions_free(s);
	ctxpack_ctx_free(ctx);
	return EXIT_ERR;
}
