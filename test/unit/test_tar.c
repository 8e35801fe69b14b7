/*
 * test_tar.c: the tar writer through the public API, read back with
 * libarchive: names, types, permission bits, owners, sizes, contents,
 * links and hard links; the counting mode's size equals the bytes
 * written; a write error is fatal with its errno; a tar freed unfinished
 * is refused by the reader.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctxpack.h"
#include "harness.h"

/* Pack DIR into PATH (or count it when PATH is NULL); the status. */
static int
pack_to(const char *dir, const char *path, uint64_t *bytes)
{
	struct ctxpack_opts o;
	struct ctxpack_ctx *c;
	struct ctxpack_walk *w;
	struct ctxpack_tar *t;
	const struct ctxpack_entry *e;
	int fd = -1, rc;

	memset(&o, 0, sizeof(o));
	if (ctxpack_ctx_open(dir, &o, &c) != CTXPACK_OK) {
		ctxpack_ctx_free(c);
		return CTXPACK_FATAL;
	}
	if (path != NULL && (fd = open(path, O_WRONLY | O_CREAT | O_TRUNC,
	    0644)) < 0) {
		ctxpack_ctx_free(c);
		return CTXPACK_FATAL;
	}
	assert_int(ctxpack_walk_new(c, CTXPACK_WALK_TAR, &w), CTXPACK_OK);
	assert_int(ctxpack_tar_new(fd, NULL, &t), CTXPACK_OK);
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK)
		if ((rc = ctxpack_tar_add(t, e)) == CTXPACK_FATAL)
			break;
	if (rc == CTXPACK_EOF)
		rc = ctxpack_tar_finish(t);
	if (bytes != NULL)
		*bytes = ctxpack_tar_bytes(t);
	ctxpack_tar_free(t);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(c);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Each entry of the tar at PATH as "TYPE MODE UID SIZE NAME[ -> LINK] DATA". */
static char *
read_back(const char *path, int *ok)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	size_t len = 0, cap = 8192;
	char *out = malloc(cap), data[64];
	int r = ARCHIVE_FATAL;

	out[0] = '\0';
	archive_read_support_format_tar(a);
	*ok = archive_read_open_filename(a, path, 10240) == ARCHIVE_OK;
	while (*ok && (r = archive_read_next_header(a, &ae)) == ARCHIVE_OK) {
		const char *lk = archive_entry_hardlink(ae);
		ssize_t n = archive_read_data(a, data, sizeof(data) - 1);
		char type;

		data[n > 0 ? n : 0] = '\0';
		switch (archive_entry_filetype(ae)) {
		case AE_IFDIR: type = 'd'; break;
		case AE_IFLNK: type = 'l'; break;
		default: type = lk ? 'h' : 'f';
		}
		if (lk == NULL)
			lk = archive_entry_symlink(ae);
		if (len + 256 > cap)
			out = realloc(out, cap *= 2);
		len += (size_t)snprintf(out + len, cap - len,
		    "%c %04o %d/%d %lld %s%s%s %s\n", type,
		    (unsigned)archive_entry_perm(ae),
		    (int)archive_entry_uid(ae), (int)archive_entry_gid(ae),
		    (long long)archive_entry_size(ae),
		    archive_entry_pathname(ae), lk ? " -> " : "",
		    lk ? lk : "", data);
	}
	if (*ok && r != ARCHIVE_EOF)
		*ok = 0;
	archive_read_free(a);
	return out;
}

DEFINE_TEST(test_tar_entries)
{
	struct stat st;
	uint64_t counted, written;
	char *got;
	int ok;

	t_put("t/Dockerfile", "FROM scratch\n");
	t_put("t/src/a.c", "int a;\n");
	t_put("t/x.sh", "#!/bin/sh\n");
	chmod("t/x.sh", 04755);
	assert_int(link("t/src/a.c", "t/src/b.c"), 0);
	assert_int(symlink("src/a.c", "t/ln"), 0);
	assert_int(pack_to("t", "out.tar", &written), CTXPACK_OK);
	assert_int(pack_to("t", NULL, &counted), CTXPACK_OK);
	assert_int(stat("out.tar", &st), 0);
	assert_int(written, st.st_size);
	assert_int(counted, st.st_size);
	got = read_back("out.tar", &ok);
	assert_true(ok);
	assert_str(got,
	    "f 0644 0/0 13 Dockerfile FROM scratch\n\n"
	    "l 0777 0/0 0 ln -> src/a.c \n"
	    "d 0755 0/0 0 src/ \n"
	    "f 0644 0/0 7 src/a.c int a;\n\n"
	    "h 0644 0/0 0 src/b.c -> src/a.c \n"
	    "f 4755 0/0 10 x.sh #!/bin/sh\n\n");
	free(got);
}

DEFINE_TEST(test_tar_write_error)
{
	struct ctxpack_tar *t;
	struct ctxpack_entry e;
	const struct ctxpack_diag *d;
	char big[4096];
	int fd = open("/dev/full", O_WRONLY), rc = CTXPACK_OK, i;

	if (fd < 0)
		return;		/* no /dev/full here */
	memset(big, 'x', sizeof(big));
	memset(&e, 0, sizeof(e));
	e.type = CTXPACK_T_FILE;
	e.mode = S_IFREG | 0644;
	e.size = sizeof(big);
	e.nlink = 1;
	e.dirfd = -1;
	e.data = big;
	assert_int(ctxpack_tar_new(fd, NULL, &t), CTXPACK_OK);
	/* the output buffer is large: enough entries to make it write */
	for (i = 0; i < 1024 && rc == CTXPACK_OK; i++) {
		char name[32];

		snprintf(name, sizeof(name), "f%d", i);
		e.path = e.name = name;
		e.pathlen = strlen(name);
		rc = ctxpack_tar_add(t, &e);
	}
	if (rc == CTXPACK_OK)
		rc = ctxpack_tar_finish(t);
	assert_int(rc, CTXPACK_FATAL);
	d = ctxpack_tar_error(t);
	assert_true(d != NULL && d->syserr == ENOSPC);
	assert_true(d != NULL && strstr(d->msg, "write error") != NULL);
	ctxpack_tar_free(t);
	close(fd);
}

DEFINE_TEST(test_tar_unfinished_is_refused)
{
	struct ctxpack_tar *t;
	struct ctxpack_entry e;
	char *got;
	int fd = open("cut.tar", O_WRONLY | O_CREAT | O_TRUNC, 0644), ok;

	memset(&e, 0, sizeof(e));
	e.type = CTXPACK_T_FILE;
	e.mode = S_IFREG | 0644;
	e.size = 5;
	e.nlink = 1;
	e.dirfd = -1;
	e.data = "hello";
	e.path = e.name = "a";
	e.pathlen = 1;
	assert_int(ctxpack_tar_new(fd, NULL, &t), CTXPACK_OK);
	assert_int(ctxpack_tar_add(t, &e), CTXPACK_OK);
	/* a failing file: missing, so the tar dies and is freed unfinished */
	t_put("d/x", "x");
	e.path = e.name = "x";
	e.data = NULL;
	e.dirfd = open("d", O_RDONLY | O_DIRECTORY);
	chmod("d/x", 0);
	if (geteuid() != 0)
		assert_int(ctxpack_tar_add(t, &e), CTXPACK_FATAL);
	close(e.dirfd);
	ctxpack_tar_free(t);	/* without finish: no end, a poison block */
	close(fd);
	got = read_back("cut.tar", &ok);
	assert_true(!ok);
	free(got);
}
