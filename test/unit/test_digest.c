/*
 * test_digest.c: the context digest.  It must change exactly when the
 * reproducible tar changes: content, mode, a name, a link target or the
 * set of entries sent; never for mtimes, owners, inode numbers or where
 * the tree lies.  The strongest check packs each mutated tree with every
 * mtime reset and compares tar bytes against digests.  Per-directory
 * digests must move only for the top-level entry that changed.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ctxpack.h"
#include "harness.h"


static void
sh(const char *cmd)
{
	if (system(cmd) != 0)
		t_fail(__FILE__, __LINE__, "%s: failed", cmd);
}

static struct ctxpack_ctx *
open_ctx(const char *dir, const char *dockerfile)
{
	struct ctxpack_opts o;
	struct ctxpack_ctx *c;

	memset(&o, 0, sizeof(o));
	o.dockerfile = dockerfile;
	if (ctxpack_ctx_open(dir, &o, &c) != CTXPACK_OK) {
		t_fail(__FILE__, __LINE__, "ctx_open %s: %s", dir,
		    c && ctxpack_ctx_error(c) ? ctxpack_ctx_error(c)->msg : "?");
		ctxpack_ctx_free(c);
		return NULL;
	}
	return c;
}

static void
hex(const unsigned char d[16], char out[33])
{
	int i;

	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/*
 * The digest of DIR as 32 hex digits ("error" if it failed), with the tar
 * options FLAGS (CTXPACK_TAR_*).
 */
static void
digest_of(const char *dir, const char *dockerfile, unsigned flags,
    char out[33])
{
	struct ctxpack_ctx *c = open_ctx(dir, dockerfile);
	struct ctxpack_tar_opts to;
	unsigned char d[16];
	int rc;

	snprintf(out, 33, "error");
	if (c == NULL)
		return;
	memset(&to, 0, sizeof(to));
	to.flags = flags;
	rc = ctxpack_digest(c, &to, d);
	if (rc != CTXPACK_OK)
		t_fail(__FILE__, __LINE__, "digest %s: %d %s", dir, rc,
		    ctxpack_ctx_error(c) ? ctxpack_ctx_error(c)->msg : "");
	else
		hex(d, out);
	ctxpack_ctx_free(c);
}

struct lines {
	char	buf[8192];
	size_t	len;
};

static void
collect(const char *name, const unsigned char d[16], void *arg)
{
	struct lines *l = arg;
	char h[33];
	int n;

	hex(d, h);
	n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s %s\n",
	    name, h);
	if (n > 0 && (size_t)n < sizeof(l->buf) - l->len)
		l->len += (size_t)n;
}

/* Per-dir digests of DIR, "name hex" a line, in callback order. */
static void
per_dir(const char *dir, const char *dockerfile, struct lines *l)
{
	struct ctxpack_ctx *c = open_ctx(dir, dockerfile);

	memset(l, 0, sizeof(*l));
	if (c == NULL)
		return;
	assert_int(ctxpack_digest_per_dir(c, NULL, collect, l), CTXPACK_OK);
	ctxpack_ctx_free(c);
}

/* The line for NAME in a per-dir listing, or "". */
static const char *
line_of(const struct lines *l, const char *name, char out[128])
{
	const char *p = l->buf;
	size_t n = strlen(name);

	out[0] = '\0';
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');

		if (strncmp(p, name, n) == 0 && p[n] == ' ') {
			snprintf(out, 128, "%.*s", (int)(nl - p), p);
			break;
		}
		p = nl + 1;
	}
	return out;
}

static void
base_tree(const char *d)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/Dockerfile", d);
	t_put(p, "FROM scratch\nCOPY . /\n");
	snprintf(p, sizeof(p), "%s/.dockerignore", d);
	t_put(p, "*.log\nbuild\n!build/keep\n");
	snprintf(p, sizeof(p), "%s/src/main.c", d);
	t_put(p, "int main(void) { return 0; }\n");
	snprintf(p, sizeof(p), "%s/src/util/u.h", d);
	t_put(p, "#define U 1\n");
	snprintf(p, sizeof(p), "%s/docs/a.txt", d);
	t_put(p, "xy");
	snprintf(p, sizeof(p), "%s/docs/b.txt", d);
	t_put(p, "");
	snprintf(p, sizeof(p), "%s/docs/empty", d);
	t_put(p, NULL);
	snprintf(p, sizeof(p), "%s/build/keep", d);
	t_put(p, "kept");
	snprintf(p, sizeof(p), "%s/build/out.o", d);
	t_put(p, "object");
	snprintf(p, sizeof(p), "%s/run.log", d);
	t_put(p, "log");
	snprintf(p, sizeof(p), "%s/README", d);
	t_put(p, "readme");
	snprintf(p, sizeof(p), "%s/link", d);
	if (symlink("src/main.c", p) < 0)
		t_fail(__FILE__, __LINE__, "symlink: %s", strerror(errno));
}

