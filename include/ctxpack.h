/*
 * ctxpack.h: the public interface of libctxpack, which decides what goes
 * into a Docker build context exactly as Docker does and packs it.
 *
 * Calling sequence:
 *  1. ctxpack_ctx_open(dir, &opts, &ctx): resolves the Dockerfile, reads and
 *     compiles the ignore file.  Every pattern is compiled here, so a bad
 *     pattern is reported before any output exists.
 *  2. Either ctxpack_pack(ctx, &tar_opts, fd) for a whole tar, or
 *     ctxpack_walk_new(ctx, flags, &w) then ctxpack_walk_next() until
 *     CTXPACK_EOF, feeding entries to ctxpack_tar_add() (a tar from
 *     ctxpack_tar_new(fd, &tar_opts, &t)) or to a listing of one's own.
 *  3. ctxpack_walk_free(), ctxpack_ctx_free().
 * Rules can also be used alone: ctxpack_rules_new(), ctxpack_rules_parse(),
 * ctxpack_rules_match(), ctxpack_rules_free().
 *
 * The library never prints and never exits.  Functions return a graded
 * status; details live on the handle (ctxpack_*_error()); warnings and
 * notes go to the diagnostics callback of struct ctxpack_opts (of struct
 * ctxpack_tar_opts for what the tar writer says).
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
#define CTXPACK_VERSION_MINOR	2
#define CTXPACK_VERSION_PATCH	0
#define CTXPACK_VERSION_STRING	"0.2.0"

const char	*ctxpack_version(void);

/* What a call returns: a status, worst last. */
enum ctxpack_status {
	CTXPACK_OK = 0,		/* done */
	CTXPACK_WARN = 1,	/* done; a warning went to the callback */
	CTXPACK_FAILED = 2,	/* this call failed; the handle is usable */
	CTXPACK_FATAL = 3	/* the operation cannot go on: a walk or
				   tar that returned it can only be
				   freed; a context stays usable */
};

/* Not a status: ctxpack_walk_next() has no more entries. */
#define CTXPACK_EOF	(-1)

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

/*
 * A rule, as verdicts name it: pass it to ctxpack_rules_get(); -1 when no
 * rule decided.  The ignore file's rules are 0, 1, ... in file order; the
 * numbers of gitignore rules are larger (their kind tells them apart).
 */
typedef long	ctxpack_rule_ref;
#define CTXPACK_NO_RULE	(-1L)

enum ctxpack_rule_kind {
	CTXPACK_RULE_DOCKER = 0,	/* a .dockerignore line, or one the
					   docker CLI appends (line 0) */
	CTXPACK_RULE_GIT = 1		/* a gitignore(5) line */
};

/* One compiled rule, as ctxpack_rules_get() describes it. */
struct ctxpack_rule_info {
	enum ctxpack_rule_kind kind;
	const char	*source;	/* ignore file name as given */
	unsigned	 line;		/* line in source, 0 if appended by the
					   docker CLI's own rules */
	const char	*text;		/* cleaned pattern, without '!' */
	int		 exception;	/* 1 for a '!' rule */
};

