/*
 * cli.h: the command line's options and commands.  Not part of the
 * library: everything here reaches libctxpack through ctxpack.h only.
 */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>

#include "ctxpack.h"
#include "fmt.h"
#include "msg.h"

#define NO_BUDGET	UINT64_MAX

/* --format: what a command prints (--json is FMT_JSON). */
enum out_format {
	FMT_TEXT = 0,
	FMT_JSON,
	FMT_MARKDOWN,		/* report, check, audit */
	FMT_SARIF		/* lint */
};

/* What the user asked for; filled by options_parse() from argv. */
struct options {
	const struct command	*cmd;
	const char		*dir;		/* the context directory */
	const char		*output;	/* pack -o */
	const char		*level_arg;	/* pack --level, as given */
	int			 nul;		/* ls -0, why -z */
	int			 json;		/* --json or --format json */
	enum out_format		 format;	/* --format */
	const char		*format_opt;	/* the option that set it */
	const char		*html;		/* report --html file */
	int			 quiet;		/* -q */
	int			 verbose;	/* -v */
	unsigned		 top;		/* --top */
	unsigned		 depth;		/* --depth */
	uint64_t		 large;		/* --large */
	uint64_t		 max_size;	/* --max-size; NO_BUDGET: none */
	uint64_t		 max_files;	/* --max-files */
	uint64_t		 max_dir;	/* --max-dir */
	int			 fail_on_heavy;	/* --fail-on-heavy */
	int			 fail_on_secret; /* check --fail-on-secret */
	int			 trace;		/* why --trace */
	int			 fail_on;	/* lint --fail-on level */
	int			 per_dir;	/* digest --per-dir */
	int			 from_stdin;	/* why --stdin */
	int			 write;		/* suggest --write */
	int			 npaths;	/* audit, why: PATH... */
	char			**paths;
	struct ctxpack_build_arg *build_args;	/* --build-arg, in order */
	size_t			 nbuild_args, build_args_cap;
	struct ctxpack_opts	 lib;		/* which context, which rules */
	struct ctxpack_tar_opts	 tar;		/* how pack writes (digest too) */
};

/* One command: its name, what runs it, what it takes, how to call it. */
struct command {
	const char	*name;
	int		(*run)(struct options *);
	uint64_t	 opts;		/* the options it takes (OPT_* bits) */
	int		 many;		/* takes paths, not one directory */
	const char	*usage;		/* its synopsis, continuation lines
					   indented as --help prints them */
	const char	*summary;	/* what it does, for --help */
};

void	options_parse(int, char *[], struct options *);
void	options_free(struct options *);

/* Open the context the options select, or print why not and exit 2. */
struct ctxpack_ctx *cli_open_ctx(struct options *);

int	cmd_pack(struct options *);
int	cmd_ls(struct options *);
int	cmd_report(struct options *);
int	cmd_check(struct options *);
int	cmd_audit(struct options *);
int	cmd_why(struct options *);
int	cmd_lint(struct options *);
int	cmd_digest(struct options *);
int	cmd_suggest(struct options *);

/* cmd_suggest.c: suggested lines as suggest, check and report print them. */
const char *sug_what(const struct ctxpack_suggestion *);
void	sug_comment(FILE *, const struct ctxpack_suggestion *);
void	sug_block(FILE *, const struct ctxpack_suggestions *, const char *indent);
void	sug_whole_note(const struct ctxpack_ctx *,
	    const struct ctxpack_suggestions *);

#endif
