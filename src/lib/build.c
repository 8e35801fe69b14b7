/*
 * build.c: the build a context is for.  With CTXPACK_F_DOCKERFILE (or
 * _TRY) the context reads its Dockerfile with the Dockerfile model
 * (dockerfile.h: parsed and evaluated as BuildKit's frontend does, for the
 * target, the build args and the builder) and can then say what the build
 * reads: each COPY/ADD source and bind mount of the main context, and per
 * path whether it is read.  The walk's CTXPACK_WALK_USED keeps only that
 * (what BuildKit transfers for `docker build DIR`) and the build files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"
#include "dfint.h"
#include "dockerfile.h"

#define MAX_DOCKERFILE	(64 * 1024 * 1024)

/* A Dockerfile problem: an error, or with _TRY a warning and no model. */
static int
build_fail(struct ctxpack_ctx *c, const struct ctxpack_diag *d, int soft)
{
	if (soft) {
		diag_emit(c->opts.diag, c->opts.diag_arg, CTXPACK_LEVEL_WARNING,
		    d->file, d->line, d->col, "%s; what the build reads is not "
		    "known", d->msg);
		return CTXPACK_OK;
	}
	diag_set(&c->err, CTXPACK_LEVEL_ERROR, d->file, d->line, d->col, "%s",
	    d->msg);
	return CTXPACK_FAILED;
}

static int	eval_build(struct ctxpack_ctx *, const char *, const char *,
		    size_t, int);

/* buildah's build file read from the host (B1): PATH, shown as NAME. */
static int
load_host(struct ctxpack_ctx *c, const char *path, const char *name, int soft)
{
	char *buf = NULL;
	size_t len = 0;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) < 0 || ctx_slurp(fd, MAX_DOCKERFILE, &buf,
	    &len) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return ctx_fail(c, name, e, "%s", "can't read the build file");
	}
	close(fd);
	rc = eval_build(c, name, buf, len, soft);
	free(buf);
	return rc;
}

/*
 * fsutil's FollowLinks (followlinks.go), over the transfer patterns: what
 * BuildKit sends for `docker build DIR` is not the patterns themselves but
 * what FollowLinks makes of them.  Each pattern is walked component by
 * component; at a symbolic link (or at a wildcard component, at each link
 * it matches) the link itself is kept and the walk goes on from its
 * target, re-rooted at the context, with the rest of the pattern.  So
 * `COPY link /x/` sends the link and what it leads to, as the build, which
 * reads through it, needs; the classic builder follows such links alike.
 */
#define FOLLOW_DEPTH	255	/* Go has no bound but memory */

struct follow {
	struct ctxpack_ctx	*c;
	char			**res;		/* relative, "." the root */
	size_t			 n, cap;
	struct sbuf		 tg;		/* targets: NUL-separated */
	size_t			 links;		/* links gone through */
	int			 oom;
};

static int
follow_have(const struct follow *f, const char *p)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->res[i], p) == 0)
			return 1;
	return 0;
}

static void
follow_add(struct follow *f, const char *p)
{
	char *d;

	if (follow_have(f, p))
		return;
	if (mem_grow(&f->res, &f->cap, f->n + 1, sizeof(*f->res)) < 0 ||
	    (d = strdup(p)) == NULL) {
		f->oom = 1;
		return;
	}
	f->res[f->n++] = d;
}

/* A link's target as readSymlink gives it: absolute, cleaned. */
static void
follow_target(struct follow *f, const char *p)
{
	char buf[4096], *j, *cl;
	const char *slash = strrchr(p, '/');
	size_t dl = slash != NULL ? (size_t)(slash - p) : 0, jl;
	ssize_t n;

	if ((n = readlinkat(f->c->dirfd, p, buf, sizeof(buf))) <= 0 ||
	    (size_t)n >= sizeof(buf))
		return;		/* not a link, not there: no targets */
	/* filepath.Join("/", filepath.Join(filepath.Dir(p), link)), or
	 * the link alone when it is absolute */
	if ((j = malloc(dl + (size_t)n + 3)) == NULL ||
	    (cl = malloc(dl + (size_t)n + 5)) == NULL) {
		free(j);
		f->oom = 1;
		return;
	}
	jl = 0;
	if (buf[0] != '/') {
		j[jl++] = '/';
		memcpy(j + jl, p, dl);
		jl += dl;
		j[jl++] = '/';
	}
	memcpy(j + jl, buf, (size_t)n);
	jl += (size_t)n;
	jl = go_clean(j, jl, cl);
	sbuf_put(&f->tg, cl, jl + 1);
	free(j);
	free(cl);
}

