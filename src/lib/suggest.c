/*
 * suggest.c: the lines to add to an ignore file, and only safe ones.
 *
 * Three walks of the tree, sharing one listing cache so the tree is read
 * once: what git ignores (a context of no rules but the .gitignore files);
 * the context itself, to find candidates (VCS metadata, secrets, heavy
 * directories by name, what git ignores, what the build never reads) and
 * what no line may drop (what a read narrower than the whole context
 * names, the build files, what an exception of the file keeps); then the
 * check: the file as it is and the file with the lines, walked side by
 * side through the context's own builder, so each line's counts are what
 * it really drops and a line that drops anything it was not made for is
 * split into narrower lines or given up.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define SUG_HEAVY	(CTXPACK_HEAVY_DEPS | CTXPACK_HEAVY_CACHE | \
			 CTXPACK_HEAVY_OUTPUT)

/* A set of paths, sorted once filled. */
struct pset {
	char	**v;
	size_t	 n, cap;
};

/* A line to propose, and what it is made for. */
struct line {
	enum ctxpack_suggest_kind kind;
	unsigned	 heavy;		/* HEAVY: the kind of its name */
	int		 git;		/* every instance git-ignored */
	char		*name;		/* by name (**\/NAME), else NULL */
	struct pset	 inst;		/* the paths it may drop (and below) */
	char		*text;		/* the pattern line */
	uint64_t	 weight;	/* bytes below its instances */
	int		 bad;		/* dropped what it may not */
	uint64_t	 dirs, files, bytes;
	char		*example;
};

/* Directories and files met by a name of the heavy list. */
struct name {
	char		*name;
	unsigned	 kind;
	struct pset	 inst;
	uint64_t	 weight;
	int		 git;		/* every instance git-ignored */
	int		 mixed;		/* also met where no line may drop it */
};

/* A directory open on the walk's path. */
struct frame {
	size_t		 pathlen;
	size_t		 nameoff;
	uint64_t	 files, bytes;
	int		 prot;		/* something below must stay */
	int		 keep;		/* an exception keeps something below */
	int		 git;		/* git ignores it */
	int		 noread;	/* no narrow read reaches below it */
	int		 unread;	/* the build reads nothing below it */
	int		 self_prot;	/* the directory itself must stay */
};

/* A build whose reads must stay: ours, or another Dockerfile's. */
struct bref {
	struct ctxpack_ctx	*c;
	size_t			*narrow;	/* its reads narrower than all */
	size_t			 n;
	unsigned		 whole;		/* line of a read of all, or 0 */
};

struct sug {
	struct ctxpack_ctx	*c;
	struct bref		*b;		/* b[0] is ours */
	size_t			 nb, bcap;
	struct pset		 dockerfiles;	/* others of the tree */
	int			 other_whole;	/* another one reads all */
	int			 other_unknown;	/* another one cannot be read */
	char			*other_name;	/* the first that reads all */
	struct ctxpack_cache	*cache;
	struct pset		 gitset;	/* what git ignores, topmost */
	int			 has_gitignore;
	unsigned		 whole_line;
	struct line		*lines;
	size_t			 nlines, lcap;
	struct name		*names;
	size_t			 nnames, ncap;
	struct frame		*fr;
	size_t			 depth, fcap;
	char			*path;
	size_t			 pcap;
	uint64_t		 unsafe;
	uint64_t		 before_files, before_bytes;
	uint64_t		 after_files, after_bytes;
};

/* ---------------------------------------------------------------- sets */

static int
pset_add(struct pset *s, const char *p, size_t len)
{
	char *d;

	if (mem_grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v)) < 0 ||
	    (d = strndup(p, len)) == NULL)
		return -1;
	s->v[s->n++] = d;
	return 0;
}

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
pset_sort(struct pset *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), strpcmp);
}

