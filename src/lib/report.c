/*
 * report.c: size accounting over one full walk.  Before/after totals,
 * the exact tar size (the tar writer in counting mode), recursive totals
 * per included directory kept on a stack along the current path, bounded
 * top-N lists, heavy and large directories with the ignore line that
 * would drop them, and the excluded directories a walk had to enter.
 * Memory: O(depth + N) for the report itself; when the suggestion
 * engine vets the flagged directories' lines, the listing cache its
 * walks share (O(tree), as they always were) is filled by this walk.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"
#include "report_tree.h"

struct rdir {
	size_t		 pathlen;
	uint64_t	 bytes;		/* sent file bytes below */
	uint64_t	 files;		/* sent non-directories below */
	int		 included;	/* sent when visited */
	int		 large_below;	/* a child directory was flagged large */
	int		 heavy;		/* is or is inside a flagged heavy dir */
	int		 walked;	/* is or is inside a walked excluded dir */
};

struct rstate {
	struct ctxpack_report		*r;
	uid_t				 euid;
	gid_t				*groups;	/* egid and the others */
	int				 ngroups;
	const struct ctxpack_report_opts *o;
	const char			*ignore_name;
	struct rdir			*st;
	size_t				 depth, cap;
	char				*path;		/* current dir path */
	size_t				 pcap;
	int				 oom;
	struct rtree			*tree;		/* ctxpack_report_tree() */
	int				 bh;		/* buildah: its lines */
	int				 rootfd;	/* the context's */
};

/* The one list of heavy directory names (ctxpack_heavy_kind). */
static const struct {
	const char	*name;
	unsigned	 kind;
} heavy[] = {
	{ ".git", CTXPACK_HEAVY_VCS }, { ".hg", CTXPACK_HEAVY_VCS },
	{ ".svn", CTXPACK_HEAVY_VCS },
	{ "node_modules", CTXPACK_HEAVY_DEPS },
	{ "bower_components", CTXPACK_HEAVY_DEPS },
	{ ".venv", CTXPACK_HEAVY_DEPS }, { "venv", CTXPACK_HEAVY_DEPS },
	{ "vendor", CTXPACK_HEAVY_VENDOR },
	{ "__pycache__", CTXPACK_HEAVY_CACHE }, { ".tox", CTXPACK_HEAVY_CACHE },
	{ ".pytest_cache", CTXPACK_HEAVY_CACHE },
	{ ".mypy_cache", CTXPACK_HEAVY_CACHE },
	{ ".cache", CTXPACK_HEAVY_CACHE }, { ".next", CTXPACK_HEAVY_CACHE },
	{ ".terraform", CTXPACK_HEAVY_CACHE },
	{ "target", CTXPACK_HEAVY_OUTPUT }, { "build", CTXPACK_HEAVY_OUTPUT },
	{ "dist", CTXPACK_HEAVY_OUTPUT }, { "coverage", CTXPACK_HEAVY_OUTPUT },
	{ "logs", CTXPACK_HEAVY_OUTPUT },
};

unsigned
ctxpack_heavy_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(heavy) / sizeof(heavy[0]); i++)
		if (strcmp(name, heavy[i].name) == 0)
			return heavy[i].kind;
	return 0;
}

#define REPORT_HEAVY	(CTXPACK_HEAVY_VCS | CTXPACK_HEAVY_DEPS | \
			 CTXPACK_HEAVY_CACHE | CTXPACK_HEAVY_OUTPUT)

/* Would top_insert take an element of this key? */
static int
top_takes(const void *arr, size_t n, size_t max, size_t elsz, uint64_t key)
{
	uint64_t last;

	if (max == 0)
		return 0;
	if (n < max)
		return 1;
	memcpy(&last, (const char *)arr + (n - 1) * elsz + sizeof(char *), 8);
	return key > last;
}

