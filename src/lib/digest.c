/*
 * digest.c: a content digest of the build context (xxh3-128), computed
 * from what ctxpack_pack would write, without the tar: every entry of the
 * tar, in tar order, each as tarentry.c describes it for the tar writer
 * too (name, type, permission and special bits, size, link targets,
 * device numbers, security.capability, file bytes), without the fields a
 * reproducible tar does not vary on (mtimes, owners, inode numbers).
 *
 * Encoding (version 1): the tag "ctxpack-digest/1" with its length, then
 * one record per entry:
 *	name	u64 length, bytes (tar name: directories end in '/')
 *	kind	u8: 'f' file, 'd' dir, 'l' symlink, 'h' hard link, 'p' fifo,
 *		'c' char device, 'b' block device
 *	mode	u32 (st_mode & 07777, or 0644/0755/0777 with
 *		CTXPACK_TAR_NORMALIZE_MODES, as the tar has it)
 *	then by kind:
 *	  f	size u64, capability u64 length + bytes, then size bytes
 *	  l, h	target u64 length + bytes
 *	  c, b	major u32, minor u32
 *	  h	for a hard link to a device, major u32, minor u32 after
 *		the target
 * Integers are little-endian.  Every variable field is length-prefixed
 * and the kind fixes which fields follow, so the encoding of a sequence
 * of entries is unambiguous.  A per-directory digest is the same tag
 * followed by the records of one top-level entry and all below it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ctxpack_int.h"

#define DIGEST_TAG	"ctxpack-digest/1"

struct dstate {
	struct ctxpack_ctx	*c;
	XXH3_state_t		*xs;
	struct tent_state	 ts;		/* what each entry holds */
	char			*name;		/* the group of the entry */
	size_t			 ncap;
	char			*top;		/* per-dir: current group */
	size_t			 topcap;
	int			 ingroup;
	int			 warn;
	const struct ctxpack_tar_opts *o;	/* its progress callback */
	uint64_t		 nfiles, ndata, nextp;
	void			(*cb)(const char *, const unsigned char[16],
				    void *);
	void			*arg;
};

static int
d_fail(struct dstate *s, const char *path, const char *what, int err)
{
	char q[1024];

	diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s%s%s%s%s",
	    path ? diag_quote(q, sizeof(q), path, strlen(path)) : "",
	    path ? ": " : "", what, err ? ": " : "", err ? strerror(err) : "");
	s->c->err.d.syserr = err;
	return CTXPACK_FATAL;
}

static void
put_u8(struct dstate *s, unsigned v)
{
	unsigned char b = (unsigned char)v;

	XXH3_128bits_update(s->xs, &b, 1);
}

