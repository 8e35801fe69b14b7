/*
 * dfutil.c: the small pieces the Dockerfile files share: an arena for
 * the strings of a handle, string vectors, and Go's rune helpers
 * (unicode.IsSpace, utf8.EncodeRune, strconv.Quote, strings.TrimSpace).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfint.h"

/* ------------------------------------------------------------- arena */

struct df_blk {
	struct df_blk	*next;
	size_t		 used;
	size_t		 size;
	/* the data follows, aligned for any object */
	max_align_t	 data[];
};

#define BLKSIZE	(16 * 1024)

void *
df_alloc(struct df_arena *a, size_t n)
{
	struct df_blk *b = a->blk;
	size_t al = sizeof(max_align_t), need;
	void *p;

	if (a->oom)
		return NULL;
	need = (n + al - 1) / al * al;
	if (need < n) {
		a->oom = 1;
		return NULL;
	}
	if (b == NULL || b->size - b->used < need) {
		size_t sz = need > BLKSIZE ? need : BLKSIZE;

		if ((b = malloc(sizeof(*b) + sz)) == NULL) {
			a->oom = 1;
			return NULL;
		}
		b->size = sz;
		b->used = 0;
		b->next = a->blk;
		a->blk = b;
	}
	p = (char *)b->data + b->used;
	b->used += need;
	return p;
}

char *
df_strndup(struct df_arena *a, const char *s, size_t n)
{
	char *p = df_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
df_memdup(struct df_arena *a, const void *s, size_t n)
{
	void *p;

	if (n == 0)
		return NULL;
	if ((p = df_alloc(a, n)) != NULL)
		memcpy(p, s, n);
	return p;
}

void
df_arena_free(struct df_arena *a)
{
	struct df_blk *b, *next;

	for (b = a->blk; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->blk = NULL;
}

/* ----------------------------------------------------------- vectors */

void
df_strv_add(struct df_strv *v, const char *s, size_t len)
{
	char *p;

	if (v->oom)
		return;
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 8;
		char **nv = realloc(v->v, nc * sizeof(*nv));
		size_t *nl;

		if (nv == NULL) {
			v->oom = 1;
			return;
		}
		v->v = nv;
		if ((nl = realloc(v->len, nc * sizeof(*nl))) == NULL) {
			v->oom = 1;
			return;
		}
		v->len = nl;
		v->cap = nc;
	}
	if ((p = malloc(len + 1)) == NULL) {
		v->oom = 1;
		return;
	}
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	v->v[v->n] = p;
	v->len[v->n] = len;
	v->n++;
}

void
df_strv_free(struct df_strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	free(v->len);
	memset(v, 0, sizeof(*v));
}

/* sbuf_put that takes (NULL, 0) */
void
df_put(struct sbuf *b, const char *s, size_t n)
{
	if (n > 0)
		sbuf_put(b, s, n);
}

/* ------------------------------------------------------------- runes */

int
df_isspace(int32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return 1;
	}
	return r >= 0x2000 && r <= 0x200a;
}

void
df_quote(struct sbuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w;
	char t[12];
	int32_t r;
	int k;

	sbuf_putc(b, '"');
	while (i < len) {
		r = go_decode_rune(p + i, len - i, &w);
		if (r == 0xfffd && w == 1) {
			t[0] = '\\';
			t[1] = 'x';
			t[2] = hex[p[i] >> 4];
			t[3] = hex[p[i] & 15];
			df_put(b, t, 4);
			i++;
			continue;
		}
		i += w;
		if (r == '"' || r == '\\') {
			sbuf_putc(b, '\\');
			sbuf_putc(b, (char)r);
		} else if (df_isprint(r)) {
			go_put_rune(b, r);
		} else if (r == '\a' || r == '\b' || r == '\f' || r == '\n' ||
		    r == '\r' || r == '\t' || r == '\v') {
			sbuf_putc(b, '\\');
			sbuf_putc(b, "abtnvfr"[r == '\a' ? 0 : r == '\b' ? 1 :
			    r == '\t' ? 2 : r == '\n' ? 3 : r == '\v' ? 4 :
			    r == '\f' ? 5 : 6]);
		} else if (r < ' ' || r == 0x7f) {
			t[0] = '\\';
			t[1] = 'x';
			t[2] = hex[r >> 4 & 15];
			t[3] = hex[r & 15];
			df_put(b, t, 4);
		} else if (r < 0x10000) {
			t[0] = '\\';
			t[1] = 'u';
			for (k = 0; k < 4; k++)
				t[2 + k] = hex[r >> (12 - 4 * k) & 15];
			df_put(b, t, 6);
		} else {
			t[0] = '\\';
			t[1] = 'U';
			for (k = 0; k < 8; k++)
				t[2 + k] = hex[r >> (28 - 4 * k) & 15];
			df_put(b, t, 10);
		}
	}
	sbuf_putc(b, '"');
}