static void
top_insert(void *arr, size_t *n, size_t max, size_t elsz, uint64_t key,
    const void *el, void (*drop)(void *))
{
	char *a = arr;
	size_t i;

	if (max == 0)
		return;
	if (*n == max) {
		/* smallest is last: replace it if the new one is bigger */
		uint64_t last;

		memcpy(&last, a + (*n - 1) * elsz + sizeof(char *), 8);
		if (key <= last) {
			drop((void *)el);
			return;
		}
		drop(a + (*n - 1) * elsz);
		(*n)--;
	}
	for (i = *n; i > 0; i--) {
		uint64_t k;

		memcpy(&k, a + (i - 1) * elsz + sizeof(char *), 8);
		if (k >= key)
			break;
		memcpy(a + i * elsz, a + (i - 1) * elsz, elsz);
	}
	memcpy(a + i * elsz, el, elsz);
	(*n)++;
}

static void
drop_dir(void *p)
{
	struct ctxpack_report_dir *d = p;

	free(d->path);
	free(d->suggestion);
}

static void
drop_file(void *p)
{
	free(((struct ctxpack_report_file *)p)->path);
}

static int
add_flag(struct rstate *s, const char *path, size_t len, const struct rdir *d,
    enum ctxpack_flag flag, char *suggestion)
{
	struct ctxpack_report *r = s->r;
	struct ctxpack_report_dir *n;

	n = realloc(r->flags, (r->nflags + 1) * sizeof(*n));
	if (n == NULL || (n[r->nflags].path = strndup(path, len)) == NULL) {
		free(suggestion);
		if (n != NULL)
			r->flags = n;
		return -1;
	}
	r->flags = n;
	n += r->nflags++;
	n->bytes = d->bytes;
	n->files = d->files;
	n->flag = flag;
	n->suggestion = suggestion;
	return 0;
}

/* Close the directory on top of the stack: lists, flags, totals up. */
static void
pop_dir(struct rstate *s)
{
	struct rdir *d = &s->st[--s->depth];
	struct rdir *up = s->depth > 0 ? &s->st[s->depth - 1] : NULL;
	const char *path = s->path;
	size_t len = d->pathlen;
	unsigned level = 0, tf = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (path[i] == '/')
			level++;
	level++;
	if (up != NULL) {
		up->bytes += d->bytes;
		up->files += d->files;
	}
	if (d->included && len > 0) {
		const char *base = memrchr(path, '/', len);
		int big = s->o->large > 0 && d->bytes > s->o->large;

		base = base ? base + 1 : path;
		if (level <= s->o->depth && top_takes(s->r->largest,
		    s->r->nlargest, s->o->top, sizeof(struct ctxpack_report_dir),
		    d->bytes)) {
			struct ctxpack_report_dir el;

			memset(&el, 0, sizeof(el));
			el.path = strndup(path, len);
			el.bytes = d->bytes;
			el.files = d->files;
			if (el.path != NULL)
				top_insert(s->r->largest, &s->r->nlargest,
				    s->o->top, sizeof(el), el.bytes, &el,
				    drop_dir);
		}
		if (d->heavy == 1) {
			/* this one is the heavy directory itself */
			char *sug = s->bh ? (level > 1 ? bh_line_under(base) :
			    bh_line("", path, len)) : pattern_line(level > 1 ?
			    "**/" : "", level == 1 ? path : base, level == 1 ?
			    len : (size_t)(path + len - base));

			if (add_flag(s, path, len, d, CTXPACK_FLAG_HEAVY, sug) < 0)
				s->oom = 1;
			tf = CTXPACK_TREE_HEAVY;
		} else if (big && !d->large_below && !d->heavy) {
			if (add_flag(s, path, len, d, CTXPACK_FLAG_LARGE, s->bh ?
			    bh_line("", path, len) : pattern_line("", path,
			    len)) < 0)
				s->oom = 1;
			tf = CTXPACK_TREE_LARGE;
		}
		if (big && up != NULL)
			up->large_below = 1;
	}
	if (up != NULL && d->large_below)
		up->large_below = 1;
	if (s->tree != NULL && rtree_close(s->tree, tf) < 0)
		s->oom = 1;
}

