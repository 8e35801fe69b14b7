/*
 * msg.c: the command line's messages and exit status.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "msg.h"

static int	rc;		/* the worst status so far */
static int	write_failed;	/* "write error" said once */

int
msg_rc(void)
{
	return rc;
}

void
msg_diag(const struct ctxpack_diag *d, void *arg)
{
	int err = d->level == CTXPACK_LEVEL_ERROR;

	(void)arg;
	fputs("ctxpack: ", stderr);
	if (d->file != NULL) {
		fmt_text(stderr, d->file, strlen(d->file));
		if (d->line > 0)
			fprintf(stderr, ":%u", d->line);
		if (d->line > 0 && d->col > 0)
			fprintf(stderr, ":%u", d->col);
		fputs(": ", stderr);
	}
	fputs(err ? "error: " : d->level == CTXPACK_LEVEL_NOTE ? "note: " :
	    "warning: ", stderr);
	fmt_text(stderr, d->msg, strlen(d->msg));
	fputc('\n', stderr);
	if (err)
		rc = EXIT_ERR;
	else if (d->level == CTXPACK_LEVEL_WARNING && rc < EXIT_WARN)
		rc = EXIT_WARN;
}

static void	vmsg(enum ctxpack_level, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

static void
vmsg(enum ctxpack_level level, const char *fmt, va_list ap)
{
	struct ctxpack_diag d;
	char buf[4096];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	memset(&d, 0, sizeof(d));
	d.level = level;
	d.msg = buf;
	msg_diag(&d, NULL);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(CTXPACK_LEVEL_ERROR, fmt, ap);
	va_end(ap);
}

void
msg_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(CTXPACK_LEVEL_WARNING, fmt, ap);
	va_end(ap);
}

void
msg_note(const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fputs("ctxpack: note: ", stderr);
	fmt_text(stderr, buf, strlen(buf));
	fputc('\n', stderr);
}

void
msg_write_error(int err)
{
	rc = EXIT_ERR;
	if (write_failed++ || err == EPIPE)
		return;
	msg_error("write error: %s", strerror(err));
}

int
msg_finish(int status)
{
	int e = 0;

	if (fflush(stdout) == EOF || ferror(stdout))
		e = errno != 0 ? errno : EIO;
	/* the close can fail too (NFS, a full disk that fsync reports) */
	if (fclose(stdout) == EOF && e == 0 && errno != EBADF)
		e = errno;
	if (e != 0)
		msg_write_error(e);
	if (write_failed)
		return EXIT_ERR;
	return status;
}
