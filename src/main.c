/*
 * main.c: the ctxpack command line.  Parses options into one struct,
 * dispatches to a command, prints diagnostics in one format
 * ("ctxpack: FILE:LINE:COL: LEVEL: message") and exits with the worst
 * level seen: 0 ok, 1 warnings, 2 errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctxpack.h"

#define EXIT_WARN	1
#define EXIT_ERR	2

struct options {
	const char		*cmd;
	const char		*dir;
	const char		*output;	/* -o */
	int			 nul;		/* -0 */
	struct ctxpack_opts	 lib;
};

static int	worst;	/* exit status so far */

static const char usage_text[] =
"usage: ctxpack pack [-f dockerfile] [--ignore-file file]\n"
"                    [--builder buildkit|classic] [-o file] [dir]\n"
"       ctxpack ls [-0] [-f dockerfile] [--ignore-file file]\n"
"                  [--builder buildkit|classic] [dir]\n"
"       ctxpack --help | --version\n";

static const char help_text[] =
"\n"
"Decide what goes into a Docker build context, exactly as Docker does.\n"
"\n"
"commands:\n"
"  pack   write the context as a tar to stdout (or -o file), ready for\n"
"         `ctxpack pack . | docker build -t app -`\n"
"  ls     list the context's entries in tar order (directories end in /)\n"
"\n"
"options:\n"
"  -f, --file dockerfile   the Dockerfile, relative to the current directory\n"
"                          (as docker build -f); default DIR/Dockerfile\n"
"      --ignore-file file  use file instead of DIR/.dockerignore\n"
"      --builder name      buildkit (default, today's docker build) or\n"
"                          classic (DOCKER_BUILDKIT=0)\n"
"  -o, --output file       pack: write the tar to file\n"
"  -0, --null              ls: end names with NUL instead of newline\n"
"  -h, --help              this help\n"
"  -V, --version           the version\n"
"\n"
"exit status: 0 ok, 1 warnings (e.g. a file changed while packed), 2 error\n";

static void
usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	if (status == 0)
		fputs(help_text, stdout);
	exit(status);
}