/*
 * readSymlink(P, allowWildcard): the targets of P, appended to f->tg; a
 * last component with a wildcard reads every link of its directory it
 * matches (filepath.Match).
 */
static void
follow_read(struct follow *f, const char *p, int wild)
{
	const char *slash = strrchr(p, '/'), *base = slash ? slash + 1 : p;
	struct dirent *de;
	struct sbuf q = { 0 };
	DIR *d;
	int fd;

	if (!wild || !df_has_wildcards(base, strlen(base))) {
		follow_target(f, p);
		return;
	}
	if (slash != NULL) {
		sbuf_put(&q, p, (size_t)(slash - p));
		sbuf_putc(&q, '\0');
	}
	if (q.oom) {
		f->oom = 1;
		return;
	}
	fd = openat(f->c->dirfd, q.s != NULL ? q.s : ".", O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		sbuf_free(&q);
		return;		/* no directory there: no targets */
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    df_fpmatch(base, strlen(base), de->d_name,
		    strlen(de->d_name)) != 1)
			continue;
		q.len = 0;
		if (slash != NULL) {
			sbuf_put(&q, p, (size_t)(slash - p));
			sbuf_putc(&q, '/');
		}
		sbuf_put(&q, de->d_name, strlen(de->d_name));
		sbuf_putc(&q, '\0');
		if (q.oom) {
			f->oom = 1;
			break;
		}
		follow_target(f, q.s);
	}
	closedir(d);
	sbuf_free(&q);
}

static void	follow_append(struct follow *, const char *, unsigned);

/* append(filepath.Join(target, rest)) */
static void
follow_join(struct follow *f, const char *t, const char *rest,
    unsigned depth)
{
	struct sbuf j = { 0 };
	char *cl;

	sbuf_put(&j, t, strlen(t));
	if (*rest != '\0') {
		sbuf_putc(&j, '/');
		sbuf_put(&j, rest, strlen(rest));
	}
	if (j.oom || (cl = malloc(j.len + 2)) == NULL) {
		sbuf_free(&j);
		f->oom = 1;
		return;
	}
	go_clean(j.s, j.len, cl);
	sbuf_free(&j);
	follow_append(f, cl[0] == '/' ? cl + 1 : cl, depth + 1);
	free(cl);
}

/* symlinkResolver.append(P), P cleaned ("/x" as "x"). */
static void
follow_append(struct follow *f, const char *p, unsigned depth)
{
	struct sbuf cur = { 0 };
	const char *part, *rest, *t;
	char *tg;
	size_t pl, t0, t1;

	if (depth > FOLLOW_DEPTH)
		return;
	for (;;) {
		if ((rest = strchr(p, '/')) != NULL)
			pl = (size_t)(rest++ - p);
		else {
			pl = strlen(p);
			rest = "";
		}
		part = p;
		/* current = filepath.Join(current, part) */
		if (pl > 0) {
			if (cur.len > 0)
				sbuf_putc(&cur, '/');
			sbuf_put(&cur, part, pl);
		}
		sbuf_putc(&cur, '\0');
		if (cur.oom) {
			f->oom = 1;
			break;
		}
		cur.len--;
		t0 = f->tg.len;
		if (cur.len > 0)
			follow_read(f, cur.s, 1);
		t1 = f->tg.len;
		if (f->tg.oom) {
			f->oom = 1;
			break;
		}
		if ((*rest == '\0' || t1 > t0) &&
		    follow_have(f, cur.len > 0 ? cur.s : ".")) {
			f->tg.len = t0;
			break;
		}
		if (t1 > t0) {
			f->links++;
			follow_add(f, cur.s);
			/* the targets, off f->tg: the calls below grow it */
			if ((tg = malloc(t1 - t0)) == NULL) {
				f->oom = 1;
				break;
			}
			memcpy(tg, f->tg.s + t0, t1 - t0);
			f->tg.len = t0;
			for (t = tg; !f->oom && t < tg + (t1 - t0);
			    t += strlen(t) + 1)
				follow_join(f, t, rest, depth);
			free(tg);
			break;
		}
		if (*rest == '\0') {
			follow_add(f, cur.len > 0 ? cur.s : ".");
			break;
		}
		p = rest;
	}
	sbuf_free(&cur);
}

