/*
 * dockerfile.h: a Dockerfile model that knows which main-context paths a
 * build can read.  The Dockerfile is read as BuildKit's frontend reads it
 * (moby/buildkit frontend/dockerfile: parser, instructions, shell,
 * dockerfile2llb/convert.go; fsutil's copy for source matching).
 * Internal; not installed.
 *
 * Calling sequence:
 *
 *   1. df = df_parse(name, buf, len, warn, arg)
 *	Parser directives, continuation lines, heredocs, JSON and shell
 *	forms, flags, and every check BuildKit makes before it evaluates
 *	anything (unknown instruction, bad flag, FROM missing, ...).  NULL
 *	only when out of memory.  df_error(df) is the first error, with
 *	NAME, line and column; the instructions before it stay readable.
 *	WARN (may be NULL) gets warnings: empty continuation lines, a
 *	custom "# syntax=" frontend.
 *   2. b = df_eval(df, &opts, warn, arg)
 *	Evaluates the build for a target and a builder: global and stage
 *	ARGs, build args, ENV, variable expansion, which stages run, and
 *	what every instruction of those stages reads.  NULL only when out
 *	of memory; df_build_error(b) says why BuildKit would stop.  A file
 *	with a parse error gives a build that carries that error.
 *   3. df_nreads()/df_read(): the reads, in dispatch order (stage by
 *	stage, ONBUILD triggers of a stage first).  df_nstages()/df_stage().
 *   4. Per path of a walk of the context:
 *	df_match()	  can the build read it, and which read does;
 *	df_read_match()	  the same for one read (a read whose sources match
 *			  nothing in the tree never answers DF_READ);
 *	df_transfer_match() does BuildKit send it for `docker build DIR`
 *			  (FollowPaths: the COPY/ADD/bind sources as patterns).
 *   5. df_build_free(b), df_free(df).
 *
 * Paths given to the matchers are relative to the context root,
 * '/'-separated, without "./" or a trailing '/' ("" is the root); ISDIR
 * tells whether the path is a directory (a symlink is not).  Matching
 * follows names only: a symlink a source names or matches is read through
 * by BuildKit (FollowSymlinks), which a name cannot tell.  Neither handle
 * is safe to use from two threads at once.
 */
#ifndef DOCKERFILE_H
#define DOCKERFILE_H

#include <stddef.h>

#include "ctxpack.h"

struct df_file;
struct df_build;
struct sbuf;

enum df_cmd {
	DF_UNKNOWN = 0,
	DF_ADD,
	DF_ARG,
	DF_CMD,
	DF_COPY,
	DF_ENTRYPOINT,
	DF_ENV,
	DF_EXPOSE,
	DF_FROM,
	DF_HEALTHCHECK,
	DF_LABEL,
	DF_MAINTAINER,
	DF_ONBUILD,
	DF_RUN,
	DF_SHELL,
	DF_STOPSIGNAL,
	DF_USER,
	DF_VOLUME,
	DF_WORKDIR
};

/* A heredoc attached to an instruction (its content is inline). */
struct df_heredoc {
	const char	*name;		/* delimiter, quotes removed */
	const char	*content;	/* lines as read, newlines kept */
	size_t		 contentlen;
	unsigned	 fd;		/* the N of N<<EOF, 0 if none */
	int		 expand;	/* delimiter unquoted */
	int		 chomp;		/* <<- */
};

/* A flag after the instruction word, as BFlags parses it. */
struct df_flag {
	const char	*name;		/* without "--" */
	const char	*value;		/* "" when given without '=' */
	int		 hasvalue;	/* '=' was given */
};

/*
 * One instruction of the parse tree (a BuildKit parser.Node and what
 * instructions.Parse checked).  ARGS are the node's values in order, as
 * BuildKit's nodeArgs gives them: for ENV and LABEL key, value and
 * separator ("=" or "" for the KEY VALUE form) per pair; for ONBUILD the
 * trigger is SUB.
 */
struct df_instr {
	enum df_cmd		 cmd;
	const char		*keyword;	/* as written */
	unsigned		 line;		/* first line, 1-based */
	unsigned		 endline;	/* last line, heredocs included */
	unsigned		 col;		/* column of the keyword */
	const char		*original;	/* the logical line */
	const char *const	*rawflags;	/* "--name=value" as extracted */
	size_t			 nrawflags;
	const struct df_flag	*flags;		/* parsed (unknown ones rejected) */
	size_t			 nflags;
	const char *const	*args;
	size_t			 nargs;
	int			 json;		/* exec (JSON) form */
	const struct df_heredoc	*heredocs;
	size_t			 nheredocs;
	const struct df_instr	*sub;		/* ONBUILD's trigger */
};

/* A parser directive at the top of the file. */
struct df_directive {
	const char	*name;		/* "syntax", "escape", "check" */
	const char	*value;
	unsigned	 line;
};

struct df_file	*df_parse(const char *name, const char *buf, size_t len,
		    ctxpack_diag_fn *warn, void *arg);
void		 df_free(struct df_file *);
const struct ctxpack_diag *df_error(const struct df_file *);
size_t		 df_ninstrs(const struct df_file *);
const struct df_instr *df_instr(const struct df_file *, size_t);
size_t		 df_ndirectives(const struct df_file *);
const struct df_directive *df_directive(const struct df_file *, size_t);
/* The escape character ('\\' or '`'). */
int		 df_escape(const struct df_file *);
/*
 * The frontend image of "# syntax=" (BuildKit's DetectSyntax: also
 * "// syntax=", after a "#!" line), NULL if none; *custom is 1 when it is
 * not docker/dockerfile or docker/dockerfile-upstream (any tag, digest or
 * registry spelling of docker.io), whose reads are then a guess.
 */