static int
push_dir(struct rstate *s, const struct ctxpack_entry *e)
{
	struct rdir *d, *up;

	if (s->depth == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		struct rdir *n = realloc(s->st, nc * sizeof(*n));

		if (n == NULL)
			return -1;
		s->st = n;
		s->cap = nc;
	}
	if (e->pathlen + 1 > s->pcap) {
		size_t nc = (e->pathlen + 1) * 2;
		char *n = realloc(s->path, nc);

		if (n == NULL)
			return -1;
		s->path = n;
		s->pcap = nc;
	}
	memcpy(s->path, e->path, e->pathlen + 1);
	up = s->depth > 0 ? &s->st[s->depth - 1] : NULL;
	d = &s->st[s->depth++];
	memset(d, 0, sizeof(*d));
	d->pathlen = e->pathlen;
	d->included = e->sent && !e->excluded;
	if (up != NULL && up->heavy)
		d->heavy = 2;
	else if (d->included && (ctxpack_heavy_kind(e->name) & REPORT_HEAVY))
		d->heavy = 1;
	if (up != NULL && up->walked)
		d->walked = 1;
	if (s->tree != NULL && rtree_open(s->tree, e->name, e->excluded ?
	    CTXPACK_TREE_EXCLUDED : 0) < 0)
		return -1;
	return 0;
}

/*
 * Could pack open this file?  The permission bits answer for the process's
 * ids; only when they say no is access(2) asked (it also knows ACLs and
 * root's override).  report does not read files, so this is what stands
 * between "report says fine" and "pack fails".
 */
static int
may_read(const struct rstate *s, const struct ctxpack_entry *e)
{
	/* the walk enters the cache's directories unopened: by path */
	return faccessat(e->dirfd >= 0 ? e->dirfd : s->rootfd,
	    e->dirfd >= 0 ? e->name : e->path, R_OK, AT_EACCESS |
	    AT_SYMLINK_NOFOLLOW) == 0;
}

static int
readable(const struct rstate *s, const struct ctxpack_entry *e)
{
	mode_t m = e->mode;
	int i;

	if (s->euid == 0)
		return 1;
	if (e->uid == s->euid)
		return (m & S_IRUSR) != 0 || may_read(s, e);
	for (i = 0; i < s->ngroups; i++)
		if (s->groups[i] == e->gid)
			return (m & S_IRGRP) != 0 || may_read(s, e);
	return (m & S_IROTH) != 0 || may_read(s, e);
}

/* The cores this process may run on. */
static int
ncpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

static int
ids(struct rstate *s)
{
	int n = getgroups(0, NULL);

	s->euid = geteuid();
	if (n < 0 || (s->groups = calloc((size_t)n + 1,
	    sizeof(*s->groups))) == NULL)
		return -1;
	s->groups[0] = getegid();
	s->ngroups = 1 + (n > 0 ? getgroups(n, s->groups + 1) : 0);
	if (s->ngroups < 1)
		s->ngroups = 1;
	return 0;
}

static int
by_bytes(const void *a, const void *b)
{
	const struct ctxpack_report_dir *x = a, *y = b;

	return x->bytes < y->bytes ? 1 : x->bytes > y->bytes ? -1 :
	    strcmp(x->path, y->path);
}

/* The line of the first read of the whole context, 0 if none. */
static unsigned
whole_read(const struct ctxpack_ctx *c)
{
	struct ctxpack_read rd;
	size_t i, n = ctxpack_build_nreads(c);

	for (i = 0; i < n; i++)
		if (ctxpack_build_read(c, i, &rd) == CTXPACK_OK && rd.whole)
			return rd.line;
	return 0;
}

/* Does the build read this sent file?  Counted; 1 yes, 0 no, -1 a match
 * limit. */
static int
read_count(struct ctxpack_ctx *c, struct ctxpack_report *r,
    const struct ctxpack_entry *e, uint64_t size)
{
	int v;

	if (r->whole_line != 0)
		v = CTXPACK_READ_YES;
	else if ((v = ctxpack_build_match(c, e->path, e->pathlen, 0, NULL)) <
	    0) {
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
		    "%s: the Dockerfile's sources hit a match limit", e->path);
		return -1;
	}
	if (v == CTXPACK_READ_YES) {
		r->read_files++;
		r->read_bytes += size;
		return 1;
	}
	r->unread_files++;
	r->unread_bytes += size;
	return 0;
}

