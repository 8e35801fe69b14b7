/*
 * options.c: the command table and the options, as find(1)'s option.c
 * keeps them: one table says which command takes which option and how it
 * is called, and --help, "not an option of" and the parser all read it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One bit per option. */
#define OPT_FILE	(1ULL << 0)
#define OPT_IGNORE	(1ULL << 1)
#define OPT_BUILDER	(1ULL << 2)
#define OPT_SYNTAX	(1ULL << 3)
#define OPT_GITIGNORE	(1ULL << 4)
#define OPT_OUTPUT	(1ULL << 5)
#define OPT_GZIP	(1ULL << 6)	/* -z: gzip for pack, NUL for why */
#define OPT_ZSTD	(1ULL << 7)
#define OPT_XZ		(1ULL << 8)
#define OPT_BZIP2	(1ULL << 9)
#define OPT_LEVEL	(1ULL << 10)
#define OPT_REPRO	(1ULL << 11)
#define OPT_NORMMODES	(1ULL << 12)
#define OPT_NULL	(1ULL << 13)
#define OPT_CONTEXT	(1ULL << 14)
#define OPT_TRACE	(1ULL << 15)
#define OPT_STDIN	(1ULL << 16)
#define OPT_JSON	(1ULL << 17)
#define OPT_FAILON	(1ULL << 18)
#define OPT_PERDIR	(1ULL << 19)
#define OPT_TOP		(1ULL << 20)
#define OPT_DEPTH	(1ULL << 21)
#define OPT_LARGE	(1ULL << 22)
#define OPT_MAXSIZE	(1ULL << 23)
#define OPT_MAXFILES	(1ULL << 24)
#define OPT_MAXDIR	(1ULL << 25)
#define OPT_HEAVY	(1ULL << 26)
#define OPT_QUIET	(1ULL << 27)
#define OPT_VERBOSE	(1ULL << 28)
#define OPT_HELP	(1ULL << 29)
#define OPT_VERSION	(1ULL << 30)
#define OPT_NULZ	(1ULL << 31)	/* why -z */
/* --format: one entry per set of values, each with its own help */
#define OPT_FMT_LINT	(1ULL << 32)	/* text, json, sarif */
#define OPT_FMT_REPORT	(1ULL << 33)	/* text, json, markdown */
#define OPT_FMT_DIGEST	(1ULL << 34)	/* text, json */
#define OPT_HTML	(1ULL << 35)
#define OPT_SECRET	(1ULL << 36)
#define OPT_USED	(1ULL << 37)
#define OPT_TARGET	(1ULL << 38)
#define OPT_BUILDARG	(1ULL << 39)
#define OPT_WRITE	(1ULL << 40)
#define OPT_FORMAT	(OPT_FMT_LINT | OPT_FMT_REPORT | OPT_FMT_DIGEST)
/* the build the Dockerfile is read for */
#define OPT_BUILD	(OPT_TARGET | OPT_BUILDARG)

#define OPT_SELECTION	(OPT_FILE | OPT_IGNORE | OPT_BUILDER | OPT_SYNTAX | \
			 OPT_GITIGNORE)
#define OPT_ALWAYS	(OPT_HELP | OPT_VERSION)

/* An option: its names, whether it takes an argument, what it does. */
struct opt {
	uint64_t	 bit;
	int		 sname;		/* short letter, or 0 */
	const char	*lname;		/* long name, or NULL */
	const char	*arg;		/* its argument's name, NULL if none */
	const char	*help;
};

/*
 * In --help order.  A letter may stand for two options (-z: gzip for pack,
 * NUL for why), and a long name too (--format, whose values differ by
 * command); no command takes both.
 */
