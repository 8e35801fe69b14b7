/*
 * main.c: the ctxpack command line.  Parses options into one struct,
 * dispatches to a command, prints diagnostics in one format
 * ("ctxpack: FILE:LINE:COL: LEVEL: message") and exits with the cli_worst
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

#include "cli.h"

int	cli_worst;	/* exit status so far */

static const char usage_text[] =
"usage: ctxpack pack [selection] [-z | --gzip | --zstd | --xz | --bzip2]\n"
"                    [--level n] [--reproducible] [--normalize-modes]\n"
"                    [-o file] [dir]\n"
"       ctxpack ls [selection] [-0] [dir]\n"
"       ctxpack report [selection] [-q] [--json] [--top n] [--depth n]\n"
"                      [--large size] [dir]\n"
"       ctxpack check [selection] [-qv] [--max-size size] [--max-files n]\n"
"                     [--max-dir size] [--fail-on-heavy] [dir]\n"
"       ctxpack audit [--json] [--max-size size] [--builder buildkit|classic]\n"
"                     [path ...]\n"
"       ctxpack why [selection] [-z] [--trace] [--stdin] [-C dir] [path ...]\n"
"       ctxpack lint [selection] [--json] [--fail-on error|warning|info] [dir]\n"
"       ctxpack digest [selection] [--per-dir] [--json] [dir]\n"
"       ctxpack --help | --version\n"
"selection: [-f dockerfile] [--ignore-file file] [--builder buildkit|classic]\n"
"           [--syntax docker|gitignore] [--gitignore]\n";

static const char help_text[] =
"\n"
"Decide what goes into a Docker build context, exactly as Docker does.\n"
"\n"
"commands:\n"
"  pack    write the context as a tar to stdout (or -o file), ready for\n"
"          `ctxpack pack . | docker build -t app -`\n"
"  ls      list the context's entries in tar order (directories end in /)\n"
"  report  sizes before and after filtering, the largest directories and\n"
"          files, heavy or large directories with the line that drops them\n"
"  check   exit 1 when the context is over a budget (pre-commit, CI)\n"
"  why     for each path, the rule that puts it in or out of the context,\n"
"          as git check-ignore -v prints it (exit 1 if any is excluded)\n"
"  lint    pitfalls in the ignore file, rules that do nothing, secrets\n"
"          and heavy directories in the context\n"
"  digest  an xxh3-128 digest of the context (names, types, modes,\n"
"          sizes, links, contents; not mtimes), or one per top-level entry\n"
"  audit   find every Dockerfile (and compose build:) under the paths and\n"
"          list their contexts by size\n"
"\n"
"options:\n"
"  -f, --file dockerfile   the Dockerfile, relative to the current directory\n"
"                          (as docker build -f); default DIR/Dockerfile\n"
"      --ignore-file file  use file instead of DIR/.dockerignore\n"
"      --builder name      buildkit (default, today's docker build) or\n"
"                          classic (DOCKER_BUILDKIT=0)\n"
"      --syntax name       docker (default) or gitignore: read the ignore\n"
"                          file with git's rules instead of Docker's\n"
"      --gitignore         also honour the tree's .gitignore files\n"
"  -o, --output file       pack: write the tar to file\n"
"  -z, --gzip, --zstd, --xz, --bzip2\n"
"                          pack: compress (docker build - reads them all)\n"
"      --level n           pack: compression level\n"
"      --reproducible      pack: every mtime set to SOURCE_DATE_EPOCH (or\n"
"                          0), no gzip timestamp: same tree, same bytes\n"
"      --normalize-modes   pack: modes 0644/0755 by the owner's x bit\n"
"  -0, --null              ls: end names with NUL instead of newline\n"
"  -C, --context dir       why: the context directory (.)\n"
"      --trace             why: every rule that matched, level by level\n"
"      --stdin             why: read paths from standard input\n"
"  -z                      why: NUL-separated input and output\n"
"      --json              report, audit, lint, digest: JSON\n"
"      --fail-on level     lint: exit 1 from this level on (error)\n"
"      --per-dir           digest: one digest per top-level entry\n"
"      --top n             report: rows in each list (10)\n"
"      --depth n           report: deepest directory level listed (2)\n"
"      --large size        report: flag directories above size (10MiB)\n"
"      --max-size size     check, audit: most bytes a context tar may take\n"
"      --max-files n       check: most files (non-directories) it may hold\n"
"      --max-dir size      check: most bytes one included directory may hold\n"
"      --fail-on-heavy     check: fail when a heavy directory (node_modules,\n"
"                          .git, .venv, ...) is in the context\n"
"  -q, --quiet             no progress line\n"
"  -v, --verbose           check: say so when within budget\n"
"  -h, --help              this help\n"
"  -V, --version           the version\n"
"\n"
"sizes: a number of bytes, or with K, M, G, T (powers of 1024; KiB etc.\n"
"too; KB, MB, GB, TB are powers of 1000), e.g. 500K, 50M, 1.5GiB\n"
"\n"
"environment: SOURCE_DATE_EPOCH clamps pack's mtimes (sets them with\n"
"--reproducible); NO_COLOR turns report's colours off\n"
"\n"
"exit status: 0 ok, 1 warnings or check over budget, 2 error\n";