static void
put_u32(struct dstate *s, uint32_t v)
{
	unsigned char b[4];
	int i;

	for (i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	XXH3_128bits_update(s->xs, b, sizeof(b));
}

static void
put_u64(struct dstate *s, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	XXH3_128bits_update(s->xs, b, sizeof(b));
}

static void
put_bytes(struct dstate *s, const void *p, size_t len)
{
	put_u64(s, (uint64_t)len);
	if (len > 0)
		XXH3_128bits_update(s->xs, p, len);
}

static void
d_reset(struct dstate *s)
{
	XXH3_128bits_reset(s->xs);
	put_bytes(s, DIGEST_TAG, sizeof(DIGEST_TAG) - 1);
}

static void
d_final(struct dstate *s, unsigned char out[16])
{
	XXH128_canonical_t cn;

	XXH128_canonicalFromHash(&cn, XXH3_128bits_digest(s->xs));
	memcpy(out, cn.digest, 16);
}

/* The sink of an entry's bytes. */
static int
d_sink(void *arg, const void *p, size_t n)
{
	struct dstate *s = arg;

	XXH3_128bits_update(s->xs, p, n);
	s->ndata += n;
	if (s->o != NULL && s->o->progress != NULL && s->ndata >= s->nextp) {
		s->o->progress(s->nfiles, s->ndata, s->o->progress_arg);
		s->nextp = s->ndata + (16 << 20);
	}
	return 0;
}

/* The group (top-level entry) PATH belongs to: its first component. */
static int
group_name(struct dstate *s, const struct ctxpack_entry *e, size_t *lenp)
{
	const char *slash = memchr(e->path, '/', e->pathlen);
	size_t n = slash ? (size_t)(slash - e->path) : e->pathlen;
	int dir = slash != NULL || e->type == CTXPACK_T_DIR;

	if (mem_grow(&s->name, &s->ncap, n + 2, 1) < 0)
		return -1;
	memcpy(s->name, e->path, n);
	if (dir)
		s->name[n++] = '/';
	s->name[n] = '\0';
	*lenp = n;
	return 0;
}

static void
end_group(struct dstate *s)
{
	unsigned char d[16];

	if (!s->ingroup)
		return;
	d_final(s, d);
	s->cb(s->top, d, s->arg);
	s->ingroup = 0;
}

/* Per-dir mode: close the current group if E starts another one. */
static int
switch_group(struct dstate *s, const struct ctxpack_entry *e)
{
	size_t n;

	if (group_name(s, e, &n) < 0)
		return -1;
	if (s->ingroup && strcmp(s->top, s->name) == 0)
		return 0;
	end_group(s);
	if (mem_grow(&s->top, &s->topcap, n + 1, 1) < 0)
		return -1;
	memcpy(s->top, s->name, n + 1);
	d_reset(s);
	s->ingroup = 1;
	return 0;
}

static int
put_entry(struct dstate *s, const struct ctxpack_entry *e)
{
	struct tent t;
	int rc, dev;

	if ((rc = tent_open(&s->ts, e, 0, &t, &s->c->err)) != CTXPACK_OK) {
		if (rc == CTXPACK_WARN)
			s->warn = 1;	/* not packed: not hashed */
		return rc == CTXPACK_WARN || rc == TENT_SKIP ? CTXPACK_OK : rc;
	}
	if (s->cb != NULL && switch_group(s, e) < 0) {
		tent_abort(&t);
		return d_fail(s, e->path, "out of memory", 0);
	}
	put_bytes(s, t.name, t.namelen);
	dev = t.type == CTXPACK_T_CHR || t.type == CTXPACK_T_BLK;
	if (t.hardlink != NULL) {
		put_u8(s, 'h');
		put_u32(s, (uint32_t)t.perm);
		put_bytes(s, t.hardlink, strlen(t.hardlink));
		if (dev) {
			put_u32(s, (uint32_t)major(t.rdev));
			put_u32(s, (uint32_t)minor(t.rdev));
		}
		return tent_done(&s->ts, e, &t, &s->c->err);
	}
	switch (t.type) {
	case CTXPACK_T_DIR:
		put_u8(s, 'd');
		put_u32(s, (uint32_t)t.perm);
		if (s->ts.flags & CTXPACK_TAR_BUILDAH)
			put_bytes(s, t.xattrs, t.xattrslen);
		break;
	case CTXPACK_T_SYMLINK:
		put_u8(s, 'l');
		put_u32(s, (uint32_t)t.perm);
		put_bytes(s, t.link, strlen(t.link));
		break;
	case CTXPACK_T_FIFO:
		put_u8(s, 'p');
		put_u32(s, (uint32_t)t.perm);
		break;
	case CTXPACK_T_CHR:
	case CTXPACK_T_BLK:
		put_u8(s, t.type == CTXPACK_T_CHR ? 'c' : 'b');
		put_u32(s, (uint32_t)t.perm);
		put_u32(s, (uint32_t)major(t.rdev));
		put_u32(s, (uint32_t)minor(t.rdev));
		break;
	default:
		put_u8(s, 'f');
		put_u32(s, (uint32_t)t.perm);
		put_u64(s, (uint64_t)t.size);
		put_bytes(s, t.caps, t.ncaps);
		if (s->ts.flags & CTXPACK_TAR_BUILDAH)
			put_bytes(s, t.xattrs, t.xattrslen);
		if ((rc = tent_data(&s->ts, e, &t, d_sink, s, &s->c->err)) ==
		    CTXPACK_FATAL) {
			tent_abort(&t);
			return rc;
		}
		if (rc == CTXPACK_WARN)
			s->warn = 1;
		break;
	}
	return tent_done(&s->ts, e, &t, &s->c->err);
}

static int
digest_run(struct ctxpack_ctx *c, const struct ctxpack_tar_opts *o,
    unsigned char out[16],
    void (*cb)(const char *, const unsigned char[16], void *), void *arg)
{
	struct ctxpack_walk *w = NULL;
	const struct ctxpack_entry *e;
	struct dstate s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.o = o;
	s.cb = cb;
	s.arg = arg;
	tent_init(&s.ts, o, o && o->diag ? o->diag : c->opts.diag,
	    o && o->diag ? o->diag_arg : c->opts.diag_arg);
	if (c->opts.builder == CTXPACK_BUILDAH)
		s.ts.flags |= CTXPACK_TAR_BUILDAH;	/* as ctxpack_pack */
	if ((s.xs = XXH3_createState()) == NULL) {
		rc = d_fail(&s, NULL, "out of memory", 0);
		goto out;
	}
	d_reset(&s);
	/* the walk of the tar, seeing the tree as it is now, as pack does */
	rc = ctxpack_walk_new(c, CTXPACK_WALK_TAR | CTXPACK_WALK_FRESH |
	    WALK_LAZY, &w);
	tent_skip(&s.ts, c->skip, c->nskip);
	if (rc != CTXPACK_OK) {
		if (w != NULL && ctxpack_walk_error(w) != NULL) {
			const struct ctxpack_diag *d = ctxpack_walk_error(w);

			diag_set(&c->err, d->level, d->file, d->line, d->col,
			    "%s", d->msg);
			c->err.d.syserr = d->syserr;
		} else
			d_fail(&s, NULL, "out of memory", 0);
		rc = CTXPACK_FATAL;
		goto out;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (ctx_skipped(c, e))
			continue;	/* never packed (ctxpack_ctx_skip_file) */
		if ((rc = put_entry(&s, e)) != CTXPACK_OK)
			goto out;
		if (o != NULL && o->progress != NULL && (++s.nfiles & 1023) == 0)
			o->progress(s.nfiles, s.ndata, o->progress_arg);
	}
	if (rc == CTXPACK_FATAL) {
		const struct ctxpack_diag *d = ctxpack_walk_error(w);

		diag_set(&c->err, d->level, d->file, d->line, d->col, "%s",
		    d->msg);
		c->err.d.syserr = d->syserr;
		goto out;
	}
	if (cb != NULL)
		end_group(&s);
	else
		d_final(&s, out);
	rc = s.warn || ctxpack_walk_warnings(w) > 0 ? CTXPACK_WARN :
	    CTXPACK_OK;
out:
	ctxpack_walk_free(w);
	tent_free(&s.ts);
	free(s.name);
	free(s.top);
	if (s.xs != NULL)
		XXH3_freeState(s.xs);
	return rc;
}

int
ctxpack_digest(struct ctxpack_ctx *c, const struct ctxpack_tar_opts *o,
    unsigned char out[16])
{
	memset(out, 0, 16);
	return digest_run(c, o, out, NULL, NULL);
}

int
ctxpack_digest_per_dir(struct ctxpack_ctx *c, const struct ctxpack_tar_opts *o,
    void (*cb)(const char *, const unsigned char[16], void *), void *arg)
{
	if (cb == NULL)
		return CTXPACK_OK;
	return digest_run(c, o, NULL, cb, arg);
}