const char	*df_syntax(const struct df_file *, int *custom);
/*
 * BuildKit's parse-tree dump (parser.Node.Dump, as in its testfiles'
 * "result" files) into OUT, one "(...)" line per instruction.  LEGACY
 * drops the ENV/LABEL separator values, as dumps did before BuildKit
 * added them.
 */
void		 df_dump_ast(const struct df_file *, int legacy, struct sbuf *out);

/* ---------------------------------------------------------------- eval */

/* A --build-arg NAME=VALUE given by the caller. */
struct df_buildarg {
	const char	*name;
	const char	*value;
};

struct df_opts {
	const char		*target;	/* stage name, NULL: the last */
	enum ctxpack_builder	 builder;	/* which stages run */
	const struct df_buildarg *args;
	size_t			 nargs;
	const char		*platform;	/* target, NULL: linux/amd64 */
	const char		*build_platform; /* NULL: linux/amd64 */
};

struct df_stage {
	const char	*name;		/* lower-case, "" if unnamed */
	const char	*base;		/* FROM image or stage, expanded */
	const char	*platform;	/* --platform expanded, NULL if none */
	size_t		 instr;		/* index of its FROM */
	unsigned	 line;
	long		 base_stage;	/* stage it is FROM, -1: an image */
	int		 buildkit;	/* BuildKit builds it for the target */
	int		 classic;	/* the classic builder builds it */
};

enum df_kind {
	DF_KIND_COPY,			/* COPY */
	DF_KIND_ADD,			/* ADD */
	DF_KIND_BIND,			/* RUN --mount=type=bind */
	DF_KIND_CACHE			/* RUN --mount=type=cache,from=... */
};

/* Where a source is read from; only DF_FROM_CONTEXT reads the context. */
enum df_origin {
	DF_FROM_CONTEXT,		/* the main build context */
	DF_FROM_STAGE,			/* --from / from= a stage */
	DF_FROM_IMAGE,			/* --from / from= an image */
	DF_FROM_URL,			/* ADD http(s)://... */
	DF_FROM_GIT			/* ADD of a git repository */
};

struct df_read {
	size_t			 stage;		/* stage it runs in */
	size_t			 instr;		/* instruction (ONBUILD for
						   a trigger) */
	unsigned		 line;
	int			 onbuild;	/* trigger of the base stage */
	enum df_kind		 kind;
	enum df_origin		 origin;
	const char		*from;		/* --from / from= as written,
						   NULL if none */
	long			 from_stage;	/* DF_FROM_STAGE: the stage */
	const char		*source;	/* as written */
	const char		*expanded;	/* after variable expansion */
	/*
	 * DF_FROM_CONTEXT: what is read, cleaned, relative to the root
	 * ("" is the root) whatever WORKDIR says.  For --parents the part
	 * before "/./" (or "") is PATH and the rest, a .dockerignore-style
	 * pattern below it, is PATTERN; otherwise PATTERN is NULL and PATH
	 * may hold wildcards (filepath.Match, one component each).
	 */
	const char		*path;
	const char		*pattern;
	const char *const	*excludes;	/* --exclude, below each match */
	size_t			 nexcludes;
	int			 parents;	/* COPY --parents */
	int			 wildcard;	/* PATH has a wildcard */
	int			 whole;		/* the whole context */
	int			 uncertain;	/* expansion used a variable the
						   base image may define */
};

/* A pattern of BuildKit's context transfer (llb.FollowPaths). */
struct df_xfer {
	const char	*path;		/* relative, "" = everything */
	unsigned	 line;		/* instruction that added it */
};

struct df_build	*df_eval(const struct df_file *, const struct df_opts *,
		    ctxpack_diag_fn *warn, void *arg);
void		 df_build_free(struct df_build *);
const struct ctxpack_diag *df_build_error(const struct df_build *);
size_t		 df_nstages(const struct df_build *);
const struct df_stage *df_stage(const struct df_build *, size_t);
long		 df_target(const struct df_build *);	/* -1 on error */
size_t		 df_nreads(const struct df_build *);
const struct df_read *df_read(const struct df_build *, size_t);
/*
 * The transfer patterns, sorted, duplicates removed (BuildKit's
 * normalizeContextPaths).  *all is 1 when BuildKit sends the whole
 * context; none at all (0 returned, *all 0) when nothing reads it.
 */
size_t		 df_transfers(const struct df_build *,
		    const struct df_xfer **, int *all);

/* Verdicts of the matchers; -1 when a pattern hit a PCRE2 limit. */
#define DF_NO		0	/* not read */
#define DF_READ		1	/* read (a file, or a directory entry
				   with its content) */
#define DF_PARENT	2	/* a directory on the way to reads: only
				   needed if something below it is read */

int	df_match(const struct df_build *, const char *path, size_t len,
	    int isdir, size_t *read);
int	df_read_match(const struct df_build *, size_t read, const char *path,
	    size_t len, int isdir);
/*
 * df_transfer_match reads the transfer patterns as fsutil does, through
 * patternmatcher, which trims white space off each: a source " a" (JSON
 * form) sends "a", not " a", so df_match and df_transfer_match disagree
 * there exactly as BuildKit's COPY and its transfer do.
 */
int	df_transfer_match(const struct df_build *, const char *path,
	    size_t len, int isdir);

#endif /* DOCKERFILE_H */
