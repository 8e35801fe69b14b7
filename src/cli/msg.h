/*
 * msg.h: every message the command line prints on standard error, and
 * the exit status they add up to (mandoc's mandoc_msg.c is the model).
 * The format is "ctxpack: FILE:LINE:COL: LEVEL: message"; the status is
 * the worst level seen: 0 ok, 1 warnings, 2 errors.  Names in messages
 * are escaped (fmt_text), so no file name reaches the terminal raw.
 */
#ifndef MSG_H
#define MSG_H

#include "ctxpack.h"

#define EXIT_WARN	1
#define EXIT_ERR	2

/* The library's diagnostics callback; also prints any struct ctxpack_diag. */
void	msg_diag(const struct ctxpack_diag *, void *);
void	msg_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	msg_warning(const char *, ...) __attribute__((format(printf, 1, 2)));
/* "ctxpack: note: ...": information; the status does not change. */
void	msg_note(const char *, ...) __attribute__((format(printf, 1, 2)));
/* The worst status so far. */
int	msg_rc(void);
/*
 * The end of a command: flush and close standard output, and make a write
 * error (a full disk, a closed descriptor) exit 2 with "write error: ...".
 * A reader that went away early (EPIPE) exits 2 quietly, as tar does.
 * Returns the larger of rc and what the flush made of it.
 */
int	msg_finish(int rc);
/* A write error seen early (while packing): the same message, once. */
void	msg_write_error(int err);

#endif
