/*
 * walk.c: the context walker.  Depth-first, each directory's names sorted
 * bytewise (R19), one directory listing in memory per level.  Directories
 * are opened with openat(O_NOFOLLOW|O_DIRECTORY) relative to their parent
 * so a tree changed underneath can never lead outside the context.
 * Excluded directories are entered only when an exception could match
 * inside them: glob-aware for BuildKit, the literal-prefix rule (R21) for
 * the classic builder.
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

struct dent {
	const char	*name;
	size_t		 off;
	unsigned char	 type;
};

/*
 * The listing cache (ctxpack_cache): directory listings and the lstat of
 * each entry, kept across walks of overlapping contexts so that each
 * directory is read and each entry statted once (audit).
 */
struct cstat {			/* what the walk uses of a struct stat */
	mode_t		 mode;
	uid_t		 uid;
	gid_t		 gid;
	off_t		 size;
	struct timespec	 mtim;
	dev_t		 dev;
	ino_t		 ino;
	nlink_t		 nlink;
	dev_t		 rdev;
};

struct cent {
	char		*name;
	unsigned char	 type;
	int		 have_st;
	struct cstat	 st;
	char		*link;
};

struct cdir {
	dev_t		 dev;
	ino_t		 ino;
	struct cent	*ents;
	size_t		 n;
};

struct ctxpack_cache {
	struct cdir	**dirs;		/* open addressing on (dev, ino) */
	size_t		 n, cap;
};

struct frame {
	int		 fd;
	char		*arena;
	size_t		 alen, acap;
	struct dent	*ents;
	size_t		 n, ncap, idx;
	flagword	*flags;		/* NULL for the root */
	struct cdir	*cd;		/* its listing in the cache, or NULL */
	size_t		 pathlen;	/* of this directory's path */
	size_t		 nameoff;	/* where its name starts in path */
	int		 pending;	/* excluded, entry not yet sent (H5) */
	int		 real;		/* a pruned walk has this frame too */
	int		 keeponly;	/* entered only toward a build file
					   ctxpack keeps (classic): nothing
					   else in it is sent */
	int		 git;		/* git excluded it (gitignore rules) */
	long		 rule;
	long		 why;		/* excluded and entered: the exception */
	struct stat	 st;
};

struct ctxpack_walk {
	struct ctxpack_ctx		*ctx;
	const struct ctxpack_rules	*rules;
	struct frame			*fr;
	size_t				 depth, fcap;
	char				*path;
	size_t				 plen, pcap;
	char				*link;
	size_t				 lcap;
	flagword			*tmpflags;
	struct ctxpack_entry		 e;
	char				*epath;
	size_t				 epcap;
	char				*cpath;
	size_t				 cpcap;
	int				 deferred;
	struct ctxpack_entry		 child;
	struct stat			 cst;
	size_t				 extra;		/* next ctx extra */
	int				 xfd;		/* its directory, or -1 */
	char				*xname;
	int64_t				 now;		/* mtime of new entries */
	int				 dead;
	unsigned			 flags;		/* CTXPACK_WALK_* */
	unsigned			 ctxflags;	/* CTXPACK_F_* */
	struct ctxpack_cache		*cache;
	unsigned long			 entered;
	unsigned long			 warnings;
	struct diagbuf			 err;
};

static int
grow(void *pp, size_t *cap, size_t need, size_t elem)
{
	void *p;
	size_t nc = *cap ? *cap : 64;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc *= 2;
	if ((p = realloc(*(void **)pp, nc * elem)) == NULL)
		return -1;
	*(void **)pp = p;
	*cap = nc;
	return 0;
}

static size_t
cache_slot(const struct ctxpack_cache *c, dev_t dev, ino_t ino,
    struct cdir **tbl)
{
	size_t i = (size_t)((ino ^ (dev << 17)) * 0x9e3779b97f4a7c15ULL) &
	    (c->cap - 1);

	while (tbl[i] != NULL && (tbl[i]->dev != dev || tbl[i]->ino != ino))
		i = (i + 1) & (c->cap - 1);
	return i;
}