static void
pset_free(struct pset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Is P (LEN bytes) in the sorted set? */
static int
pset_has(const struct pset *s, const char *p, size_t len)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *v = s->v[mid];
		int d = strncmp(v, p, len);

		if (d == 0)
			d = v[len] == '\0' ? 0 : 1;
		if (d == 0)
			return 1;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Is P, or a directory above it, in the sorted set? */
static int
pset_covers(const struct pset *s, const char *p, size_t len)
{
	size_t i;

	for (i = 1; i <= len; i++)
		if ((i == len || p[i] == '/') && pset_has(s, p, i))
			return 1;
	return 0;
}

/* --------------------------------------------------------- what stays */

/* A build file of one context: its Dockerfile as named and as found,
 * its ignore file. */
static int
ctx_build_file(const struct ctxpack_ctx *c, const char *p, size_t len)
{
	const char *f[3] = { c->dockerfile_rel, c->dockerfile_given,
	    c->ignore_rel };
	size_t i;

	for (i = 0; i < 3; i++)
		if (f[i] != NULL && strlen(f[i]) == len &&
		    memcmp(f[i], p, len) == 0)
			return 1;
	/* BuildKit's <Dockerfile>.dockerignore beside it (H2) */
	return c->ignore_per_df && f[1] != NULL && len == strlen(f[1]) + 13 &&
	    memcmp(p, f[1], len - 13) == 0 &&
	    memcmp(p + len - 13, ".dockerignore", 13) == 0;
}

/* A build file of ours or of another Dockerfile sharing the file. */
static int
build_file_of(const struct sug *s, const char *p, size_t len)
{
	size_t i;

	if (ctx_build_file(s->c, p, len))
		return 1;
	for (i = 1; i < s->nb; i++)
		if (ctx_build_file(s->b[i].c, p, len))
			return 1;
	return 0;
}

/*
 * Must P stay in the context: a build file, or what a read narrower than
 * the whole context takes (a directory on the way to one too)?  -1: a
 * match limit.
 */
static int
must_stay(struct sug *s, const char *p, size_t len, int isdir)
{
	size_t i, k;
	int v;

	if (build_file_of(s, p, len))
		return 1;
	for (k = 0; k < s->nb; k++) {
		/* a link a narrow read goes through, and its target */
		if ((v = ctx_follow_keeps(s->b[k].c, p, len, isdir)) != 0)
			return v;
		for (i = 0; i < s->b[k].n; i++) {
			if ((v = ctxpack_build_read_match(s->b[k].c,
			    s->b[k].narrow[i], p, len, isdir)) < 0)
				return -1;
			if (v != CTXPACK_READ_NO)
				return 1;
		}
	}
	return 0;
}

/*
 * Does an exception line of the file name P itself (not only a directory
 * above it)?  Such a '!' line is a decision, even where nothing before
 * it excludes P, and a line added after it would undo it; what is below
 * a directory a '!' line names is not decided by it.  A match limit
 * counts as a yes.
 */
static int
exception_names(const struct ctxpack_ctx *c, const char *p, size_t len)
{
	const struct ctxpack_rules *r = c->rules;
	size_t i;

	if (!r->has_exception)
		return 0;
	for (i = 0; i < r->n; i++) {
		const struct pattern *pt = &r->pat[i];

		if (!pt->exception || pt->line == 0)
			continue;
		if (c->opts.builder == CTXPACK_BUILDAH ?
		    bh_match1(r, pt, p, len) != 0 :
		    pattern_match(pt, p, len, r->md, r->mctx) != 0)
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------- candidates */

static struct line *
new_line(struct sug *s, enum ctxpack_suggest_kind kind)
{
	struct line *l;

	if (mem_grow(&s->lines, &s->lcap, s->nlines + 1, sizeof(*s->lines)) <
	    0)
		return NULL;
	l = &s->lines[s->nlines++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	return l;
}

/*
 * A line in the syntax of the context's builder: PREFIX "" for PATH
 * anchored at the root, "**\/" for the name PATH at any depth; NULL when
 * no line names it exactly.  buildah's lines escape its live regexp
 * metacharacters (B7) and are read back through its rules.
 */
static char *
sug_line(const struct sug *s, const char *prefix, const char *p, size_t len)
{
	char *n, *l;

	if (s->c->opts.builder != CTXPACK_BUILDAH)
		return pattern_line(prefix, p, len);
	if (*prefix == '\0')
		return bh_line("", p, len);
	if ((n = strndup(p, len)) == NULL)
		return NULL;
	l = bh_line_under(n);
	free(n);
	return l;
}

/* A line for one path, anchored at the root; 1 when none can name it. */
static int
path_line(struct sug *s, enum ctxpack_suggest_kind kind, unsigned heavy,
    int git, const char *p, size_t len, uint64_t weight)
{
	struct line *l;
	char *text;

	if ((text = sug_line(s, "", p, len)) == NULL) {
		s->unsafe++;	/* a newline, a trailing space: no line */
		return 1;
	}
	if ((l = new_line(s, kind)) == NULL || pset_add(&l->inst, p, len) < 0) {
		free(text);
		return -1;
	}
	l->heavy = heavy;
	l->git = git;
	l->text = text;
	l->weight = weight;
	return 0;
}

static struct name *
find_name(struct sug *s, const char *n, size_t len, unsigned kind)
{
	size_t i;
	struct name *nm;

	for (i = 0; i < s->nnames; i++)
		if (strlen(s->names[i].name) == len &&
		    memcmp(s->names[i].name, n, len) == 0)
			return &s->names[i];
	if (mem_grow(&s->names, &s->ncap, s->nnames + 1, sizeof(*s->names)) <
	    0)
		return NULL;
	nm = &s->names[s->nnames];
	memset(nm, 0, sizeof(*nm));
	if ((nm->name = strndup(n, len)) == NULL)
		return NULL;
	nm->kind = kind;
	nm->git = 1;
	s->nnames++;
	return nm;
}

static int
push(struct sug *s, const struct ctxpack_entry *e)
{
	struct frame *f, *up = s->depth ? &s->fr[s->depth - 1] : NULL;

	if (mem_grow(&s->fr, &s->fcap, s->depth + 1, sizeof(*s->fr)) < 0 ||
	    mem_grow(&s->path, &s->pcap, e->pathlen + 1, 1) < 0)
		return -1;
	up = s->depth ? &s->fr[s->depth - 1] : NULL;
	memcpy(s->path, e->path, e->pathlen + 1);
	f = &s->fr[s->depth++];
	memset(f, 0, sizeof(*f));
	f->pathlen = e->pathlen;
	f->nameoff = (size_t)(e->name - e->path);
	if (up == NULL)
		return 0;
	f->git = up->git || pset_has(&s->gitset, e->path, e->pathlen);
	f->noread = up->noread;
	f->unread = up->unread;
	return 0;
}

/* The directory on top is done: what may be proposed for it. */
static int
pop(struct sug *s)
{
	struct frame *f = &s->fr[--s->depth];
	struct frame *up = s->depth ? &s->fr[s->depth - 1] : NULL;
	const char *p = s->path, *name = s->path + f->nameoff;
	size_t len = f->pathlen, nl = len - f->nameoff;
	unsigned hk;
	int ok, rc = 0;
	struct name *nm;

	if (up == NULL)
		return 0;
	up->files += f->files;
	up->bytes += f->bytes;
	up->prot |= f->prot | f->self_prot;
	up->keep |= f->keep;
	ok = !f->prot && !f->self_prot && !f->keep && f->files > 0;
	hk = ctxpack_heavy_kind(name);	/* name is NUL-ended in s->path */
	if ((hk & CTXPACK_HEAVY_VCS) || (hk & SUG_HEAVY)) {
		int vcs = (hk & CTXPACK_HEAVY_VCS) != 0;

		if ((nm = find_name(s, name, nl, hk)) == NULL)
			return -1;
		if (ok && (vcs || !s->has_gitignore || f->git)) {
			if (pset_add(&nm->inst, p, len) < 0)
				return -1;
			nm->weight += f->bytes;
			nm->git &= f->git;
		} else if (f->files > 0)
			nm->mixed = 1;	/* an empty one: nothing to drop */
		if (ok && (vcs || !s->has_gitignore || f->git))
			goto out;
	}
	if (ok && ctx_is_secret(name, p, 1))
		rc = path_line(s, CTXPACK_SUGGEST_SECRET, 0, f->git, p, len,
		    f->bytes);
	else if (ok && f->git && !up->git)
		rc = path_line(s, CTXPACK_SUGGEST_GITIGNORED, 0, 1, p, len,
		    f->bytes);
	else if (ok && f->unread && !up->unread)
		rc = path_line(s, CTXPACK_SUGGEST_UNREAD, 0, f->git, p, len,
		    f->bytes);
out:
	/* back to the parent's path */
	s->path[up->pathlen] = '\0';
	return rc < 0 ? -1 : 0;
}

/* One entry of the context's walk. */
static int
candidate(struct sug *s, const struct ctxpack_entry *e)
{
	struct ctxpack_ctx *c = s->c;
	int isdir = e->type == CTXPACK_T_DIR, stay = 0, unread = 0, keep;
	struct frame *f;
	unsigned hk;

	while (s->depth > 1 && !(e->pathlen > s->fr[s->depth - 1].pathlen &&
	    e->path[s->fr[s->depth - 1].pathlen] == '/' &&
	    memcmp(e->path, s->path, s->fr[s->depth - 1].pathlen) == 0))
		if (pop(s) < 0)
			return -1;
	f = &s->fr[s->depth - 1];
	if (e->repeat || e->type == CTXPACK_T_SOCK)
		return 0;
	keep = exception_names(c, e->path, e->pathlen);
	/* below a directory no narrow read reaches, only build files stay */
	if (f->noread)
		stay = build_file_of(s, e->path, e->pathlen);
	else if ((stay = must_stay(s, e->path, e->pathlen, isdir)) < 0)
		return -1;
	if (ctxpack_ctx_has_build(c) && s->whole_line == 0 && !s->other_whole &&
	    !s->other_unknown && !f->unread) {
		int v = ctxpack_build_match(c, e->path, e->pathlen, isdir,
		    NULL);

		if (v < 0)
			return -1;
		unread = v == CTXPACK_READ_NO;
	}
	if (isdir) {
		int noread = f->noread || !stay;

		if (push(s, e) < 0)
			return -1;
		f = &s->fr[s->depth - 1];
		f->self_prot = stay;
		f->keep = keep;
		f->noread = noread;
		f->unread = f->unread || unread;
		return 0;
	}
	f->files++;
	if (e->type == CTXPACK_T_FILE && e->size > 0)
		f->bytes += (uint64_t)e->size;
	f->prot |= stay;
	f->keep |= keep;
	if (stay || keep) {
		if ((hk = ctxpack_heavy_kind(e->name)) != 0 &&
		    (hk & (CTXPACK_HEAVY_VCS | SUG_HEAVY))) {
			struct name *nm = find_name(s, e->name,
			    strlen(e->name), hk);

			if (nm == NULL)
				return -1;
			nm->mixed = 1;
		}
		return 0;
	}
	hk = ctxpack_heavy_kind(e->name);
	if (hk & (CTXPACK_HEAVY_VCS | SUG_HEAVY)) {
		/* a file called build or .git: `**\/build` would drop it */
		struct name *nm = find_name(s, e->name, strlen(e->name), hk);

		if (nm == NULL)
			return -1;
		nm->mixed = 1;
	}
	{
		int git = f->git || pset_has(&s->gitset, e->path, e->pathlen);
		uint64_t w = e->type == CTXPACK_T_FILE && e->size > 0 ?
		    (uint64_t)e->size : 0;

		if (ctx_is_secret(e->name, e->path, 0))
			return path_line(s, CTXPACK_SUGGEST_SECRET, 0, git,
			    e->path, e->pathlen, w) < 0 ? -1 : 0;
		if (git && !f->git)
			return path_line(s, CTXPACK_SUGGEST_GITIGNORED, 0, 1,
			    e->path, e->pathlen, w) < 0 ? -1 : 0;
		if (unread && !build_file_of(s, e->path, e->pathlen))
			return path_line(s, CTXPACK_SUGGEST_UNREAD, 0, git,
			    e->path, e->pathlen, w) < 0 ? -1 : 0;
	}
	return 0;
}

/* A name a Dockerfile goes by (audit's names, Containerfile too). */
static int
dockerfile_name(const char *n)
{
	size_t l = strlen(n);

	if (strcmp(n, "Dockerfile") == 0 || strcmp(n, "dockerfile") == 0 ||
	    strcmp(n, "Containerfile") == 0)
		return 1;
	if (l > 11 && (strcmp(n + l - 11, ".Dockerfile") == 0 ||
	    strcmp(n + l - 11, ".dockerfile") == 0))
		return 1;
	return (strncmp(n, "Dockerfile.", 11) == 0 ||
	    strncmp(n, "dockerfile.", 11) == 0) && l > 11 &&
	    strstr(n, "ignore") == NULL;
}

/* A context of the same tree and builder with other rules and no build. */
static int
open_twin(struct sug *s, const char *text, size_t len, int git_only,
    struct ctxpack_ctx **out)
{
	struct ctxpack_opts o = s->c->opts;
	int rc;

	o.flags &= ~(unsigned)(CTXPACK_F_DOCKERFILE | CTXPACK_F_DOCKERFILE_TRY |
	    CTXPACK_F_USED);
	if (git_only || s->c->df_stdin || s->c->opts.ignore_text != NULL) {
		/* rules alone: no build files (standard input is read once) */
		o.ignore_file = NULL;
		o.ignore_text = text != NULL ? text : "";
		o.ignore_len = text != NULL ? len : 0;
	}
	if (git_only) {
		o.flags |= CTXPACK_F_GITIGNORE;
		o.syntax = CTXPACK_SYNTAX_DOCKER;
		/* only what git ignores is asked of it: any Docker builder */
		if (o.builder == CTXPACK_BUILDAH)
			o.builder = CTXPACK_CLASSIC;
	}
	o.cache = s->cache;
	o.diag = NULL;
	o.diag_arg = NULL;
	o.target = NULL;
	o.build_args = NULL;
	o.nbuild_args = 0;
	/* the same build files, as the builder keeps them, and TEXT as
	 * the bytes of the ignore file */
	rc = o.ignore_text != NULL ? ctxpack_ctx_open(s->c->dir, &o, out) :
	    ctx_open_as(s->c->dir, &o, text != NULL ? text : "",
	    text != NULL ? len : 0, out);
	if (rc != CTXPACK_OK) {
		const struct ctxpack_diag *d = *out ? ctxpack_ctx_error(*out) :
		    NULL;

		diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, d ? d->file : NULL,
		    d ? d->line : 0, d ? d->col : 0, "%s", d ? d->msg :
		    "out of memory");
		ctxpack_ctx_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int
walk_failed(struct sug *s, struct ctxpack_walk *w)
{
	const struct ctxpack_diag *d = w ? ctxpack_walk_error(w) : NULL;

	diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, d ? d->file : NULL,
	    d ? d->line : 0, d ? d->col : 0, "%s", d ? d->msg :
	    "out of memory");
	ctxpack_walk_free(w);
	return -1;
}

/* What git ignores: the topmost such paths, and whether any .gitignore
 * exists. */
static int
git_walk(struct sug *s)
{
	struct ctxpack_ctx *g = NULL;
	struct ctxpack_walk *w = NULL;
	const struct ctxpack_entry *e;
	const char *top = NULL;
	size_t toplen = 0;
	char *topbuf = NULL;
	int rc;

	if (open_twin(s, NULL, 0, 1, &g) < 0)
		return -1;
	if (ctxpack_walk_new(g, CTXPACK_WALK_ALL | WALK_NODIRFD, &w) != CTXPACK_OK) {
		walk_failed(s, w);
		ctxpack_ctx_free(g);
		return -1;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (e->repeat)
			continue;
		if (e->type == CTXPACK_T_FILE && strcmp(e->name,
		    ".gitignore") == 0)
			s->has_gitignore = 1;
		if ((e->type == CTXPACK_T_FILE || e->type ==
		    CTXPACK_T_SYMLINK) && dockerfile_name(e->name) &&
		    pset_add(&s->dockerfiles, e->path, e->pathlen) < 0)
			goto oom;
		if (!e->excluded)
			continue;
		if (top != NULL && e->pathlen > toplen &&
		    e->path[toplen] == '/' && memcmp(e->path, top, toplen) == 0)
			continue;	/* below one already in */
		if (pset_add(&s->gitset, e->path, e->pathlen) < 0)
			goto oom;
		free(topbuf);
		if ((topbuf = strndup(e->path, e->pathlen)) == NULL)
			goto oom;
		top = topbuf;
		toplen = e->pathlen;
	}
	free(topbuf);
	if (rc == CTXPACK_FATAL) {
		walk_failed(s, w);
		ctxpack_ctx_free(g);
		return -1;
	}
	ctxpack_walk_free(w);
	ctxpack_ctx_free(g);
	pset_sort(&s->gitset);
	return 0;
oom:
	free(topbuf);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(g);
	diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "out of memory");
	return -1;
}

/* A build's reads narrower than the whole context, and a whole one's line. */
static int
add_build(struct sug *s, struct ctxpack_ctx *c)
{
	size_t i, n = ctxpack_build_nreads(c);
	struct ctxpack_read r;
	struct bref *b;

	if (mem_grow(&s->b, &s->bcap, s->nb + 1, sizeof(*s->b)) < 0)
		return -1;
	b = &s->b[s->nb];
	memset(b, 0, sizeof(*b));
	b->c = c;
	if (n > 0 && (b->narrow = calloc(n, sizeof(*b->narrow))) == NULL)
		return -1;
	s->nb++;
	for (i = 0; i < n; i++) {
		if (ctxpack_build_read(c, i, &r) != CTXPACK_OK)
			continue;
		if (r.whole) {
			if (b->whole == 0)
				b->whole = r.line;
		} else
			b->narrow[b->n++] = i;
	}
	return 0;
}

/* The same file, or both none. */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (a == NULL || b == NULL)
		return a == b;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * The other Dockerfiles of the tree that read the same ignore file: what
 * they read must stay too, so a line for one image never breaks another.
 * One that cannot be read, or reads everything, turns the unread lines
 * off.
 */
static int
other_builds(struct sug *s)
{
	const struct ctxpack_ctx *c = s->c;
	size_t i;

	pset_sort(&s->dockerfiles);
	for (i = 0; i < s->dockerfiles.n; i++) {
		const char *rel = s->dockerfiles.v[i];
		struct ctxpack_opts o = c->opts;
		struct ctxpack_ctx *oc = NULL;
		char *path;
		int rc;

		if ((c->dockerfile_rel != NULL &&
		    strcmp(rel, c->dockerfile_rel) == 0) ||
		    (c->dockerfile_given != NULL &&
		    strcmp(rel, c->dockerfile_given) == 0))
			continue;
		if ((path = malloc(strlen(c->dir) + strlen(rel) + 2)) == NULL)
			return -1;
		sprintf(path, "%s/%s", c->dir, rel);
		o.dockerfile = path;
		o.flags &= ~(unsigned)CTXPACK_F_USED;
		o.flags |= CTXPACK_F_DOCKERFILE_TRY;
		o.flags &= ~(unsigned)CTXPACK_F_DOCKERFILE;
		o.diag = NULL;
		o.diag_arg = NULL;
		o.cache = s->cache;
		o.target = NULL;
		o.build_args = NULL;
		o.nbuild_args = 0;
		rc = ctxpack_ctx_open(c->dir, &o, &oc);
		free(path);
		if (rc != CTXPACK_OK || !same_file(ctxpack_ctx_ignore_file(oc),
		    ctxpack_ctx_ignore_file(c))) {
			ctxpack_ctx_free(oc);
			continue;	/* its own ignore file: not ours */
		}
		if (!ctxpack_ctx_has_build(oc)) {
			s->other_unknown = 1;
			ctxpack_ctx_free(oc);
			continue;
		}
		if (add_build(s, oc) < 0) {
			ctxpack_ctx_free(oc);
			return -1;
		}
		if (s->b[s->nb - 1].whole && !s->other_whole) {
			s->other_whole = 1;
			if ((s->other_name = strdup(rel)) == NULL)
				return -1;
		}
	}
	return 0;
}

/* The candidates: a walk of the context as its builder sends it. */
static int
context_walk(struct sug *s)
{
	struct ctxpack_walk *w = NULL;
	const struct ctxpack_entry *e;
	struct ctxpack_entry root;
	int rc;

	if (ctxpack_walk_new(s->c, WALK_NODIRFD, &w) != CTXPACK_OK)
		return walk_failed(s, w);
	memset(&root, 0, sizeof(root));
	root.path = root.name = "";
	if (push(s, &root) < 0)
		goto oom;
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (ctx_skipped(s->c, e))
			continue;
		if (candidate(s, e) < 0) {
			ctxpack_walk_free(w);
			if (diag_get(&s->c->err) == NULL)
				diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL,
				    0, 0, "%s", "out of memory, or the "
				    "Dockerfile's sources hit a match limit");
			return -1;
		}
	}
	if (rc == CTXPACK_FATAL)
		return walk_failed(s, w);
	ctxpack_walk_free(w);
	while (s->depth > 0)
		if (pop(s) < 0)
			goto oom;
	return 0;
oom:
	ctxpack_walk_free(w);
	diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "out of memory");
	return -1;
}