static const struct opt opts[] = {
	{ OPT_FILE, 'f', "file", "dockerfile",
	    "the Dockerfile, relative to the current directory\n"
	    "(as docker build -f); default DIR/Dockerfile" },
	{ OPT_IGNORE, 0, "ignore-file", "file",
	    "use file instead of DIR/.dockerignore" },
	{ OPT_BUILDER, 0, "builder", "name",
	    "buildkit (default, today's docker build),\n"
	    "classic (DOCKER_BUILDKIT=0) or buildah (buildah\n"
	    "build and podman build: Containerfile,\n"
	    ".containerignore)" },
	{ OPT_SYNTAX, 0, "syntax", "name",
	    "docker (default) or gitignore: read the ignore\n"
	    "file with git's rules instead of Docker's" },
	{ OPT_GITIGNORE, 0, "gitignore", NULL,
	    "also honour the tree's .gitignore files" },
	{ OPT_TARGET, 0, "target", "stage",
	    "the stage built (as docker build --target);\n"
	    "default the last" },
	{ OPT_BUILDARG, 0, "build-arg", "name[=value]",
	    "a build argument (as docker build --build-arg;\n"
	    "name alone takes it from the environment)" },
	{ OPT_USED, 0, "used", NULL,
	    "only what the Dockerfile can read (its COPY, ADD\n"
	    "and bind sources) and the build files: the\n"
	    "minimal context" },
	{ OPT_OUTPUT, 'o', "output", "file",
	    "write the tar to file (- for standard output)" },
	{ OPT_GZIP, 'z', "gzip", NULL,
	    "compress with gzip (docker build - reads it)" },
	{ OPT_NULZ, 'z', NULL, NULL,
	    "NUL-separated input and output" },
	{ OPT_ZSTD, 0, "zstd", NULL, "compress with zstd" },
	{ OPT_XZ, 0, "xz", NULL, "compress with xz" },
	{ OPT_BZIP2, 0, "bzip2", NULL, "compress with bzip2" },
	{ OPT_LEVEL, 0, "level", "n",
	    "compression level (gzip and bzip2 1..9, xz 0..9,\n"
	    "zstd 1..22)" },
	{ OPT_REPRO, 0, "reproducible", NULL,
	    "every mtime set to SOURCE_DATE_EPOCH (or 0), no\n"
	    "gzip timestamp: same tree, same bytes" },
	{ OPT_NORMMODES, 0, "normalize-modes", NULL,
	    "modes 0644/0755 by the owner's x bit" },
	{ OPT_NULL, '0', "null", NULL,
	    "end names with NUL instead of newline" },
	{ OPT_CONTEXT, 'C', "context", "dir",
	    "the context directory (.)" },
	{ OPT_TRACE, 0, "trace", NULL,
	    "every rule that matched, level by level" },
	{ OPT_STDIN, 0, "stdin", NULL,
	    "read paths from standard input" },
	{ OPT_JSON, 0, "json", NULL, "print JSON (--format json)" },
	{ OPT_FMT_LINT, 0, "format", "fmt",
	    "text (default), json, or sarif: SARIF 2.1.0\n"
	    "for GitHub code scanning" },
	{ OPT_FMT_REPORT, 0, "format", "fmt",
	    "text (default), json, or markdown: tables for\n"
	    "a CI job summary ($GITHUB_STEP_SUMMARY)" },
	{ OPT_FMT_DIGEST, 0, "format", "fmt", "text (default) or json" },
	{ OPT_HTML, 0, "html", "file",
	    "also write a page with a treemap of the context\n"
	    "to file (- for standard output, in place of\n"
	    "the report)" },
	{ OPT_FAILON, 0, "fail-on", "level",
	    "exit 1 from this level on: error (default),\n"
	    "warning or info" },
	{ OPT_WRITE, 'w', "write", NULL,
	    "append the lines to the ignore file in use (or\n"
	    "create .dockerignore)" },
	{ OPT_PERDIR, 0, "per-dir", NULL,
	    "one digest per top-level entry" },
	{ OPT_TOP, 0, "top", "n", "rows in each list (10)" },
	{ OPT_DEPTH, 0, "depth", "n",
	    "deepest directory level listed (2)" },
	{ OPT_LARGE, 0, "large", "size",
	    "flag directories above size (10MiB)" },
	{ OPT_MAXSIZE, 0, "max-size", "size",
	    "most bytes a context tar may take" },
	{ OPT_MAXFILES, 0, "max-files", "n",
	    "most files (non-directories) it may hold" },
	{ OPT_MAXDIR, 0, "max-dir", "size",
	    "most bytes one included directory may hold" },
	{ OPT_HEAVY, 0, "fail-on-heavy", NULL,
	    "fail when a heavy directory (node_modules,\n"
	    ".git, .venv, ...) is in the context" },
	{ OPT_SECRET, 0, "fail-on-secret", NULL,
	    "fail when a file that looks like a secret (.env,\n"
	    "*.pem, id_rsa, ...) is in the context" },
	{ OPT_QUIET, 'q', "quiet", NULL,
	    "no progress line on a terminal's standard error" },
	{ OPT_VERBOSE, 'v', "verbose", NULL,
	    "say so when within budget" },
	{ OPT_HELP, 'h', "help", NULL, "this help" },
	{ OPT_VERSION, 'V', "version", NULL, "the version" },
};

