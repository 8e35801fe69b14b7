/*
 * tarls: list a tar archive one entry a line, for golden and differential
 * tests.  Reads with libarchive (strict about framing).
 *
 *   tarls [-c] [-m] [-x] FILE|-
 *
 * Line: TYPE MODE SIZE NAME [-> LINK] [DEV maj,min]
 *   -m  insert "UID GID MTIME" after SIZE
 *   -c  append " xxh64:HEX" of the data of regular files
 *   -x  append " x:KEY=HEX" for each extended attribute, sorted by key
 * TYPE is f d l h c b p; MODE is %04o of permission and special bits.
 * Bytes outside 0x21..0x7e (and backslash) in names print as \xHH.
 * Exit 0 ok, 1 the archive is truncated or unreadable.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

static void
put_name(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
}

struct xa {
	char		*key;
	unsigned char	*val;
	size_t		 len;
};

static int
xacmp(const void *a, const void *b)
{
	return strcmp(((const struct xa *)a)->key, ((const struct xa *)b)->key);
}

/* " x:KEY=HEX" for each xattr of e, sorted (bhls.py's form). */
static void
put_xattrs(struct archive_entry *e)
{
	struct xa v[256];
	const char *k;
	const void *val;
	size_t n = 0, i, j, len;

	archive_entry_xattr_reset(e);
	while (n < 256 && archive_entry_xattr_next(e, &k, &val, &len) ==
	    ARCHIVE_OK) {
		v[n].key = strdup(k);
		v[n].val = malloc(len + 1);
		if (v[n].key == NULL || v[n].val == NULL)
			exit(1);
		memcpy(v[n].val, val, len);
		v[n++].len = len;
	}
	qsort(v, n, sizeof(v[0]), xacmp);
	for (i = 0; i < n; i++) {
		/* libarchive reads SCHILY.xattr and LIBARCHIVE.xattr both */
		if (i > 0 && strcmp(v[i].key, v[i - 1].key) == 0)
			continue;
		printf(" x:");
		put_name(v[i].key);
		putchar('=');
		for (j = 0; j < v[i].len; j++)
			printf("%02x", v[i].val[j]);
	}
	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].val);
	}
}

int
main(int argc, char *argv[])
{
	struct archive *a;
	struct archive_entry *e;
	int ch, cflag = 0, mflag = 0, xflag = 0, r;

	while ((ch = getopt(argc, argv, "cmx")) != -1) {
		switch (ch) {
		case 'c':
			cflag = 1;
			break;
		case 'x':
			xflag = 1;
			break;
		case 'm':
			mflag = 1;
			break;
		default:
			fprintf(stderr, "usage: tarls [-c] [-m] [-x] file\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: tarls [-c] [-m] [-x] file\n");
		return 2;
	}
	a = archive_read_new();
	archive_read_support_format_tar(a);
	archive_read_support_filter_all(a);
	r = strcmp(argv[optind], "-") == 0 ?
	    archive_read_open_fd(a, 0, 65536) :
	    archive_read_open_filename(a, argv[optind], 65536);
	if (r != ARCHIVE_OK) {
		fprintf(stderr, "tarls: %s\n", archive_error_string(a));
		return 1;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN) {
		const char *hl = archive_entry_hardlink(e);
		const char *sl = archive_entry_symlink(e);
		char t = '?';

		switch (archive_entry_filetype(e)) {
		case AE_IFREG: t = 'f'; break;
		case AE_IFDIR: t = 'd'; break;
		case AE_IFLNK: t = 'l'; break;
		case AE_IFCHR: t = 'c'; break;
		case AE_IFBLK: t = 'b'; break;
		case AE_IFIFO: t = 'p'; break;
		default: break;
		}
		if (hl != NULL)
			t = 'h';
		printf("%c %04o %lld ", t, (unsigned)archive_entry_perm(e) |
		    ((unsigned)archive_entry_mode(e) & 07000),
		    (long long)archive_entry_size(e));
		if (mflag)
			printf("%lld %lld %lld ", (long long)archive_entry_uid(e),
			    (long long)archive_entry_gid(e),
			    (long long)archive_entry_mtime(e));
		put_name(archive_entry_pathname(e));
		if (hl != NULL || sl != NULL) {
			printf(" -> ");
			put_name(hl != NULL ? hl : sl);
		}
		if (t == 'c' || t == 'b')
			printf(" DEV %u,%u", (unsigned)archive_entry_rdevmajor(e),
			    (unsigned)archive_entry_rdevminor(e));
		if (cflag && t == 'f') {
			XXH64_state_t *st = XXH64_createState();
			const void *buf;
			size_t len;
			la_int64_t off;

			XXH64_reset(st, 0);
			while ((r = archive_read_data_block(a, &buf, &len,
			    &off)) == ARCHIVE_OK)
				XXH64_update(st, buf, len);
			if (r != ARCHIVE_EOF) {
				fprintf(stderr, "\ntarls: %s\n",
				    archive_error_string(a));
				return 1;
			}
			printf(" xxh64:%016llx",
			    (unsigned long long)XXH64_digest(st));
			XXH64_freeState(st);
		}
		if (xflag)
			put_xattrs(e);
		putchar('\n');
	}
	if (r != ARCHIVE_EOF) {
		fprintf(stderr, "tarls: %s\n", archive_error_string(a));
		return 1;
	}
	archive_read_free(a);
	return 0;
}