/* One line per heavy name: `**\/NAME`, or NAME at the root alone. */
static int
name_lines(struct sug *s)
{
	size_t i, k;

	for (i = 0; i < s->nnames; i++) {
		struct name *nm = &s->names[i];
		enum ctxpack_suggest_kind kind = (nm->kind &
		    CTXPACK_HEAVY_VCS) ? CTXPACK_SUGGEST_VCS :
		    CTXPACK_SUGGEST_HEAVY;
		unsigned hk = nm->kind & SUG_HEAVY;
		struct line *l;
		int root_only = nm->inst.n == 1 &&
		    strchr(nm->inst.v[0], '/') == NULL;

		if (nm->inst.n == 0)
			continue;
		if (nm->mixed) {
			/* somewhere it must stay: each instance by its path */
			s->unsafe++;
			for (k = 0; k < nm->inst.n; k++)
				if (path_line(s, kind, hk, nm->git,
				    nm->inst.v[k], strlen(nm->inst.v[k]),
				    nm->weight / nm->inst.n) < 0)
					return -1;
			continue;
		}
		if ((l = new_line(s, kind)) == NULL)
			return -1;
		l->heavy = hk;
		l->git = nm->git;
		l->weight = nm->weight;
		l->inst = nm->inst;
		memset(&nm->inst, 0, sizeof(nm->inst));
		if ((l->name = strdup(nm->name)) == NULL)
			return -1;
		l->text = sug_line(s, root_only ? "" : "**/", nm->name,
		    strlen(nm->name));
		if (l->text == NULL) {
			/* no line can name it: by path, or nothing */
			struct pset inst = l->inst;

			memset(&l->inst, 0, sizeof(l->inst));
			free(l->name);
			s->nlines--;
			for (k = 0; k < inst.n; k++)
				if (path_line(s, kind, hk, nm->git, inst.v[k],
				    strlen(inst.v[k]), 0) < 0) {
					pset_free(&inst);
					return -1;
				}
			pset_free(&inst);
		}
	}
	for (i = 0; i < s->nlines; i++)
		pset_sort(&s->lines[i].inst);
	return 0;
}

