/*
 * ctxpack.h: the public interface of libctxpack, which decides what goes
 * into a Docker build context exactly as Docker does and packs it.
 *
 * Calling sequence:
 *  1. ctxpack_ctx_open(dir, &opts, &ctx): resolves the Dockerfile, reads and
 *     compiles the ignore file.  Every pattern is compiled here, so a bad
 *     pattern is reported before any output exists.
 *  2. Either ctxpack_pack(ctx, fd) for a whole tar, or
 *     ctxpack_walk_new(ctx) then ctxpack_walk_next() until CTXPACK_EOF,
 *     feeding entries to ctxpack_tar_add() or to a listing of one's own.
 *  3. ctxpack_walk_free(), ctxpack_ctx_free().
 * Rules can also be used alone: ctxpack_rules_new(), ctxpack_rules_parse(),
 * ctxpack_rules_match(), ctxpack_rules_free().
 *
 * The library never prints and never exits.  Functions return a graded
 * status; details live on the handle (ctxpack_*_error()) and warnings go to
 * the diagnostics callback of struct ctxpack_opts.
 *
 * Ownership: strings passed in are copied when kept.  Pointers handed out
 * (entries, diagnostics, rule texts) are borrowed: an entry lives until the
 * next ctxpack_walk_next(), everything else until its handle is freed.
 * Every *_free() accepts NULL.
 */
#ifndef CTXPACK_H
#define CTXPACK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CTXPACK_VERSION_MAJOR	0
#define CTXPACK_VERSION_MINOR	1
#define CTXPACK_VERSION_PATCH	0
#define CTXPACK_VERSION_STRING	"0.1.0"

const char	*ctxpack_version(void);

/* Status codes, worst last. */
#define CTXPACK_OK	0	/* done */
#define CTXPACK_WARN	1	/* done; a warning went to the callback */
#define CTXPACK_FAILED	2	/* this call failed; the handle is usable */
#define CTXPACK_FATAL	3	/* the handle is dead */
#define CTXPACK_EOF	4	/* ctxpack_walk_next(): no more entries */

/* A diagnostic: "FILE:LINE:COL: LEVEL: MSG" when printed. */
enum ctxpack_level {
	CTXPACK_LEVEL_NOTE = 0,		/* for information; nothing is wrong */
	CTXPACK_LEVEL_WARNING = 1,
	CTXPACK_LEVEL_ERROR = 2
};

struct ctxpack_diag {
	enum ctxpack_level	 level;
	const char		*file;	/* ignore file or path, or NULL */
	unsigned		 line;	/* 1-based, 0 if none */
	unsigned		 col;	/* 1-based, 0 if none */
	const char		*msg;
	int			 syserr;	/* errno behind it, or 0 */
};

typedef void	ctxpack_diag_fn(const struct ctxpack_diag *, void *arg);

/* ---------------------------------------------------------------- rules */

struct ctxpack_rules;

/* One compiled rule, as ctxpack_rules_get() describes it. */
struct ctxpack_rule_info {
	const char	*source;	/* ignore file name as given */
	unsigned	 line;		/* line in source, 0 if added by ctxpack */
	const char	*text;		/* cleaned pattern, without '!' */
	int		 exception;	/* 1 for a '!' rule */
};

/* The verdict for one path and the rule that decided it. */
struct ctxpack_match {
	int	excluded;	/* 1 excluded, 0 included */
	long	rule;		/* index of the deciding rule, -1 if none */
};

struct ctxpack_rules	*ctxpack_rules_new(void);
void			 ctxpack_rules_free(struct ctxpack_rules *);

/*
 * Read an ignore file's bytes the way Docker does (BOM, '#' at byte 0,
 * TrimSpace, '!', Clean, one leading '/') and compile every pattern.
 * SOURCE names the file in diagnostics.  Every line is read: each bad
 * line gives one error (ctxpack_rules_error_at(), in line order), whose
 * column points at the faulty byte ("fo\y": 3, the escape; "!  a[": 5,
 * the '['; "[z-a]": 2, where the range starts; a trailing '\': the
 * backslash).  Columns count bytes from 1 in the line as the file holds
 * it, leading blanks and line 1's UTF-8 BOM included.  A file with a bad
 * line adds no rule at all: CTXPACK_FAILED, the rules as they were.
 */