/* The verdict for one path and the rule that decided it. */
struct ctxpack_match {
	int		 excluded;	/* 1 excluded, 0 included */
	ctxpack_rule_ref rule;		/* the deciding rule */
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
 * excluded directory.  Its rules are of kind CTXPACK_RULE_GIT.
 */
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
/* The number of ignore-file rules (0 .. count-1; git rules aside). */
size_t	ctxpack_rules_count(const struct ctxpack_rules *);
/* Describe a rule; CTXPACK_FAILED for a reference to none. */
int	ctxpack_rules_get(const struct ctxpack_rules *, ctxpack_rule_ref,
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

/*
 * CTXPACK_BUILDAH: buildah build and podman build (buildah 1.28, podman
 * 4.3).  The build file is DIR/Containerfile, else DIR/Dockerfile; the
 * ignore file is --ignore-file, <build file>.dockerignore, <build
 * file>.containerignore, DIR/.containerignore, DIR/.dockerignore, the
 * first found; its lines are read and matched as buildah does (every
 * leading and trailing '/' stripped, regexp characters + ( ) | { } ^
 * live, each pattern against the path alone, an excluded directory
 * entered when an exception's text starts with its path).  A pattern
 * whose regexp does not compile fails the walk at its first entry, as
 * buildah fails.  Excluded directories above an included entry come as
 * entries of their own (buildah creates them: mode 0755, owner 0, the
 * walk's start as mtime).  Rule sets of such a context are judged with
 * ctxpack_why(), not ctxpack_rules_match(), which applies Docker's
 * matching.  Not with CTXPACK_SYNTAX_GITIGNORE or CTXPACK_F_GITIGNORE.
 * The Dockerfile model reads the build file as buildah does where it
 * was measured (the stages the target needs; a stage's ARG TARGETARCH
 * set); a heredoc, which buildah 1.28 does not have, is an error of the
 * model, and a CTXPACK_WALK_USED walk fails at a COPY source that is a
 * symbolic link or goes through one (buildah follows it), and at one
 * below a directory the walk prunes (buildah's COPY starts at the source
 * and reads it all the same).
 */
enum ctxpack_builder {
	CTXPACK_BUILDKIT = 0,	/* today's docker build (BuildKit) */
	CTXPACK_CLASSIC = 1,	/* DOCKER_BUILDKIT=0, the docker CLI's own tar */
	CTXPACK_BUILDAH = 2	/* buildah build and podman build */
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
	/* CTXPACK_F_DOCKERFILE: the build the Dockerfile is read for */
	const char		*target;	/* --target stage; NULL: the last */
	const struct ctxpack_build_arg *build_args; /* --build-arg, in order */
	size_t			 nbuild_args;
};

/*
 * A --build-arg NAME=VALUE; the last of a NAME counts.  VALUE NULL: not
 * given (docker build takes NAME alone from its environment and drops it
 * when unset there; ctxpack(1) does the same).
 */
struct ctxpack_build_arg {
	const char	*name;
	const char	*value;
};

/*
 * A listing cache shared by walks of overlapping contexts (audit): each
 * directory is read and each entry statted once, then served from memory
 * (O(tree) memory; not for pack, whose walk must see the tree as it is
 * when each file is read).  It must outlive the contexts and walks that
 * use it.  A context opened with ignore_text set reads no ignore file and
 * has no build files.
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
/*
 * Read the Dockerfile as BuildKit's frontend does (parser directives,
 * heredocs, ARG and ENV expansion with the build args, the stages the
 * target needs) to know what the build reads: ctxpack_build_*() and the
 * walk's CTXPACK_WALK_USED.  A Dockerfile that does not parse or evaluate
 * fails ctxpack_ctx_open() with its file, line and column.
 */
#define CTXPACK_F_DOCKERFILE	0x20
/* The same, but a Dockerfile that cannot be read as one (or none) is a
 * warning to the callback, and the context has no build. */
#define CTXPACK_F_DOCKERFILE_TRY 0x40
/*
 * The context is only what the build reads (implies CTXPACK_F_DOCKERFILE):
 * every walk of it is a CTXPACK_WALK_USED walk, so ctxpack_pack() writes
 * the minimal context and ctxpack_digest() digests it.
 */
#define CTXPACK_F_USED		0x80

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
 * For CTXPACK_BUILDAH the build file's name in the context
 * ("Containerfile"), NULL when it lies outside or comes from stdin.
 */
const char	*ctxpack_ctx_dockerfile(const struct ctxpack_ctx *);

/*
 * What ctxpack_ctx_open() found, for messages: borrowed from the handle.
 * For CTXPACK_BUILDAH, dockerfile_outside is set for a build file outside
 * the context or from stdin, which no tar carries.
 */
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
						   link anywhere) */
	int			 ignore_unhonoured; /* BuildKit: .dockerignore is a
						   link whose target, re-rooted
						   at the context, is absent: no
						   ignore file */
};

void	ctxpack_ctx_info(const struct ctxpack_ctx *, struct ctxpack_ctx_info *);

/* ------------------------------------------------------------------ build */