/* Are the flagged directories' lines the suggestion engine's? */
static int
suggests(const struct ctxpack_ctx *c, const struct ctxpack_report_opts *o)
{
	return !(o->flags & CTXPACK_REPORT_NO_SUGGEST) &&
	    c->opts.syntax == CTXPACK_SYNTAX_DOCKER;
}

/*
 * The flagged directories' lines are the suggestion engine's: a line
 * stays when it is one of its lines, or becomes the line for the path
 * alone when that is one; else the directory has none.  -1 failed.
 */
static int
vet_flags(struct ctxpack_ctx *c, const struct ctxpack_report_opts *o,
    struct ctxpack_report *r)
{
	struct ctxpack_suggest_opts so;
	const struct ctxpack_suggestions *sg;
	size_t i, k;

	if (!suggests(c, o)) {
		for (i = 0; i < r->nflags; i++) {
			free(r->flags[i].suggestion);
			r->flags[i].suggestion = NULL;
		}
		return 0;
	}
	memset(&so, 0, sizeof(so));	/* every line */
	if (ctxpack_suggest(c, &so, &r->suggestions) != CTXPACK_OK)
		return -1;
	sg = r->suggestions;
	for (i = 0; i < r->nflags; i++) {
		struct ctxpack_report_dir *d = &r->flags[i];
		const char *found = NULL;
		size_t len = strlen(d->path), n;

		for (k = 0; k < sg->n && found == NULL; k++)
			if (d->suggestion != NULL &&
			    strcmp(sg->v[k].line, d->suggestion) == 0)
				found = sg->v[k].line;
		/* the line for the path alone, or for a directory above it */
		for (n = len; n > 0 && found == NULL; n--) {
			char *alone;

			if (n < len && d->path[n] != '/')
				continue;
			if ((alone = c->opts.builder == CTXPACK_BUILDAH ?
			    bh_line("", d->path, n) :
			    pattern_line("", d->path, n)) == NULL)
				continue;
			for (k = 0; k < sg->n && found == NULL; k++)
				if (strcmp(sg->v[k].line, alone) == 0)
					found = sg->v[k].line;
			free(alone);
		}
		free(d->suggestion);
		d->suggestion = NULL;
		if (found != NULL && (d->suggestion = strdup(found)) == NULL) {
			diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
			    "out of memory");
			return -1;
		}
	}
	return 0;
}