int	ctxpack_rules_parse(struct ctxpack_rules *, const char *source,
	    const char *buf, size_t len);

/*
 * Add a file of gitignore(5) patterns that applies below BASE ("" for the
 * root); deeper bases take precedence, git can not re-include below an
 * excluded directory.  Its rules have indices from CTXPACK_GITRULE on.
 */
#define CTXPACK_GITRULE	(1L << 30)
int	ctxpack_rules_parse_gitignore(struct ctxpack_rules *,
	    const char *source, const char *base, const char *buf, size_t len);

/* Add one pattern line as written in an ignore file (may start with '!'). */
int	ctxpack_rules_add(struct ctxpack_rules *, const char *source,
	    unsigned line, const char *pattern, size_t len);

/*
 * The errors of the last call that failed (a parse or add, or a match
 * that hit a limit): how many, and each (NULL past the end); the first is
 * ctxpack_rules_error(), NULL if none.  Every parse or add starts with an
 * empty list; a match only replaces it when it fails.
 */
const struct ctxpack_diag *ctxpack_rules_error(const struct ctxpack_rules *);
size_t	ctxpack_rules_error_count(const struct ctxpack_rules *);
const struct ctxpack_diag *ctxpack_rules_error_at(const struct ctxpack_rules *,
	    size_t);
size_t	ctxpack_rules_count(const struct ctxpack_rules *);
int	ctxpack_rules_get(const struct ctxpack_rules *, size_t,
	    struct ctxpack_rule_info *);

/*
 * Judge one context-relative path ('/'-separated, no "./").
 * ctxpack_rules_match(): Docker's MatchesOrParentMatches, the answer to
 * "is this path ignored?" (a rule matching an ancestor counts).
 * ctxpack_rules_match_walk(): what a walk really sends: every ancestor is
 * judged first and passes its per-rule results down (patternmatcher's
 * MatchesUsingParentResults), as both builders do.
 * CTXPACK_FAILED only when a match limit was hit.
 */
int	ctxpack_rules_match(const struct ctxpack_rules *, const char *path,
	    size_t len, struct ctxpack_match *);
int	ctxpack_rules_match_walk(const struct ctxpack_rules *,
	    const char *path, size_t len, struct ctxpack_match *);

/* -------------------------------------------------------------- context */

enum ctxpack_builder {
	CTXPACK_BUILDKIT = 0,	/* today's docker build (BuildKit) */
	CTXPACK_CLASSIC = 1	/* DOCKER_BUILDKIT=0, the docker CLI's own tar */
};

enum ctxpack_syntax {
	CTXPACK_SYNTAX_DOCKER = 0,	/* .dockerignore, as Docker reads it */
	CTXPACK_SYNTAX_GITIGNORE = 1	/* the ignore file read as gitignore(5) */
};

enum ctxpack_compress {
	CTXPACK_COMPRESS_NONE = 0,
	CTXPACK_COMPRESS_GZIP,
	CTXPACK_COMPRESS_ZSTD,
	CTXPACK_COMPRESS_XZ,
	CTXPACK_COMPRESS_BZIP2
};

/* How to open a context: which builder, which files, which rules. */
struct ctxpack_opts {
	enum ctxpack_builder	 builder;
	const char		*dockerfile;	/* -f, relative to the cwd; "-"
						   reads standard input; NULL:
						   DIR/Dockerfile */
	const char		*ignore_file;	/* replaces the default; NULL: default */
	enum ctxpack_syntax	 syntax;	/* how the ignore file is read */
	unsigned		 flags;		/* CTXPACK_F_GITIGNORE */
	const char		*ignore_text;	/* patterns instead of any file */
	size_t			 ignore_len;
	struct ctxpack_cache	*cache;		/* shared listings, or NULL */
	ctxpack_diag_fn		*diag;		/* warnings and notes; may be NULL */
	void			*diag_arg;
};

/*
 * A listing cache shared by walks of overlapping contexts (audit): each
 * directory is read and each entry statted once, then served from memory
 * (O(tree) memory; not for pack, whose walk must see the tree as it is
 * when each file is read).  A context opened with ignore_text set reads
 * no ignore file and has no build files.
 */
