/*
 * diag.c: diagnostics kept on handles and passed to callbacks, and the
 * small growable string buffer the library uses.  Never prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

void
diag_set(struct diagbuf *db, enum ctxpack_level level, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->msg, sizeof(db->msg), fmt, ap);
	va_end(ap);
	if (file != NULL)
		snprintf(db->file, sizeof(db->file), "%s", file);
	db->d.level = level;
	db->d.file = file != NULL ? db->file : NULL;
	db->d.line = line;
	db->d.col = col;
	db->d.msg = db->msg;
	db->d.syserr = 0;
	db->set = 1;
}

const struct ctxpack_diag *
diag_get(const struct diagbuf *db)
{
	return db->set ? &db->d : NULL;
}

void
diag_emit(ctxpack_diag_fn *fn, void *arg, enum ctxpack_level level,
    const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	struct ctxpack_diag d;
	char msg[2048];
	va_list ap;

	if (fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d.level = level;
	d.file = file;
	d.line = line;
	d.col = col;
	d.msg = msg;
	d.syserr = 0;
	fn(&d, arg);
}

/* Quote a name for a message: printable ASCII as is, the rest as \xHH. */
const char *
diag_quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' || c == '"') {
			if (c == '\\' || c == '"') {
				buf[o++] = '\\';
				buf[o++] = (char)c;
			} else
				o += (size_t)snprintf(buf + o, size - o,
				    "\\x%02x", c);
		} else
			buf[o++] = (char)c;
	}
	if (i < len && o + 4 <= size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

int
mem_grow(void *pp, size_t *cap, size_t need, size_t elem)
{
	void *p;
	size_t nc = *cap ? *cap : 64;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc *= 2;
	if (nc > SIZE_MAX / elem)
		return -1;
	if ((p = realloc(*(void **)pp, nc * elem)) == NULL)
		return -1;
	*(void **)pp = p;
	*cap = nc;
	return 0;
}

static void
sbuf_grow(struct sbuf *b, size_t more)
{
	size_t ncap;
	char *p;

	if (b->oom)
		return;
	if (b->len + more + 1 <= b->cap)
		return;
	ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + more + 1)
		ncap *= 2;
	if ((p = realloc(b->s, ncap)) == NULL) {
		b->oom = 1;
		return;
	}
	b->s = p;
	b->cap = ncap;
}

void
sbuf_put(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sbuf_putc(struct sbuf *b, char c)
{
	sbuf_put(b, &c, 1);
}

void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sbuf_put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n :
		    sizeof(tmp) - 1);
}

void
sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}