/* The rule set of the paths F resolved; NULL when out of memory. */
static struct ctxpack_rules *
follow_rules(const struct follow *f)
{
	struct ctxpack_rules *r = ctxpack_rules_new();
	size_t i;

	for (i = 0; r != NULL && i < f->n; i++)
		if (ctxpack_rules_add(r, "FollowPaths", 0, f->res[i],
		    strlen(f->res[i])) == CTXPACK_FATAL) {
			ctxpack_rules_free(r);
			r = NULL;
		}
	return r;
}

/*
 * c->follow: what the transfer sends, when it is not everything.  And
 * whenever a narrower transfer goes through a link, c->follow_narrow:
 * those transfers resolved (the links and what they lead to, which the
 * build reads; suggest must keep them, also under a COPY . of
 * everything).
 */
static int
follow_links(struct ctxpack_ctx *c)
{
	const struct df_xfer *x;
	struct follow f;
	size_t n, i;
	int all = 0, rc = CTXPACK_OK, root;

	n = df_transfers(c->build, &x, &all);
	if (n == 0)
		return CTXPACK_OK;
	memset(&f, 0, sizeof(f));
	f.c = c;
	for (i = 0; i < n && !f.oom; i++)
		if (x[i].path[0] != '\0')
			follow_append(&f, x[i].path, 0);
	root = follow_have(&f, ".");
	if (!f.oom && !all) {
		if (root)
			c->follow_all = 1;
		else if ((c->follow = follow_rules(&f)) == NULL)
			f.oom = 1;
	}
	if (!f.oom && f.links > 0) {
		if (root)
			c->follow_narrow_all = 1;
		else if ((c->follow_narrow = follow_rules(&f)) == NULL)
			f.oom = 1;
	}
	for (i = 0; i < f.n; i++)
		free(f.res[i]);
	free(f.res);
	sbuf_free(&f.tg);
	if (f.oom)
		rc = ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
	return rc;
}

