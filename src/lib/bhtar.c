/*
 * bhtar.c: a tar for `buildah build -` (and `podman build -`).  buildah
 * extracts such a tar into a directory and builds that like any context:
 * it looks for the build file and the ignore file there again (B1, B2)
 * and filters a second time.  The tar holds what `buildah build DIR`
 * copies (the walk: B9-B14), so the second pass must change nothing.
 *
 * It does not when it reads the same rules: a verdict depends on the
 * path alone (B9) and the descent on the directory's path alone (B10),
 * so what passed once passes again, and the directories buildah created
 * are created again.  It reads no rules at all: everything stays, and
 * the created directories come as entries with mode 0755 and owner 0.
 * Otherwise (an ignore file that excludes itself while a later one in
 * B2's order is sent, one outside the context, a build file the rules
 * exclude, which the second pass must still find) the tar gets an ignore
 * file of its
 * own at the first name the second pass looks at: the rules used, then
 * one exact line for itself and for each extra file, so that they are
 * read but not copied.  When even that cannot work (the first name is a
 * file the tar must carry), packing fails, saying why.
 *
 * The second pass is `buildah build [-f F] [--ignorefile P] -` run in
 * the same directory with the same -f and --ignore-file: a relative F is
 * found from there (as the first pass found it) or in the extracted tar,
 * and its <F>.dockerignore is looked up in the tar; P is read again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define MAX_HOPS	40

/* The files of the context one name leads to, links followed. */
struct chain {
	char		*hop[MAX_HOPS + 1];	/* context paths read */
	int		 in[MAX_HOPS + 1];	/* each is in the tar */
	size_t		 n;
	struct stat	 st;			/* the file it stands for */
	int		 host;			/* an absolute link: a host
						   file, the same both times */
};

static void
chain_free(struct chain *ch)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		free(ch->hop[i]);
	ch->n = 0;
}

/* Is the context's file REL in the tar (the walk sends it)? */
static int
in_tar(struct ctxpack_ctx *c, const char *rel)
{
	struct ctxpack_why w;

	if (bh_lazy(c->rules) >= 0)
		return 0;	/* then only an empty context builds */
	if (ctxpack_why(c, rel, strlen(rel), &w, NULL, NULL) != CTXPACK_OK)
		return -1;
	return !w.excluded;
}

/*
 * Follow NAME (context-relative) as the second pass would, in the
 * extracted tar: 1 it leads to a file (ch->st), 0 nothing, -1 it cannot
 * be told (a link out of the context, a linked directory on the way, a
 * loop; *why says which).
 */