static void
line_free(struct line *l)
{
	pset_free(&l->inst);
	free(l->name);
	free(l->text);
	free(l->example);
}

/* ---------------------------------------------------------------- check */

/* The rules' text: the ignore file's bytes, or the patterns given. */
static const char *
cur_text(const struct ctxpack_ctx *c, size_t *len)
{
	if (c->opts.ignore_text != NULL) {
		*len = c->opts.ignore_len;
		return c->opts.ignore_text;
	}
	*len = c->ignore_len;
	return c->ignore_text;
}

/* The ignore file's text with the lines after it. */
static char *
new_text(const struct sug *s, size_t *lenp)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	const char *t;
	size_t i, n;

	if ((t = cur_text(s->c, &n)) != NULL && n > 0) {
		sbuf_put(&b, t, n);
		if (t[n - 1] != '\n')
			sbuf_putc(&b, '\n');
	}
	for (i = 0; i < s->nlines; i++) {
		sbuf_put(&b, s->lines[i].text, strlen(s->lines[i].text));
		sbuf_putc(&b, '\n');
	}
	sbuf_putc(&b, '\0');
	if (b.oom) {
		sbuf_free(&b);
		return NULL;
	}
	*lenp = b.len - 1;
	return b.s;
}

/* The next entry of a side-by-side walk: repeats are not entries. */
static int
next_entry(struct ctxpack_walk *w, const struct ctxpack_entry **e)
{
	int rc;

	while ((rc = ctxpack_walk_next(w, e)) == CTXPACK_OK && (*e)->repeat)
		;
	return rc;
}