struct ctxpack_cache;
struct ctxpack_cache	*ctxpack_cache_new(void);
void			 ctxpack_cache_free(struct ctxpack_cache *);

/*
 * Also honour the tree's .gitignore files (each applies below its own
 * directory, deeper ones first, as git ranks them): a path either ignore
 * source excludes is out.  git cannot re-include below an excluded
 * directory, so such directories are never entered.
 */
#define CTXPACK_F_GITIGNORE	0x10

struct ctxpack_ctx;

/*
 * Open a context directory.  On CTXPACK_FAILED *ctxp is still set (unless
 * memory ran out) so ctxpack_ctx_error() can tell why; free it after.
 */
int	ctxpack_ctx_open(const char *dir, const struct ctxpack_opts *,
	    struct ctxpack_ctx **ctxp);
void	ctxpack_ctx_free(struct ctxpack_ctx *);
const struct ctxpack_diag *ctxpack_ctx_error(const struct ctxpack_ctx *);
const struct ctxpack_rules *ctxpack_ctx_rules(const struct ctxpack_ctx *);

/* The ignore file used (NULL if none) and the Dockerfile's name. */
const char	*ctxpack_ctx_ignore_file(const struct ctxpack_ctx *);
/*
 * The name under which the Dockerfile is in the context ("Dockerfile",
 * "sub/app.Dockerfile", or a ".dockerfile.<hex>" entry that ctxpack_pack
 * appends when the Dockerfile lies outside the context); NULL if none.
 */
const char	*ctxpack_ctx_dockerfile(const struct ctxpack_ctx *);

/* What ctxpack_ctx_open() found, for messages: borrowed from the handle. */
struct ctxpack_ctx_info {
	const char		*dir;		/* the context, as given */
	enum ctxpack_builder	 builder;
	const char		*dockerfile;	/* as ctxpack_ctx_dockerfile() */
	int			 dockerfile_outside; /* outside the context or
						   from stdin: packed under
						   that .dockerfile.<hex> name */
	int			 dockerfile_stdin; /* -f - */
	const char		*ignore_file;	/* as ctxpack_ctx_ignore_file() */
	const char		*ignore_read;	/* it is a symbolic link: the file
						   its rules came from (relative
						   inside the context, absolute
						   outside), else NULL */
	int			 ignore_outside; /* that file lies outside the
						   context (classic follows the
						   link anywhere, R1) */
	int			 ignore_unhonoured; /* BuildKit: .dockerignore is a
						   link whose target, re-rooted
						   at the context, is absent: no
						   ignore file (H3) */
};

void	ctxpack_ctx_info(const struct ctxpack_ctx *, struct ctxpack_ctx_info *);

/*
 * Never pack PATH (a regular file, e.g. the output an earlier pack wrote
 * and this one replaces).  Nothing happens when PATH does not exist.
 */
int	ctxpack_ctx_skip_file(struct ctxpack_ctx *, const char *path);

/* ------------------------------------------------------------------ walk */

enum ctxpack_type {
	CTXPACK_T_FILE = 0,
	CTXPACK_T_DIR,
	CTXPACK_T_SYMLINK,
	CTXPACK_T_FIFO,
	CTXPACK_T_CHR,
	CTXPACK_T_BLK,
	CTXPACK_T_SOCK
};

/* One context entry, in tar order. */
struct ctxpack_entry {
	const char		*path;		/* relative; dirs without '/' */
	size_t			 pathlen;
	const char		*name;		/* last component */
	enum ctxpack_type	 type;
	mode_t			 mode;		/* full st_mode */
	uid_t			 uid;
	gid_t			 gid;
	off_t			 size;
	int64_t			 mtime;		/* seconds, floored */
	long			 mtime_nsec;
	dev_t			 dev;
	ino_t			 ino;
	nlink_t			 nlink;
	dev_t			 rdev;
	const char		*link;		/* symlink target or NULL */
	int			 dirfd;		/* holds name; -1 for extra entries */
	const char		*data;		/* extra entries: the bytes */
	int			 excluded;	/* the verdict: 1 excluded */
	int			 sent;		/* in the context (pack writes it):
						   included and reached, or an
						   excluded parent (H5) */
	int			 reached;	/* a pruned walk looks at it */
	int			 visit;		/* first time this object comes:
						   0 for a CTXPACK_F_ALL walk's
						   repeat of an H5 parent */
	long			 rule;		/* deciding rule, -1 if none */
	long			 why;		/* an excluded directory the walk
						   enters: the exception rule that
						   could match below, else -1 */
	int			 extra;		/* not in the context the builder
						   sees: a build file only a tar
						   carries (CTXPACK_WALK_TAR) */
};

