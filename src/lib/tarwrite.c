/*
 * tarwrite.c: the tar writer.  libarchive's restricted pax format gives
 * ustar headers and a pax header only when one is needed (T9, T10); the
 * entry is what tarentry.c says it holds (T1-T8: uid/gid 0 without names,
 * mtime floored to seconds, permission and special bits, hard links,
 * security.capability).  libarchive writes unbuffered into our own large
 * output buffer.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define OUTBUF	(1024 * 1024)

struct ctxpack_tar {
	struct archive		*a;
	struct archive_entry	*ae;
	int			 fd;
	char			*out;
	size_t			 olen;
	uint64_t		 bytes;
	int			 werr;		/* errno of a failed write */
	int			 dead;
	int			 finished;	/* the end blocks are written */
	void			(*progress)(uint64_t, uint64_t, void *);
	void			*progress_arg;
	uint64_t		 nfiles;	/* entries added, for progress */
	uint64_t		 ndata;		/* file bytes added */
	uint64_t		 nextp;		/* progress at this many bytes */
	struct tent_state	 ts;		/* what each entry holds */
	struct diagbuf		 err;
	locale_t		 loc;		/* C.UTF-8 for libarchive */
};

/*
 * Names are bytes.  libarchive converts them from the locale's charset
 * to UTF-8 for pax headers; under a UTF-8 locale (set for this thread
 * only, around each call) valid UTF-8 passes unchanged and other bytes
 * fall back to raw (hdrcharset=BINARY), as Go writes them.
 */
#define LOCALE_ON(t)	locale_t saved_loc = (t)->loc ? uselocale((t)->loc) : \
			    (locale_t)0
#define LOCALE_OFF(t)	do { if ((t)->loc) uselocale(saved_loc); } while (0)

static int
flush_out(struct ctxpack_tar *t)
{
	size_t off = 0;

	while (off < t->olen) {
		ssize_t n = write(t->fd, t->out + off, t->olen - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			t->werr = errno;
			return -1;
		}
		off += (size_t)n;
	}
	t->olen = 0;
	return 0;
}

static la_ssize_t
write_cb(struct archive *a, void *arg, const void *buf, size_t len)
{
	struct ctxpack_tar *t = arg;
	const char *p = buf;
	size_t left = len;

	(void)a;
	if (t->werr)
		return -1;
	if (t->fd < 0) {		/* counting only */
		t->bytes += len;
		return (la_ssize_t)len;
	}
	if (t->olen + len > OUTBUF) {
		if (flush_out(t) < 0)
			return -1;
		if (len >= OUTBUF / 2) {	/* big: straight through */
			while (left > 0) {
				ssize_t n = write(t->fd, p, left);

				if (n < 0) {
					if (errno == EINTR)
						continue;
					t->werr = errno;
					return -1;
				}
				p += n;
				left -= (size_t)n;
			}
			t->bytes += len;
			return (la_ssize_t)len;
		}
	}
	memcpy(t->out + t->olen, buf, len);
	t->olen += len;
	t->bytes += len;
	return (la_ssize_t)len;
}

/* A compression filter, its level, and no gzip timestamp when asked. */
static int
add_filter(struct ctxpack_tar *t, const struct ctxpack_tar_opts *o)
{
	static const char *names[] = { NULL, "gzip", "zstd", "xz", "bzip2" };
	const char *name = names[o->compress];
	char lv[16];
	int rc;

	switch (o->compress) {
	case CTXPACK_COMPRESS_NONE:
		return ARCHIVE_OK;
	case CTXPACK_COMPRESS_GZIP:
		rc = archive_write_add_filter_gzip(t->a);
		break;
	case CTXPACK_COMPRESS_ZSTD:
		rc = archive_write_add_filter_zstd(t->a);
		break;
	case CTXPACK_COMPRESS_XZ:
		rc = archive_write_add_filter_xz(t->a);
		break;
	case CTXPACK_COMPRESS_BZIP2:
		rc = archive_write_add_filter_bzip2(t->a);
		break;
	default:
		return ARCHIVE_FATAL;
	}
	if (rc != ARCHIVE_OK)
		return rc;
	if (o->level > 0) {
		snprintf(lv, sizeof(lv), "%d", o->level);
		if ((rc = archive_write_set_filter_option(t->a, name,
		    "compression-level", lv)) != ARCHIVE_OK)
			return rc;
	}
	if (o->compress == CTXPACK_COMPRESS_GZIP &&
	    (o->flags & CTXPACK_TAR_REPRODUCIBLE) &&
	    (rc = archive_write_set_filter_option(t->a, "gzip", "timestamp",
	    NULL)) != ARCHIVE_OK)
		return rc;
	return ARCHIVE_OK;
}