static void
usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	if (status == 0)
		fputs(help_text, stdout);
	exit(status);
}

/* The one diagnostics printer. */
void
cli_diag(const struct ctxpack_diag *d, void *arg)
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
		cli_worst = EXIT_ERR;
	else if (cli_worst < EXIT_WARN)
		cli_worst = EXIT_WARN;
}

void
cli_msg(enum ctxpack_level level, const char *fmt, ...)
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
	cli_diag(&d, NULL);
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

static unsigned
parse_count(const char *opt, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v > 1000000 ||
	    arg[0] == '-') {
		cli_msg(CTXPACK_LEVEL_ERROR, "%s: \"%s\" is not a count", opt,
		    arg);
		exit(EXIT_ERR);
	}
	return (unsigned)v;
}

static uint64_t
parse_size_opt(const char *opt, const char *arg)
{
	uint64_t v;

	if (cli_parse_size(arg, &v) < 0) {
		cli_msg(CTXPACK_LEVEL_ERROR, "%s: \"%s\" is not a size (e.g. "
		    "500K, 50M, 1.5GiB)", opt, arg);
		exit(EXIT_ERR);
	}
	return v;
}

static void	only_for(const struct options *, const char *, const char *);

static void
set_compress(struct options *o, enum ctxpack_compress c)
{
	only_for(o, "-z, --gzip, --zstd, --xz, --bzip2", " pack ");
	if (o->lib.compress != CTXPACK_COMPRESS_NONE &&
	    o->lib.compress != c) {
		cli_msg(CTXPACK_LEVEL_ERROR, "one compression at most");
		exit(EXIT_ERR);
	}
	o->lib.compress = c;
}

/* SOURCE_DATE_EPOCH: seconds since 1970, or an error. */
static void
read_epoch(struct options *o)
{
	const char *v = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long e;

	if (v == NULL || *v == '\0')
		return;
	errno = 0;
	e = strtoll(v, &end, 10);
	if (errno != 0 || *end != '\0' || e < 0) {
		cli_msg(CTXPACK_LEVEL_ERROR, "SOURCE_DATE_EPOCH: \"%s\" is not "
		    "a number of seconds", v);
		exit(EXIT_ERR);
	}
	o->lib.have_epoch = 1;
	o->lib.epoch = e;
}

/* Which command may take which long option. */
static void
only_for(const struct options *o, const char *opt, const char *cmds)
{
	char buf[64];

	snprintf(buf, sizeof(buf), " %s ", o->cmd);
	if (strstr(cmds, buf) == NULL) {
		cli_msg(CTXPACK_LEVEL_ERROR, "%s is not an option of %s", opt,
		    o->cmd);
		exit(EXIT_ERR);
	}
}

