/*
 * walk.c: the context walker.  Depth-first, each directory's names sorted
 * bytewise (R19), one directory listing in memory per level.  Directories
 * are opened with openat(O_NOFOLLOW|O_DIRECTORY) relative to their parent
 * so a tree changed underneath can never lead outside the context.
 * Excluded directories are entered only when an exception could match
 * inside them: glob-aware for BuildKit, the literal-prefix rule (R21) for
 * the classic builder.  After the tree come the entries a tar carries
 * beyond it (context.c decides them).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctxpack_int.h"

struct frame {
	int		 fd;		/* -1: entered from the cache, not
					   open yet (WALK_NODIRFD) */
	struct dirlist	 l;		/* its names */
	size_t		 idx;
	flagword	*flags;		/* per-rule results; NULL: the root */
	struct cdir	*cd;		/* its listing in the cache, or NULL */
	size_t		 pathlen;	/* of this directory's path */
	size_t		 nameoff;	/* where its name starts in path */
	int		 pending;	/* excluded, entry not yet sent (H5) */
	int		 real;		/* a pruned walk has this frame too */
	int		 keeponly;	/* entered only toward a build file
					   ctxpack keeps (classic): nothing
					   else in it is sent */
	int		 git;		/* git excluded it (gitignore rules) */
	int		 excl;		/* the rules exclude it */
	int		 used;		/* CTXPACK_WALK_USED: its verdict */
	long		 rule;
	long		 why;		/* excluded and entered: the exception */
	struct stat	 st;
};

/* What a new frame starts from. */
struct enter {
	int			 fd;
	struct stat		 st;
	struct cdir		*cd;		/* its listing, if known */
	size_t			 nameoff;
	const flagword		*flags;
	int			 pending, real, keeponly, git, excl, used;
	long			 rule, why;
};

/* The verdict on the entry the walk stands on. */
struct verdict {
	int	 v;		/* 1 excluded */
	int	 git;		/* git excluded it */
	long	 rule;
	int	 sent;		/* a pruned walk sends it */
	int	 descend;	/* a directory the walk enters */
	int	 keeponly;	/* entered only toward a kept build file */
	long	 why;		/* excluded and entered: the exception */
	int	 used;		/* CTXPACK_WALK_USED: CTXPACK_READ_* */
	int	 wait;		/* a directory sent only if something
				   below it is (H5, or on the way to a
				   read) */
};

struct ctxpack_walk {
	struct ctxpack_ctx		*ctx;
	const struct ctxpack_rules	*rules;
	struct frame			*fr;
	size_t				 depth, fcap;
	char				*path;		/* the current path */
	size_t				 plen, pcap;
	char				*link;
	size_t				 lcap;
	flagword			*tmpflags;
	struct ctxpack_entry		 e;		/* handed out */
	char				*epath;
	size_t				 epcap;
	char				*cpath;
	size_t				 cpcap;
	int				 deferred;	/* child waits for
							   its parents (H5) */
	struct ctxpack_entry		 child;
	size_t				 extra;		/* next ctx extra */
	int				 xfd;		/* its directory */
	char				*xname;
	int64_t				 now;		/* mtime of new entries */
	int				 dead;
	int				 buildkit;
	int				 used;		/* CTXPACK_WALK_USED */
	int				 buildah;
	unsigned			 flags;		/* CTXPACK_WALK_* */
	struct ctxpack_cache		*cache;
	unsigned long			 entered;
	unsigned long			 warnings;
	struct diagbuf			 err;
};

static int
namecmp(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name,
	    ((const struct dent *)b)->name);
}

/* Is NAME in F's sorted listing? */
static int
listed(const struct frame *f, const char *name)
{
	struct dent key;

	key.name = name;
	return f->l.n > 0 && bsearch(&key, f->l.ents, f->l.n, sizeof(*f->l.ents),
	    namecmp) != NULL;
}

static void
warn(struct ctxpack_walk *w, const char *path, const char *what, int err)
{
	char q[1024];

	w->warnings++;
	diag_emit(w->ctx->opts.diag, w->ctx->opts.diag_arg,
	    CTXPACK_LEVEL_WARNING, NULL, 0, 0, "%s: %s%s%s",
	    diag_quote(q, sizeof(q), path, strlen(path)), what,
	    err ? ": " : "", err ? strerror(err) : "");
}

static int
fatal(struct ctxpack_walk *w, const char *path, const char *what, int err)
{
	char q[1024];

	diag_set(&w->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s: %s%s%s",
	    diag_quote(q, sizeof(q), path, strlen(path)), what,
	    err ? ": " : "", err ? strerror(err) : "");
	w->err.d.syserr = err;
	w->dead = 1;
	return CTXPACK_FATAL;
}