#define NOPTS	(sizeof(opts) / sizeof(opts[0]))

static const struct command commands[] = {
	{ "pack", cmd_pack, OPT_SELECTION | OPT_BUILD | OPT_USED | OPT_QUIET |
	    OPT_GZIP | OPT_ZSTD | OPT_XZ | OPT_BZIP2 | OPT_LEVEL | OPT_REPRO |
	    OPT_NORMMODES | OPT_OUTPUT, 0,
	    "pack [selection] [build] [--used] [-q]\n"
	    "             [-z | --gzip | --zstd | --xz | --bzip2] [--level n]\n"
	    "             [--reproducible] [--normalize-modes] [-o file] [dir]",
	    "write the context as a tar to stdout (or -o file), ready for\n"
	    "`ctxpack pack . | docker build -t app -`" },
	{ "ls", cmd_ls, OPT_SELECTION | OPT_BUILD | OPT_USED | OPT_QUIET |
	    OPT_NULL, 0,
	    "ls [selection] [build] [--used] [-0] [dir]",
	    "list the context's entries in tar order (directories end in /)" },
	{ "report", cmd_report, OPT_SELECTION | OPT_BUILD | OPT_QUIET |
	    OPT_JSON | OPT_FMT_REPORT | OPT_HTML | OPT_TOP | OPT_DEPTH |
	    OPT_LARGE, 0,
	    "report [selection] [build] [-q] [--json]\n"
	    "               [--format text|json|markdown] [--html file] [--top n]\n"
	    "               [--depth n] [--large size] [dir]",
	    "sizes before and after filtering, the largest directories and\n"
	    "files, heavy or large directories with the line that drops them" },
	{ "check", cmd_check, OPT_SELECTION | OPT_BUILD | OPT_QUIET |
	    OPT_VERBOSE | OPT_JSON | OPT_FMT_REPORT | OPT_MAXSIZE |
	    OPT_MAXFILES | OPT_MAXDIR | OPT_HEAVY | OPT_SECRET, 0,
	    "check [selection] [build] [-qv] [--json]\n"
	    "              [--format text|json|markdown]\n"
	    "              [--max-size size] [--max-files n] [--max-dir size]\n"
	    "              [--fail-on-heavy] [--fail-on-secret] [dir]",
	    "exit 1 when the context is over a budget (pre-commit, CI)" },
	{ "audit", cmd_audit, OPT_JSON | OPT_FMT_REPORT | OPT_QUIET |
	    OPT_MAXSIZE | OPT_BUILDER, 1,
	    "audit [-q] [--json] [--format text|json|markdown]\n"
	    "              [--max-size size] [--builder buildkit|classic|buildah]\n"
	    "              [path ...]",
	    "find every Dockerfile (and compose build:) under the paths and\n"
	    "list their contexts by size" },
	{ "why", cmd_why, OPT_SELECTION | OPT_QUIET | OPT_NULZ | OPT_TRACE |
	    OPT_STDIN | OPT_CONTEXT, 1,
	    "why [selection] [-z] [--trace] [--stdin] [-C dir] [path ...]",
	    "for each path, the rule that puts it in or out of the context,\n"
	    "as git check-ignore -v prints it (exit 1 if any is excluded)" },
	{ "suggest", cmd_suggest, OPT_SELECTION | OPT_BUILD |
	    OPT_JSON | OPT_FMT_DIGEST | OPT_TOP | OPT_WRITE, 0,
	    "suggest [selection] [build] [-w] [--json] [--format text|json]\n"
	    "                [--top n] [dir]",
	    "the lines to add to the ignore file, each under a comment: VCS\n"
	    "metadata, secrets, heavy or git-ignored directories, what the\n"
	    "Dockerfile never reads; never what the build reads" },
	{ "lint", cmd_lint, OPT_SELECTION | OPT_BUILD | OPT_QUIET | OPT_JSON |
	    OPT_FMT_LINT | OPT_FAILON, 0,
	    "lint [selection] [build] [--json] [--format text|json|sarif]\n"
	    "             [--fail-on error|warning|info] [dir]",
	    "pitfalls in the ignore file, rules that do nothing, secrets\n"
	    "and heavy directories in the context, what the Dockerfile\n"
	    "copies that the ignore file excludes or the tree lacks" },
	{ "digest", cmd_digest, OPT_SELECTION | OPT_BUILD | OPT_USED |
	    OPT_QUIET | OPT_PERDIR | OPT_JSON | OPT_FMT_DIGEST, 0,
	    "digest [selection] [build] [--used] [-q] [--per-dir] [--json]\n"
	    "               [--format text|json] [dir]",
	    "an xxh3-128 digest of the context (names, types, modes,\n"
	    "sizes, links, contents; not mtimes), or one per top-level entry" },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static const char selection_usage[] =
"selection: [-f dockerfile] [--ignore-file file]\n"
"           [--builder buildkit|classic|buildah] [--syntax docker|gitignore]\n"
"           [--gitignore]\n";
static const char build_usage[] =
"build:     [--target stage] [--build-arg name[=value]]...\n";

static const char sizes_help[] =
"sizes: a number of bytes, or with K, M, G, T (powers of 1024; KiB etc.\n"
"too; KB, MB, GB, TB are powers of 1000), e.g. 500K, 50M, 1.5GiB\n";

/* The usage lines: of one command, or of all with the "usage:" lead. */
static void
put_usage(FILE *f, const struct command *only)
{
	size_t i;
	const char *lead = "usage: ";

	for (i = 0; i < NCOMMANDS; i++) {
		const struct command *c = &commands[i];
		const char *p;

		if (only != NULL && c != only)
			continue;
		fprintf(f, "%sctxpack ", lead);
		for (p = c->usage; *p != '\0'; p++) {
			fputc(*p, f);
			if (*p == '\n')
				fputs("       ", f);
		}
		fputc('\n', f);
		lead = "       ";
	}
	if (only == NULL)
		fputs("       ctxpack --help | --version\n", f);
	if (only == NULL || (only->opts & OPT_SELECTION) == OPT_SELECTION)
		fputs(selection_usage, f);
	if (only == NULL || (only->opts & OPT_BUILD) == OPT_BUILD)
		fputs(build_usage, f);
}

/* Text with continuation lines indented by ind spaces. */
static void
put_indented(FILE *f, const char *s, int ind)
{
	for (; *s != '\0'; s++) {
		fputc(*s, f);
		if (*s == '\n')
			fprintf(f, "%*s", ind, "");
	}
	fputc('\n', f);
}

/* One option's help line, as "  -f, --file dockerfile   text". */
static void
put_opt(FILE *f, const struct opt *op)
{
	char names[64];
	int n = 0;

	if (op->sname != 0 && op->lname != NULL)
		n = snprintf(names, sizeof(names), "-%c, --%s", op->sname,
		    op->lname);
	else if (op->sname != 0)
		n = snprintf(names, sizeof(names), "-%c", op->sname);
	else
		n = snprintf(names, sizeof(names), "    --%s", op->lname);
	if (op->arg != NULL)
		snprintf(names + n, sizeof(names) - (size_t)n, " %s", op->arg);
	fprintf(f, "  %-24s ", names);
	if (strlen(names) > 24)
		fprintf(f, "\n  %-24s ", "");
	put_indented(f, op->help, 27);
}

/* ctxpack --help, or ctxpack COMMAND --help. */
static void
help(const struct command *c)
{
	size_t i;

	put_usage(stdout, c);
	if (c == NULL) {
		fputs("\nDecide what goes into a Docker build context, exactly "
		    "as Docker does.\n\ncommands:\n", stdout);
		for (i = 0; i < NCOMMANDS; i++) {
			printf("  %-7s ", commands[i].name);
			put_indented(stdout, commands[i].summary, 10);
		}
		fputs("\nselection (every command but audit):\n", stdout);
		for (i = 0; i < NOPTS; i++)
			if (opts[i].bit & OPT_SELECTION)
				put_opt(stdout, &opts[i]);
		fputs("\nbuild (what the Dockerfile reads, for the commands "
		    "that say [build]):\n", stdout);
		for (i = 0; i < NOPTS; i++)
			if (opts[i].bit & OPT_BUILD)
				put_opt(stdout, &opts[i]);
		fputs("\n`ctxpack COMMAND --help` lists the options of a "
		    "command.\n\n", stdout);
		fputs(sizes_help, stdout);
		fputs("\nenvironment: SOURCE_DATE_EPOCH clamps pack's mtimes "
		    "(sets them with\n--reproducible); NO_COLOR turns "
		    "report's colours off\n\nexit status: 0 ok, 1 warnings "
		    "or check over budget, 2 error\n", stdout);
	} else {
		fputs("\n", stdout);
		put_indented(stdout, c->summary, 0);
		fputs("\noptions:\n", stdout);
		for (i = 0; i < NOPTS; i++) {
			if (c->opts & opts[i].bit)
				put_opt(stdout, &opts[i]);
		}
		for (i = 0; i < NOPTS; i++)
			if (opts[i].bit & OPT_ALWAYS)
				put_opt(stdout, &opts[i]);
		if (c->opts & (OPT_LARGE | OPT_MAXSIZE | OPT_MAXDIR)) {
			fputc('\n', stdout);
			fputs(sizes_help, stdout);
		}
	}
	exit(msg_finish(0));
}

static void
usage(const struct command *c)
{
	put_usage(stderr, c);
	exit(EXIT_ERR);
}

static void	fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

static void
fail(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	msg_error("%s", buf);
	exit(EXIT_ERR);
}

static unsigned
parse_count(const char *opt, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v > 1000000 ||
	    arg[0] == '-')
		fail("%s: \"%s\" is not a count", opt, arg);
	return (unsigned)v;
}