/*
 * What the build reads from the context (CTXPACK_F_DOCKERFILE): every
 * COPY and ADD source and every RUN --mount=type=bind of the main
 * context, in the order BuildKit dispatches them, of the stages the
 * target needs (BuildKit) or of every stage up to it (classic).  Reads of
 * other stages, images, URLs and git repositories are not listed.  An
 * ONBUILD instruction reads nothing in the stage it is written in; it
 * reads in a stage built FROM that stage, where it is listed.
 */
enum ctxpack_read_kind {
	CTXPACK_READ_COPY = 0,
	CTXPACK_READ_ADD,
	CTXPACK_READ_BIND	/* RUN --mount=type=bind */
};

struct ctxpack_read {
	enum ctxpack_read_kind	 kind;
	const char		*dockerfile;	/* its name, as in messages */
	unsigned		 line;		/* of the instruction */
	const char		*source;	/* as written, variables expanded */
	const char		*path;		/* cleaned, relative to the root
						   ("" is the root) */
	int			 whole;		/* reads the whole context */
	int			 wildcard;	/* a pattern, not one path */
	int			 onbuild;	/* an ONBUILD of the base stage */
	const char		*stage;		/* its stage's name, "" unnamed */
};

/* 1 when the context knows its build (CTXPACK_F_DOCKERFILE worked). */
int	ctxpack_ctx_has_build(const struct ctxpack_ctx *);
size_t	ctxpack_build_nreads(const struct ctxpack_ctx *);
/* Read I (below ctxpack_build_nreads()); CTXPACK_FAILED out of range. */
int	ctxpack_build_read(const struct ctxpack_ctx *, size_t i,
	    struct ctxpack_read *);

/* Verdicts of the build matchers (negative: a match limit was hit). */
#define CTXPACK_READ_NO		0	/* not read */
#define CTXPACK_READ_YES	1	/* read, with all it holds */
#define CTXPACK_READ_PARENT	2	/* a directory on the way to reads */

/*
 * Does the build read PATH (relative, no "./" or trailing '/'; ISDIR for
 * a directory)?  *READ, when not NULL, gets the first read that does.
 * Names only: a source that is a symbolic link is read through by the
 * builder, which names cannot tell.
 */
int	ctxpack_build_match(const struct ctxpack_ctx *, const char *path,
	    size_t len, int isdir, size_t *read);
/* The same for read I alone. */
int	ctxpack_build_read_match(const struct ctxpack_ctx *, size_t i,
	    const char *path, size_t len, int isdir);

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

/* One entry of the tree, in tar order. */
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
	int			 dirfd;		/* holds name; -1 for entries of
						   ctxpack's own (data) */
	const char		*data;		/* entries of its own: the bytes */
	/* The verdict. */
	int			 excluded;	/* the ignore file excludes it */
	int			 sent;		/* it is in the context (pack
						   writes it): included and
						   reached, or an excluded
						   directory BuildKit sends
						   because something below it
						   is included */
	int			 reached;	/* a pruned walk looks at it (a
						   CTXPACK_WALK_ALL walk also
						   shows what it never does) */
	int			 repeat;	/* CTXPACK_WALK_ALL: the second
						   showing of such an excluded
						   directory, right before the
						   first entry sent below it */
	ctxpack_rule_ref	 rule;		/* the rule that decided */
	ctxpack_rule_ref	 entered_for;	/* an excluded directory the walk
						   enters: the exception that
						   could match below it */
	int			 extra;		/* not in the context the builder
						   sees: a build file only a tar
						   carries (CTXPACK_WALK_TAR) */
	int			 used;		/* CTXPACK_WALK_USED: a
						   CTXPACK_READ_* verdict */
};

struct ctxpack_walk;

/* Names and types only: the walk skips fstatat and readlink (listings). */
#define CTXPACK_WALK_NOSTAT	0x01
/*
 * Every entry of the tree, excluded ones too, with no pruning: for size
 * reports and for checking that pruning is exact.  The entries with
 * `sent` set are exactly a normal walk's, in the same order (excluded
 * parents of what is sent come again, with `repeat` 1, right before the
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
/*
 * See the tree as it is now: no listing cache (ctxpack_pack() and
 * ctxpack_digest() walk so, since they read the files).
 */