static struct cdir *
cache_find(const struct ctxpack_cache *c, dev_t dev, ino_t ino)
{
	struct cdir **tbl = c->dirs;

	if (c->cap == 0)
		return NULL;
	return tbl[cache_slot(c, dev, ino, tbl)];
}

/* Record a directory's sorted listing; NULL when memory runs out. */
static struct cdir *
cache_add(struct ctxpack_cache *c, dev_t dev, ino_t ino,
    const struct dent *ents, size_t n)
{
	struct cdir **tbl = c->dirs, *d;
	size_t i;

	if ((c->n + 1) * 2 > c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 256;
		struct cdir **nt = calloc(nc, sizeof(*nt));

		if (nt == NULL)
			return NULL;
		for (i = 0; i < c->cap; i++)
			if (tbl[i] != NULL) {
				struct ctxpack_cache tmp = { NULL, 0, nc };

				nt[cache_slot(&tmp, tbl[i]->dev, tbl[i]->ino,
				    nt)] = tbl[i];
			}
		free(tbl);
		c->dirs = nt;
		c->cap = nc;
		tbl = nt;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (n > 0 && (d->ents = calloc(n, sizeof(*d->ents))) == NULL)) {
		free(d);
		return NULL;
	}
	d->dev = dev;
	d->ino = ino;
	for (i = 0; i < n; i++) {
		if ((d->ents[i].name = strdup(ents[i].name)) == NULL)
			break;
		d->ents[i].type = ents[i].type;
	}
	d->n = i;
	tbl[cache_slot(c, dev, ino, tbl)] = d;
	c->n++;
	return d;
}

struct ctxpack_cache *
ctxpack_cache_new(void)
{
	return calloc(1, sizeof(struct ctxpack_cache));
}

void
ctxpack_cache_free(struct ctxpack_cache *c)
{
	struct cdir **tbl;
	size_t i, k;

	if (c == NULL)
		return;
	tbl = c->dirs;
	for (i = 0; i < c->cap; i++) {
		if (tbl[i] == NULL)
			continue;
		for (k = 0; k < tbl[i]->n; k++) {
			free(tbl[i]->ents[k].name);
			free(tbl[i]->ents[k].link);
		}
		free(tbl[i]->ents);
		free(tbl[i]);
	}
	free(tbl);
	free(c);
}

static void
to_cstat(struct cstat *c, const struct stat *st)
{
	c->mode = st->st_mode;
	c->uid = st->st_uid;
	c->gid = st->st_gid;
	c->size = st->st_size;
	c->mtim = st->st_mtim;
	c->dev = st->st_dev;
	c->ino = st->st_ino;
	c->nlink = st->st_nlink;
	c->rdev = st->st_rdev;
}

static void
from_cstat(struct stat *st, const struct cstat *c)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = c->mode;
	st->st_uid = c->uid;
	st->st_gid = c->gid;
	st->st_size = c->size;
	st->st_mtim = c->mtim;
	st->st_dev = c->dev;
	st->st_ino = c->ino;
	st->st_nlink = c->nlink;
	st->st_rdev = c->rdev;
}

