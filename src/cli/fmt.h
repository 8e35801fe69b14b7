/*
 * fmt.h: how the command line writes numbers, sizes, names and JSON.
 * Everything a person reads goes through fmt_name() or fmt_text(), so a
 * file name can never move the cursor or clear the screen.
 */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ctxpack.h"

/* "1.5GiB", "500K", "50MB" -> bytes; -1 if not a size. */
int	 fmt_parse_size(const char *, uint64_t *);
/* IEC: "26.2 MiB" into buf. */
const char *fmt_iec(uint64_t, char *, size_t);
/* 1234567 -> "1,234,567" into buf. */
const char *fmt_grouped(uint64_t, char *, size_t);

/*
 * A name for a person to read.  Printed as it is when every byte is
 * printable UTF-8; otherwise in double quotes with C escapes, as git
 * quotes paths ("a\033b", "caf\303" for a byte that is not UTF-8).
 */
void	 fmt_name(FILE *, const char *, size_t);
/* The same, for a NUL-terminated name. */
void	 fmt_names(FILE *, const char *);
/* 1 if fmt_name() would quote it. */
int	 fmt_needs_quote(const char *, size_t);
/*
 * Running text (a message that may hold names): control bytes and bytes
 * that are not UTF-8 are written as C escapes, without quotes.
 */
void	 fmt_text(FILE *, const char *, size_t);

/* A flag's name, as JSON and people read it: "heavy", "large". */
const char *fmt_flag(enum ctxpack_flag);

/* A JSON string, null for NULL; a byte that is not UTF-8 as U+FFFD. */
void	 fmt_json_str(FILE *, const char *);

#endif