/*
 * Walk the tree with the file as it is and with the lines, side by side:
 * what each line drops, whether it drops only what it was made for, and
 * the totals.  0, or -1 (the context's error set).
 */
static int
check(struct sug *s, struct ctxpack_ctx *old)
{
	struct ctxpack_ctx *nc = NULL;
	struct ctxpack_walk *wo = NULL, *wn = NULL;
	const struct ctxpack_entry *eo, *en;
	const struct ctxpack_rules *nr;
	size_t len, i, nrules, olen;
	unsigned base = 0;
	long *ours = NULL;
	const char *ot;
	char *text;
	int ro, rn, rc = -1;


	for (i = 0; i < s->nlines; i++) {
		struct line *l = &s->lines[i];

		l->bad = 0;
		l->dirs = l->files = l->bytes = 0;
		free(l->example);
		l->example = NULL;
	}
	s->before_files = s->before_bytes = 0;
	s->after_files = s->after_bytes = 0;
	if ((text = new_text(s, &len)) == NULL)
		goto oom;
	i = open_twin(s, text, len, 0, &nc);
	free(text);
	if (i != 0)
		return -1;
	/*
	 * Which rule is which line: ours follow the file's BASE lines (the
	 * docker CLI may append rules of its own after them, R26).
	 */
	if ((ot = cur_text(s->c, &olen)) != NULL && olen > 0) {
		for (i = 0; i < olen; i++)
			if (ot[i] == '\n')
				base++;
		if (ot[olen - 1] != '\n')
			base++;
	}
	nr = ctxpack_ctx_rules(nc);
	nrules = ctxpack_rules_count(nr);
	if ((ours = calloc(nrules + 1, sizeof(*ours))) == NULL)
		goto oom;
	for (i = 0; i < nrules; i++) {
		struct ctxpack_rule_info ri;

		ours[i] = -1;
		if (ctxpack_rules_get(nr, (long)i, &ri) == CTXPACK_OK &&
		    ri.kind == CTXPACK_RULE_DOCKER && ri.line > base &&
		    ri.line <= base + s->nlines)
			ours[i] = (long)(ri.line - base - 1);
	}

	if (ctxpack_walk_new(old, CTXPACK_WALK_ALL | WALK_NODIRFD, &wo) != CTXPACK_OK) {
		walk_failed(s, wo);
		wo = NULL;
		goto out;
	}
	if (ctxpack_walk_new(nc, CTXPACK_WALK_ALL | WALK_NODIRFD, &wn) != CTXPACK_OK) {
		walk_failed(s, wn);
		wn = NULL;
		goto out;
	}
	for (;;) {
		ro = next_entry(wo, &eo);
		rn = next_entry(wn, &en);
		if (ro == CTXPACK_EOF && rn == CTXPACK_EOF)
			break;
		if (ro == CTXPACK_FATAL) {
			walk_failed(s, wo);
			wo = NULL;
			goto out;
		}
		if (rn == CTXPACK_FATAL) {
			walk_failed(s, wn);
			wn = NULL;
			goto out;
		}
		if (ro != rn || eo->pathlen != en->pathlen ||
		    memcmp(eo->path, en->path, eo->pathlen) != 0) {
			diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
			    "%s", "the tree changed while suggest read it; "
			    "run it again");
			goto out;
		}
		if (eo->type == CTXPACK_T_SOCK || ctx_skipped(s->c, eo))
			continue;
		if (eo->sent && eo->type != CTXPACK_T_DIR) {
			s->before_files++;
			if (eo->type == CTXPACK_T_FILE && eo->size > 0)
				s->before_bytes += (uint64_t)eo->size;
		}
		if (en->sent && en->type != CTXPACK_T_DIR) {
			s->after_files++;
			if (en->type == CTXPACK_T_FILE && en->size > 0)
				s->after_bytes += (uint64_t)en->size;
		}
		if (eo->sent && !en->sent) {
			int isdir = en->type == CTXPACK_T_DIR, stay;
			struct line *l;

			if (en->rule < 0 || en->rule >= (long)nrules ||
			    ours[en->rule] < 0) {
				/* not one of ours: give every line up */
				for (i = 0; i < s->nlines; i++)
					s->lines[i].bad = 1;
				continue;
			}
			l = &s->lines[ours[en->rule]];
			if ((stay = must_stay(s, en->path, en->pathlen,
			    isdir)) < 0) {
				diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL,
				    0, 0, "%s: the Dockerfile's sources hit a "
				    "match limit", en->path);
				goto out;
			}
			if (stay || !pset_covers(&l->inst, en->path,
			    en->pathlen))
				l->bad = 1;
			if (isdir)
				l->dirs++;
			else {
				l->files++;
				if (en->type == CTXPACK_T_FILE && en->size > 0)
					l->bytes += (uint64_t)en->size;
			}
			if (l->example == NULL && (l->example =
			    strndup(en->path, en->pathlen)) == NULL)
				goto oom;
		}
	}
	rc = 0;
	goto out;