#define CTXPACK_WALK_FRESH	0x08
/*
 * Only what the build can read (CTXPACK_F_DOCKERFILE): what BuildKit
 * transfers for `docker build DIR`, which asks for the COPY, ADD and bind
 * sources alone, and the build files; directories on the way to a read
 * come right before the first entry below them.  The minimal context:
 * `ctxpack pack --used | docker build -` builds the image `docker build
 * DIR` builds.  Each entry's `used` says why it is there.
 */
#define CTXPACK_WALK_USED	0x10

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
	/* called now and then with the files and bytes written; may be NULL */
	void			(*progress)(uint64_t files, uint64_t bytes,
				    void *arg);
	void			*progress_arg;
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
 * Entries as buildah copies them (B12-B14): setuid and setgid cleared,
 * mtimes rounded to the nearest second (halves up; before 1970: 0, but
 * for symbolic links), hard links only
 * between regular files.  ctxpack_pack() and ctxpack_digest() set it for
 * a CTXPACK_BUILDAH context.
 */
#define CTXPACK_TAR_BUILDAH		0x04

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
 * tar has it), device numbers and security.capability; not mtimes,
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
 * directories sent for what lies below them count under their top-level
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
	const char	*path;		/* the path judged, relative to the
					   context */
	int		 excluded;	/* 1: not in the context */
	ctxpack_rule_ref rule;		/* the deciding rule */
	size_t		 cut;		/* classic: the length of the
					   excluded ancestor directory the
					   builder never enters (no exception
					   starts with its path), else 0 */
	int		 plain_excluded; /* asked alone, "is it ignored?": a
					   rule matches it or an ancestor
					   (patternmatcher's
					   MatchesOrParentMatches) */
	ctxpack_rule_ref plain_rule;
};

/*
 * Called for each rule that matched on the way down: at every ancestor
 * directory of the path and at the path, in order; inherited is 1 when
 * the rule counted because it matched the parent directory (the walk
 * passes each directory's results down).
 */
typedef void	ctxpack_why_trace_fn(const char *level, size_t levellen,
		    ctxpack_rule_ref rule, int inherited, int excluded,
		    void *arg);

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
	const char		*file;		/* the ignore file (or the
						   Dockerfile, a .gitignore
						   the finding is about), or
						   NULL */
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
 * drops (it enters an excluded directory only when an exception starts
 * with its path) or that make BuildKit walk every excluded tree, build
 * files lost by the classic CLI (moby#40090), secrets and heavy
 * directories in the context, and unused per-Dockerfile ignore files.
 * With CTXPACK_F_DOCKERFILE or CTXPACK_F_DOCKERFILE_TRY in OPTS' flags
 * (both mean _TRY here), also what the Dockerfile reads: sources the
 * ignore file excludes (copy-ignored) or the tree lacks (copy-missing)
 * and secrets it reads (secret-copied, instead of secret); a Dockerfile
 * that does not parse or evaluate is a finding of code "dockerfile".
 * Findings go to cb in file order, then tree order.  A bad pattern is one
 * finding of level error.  CTXPACK_FATAL: the reason went to cb as a
 * finding of code "error".  OPTS may be NULL for the defaults.
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
	unsigned	 flags;		/* CTXPACK_REPORT_* */
};

/*
 * No suggestions: the flagged directories carry no line and the report
 * has none (saves the walks ctxpack_suggest() makes).
 */
#define CTXPACK_REPORT_NO_SUGGEST	0x01

/*
 * Directories rarely meant for a build context, by what they hold: the
 * kinds of a name, 0 if none.  report flags VCS, DEPS, CACHE and OUTPUT
 * directories; lint names VCS, DEPS and CACHE ones; audit searches none
 * of VCS, DEPS, VENDOR and CACHE for Dockerfiles.
 */
#define CTXPACK_HEAVY_VCS	0x01	/* .git .hg .svn */
#define CTXPACK_HEAVY_DEPS	0x02	/* node_modules bower_components .venv venv */
#define CTXPACK_HEAVY_VENDOR	0x04	/* vendor (often needed by the build) */
#define CTXPACK_HEAVY_CACHE	0x08	/* __pycache__ .tox .pytest_cache ... */
#define CTXPACK_HEAVY_OUTPUT	0x10	/* target build dist coverage logs */
unsigned	ctxpack_heavy_kind(const char *name);

