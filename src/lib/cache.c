/*
 * cache.c: the listing cache (ctxpack_cache): directory listings and the
 * lstat and link target of each entry, kept across walks of overlapping
 * contexts so that each directory is read and each entry statted once
 * (audit).  Keyed on the directory's (device, inode).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

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
	const char	*name;		/* in its cdir's names */
	unsigned char	 type;
	int		 have_st;
	struct cstat	 st;
	char		*link;
	struct cdir	*sub;		/* a directory's listing, once found */
};

struct cdir {
	dev_t		 dev;
	ino_t		 ino;
	struct cent	*ents;
	size_t		 n;
};

/*
 * Listings are never freed one by one: each is one piece (the cdir, its
 * entries, its names) of a large block, and the blocks go with the
 * cache.  A whole tree is 100k allocations fewer, and the scan's threads
 * (scan.c, which add under their lock) do not grow malloc's arenas piece
 * by piece.
 */
#define CACHE_BLOCK	(1024 * 1024)

struct cblock {
	struct cblock	*next;
	size_t		 used, cap;
	max_align_t	 data[];
};

struct ctxpack_cache {
	struct cdir	**dirs;		/* open addressing on (dev, ino) */
	size_t		 n, cap;
	struct cblock	*mem;
};

static void *
cache_alloc(struct ctxpack_cache *c, size_t n)
{
	struct cblock *b = c->mem;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > CACHE_BLOCK ? n : CACHE_BLOCK;

		if ((b = malloc(sizeof(*b) + cap)) == NULL)
			return NULL;
		b->next = c->mem;
		b->used = 0;
		b->cap = cap;
		c->mem = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
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

struct cdir *
cache_find(const struct ctxpack_cache *c, dev_t dev, ino_t ino)
{
	struct cdir **tbl = c->dirs;

	if (c->cap == 0)
		return NULL;
	return tbl[cache_slot(c, dev, ino, tbl)];
}

struct cdir *
cache_add(struct ctxpack_cache *c, dev_t dev, ino_t ino,
    const struct dent *ents, size_t n)
{
	struct cdir **tbl = c->dirs, *d;
	size_t i, len = 0;
	char *names;

	if ((c->n + 1) * 2 > c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 256;
		struct cdir **nt = calloc(nc, sizeof(*nt));

		if (nt == NULL)
			return NULL;
		for (i = 0; i < c->cap; i++)
			if (tbl[i] != NULL) {
				struct ctxpack_cache tmp = { NULL, 0, nc, NULL };

				nt[cache_slot(&tmp, tbl[i]->dev, tbl[i]->ino,
				    nt)] = tbl[i];
			}
		free(tbl);
		c->dirs = nt;
		c->cap = nc;
		tbl = nt;
	}
	for (i = 0; i < n; i++)
		len += strlen(ents[i].name) + 1;
	/* one piece: the cdir, its entries, its names */
	if (n > (SIZE_MAX - sizeof(*d) - len) / sizeof(*d->ents) ||
	    (d = cache_alloc(c, sizeof(*d) + n * sizeof(*d->ents) + len)) ==
	    NULL)
		return NULL;
	d->ents = (struct cent *)(void *)(d + 1);
	memset(d->ents, 0, n * sizeof(*d->ents));
	names = (char *)(d->ents + n);
	d->dev = dev;
	d->ino = ino;
	for (i = 0, len = 0; i < n; i++) {
		size_t nl = strlen(ents[i].name) + 1;

		memcpy(names + len, ents[i].name, nl);
		d->ents[i].name = names + len;
		d->ents[i].type = ents[i].type;
		len += nl;
	}
	d->n = n;
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
		for (k = 0; k < tbl[i]->n; k++)
			free(tbl[i]->ents[k].link);
	}
	free(tbl);
	while (c->mem != NULL) {
		struct cblock *b = c->mem;

		c->mem = b->next;
		free(b);
	}
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

size_t
cache_count(const struct cdir *d)
{
	return d->n;
}

const char *
cache_name(const struct cdir *d, size_t i)
{
	return d->ents[i].name;
}

unsigned char
cache_type(const struct cdir *d, size_t i)
{
	return d->ents[i].type;
}

int
cache_stat(const struct cdir *d, size_t i, struct stat *st)
{
	if (i >= d->n || !d->ents[i].have_st)
		return -1;
	from_cstat(st, &d->ents[i].st);
	return 0;
}

void
cache_set_stat(struct cdir *d, size_t i, const struct stat *st)
{
	if (i >= d->n)
		return;
	to_cstat(&d->ents[i].st, st);
	d->ents[i].have_st = 1;
	d->ents[i].sub = NULL;	/* it may be another directory now */
}

/*
 * The listing of directory entry i, as the cache keys it (its stat's
 * device and inode), remembered in the entry so that the next walk need
 * not look it up.
 */
struct cdir *
cache_sub(struct ctxpack_cache *c, struct cdir *d, size_t i)
{
	struct cent *e = &d->ents[i];

	if (e->sub == NULL && e->have_st && S_ISDIR(e->st.mode))
		e->sub = cache_find(c, e->st.dev, e->st.ino);
	return e->sub;
}

/* The names and types of d into ents (n of them: cache_count). */
void
cache_names(const struct cdir *d, struct dent *ents)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		ents[i].name = d->ents[i].name;
		ents[i].type = d->ents[i].type;
	}
}

const char *
cache_link(const struct cdir *d, size_t i)
{
	return i < d->n ? d->ents[i].link : NULL;
}

void
cache_set_link(struct cdir *d, size_t i, const char *link)
{
	if (i < d->n && d->ents[i].link == NULL)
		d->ents[i].link = strdup(link);
}