struct ctxpack_walk;

/* Names and types only: the walk skips fstatat and readlink (listings). */
#define CTXPACK_WALK_NOSTAT	0x01
/*
 * Every entry of the tree, excluded ones too, with no pruning: for size
 * reports and for checking that pruning is exact.  The entries with
 * `sent` set are exactly a normal walk's, in the same order (excluded
 * parents of what is sent come again, with `visit` 0, right before the
 * first entry sent below them).
 */
#define CTXPACK_WALK_ALL	0x02
/*
 * The entries of the tar ctxpack_pack() writes: BuildKit sends the build
 * files apart, so only a tar carries a Dockerfile from outside the
 * context and a Dockerfile the ignore file excludes (appended last, with
 * a note to the callback).
 */
#define CTXPACK_WALK_TAR	0x04

int	ctxpack_walk_new(struct ctxpack_ctx *, unsigned flags,
	    struct ctxpack_walk **);
/*
 * Next entry: CTXPACK_OK with *ep set, CTXPACK_EOF at the end, or
 * CTXPACK_FATAL when the walk cannot go on (ctxpack_walk_error(): an
 * included directory that cannot be read, a match limit hit).  Entries that
 * vanish while walked are skipped with a warning to the callback.
 * Sockets are returned (type CTXPACK_T_SOCK) for the caller to skip.
 */
int	ctxpack_walk_next(struct ctxpack_walk *, const struct ctxpack_entry **);
const struct ctxpack_diag *ctxpack_walk_error(const struct ctxpack_walk *);
/* Directories the walk entered though excluded (an exception may match). */
unsigned long	ctxpack_walk_excluded_dirs_entered(const struct ctxpack_walk *);
/* Warnings given so far. */
unsigned long	ctxpack_walk_warnings(const struct ctxpack_walk *);
void	ctxpack_walk_free(struct ctxpack_walk *);

/* ------------------------------------------------------------------- tar */

struct ctxpack_tar;

/* How a tar is written. */
struct ctxpack_tar_opts {
	enum ctxpack_compress	 compress;
	int			 level;		/* its level, 0 for the default */
	unsigned		 flags;		/* CTXPACK_TAR_* */
	int			 have_epoch;	/* SOURCE_DATE_EPOCH given */
	int64_t			 epoch;		/* mtimes newer are clamped to it;
						   with CTXPACK_TAR_REPRODUCIBLE
						   every mtime is set to it */
	ctxpack_diag_fn		*diag;		/* warnings; NULL: the context's */
	void			*diag_arg;
};

/*
 * The same tree gives the same bytes anywhere: every mtime set to the
 * epoch (0 unless have_epoch), no gzip timestamp.  Entry order, uid/gid 0
 * and empty names are always so.
 */
#define CTXPACK_TAR_REPRODUCIBLE	0x01
/* Modes 0644 or 0755 by the owner's x bit (dirs 0755), no special bits. */
#define CTXPACK_TAR_NORMALIZE_MODES	0x02

/*
 * Write a tar to FD.  Nothing is buffered past ctxpack_tar_add().  With FD
 * -1 nothing is written or read: ctxpack_tar_bytes() then tells exactly
 * how many bytes the tar of the entries added would take (headers, pax
 * records, padding, end blocks), from their sizes alone.
 */
int	ctxpack_tar_new(int fd, const struct ctxpack_tar_opts *,
	    struct ctxpack_tar **);
/*
 * Add one entry.  CTXPACK_WARN: added, but the file changed while read
 * (cut or zero-padded to its header size), or a socket was skipped.
 * CTXPACK_FATAL: read or write error; call ctxpack_tar_free() without
 * ctxpack_tar_finish() so no end-of-archive marker is written.
 */