/* Why a directory is flagged. */
enum ctxpack_flag {
	CTXPACK_FLAG_NONE = 0,
	CTXPACK_FLAG_HEAVY,		/* node_modules, .git, ... at any size */
	CTXPACK_FLAG_LARGE		/* over the report's large size */
};

/* A directory with recursive totals of what is in the context below it. */
struct ctxpack_report_dir {
	char		*path;
	uint64_t	 bytes;
	uint64_t	 files;
	enum ctxpack_flag flag;		/* flags: why */
	char		*suggestion;	/* flags: the line to add, one of
					   ctxpack_suggest()'s, or NULL when no
					   safe line drops it (the build reads
					   it, git tracks it, a '!' line keeps
					   it, or no line can name it) */
};

struct ctxpack_report_file {
	char		*path;
	uint64_t	 bytes;
};

/* An excluded directory walked because an exception might match below. */
struct ctxpack_report_walked {
	char		*path;
	uint64_t	 entries;	/* entries looked at below it */
	ctxpack_rule_ref rule;		/* the exception that forced it */
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
	/* ctxpack_report_tree(): the aggregated tree; NULL otherwise */
	struct ctxpack_tree_node	*tree;
	/*
	 * With the build known (CTXPACK_F_DOCKERFILE or _TRY): the files
	 * sent that the build reads, and those it never reads; a read of
	 * the whole context (COPY .) reads every one: its line.
	 */
	int				 has_build;
	uint64_t			 read_files, read_bytes;
	uint64_t			 unread_files, unread_bytes;
	unsigned			 whole_line;
	/* ctxpack_suggest()'s lines, all of them; NULL with
	 * CTXPACK_REPORT_NO_SUGGEST */
	struct ctxpack_suggestions	*suggestions;
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

/*
 * The tree behind a treemap, from the same walk: directories down to
 * DEPTH levels below the root, each keeping its WIDTH largest children
 * (files and directories, by all their bytes, sent or not); the rest of
 * a directory's children are folded into one CTXPACK_TREE_MORE node.
 * A node's totals are exact: the children's totals (the fold's
 * included) add up to their parent's.  Children are freed as soon as
 * they are folded, so memory stays below about (WIDTH + 1)^DEPTH nodes
 * whatever the size of the tree.
 */
struct ctxpack_tree_opts {
	unsigned	 depth;		/* directory levels kept (3; at most 8) */
	unsigned	 width;		/* children kept per directory (12; at
					   most 256) */
};

enum ctxpack_tree_kind {
	CTXPACK_TREE_DIR = 0,
	CTXPACK_TREE_FILE,		/* any non-directory */
	CTXPACK_TREE_MORE		/* the children folded together */
};

/* What a node is, for colouring it; more bits may come, so test bits,
   not values. */
#define CTXPACK_TREE_EXCLUDED	0x01	/* the entry itself is excluded */
#define CTXPACK_TREE_HEAVY	0x02	/* a heavy directory report flags */
#define CTXPACK_TREE_LARGE	0x04	/* a large directory report flags */
#define CTXPACK_TREE_READ	0x08	/* a file sent that the build reads */

struct ctxpack_tree_node {
	char				*name;	/* last component; "" for the
						   root, NULL for a fold */
	enum ctxpack_tree_kind		 kind;
	unsigned			 flags;	/* CTXPACK_TREE_* */
	uint64_t			 bytes;	/* file bytes in the context */
	uint64_t			 files;	/* non-directories in it */
	uint64_t			 excluded_bytes;	/* not sent */
	uint64_t			 excluded_files;
	uint64_t			 read_bytes;	/* of bytes: those the build
						   reads (has_build) */
	uint64_t			 folded;	/* a fold: the children it
						   stands for */
	struct ctxpack_tree_node	*child;	/* largest first, a fold last */
	size_t				 nchild;
};

/*
 * ctxpack_report_run() that also fills r->tree (TOPTS NULL: the
 * defaults).  Freed with the report.
 */
int	ctxpack_report_tree(struct ctxpack_ctx *,
	    const struct ctxpack_report_opts *,
	    const struct ctxpack_tree_opts *, struct ctxpack_report **);

/* --------------------------------------------------------------- suggest */

/* What a suggested line drops. */
enum ctxpack_suggest_kind {
	CTXPACK_SUGGEST_VCS = 0,	/* .git, .hg, .svn */
	CTXPACK_SUGGEST_SECRET,		/* files that look like secrets */
	CTXPACK_SUGGEST_HEAVY,		/* dependencies, caches, build
					   outputs, by name */
	CTXPACK_SUGGEST_GITIGNORED,	/* what the tree's .gitignore files
					   ignore */
	CTXPACK_SUGGEST_UNREAD		/* what the Dockerfile never reads */
};

struct ctxpack_suggestion {
	enum ctxpack_suggest_kind kind;
	unsigned	 heavy;		/* HEAVY: its CTXPACK_HEAVY_* kind */
	int		 git_ignored;	/* git ignores all it drops */
	char		*line;		/* the line to add, as written */
	char		*example;	/* the first path it drops */
	/* what it drops from the context, measured with the whole new
	 * file: a path two lines drop counts for the later one */
	uint64_t	 dirs, files, bytes;
};

struct ctxpack_suggestions {
	struct ctxpack_suggestion *v;	/* in the order they are added */
	size_t		 n;
	uint64_t	 files_before, bytes_before;	/* in the context now */
	uint64_t	 files_after, bytes_after;	/* with the lines */
	/* the file the lines go to (as the context names it) and whether
	 * it exists; NULL when no file can take them (a symbolic link) */
	char		*file;
	int		 file_exists;
	/* a read takes the whole context (COPY . or a bind of it): its
	 * Dockerfile line, else 0; then nothing is proposed for being unread */
	unsigned	 whole_line;
	int		 has_build;	/* the Dockerfile was read */
	int		 has_gitignore;	/* the tree has a .gitignore */
	/*
	 * Other Dockerfiles of the tree read the same ignore file: how many,
	 * whose reads stay too; the first that reads the whole context (then
	 * nothing is proposed for being unread), and whether one could not
	 * be read as a Dockerfile (the same).
	 */
	size_t		 other_dockerfiles;
	char		*other_whole;
	int		 other_unknown;
	uint64_t	 unsafe;	/* candidate lines given up because they
					   would drop what the build reads, what
					   an exception of the file keeps, or
					   tracked files */
};

struct ctxpack_suggest_opts {
	unsigned	 top;		/* most lines, the heaviest (10; 0: all) */
};

/*
 * The lines to add at the end of the context's ignore file so that it
 * leaves out what a .dockerignore is for, never what the build reads:
 * VCS metadata, secrets, heavy directories by name (dependencies, caches,
 * outputs: only those the tree's .gitignore files ignore, or all when it
 * has none; never an empty one), what git ignores, and, when no read
 * takes the whole context, what the Dockerfile never reads.  No line
 * drops a path a read narrower than the whole context names (nor one
 * above it, nor a build file), a path an exception of the file keeps
 * (the user's '!' lines are decisions), or anything it was not made for:
 * each set of lines is checked by walking the tree with the new file
 * through the context's own builder, and the counts are what that walk
 * drops.  Needs a Docker-syntax ignore file.  Nothing proposed: n is 0.
 * CTXPACK_FATAL: see ctxpack_ctx_error().
 */
int	ctxpack_suggest(struct ctxpack_ctx *, const struct ctxpack_suggest_opts *,
	    struct ctxpack_suggestions **);
void	ctxpack_suggestions_free(struct ctxpack_suggestions *);

/*
 * Append TEXT (lines, each ending in a newline) to the file of S, or
 * create it: written to a temporary file beside it, then renamed over
 * it, the mode of the old file kept (0644 less the umask for a new one),
 * so a failure leaves the old file as it was.  A newline first when the
 * file does not end in one.  CTXPACK_FAILED: see ctxpack_ctx_error().
 */
int	ctxpack_suggest_write(struct ctxpack_ctx *,
	    const struct ctxpack_suggestions *s, const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* CTXPACK_H */