int
ctxpack_tar_new(int fd, const struct ctxpack_tar_opts *opts,
    struct ctxpack_tar **tp)
{
	struct ctxpack_tar *t;

	*tp = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return CTXPACK_FATAL;
	t->fd = fd;
	tent_init(&t->ts, opts, opts ? opts->diag : NULL,
	    opts ? opts->diag_arg : NULL);
	if (opts != NULL) {
		t->progress = opts->progress;
		t->progress_arg = opts->progress_arg;
	}
	if ((t->out = malloc(OUTBUF)) == NULL ||
	    (t->a = archive_write_new()) == NULL ||
	    (t->ae = archive_entry_new()) == NULL) {
		ctxpack_tar_free(t);
		return CTXPACK_FATAL;
	}
	*tp = t;
	t->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (archive_write_set_format_pax_restricted(t->a) != ARCHIVE_OK ||
	    (fd >= 0 && opts != NULL && add_filter(t, opts) != ARCHIVE_OK) ||
	    archive_write_set_bytes_per_block(t->a, 0) != ARCHIVE_OK ||
	    archive_write_open2(t->a, t, NULL, write_cb, NULL, NULL) !=
	    ARCHIVE_OK) {
		diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
		    "libarchive: %s", archive_error_string(t->a));
		t->dead = 1;
		return CTXPACK_FATAL;
	}
	return CTXPACK_OK;
}

static int
tar_fail(struct ctxpack_tar *t, const char *what, int err)
{
	diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s%s%s", what,
	    err ? ": " : "", err ? strerror(err) : "");
	t->err.d.syserr = err;
	t->dead = 1;
	return CTXPACK_FATAL;
}

static int
write_fail(struct ctxpack_tar *t)
{
	if (t->werr)
		return tar_fail(t, "write error", t->werr);
	return tar_fail(t, archive_error_string(t->a), 0);
}

static int	tar_add(struct ctxpack_tar *, const struct ctxpack_entry *);

int
ctxpack_tar_add(struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	int rc;
	LOCALE_ON(t);

	rc = tar_add(t, e);
	LOCALE_OFF(t);
	return rc;
}

/* libarchive takes the bytes of an entry. */
static int
sink(void *arg, const void *p, size_t n)
{
	struct ctxpack_tar *t = arg;

	t->ndata += n;
	if (t->progress != NULL && t->ndata >= t->nextp) {
		t->progress(t->nfiles, t->ndata, t->progress_arg);
		t->nextp = t->ndata + (16 << 20);
	}
	return archive_write_data(t->a, p, n) < 0 ? -1 : 0;
}