DEFINE_TEST(test_digest_changes_when_content_mode_name_link_set_change)
{
	char a[33], b[33];

	base_tree("t");
	digest_of("t", NULL, 0, a);
	assert_true(strcmp(a, "error") != 0);
	/* stable */
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	/* content, same size; then back */
	t_put("t/src/main.c", "int main(void) { return 1; }\n");
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	t_put("t/src/main.c", "int main(void) { return 0; }\n");
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	/* mode: permission bits, then a special bit */
	chmod("t/README", 0755);
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	chmod("t/README", 0644 | S_ISUID);
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	chmod("t/README", 0644);
	chmod("t/docs", 0755 | S_ISVTX);
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	chmod("t/docs", 0755);
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	/* a name */
	rename("t/README", "t/README.md");
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	rename("t/README.md", "t/README");
	/* a symlink target */
	unlink("t/link");
	assert_int(symlink("src/util/u.h", "t/link"), 0);
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	unlink("t/link");
	assert_int(symlink("src/main.c", "t/link"), 0);
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	/* the set of entries: an empty directory added, a file removed */
	t_put("t/docs/empty/more", NULL);
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	rmdir("t/docs/empty/more");
	unlink("t/docs/b.txt");
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	t_put("t/docs/b.txt", "");
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	/* excluded entries are not in the context: no change */
	t_put("t/new.log", "more log");
	t_put("t/run.log", "changed");
	t_put("t/build/out.o", "another object");
	t_put("t/build/sub/x.o", "x");
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	/* but an exception re-including one is */
	t_put("t/build/keep", "kept!");
	digest_of("t", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
}

DEFINE_TEST(test_digest_ignores_mtime_owner_and_location)
{
	struct timespec ts[2] = { { 12345, 0 }, { 12345, 0 } };
	char a[33], b[33], c[33];

	base_tree("t");
	digest_of("t", NULL, 0, a);
	assert_int(utimensat(AT_FDCWD, "t/src/main.c", ts, 0), 0);
	assert_int(utimensat(AT_FDCWD, "t/src", ts, 0), 0);
	assert_int(utimensat(AT_FDCWD, "t/link", ts, AT_SYMLINK_NOFOLLOW), 0);
	digest_of("t", NULL, 0, b);
	assert_str(b, a);
	if (geteuid() == 0) {
		assert_int(lchown("t/README", 1234, 4321), 0);
		assert_int(lchown("t/link", 1234, 4321), 0);
		digest_of("t", NULL, 0, b);
		assert_str(b, a);
	}
	/* the same tree built elsewhere, in another order (other inodes,
	 * mtimes), and a copy: one digest */
	t_put("u/README", "readme");
	t_put("u/run.log", "a different log");
	assert_int(symlink("src/main.c", "u/link"), 0);
	t_put("u/docs/empty", NULL);
	t_put("u/docs/b.txt", "");
	t_put("u/docs/a.txt", "xy");
	t_put("u/build/keep", "kept");
	t_put("u/src/util/u.h", "#define U 1\n");
	t_put("u/src/main.c", "int main(void) { return 0; }\n");
	t_put("u/.dockerignore", "*.log\nbuild\n!build/keep\n");
	t_put("u/Dockerfile", "FROM scratch\nCOPY . /\n");
	digest_of("u", NULL, 0, b);
	assert_str(b, a);
	sh("cp -R t v && mkdir -p w/deeper && mv v w/deeper/");
	digest_of("w/deeper/v", NULL, 0, c);
	assert_str(c, a);
}

DEFINE_TEST(test_digest_fields_are_unambiguous)
{
	char a[33], b[33];

	/* bytes moved between content and name, or between two files */
	t_put("p/Dockerfile", "FROM scratch\n");
	t_put("p/ab", "c");
	t_put("q/Dockerfile", "FROM scratch\n");
	t_put("q/a", "bc");
	digest_of("p", NULL, 0, a);
	digest_of("q", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	t_put("r/Dockerfile", "FROM scratch\n");
	t_put("r/a", "xy");
	t_put("r/b", "");
	t_put("s/Dockerfile", "FROM scratch\n");
	t_put("s/a", "x");
	t_put("s/b", "y");
	digest_of("r", NULL, 0, a);
	digest_of("s", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	/* an empty file and an empty directory of one name */
	t_put("e1/Dockerfile", "FROM scratch\n");
	t_put("e1/x", "");
	t_put("e2/Dockerfile", "FROM scratch\n");
	t_put("e2/x", NULL);
	chmod("e2/x", 0644);
	digest_of("e1", NULL, 0, a);
	digest_of("e2", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	/* a symlink and a file holding its target */
	t_put("l1/Dockerfile", "FROM scratch\n");
	assert_int(symlink("target", "l1/x"), 0);
	t_put("l2/Dockerfile", "FROM scratch\n");
	t_put("l2/x", "target");
	chmod("l2/x", 0777);
	digest_of("l1", NULL, 0, a);
	digest_of("l2", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	/* a hard link and a copy (T3: the tar holds a link) */
	t_put("h1/Dockerfile", "FROM scratch\n");
	t_put("h1/a", "same");
	assert_int(link("h1/a", "h1/b"), 0);
	t_put("h2/Dockerfile", "FROM scratch\n");
	t_put("h2/a", "same");
	t_put("h2/b", "same");
	digest_of("h1", NULL, 0, a);
	digest_of("h2", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
}

/* ------------------------------------------------ against the real tar */

static int
zero_time(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };

	(void)st;
	(void)flag;
	(void)f;
	utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
	return 0;
}

/* The tar ctxpack_pack writes for DIR, every mtime set to 0 first. */
static char *
tar_of(const char *dir, unsigned flags, size_t *lenp)
{
	struct ctxpack_tar_opts to;
	struct ctxpack_ctx *c;
	char *buf = NULL;
	FILE *f;
	long n;

	*lenp = 0;
	nftw(dir, zero_time, 16, FTW_PHYS | FTW_DEPTH);
	memset(&to, 0, sizeof(to));
	to.flags = flags;
	if ((c = open_ctx(dir, NULL)) == NULL)
		return NULL;
	if ((f = tmpfile()) == NULL) {
		ctxpack_ctx_free(c);
		return NULL;
	}
	assert_int(ctxpack_pack(c, &to, fileno(f)), CTXPACK_OK);
	ctxpack_ctx_free(c);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n > 0 && (buf = malloc((size_t)n)) != NULL &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n)
		*lenp = (size_t)n;
	fclose(f);
	return buf;
}

static void
mutate(int k)
{
	switch (k) {
	case 0: t_put("m/src/main.c", "int main(void) { return 0; }\n"); break;
	case 1: t_put("m/src/main.c", "int main(void) { return 7; }\n"); break;
	case 2: t_put("m/src/main.c", "int main(void) { return 0; }\n\n"); break;
	case 3: chmod("m/src/main.c", 0600); break;
	case 4: chmod("m/src", 0755 | S_ISGID); break;
	case 5: rename("m/docs/a.txt", "m/docs/c.txt"); break;
	case 6: t_put("m/other.log", "excluded"); break;
	case 7: t_put("m/build/out.o", "excluded too"); break;
	case 8: t_put("m/new", NULL); break;
	case 9: unlink("m/link"); sh("ln -s docs m/link"); break;
	case 10: unlink("m/docs/b.txt"); sh("ln m/docs/a.txt m/docs/b.txt");
		break;
	case 11: t_put("m/.dockerignore", "*.log\nbuild\n!build/keep\ndocs\n");
		break;
	case 12: t_put("m/docs/a.txt", "x"); t_put("m/docs/b.txt", "y"); break;
	case 13: sh("mkfifo m/src/fifo"); break;
	case 14: rename("m/build/out.o", "m/build/out2.o"); break;
	case 15: t_put("m/.dockerignore", "*.log\nbuild\n!build/keep\n"); break;
	case 16: unlink("m/run.log"); break;
	case 17: rename("m/docs/empty", "m/docs/Empty"); break;
	case 18: sh("cp m/docs/a.txt m/docs/a2.txt"); break;
	case 19: {
		struct timespec ts[2] = { { 99, 0 }, { 99, 0 } };

		utimensat(AT_FDCWD, "m/src/main.c", ts, 0);	/* reset */
		break;
	}
	case 20: {
		/* cap_net_bind_service+ep (v2); root only, else a no-op */
		static const unsigned char cap[20] = { 0x01, 0, 0, 0x02,
		    0x00, 0x04, 0, 0 };

		setxattr("m/src/main.c", "security.capability", cap,
		    sizeof(cap), 0);
		break;
	}
	}
}

DEFINE_TEST(test_digest_equal_exactly_when_tars_equal)
{
	char *base, *tar, a[33], b[33];
	size_t blen, tlen;
	int k;

	base_tree("m");
	base = tar_of("m", 0, &blen);
	digest_of("m", NULL, 0, a);
	assert_true(base != NULL && blen > 0);
	for (k = 0; k <= 20; k++) {
		int same_tar, same_digest;

		sh("rm -rf m");
		base_tree("m");
		mutate(k);
		tar = tar_of("m", 0, &tlen);
		digest_of("m", NULL, 0, b);
		same_tar = tlen == blen && tar != NULL &&
		    memcmp(tar, base, blen) == 0;
		same_digest = strcmp(a, b) == 0;
		if (getenv("DIGEST_TEST_VERBOSE") != NULL)
			printf("mutation %d: tar %s\n", k, same_tar ? "same" :
			    "differs");
		if (same_tar != same_digest)
			t_fail(__FILE__, __LINE__, "mutation %d: tars %s, "
			    "digests %s", k, same_tar ? "equal" : "differ",
			    same_digest ? "equal" : "differ");
		free(tar);
	}
	free(base);
}

/* With CTXPACK_F_NORMALIZE_MODES the tar holds 0644/0755; the digest too. */
DEFINE_TEST(test_digest_follows_normalize_modes)
{
	static const struct {
		const char	*path;
		mode_t		 mode;
	} muts[] = {
		{ "m/README", 0600 },		/* same tar */
		{ "m/README", 0644 | S_ISUID },	/* same tar */
		{ "m/README", 0744 },		/* 0755 */
		{ "m/docs", 0700 },		/* same tar */
		{ "m/docs", 01755 },		/* same tar */
		{ "m/src/main.c", 0711 },	/* 0755 */
	};
	const unsigned nm = CTXPACK_TAR_NORMALIZE_MODES;
	char *base, *tar, a[33], b[33];
	size_t blen, tlen, k;

	base_tree("m");
	base = tar_of("m", nm, &blen);
	digest_of("m", NULL, nm, a);
	for (k = 0; k < sizeof(muts) / sizeof(muts[0]); k++) {
		int same_tar, same_digest;

		sh("rm -rf m");
		base_tree("m");
		chmod(muts[k].path, muts[k].mode);
		tar = tar_of("m", nm, &tlen);
		digest_of("m", NULL, nm, b);
		same_tar = tlen == blen && tar != NULL &&
		    memcmp(tar, base, blen) == 0;
		same_digest = strcmp(a, b) == 0;
		if (same_tar != same_digest)
			t_fail(__FILE__, __LINE__, "%s %o: tars %s, digests %s",
			    muts[k].path, (unsigned)muts[k].mode,
			    same_tar ? "equal" : "differ",
			    same_digest ? "equal" : "differ");
		if (k == 0)
			assert_true(same_digest);
		if (k == 2)
			assert_true(!same_digest);
		free(tar);
	}
	free(base);
}

/* ---------------------------------------------------------- per dir */

DEFINE_TEST(test_digest_per_dir_moves_only_the_changed_entry)
{
	struct lines l0, l1;
	char x[128], y[128];
	const char *tops[] = { ".dockerignore", "Dockerfile", "README",
	    "build/", "docs/", "link", "src/" };
	size_t i;

	base_tree("t");
	per_dir("t", NULL, &l0);
	/* every sent top-level entry, in tar order, once */
	{
		const char *p = l0.buf;

		for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
			size_t n = strlen(tops[i]);

			if (strncmp(p, tops[i], n) != 0 || p[n] != ' ') {
				t_fail(__FILE__, __LINE__, "want %s at:\n%s",
				    tops[i], p);
				break;
			}
			p = strchr(p, '\n') + 1;
		}
		assert_str(p, "");
	}
	/* a change deep in src/: only src/ moves */
	t_put("t/src/util/u.h", "#define U 2\n");
	per_dir("t", NULL, &l1);
	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
		line_of(&l0, tops[i], x);
		line_of(&l1, tops[i], y);
		if (strcmp(tops[i], "src/") == 0)
			assert_true(strcmp(x, y) != 0);
		else
			assert_str(y, x);
	}
	t_put("t/src/util/u.h", "#define U 1\n");
	per_dir("t", NULL, &l1);
	assert_str(l1.buf, l0.buf);
	/* H5: build/ is excluded but sent for build/keep; keep counts
	 * under build/, and excluded files below change nothing */
	t_put("t/build/out.o", "changed");
	per_dir("t", NULL, &l1);
	assert_str(l1.buf, l0.buf);
	t_put("t/build/keep", "kept, changed");
	per_dir("t", NULL, &l1);
	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
		line_of(&l0, tops[i], x);
		line_of(&l1, tops[i], y);
		if (strcmp(tops[i], "build/") == 0)
			assert_true(strcmp(x, y) != 0);
		else
			assert_str(y, x);
	}
	/* a new top-level entry adds a line and moves no other */
	t_put("t/build/keep", "kept");
	t_put("t/aaa", "new");
	per_dir("t", NULL, &l1);
	assert_true(strncmp(l1.buf, ".dockerignore ", 14) == 0);
	assert_true(strstr(l1.buf, "\naaa ") != NULL);
	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++) {
		line_of(&l0, tops[i], x);
		line_of(&l1, tops[i], y);
		assert_str(y, x);
	}
}