oom:
	diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "out of memory");
out:
	free(ours);
	ctxpack_walk_free(wo);
	ctxpack_walk_free(wn);
	ctxpack_ctx_free(nc);
	return rc;
}

/*
 * Check until every line drops only what it is for: a `**\/NAME` line that
 * drops more becomes one line per instance, a path line that does is
 * given up, a line that drops nothing goes.
 */
static int
settle(struct sug *s, struct ctxpack_ctx *old)
{
	size_t i, k;
	int changed;

	do {
		if (check(s, old) < 0)
			return -1;
		changed = 0;
		for (i = 0; i < s->nlines; ) {
			struct line *l = &s->lines[i];

			if (l->bad && l->name != NULL) {
				/* split: each instance by its path */
				struct line keep = *l;

				memmove(l, l + 1, (s->nlines - i - 1) *
				    sizeof(*l));
				s->nlines--;
				s->unsafe++;
				for (k = 0; k < keep.inst.n; k++)
					if (path_line(s, keep.kind, keep.heavy,
					    keep.git, keep.inst.v[k],
					    strlen(keep.inst.v[k]),
					    keep.weight / keep.inst.n) < 0) {
						line_free(&keep);
						return -1;
					}
				line_free(&keep);
				changed = 1;
				continue;
			}
			if (l->bad || (l->files == 0 && l->dirs == 0)) {
				if (l->bad)
					s->unsafe++;
				line_free(l);
				memmove(l, l + 1, (s->nlines - i - 1) *
				    sizeof(*l));
				s->nlines--;
				changed = 1;
				continue;
			}
			i++;
		}
		if (changed)
			for (i = 0; i < s->nlines; i++)
				pset_sort(&s->lines[i].inst);
	} while (changed && s->nlines > 0);
	if (s->nlines == 0) {
		/* no line left: after is the file as it is, which the
		 * last check counted as before (a walk of it again, in
		 * report's time, was a third of the engine's) */
		s->after_files = s->before_files;
		s->after_bytes = s->before_bytes;
	}
	return 0;
}