/* The one diagnostics printer. */
static void
diag(const struct ctxpack_diag *d, void *arg)
{
	const char *lvl = d->level == CTXPACK_LEVEL_ERROR ? "error" : "warning";

	(void)arg;
	fputs("ctxpack: ", stderr);
	if (d->file != NULL) {
		fputs(d->file, stderr);
		if (d->line > 0)
			fprintf(stderr, ":%u", d->line);
		if (d->line > 0 && d->col > 0)
			fprintf(stderr, ":%u", d->col);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s: %s\n", lvl, d->msg);
	if (d->level == CTXPACK_LEVEL_ERROR)
		worst = EXIT_ERR;
	else if (worst < EXIT_WARN)
		worst = EXIT_WARN;
}

static void
msg(enum ctxpack_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
msg(enum ctxpack_level level, const char *fmt, ...)
{
	struct ctxpack_diag d;
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memset(&d, 0, sizeof(d));
	d.level = level;
	d.msg = buf;
	diag(&d, NULL);
}

static void
note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
note(const char *fmt, ...)
{
	va_list ap;

	fputs("ctxpack: note: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
parse(int argc, char *argv[], struct options *o)
{
	static const struct option longopts[] = {
		{ "builder",	 required_argument, NULL, 'B' },
		{ "file",	 required_argument, NULL, 'f' },
		{ "help",	 no_argument,	    NULL, 'h' },
		{ "ignore-file", required_argument, NULL, 'I' },
		{ "null",	 no_argument,	    NULL, '0' },
		{ "output",	 required_argument, NULL, 'o' },
		{ "version",	 no_argument,	    NULL, 'V' },
		{ NULL,		 0,		    NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->dir = ".";
	o->lib.builder = CTXPACK_BUILDKIT;
	o->lib.diag = diag;
	if (argc < 2)
		usage(EXIT_ERR);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("ctxpack %s\n", ctxpack_version());
		exit(0);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		usage(0);
	o->cmd = argv[1];
	if (strcmp(o->cmd, "pack") != 0 && strcmp(o->cmd, "ls") != 0) {
		msg(CTXPACK_LEVEL_ERROR, "unknown command \"%s\"", o->cmd);
		usage(EXIT_ERR);
	}
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "0f:ho:V", longopts, NULL)) != -1) {
		switch (ch) {
		case '0':
			o->nul = 1;
			break;
		case 'B':
			if (strcmp(optarg, "buildkit") == 0)
				o->lib.builder = CTXPACK_BUILDKIT;
			else if (strcmp(optarg, "classic") == 0)
				o->lib.builder = CTXPACK_CLASSIC;
			else {
				msg(CTXPACK_LEVEL_ERROR, "--builder: \"%s\" is "
				    "not buildkit or classic", optarg);
				exit(EXIT_ERR);
			}
			break;
		case 'f':
			o->lib.dockerfile = optarg;
			break;
		case 'h':
			usage(0);
			break;
		case 'I':
			o->lib.ignore_file = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'V':
			printf("ctxpack %s\n", ctxpack_version());
			exit(0);
		default:
			usage(EXIT_ERR);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		msg(CTXPACK_LEVEL_ERROR, "one context directory at most");
		usage(EXIT_ERR);
	}
	if (argc == 1)
		o->dir = argv[0];
	if (o->nul && strcmp(o->cmd, "ls") != 0) {
		msg(CTXPACK_LEVEL_ERROR, "-0 is for ls");
		exit(EXIT_ERR);
	}
	if (o->output != NULL && strcmp(o->cmd, "pack") != 0) {
		msg(CTXPACK_LEVEL_ERROR, "-o is for pack");
		exit(EXIT_ERR);
	}
}

static struct ctxpack_ctx *
open_ctx(struct options *o)
{
	struct ctxpack_ctx *ctx;

	if (ctxpack_ctx_open(o->dir, &o->lib, &ctx) != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctx ? ctxpack_ctx_error(ctx) :
		    NULL;

		if (d != NULL)
			diag(d, NULL);
		else
			msg(CTXPACK_LEVEL_ERROR, "out of memory");
		ctxpack_ctx_free(ctx);
		exit(EXIT_ERR);
	}
	return ctx;
}

static int
cmd_ls(struct options *o)
{
	struct ctxpack_ctx *ctx;
	struct ctxpack_walk *w;
	const struct ctxpack_entry *e;
	int rc;

	o->lib.flags |= CTXPACK_F_NOSTAT;
	ctx = open_ctx(o);
	if (ctxpack_walk_new(ctx, &w) != CTXPACK_OK) {
		if (w != NULL)
			diag(ctxpack_walk_error(w), NULL);
		ctxpack_walk_free(w);
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (e->type == CTXPACK_T_SOCK)
			continue;
		fwrite(e->path, 1, e->pathlen, stdout);
		if (e->type == CTXPACK_T_DIR)
			putchar('/');
		putchar(o->nul ? '\0' : '\n');
	}
	if (rc == CTXPACK_FATAL)
		diag(ctxpack_walk_error(w), NULL);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(ctx);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			msg(CTXPACK_LEVEL_ERROR, "write error: %s",
			    strerror(errno));
		return EXIT_ERR;
	}
	return worst;
}

static int
cmd_pack(struct options *o)
{
	struct ctxpack_ctx *ctx;
	char *tmp = NULL;
	int fd = STDOUT_FILENO, rc;

	if (o->output == NULL && isatty(STDOUT_FILENO)) {
		msg(CTXPACK_LEVEL_ERROR, "refusing to write a tar to a "
		    "terminal; pipe it (ctxpack pack . | docker build -) or "
		    "use -o file");
		return EXIT_ERR;
	}
	ctx = open_ctx(o);
	if (ctxpack_ctx_dockerfile(ctx) == NULL)
		msg(CTXPACK_LEVEL_WARNING, "no Dockerfile in %s: docker build "
		    "will need one", o->dir);
	if (o->output != NULL) {
		size_t n = strlen(o->output);

		if ((tmp = malloc(n + 16)) == NULL) {
			msg(CTXPACK_LEVEL_ERROR, "out of memory");
			ctxpack_ctx_free(ctx);
			return EXIT_ERR;
		}
		snprintf(tmp, n + 16, "%s.tmpXXXXXX", o->output);
		if ((fd = mkstemp(tmp)) < 0) {
			msg(CTXPACK_LEVEL_ERROR, "%s: %s", o->output,
			    strerror(errno));
			free(tmp);
			ctxpack_ctx_free(ctx);
			return EXIT_ERR;
		}
		{
			mode_t um = umask(0);

			umask(um);
			fchmod(fd, 0666 & ~um);
		}
	}
	rc = ctxpack_pack(ctx, fd);
	if (rc == CTXPACK_FATAL) {
		const struct ctxpack_diag *d = ctxpack_ctx_error(ctx);

		/* a closed pipe ends quietly, as tar does */
		if (d != NULL && d->syserr != EPIPE)
			diag(d, NULL);
		if (tmp != NULL)
			unlink(tmp);
		worst = EXIT_ERR;
	} else if (tmp != NULL && (fsync(fd) < 0 || rename(tmp,
	    o->output) < 0)) {
		msg(CTXPACK_LEVEL_ERROR, "%s: %s", o->output, strerror(errno));
		unlink(tmp);
	}
	if (tmp != NULL)
		close(fd);
	if (rc != CTXPACK_FATAL) {
		const char *df = ctxpack_ctx_dockerfile(ctx);

		if (df != NULL && strncmp(df, ".dockerfile.", 12) == 0 &&
		    o->lib.dockerfile != NULL)
			note("the Dockerfile lies outside the context; it is "
			    "packed as %s: docker build -f %s -", df, df);
	}
	free(tmp);
	ctxpack_ctx_free(ctx);
	return worst;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct rlimit rl;

	/* deep trees hold one descriptor per level */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* A reader that stops early gives EPIPE: exit 2, quietly. */
	signal(SIGPIPE, SIG_IGN);
	parse(argc, argv, &o);
	if (strcmp(o.cmd, "ls") == 0)
		return cmd_ls(&o);
	return cmd_pack(&o);
}