DEFINE_TEST(test_digest_outside_dockerfile)
{
	struct lines l;
	char a[33], b[33];

	t_put("ctx/app.txt", "app");
	t_put("Dockerfile.out", "FROM scratch\n");
	digest_of("ctx", "Dockerfile.out", 0, a);
	digest_of("ctx", NULL, 0, b);
	assert_true(strcmp(a, b) != 0);
	t_put("Dockerfile.out", "FROM scratch\nCOPY . /\n");
	digest_of("ctx", "Dockerfile.out", 0, b);
	assert_true(strcmp(a, b) != 0);
	/* its entry comes last, under its .dockerfile.<hex> name */
	per_dir("ctx", "Dockerfile.out", &l);
	assert_true(strncmp(l.buf, "app.txt ", 8) == 0);
	assert_true(strstr(l.buf, "\n.dockerfile.") != NULL);
}

/*
 * A file that cannot be read is fatal, with its path.  Root reads
 * anything, so then a child drops to nobody for the test.
 */
DEFINE_TEST(test_digest_unreadable_file_is_fatal)
{
	char tmpl[] = "/tmp/ctxpack-digest.XXXXXX", p[128], *dir;
	pid_t pid;
	int st = 0;

	if ((dir = mkdtemp(tmpl)) == NULL) {
		t_fail(__FILE__, __LINE__, "mkdtemp: %s", strerror(errno));
		return;
	}
	chmod(dir, 0755);
	snprintf(p, sizeof(p), "%s/Dockerfile", dir);
	t_put(p, "FROM scratch\n");
	snprintf(p, sizeof(p), "%s/sub/secret.txt", dir);
	t_put(p, "secret");
	chmod(p, 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct ctxpack_ctx *c;
		unsigned char d[16];
		const struct ctxpack_diag *e;
		int ok;

		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		if ((c = open_ctx(dir, NULL)) == NULL)
			_exit(4);
		ok = ctxpack_digest(c, NULL, d) == CTXPACK_FATAL &&
		    (e = ctxpack_ctx_error(c)) != NULL &&
		    strstr(e->msg, "sub/secret.txt") != NULL &&
		    strstr(e->msg, "can't read") != NULL &&
		    e->syserr == EACCES;
		if (!ok)
			fprintf(stderr, "digest error: %s\n",
			    ctxpack_ctx_error(c) ? ctxpack_ctx_error(c)->msg :
			    "(none)");
		ctxpack_ctx_free(c);
		_exit(ok ? 0 : 1);
	}
	assert_true(pid > 0);
	if (pid > 0) {
		waitpid(pid, &st, 0);
		assert_true(WIFEXITED(st));
		assert_int(WEXITSTATUS(st), 0);
	}
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	sh(p);
}

/* A listing cache (audit) must not hide changes from the digest. */
DEFINE_TEST(test_digest_bypasses_listing_cache)
{
	struct ctxpack_cache *cache = ctxpack_cache_new();
	struct ctxpack_opts o;
	struct ctxpack_ctx *c;
	unsigned char d1[16], d2[16];
	char a[33], b[33], want[33];

	base_tree("t");
	memset(&o, 0, sizeof(o));
	o.cache = cache;
	assert_int(ctxpack_ctx_open("t", &o, &c), CTXPACK_OK);
	assert_int(ctxpack_digest(c, NULL, d1), CTXPACK_OK);
	ctxpack_ctx_free(c);
	t_put("t/src/new.c", "new");
	t_put("t/README", "a longer readme");
	assert_int(ctxpack_ctx_open("t", &o, &c), CTXPACK_OK);
	assert_int(ctxpack_digest(c, NULL, d2), CTXPACK_OK);
	ctxpack_ctx_free(c);
	hex(d1, a);
	hex(d2, b);
	digest_of("t", NULL, 0, want);
	assert_true(strcmp(a, b) != 0);
	assert_str(b, want);
	ctxpack_cache_free(cache);
}