static uint64_t
parse_size(const char *opt, const char *arg)
{
	uint64_t v;

	if (fmt_parse_size(arg, &v) < 0)
		fail("%s: \"%s\" is not a size (e.g. 500K, 50M, 1.5GiB)", opt,
		    arg);
	return v;
}

static void
set_compress(struct options *o, enum ctxpack_compress c)
{
	if (o->tar.compress != CTXPACK_COMPRESS_NONE && o->tar.compress != c) {
		msg_error("one compression at most");
		exit(EXIT_ERR);
	}
	o->tar.compress = c;
}

/* The levels each compressor takes (libarchive passes them on). */
static void
check_level(const struct options *o, const char *arg)
{
	int lo = 1, hi = 9;

	switch (o->tar.compress) {
	case CTXPACK_COMPRESS_NONE:
		msg_error("--level needs a compression");
		exit(EXIT_ERR);
	case CTXPACK_COMPRESS_XZ:
		lo = 0;
		break;
	case CTXPACK_COMPRESS_ZSTD:
		hi = 22;
		break;
	default:
		break;
	}
	if (o->tar.level < lo || o->tar.level > hi) {
		msg_error("--level: %s is not in %d..%d for %s", arg, lo, hi,
		    o->tar.compress == CTXPACK_COMPRESS_GZIP ? "gzip" :
		    o->tar.compress == CTXPACK_COMPRESS_ZSTD ? "zstd" :
		    o->tar.compress == CTXPACK_COMPRESS_XZ ? "xz" : "bzip2");
		exit(EXIT_ERR);
	}
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
	if (errno != 0 || *end != '\0' || e < 0)
		fail("SOURCE_DATE_EPOCH: \"%s\" is not a number of seconds", v);
	o->tar.have_epoch = 1;
	o->tar.epoch = e;
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The index of arg in names, or an error saying what it may be. */
static int
choose(const char *opt, const char *arg, const char *const *names,
    const char *which)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	msg_error("%s: \"%s\" is not %s", opt, arg, which);
	exit(EXIT_ERR);
}