/* By kind, then heaviest first. */
static int
by_kind(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->text, y->text);
}

static int
by_bytes(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	if (x->files != y->files)
		return x->files > y->files ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Keep the TOP heaviest lines (weights before a check, bytes after). */
static void
cap(struct sug *s, size_t top, int checked)
{
	size_t i;

	if (top == 0 || s->nlines <= top)
		return;
	if (checked)
		qsort(s->lines, s->nlines, sizeof(*s->lines), by_bytes);
	else {
		for (i = 0; i < s->nlines; i++)
			s->lines[i].bytes = s->lines[i].weight;
		qsort(s->lines, s->nlines, sizeof(*s->lines), by_bytes);
	}
	for (i = top; i < s->nlines; i++)
		line_free(&s->lines[i]);
	s->nlines = top;
}

static void
sug_free(struct sug *s)
{
	size_t i;

	for (i = 0; i < s->nlines; i++)
		line_free(&s->lines[i]);
	free(s->lines);
	for (i = 0; i < s->nnames; i++) {
		free(s->names[i].name);
		pset_free(&s->names[i].inst);
	}
	free(s->names);
	pset_free(&s->gitset);
	pset_free(&s->dockerfiles);
	for (i = 0; i < s->nb; i++) {
		if (i > 0)
			ctxpack_ctx_free(s->b[i].c);
		free(s->b[i].narrow);
	}
	free(s->b);
	free(s->other_name);
	free(s->fr);
	free(s->path);
}

int
ctxpack_suggest(struct ctxpack_ctx *c, const struct ctxpack_suggest_opts *o,
    struct ctxpack_suggestions **out)
{
	struct sug s;
	struct ctxpack_ctx *old = NULL;
	struct ctxpack_suggestions *r = NULL;
	size_t top = o != NULL ? o->top : 10, i;
	int own_cache = 0;

	*out = NULL;
	if (c->opts.syntax != CTXPACK_SYNTAX_DOCKER) {
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
		    "suggest writes lines in Docker's syntax: not for an "
		    "ignore file read as gitignore");
		return CTXPACK_FAILED;
	}
	memset(&s, 0, sizeof(s));
	s.c = c;
	s.cache = c->opts.cache;
	if (s.cache == NULL) {
		if ((s.cache = ctxpack_cache_new()) == NULL)
			goto oom;
		own_cache = 1;
	}
	if (add_build(&s, c) < 0)
		goto oom;
	s.whole_line = s.b[0].whole;
	/* the context's own walk reads the listings the git walk cached */
	if (git_walk(&s) < 0)
		goto fail;
	if (ctxpack_ctx_has_build(c) && other_builds(&s) < 0)
		goto oom;
	c->opts.cache = s.cache;
	i = (size_t)context_walk(&s);
	if (own_cache)
		c->opts.cache = NULL;
	if (i != 0 || name_lines(&s) < 0)
		goto fail;
	/* heaviest first within a kind, broader kinds last (the last
	 * matching line decides) */
	cap(&s, top > 0 ? top * 4 + 16 : 0, 0);
	if (s.nlines > 1)
		qsort(s.lines, s.nlines, sizeof(*s.lines), by_kind);
	{
		size_t n;
		const char *t = cur_text(c, &n);

		if (open_twin(&s, t, n, 0, &old) < 0 || settle(&s, old) < 0)
			goto fail;
	}
	if (top > 0 && s.nlines > top) {
		cap(&s, top, 1);
		for (i = 0; i < s.nlines; i++)
			s.lines[i].weight = s.lines[i].bytes;
		qsort(s.lines, s.nlines, sizeof(*s.lines), by_kind);
		if (settle(&s, old) < 0)
			goto fail;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (s.nlines > 0 && (r->v = calloc(s.nlines, sizeof(*r->v))) == NULL))
		goto oom;
	for (i = 0; i < s.nlines; i++) {
		struct line *l = &s.lines[i];
		struct ctxpack_suggestion *v = &r->v[r->n++];

		v->kind = l->kind;
		v->heavy = l->heavy;
		v->git_ignored = l->git && s.has_gitignore;
		v->line = l->text;
		v->example = l->example;
		v->dirs = l->dirs;
		v->files = l->files;
		v->bytes = l->bytes;
		l->text = l->example = NULL;
	}
	r->files_before = s.before_files;
	r->bytes_before = s.before_bytes;
	r->files_after = s.after_files;
	r->bytes_after = s.after_bytes;
	r->whole_line = s.whole_line;
	r->has_build = ctxpack_ctx_has_build(c);
	r->has_gitignore = s.has_gitignore;
	r->unsafe = s.unsafe;
	r->other_dockerfiles = s.nb - 1;
	r->other_whole = s.other_name;
	s.other_name = NULL;
	r->other_unknown = s.other_unknown;
	/* a link, or a directory where the file would be: no file to
	 * write (ctxpack_suggest_write says why) */
	if (!c->ignore_link && (c->ignore_path != NULL || !c->ignore_dir)) {
		/* none yet: the file the builder reads first at the root */
		const char *fn = c->opts.builder == CTXPACK_BUILDAH ?
		    ".containerignore" : ".dockerignore";

		r->file_exists = c->ignore_path != NULL;
		r->file = c->ignore_path != NULL ? strdup(c->ignore_path) :
		    strcmp(c->dir, ".") == 0 ? strdup(fn) :
		    malloc(strlen(c->dir) + strlen(fn) + 2);
		if (r->file == NULL)
			goto oom;
		if (c->ignore_path == NULL && strcmp(c->dir, ".") != 0)
			sprintf(r->file, "%s%s%s", c->dir,
			    c->dir[strlen(c->dir) - 1] == '/' ? "" : "/", fn);
	}
	ctxpack_ctx_free(old);
	if (own_cache)
		ctxpack_cache_free(s.cache);
	sug_free(&s);
	*out = r;
	return CTXPACK_OK;
oom:
	diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "out of memory");