int
ctx_load_build(struct ctxpack_ctx *c)
{
	int soft = !(c->opts.flags & (CTXPACK_F_DOCKERFILE | CTXPACK_F_USED));
	const char *name;
	char *buf = NULL;
	size_t len = 0;
	int fd, rc;

	if (!(c->opts.flags & (CTXPACK_F_DOCKERFILE | CTXPACK_F_DOCKERFILE_TRY |
	    CTXPACK_F_USED)))
		return CTXPACK_OK;
	if (c->opts.builder == CTXPACK_BUILDAH && c->outside_df == NULL &&
	    c->opts.dockerfile != NULL)
		/* B1: -f F from the current directory, else DIR/F (bh_g) */
		return load_host(c, c->bh_df_cwd ? c->opts.dockerfile :
		    c->bh_g, c->opts.dockerfile, soft);
	if (c->dockerfile_rel == NULL) {
		if (soft)
			return CTXPACK_OK;
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
		    "no Dockerfile: what the build reads is not known");
		return CTXPACK_FAILED;
	}
	if (c->outside_df != NULL) {
		buf = c->outside_df;
		len = c->outside_len;
		name = c->opts.dockerfile ? c->opts.dockerfile : "Dockerfile";
	} else {
		name = c->dockerfile_given ? c->dockerfile_given :
		    c->dockerfile_rel;
		if ((fd = openat(c->dirfd, c->dockerfile_rel, O_RDONLY |
		    O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0 ||
		    ctx_slurp(fd, MAX_DOCKERFILE, &buf, &len) < 0) {
			int e = errno;

			if (fd >= 0)
				close(fd);
			return ctx_fail(c, c->dockerfile_rel, e, "%s",
			    "can't read the Dockerfile");
		}
		close(fd);
	}
	rc = eval_build(c, name, buf, len, soft);
	if (buf != c->outside_df)
		free(buf);
	return rc;
}

/* The first instruction with a heredoc, or NULL. */
static const struct df_instr *
heredoc(const struct df_file *df)
{
	size_t i, n = df_ninstrs(df);

	for (i = 0; i < n; i++)
		if (df_instr(df, i)->nheredocs > 0)
			return df_instr(df, i);
	return NULL;
}

/* Parse and evaluate the build file's bytes. */
static int
eval_build(struct ctxpack_ctx *c, const char *name, const char *buf,
    size_t len, int soft)
{
	struct df_buildarg *args = NULL;
	struct df_opts o;
	size_t i;
	int custom = 0;

	c->df = df_parse(name, buf, len, c->opts.diag, c->opts.diag_arg);
	if (c->df == NULL)
		return ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
	if (df_error(c->df) != NULL)
		return build_fail(c, df_error(c->df), soft);
	if (c->opts.builder == CTXPACK_BUILDAH && heredoc(c->df) != NULL) {
		const struct df_instr *in = heredoc(c->df);
		struct ctxpack_diag d;

		memset(&d, 0, sizeof(d));
		d.file = name;
		d.line = in->line;
		d.col = in->col;
		d.msg = "buildah 1.28 reads no heredocs (its parser, "
		    "imagebuilder's, takes <<WORD for a source and the body "
		    "for instructions): ctxpack's model cannot follow it";
		return build_fail(c, &d, soft);
	}
	/* buildah has no frontends: it reads "# syntax=" as a comment */
	if (c->opts.builder != CTXPACK_BUILDAH &&
	    df_syntax(c->df, &custom) != NULL && custom)
		diag_emit(c->opts.diag, c->opts.diag_arg, CTXPACK_LEVEL_WARNING,
		    name, 1, 1, "the Dockerfile asks for the frontend %s: what "
		    "the build reads is ctxpack's guess from Dockerfile syntax",
		    df_syntax(c->df, &custom));
	memset(&o, 0, sizeof(o));
	o.target = c->opts.target;
	o.builder = c->opts.builder;
	if (c->opts.nbuild_args > 0) {
		if ((args = calloc(c->opts.nbuild_args, sizeof(*args))) ==
		    NULL)
			return ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
		for (i = 0; i < c->opts.nbuild_args; i++) {
			args[i].name = c->opts.build_args[i].name;
			args[i].value = c->opts.build_args[i].value;
		}
		o.args = args;
		o.nargs = c->opts.nbuild_args;
	}
	c->build = df_eval(c->df, &o, c->opts.diag, c->opts.diag_arg);
	free(args);
	if (c->build == NULL)
		return ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
	if (df_build_error(c->build) != NULL) {
		int rc = build_fail(c, df_build_error(c->build), soft);

		df_build_free(c->build);
		c->build = NULL;
		return rc;
	}
	return follow_links(c);
}

void
ctx_free_build(struct ctxpack_ctx *c)
{
	df_build_free(c->build);
	df_free(c->df);
	ctxpack_rules_free(c->follow);
	ctxpack_rules_free(c->follow_narrow);
	c->build = NULL;
	c->df = NULL;
	c->follow = NULL;
	c->follow_all = 0;
	c->follow_narrow = NULL;
	c->follow_narrow_all = 0;
}

/* Is REL one of the build files a --used tar must hold? */
static int
build_file(const struct ctxpack_ctx *c, const char *path, size_t len)
{
	const char *f[3];
	size_t i;

	f[0] = c->dockerfile_rel;
	f[1] = c->dockerfile_given;
	/* the classic daemon deletes the build files the shipped ignore
	 * file matches, as it would from the whole context (R26); buildah
	 * build - reads the ignore file in the tar again (bhtar.c) */
	f[2] = c->opts.builder != CTXPACK_BUILDKIT ? c->ignore_rel : NULL;
	for (i = 0; i < 3; i++)
		if (f[i] != NULL && strlen(f[i]) == len &&
		    memcmp(f[i], path, len) == 0)
			return 1;
	return 0;
}

/* Does a directory hold a build file (DIR/...)? */
static int
build_file_below(const struct ctxpack_ctx *c, const char *dir, size_t len)
{
	const char *f[3];
	size_t i;

	f[0] = c->dockerfile_rel;
	f[1] = c->dockerfile_given;
	f[2] = c->opts.builder != CTXPACK_BUILDKIT ? c->ignore_rel : NULL;
	for (i = 0; i < 3; i++)
		if (f[i] != NULL && (len == 0 || (strlen(f[i]) > len &&
		    memcmp(f[i], dir, len) == 0 && f[i][len] == '/')))
			return 1;
	return 0;
}

int
ctx_used(const struct ctxpack_ctx *c, const char *path, size_t len,
    int isdir)
{
	int u;

	if (c->build == NULL)
		return CTXPACK_READ_YES;
	if (build_file(c, path, len) || c->follow_all)
		return CTXPACK_READ_YES;
	if ((u = c->follow != NULL ? df_xfer_m_match(c->follow, path, len,
	    isdir) : df_transfer_match(c->build, path, len, isdir)) < 0)
		return -1;
	if (u == DF_READ)
		return CTXPACK_READ_YES;
	if (u == DF_PARENT || (isdir && build_file_below(c, path, len)))
		return CTXPACK_READ_PARENT;
	return CTXPACK_READ_NO;
}

/*
 * Is PATH a link a narrower-than-everything transfer goes through, or
 * what it leads to (the build reads through it)?  1, 0, -1: a match
 * limit.
 */
int
ctx_follow_keeps(const struct ctxpack_ctx *c, const char *path, size_t len,
    int isdir)
{
	int u;

	if (c->follow_narrow_all)
		return 1;
	if (c->follow_narrow == NULL)
		return 0;
	if ((u = df_xfer_m_match(c->follow_narrow, path, len, isdir)) < 0)
		return -1;
	return u != DF_NO;
}

int
ctxpack_ctx_has_build(const struct ctxpack_ctx *c)
{
	return c->build != NULL;
}

/* The reads of the main context, in dispatch order (index i of them). */
static const struct df_read *
context_read(const struct ctxpack_ctx *c, size_t i, size_t *dfi)
{
	size_t k, n = c->build ? df_nreads(c->build) : 0, seen = 0;

	for (k = 0; k < n; k++) {
		const struct df_read *r = df_read(c->build, k);

		if (r->origin != DF_FROM_CONTEXT)
			continue;
		if (seen++ == i) {
			if (dfi != NULL)
				*dfi = k;
			return r;
		}
	}
	return NULL;
}

size_t
ctxpack_build_nreads(const struct ctxpack_ctx *c)
{
	size_t k, n = c->build ? df_nreads(c->build) : 0, m = 0;

	for (k = 0; k < n; k++)
		if (df_read(c->build, k)->origin == DF_FROM_CONTEXT)
			m++;
	return m;
}

int
ctxpack_build_read(const struct ctxpack_ctx *c, size_t i,
    struct ctxpack_read *out)
{
	const struct df_read *r = context_read(c, i, NULL);
	const struct df_stage *st;

	if (r == NULL)
		return CTXPACK_FAILED;
	memset(out, 0, sizeof(*out));
	out->kind = r->kind == DF_KIND_ADD ? CTXPACK_READ_ADD :
	    r->kind == DF_KIND_COPY ? CTXPACK_READ_COPY : CTXPACK_READ_BIND;
	out->line = r->line;
	out->source = r->expanded ? r->expanded : r->source;
	out->path = r->path;
	out->whole = r->whole;
	out->wildcard = r->wildcard || r->parents;
	out->onbuild = r->onbuild;
	st = df_stage(c->build, r->stage);
	out->stage = st != NULL ? st->name : "";
	out->dockerfile = c->dockerfile_given ? c->dockerfile_given :
	    c->dockerfile_rel;
	return CTXPACK_OK;
}

int
ctxpack_build_match(const struct ctxpack_ctx *c, const char *path, size_t len,
    int isdir, size_t *read)
{
	size_t k, n, dfi, m = 0;
	int v;

	if (c->build == NULL)
		return CTXPACK_READ_NO;
	if ((v = df_match(c->build, path, len, isdir, &dfi)) < 0)
		return -1;
	if (v == DF_NO)
		return CTXPACK_READ_NO;
	if (read != NULL) {
		/* the index among the context's reads */
		n = df_nreads(c->build);
		for (k = 0; k < n && k < dfi; k++)
			if (df_read(c->build, k)->origin == DF_FROM_CONTEXT)
				m++;
		*read = m;
	}
	return v == DF_READ ? CTXPACK_READ_YES : CTXPACK_READ_PARENT;
}

int
ctxpack_build_read_match(const struct ctxpack_ctx *c, size_t i,
    const char *path, size_t len, int isdir)
{
	size_t dfi;
	int v;

	if (context_read(c, i, &dfi) == NULL)
		return CTXPACK_READ_NO;
	if ((v = df_read_match(c->build, dfi, path, len, isdir)) < 0)
		return -1;
	return v == DF_READ ? CTXPACK_READ_YES : v == DF_PARENT ?
	    CTXPACK_READ_PARENT : CTXPACK_READ_NO;
}

/*
 * buildah's COPY follows a symbolic link it is given as a source (named,
 * or matched by a wildcard) or meets on the way to one; a link below a
 * directory it copies stays a link.  The model matches names and follows
 * no link: 1 when a read narrower than the whole context names the link
 * PATH or goes through it, 0 if none, -1 a match limit.
 */
int
ctx_used_link(const struct ctxpack_ctx *c, const char *path, size_t len)
{
	size_t i, n = ctxpack_build_nreads(c), pl;
	struct ctxpack_read rd;
	int v, up;

	for (pl = len; pl > 0 && path[pl - 1] != '/'; pl--)
		;
	pl = pl > 0 ? pl - 1 : 0;
	for (i = 0; i < n; i++) {
		if (ctxpack_build_read(c, i, &rd) != CTXPACK_OK || rd.whole)
			continue;
		if ((v = ctxpack_build_read_match(c, i, path, len, 0)) < 0)
			return -1;
		if (v == CTXPACK_READ_PARENT)
			return 1;
		if (v != CTXPACK_READ_YES)
			continue;
		if (pl == 0)
			return 1;
		if ((up = ctxpack_build_read_match(c, i, path, pl, 1)) < 0)
			return -1;
		if (up != CTXPACK_READ_YES)
			return 1;
	}
	return 0;
}

/*
 * buildah's COPY has no context transfer: its copier starts at the
 * source and judges what it meets there by the rules (B9), so a source
 * below a directory that the whole-context walk prunes (excluded, and
 * no exception opens it, B10) is still read.  A tar of the walk lacks
 * it.  The first such read's source, or NULL.
 */
const char *
ctx_bh_pruned_read(const struct ctxpack_ctx *c)
{
	size_t i, n = ctxpack_build_nreads(c), k, start;
	struct ctxpack_read rd;
	const char *p;
	long rule;

	for (i = 0; i < n; i++) {
		if (ctxpack_build_read(c, i, &rd) != CTXPACK_OK || rd.whole ||
		    rd.path == NULL)
			continue;
		for (p = rd.path; *p == '/'; p++)
			;
		for (k = 0, start = 0; p[k] != '\0'; k++) {
			if (p[k] != '/')
				continue;
			if (df_has_wildcards(p + start, k - start))
				break;
			if (k > 0 && bh_match(c->rules, p, k, &rule) == 1 &&
			    !bh_enters(c->rules, p, k, NULL))
				return rd.source;
			start = k + 1;
		}
	}
	return NULL;
}