size_t
df_skip_space(const char *s, size_t len)
{
	size_t i = 0, w;

	while (i < len) {
		int32_t r = go_decode_rune((const unsigned char *)s + i,
		    len - i, &w);

		if (!df_isspace(r) || (r == 0xfffd && w == 1))
			break;
		i += w;
	}
	return i;
}

const char *
df_trimspace(const char *s, size_t len, size_t *outlen)
{
	return go_trimspace(s, len, outlen);
}

/* ---------------------------------------------------------------- csv */

/*
 * One record of encoding/csv's Reader (',' between fields, "..." quoted
 * fields with "" inside, no bare quote in an unquoted field), as BuildKit
 * reads a --mount value.  0, or -1 with the message in ERR.
 */
int
df_csv_fields(const char *v, size_t len, struct df_strv *out, char *err,
    size_t errsz)
{
	struct sbuf fld = { 0 };
	size_t i = 0;

	if (len == 0) {
		snprintf(err, errsz, "failed to parse csv mounts: EOF");
		return -1;
	}
	for (;;) {
		fld.len = 0;
		if (i < len && v[i] == '"') {
			size_t q = i++;

			for (;;) {
				if (i >= len) {
					snprintf(err, errsz, "failed to parse csv "
					    "mounts: parse error on line 1, "
					    "column %zu: extraneous or missing \" "
					    "in quoted-field", q + 1);
					sbuf_free(&fld);
					return -1;
				}
				if (v[i] == '"') {
					if (i + 1 < len && v[i + 1] == '"') {
						sbuf_putc(&fld, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				sbuf_putc(&fld, v[i++]);
			}
			if (i < len && v[i] != ',') {
				snprintf(err, errsz, "failed to parse csv mounts: "
				    "parse error on line 1, column %zu: "
				    "extraneous or missing \" in quoted-field",
				    i + 1);
				sbuf_free(&fld);
				return -1;
			}
		} else {
			while (i < len && v[i] != ',') {
				if (v[i] == '"') {
					snprintf(err, errsz, "failed to parse "
					    "csv mounts: parse error on line 1, "
					    "column %zu: bare \" in non-quoted-"
					    "field", i + 1);
					sbuf_free(&fld);
					return -1;
				}
				sbuf_putc(&fld, v[i++]);
			}
		}
		df_strv_add(out, fld.s != NULL ? fld.s : "", fld.len);
		if (i >= len)
			break;
		i++;		/* the ',' */
	}
	if (fld.oom)
		out->oom = 1;
	sbuf_free(&fld);
	return out->oom ? -1 : 0;
}

size_t
df_golower(char *dst, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xc4 && i + 1 < len && (unsigned char)s[i + 1] ==
		    0xb0) {
			dst[n++] = 'i';		/* U+0130 */
			i++;
		} else if (c == 0xe2 && i + 2 < len &&
		    (unsigned char)s[i + 1] == 0x84 &&
		    (unsigned char)s[i + 2] == 0xaa) {
			dst[n++] = 'k';		/* U+212A */
			i += 2;
		} else
			dst[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	dst[n] = '\0';
	return n;
}

size_t
df_goupper(char *dst, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c == 0xc4 || c == 0xc5) && i + 1 < len &&
		    (unsigned char)s[i + 1] == (c == 0xc4 ? 0xb1 : 0xbf)) {
			dst[n++] = c == 0xc4 ? 'I' : 'S';	/* U+0131, U+017F */
			i++;
		} else
			dst[n++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
	}
	dst[n] = '\0';
	return n;
}