int	ctxpack_tar_add(struct ctxpack_tar *, const struct ctxpack_entry *);
int	ctxpack_tar_finish(struct ctxpack_tar *);
const struct ctxpack_diag *ctxpack_tar_error(const struct ctxpack_tar *);
uint64_t	ctxpack_tar_bytes(const struct ctxpack_tar *);
void	ctxpack_tar_free(struct ctxpack_tar *);

/*
 * Walk the context and write the whole tar to FD.  Returns the worst status
 * seen: CTXPACK_OK, CTXPACK_WARN (warnings went to opts' callback), or
 * CTXPACK_FATAL (ctxpack_ctx_error() says why; the tar was left without its
 * end-of-archive blocks so no reader takes it as complete).
 */
int	ctxpack_pack(struct ctxpack_ctx *, const struct ctxpack_tar_opts *,
	    int fd);

/* ---------------------------------------------------------------- digest */

/*
 * An xxh3-128 digest of the context, for caching and CI: over every entry
 * of the tar ctxpack_pack() writes with the same tar options, in tar
 * order: its tar name (directories with '/'), type, permission and
 * special bits as the tar holds them, size and bytes (regular files),
 * symlink target, hard link target (the first name of the file, as the
 * tar has it, T3), device numbers and security.capability; not mtimes,
 * owners or inode numbers.  Two digests are equal exactly when the
 * uncompressed tars (mtimes aside) are.  Files are read as ctxpack_pack()
 * reads them, so a file changing meanwhile gives the bytes pack would
 * send.  OUT gets the 16 bytes in canonical (big-endian) order; print
 * them as 32 hex digits.  Returns CTXPACK_OK, CTXPACK_WARN (warnings
 * went to the callback: a file vanished or changed while read, a socket
 * skipped), or CTXPACK_FATAL (ctxpack_ctx_error() says why, with the path
 * of a file that could not be read).
 */
int	ctxpack_digest(struct ctxpack_ctx *, const struct ctxpack_tar_opts *,
	    unsigned char out[16]);

/*
 * The same, one digest per top-level entry, so CI can see which part of
 * the context changed: CB is called once for each top-level entry, in tar
 * order, with its name ("src/" for a directory, "Dockerfile" for a file)
 * and the digest of that entry and everything sent below it (excluded
 * parents sent for what lies below them, H5, count under their top-level
 * entry).  NAME and D are borrowed for the call.  Status as for
 * ctxpack_digest(); after CTXPACK_FATAL the entries reported so far stand
 * but the rest are missing.
 */
int	ctxpack_digest_per_dir(struct ctxpack_ctx *,
	    const struct ctxpack_tar_opts *,
	    void (*cb)(const char *name, const unsigned char d[16], void *arg),
	    void *arg);

/* --------------------------------------------------------------- explain */

/* Why a path is in or out of the context the context's builder sends. */
struct ctxpack_why {
	const char *path;	/* the path judged, relative to the context */
	int	 excluded;	/* 1: not in the context */
	long	 rule;		/* the deciding rule, -1 if none */
	size_t	 cut;		/* classic: length of the excluded ancestor
				   directory the builder never enters (R21),
				   0 if none */
	int	 plain_excluded; /* "is it ignored?": MatchesOrParentMatches */
	long	 plain_rule;
};

/*
 * Called for each rule that matched on the way down: at every ancestor
 * directory of the path and at the path, in order; inherited is 1 when
 * the rule counted because it matched the parent (R17).
 */
typedef void	ctxpack_why_trace_fn(void *arg, const char *level,
		    size_t levellen, long rule, int inherited, int excluded);

/*
 * Judge PATH as the walk does, with the builder's pruning.  PATH is
 * relative to the context ("a/../b" and "./" cleaned) or absolute inside
 * it; it need not exist.  It is judged as a directory when it ends in '/'
 * or is a directory in the tree (git's rule), else as a file.
 * CTXPACK_FAILED (ctxpack_ctx_error() says why) for a path outside the
 * context or when a match limit is hit.  why->path lives until the next
 * call.
 */
int	ctxpack_why(struct ctxpack_ctx *, const char *path, size_t len,
	    struct ctxpack_why *, ctxpack_why_trace_fn *, void *);

