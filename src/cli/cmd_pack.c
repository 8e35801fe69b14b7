/*
 * cmd_pack.c: the pack and ls commands: the context as a tar, or its
 * entries one a line in tar order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

int
cmd_ls(struct options *o)
{
	struct ctxpack_ctx *ctx;
	struct ctxpack_walk *w;
	const struct ctxpack_entry *e;
	int rc, tty = !o->nul && isatty(STDOUT_FILENO);

	ctx = cli_open_ctx(o);
	if (ctxpack_walk_new(ctx, CTXPACK_WALK_NOSTAT, &w) != CTXPACK_OK) {
		if (w != NULL)
			msg_diag(ctxpack_walk_error(w), NULL);
		ctxpack_walk_free(w);
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (e->type == CTXPACK_T_SOCK)
			continue;
		/* raw for a pipe (a listing for programs), safe for a person */
		if (tty)
			fmt_name(stdout, e->path, e->pathlen);
		else
			fwrite(e->path, 1, e->pathlen, stdout);
		if (e->type == CTXPACK_T_DIR)
			putchar('/');
		putchar(o->nul ? '\0' : '\n');
		if (ferror(stdout))
			break;
	}
	if (rc == CTXPACK_FATAL)
		msg_diag(ctxpack_walk_error(w), NULL);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(ctx);
	return msg_rc();
}

/*
 * Where the tar goes: standard output; a device or FIFO, written as it is
 * (never replaced by a renamed file: -o /dev/null); or a regular file,
 * written as a temporary beside it and renamed over it at the end, so a
 * failed pack never leaves a tar that looks whole.
 */
struct out {
	int	 fd;
	char	*tmp;		/* the temporary, or NULL */
};

static int
open_out(const char *path, struct out *out)
{
	struct stat st;
	size_t n;
	mode_t um;

	out->fd = STDOUT_FILENO;
	out->tmp = NULL;
	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			msg_error("%s: is a directory", path);
			return -1;
		}
		if ((out->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
			msg_error("%s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	n = strlen(path);
	if ((out->tmp = malloc(n + 16)) == NULL) {
		msg_error("out of memory");
		return -1;
	}
	snprintf(out->tmp, n + 16, "%s.tmpXXXXXX", path);
	if ((out->fd = mkstemp(out->tmp)) < 0) {
		msg_error("%s: %s", path, strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		return -1;
	}
	um = umask(0);
	umask(um);
	(void)fchmod(out->fd, 0666 & ~um);
	return 0;
}

/* Keep the tar (rename the temporary over the file) or drop it. */
static void
close_out(const char *path, struct out *out, int keep)
{
	if (out->tmp != NULL) {
		if (keep && (fsync(out->fd) < 0 || close(out->fd) < 0 ||
		    rename(out->tmp, path) < 0)) {
			msg_error("%s: %s", path, strerror(errno));
			keep = 0;
		} else if (!keep)
			close(out->fd);
		if (!keep)
			unlink(out->tmp);
		free(out->tmp);
	} else if (out->fd != STDOUT_FILENO && close(out->fd) < 0 && keep)
		msg_write_error(errno);
}

int
cmd_pack(struct options *o)
{
	struct ctxpack_ctx_info info;
	struct ctxpack_ctx *ctx;
	struct progress prog;
	struct out out;
	int rc;

	if ((o->output == NULL || strcmp(o->output, "-") == 0) &&
	    isatty(STDOUT_FILENO)) {
		msg_error("refusing to write a tar to a terminal; pipe it "
		    "(ctxpack pack . | docker build -) or use -o file");
		return EXIT_ERR;
	}
	ctx = cli_open_ctx(o);
	ctxpack_ctx_info(ctx, &info);
	if (ctxpack_ctx_dockerfile(ctx) == NULL && !info.dockerfile_outside)
		msg_warning("no Dockerfile in %s: docker build will need one",
		    o->dir);
	/* the file -o replaces is never packed into its successor */
	if ((o->output != NULL && strcmp(o->output, "-") != 0 &&
	    ctxpack_ctx_skip_file(ctx, o->output) != CTXPACK_OK) ||
	    open_out(o->output, &out) < 0) {
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	progress_start(&prog, o->quiet);
	o->tar.progress = progress_cb;
	o->tar.progress_arg = &prog;
	rc = ctxpack_pack(ctx, &o->tar, out.fd);
	progress_end(&prog);
	if (rc == CTXPACK_FATAL) {
		const struct ctxpack_diag *d = ctxpack_ctx_error(ctx);

		/* a reader that went away ends it quietly, as tar does */
		if (d != NULL && d->syserr != EPIPE)
			msg_diag(d, NULL);
	}
	close_out(o->output, &out, rc != CTXPACK_FATAL);
	if (rc != CTXPACK_FATAL) {
		const char *df = ctxpack_ctx_dockerfile(ctx);

		if (df != NULL && strncmp(df, ".dockerfile.", 12) == 0 &&
		    o->lib.dockerfile != NULL)
			msg_note("the Dockerfile lies outside the context; it "
			    "is packed as %s: docker build -f %s -", df, df);
	}
	ctxpack_ctx_free(ctx);
	return rc == CTXPACK_FATAL ? EXIT_ERR : msg_rc();
}