static int
report(struct ctxpack_ctx *c, const struct ctxpack_report_opts *o,
    const struct ctxpack_tree_opts *topts, struct ctxpack_report **rp)
{
	struct ctxpack_report_opts defo = { 10, 2, 10 << 20, NULL, NULL, 0 };
	struct ctxpack_walk *w = NULL;
	struct ctxpack_tar *t = NULL;
	const struct ctxpack_entry *e;
	struct ctxpack_report *r;
	struct ctxpack_cache *cache = NULL;
	struct rstate s;
	uint64_t n = 0;
	int rc;

	*rp = NULL;
	if (o == NULL)
		o = &defo;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->largest = calloc(o->top + 1, sizeof(*r->largest))) == NULL ||
	    (r->files = calloc(o->top + 1, sizeof(*r->files))) == NULL) {
		ctxpack_report_free(r);
		return CTXPACK_FATAL;
	}
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.o = o;
	s.bh = c->opts.builder == CTXPACK_BUILDAH;
	s.rootfd = c->dirfd;
	if (ids(&s) < 0)
		goto oom;
	if (topts != NULL && (s.tree = rtree_new(topts)) == NULL)
		goto oom;
	/*
	 * The suggestion engine (vet_flags) walks the tree four more times,
	 * through a listing cache: this walk's, so that the tree is listed
	 * and stat'ed once.  Its memory is the engine's anyway, held from
	 * here on instead of from its start.
	 */
	if (suggests(c, o) && c->opts.cache == NULL &&
	    (cache = c->opts.cache = ctxpack_cache_new()) == NULL)
		goto oom;
	/*
	 * The walk's reads, done on all cores beforehand (what an earlier
	 * context of the same cache listed is not read again: audit).
	 */
	if (c->opts.cache != NULL)
		cache_scan(c->opts.cache, c->dirfd, ncpus());
	rc = ctxpack_walk_new(c, CTXPACK_WALK_ALL | CTXPACK_WALK_TAR |
	    WALK_NODIRFD, &w);
	if (rc != CTXPACK_OK) {
		if (w == NULL || ctxpack_walk_error(w) == NULL)
			goto oom;
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
		    ctxpack_walk_error(w)->msg);
		goto fail;
	}
	if (ctxpack_tar_new(-1, NULL, &t) != CTXPACK_OK)
		goto oom;
	r->has_build = ctxpack_ctx_has_build(c);
	r->whole_line = whole_read(c);
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		int isdir = e->type == CTXPACK_T_DIR;
		int isfile = e->type == CTXPACK_T_FILE;
		uint64_t size = isfile && e->size > 0 ? (uint64_t)e->size : 0;
		int rd = 0;

		if (ctx_skipped(c, e))
			continue;	/* never packed (ctxpack_ctx_skip_file) */

		if (e->sent && e->type != CTXPACK_T_SOCK) {
			if (ctxpack_tar_add(t, e) == CTXPACK_FATAL) {
				diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
				    "%s", ctxpack_tar_error(t)->msg);
				goto fail;
			}
		}
		if (e->extra)
			continue;	/* only the tar holds it, not the build */
		if (e->sent && e->type != CTXPACK_T_SOCK) {
			r->after_entries++;
			if (!isdir) {
				r->after_files++;
				r->after_bytes += size;
				if (r->has_build &&
				    (rd = read_count(c, r, e, size)) < 0)
					goto fail;
			}
		}
		if (e->repeat)
			continue;
		/* leave the directories this entry is not inside */
		while (s.depth > 1 && !(e->pathlen > s.st[s.depth - 1].pathlen &&
		    e->path[s.st[s.depth - 1].pathlen] == '/' &&
		    memcmp(e->path, s.path, s.st[s.depth - 1].pathlen) == 0))
			pop_dir(&s);
		if (s.depth == 0) {	/* the root */
			struct ctxpack_entry root;

			memset(&root, 0, sizeof(root));
			root.path = "";
			root.name = "";
			root.sent = 1;
			if (push_dir(&s, &root) < 0)
				goto oom;
		}
		if (s.depth > 0 && s.st[s.depth - 1].walked && e->reached)
			r->walked_entries++;
		if (s.depth > 0 && s.st[s.depth - 1].walked && e->reached &&
		    r->nwalked > 0)
			r->walked[r->nwalked - 1].entries++;
		if (isdir) {
			r->before_dirs++;
			if (push_dir(&s, e) < 0)
				goto oom;
			if (e->excluded && e->entered_for >= 0 && e->reached &&
			    !s.st[s.depth - 1].walked) {
				struct ctxpack_report_walked *nw;

				nw = realloc(r->walked, (r->nwalked + 1) *
				    sizeof(*nw));
				if (nw == NULL)
					goto oom;
				r->walked = nw;
				nw += r->nwalked++;
				if ((nw->path = strdup(e->path)) == NULL)
					goto oom;
				nw->entries = 0;
				nw->rule = e->entered_for;
				s.st[s.depth - 1].walked = 1;
			}
			continue;
		}
		r->before_files++;
		r->before_bytes += size;
		if (s.tree != NULL && rtree_entry(s.tree, e->name, size,
		    e->sent, rd) < 0)
			goto oom;
		if (e->sent) {
			s.st[s.depth - 1].files++;
			s.st[s.depth - 1].bytes += size;
			if (isfile && e->data == NULL && !readable(&s, e)) {
				struct ctxpack_report_file *nu;

				r->unreadable_files++;
				nu = r->nunreadable < 10 ? realloc(r->unreadable,
				    (r->nunreadable + 1) * sizeof(*nu)) : NULL;
				if (nu != NULL) {
					r->unreadable = nu;
					nu += r->nunreadable;
					if ((nu->path = strdup(e->path)) == NULL)
						goto oom;
					nu->bytes = size;
					r->nunreadable++;
				}
			}
			/* the path is copied only for a file that gets in */
			if (isfile && top_takes(r->files, r->nfiles, o->top,
			    sizeof(struct ctxpack_report_file), size)) {
				struct ctxpack_report_file el;

				el.path = strdup(e->path);
				el.bytes = size;
				if (el.path == NULL)
					goto oom;
				top_insert(r->files, &r->nfiles, o->top,
				    sizeof(el), size, &el, drop_file);
			}
		} else {
			r->excluded_files++;
			r->excluded_bytes += size;
		}
		if (o->progress != NULL && (++n & 4095) == 0)
			o->progress(r->before_files, r->before_bytes,
			    o->progress_arg);
		if (s.oom)
			goto oom;
	}
	if (rc == CTXPACK_FATAL) {
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
		    ctxpack_walk_error(w)->msg);
		goto fail;
	}
	while (s.depth > 0)
		pop_dir(&s);
	if (s.oom || ctxpack_tar_finish(t) != CTXPACK_OK)
		goto oom;
	r->tar_bytes = ctxpack_tar_bytes(t);
	if (r->nflags > 1)
		qsort(r->flags, r->nflags, sizeof(*r->flags), by_bytes);
	if (vet_flags(c, o, r) < 0)
		goto fail;
	if (cache != NULL) {
		c->opts.cache = NULL;
		ctxpack_cache_free(cache);
		cache = NULL;
	}
	/* an empty tree still has its root */
	if (s.tree != NULL && (r->tree = rtree_take(s.tree)) == NULL &&
	    (r->tree = calloc(1, sizeof(*r->tree))) == NULL)
		goto oom;
	if (r->tree != NULL && r->tree->name == NULL &&
	    (r->tree->name = strdup("")) == NULL)
		goto oom;
	rtree_free(s.tree);
	ctxpack_tar_free(t);
	ctxpack_walk_free(w);
	free(s.st);
	free(s.path);
	free(s.groups);
	*rp = r;
	return CTXPACK_OK;