static int
follow(struct ctxpack_ctx *c, const char *name, struct chain *ch,
    const char **why)
{
	char *cur = strdup(name), *t, link[PATH_MAX + 1];
	struct stat st;
	ssize_t n;
	size_t k, len;
	int rc = -1;

	memset(ch, 0, sizeof(*ch));
	*why = "out of memory";
	while (cur != NULL) {
		len = strlen(cur);
		if (cur[0] == '/' || (len >= 2 && cur[0] == '.' &&
		    cur[1] == '.' && (len == 2 || cur[2] == '/'))) {
			*why = "a symbolic link leads out of the context";
			break;
		}
		/* no linked directory on the way */
		for (k = 1; k < len; k++) {
			if (cur[k] != '/')
				continue;
			cur[k] = '\0';
			if (fstatat(c->dirfd, cur, &st, AT_SYMLINK_NOFOLLOW) <
			    0 || !S_ISDIR(st.st_mode)) {
				cur[k] = '/';
				rc = errno == ENOENT || errno == ENOTDIR ||
				    S_ISREG(st.st_mode) ? 0 : -1;
				*why = "a symbolic link to a directory is on the "
				    "way";
				goto out;
			}
			cur[k] = '/';
		}
		if (fstatat(c->dirfd, cur, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
			*why = "it can not be read";
			break;
		}
		if (ch->n == MAX_HOPS) {
			*why = "too many symbolic links";
			break;
		}
		ch->hop[ch->n] = cur;
		if ((ch->in[ch->n] = in_tar(c, cur)) < 0) {
			ch->n++;
			cur = NULL;
			*why = "a pattern hit a match limit";
			break;
		}
		ch->n++;
		if (!S_ISLNK(st.st_mode)) {
			ch->st = st;
			cur = NULL;
			rc = 1;
			break;
		}
		if ((n = readlinkat(c->dirfd, cur, link, PATH_MAX)) < 0) {
			cur = NULL;
			*why = "a symbolic link can not be read";
			break;
		}
		link[n] = '\0';
		if (link[0] == '/') {
			/* a host path: the same file both times */
			ch->host = 1;
			rc = stat(link, &ch->st) == 0;
			cur = NULL;
			break;
		}
		t = strrchr(cur, '/');
		k = t ? (size_t)(t - cur) + 1 : 0;
		if ((t = malloc(k + (size_t)n + 2)) == NULL) {
			cur = NULL;
			break;
		}
		memcpy(t, cur, k);
		memcpy(t + k, link, (size_t)n + 1);
		go_clean(t, strlen(t), t);
		cur = t;
	}
out:
	if (cur != NULL && (ch->n == 0 || ch->hop[ch->n - 1] != cur))
		free(cur);
	return rc;
}

/* Does the second pass find NAME? 1 yes (the chain in the tar), 0 no. */
static int
present(const struct chain *ch, int rc)
{
	size_t i;

	if (rc != 1)
		return 0;
	for (i = 0; i < ch->n; i++)
		if (!ch->in[i])
			return 0;
	return 1;
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static int
fail(struct ctxpack_ctx *c, const char *what, const char *name,
    const char *why)
{
	return ctx_fail(c, NULL, 0, "pack for buildah build -: %s%s%s%s%s",
	    what, name ? " " : "", name ? name : "", why ? ": " : "",
	    why ? why : "");
}

/* Add the build file's chain members the tar lacks to X (owned). */
static int
need(struct ctxpack_ctx *c, const char *bf, char ***xp, size_t *nx)
{
	struct chain ch;
	const char *why;
	size_t i;
	int rc;

	if ((rc = follow(c, bf, &ch, &why)) < 0) {
		chain_free(&ch);
		return fail(c, "the build file", bf, why);
	}
	for (i = 0; i < ch.n && rc == 1; i++) {
		char **n;

		if (ch.in[i])
			continue;
		if ((n = realloc(*xp, (*nx + 1) * sizeof(*n))) == NULL)
			break;
		*xp = n;
		n[(*nx)++] = ch.hop[i];
		ch.hop[i] = NULL;
	}
	for (i = 0; i < ch.n; i++)
		free(ch.hop[i]);
	if (rc == 0)
		return fail(c, "the build file", bf, "not found");
	return i == ch.n ? CTXPACK_OK : ctx_fail(c, NULL, ENOMEM, "%s",
	    "out of memory");
}

int
bh_plan(struct ctxpack_ctx *c)
{
	static const char *const suffix[2] = { ".dockerignore",
	    ".containerignore" };
	static const char *const root[2] = { ".containerignore",
	    ".dockerignore" };
	const char *df = c->opts.dockerfile, *why, *x2 = NULL;
	char *g2 = NULL, *names[4] = { NULL, NULL, NULL, NULL }, **xs = NULL;
	char *bf = NULL;
	struct sbuf b = { 0 };
	struct stat st1, hst;
	struct chain ch;
	size_t nx = 0, nn = 0, i;
	int rc = CTXPACK_OK, k, have1 = 0, x2host = 0, same = 0;

	if (c->bh_planned || c->bh_g == NULL)
		return CTXPACK_OK;	/* once; not for ignore_text contexts */
	c->bh_planned = 1;
	if (c->df_stdin)
		return fail(c, "the build file comes from standard input, "
		    "and buildah build - reads the context from there", NULL,
		    NULL);
	/* pass 1's file: what the rules came from */
	if (c->ignore_path != NULL)
		have1 = stat(c->ignore_path, &st1) == 0;
	/* G2: the build file as the second pass names it */
	if (df == NULL) {
		if ((g2 = strdup(c->dockerfile_rel)) == NULL)
			goto nomem;
	} else if (df[0] != '/') {
		size_t n = strlen(df);

		if ((g2 = malloc(n + 2)) == NULL)
			goto nomem;
		go_clean(df, n, g2);
		if (strcmp(g2, "..") == 0 || strncmp(g2, "../", 3) == 0) {
			free(g2);
			g2 = NULL;	/* outside the tar */
		}
	}
	if ((df == NULL || (!c->bh_df_cwd && df[0] != '/')) &&
	    c->dockerfile_rel != NULL && (bf = strdup(c->dockerfile_rel)) ==
	    NULL)
		goto nomem;
	/* what the second pass reads: per-file names, then the root's */
	if (df != NULL && df[0] == '/') {
		for (k = 0; k < 2 && x2 == NULL; k++) {
			sbuf_free(&b);
			sbuf_put(&b, c->bh_g, strlen(c->bh_g));
			sbuf_put(&b, suffix[k], strlen(suffix[k]));
			if (b.oom)
				goto nomem;
			if (stat(b.s, &hst) == 0) {
				x2 = "the ignore file beside the build file";
				x2host = 1;
				same = have1 && same_file(&hst, &st1);
			}
		}
		sbuf_free(&b);
	}
	for (k = 0; k < 2 && g2 != NULL; k++) {
		size_t n = strlen(g2) + strlen(suffix[k]) + 1;

		if ((names[nn] = malloc(n)) == NULL)
			goto nomem;
		snprintf(names[nn++], n, "%s%s", g2, suffix[k]);
	}
	for (k = 0; k < 2; k++)
		if ((names[nn++] = strdup(root[k])) == NULL)
			goto nomem;
	for (i = 0; i < nn && x2 == NULL; i++) {
		int r = follow(c, names[i], &ch, &why);

		if (r < 0) {
			/* buildah looks for it from its own directory */
			chain_free(&ch);
			if (i == 0) {
				rc = fail(c, names[i], NULL, why);
				goto out;
			}
			x2 = names[i];
			break;
		}
		if (present(&ch, r)) {
			x2 = names[i];
			same = have1 && same_file(&ch.st, &st1);
		}
		chain_free(&ch);
	}
	/* --ignore-file P: buildah build --ignorefile P - reads P again */
	if (c->bh_ignore_kind == BH_IGN_OPTION) {
		x2 = c->opts.ignore_file;
		same = 1;
	}
	/* the build file the second pass must find in the tar */
	if (bf != NULL && (rc = need(c, bf, &xs, &nx)) != CTXPACK_OK)
		goto out;
	if ((x2 == NULL && nx == 0) || same) {
		for (i = 0; i < nx; i++)
			if ((rc = ctx_add_extra(c, xs[i], NULL, 0, 1)) !=
			    CTXPACK_OK)
				goto out;
		goto out;
	}
	/* an ignore file of the tar's own, at the first name looked at */
	if (x2host) {
		rc = fail(c, "buildah build - would read", c->bh_g, "its "
		    "<build file>.dockerignore instead of the rules used here");
		goto out;
	}
	if (x2 == names[0]) {
		rc = fail(c, "buildah build - would read", x2, "it is in the "
		    "context, and it is not where the rules used here came "
		    "from (pass the same --ignorefile to buildah, or leave "
		    "--ignore-file out)");
		goto out;
	}
	if (c->ignore_text != NULL && bh_lazy(c->rules) < 0) {
		sbuf_put(&b, c->ignore_text, c->ignore_len);
		if (c->ignore_len > 0 && c->ignore_text[c->ignore_len - 1] !=
		    '\n')
			sbuf_putc(&b, '\n');
	}
	for (i = 0; i <= nx; i++) {
		const char *p = i == 0 ? names[0] : xs[i - 1];
		char *l = bh_line("", p, strlen(p));

		if (l == NULL) {
			rc = fail(c, "no ignore line can name", p, "it is not "
			    "UTF-8");
			goto out;
		}
		sbuf_put(&b, l, strlen(l));
		sbuf_putc(&b, '\n');
		free(l);
	}
	if (b.oom)
		goto nomem;
	c->bh_tar_ignore = b.s;
	b.s = NULL;
	if ((rc = ctx_add_extra(c, names[0], c->bh_tar_ignore,
	    strlen(c->bh_tar_ignore), 1)) != CTXPACK_OK)
		goto out;
	for (i = 0; i < nx; i++)
		if ((rc = ctx_add_extra(c, xs[i], NULL, 0, 1)) != CTXPACK_OK)
			goto out;
	goto out;
nomem:
	rc = ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
out:
	sbuf_free(&b);
	for (i = 0; i < nn; i++)
		free(names[i]);
	for (i = 0; i < nx; i++)
		free(xs[i]);
	free(xs);
	free(g2);
	free(bf);
	return rc;
}