/* ------------------------------------------------------------------ lint */

enum ctxpack_lint_level {
	CTXPACK_LINT_INFO = 0,
	CTXPACK_LINT_WARNING = 1,
	CTXPACK_LINT_ERROR = 2
};

/* One lint finding; pointers live until the callback returns. */
struct ctxpack_finding {
	const char		*code;		/* e.g. "inline-comment" */
	enum ctxpack_lint_level	 level;
	const char		*file;		/* the ignore file, or NULL */
	unsigned		 line, col;	/* 0 when not about a line */
	const char		*path;		/* the tree path concerned, or NULL */
	const char		*msg;
	const char		*fix;		/* a line to write instead or to
						   add, or NULL */
};

typedef void	ctxpack_lint_fn(const struct ctxpack_finding *, void *);

/*
 * Lint the context's ignore file against the tree: pattern pitfalls
 * (inline and // comments, root-only patterns, trailing /, [!...],
 * regexp escapes and metacharacters), rules that match nothing, never
 * decide or come before any exclusion, exceptions the classic builder
 * drops (R21) or that make BuildKit walk every excluded tree (H4), build
 * files lost by the classic CLI (moby#40090), secrets and heavy
 * directories in the context, and unused per-Dockerfile ignore files.
 * Findings go to cb in file order, then tree order.  A bad pattern is one
 * finding of level error.  CTXPACK_FATAL: see ctxpack_ctx_error().
 */
int	ctxpack_lint(const char *dir, const struct ctxpack_opts *,
	    ctxpack_lint_fn *cb, void *arg);

/* ---------------------------------------------------------------- report */

struct ctxpack_report_opts {
	unsigned	 top;		/* rows in each top list (10) */
	unsigned	 depth;		/* deepest directory level listed (2) */
	uint64_t	 large;		/* flag directories above (10 MiB) */
	/* called every few thousand entries; may be NULL */
	void		(*progress)(uint64_t files, uint64_t bytes, void *arg);
	void		*progress_arg;
};

/* A directory with recursive totals of what is in the context below it. */
struct ctxpack_report_dir {
	char		*path;
	uint64_t	 bytes;
	uint64_t	 files;
	const char	*reason;	/* flags: "large" or "heavy" */
	char		*suggestion;	/* flags: the line to add, or NULL */
};

struct ctxpack_report_file {
	char		*path;
	uint64_t	 bytes;
};

/* An excluded directory walked because an exception might match below. */
struct ctxpack_report_walked {
	char		*path;
	uint64_t	 entries;	/* entries looked at below it */
	long		 rule;		/* the exception that forced it */
};

struct ctxpack_report {
	uint64_t	 before_files, before_bytes, before_dirs;
	uint64_t	 after_entries, after_files, after_bytes, tar_bytes;
	uint64_t	 excluded_files, excluded_bytes;
	struct ctxpack_report_dir	*largest;	/* by bytes */
	size_t				 nlargest;
	struct ctxpack_report_dir	*flags;		/* large and heavy */
	size_t				 nflags;
	struct ctxpack_report_file	*files;		/* largest files */
	size_t				 nfiles;
	struct ctxpack_report_walked	*walked;
	size_t				 nwalked;
	uint64_t			 walked_entries;
	/*
	 * Files in the context this process could not open, so pack would
	 * fail: their number, and the first ten (report reads no file: the
	 * permission bits decide, access(2) confirms a no).
	 */
	uint64_t			 unreadable_files;
	struct ctxpack_report_file	*unreadable;
	size_t				 nunreadable;
};

/*
 * One full walk of the context: totals before and after filtering, the
 * exact tar size (as ctxpack_pack would write it), the largest included
 * directories and files, flagged directories with the ignore line that
 * would drop them, and what exceptions cost.  CTXPACK_FATAL: see
 * ctxpack_ctx_error().
 */
int	ctxpack_report_run(struct ctxpack_ctx *,
	    const struct ctxpack_report_opts *, struct ctxpack_report **);
void	ctxpack_report_free(struct ctxpack_report *);

#ifdef __cplusplus
}
#endif

#endif /* CTXPACK_H */