/* fatal(), for the helpers that return -1. */
static int
die(struct ctxpack_walk *w, const char *path, const char *what, int err)
{
	fatal(w, path, what, err);
	return -1;
}

/*
 * The descriptor of frame k.  A frame entered from the cache is opened
 * only when something must be read there that the cache does not hold,
 * relative to its parent's as any other, and it must still be the
 * directory the cache listed.  -1 (errno) if it cannot be had.
 */
static int
frame_fd(struct ctxpack_walk *w, size_t k)
{
	struct frame *f = &w->fr[k];
	char name[NAME_MAX + 1];
	size_t len = f->pathlen - f->nameoff;
	struct stat st;
	int pfd, fd;

	if (f->fd >= 0 || k == 0)
		return f->fd;
	if ((pfd = frame_fd(w, k - 1)) < 0)
		return -1;
	if (len > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, w->path + f->nameoff, len);
	name[len] = '\0';
	if ((fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_dev != f->st.st_dev ||
	    st.st_ino != f->st.st_ino) {
		close(fd);
		errno = ENOENT;		/* replaced since it was listed */
		return -1;
	}
	return f->fd = fd;
}

/* lstat of entry i of the top frame f, through the cache when there is one. */
static int
child_stat(struct ctxpack_walk *w, struct frame *f, size_t i,
    const char *name, struct stat *st)
{
	int fd;

	if (f->cd != NULL && cache_stat(f->cd, i, st) == 0)
		return 0;
	if ((fd = frame_fd(w, w->depth - 1)) < 0 ||
	    fstatat(fd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (f->cd != NULL)
		cache_set_stat(f->cd, i, st);
	return 0;
}

/* The names of the directory open on f->fd, sorted, from the cache or read. */
static int
list(struct ctxpack_walk *w, struct frame *f)
{
	if (w->cache != NULL && (f->cd != NULL ||
	    (f->cd = cache_find(w->cache, f->st.st_dev, f->st.st_ino)) != NULL)) {
		/* the names stay the cache's: it outlives the walk */
		size_t n = cache_count(f->cd);

		if (mem_grow(&f->l.ents, &f->l.ncap, n, sizeof(*f->l.ents)) < 0)
			return -1;
		cache_names(f->cd, f->l.ents);
		f->l.n = n;
		return 0;
	}
	if (dirlist_read(&f->l, f->fd) < 0)
		return -1;
	if (w->cache != NULL)
		f->cd = cache_add(w->cache, f->st.st_dev, f->st.st_ino,
		    f->l.ents, f->l.n);
	return 0;
}

/*
 * The names of the directory open on fd, sorted bytewise (R19), "." and
 * ".." left out, into l (its buffers reused).  getdents64 straight:
 * fdopendir would fstat and fcntl again.  0, or -1 (errno).
 */
int
dirlist_read(struct dirlist *l, int fd)
{
	size_t i;

	l->alen = l->n = 0;
	for (;;) {
		char dbuf[32768];
		ssize_t got = getdents64(fd, dbuf, sizeof(dbuf));
		size_t pos;

		if (got < 0)
			return -1;
		if (got == 0)
			break;
		for (pos = 0; pos < (size_t)got; ) {
			const struct dirent64 *de =
			    (const struct dirent64 *)(void *)(dbuf + pos);
			size_t nl;

			pos += de->d_reclen;
			if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
			    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
				continue;
			nl = strlen(de->d_name) + 1;
			if (mem_grow(&l->arena, &l->acap, l->alen + nl, 1) < 0 ||
			    mem_grow(&l->ents, &l->ncap, l->n + 1,
			    sizeof(*l->ents)) < 0)
				return -1;
			memcpy(l->arena + l->alen, de->d_name, nl);
			l->ents[l->n].off = l->alen;
			l->ents[l->n].type = de->d_type;
			l->n++;
			l->alen += nl;
		}
	}
	for (i = 0; i < l->n; i++)
		l->ents[i].name = l->arena + l->ents[i].off;
	if (l->n > 1)
		qsort(l->ents, l->n, sizeof(*l->ents), namecmp);
	return 0;
}

/*
 * A new frame for the directory en->fd (closed on failure); en->fd -1:
 * one the cache lists, not opened (WALK_NODIRFD).
 */
static int
push(struct ctxpack_walk *w, const struct enter *en)
{
	struct frame *f;
	size_t nw = w->rules->nwords ? w->rules->nwords : 1;
	int fd;

	if (w->depth + 1 > w->fcap) {
		size_t old = w->fcap;

		if (mem_grow(&w->fr, &w->fcap, w->depth + 1, sizeof(*w->fr)) < 0) {
			if (en->fd >= 0)
				close(en->fd);
			return -1;
		}
		memset(w->fr + old, 0, (w->fcap - old) * sizeof(*w->fr));
	}
	f = &w->fr[w->depth];
	f->fd = en->fd;
	f->st = en->st;
	f->cd = en->cd;
	f->l.n = f->idx = 0;
	f->pathlen = w->plen;
	f->nameoff = en->nameoff;
	if (list(w, f) < 0)
		goto fail;
	/* the listing says whether there is one to read */
	if ((w->ctx->opts.flags & CTXPACK_F_GITIGNORE) && listed(f,
	    ".gitignore") && ((fd = frame_fd(w, w->depth)) < 0 ||
	    ctx_load_gitignore(w->ctx, fd, w->path, w->plen) < 0))
		goto fail;
	if (en->flags != NULL) {
		if ((f->flags = realloc(f->flags, nw * sizeof(flagword))) ==
		    NULL)
			goto fail;
		memcpy(f->flags, en->flags, nw * sizeof(flagword));
	} else {
		free(f->flags);
		f->flags = NULL;
	}
	f->pending = en->pending;
	f->real = en->real;
	f->keeponly = en->keeponly;
	f->git = en->git;
	f->excl = en->excl;
	f->used = en->used;
	f->rule = en->rule;
	f->why = en->why;
	w->depth++;
	return 0;
fail:
	if (f->fd >= 0)
		close(f->fd);
	return -1;
}

static void
pop(struct ctxpack_walk *w)
{
	struct frame *f = &w->fr[--w->depth];

	if (f->fd >= 0)
		close(f->fd);
	w->plen = f->nameoff > 0 ? f->nameoff - 1 : 0;
	if (w->depth > 0)
		w->plen = w->fr[w->depth - 1].pathlen;
}

int
ctxpack_walk_new(struct ctxpack_ctx *ctx, unsigned flags,
    struct ctxpack_walk **wp)
{
	struct ctxpack_walk *w;
	struct enter en;
	const char *src;

	*wp = NULL;
	en.cd = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return CTXPACK_FATAL;
	w->ctx = ctx;
	w->rules = ctx->rules;
	if (ctx->opts.flags & CTXPACK_F_USED)
		flags |= CTXPACK_WALK_USED;
	w->flags = flags;
	w->buildkit = ctx->opts.builder == CTXPACK_BUILDKIT;
	w->used = (flags & CTXPACK_WALK_USED) != 0;
	w->buildah = ctx->opts.builder == CTXPACK_BUILDAH;
	w->xfd = -1;
	w->now = (int64_t)time(NULL);
	/* a tar must see the tree as it is when each file is read */
	w->cache = (flags & CTXPACK_WALK_FRESH) ? NULL : ctx->opts.cache;
	if ((w->tmpflags = calloc(w->rules->nwords ? w->rules->nwords : 1,
	    sizeof(flagword))) == NULL || mem_grow(&w->path, &w->pcap, 256, 1) < 0) {
		ctxpack_walk_free(w);
		return CTXPACK_FATAL;
	}
	w->path[0] = '\0';
	*wp = w;
	if (w->used && ctx->build == NULL) {
		diag_set(&w->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
		    "the context has no build: open it with "
		    "CTXPACK_F_DOCKERFILE");
		w->dead = 1;
		return CTXPACK_FAILED;
	}
	if (w->used && w->buildah && (src = ctx_bh_pruned_read(ctx)) != NULL) {
		diag_set(&w->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "COPY "
		    "source %s lies in a directory the ignore file excludes "
		    "and no exception opens: buildah's COPY reads it from "
		    "there all the same, and a tar cannot say so (use the "
		    "whole context, without --used)", src);
		w->dead = 1;
		return CTXPACK_FAILED;
	}
	memset(&en, 0, sizeof(en));
	en.real = 1;
	en.rule = en.why = -1;
	if ((en.fd = openat(ctx->dirfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0 || fstat(en.fd, &en.st) < 0 || push(w, &en) < 0)
		return fatal(w, ctx->dir, "can't read the context directory",
		    errno);
	/* what a tar for buildah build - must carry besides (bhtar.c) */
	if (w->buildah && (flags & CTXPACK_WALK_TAR) &&
	    bh_plan(ctx) != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctxpack_ctx_error(ctx);

		diag_set(&w->err, CTXPACK_LEVEL_ERROR, d->file, d->line, d->col,
		    "%s", d->msg);
		w->dead = 1;
		return CTXPACK_FATAL;
	}
	return CTXPACK_OK;
}

void
ctxpack_walk_free(struct ctxpack_walk *w)
{
	size_t i;

	if (w == NULL)
		return;
	while (w->depth > 0)
		pop(w);
	if (w->xfd >= 0)
		close(w->xfd);
	free(w->xname);
	if (w->fr != NULL) {
		for (i = 0; i < w->fcap; i++) {
			free(w->fr[i].l.arena);
			free(w->fr[i].l.ents);
			free(w->fr[i].flags);
		}
	}
	free(w->fr);
	free(w->path);
	free(w->link);
	free(w->epath);
	free(w->cpath);
	free(w->tmpflags);
	free(w);
}

const struct ctxpack_diag *
ctxpack_walk_error(const struct ctxpack_walk *w)
{
	return diag_get(&w->err);
}

unsigned long
ctxpack_walk_excluded_dirs_entered(const struct ctxpack_walk *w)
{
	return w->entered;
}

unsigned long
ctxpack_walk_warnings(const struct ctxpack_walk *w)
{
	return w->warnings;
}

static enum ctxpack_type
type_of(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR: return CTXPACK_T_DIR;
	case S_IFLNK: return CTXPACK_T_SYMLINK;
	case S_IFIFO: return CTXPACK_T_FIFO;
	case S_IFCHR: return CTXPACK_T_CHR;
	case S_IFBLK: return CTXPACK_T_BLK;
	case S_IFSOCK: return CTXPACK_T_SOCK;
	default: return CTXPACK_T_FILE;
	}
}

static enum ctxpack_type
type_of_dt(unsigned char t)
{
	switch (t) {
	case DT_DIR: return CTXPACK_T_DIR;
	case DT_LNK: return CTXPACK_T_SYMLINK;
	case DT_FIFO: return CTXPACK_T_FIFO;
	case DT_CHR: return CTXPACK_T_CHR;
	case DT_BLK: return CTXPACK_T_BLK;
	case DT_SOCK: return CTXPACK_T_SOCK;
	default: return CTXPACK_T_FILE;
	}
}

void
entry_fill_stat(struct ctxpack_entry *e, const struct stat *st)
{
	e->type = type_of(st->st_mode);
	e->mode = st->st_mode;
	e->uid = st->st_uid;
	e->gid = st->st_gid;
	e->size = st->st_size;
	e->mtime = (int64_t)st->st_mtim.tv_sec;
	e->mtime_nsec = st->st_mtim.tv_nsec;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->nlink = st->st_nlink;
	e->rdev = st->st_rdev;
}

/* The entry of a pending (excluded) ancestor frame i. */
static const struct ctxpack_entry *
ancestor_entry(struct ctxpack_walk *w, size_t i)
{
	struct frame *f = &w->fr[i];

	if (mem_grow(&w->epath, &w->epcap, f->pathlen + 1, 1) < 0)
		return NULL;
	memcpy(w->epath, w->path, f->pathlen);
	w->epath[f->pathlen] = '\0';
	memset(&w->e, 0, sizeof(w->e));
	entry_fill_stat(&w->e, &f->st);
	w->e.path = w->epath;
	w->e.pathlen = f->pathlen;
	w->e.name = w->epath + f->nameoff;
	w->e.dirfd = w->fr[i - 1].fd;
	w->e.excluded = f->excl;
	w->e.used = f->used;
	w->e.sent = 1;
	w->e.reached = 1;
	w->e.repeat = (w->flags & CTXPACK_WALK_ALL) != 0;
	w->e.rule = f->rule;
	w->e.entered_for = f->why;
	if (w->buildah) {
		/* B10: buildah creates it, it does not copy it */
		w->e.mode = S_IFDIR | 0755;
		w->e.uid = 0;
		w->e.gid = 0;
		w->e.mtime = w->now;
		w->e.mtime_nsec = 0;
	}
	return &w->e;
}

/*
 * BuildKit sends the excluded directories above an included entry first
 * (H5): each pending ancestor in turn, then the entry that waited.
 */
static int
deferred_entry(struct ctxpack_walk *w, const struct ctxpack_entry **ep)
{
	size_t i;

	for (i = 1; i < w->depth; i++)
		if (w->fr[i].pending) {
			w->fr[i].pending = 0;
			if ((*ep = ancestor_entry(w, i)) == NULL)
				return fatal(w, w->path, "out of memory", 0);
			return CTXPACK_OK;
		}
	w->deferred = 0;
	w->e = w->child;
	*ep = &w->e;
	return CTXPACK_OK;
}

/* Open the directory holding REL below the context, no link followed. */
static int
open_parent(struct ctxpack_walk *w, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');

	*base = slash ? slash + 1 : rel;
	return ctx_open_dir(w->ctx, rel, slash ? (size_t)(slash - rel) : 0);
}

/*
 * The entries a tar carries beyond the tree (context.c decides them):
 * bytes of our own, new (mode 0600, mtime now, as the docker CLI makes
 * them, R27), or a file of the tree the walk did not send.
 */
static int
extra_entry(struct ctxpack_walk *w, const struct ctxpack_entry **ep)
{
	struct ctxpack_ctx *c = w->ctx;

	while (w->extra < c->nextras) {
		const struct ctx_extra *x = &c->extras[w->extra++];
		const char *base;
		struct stat st;
		ssize_t n;

		if (x->tar_only && !(w->flags & CTXPACK_WALK_TAR))
			continue;
		memset(&w->e, 0, sizeof(w->e));
		w->e.path = x->path;
		w->e.pathlen = strlen(x->path);
		w->e.name = x->path;
		w->e.rule = -1;
		w->e.entered_for = -1;
		w->e.sent = 1;
		w->e.reached = 1;
		w->e.extra = x->tar_only;
		if (x->data != NULL) {
			w->e.type = CTXPACK_T_FILE;
			w->e.mode = S_IFREG | 0600;
			w->e.size = (off_t)x->len;
			w->e.mtime = w->now;
			w->e.nlink = 1;
			w->e.dirfd = -1;
			w->e.data = x->data;
			*ep = &w->e;
			return CTXPACK_OK;
		}
		/* a build file the ignore file excludes (BuildKit, a tar) */
		if (w->xfd >= 0)
			close(w->xfd);
		if ((w->xfd = open_parent(w, x->path, &base)) < 0 ||
		    fstatat(w->xfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			warn(w, x->path, "build file vanished; not packed",
			    errno);
			continue;
		}
		free(w->xname);
		if ((w->xname = strdup(base)) == NULL)
			return fatal(w, x->path, "out of memory", 0);
		entry_fill_stat(&w->e, &st);
		w->e.excluded = 1;
		w->e.rule = x->rule;
		w->e.dirfd = w->xfd;
		w->e.name = w->xname;
		if (w->e.type == CTXPACK_T_SYMLINK) {
			if (mem_grow(&w->link, &w->lcap, PATH_MAX + 1, 1) < 0)
				return fatal(w, x->path, "out of memory", 0);
			if ((n = readlinkat(w->xfd, base, w->link, PATH_MAX)) <
			    0) {
				warn(w, x->path, "build file vanished; not "
				    "packed", errno);
				continue;
			}
			w->link[n] = '\0';
			w->e.link = w->link;
		}
		*ep = &w->e;
		return CTXPACK_OK;
	}
	return CTXPACK_EOF;
}

/*
 * Step to the next name of frame f: the path, and the type (a stat when
 * the listing does not say).  0 ok, 1 vanished (warned), -1 fatal.
 */
static int
advance(struct ctxpack_walk *w, struct frame *f, const char **namep,
    size_t *basep, enum ctxpack_type *t, struct stat *st, int *have_st)
{
	const char *name = f->l.ents[f->idx].name;
	size_t nl = strlen(name), base = f->pathlen;

	*t = type_of_dt(f->l.ents[f->idx].type);
	*have_st = 0;
	f->idx++;
	if (mem_grow(&w->path, &w->pcap, base + nl + 2, 1) < 0)
		return die(w, name, "out of memory", 0);
	if (base > 0)
		w->path[base++] = '/';
	memcpy(w->path + base, name, nl + 1);
	w->plen = base + nl;
	*namep = name;
	*basep = base;
	if (f->l.ents[f->idx - 1].type != DT_UNKNOWN)
		return 0;
	if (child_stat(w, f, f->idx - 1, name, st) < 0) {
		if (errno == ENOENT) {
			warn(w, w->path, "vanished while read", 0);
			return 1;
		}
		return die(w, w->path, "can't stat", errno);
	}
	*have_st = 1;
	*t = type_of(st->st_mode);
	return 0;
}

/* A match limit was hit on the walk's path: the rules' error, at its rule. */
static int
limit_hit(struct ctxpack_walk *w)
{
	const struct ctxpack_diag *d;

	rules_limit_error(w->rules);
	d = ctxpack_rules_error(w->rules);
	diag_set(&w->err, CTXPACK_LEVEL_ERROR, d->file, d->line, d->col,
	    "%s: %s", w->path, d->msg);
	w->dead = 1;
	return -1;
}

/*
 * buildah's copier (B8-B10): Matches on the path alone; an excluded
 * directory is entered when an exception's text starts with its path;
 * a rule that does not compile fails the first entry walked.
 */
static int
judge_buildah(struct ctxpack_walk *w, struct frame *f, int isdir,
    struct verdict *vd)
{
	const struct ctxpack_rules *r = w->rules;

	vd->v = bh_match(r, w->path, w->plen, &vd->rule);
	if (vd->v == -2) {
		bh_lazy_error(r, vd->rule, w->path, &w->err);
		w->dead = 1;
		return -1;
	}
	if (vd->v < 0)
		return limit_hit(w);
	vd->sent = f->real && vd->v == 0;
	if (isdir && f->real)
		vd->descend = vd->v == 0 || bh_enters(r, w->path, w->plen,
		    &vd->why);
	return 0;
}

/*
 * The verdict on the path the walk stands on, and whether a pruned walk
 * sends it or enters it: the rules (with the parent's per-rule results,
 * R17), then the builder's descent into an excluded directory (glob-aware
 * for BuildKit, H4; literal prefix for classic, R21), git's (never below
 * an excluded directory), and ctxpack's kept build files.  -1: a match
 * limit was hit.
 */
static int
judge_rules(struct ctxpack_walk *w, struct frame *f, int isdir,
    struct verdict *vd)
{
	const struct ctxpack_rules *r = w->rules;

	memset(vd, 0, sizeof(*vd));
	vd->why = -1;
	if (w->buildah)
		return judge_buildah(w, f, isdir, vd);
	vd->v = rules_judge(r, w->path, w->plen, isdir,
	    w->depth > 1 ? f->flags : NULL, isdir ? w->tmpflags : NULL,
	    f->git, &vd->git, &vd->rule);
	if (vd->v < 0)
		return limit_hit(w);
	vd->sent = f->real && vd->v == 0 && (!f->keeponly ||
	    rules_is_keep(r, w->path, w->plen));
	if (!isdir || !f->real)
		return 0;
	if (f->keeponly || (vd->v == 1 && vd->git)) {
		/* only toward a kept build file: git cannot re-include below
		 * an excluded directory, and R21 cut it */
		vd->descend = rules_keep_below(r, w->path, w->plen);
		vd->keeponly = f->keeponly;
		return 0;
	}
	vd->descend = vd->v == 0 || (w->buildkit ?
	    rules_could_include_below(r, w->path, w->plen, vd->rule,
	    &vd->why) : (r->has_exception &&
	    rules_classic_descend(r, w->path, w->plen)));
	if (!vd->descend && rules_keep_below(r, w->path, w->plen))
		vd->descend = vd->keeponly = 1;
	return 0;
}

/*
 * The verdict on the path the walk stands on: the rules', then for a
 * CTXPACK_WALK_USED walk the build's.  What the build does not read is
 * not sent, and a directory with no read below it is not entered; a
 * directory only on the way to reads waits, as BuildKit's excluded
 * parents do (H5), for the first entry sent below it.
 */
static int
judge(struct ctxpack_walk *w, struct frame *f, int isdir, struct verdict *vd)
{
	int u;

	if (judge_rules(w, f, isdir, vd) < 0)
		return -1;
	vd->wait = (w->buildkit || w->buildah) && vd->v && vd->descend;
	if (!w->used || !f->real)
		return 0;
	if (f->used == CTXPACK_READ_YES)
		u = CTXPACK_READ_YES;	/* below a read directory */
	else if ((u = ctx_used(w->ctx, w->path, w->plen, isdir)) < 0) {
		diag_set(&w->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
		    "%s: the Dockerfile's sources hit a match limit", w->path);
		w->dead = 1;
		return -1;
	}
	vd->used = u;
	if (u == CTXPACK_READ_NO) {
		vd->sent = vd->descend = vd->wait = 0;
	} else if (u == CTXPACK_READ_PARENT) {
		if (!isdir)
			vd->sent = 0;
		else if (vd->sent) {
			vd->sent = 0;
			vd->wait = vd->descend;
		}
	}
	return 0;
}

/*
 * WALK_NODIRFD: a directory the cache lists is entered without opening
 * it, with the stat it had when it was read (1).  Else 0: open it.
 */
static int
cached_dir(struct ctxpack_walk *w, struct frame *f, struct enter *en)
{
	en->cd = NULL;
	if (!(w->flags & WALK_NODIRFD) || f->cd == NULL ||
	    (en->cd = cache_sub(w->cache, f->cd, f->idx - 1)) == NULL ||
	    cache_stat(f->cd, f->idx - 1, &en->st) < 0)
		return 0;
	en->fd = -1;
	return 1;
}

/* The directory entry i of f, opened: its stat goes to the cache too. */
static int
open_dir(struct ctxpack_walk *w, struct frame *f, const char *name,
    struct stat *st)
{
	int pfd, fd;

	if ((pfd = frame_fd(w, w->depth - 1)) < 0 ||
	    (fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, st) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -2;
	}
	if (f->cd != NULL)
		cache_set_stat(f->cd, f->idx - 1, st);
	return fd;
}

/*
 * An excluded directory a pruned walk does not send but enters (an
 * exception may match below): in, unless it cannot be read (H6).
 */
static int
enter_excluded(struct ctxpack_walk *w, struct frame *f, const char *name,
    size_t base, const struct verdict *vd)
{
	struct enter en;

	if (!cached_dir(w, f, &en) &&
	    (en.fd = open_dir(w, f, name, &en.st)) < 0) {
		if (en.fd == -2)
			return vd->v ? 0 : die(w, w->path, "can't stat", errno);
		/* only on the way to reads (CTXPACK_WALK_USED): needed */
		if (!vd->v && errno != ENOENT && errno != ENOTDIR &&
		    errno != ELOOP)
			return die(w, w->path, "can't open directory", errno);
		return 0;
	}
	en.nameoff = base;
	en.flags = w->tmpflags;
	en.pending = vd->wait;
	en.real = 1;
	en.keeponly = vd->keeponly;
	en.git = vd->git;
	en.excl = vd->v;
	en.used = vd->used;
	en.rule = vd->rule;
	en.why = vd->why;
	if (push(w, &en) < 0)
		return die(w, w->path, "can't read directory", errno);
	if (vd->v)
		w->entered++;
	return 0;
}

/* A symbolic link's target, from the cache or read.  1: vanished. */
static int
read_link(struct ctxpack_walk *w, struct frame *f, const char *name,
    off_t size)
{
	const char *cached = f->cd ? cache_link(f->cd, f->idx - 1) : NULL;
	ssize_t n;

	if (cached != NULL) {
		w->child.link = cached;
		return 0;
	}
	for (;;) {
		if (mem_grow(&w->link, &w->lcap, (size_t)(size > 0 ? size : 0) + 2,
		    1) < 0)
			return die(w, w->path, "out of memory", 0);
		int fd = frame_fd(w, w->depth - 1);

		if (fd < 0 || (n = readlinkat(fd, name, w->link,
		    w->lcap)) < 0) {
			if (errno == ENOENT || errno == EINVAL) {
				warn(w, w->path, "vanished while read", 0);
				return 1;
			}
			return die(w, w->path, "can't read link", errno);
		}
		if ((size_t)n < w->lcap)
			break;
		size = (off_t)w->lcap * 2;
	}
	w->link[n] = '\0';
	w->child.link = w->link;
	if (f->cd != NULL)
		cache_set_link(f->cd, f->idx - 1, w->link);
	return 0;
}

/* A directory to hand out: open it and push its frame.  1: skipped. */
static int
open_child_dir(struct ctxpack_walk *w, struct frame *f, const char *name,
    size_t base, const struct verdict *vd)
{
	struct enter en;

	if (!cached_dir(w, f, &en) &&
	    (en.fd = open_dir(w, f, name, &en.st)) < 0) {
		if (en.fd == -2)
			return die(w, w->path, "can't stat", errno);
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) {
			warn(w, w->path, "vanished or replaced while read", 0);
			return 1;
		}
		if (vd->v == 1) {	/* excluded: not needed (H6) */
			warn(w, w->path, "can't open excluded directory",
			    errno);
			return 1;
		}
		return die(w, w->path, "can't open directory", errno);
	}
	entry_fill_stat(&w->child, &en.st);
	w->child.excluded = vd->v;
	en.nameoff = base;
	en.flags = w->tmpflags;
	en.pending = vd->wait;
	en.real = vd->descend;
	en.keeponly = vd->keeponly;
	en.git = vd->git;
	en.excl = vd->v;
	en.used = vd->used;
	en.rule = vd->rule;
	en.why = vd->why;
	if (push(w, &en) < 0)
		return die(w, w->path, "can't read directory", errno);
	if (vd->v && vd->descend)
		w->entered++;
	return 0;
}

/*
 * Make w->child of the entry the walk stands on: its stat, link target,
 * the classic CLI's rewritten .dockerignore (R27), its own frame for a
 * directory.  0 ok, 1 skip it (vanished, warned), -1 fatal.
 */
static int
make_child(struct ctxpack_walk *w, struct frame *f, const char *name,
    size_t base, enum ctxpack_type t, struct stat *st, int have_st,
    const struct verdict *vd)
{
	int nostat = (w->flags & CTXPACK_WALK_NOSTAT) != 0, rc;

	memset(&w->child, 0, sizeof(w->child));
	w->child.type = t;
	w->child.excluded = vd->v;
	w->child.sent = vd->sent;
	w->child.used = vd->used;
	w->child.reached = f->real;
	w->child.entered_for = vd->v && vd->descend ? vd->why : -1;
	/*
	 * A directory is opened below and stat'ed there; a regular file of a
	 * lazy walk is stat'ed when it is read (the rewritten .dockerignore
	 * of R27 needs its stat here).
	 */
	if (!have_st && t == CTXPACK_T_FILE && (w->flags & WALK_LAZY) &&
	    !(w->depth == 1 && strcmp(name, ".dockerignore") == 0))
		nostat = 1;
	if (!have_st && !nostat && t != CTXPACK_T_DIR) {
		if (child_stat(w, f, f->idx - 1, name, st) < 0) {
			if (errno == ENOENT) {
				warn(w, w->path, "vanished while read", 0);
				return 1;
			}
			return die(w, w->path, "can't stat", errno);
		}
		have_st = 1;
	}
	if (have_st) {
		entry_fill_stat(&w->child, st);
		t = w->child.type;
	}
	w->child.dirfd = f->fd;
	w->child.rule = vd->rule;
	if (w->depth == 1 && w->ctx->ignore_sent && vd->sent &&
	    t == CTXPACK_T_FILE && strcmp(name, ".dockerignore") == 0) {
		/* R27: the classic CLI's rewritten .dockerignore */
		w->child.dirfd = -1;
		w->child.data = w->ctx->ignore_rewrite;
		w->child.size = (off_t)w->ctx->ignore_rewrite_len;
	}
	if (t == CTXPACK_T_SYMLINK && !nostat &&
	    (rc = read_link(w, f, name, st->st_size)) != 0)
		return rc;
	if (t == CTXPACK_T_DIR &&
	    (rc = open_child_dir(w, f, name, base, vd)) != 0)
		return rc;
	/* path, name: stable until the next call */
	if (mem_grow(&w->cpath, &w->cpcap, w->plen + 1, 1) < 0)
		return die(w, w->path, "out of memory", 0);
	memcpy(w->cpath, w->path, w->plen + 1);
	w->child.path = w->cpath;
	w->child.pathlen = w->plen;
	w->child.name = w->cpath + base;
	return 0;
}

int
ctxpack_walk_next(struct ctxpack_walk *w, const struct ctxpack_entry **ep)
{
	int all = (w->flags & CTXPACK_WALK_ALL) != 0;

	*ep = NULL;
	if (w->dead)
		return CTXPACK_FATAL;
	if (w->deferred)
		return deferred_entry(w, ep);
	while (w->depth > 0) {
		struct frame *f = &w->fr[w->depth - 1];
		struct verdict vd;
		enum ctxpack_type t;
		const char *name;
		struct stat st;
		size_t base, k;
		int have_st, rc;

		if (f->idx == f->l.n) {
			pop(w);
			continue;
		}
		if ((rc = advance(w, f, &name, &base, &t, &st, &have_st)) != 0) {
			if (rc < 0)
				return CTXPACK_FATAL;
			continue;
		}
		if (w->buildah && t == CTXPACK_T_SOCK)
			continue;	/* B11: never looked at */
		if (judge(w, f, t == CTXPACK_T_DIR, &vd) < 0)
			return CTXPACK_FATAL;
		if (w->used && w->buildah && t == CTXPACK_T_SYMLINK && !vd.v &&
		    vd.used != CTXPACK_READ_NO &&
		    (rc = ctx_used_link(w->ctx, w->path, w->plen)) != 0) {
			diag_set(&w->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
			    "%s: %s", w->path, rc < 0 ? "the Dockerfile's "
			    "sources hit a match limit" : "a COPY source is "
			    "this symbolic link, or goes through it: buildah "
			    "follows it, ctxpack's model of the build does "
			    "not (use the whole context, without --used)");
			w->dead = 1;
			return CTXPACK_FATAL;
		}
		if (!vd.sent && !all) {
			if (vd.descend &&
			    enter_excluded(w, f, name, base, &vd) != 0)
				return CTXPACK_FATAL;
			continue;
		}
		/* included, or any entry of a full walk (excluded marked) */
		if ((rc = make_child(w, f, name, base, t, &st, have_st,
		    &vd)) != 0) {
			if (rc < 0)
				return CTXPACK_FATAL;
			continue;
		}
		/* excluded ancestors not yet sent go first (H5) */
		if ((w->buildkit || w->buildah || w->used) && vd.sent)
			for (k = 1; k < w->depth; k++)
				if (w->fr[k].pending) {
					w->deferred = 1;
					return deferred_entry(w, ep);
				}
		w->e = w->child;
		*ep = &w->e;
		return CTXPACK_OK;
	}
	return extra_entry(w, ep);
}