static int
tar_add(struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	struct archive_entry *ae = t->ae;
	struct tent te;
	int rc;

	if (t->dead)
		return CTXPACK_FATAL;
	if ((rc = tent_open(&t->ts, e, t->fd < 0, &te, &t->err)) !=
	    CTXPACK_OK) {
		if (rc == CTXPACK_FATAL)
			t->dead = 1;
		return rc;	/* CTXPACK_WARN: not packed, said why */
	}
	archive_entry_clear(ae);
	archive_entry_copy_pathname(ae, te.name);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	archive_entry_set_mtime(ae, (time_t)te.mtime, 0);
	archive_entry_set_perm(ae, te.perm);
	switch (te.type) {
	case CTXPACK_T_DIR:
		archive_entry_set_filetype(ae, AE_IFDIR);
		break;
	case CTXPACK_T_SYMLINK:
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_copy_symlink(ae, te.link);
		break;
	case CTXPACK_T_FIFO:
		archive_entry_set_filetype(ae, AE_IFIFO);
		break;
	case CTXPACK_T_CHR:
	case CTXPACK_T_BLK:
		archive_entry_set_filetype(ae, te.type == CTXPACK_T_CHR ?
		    AE_IFCHR : AE_IFBLK);
		archive_entry_set_rdevmajor(ae, major(te.rdev));
		archive_entry_set_rdevminor(ae, minor(te.rdev));
		break;
	default:
		archive_entry_set_filetype(ae, AE_IFREG);
		/* counting: the header of a size under 8 GiB is as long
		 * whatever the size; its data is added, not written */
		if (t->fd < 0 && te.hardlink == NULL &&
		    te.size < ((off_t)1 << 33)) {
			archive_entry_set_size(ae, 0);
			t->bytes += ((uint64_t)te.size + 511) & ~(uint64_t)511;
		} else
			archive_entry_set_size(ae, te.size);
		break;
	}
	if (te.hardlink != NULL) {
		archive_entry_copy_hardlink(ae, te.hardlink);
		archive_entry_set_size(ae, 0);
	}
	if (te.ncaps > 0)
		archive_entry_xattr_add_entry(ae, "security.capability",
		    te.caps, te.ncaps);
	if (archive_write_header(t->a, ae) < ARCHIVE_WARN) {
		tent_abort(&te);
		return write_fail(t);
	}
	if (te.type == CTXPACK_T_FILE && te.hardlink == NULL && t->fd < 0) {
		/* counting: libarchive pads the unwritten data with nulls */
		if (archive_write_finish_entry(t->a) < ARCHIVE_WARN) {
			tent_abort(&te);
			return write_fail(t);
		}
		rc = CTXPACK_OK;
	} else if ((rc = tent_data(&t->ts, e, &te, sink, t, &t->err)) ==
	    CTXPACK_FATAL) {
		tent_abort(&te);
		if (t->err.set) {
			t->dead = 1;
			return CTXPACK_FATAL;
		}
		return write_fail(t);
	}
	if (tent_done(&t->ts, e, &te, &t->err) != CTXPACK_OK) {
		t->dead = 1;
		return CTXPACK_FATAL;
	}
	if (t->progress != NULL && (++t->nfiles & 1023) == 0)
		t->progress(t->nfiles, t->ndata, t->progress_arg);
	return rc;
}

int
ctxpack_tar_finish(struct ctxpack_tar *t)
{
	if (t->dead)
		return CTXPACK_FATAL;
	if (archive_write_close(t->a) != ARCHIVE_OK)
		return write_fail(t);
	if (flush_out(t) < 0)
		return write_fail(t);
	t->finished = 1;
	return CTXPACK_OK;
}

const struct ctxpack_diag *
ctxpack_tar_error(const struct ctxpack_tar *t)
{
	return diag_get(&t->err);
}

uint64_t
ctxpack_tar_bytes(const struct ctxpack_tar *t)
{
	return t->bytes;
}

/*
 * An aborted archive must not pass for a whole one.  Leaving out the
 * end-of-archive blocks is not enough: Go's tar reader (docker) and GNU
 * tar take a clean EOF between entries as the end.  So end with a block
 * that is no valid header (its checksum field is not octal): every reader
 * reports a damaged archive.
 */
static void
poison(struct ctxpack_tar *t)
{
	char blk[512];
	const char *m = "ctxpack: ARCHIVE INCOMPLETE: packing failed; "
	    "do not use this context\n";

	size_t pad = (size_t)((512 - t->bytes % 512) % 512);

	/* finish the block libarchive was in (its padding is lazy) */
	if (flush_out(t) < 0)
		return;
	memset(blk, 0, sizeof(blk));
	memcpy(t->out, blk, pad);
	t->olen = pad;
	memset(blk, '!', sizeof(blk));
	memcpy(blk, m, strlen(m));
	memcpy(t->out + t->olen, blk, sizeof(blk));
	t->olen += sizeof(blk);
	flush_out(t);
}

void
ctxpack_tar_free(struct ctxpack_tar *t)
{
	if (t == NULL)
		return;
	if (t->a != NULL) {
		/* dead, or freed unfinished: never a tar that looks whole */
		if (t->dead || t->werr || (!t->finished && t->fd >= 0)) {
			archive_write_fail(t->a);
			if (!t->werr)
				poison(t);
		}
		archive_write_free(t->a);
	}
	archive_entry_free(t->ae);
	tent_free(&t->ts);
	free(t->out);
	if (t->loc)
		freelocale(t->loc);
	free(t);
}