/* -f given more than once (docker: the last counts). */
static int nfiles;

/*
 * --build-arg NAME=VALUE, or NAME alone from the environment (not given
 * when unset there, as docker build drops it).
 */
static void
add_build_arg(struct options *o, const char *opt, const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct ctxpack_build_arg *a;
	char *name;

	if (eq == arg || *arg == '\0')
		fail("%s: \"%s\" has no name (name=value)", opt, arg);
	if (o->nbuild_args == o->build_args_cap) {
		size_t n = o->build_args_cap ? 2 * o->build_args_cap : 8;

		if ((a = realloc(o->build_args, n * sizeof(*a))) == NULL)
			fail("out of memory");
		o->build_args = a;
		o->build_args_cap = n;
	}
	/* the name is always a copy: options_free() frees them all */
	if ((name = strndup(arg, eq == NULL ? strlen(arg) :
	    (size_t)(eq - arg))) == NULL)
		fail("out of memory");
	a = &o->build_args[o->nbuild_args++];
	a->name = name;
	a->value = eq == NULL ? getenv(arg) : eq + 1;
	o->lib.build_args = o->build_args;
	o->lib.nbuild_args = o->nbuild_args;
}

void
options_free(struct options *o)
{
	size_t i;

	for (i = 0; i < o->nbuild_args; i++)
		free((char *)o->build_args[i].name);
	free(o->build_args);
	o->build_args = NULL;
	o->nbuild_args = o->build_args_cap = 0;
	o->lib.build_args = NULL;
	o->lib.nbuild_args = 0;
}

