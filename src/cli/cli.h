/*
 * cli.h: what the command-line files share.  Not part of the library.
 */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>

#include "ctxpack.h"

#define EXIT_WARN	1
#define EXIT_ERR	2

struct options {
	const char		*cmd;
	const char		*dir;
	const char		*output;	/* -o */
	int			 nul;		/* -0 */
	int			 json;		/* --json */
	int			 quiet;		/* -q */
	int			 verbose;	/* -v */
	unsigned		 top;		/* --top */
	unsigned		 depth;		/* --depth */
	uint64_t		 large;		/* --large */
	uint64_t		 max_size;	/* --max-size, 0 none */
	uint64_t		 max_files;	/* --max-files, 0 none */
	uint64_t		 max_dir;	/* --max-dir, 0 none */
	int			 fail_on_heavy;	/* --fail-on-heavy */
	int			 trace;		/* why --trace */
	int			 fail_on;	/* lint --fail-on level */
	int			 per_dir;	/* digest --per-dir */
	int			 from_stdin;	/* why --stdin */
	int			 npaths;	/* audit, why: PATH... */
	char			**paths;
	struct ctxpack_opts	 lib;
};

extern int	cli_worst;	/* exit status so far */

void	cli_diag(const struct ctxpack_diag *, void *);
void	cli_msg(enum ctxpack_level, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
struct ctxpack_ctx *cli_open_ctx(struct options *);
/* "1.5GiB" -> bytes; -1 if not a size */
int	cli_parse_size(const char *, uint64_t *);
/* IEC: "26.2 MiB" into buf */
const char *cli_iec(uint64_t, char *, size_t);

/* a JSON string, null for NULL, bad UTF-8 as U+FFFD */
void	cli_json_str(FILE *, const char *);

int	cmd_report(struct options *);
int	cmd_check(struct options *);
int	cmd_audit(struct options *, int, char **);
int	cmd_why(struct options *, int, char **);
int	cmd_lint(struct options *);
int	cmd_digest(struct options *);

#endif