fail:
	ctxpack_suggestions_free(r);
	ctxpack_ctx_free(old);
	if (own_cache)
		ctxpack_cache_free(s.cache);
	sug_free(&s);
	return CTXPACK_FATAL;
}

void
ctxpack_suggestions_free(struct ctxpack_suggestions *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].line);
		free(r->v[i].example);
	}
	free(r->v);
	free(r->file);
	free(r->other_whole);
	free(r);
}

/* ---------------------------------------------------------------- write */

int
ctxpack_suggest_write(struct ctxpack_ctx *c, const struct ctxpack_suggestions *s,
    const char *text, size_t len)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	char *old = NULL, *tmp = NULL;
	size_t oldlen = 0, i, n;
	struct stat st;
	int fd = -1, have = 0, crlf = 0, e;
	unsigned k;

	if (s->file == NULL) {
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, c->ignore_path, 0, 0,
		    "%s", c->ignore_link ? "the ignore file is a symbolic "
		    "link: add the lines to the file it leads to by hand" :
		    "a directory stands where the ignore file would be: "
		    "nothing written");
		return CTXPACK_FAILED;
	}
	if ((fd = open(s->file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
		    ctx_slurp(fd, 64 << 20, &old, &oldlen) < 0) {
			e = S_ISREG(st.st_mode) ? errno : EINVAL;
			close(fd);
			free(old);
			return ctx_fail(c, s->file, e, "%s", "can't read");
		}
		close(fd);
		have = 1;
	} else if (errno != ENOENT)
		return ctx_fail(c, s->file, errno, "%s", "can't read");
	if (have && oldlen > 0) {
		sbuf_put(&b, old, oldlen);
		crlf = oldlen >= 2 && old[oldlen - 1] == '\n' &&
		    old[oldlen - 2] == '\r';
		if (old[oldlen - 1] != '\n')
			sbuf_put(&b, "\n", 1);
	}
	for (i = 0; i < len; i++) {
		if (crlf && text[i] == '\n')
			sbuf_putc(&b, '\r');
		sbuf_putc(&b, text[i]);
	}
	free(old);
	n = strlen(s->file) + 32;
	if (b.oom || (tmp = malloc(n)) == NULL) {
		sbuf_free(&b);
		free(tmp);
		return ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
	}
	/* a new file gets 0644 less the umask; the old mode is kept */
	for (k = 0; k < 100; k++) {
		snprintf(tmp, n, "%s.ctxpack-%ld-%u", s->file, (long)getpid(),
		    k);
		if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW, 0644)) >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		sbuf_free(&b);
		free(tmp);
		return ctx_fail(c, s->file, e, "%s", "can't write");
	}
	if (have) {
		(void)fchown(fd, st.st_uid, st.st_gid);
		(void)fchmod(fd, st.st_mode & 07777);
	}
	for (i = 0; i < b.len; ) {
		ssize_t w = write(fd, b.s + i, b.len - i);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		i += (size_t)w;
	}
	e = i < b.len ? errno : 0;
	if (e == 0 && fsync(fd) < 0)
		e = errno;
	if (close(fd) < 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, s->file) < 0)
		e = errno;
	if (e != 0)
		unlink(tmp);
	sbuf_free(&b);
	free(tmp);
	if (e != 0)
		return ctx_fail(c, s->file, e, "%s", "can't write");
	return CTXPACK_OK;
}