/* lstat of entry i of frame f, through the cache when there is one. */
static int
child_stat(struct frame *f, size_t i, const char *name, struct stat *st)
{
	if (f->cd != NULL && i < f->cd->n && f->cd->ents[i].have_st) {
		from_cstat(st, &f->cd->ents[i].st);
		return 0;
	}
	if (fstatat(f->fd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (f->cd != NULL && i < f->cd->n) {
		to_cstat(&f->cd->ents[i].st, st);
		f->cd->ents[i].have_st = 1;
	}
	return 0;
}

static int	load_gitignore(struct ctxpack_walk *, struct frame *);

static int
namecmp(const void *a, const void *b)
{
	return strcmp(((const struct dent *)a)->name,
	    ((const struct dent *)b)->name);
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
	w->dead = 1;
	return CTXPACK_FATAL;
}

/* Read and sort the names of the directory open on fd into a new frame. */
static int
push(struct ctxpack_walk *w, int fd, const struct stat *st, size_t nameoff,
    const flagword *flags, int pending, int real, long rule, long why, int git)
{
	struct frame *f;
	size_t i;

	if (w->depth + 1 > w->fcap) {
		size_t old = w->fcap;

		if (grow(&w->fr, &w->fcap, w->depth + 1, sizeof(*w->fr)) < 0) {
			close(fd);
			return -1;
		}
		memset(w->fr + old, 0, (w->fcap - old) * sizeof(*w->fr));
	}
	f = &w->fr[w->depth];
	f->fd = fd;
	f->cd = NULL;
	f->alen = f->n = f->idx = 0;
	if (w->cache != NULL &&
	    (f->cd = cache_find(w->cache, st->st_dev, st->st_ino)) != NULL) {
		/* read before: take the listing from the cache */
		for (i = 0; i < f->cd->n; i++) {
			size_t nl = strlen(f->cd->ents[i].name) + 1;

			if (grow(&f->arena, &f->acap, f->alen + nl, 1) < 0 ||
			    grow(&f->ents, &f->ncap, f->n + 1,
			    sizeof(*f->ents)) < 0)
				goto fail;
			memcpy(f->arena + f->alen, f->cd->ents[i].name, nl);
			f->ents[f->n].off = f->alen;
			f->ents[f->n].type = f->cd->ents[i].type;
			f->n++;
			f->alen += nl;
		}
		for (i = 0; i < f->n; i++)
			f->ents[i].name = f->arena + f->ents[i].off;
		goto listed;
	}
	/* getdents64 straight: fdopendir would fstat and fcntl again */
	for (;;) {
		char dbuf[32768];
		ssize_t got = getdents64(fd, dbuf, sizeof(dbuf));
		size_t pos;

		if (got < 0)
			goto fail;
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
			if (grow(&f->arena, &f->acap, f->alen + nl, 1) < 0 ||
			    grow(&f->ents, &f->ncap, f->n + 1,
			    sizeof(*f->ents)) < 0)
				goto fail;
			memcpy(f->arena + f->alen, de->d_name, nl);
			f->ents[f->n].off = f->alen;
			f->ents[f->n].type = de->d_type;
			f->n++;
			f->alen += nl;
		}
	}
	for (i = 0; i < f->n; i++)
		f->ents[i].name = f->arena + f->ents[i].off;
	if (f->n > 1)
		qsort(f->ents, f->n, sizeof(*f->ents), namecmp);
	if (w->cache != NULL)
		f->cd = cache_add(w->cache, st->st_dev, st->st_ino, f->ents,
		    f->n);
listed:
	if ((w->ctxflags & CTXPACK_F_GITIGNORE) && load_gitignore(w, f) < 0)
		goto fail;
	if (flags != NULL) {
		size_t nw = w->rules->nwords ? w->rules->nwords : 1;

		if ((f->flags = realloc(f->flags, nw * sizeof(flagword))) ==
		    NULL)
			goto fail;
		memcpy(f->flags, flags, nw * sizeof(flagword));
	} else {
		free(f->flags);
		f->flags = NULL;
	}
	f->pathlen = w->plen;
	f->nameoff = nameoff;
	f->pending = pending;
	f->real = real;
	f->git = git;
	f->rule = rule;
	f->why = why;
	f->st = *st;
	w->depth++;
	return 0;
fail:
	close(fd);
	return -1;
}

static void
pop(struct ctxpack_walk *w)
{
	struct frame *f = &w->fr[--w->depth];

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
	struct stat st;
	int fd;

	*wp = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return CTXPACK_FATAL;
	w->ctx = ctx;
	w->rules = ctx->rules;
	w->flags = flags;
	w->ctxflags = ctx->opts.flags;
	w->xfd = -1;
	w->now = (int64_t)time(NULL);
	/* a tar must see the tree as it is when each file is read */
	w->cache = (flags & CTXPACK_WALK_TAR) ? NULL : ctx->opts.cache;
	if ((w->tmpflags = calloc(w->rules->nwords ? w->rules->nwords : 1,
	    sizeof(flagword))) == NULL || grow(&w->path, &w->pcap, 256, 1) < 0) {
		ctxpack_walk_free(w);
		return CTXPACK_FATAL;
	}
	w->path[0] = '\0';
	*wp = w;
	if ((fd = openat(ctx->dirfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0 || fstat(fd, &st) < 0 ||
	    push(w, fd, &st, 0, NULL, 0, 1, -1, -1, 0) < 0)
		return fatal(w, ctx->dir, "can't read the context directory",
		    errno);
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
			free(w->fr[i].arena);
			free(w->fr[i].ents);
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

static void
fill(struct ctxpack_entry *e, const struct stat *st)
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

	if (grow(&w->epath, &w->epcap, f->pathlen + 1, 1) < 0)
		return NULL;
	memcpy(w->epath, w->path, f->pathlen);
	w->epath[f->pathlen] = '\0';
	memset(&w->e, 0, sizeof(w->e));
	fill(&w->e, &f->st);
	w->e.path = w->epath;
	w->e.pathlen = f->pathlen;
	w->e.name = w->epath + f->nameoff;
	w->e.dirfd = w->fr[i - 1].fd;
	w->e.excluded = 1;
	w->e.sent = 1;
	w->e.reached = 1;
	w->e.repeat = (w->flags & CTXPACK_WALK_ALL) != 0;
	w->e.rule = f->rule;
	w->e.entered_for = f->why;
	return &w->e;
}

/* Open the directory holding REL below the context, link by link refused. */
static int
open_parent(struct ctxpack_walk *w, const char *rel, const char **base)
{
	const char *p = rel, *slash;
	int fd = dup(w->ctx->dirfd), nfd;

	while (fd >= 0 && (slash = strchr(p, '/')) != NULL) {
		char comp[NAME_MAX + 1];
		size_t n = (size_t)(slash - p);

		if (n > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(fd);
		fd = nfd;
		p = slash + 1;
	}
	*base = p;
	return fd;
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
		fill(&w->e, &st);
		w->e.excluded = 1;
		w->e.rule = x->rule;
		w->e.dirfd = w->xfd;
		w->e.name = w->xname;
		if (w->e.type == CTXPACK_T_SYMLINK) {
			ssize_t n;

			if (grow(&w->link, &w->lcap, PATH_MAX + 1, 1) < 0)
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

int
ctxpack_walk_next(struct ctxpack_walk *w, const struct ctxpack_entry **ep)
{
	int buildkit = w->ctx->opts.builder == CTXPACK_BUILDKIT;
	int nostat = (w->flags & CTXPACK_WALK_NOSTAT) != 0;
	int all = (w->flags & CTXPACK_WALK_ALL) != 0;

	*ep = NULL;
	if (w->dead)
		return CTXPACK_FATAL;
	if (w->deferred) {
		size_t i;

		for (i = 1; i < w->depth; i++)
			if (w->fr[i].pending) {
				w->fr[i].pending = 0;
				if ((*ep = ancestor_entry(w, i)) == NULL)
					return fatal(w, w->path,
					    "out of memory", 0);
				return CTXPACK_OK;
			}
		w->deferred = 0;
		w->e = w->child;
		*ep = &w->e;
		return CTXPACK_OK;
	}
	while (w->depth > 0) {
		struct frame *f = &w->fr[w->depth - 1];
		const char *name;
		size_t nl, base, k;
		enum ctxpack_type t;
		struct stat st;
		long rule, why;
		int v, isdir, have_st = 0, sent, descend, git, keeponly;

		if (f->idx == f->n) {
			pop(w);
			continue;
		}
		name = f->ents[f->idx].name;
		t = type_of_dt(f->ents[f->idx].type);
		f->idx++;
		nl = strlen(name);
		base = f->pathlen;
		if (grow(&w->path, &w->pcap, base + nl + 2, 1) < 0)
			return fatal(w, name, "out of memory", 0);
		if (base > 0)
			w->path[base++] = '/';
		memcpy(w->path + base, name, nl + 1);
		w->plen = base + nl;
		if (f->ents[f->idx - 1].type == DT_UNKNOWN) {
			if (child_stat(f, f->idx - 1, name, &st) < 0) {
				if (errno == ENOENT) {
					warn(w, w->path, "vanished while read", 0);
					continue;
				}
				return fatal(w, w->path, "can't stat", errno);
			}
			have_st = 1;
			t = type_of(st.st_mode);
		}
		isdir = t == CTXPACK_T_DIR;
		v = rules_judge(w->rules, w->path, w->plen, isdir,
		    w->depth > 1 ? f->flags : NULL,
		    isdir ? w->tmpflags : NULL, f->git, &git, &rule);
		if (v < 0) {
			const struct ctxpack_diag *d;

			rules_limit_error(w->rules);
			d = ctxpack_rules_error(w->rules);
			diag_set(&w->err, CTXPACK_LEVEL_ERROR, d->file, d->line,
			    d->col, "%s: %s", w->path, d->msg);
			w->dead = 1;
			return CTXPACK_FATAL;
		}
		/* Would a pruned walk send it, or enter it? */
		sent = f->real && v == 0 && (!f->keeponly ||
		    rules_is_keep(w->rules, w->path, w->plen));
		why = -1;
		descend = 0;
		keeponly = 0;
		if (isdir && f->real && (f->keeponly || (v == 1 && git))) {
			/* only toward a kept build file: git cannot re-include
			 * below an excluded directory, and R21 cut it */
			descend = rules_keep_below(w->rules, w->path, w->plen);
			keeponly = f->keeponly;
		} else if (isdir && f->real) {
			descend = v == 0 || (buildkit ?
			    rules_could_include_below(w->rules, w->path,
			    w->plen, rule, &why) :
			    (w->rules->has_exception &&
			    rules_classic_descend(w->rules, w->path, w->plen)));
			if (!descend && rules_keep_below(w->rules, w->path,
			    w->plen))
				descend = keeponly = 1;
		}
		if (!sent && !all) {
			int fd;

			if (!descend)
				continue;
			/* Unreadable excluded directories are skipped (H6). */
			if ((fd = openat(f->fd, name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC)) < 0)
				continue;
			if (fstat(fd, &st) < 0) {
				close(fd);
				continue;
			}
			if (push(w, fd, &st, base, w->tmpflags, buildkit, 1,
			    rule, why, git) < 0)
				return fatal(w, w->path, "can't read directory",
				    errno);
			w->fr[w->depth - 1].keeponly = keeponly;
			w->entered++;
			continue;
		}
		/* Included, or any entry in a full walk (excluded marked). */
		memset(&w->child, 0, sizeof(w->child));
		w->child.type = t;
		w->child.excluded = v;
		w->child.sent = sent;
		w->child.reached = f->real;
		w->child.entered_for = v && descend ? why : -1;
		if (!have_st && (!nostat || isdir)) {
			if (child_stat(f, f->idx - 1, name, &st) < 0) {
				if (errno == ENOENT) {
					warn(w, w->path, "vanished while read", 0);
					continue;
				}
				return fatal(w, w->path, "can't stat", errno);
			}
			have_st = 1;
		}
		if (have_st) {
			fill(&w->child, &st);
			t = w->child.type;
			isdir = t == CTXPACK_T_DIR;
		}
		w->child.dirfd = f->fd;
		w->child.rule = rule;
		if (w->depth == 1 && w->ctx->ignore_sent && sent &&
		    t == CTXPACK_T_FILE && strcmp(name, ".dockerignore") == 0) {
			/* R27: the classic CLI's rewritten .dockerignore */
			w->child.dirfd = -1;
			w->child.data = w->ctx->ignore_rewrite;
			w->child.size = (off_t)w->ctx->ignore_rewrite_len;
		}
		if (t == CTXPACK_T_SYMLINK && !nostat && f->cd != NULL &&
		    f->idx - 1 < f->cd->n && f->cd->ents[f->idx - 1].link) {
			w->child.link = f->cd->ents[f->idx - 1].link;
		} else if (t == CTXPACK_T_SYMLINK && !nostat) {
			ssize_t n;

			for (;;) {
				if (grow(&w->link, &w->lcap, (size_t)
				    (st.st_size > 0 ? st.st_size : 0) + 2, 1) < 0)
					return fatal(w, w->path, "out of memory",
					    0);
				n = readlinkat(f->fd, name, w->link, w->lcap);
				if (n < 0) {
					if (errno == ENOENT || errno == EINVAL) {
						warn(w, w->path,
						    "vanished while read", 0);
						goto next;
					}
					return fatal(w, w->path,
					    "can't read link", errno);
				}
				if ((size_t)n < w->lcap)
					break;
				st.st_size = (off_t)w->lcap * 2;
			}
			w->link[n] = '\0';
			w->child.link = w->link;
			if (f->cd != NULL && f->idx - 1 < f->cd->n)
				f->cd->ents[f->idx - 1].link = strdup(w->link);
		}
		if (isdir) {
			int fd = openat(f->fd, name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);

			if (fd < 0) {
				if (errno == ENOENT || errno == ENOTDIR ||
				    errno == ELOOP) {
					warn(w, w->path,
					    "vanished or replaced while read", 0);
					continue;
				}
				if (v == 1) {	/* excluded: not needed (H6) */
					warn(w, w->path, "can't open excluded "
					    "directory", errno);
					continue;
				}
				return fatal(w, w->path, "can't open directory",
				    errno);
			}
			if (fstat(fd, &st) == 0) {
				fill(&w->child, &st);
				w->child.excluded = v;
			}
			if (push(w, fd, &st, base, w->tmpflags,
			    buildkit && v && descend, descend, rule, why, git) < 0)
				return fatal(w, w->path, "can't read directory",
				    errno);
			w->fr[w->depth - 1].keeponly = keeponly;
			if (v && descend)
				w->entered++;
		}
		/* path, name: stable until the next call */
		if (grow(&w->cpath, &w->cpcap, w->plen + 1, 1) < 0)
			return fatal(w, w->path, "out of memory", 0);
		memcpy(w->cpath, w->path, w->plen + 1);
		w->child.path = w->cpath;
		w->child.pathlen = w->plen;
		w->child.name = w->cpath + base;
		/* Excluded ancestors not yet sent go first (H5). */
		if (buildkit && sent) {
			for (k = 1; k < w->depth; k++)
				if (w->fr[k].pending) {
					w->deferred = 1;
					return ctxpack_walk_next(w, ep);
				}
		}
		w->e = w->child;
		*ep = &w->e;
		return CTXPACK_OK;
next:
		;
	}
	return extra_entry(w, ep);
}

/*
 * The directory's own .gitignore, once per walk handle's rules: it
 * applies below the directory (CTXPACK_F_GITIGNORE).  The rules grow
 * while walking; nothing else changes them.
 */
static int
load_gitignore(struct ctxpack_walk *w, struct frame *f)
{
	struct ctxpack_rules *r = (struct ctxpack_rules *)w->rules;
	char src[4096];
	struct stat st;
	size_t i, len = 0, cap;
	char *buf;
	ssize_t n;
	int fd, rc;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->ents[i].name, ".gitignore") == 0)
			break;
	if (i == f->n)
		return 0;
	snprintf(src, sizeof(src), "%.*s%s.gitignore", (int)w->plen, w->path,
	    w->plen > 0 ? "/" : "");
	if (rules_source_loaded(r, src))
		return 0;
	if ((fd = openat(f->fd, ".gitignore", O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC | O_NONBLOCK)) < 0 || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return 0;		/* not a regular file: git ignores it */
	}
	cap = (size_t)st.st_size + 1;
	if ((buf = malloc(cap)) == NULL) {
		close(fd);
		return -1;
	}
	while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)n;
	close(fd);
	{
		char base[4096];

		snprintf(base, sizeof(base), "%.*s", (int)w->plen, w->path);
		rc = ctxpack_rules_parse_gitignore(r, src, base, buf, len);
	}
	free(buf);
	return rc == CTXPACK_OK ? 0 : -1;
}