/* --format and --json: the first says, a later one must agree. */
static void
set_format(struct options *o, enum out_format f, const char *opt,
    const char *arg)
{
	static const char *const names[] = { "text", "json", "markdown",
	    "sarif" };

	if (o->format_opt != NULL && o->format != f)
		fail("%s%s%s: %s already asks for %s", opt, arg ? " " : "",
		    arg ? arg : "", o->format_opt, names[o->format]);
	o->format = f;
	o->format_opt = opt[2] == 'j' ? "--json" : "--format";
	o->json = f == FMT_JSON;
}

/* Apply one option the command takes. */
static void
apply(struct options *o, const struct opt *op, const char *arg)
{
	static const char *const builders[] = { "buildkit", "classic",
	    "buildah", NULL };
	static const enum ctxpack_builder bvals[] = { CTXPACK_BUILDKIT,
	    CTXPACK_CLASSIC, CTXPACK_BUILDAH };
	static const char *const syntaxes[] = { "docker", "gitignore", NULL };
	static const char *const levels[] = { "error", "warning", "info",
	    NULL };
	static const char *const fmt_lint[] = { "text", "json", "sarif",
	    NULL };
	static const char *const fmt_report[] = { "text", "json", "markdown",
	    NULL };
	static const char *const fmt_digest[] = { "text", "json", NULL };
	static const enum out_format lint_f[] = { FMT_TEXT, FMT_JSON,
	    FMT_SARIF };
	char name[32];

	if (op->lname != NULL)
		snprintf(name, sizeof(name), "--%s", op->lname);
	else
		snprintf(name, sizeof(name), "-%c", op->sname);
	switch (op->bit) {
	case OPT_FILE:
		if (o->lib.dockerfile != NULL)
			nfiles++;
		o->lib.dockerfile = arg;
		break;
	case OPT_IGNORE:
		o->lib.ignore_file = arg;
		break;
	case OPT_BUILDER:
		o->lib.builder = bvals[choose(name, arg, builders,
		    "buildkit, classic or buildah")];
		break;
	case OPT_SYNTAX:
		o->lib.syntax = choose(name, arg, syntaxes,
		    "docker or gitignore") == 0 ? CTXPACK_SYNTAX_DOCKER :
		    CTXPACK_SYNTAX_GITIGNORE;
		break;
	case OPT_GITIGNORE:
		o->lib.flags |= CTXPACK_F_GITIGNORE;
		break;
	case OPT_USED:
		o->lib.flags |= CTXPACK_F_USED;
		break;
	case OPT_TARGET:
		if (*arg == '\0')
			fail("%s: needs a stage name", name);
		o->lib.target = arg;
		break;
	case OPT_BUILDARG:
		add_build_arg(o, name, arg);
		break;
	case OPT_OUTPUT:
		o->output = arg;
		break;
	case OPT_GZIP:
		set_compress(o, CTXPACK_COMPRESS_GZIP);
		break;
	case OPT_ZSTD:
		set_compress(o, CTXPACK_COMPRESS_ZSTD);
		break;
	case OPT_XZ:
		set_compress(o, CTXPACK_COMPRESS_XZ);
		break;
	case OPT_BZIP2:
		set_compress(o, CTXPACK_COMPRESS_BZIP2);
		break;
	case OPT_LEVEL:
		o->tar.level = (int)parse_count(name, arg);
		o->level_arg = arg;
		break;
	case OPT_REPRO:
		o->tar.flags |= CTXPACK_TAR_REPRODUCIBLE;
		break;
	case OPT_NORMMODES:
		o->tar.flags |= CTXPACK_TAR_NORMALIZE_MODES;
		break;
	case OPT_NULL:
	case OPT_NULZ:
		o->nul = 1;
		break;
	case OPT_CONTEXT:
		o->dir = arg;
		break;
	case OPT_TRACE:
		o->trace = 1;
		break;
	case OPT_STDIN:
		o->from_stdin = 1;
		break;
	case OPT_JSON:
		set_format(o, FMT_JSON, name, NULL);
		break;
	case OPT_FMT_LINT:
		set_format(o, lint_f[choose(name, arg, fmt_lint,
		    "text, json or sarif")], name, arg);
		break;
	case OPT_FMT_REPORT:
		set_format(o, (enum out_format)choose(name, arg, fmt_report,
		    "text, json or markdown"), name, arg);
		break;
	case OPT_FMT_DIGEST:
		set_format(o, (enum out_format)choose(name, arg, fmt_digest,
		    "text or json"), name, arg);
		break;
	case OPT_HTML:
		o->html = arg;
		break;
	case OPT_SECRET:
		o->fail_on_secret = 1;
		break;
	case OPT_FAILON:
		switch (choose(name, arg, levels, "error, warning or info")) {
		case 0:
			o->fail_on = CTXPACK_LINT_ERROR;
			break;
		case 1:
			o->fail_on = CTXPACK_LINT_WARNING;
			break;
		default:
			o->fail_on = CTXPACK_LINT_INFO;
		}
		break;
	case OPT_WRITE:
		o->write = 1;
		break;
	case OPT_PERDIR:
		o->per_dir = 1;
		break;
	case OPT_TOP:
		o->top = parse_count(name, arg);
		break;
	case OPT_DEPTH:
		o->depth = parse_count(name, arg);
		break;
	case OPT_LARGE:
		o->large = parse_size(name, arg);
		break;
	case OPT_MAXSIZE:
		o->max_size = parse_size(name, arg);
		break;
	case OPT_MAXFILES:
		o->max_files = parse_count(name, arg);
		break;
	case OPT_MAXDIR:
		o->max_dir = parse_size(name, arg);
		break;
	case OPT_HEAVY:
		o->fail_on_heavy = 1;
		break;
	case OPT_QUIET:
		o->quiet = 1;
		break;
	case OPT_VERBOSE:
		o->verbose = 1;
		break;
	case OPT_HELP:
		help(o->cmd);
		break;
	case OPT_VERSION:
		printf("ctxpack %s\n", ctxpack_version());
		exit(msg_finish(0));
	}
}