oom:
	diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "out of memory");
fail:
	if (cache != NULL) {
		c->opts.cache = NULL;
		ctxpack_cache_free(cache);
	}
	rtree_free(s.tree);
	ctxpack_tar_free(t);
	ctxpack_walk_free(w);
	free(s.st);
	free(s.path);
	free(s.groups);
	ctxpack_report_free(r);
	return CTXPACK_FATAL;
}

int
ctxpack_report_run(struct ctxpack_ctx *c, const struct ctxpack_report_opts *o,
    struct ctxpack_report **rp)
{
	return report(c, o, NULL, rp);
}

int
ctxpack_report_tree(struct ctxpack_ctx *c, const struct ctxpack_report_opts *o,
    const struct ctxpack_tree_opts *topts, struct ctxpack_report **rp)
{
	static const struct ctxpack_tree_opts deft = { 3, 12 };

	return report(c, o, topts != NULL ? topts : &deft, rp);
}

void
ctxpack_report_free(struct ctxpack_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlargest; i++)
		drop_dir(&r->largest[i]);
	for (i = 0; i < r->nflags; i++)
		drop_dir(&r->flags[i]);
	for (i = 0; i < r->nfiles; i++)
		drop_file(&r->files[i]);
	for (i = 0; i < r->nwalked; i++)
		free(r->walked[i].path);
	for (i = 0; i < r->nunreadable; i++)
		free(r->unreadable[i].path);
	free(r->unreadable);
	free(r->largest);
	free(r->flags);
	free(r->files);
	free(r->walked);
	rtree_node_free(r->tree);
	ctxpack_suggestions_free(r->suggestions);
	free(r);
}
