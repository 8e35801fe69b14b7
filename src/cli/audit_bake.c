/*
 * audit_bake.c: the rows of a directory's bake files.  Paths resolve as
 * buildx's toBuildOpt resolves them, against the directory bake runs in
 * (the bake files' own): the context cleaned ("cwd://" dropped), the
 * Dockerfile relative to the context unless absolute or "cwd://", named
 * contexts relative to that directory.  A target beyond what audit
 * evaluates is warned about (file:line:col) and listed as skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "bake.h"

static const char *
nocwd(const char *s)
{
	return strncmp(s, "cwd://", 6) == 0 ? s + 6 : s;
}

static int
target_rows(struct rows *rs, const char *dir, const struct bake_target *t)
{
	char *src = NULL, *ctx = NULL, *df = NULL;
	const char *file = t->file;
	struct row *r;
	size_t i;
	int rc = -1;

	if (asprintf(&src, "%s: target %s", file, t->name) < 0)
		return -1;
	if (t->failed) {
		struct ctxpack_diag d;
		char m[400];

		memset(&d, 0, sizeof(d));
		d.level = CTXPACK_LEVEL_WARNING;
		d.file = t->err.file ? t->err.file : file;
		d.line = t->err.line;
		d.col = t->err.col;
		snprintf(m, sizeof(m), "bake target %s skipped: %s", t->name,
		    t->err.msg);
		d.msg = m;
		msg_diag(&d, NULL);
		r = rows_add(rs, "-", NULL, src, t->err.unsupported ?
		    "beyond what audit evaluates" : "bake cannot resolve it");
		free(src);
		return r ? 0 : -1;
	}
	if (is_remote(t->context) && strncmp(t->context, "cwd://", 6) != 0) {
		r = rows_add(rs, t->context, NULL, src, "remote context");
		free(src);
		return r ? 0 : -1;
	}
	if ((ctx = path_join(dir, nocwd(t->context))) == NULL)
		goto out;
	if (t->inline_df == NULL) {
		if (strncmp(t->dockerfile, "cwd://", 6) == 0)
			df = path_join(dir, t->dockerfile + 6);
		else
			df = path_join(ctx, t->dockerfile);
		if (df == NULL)
			goto out;
	}
	if ((r = rows_add(rs, ctx, df, src, NULL)) == NULL)
		goto out;
	if (t->inline_df != NULL && row_note(r, "%s: target %s: "
	    "dockerfile-inline: no Dockerfile file to read", file,
	    t->name) < 0)
		goto out;
	for (i = 0; i < t->ncontexts; i++) {
		const char *v = t->cval[i];
		char *p, *s2;
		struct row *a;

		if (strncmp(v, "target:", 7) == 0)
			continue;	/* another target, listed on its own */
		if (strncmp(v, "cwd://", 6) != 0 && (is_remote(v) ||
		    strncmp(v, "docker-image:", 13) == 0)) {
			if (row_note(r, "%s: target %s: named context %s = %s: "
			    "%s, skipped", file, t->name, t->ckey[i], v,
			    strncmp(v, "docker-image:", 13) == 0 ? "an image" :
			    "not a local directory") < 0)
				goto out;
			continue;
		}
		if ((p = path_join(dir, nocwd(v))) == NULL)
			goto out;
		if (asprintf(&s2, "%s: target %s (named context %s)", file,
		    t->name, t->ckey[i]) < 0) {
			free(p);
			goto out;
		}
		a = rows_add(rs, p, NULL, s2, NULL);
		free(p);
		free(s2);
		if (a == NULL)
			goto out;
	}
	rc = 0;
out:
	free(src);
	free(ctx);
	free(df);
	return rc;
}

int
bake_rows(struct rows *rs, const char *dir, const char *const *files,
    size_t nfiles)
{
	struct arena *a = arena_new();
	struct bake_result res;
	size_t i;
	int rc = 0;

	if (bake_read(a, files, nfiles, &res) < 0) {
		struct ctxpack_diag d;
		char m[400];

		memset(&d, 0, sizeof(d));
		d.level = CTXPACK_LEVEL_WARNING;
		d.file = res.err.file;
		d.line = res.err.line;
		d.col = res.err.col;
		snprintf(m, sizeof(m), "bake: %s", res.err.msg);
		d.msg = m;
		msg_diag(&d, NULL);
		arena_free(a);
		return 0;
	}
	for (i = 0; i < res.n && rc == 0; i++)
		rc = target_rows(rs, dir, &res.t[i]);
	arena_free(a);
	return rc;
}