/* An option before opts[n] has the same long name (--format). */
static int
long_seen(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (opts[i].lname != NULL &&
		    strcmp(opts[i].lname, opts[n].lname) == 0)
			return 1;
	return 0;
}

void
options_parse(int argc, char *argv[], struct options *o)
{
	struct option longopts[NOPTS + 1];
	char shortopts[2 * NOPTS + 2] = "", *sp = shortopts;
	size_t i, nl = 0;
	int ch, li;

	memset(o, 0, sizeof(*o));
	o->dir = ".";
	o->top = 10;
	o->depth = 2;
	o->large = 10 << 20;
	o->max_size = o->max_files = o->max_dir = NO_BUDGET;
	o->fail_on = CTXPACK_LINT_ERROR;
	o->lib.builder = CTXPACK_BUILDKIT;
	o->lib.diag = msg_diag;
	o->tar.diag = msg_diag;
	if (argc < 2)
		usage(NULL);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("ctxpack %s\n", ctxpack_version());
		exit(msg_finish(0));
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0 &&
		    find_command(argv[2]) != NULL)
			help(find_command(argv[2]));
		help(NULL);
	}
	if ((o->cmd = find_command(argv[1])) == NULL) {
		msg_error("unknown command \"%s\"", argv[1]);
		usage(NULL);
	}
	*sp++ = ':';	/* our own messages, in our format */
	for (i = 0; i < NOPTS; i++) {
		const struct opt *op = &opts[i];

		if (op->sname != 0 && strchr(shortopts, op->sname) == NULL) {
			*sp++ = (char)op->sname;
			if (op->arg != NULL)
				*sp++ = ':';
		}
		if (op->lname != NULL && !long_seen(i)) {
			longopts[nl].name = op->lname;
			longopts[nl].has_arg = op->arg ? required_argument :
			    no_argument;
			longopts[nl].flag = NULL;
			longopts[nl].val = (int)(256 + i);
			nl++;
		}
	}
	*sp = '\0';
	memset(&longopts[nl], 0, sizeof(longopts[nl]));
	argc--;
	argv++;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, &li)) != -1) {
		const struct opt *op = NULL;

		if (ch == ':') {
			msg_error("%s: needs an argument", argv[optind - 1]);
			usage(o->cmd);
		}
		if (ch == '?') {
			if (optopt != 0)
				msg_error("unknown option -%c", optopt);
			else
				msg_error("unknown option %s", argv[optind - 1]);
			usage(o->cmd);
		}
		if (ch >= 256) {	/* the command's own of that name */
			op = &opts[ch - 256];
			for (i = 0; i < NOPTS; i++)
				if (opts[i].lname != NULL &&
				    strcmp(opts[i].lname, op->lname) == 0 &&
				    (o->cmd->opts & opts[i].bit))
					op = &opts[i];
		} else	/* the command's own, else the first of that letter */
			for (i = 0; i < NOPTS; i++)
				if (opts[i].sname == ch && (op == NULL ||
				    (o->cmd->opts & opts[i].bit)))
					op = &opts[i];
		if (!((o->cmd->opts | OPT_ALWAYS) & op->bit)) {
			char nm[40];

			if (ch >= 256)
				snprintf(nm, sizeof(nm), "--%s", op->lname);
			else
				snprintf(nm, sizeof(nm), "-%c", ch);
			fail("%s is not an option of %s", nm, o->cmd->name);
		}
		apply(o, op, optarg);
	}
	argc -= optind;
	argv += optind;
	if (o->cmd->many) {
		o->npaths = argc;
		o->paths = argv;
	} else if (argc > 1) {
		msg_error("one context directory at most");
		usage(o->cmd);
	} else if (argc == 1)
		o->dir = argv[0];
	if (nfiles > 0 && o->lib.builder == CTXPACK_BUILDAH)
		fail("-f given twice: buildah joins several build files into "
		    "one, ctxpack takes one");
	if (o->tar.level > 0 || o->level_arg != NULL)
		check_level(o, o->level_arg);
	read_epoch(o);
}