static void
parse(int argc, char *argv[], struct options *o)
{
	enum { O_BUILDER = 256, O_IGNORE, O_JSON, O_TOP, O_DEPTH, O_LARGE,
	    O_MAXSIZE, O_MAXFILES, O_MAXDIR, O_HEAVY, O_TRACE, O_STDIN,
	    O_FAILON, O_ZSTD, O_XZ, O_BZIP2, O_LEVEL, O_REPRO, O_NORMMODES,
	    O_PERDIR, O_SYNTAX, O_GITIGNORE };
	static const struct option longopts[] = {
		{ "builder",	   required_argument, NULL, O_BUILDER },
		{ "bzip2",	   no_argument,	      NULL, O_BZIP2 },
		{ "gzip",	   no_argument,	      NULL, 'z' },
		{ "level",	   required_argument, NULL, O_LEVEL },
		{ "normalize-modes", no_argument,     NULL, O_NORMMODES },
		{ "reproducible",  no_argument,	      NULL, O_REPRO },
		{ "xz",		   no_argument,	      NULL, O_XZ },
		{ "zstd",	   no_argument,	      NULL, O_ZSTD },
		{ "context",	   required_argument, NULL, 'C' },
		{ "stdin",	   no_argument,	      NULL, O_STDIN },
		{ "trace",	   no_argument,	      NULL, O_TRACE },
		{ "depth",	   required_argument, NULL, O_DEPTH },
		{ "fail-on",	   required_argument, NULL, O_FAILON },
		{ "gitignore",	   no_argument,	      NULL, O_GITIGNORE },
		{ "syntax",	   required_argument, NULL, O_SYNTAX },
		{ "fail-on-heavy", no_argument,	      NULL, O_HEAVY },
		{ "file",	   required_argument, NULL, 'f' },
		{ "help",	   no_argument,	      NULL, 'h' },
		{ "ignore-file",   required_argument, NULL, O_IGNORE },
		{ "json",	   no_argument,	      NULL, O_JSON },
		{ "large",	   required_argument, NULL, O_LARGE },
		{ "max-dir",	   required_argument, NULL, O_MAXDIR },
		{ "max-files",	   required_argument, NULL, O_MAXFILES },
		{ "max-size",	   required_argument, NULL, O_MAXSIZE },
		{ "null",	   no_argument,	      NULL, '0' },
		{ "output",	   required_argument, NULL, 'o' },
		{ "per-dir",	   no_argument,	      NULL, O_PERDIR },
		{ "quiet",	   no_argument,	      NULL, 'q' },
		{ "top",	   required_argument, NULL, O_TOP },
		{ "verbose",	   no_argument,	      NULL, 'v' },
		{ "version",	   no_argument,	      NULL, 'V' },
		{ NULL,		   0,		      NULL, 0 }
	};
	static const char *cmds[] = { "pack", "ls", "report", "check", "audit",
	    "why", "lint", "digest" };
	size_t i;
	int ch;

	memset(o, 0, sizeof(*o));
	o->dir = ".";
	o->top = 10;
	o->depth = 2;
	o->large = 10 << 20;
	o->fail_on = CTXPACK_LINT_ERROR;
	o->lib.builder = CTXPACK_BUILDKIT;
	o->lib.diag = cli_diag;
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
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(o->cmd, cmds[i]) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0])) {
		cli_msg(CTXPACK_LEVEL_ERROR, "unknown command \"%s\"", o->cmd);
		usage(EXIT_ERR);
	}
	argc--;
	argv++;
	opterr = 0;	/* our own messages, in our format */
	while ((ch = getopt_long(argc, argv, ":0C:f:ho:qvVz", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case ':':
			cli_msg(CTXPACK_LEVEL_ERROR, "%s: needs an argument",
			    argv[optind - 1]);
			usage(EXIT_ERR);
			break;
		case '?':
			if (optopt != 0)
				cli_msg(CTXPACK_LEVEL_ERROR, "unknown option -%c",
				    optopt);
			else
				cli_msg(CTXPACK_LEVEL_ERROR, "unknown option %s",
				    argv[optind - 1]);
			usage(EXIT_ERR);
			break;
		case '0':
			only_for(o, "-0", " ls ");
			o->nul = 1;
			break;
		case O_BUILDER:
			if (strcmp(optarg, "buildkit") == 0)
				o->lib.builder = CTXPACK_BUILDKIT;
			else if (strcmp(optarg, "classic") == 0)
				o->lib.builder = CTXPACK_CLASSIC;
			else {
				cli_msg(CTXPACK_LEVEL_ERROR, "--builder: \"%s\" "
				    "is not buildkit or classic", optarg);
				exit(EXIT_ERR);
			}
			break;
		case O_DEPTH:
			only_for(o, "--depth", " report ");
			o->depth = parse_count("--depth", optarg);
			break;
		case 'C':
			only_for(o, "-C", " why ");
			o->dir = optarg;
			break;
		case O_STDIN:
			only_for(o, "--stdin", " why ");
			o->from_stdin = 1;
			break;
		case O_TRACE:
			only_for(o, "--trace", " why ");
			o->trace = 1;
			break;
		case 'z':
			only_for(o, "-z", " why pack ");
			if (strcmp(o->cmd, "why") == 0)
				o->nul = 1;
			else
				set_compress(o, CTXPACK_COMPRESS_GZIP);
			break;
		case O_ZSTD:
			set_compress(o, CTXPACK_COMPRESS_ZSTD);
			break;
		case O_XZ:
			set_compress(o, CTXPACK_COMPRESS_XZ);
			break;
		case O_BZIP2:
			set_compress(o, CTXPACK_COMPRESS_BZIP2);
			break;
		case O_LEVEL:
			only_for(o, "--level", " pack ");
			o->lib.level = (int)parse_count("--level", optarg);
			if (o->lib.level < 1 || o->lib.level > 22) {
				cli_msg(CTXPACK_LEVEL_ERROR, "--level: %s is "
				    "not in 1..22", optarg);
				exit(EXIT_ERR);
			}
			break;
		case O_REPRO:
			only_for(o, "--reproducible", " pack ");
			o->lib.flags |= CTXPACK_F_REPRODUCIBLE;
			break;
		case O_NORMMODES:
			only_for(o, "--normalize-modes", " pack ");
			o->lib.flags |= CTXPACK_F_NORMALIZE_MODES;
			break;
		case 'f':
			only_for(o, "-f", " pack ls report check why lint digest ");
			o->lib.dockerfile = optarg;
			break;
		case O_SYNTAX:
			if (strcmp(optarg, "docker") == 0)
				o->lib.syntax = CTXPACK_SYNTAX_DOCKER;
			else if (strcmp(optarg, "gitignore") == 0)
				o->lib.syntax = CTXPACK_SYNTAX_GITIGNORE;
			else {
				cli_msg(CTXPACK_LEVEL_ERROR, "--syntax: \"%s\" is "
				    "not docker or gitignore", optarg);
				exit(EXIT_ERR);
			}
			break;
		case O_GITIGNORE:
			o->lib.flags |= CTXPACK_F_GITIGNORE;
			break;
		case O_PERDIR:
			only_for(o, "--per-dir", " digest ");
			o->per_dir = 1;
			break;
		case O_FAILON:
			only_for(o, "--fail-on", " lint ");
			if (strcmp(optarg, "error") == 0)
				o->fail_on = CTXPACK_LINT_ERROR;
			else if (strcmp(optarg, "warning") == 0)
				o->fail_on = CTXPACK_LINT_WARNING;
			else if (strcmp(optarg, "info") == 0)
				o->fail_on = CTXPACK_LINT_INFO;
			else {
				cli_msg(CTXPACK_LEVEL_ERROR, "--fail-on: \"%s\" is "
				    "not error, warning or info", optarg);
				exit(EXIT_ERR);
			}
			break;
		case O_HEAVY:
			only_for(o, "--fail-on-heavy", " check ");
			o->fail_on_heavy = 1;
			break;
		case 'h':
			usage(0);
			break;
		case O_IGNORE:
			only_for(o, "--ignore-file", " pack ls report check why lint digest ");
			o->lib.ignore_file = optarg;
			break;
		case O_JSON:
			only_for(o, "--json", " report audit lint digest ");
			o->json = 1;
			break;
		case O_LARGE:
			only_for(o, "--large", " report ");
			o->large = parse_size_opt("--large", optarg);
			break;
		case O_MAXDIR:
			only_for(o, "--max-dir", " check ");
			o->max_dir = parse_size_opt("--max-dir", optarg);
			break;
		case O_MAXFILES:
			only_for(o, "--max-files", " check ");
			o->max_files = parse_count("--max-files", optarg);
			break;
		case O_MAXSIZE:
			only_for(o, "--max-size", " check audit ");
			o->max_size = parse_size_opt("--max-size", optarg);
			break;
		case 'o':
			only_for(o, "-o", " pack ");
			o->output = optarg;
			break;
		case 'q':
			only_for(o, "-q", " report check ");
			o->quiet = 1;
			break;
		case O_TOP:
			only_for(o, "--top", " report ");
			o->top = parse_count("--top", optarg);
			break;
		case 'v':
			only_for(o, "-v", " check ");
			o->verbose = 1;
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
	if (strcmp(o->cmd, "audit") == 0 || strcmp(o->cmd, "why") == 0) {
		o->npaths = argc;
		o->paths = argv;
		return;
	}
	if (argc > 1) {
		cli_msg(CTXPACK_LEVEL_ERROR, "one context directory at most");
		usage(EXIT_ERR);
	}
	if (argc == 1)
		o->dir = argv[0];
	if (o->lib.level > 0 && o->lib.compress == CTXPACK_COMPRESS_NONE) {
		cli_msg(CTXPACK_LEVEL_ERROR, "--level needs a compression");
		exit(EXIT_ERR);
	}
	read_epoch(o);
}

struct ctxpack_ctx *
cli_open_ctx(struct options *o)
{
	struct ctxpack_ctx *ctx;

	if (ctxpack_ctx_open(o->dir, &o->lib, &ctx) != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctx ? ctxpack_ctx_error(ctx) :
		    NULL;

		if (d != NULL)
			cli_diag(d, NULL);
		else
			cli_msg(CTXPACK_LEVEL_ERROR, "out of memory");
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
	ctx = cli_open_ctx(o);
	if (ctxpack_walk_new(ctx, &w) != CTXPACK_OK) {
		if (w != NULL)
			cli_diag(ctxpack_walk_error(w), NULL);
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
		cli_diag(ctxpack_walk_error(w), NULL);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(ctx);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			cli_msg(CTXPACK_LEVEL_ERROR, "write error: %s",
			    strerror(errno));
		return EXIT_ERR;
	}
	return cli_worst;
}

static int
cmd_pack(struct options *o)
{
	struct ctxpack_ctx *ctx;
	char *tmp = NULL;
	int fd = STDOUT_FILENO, rc;
	struct stat ost;

	if (o->output == NULL && isatty(STDOUT_FILENO)) {
		cli_msg(CTXPACK_LEVEL_ERROR, "refusing to write a tar to a "
		    "terminal; pipe it (ctxpack pack . | docker build -) or "
		    "use -o file");
		return EXIT_ERR;
	}
	ctx = cli_open_ctx(o);
	if (ctxpack_ctx_dockerfile(ctx) == NULL)
		cli_msg(CTXPACK_LEVEL_WARNING, "no Dockerfile in %s: docker build "
		    "will need one", o->dir);
	if (o->output != NULL && stat(o->output, &ost) == 0 &&
	    !S_ISREG(ost.st_mode)) {
		/* a device or FIFO (-o /dev/null): written as it is, never
		 * replaced by a renamed file */
		if ((fd = open(o->output, O_WRONLY | O_CLOEXEC)) < 0) {
			cli_msg(CTXPACK_LEVEL_ERROR, "%s: %s", o->output,
			    strerror(errno));
			ctxpack_ctx_free(ctx);
			return EXIT_ERR;
		}
	} else if (o->output != NULL) {
		size_t n = strlen(o->output);

		if ((tmp = malloc(n + 16)) == NULL) {
			cli_msg(CTXPACK_LEVEL_ERROR, "out of memory");
			ctxpack_ctx_free(ctx);
			return EXIT_ERR;
		}
		snprintf(tmp, n + 16, "%s.tmpXXXXXX", o->output);
		if ((fd = mkstemp(tmp)) < 0) {
			cli_msg(CTXPACK_LEVEL_ERROR, "%s: %s", o->output,
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
			cli_diag(d, NULL);
		if (tmp != NULL)
			unlink(tmp);
		cli_worst = EXIT_ERR;
	} else if (tmp != NULL && (fsync(fd) < 0 || rename(tmp,
	    o->output) < 0)) {
		cli_msg(CTXPACK_LEVEL_ERROR, "%s: %s", o->output, strerror(errno));
		unlink(tmp);
	}
	if (fd != STDOUT_FILENO)
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
	return cli_worst;
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
	if (strcmp(o.cmd, "report") == 0)
		return cmd_report(&o);
	if (strcmp(o.cmd, "check") == 0)
		return cmd_check(&o);
	if (strcmp(o.cmd, "audit") == 0)
		return cmd_audit(&o, o.npaths, o.paths);
	if (strcmp(o.cmd, "why") == 0)
		return cmd_why(&o, o.npaths, o.paths);
	if (strcmp(o.cmd, "lint") == 0)
		return cmd_lint(&o);
	if (strcmp(o.cmd, "digest") == 0)
		return cmd_digest(&o);
	return cmd_pack(&o);
}
