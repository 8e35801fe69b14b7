/*
 * gitload.c: the tree's own .gitignore files (CTXPACK_F_GITIGNORE), found
 * by the walk in each directory it reads and by why along a path's
 * ancestors, read once per context and added to its rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define MAX_GITIGNORE	(64 * 1024 * 1024)

int
ctx_load_gitignore(struct ctxpack_ctx *c, int dirfd, const char *dir,
    size_t len)
{
	char *src, *base, *buf = NULL;
	size_t n = 0;
	struct stat st;
	int fd, rc = 0;

	if ((src = malloc(len + 12)) == NULL || (base = strndup(dir, len)) ==
	    NULL) {
		free(src);
		return -1;
	}
	snprintf(src, len + 12, "%.*s%s.gitignore", (int)len, dir,
	    len > 0 ? "/" : "");
	if (rules_source_loaded(c->rules, src))
		goto out;
	/* not a regular file (a link, a FIFO): git does not read it */
	if ((fd = openat(dirfd, ".gitignore", O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		goto out;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    ctx_slurp(fd, MAX_GITIGNORE, &buf, &n) == 0 &&
	    ctxpack_rules_parse_gitignore(c->rules, src, base, buf, n) !=
	    CTXPACK_OK)
		rc = -1;
	close(fd);
	free(buf);
out:
	free(src);
	free(base);
	return rc;
}

int
ctx_open_dir(const struct ctxpack_ctx *c, const char *rel, size_t len)
{
	int fd = dup(c->dirfd), nfd;
	size_t i = 0, j;
	char comp[NAME_MAX + 1];

	while (fd >= 0 && i < len) {
		for (j = i; j < len && rel[j] != '/'; j++)
			;
		if (j - i > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(comp, rel + i, j - i);
		comp[j - i] = '\0';
		nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(fd);
		fd = nfd;
		i = j + 1;
	}
	return fd;
}
