/*
 * hcl.c: the HCL native-syntax parser and subset evaluator audit reads
 * bake files with (see hcl.h).  Scannerless recursive descent: newlines end
 * attributes but are blank inside (), [], {} and ${}; templates parse their
 * interpolations recursively.  Checked against hashicorp/hcl/v2 by the
 * oracle in test/conformance/oracle/hcl.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcl.h"

/* ---------------------------------------------------------------- arena */

struct ablk {
	struct ablk	*next;
	size_t		 used, cap;
	max_align_t	 data[];
};

struct arena {
	struct ablk	*head;
};

struct arena *
arena_new(void)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (a == NULL) {
		fputs("ctxpack: out of memory\n", stderr);
		exit(2);
	}
	return a;
}

void
arena_free(struct arena *a)
{
	struct ablk *b, *n;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct ablk *b = a->head;
	size_t al = sizeof(max_align_t);
	void *p;

	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > 60000 ? n : 60000;

		if ((b = malloc(sizeof(*b) + cap)) == NULL) {
			fputs("ctxpack: out of memory\n", stderr);
			exit(2);
		}
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* A growable array of pointers in the arena. */
struct pvec {
	void	**v;
	size_t	  n, cap;
};

static void
pvec_push(struct arena *a, struct pvec *pv, void *p)
{
	if (pv->n == pv->cap) {
		size_t nc = pv->cap ? pv->cap * 2 : 8;
		void **nv = arena_alloc(a, nc * sizeof(*nv));

		if (pv->n)
			memcpy(nv, pv->v, pv->n * sizeof(*nv));
		pv->v = nv;
		pv->cap = nc;
	}
	pv->v[pv->n++] = p;
}

/* A growable string in the arena. */
struct sbuf {
	char	*s;
	size_t	 n, cap;
};

static void
sb_add(struct arena *a, struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 32;
		char *ns;

		while (nc < b->n + n + 1)
			nc *= 2;
		ns = arena_alloc(a, nc);
		if (b->n)
			memcpy(ns, b->s, b->n);
		b->s = ns;
		b->cap = nc;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* --------------------------------------------------------------- values */

struct hval *
hval_str(struct arena *a, const char *s)
{
	struct hval *v = arena_alloc(a, sizeof(*v));

	v->t = HV_STR;
	v->s = s;
	return v;
}

/*
 * A decimal literal as plain text, the way cty prints a number
 * (big.Float's Text('f', -1)): no exponent, no leading zeros, no
 * trailing fractional zeros.
 */
static const char *
num_norm(struct arena *a, const char *lit, size_t len)
{
	char digs[1024];
	size_t nd = 0, i = 0;
	long exp = 0, dot = -1;
	int neg = 0, esign = 1;
	struct sbuf b = { 0 };
	long intlen, k;

	if (i < len && (lit[i] == '-' || lit[i] == '+'))
		neg = lit[i++] == '-';
	for (; i < len && (isdigit((unsigned char)lit[i]) || lit[i] == '.');
	    i++) {
		if (lit[i] == '.') {
			dot = (long)nd;
			continue;
		}
		if (nd < sizeof(digs))
			digs[nd++] = lit[i];
	}
	if (dot < 0)
		dot = (long)nd;
	if (i < len && (lit[i] == 'e' || lit[i] == 'E')) {
		i++;
		if (i < len && (lit[i] == '-' || lit[i] == '+'))
			esign = lit[i++] == '-' ? -1 : 1;
		for (; i < len && isdigit((unsigned char)lit[i]); i++)
			if (exp < 100000)
				exp = exp * 10 + (lit[i] - '0');
	}
	intlen = dot + esign * exp;	/* digits before the point */
	/* strip leading zeros */
	while (nd > 0 && digs[0] == '0') {
		memmove(digs, digs + 1, --nd);
		intlen--;
	}
	while (nd > 0 && digs[nd - 1] == '0')
		nd--;
	if (nd == 0)
		return neg ? "-0" : "0";
	if (neg)
		sb_add(a, &b, "-", 1);
	if (intlen <= 0) {
		sb_add(a, &b, "0.", 2);
		for (k = intlen; k < 0; k++)
			sb_add(a, &b, "0", 1);
		sb_add(a, &b, digs, nd);
	} else if ((size_t)intlen >= nd) {
		sb_add(a, &b, digs, nd);
		for (k = (long)nd; k < intlen; k++)
			sb_add(a, &b, "0", 1);
	} else {
		sb_add(a, &b, digs, (size_t)intlen);
		sb_add(a, &b, ".", 1);
		sb_add(a, &b, digs + intlen, nd - (size_t)intlen);
	}
	return b.s;
}

/*
 * A number read the way bake reads one from the environment
 * (strconv.ParseFloat to a float64): its shortest round-trip text.
 */
struct hval *
hval_num_parse(struct arena *a, const char *s)
{
	char buf[64], *end;
	double d;
	int prec;
	struct hval *v;
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]) && strchr("+-.eE", s[i]) ==
		    NULL)
			return NULL;
	errno = 0;
	d = strtod(s, &end);
	if (end == s || *end != '\0' || !isfinite(d) || errno == ERANGE)
		return NULL;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	v = arena_alloc(a, sizeof(*v));
	v->t = HV_NUM;
	v->s = num_norm(a, buf, strlen(buf));
	return v;
}

int
hval_to_string(struct arena *a, const struct hval *v, const char **s)
{
	(void)a;
	switch (v->t) {
	case HV_NULL:
		*s = NULL;
		return 0;
	case HV_STR:
	case HV_NUM:
		*s = v->s;
		return 0;
	case HV_BOOL:
		*s = v->b ? "true" : "false";
		return 0;
	default:
		return -1;
	}
}

static int
hval_equal(const struct hval *x, const struct hval *y)
{
	size_t i, j;

	if (x->t != y->t)
		return 0;
	switch (x->t) {
	case HV_NULL:
		return 1;
	case HV_BOOL:
		return x->b == y->b;
	case HV_NUM:
	case HV_STR:
		return strcmp(x->s, y->s) == 0;
	case HV_TUPLE:
		if (x->n != y->n)
			return 0;
		for (i = 0; i < x->n; i++)
			if (!hval_equal(x->v[i], y->v[i]))
				return 0;
		return 1;
	case HV_OBJECT:
		if (x->n != y->n)
			return 0;
		for (i = 0; i < x->n; i++) {
			for (j = 0; j < y->n; j++)
				if (strcmp(x->k[i], y->k[j]) == 0)
					break;
			if (j == y->n || !hval_equal(x->v[i], y->v[j]))
				return 0;
		}
		return 1;
	}
	return 0;
}

/* --------------------------------------------------------------- errors */

void
hsrc_linecol(const struct hsrc *src, size_t pos, unsigned *line,
    unsigned *col)
{
	unsigned l = src->line0 ? src->line0 : 1, c = src->col0 ? src->col0 : 1;
	size_t i;

	for (i = 0; i < pos && i < src->len; i++) {
		if (src->text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)src->text[i] & 0xc0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

static void vseterr(struct herr *, const struct hsrc *, size_t, int,
    const char *, va_list) __attribute__((format(printf, 5, 0)));

static void
vseterr(struct herr *err, const struct hsrc *src, size_t pos, int unsup,
    const char *fmt, va_list ap)
{
	err->file = src ? src->file : NULL;
	if (src != NULL)
		hsrc_linecol(src, pos, &err->line, &err->col);
	else
		err->line = err->col = 0;
	err->unsupported = unsup;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

void
hcl_seterr(struct herr *err, const struct hexpr *e, int unsup,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vseterr(err, e ? e->src : NULL, e ? e->pos : 0, unsup, fmt, ap);
	va_end(ap);
}

/* --------------------------------------------------------------- parser */

struct hp {
	struct arena	*a;
	struct hsrc	*src;
	const char	*s;
	size_t		 len, pos;
	struct herr	*err;
	int		 failed;
};

static void perr(struct hp *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct hp *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vseterr(p->err, p->src, pos, 0, fmt, ap);
	va_end(ap);
}

static int
at(struct hp *p, size_t off)
{
	return p->pos + off < p->len ? (unsigned char)p->s[p->pos + off] : -1;
}

static int
idstart(int c)
{
	return c >= 0 && (isalpha(c) || c == '_' || c >= 0x80);
}

static int
idchar(int c)
{
	return idstart(c) || (c >= 0 && (isdigit(c) || c == '-'));
}

/* Skip blanks and comments; newlines too when NL. */
static void
ws(struct hp *p, int nl)
{
	for (;;) {
		int c = at(p, 0);

		if (c == ' ' || c == '\t' || c == '\r')
			p->pos++;
		else if (c == '\n' && nl)
			p->pos++;
		else if (c == '#' || (c == '/' && at(p, 1) == '/')) {
			while (at(p, 0) >= 0 && at(p, 0) != '\n')
				p->pos++;
		} else if (c == '/' && at(p, 1) == '*') {
			size_t start = p->pos;

			p->pos += 2;
			while (at(p, 0) >= 0 && !(at(p, 0) == '*' &&
			    at(p, 1) == '/'))
				p->pos++;
			if (at(p, 0) < 0) {
				perr(p, start, "unterminated comment");
				return;
			}
			p->pos += 2;
		} else
			return;
	}
}

static const char *
ident(struct hp *p)
{
	size_t start = p->pos;

	if (!idstart(at(p, 0)))
		return NULL;
	while (idchar(at(p, 0)))
		p->pos++;
	return arena_strndup(p->a, p->s + start, p->pos - start);
}

/* At a keyword KW (not a longer identifier)? */
static int
keyword(struct hp *p, const char *kw)
{
	size_t n = strlen(kw);

	return p->pos + n <= p->len && memcmp(p->s + p->pos, kw, n) == 0 &&
	    !idchar(at(p, n));
}

static struct hexpr *
mk(struct hp *p, enum hexpr_type t, size_t pos)
{
	struct hexpr *e = arena_alloc(p->a, sizeof(*e));

	e->t = t;
	e->pos = pos;
	e->src = p->src;
	return e;
}

static struct hexpr *
unsup(struct hp *p, size_t pos, const char *what)
{
	struct hexpr *e = mk(p, HX_UNSUP, pos);

	e->name = what;
	return e;
}

static void
setsub(struct hp *p, struct hexpr *e, struct pvec *pv)
{
	(void)p;
	e->sub = (struct hexpr **)pv->v;
	e->n = pv->n;
}

static struct hexpr *expr(struct hp *, int);
static struct hexpr *template(struct hp *, int, const char *, size_t);

static int
expect(struct hp *p, int c, const char *what)
{
	if (at(p, 0) != c) {
		perr(p, p->pos, "expected %s", what);
		return -1;
	}
	p->pos++;
	return 0;
}

/* [for a, b in coll : x if c] or {for ... : k => v...}; beyond the subset */
static struct hexpr *
for_expr(struct hp *p, size_t start, int close)
{
	p->pos += 3;
	ws(p, 1);
	if (ident(p) == NULL)
		perr(p, p->pos, "expected an identifier after for");
	ws(p, 1);
	if (at(p, 0) == ',') {
		p->pos++;
		ws(p, 1);
		if (ident(p) == NULL)
			perr(p, p->pos, "expected an identifier");
		ws(p, 1);
	}
	if (!keyword(p, "in"))
		perr(p, p->pos, "expected in");
	p->pos += 2;
	expr(p, 1);
	ws(p, 1);
	if (expect(p, ':', "':'") < 0)
		return NULL;
	expr(p, 1);
	ws(p, 1);
	if (close == '}') {
		if (at(p, 0) != '=' || at(p, 1) != '>')
			perr(p, p->pos, "expected =>");
		p->pos += 2;
		expr(p, 1);
		ws(p, 1);
		if (at(p, 0) == '.' && at(p, 1) == '.' && at(p, 2) == '.') {
			p->pos += 3;
			ws(p, 1);
		}
	}
	if (keyword(p, "if")) {
		p->pos += 2;
		expr(p, 1);
		ws(p, 1);
	}
	expect(p, close, close == ']' ? "']'" : "'}'");
	return unsup(p, start, "a for expression");
}

static struct hexpr *
tuple(struct hp *p)
{
	size_t start = p->pos;
	struct hexpr *e;
	struct pvec pv = { 0 };

	p->pos++;
	ws(p, 1);
	if (keyword(p, "for"))
		return for_expr(p, start, ']');
	while (!p->failed && at(p, 0) != ']') {
		pvec_push(p->a, &pv, expr(p, 1));
		ws(p, 1);
		if (at(p, 0) == ',') {
			p->pos++;
			ws(p, 1);
		} else if (at(p, 0) != ']') {
			perr(p, p->pos, "expected ',' or ']' in a list");
			return NULL;
		}
	}
	if (expect(p, ']', "']'") < 0)
		return NULL;
	e = mk(p, HX_TUPLE, start);
	setsub(p, e, &pv);
	return e;
}

static struct hexpr *
object(struct hp *p)
{
	size_t start = p->pos;
	struct hexpr *e, *k;
	struct pvec pv = { 0 };

	p->pos++;
	ws(p, 1);
	if (keyword(p, "for"))
		return for_expr(p, start, '}');
	while (!p->failed && at(p, 0) != '}') {
		size_t kpos = p->pos, save = p->pos;
		const char *id = ident(p);

		if (id != NULL) {
			ws(p, 1);
			if ((at(p, 0) == '=' && at(p, 1) != '=') ||
			    at(p, 0) == ':') {
				k = mk(p, HX_LIT, kpos);
				k->lit = hval_str(p->a, id);
			} else {
				p->pos = save;
				k = expr(p, 1);
			}
		} else
			k = expr(p, 1);
		ws(p, 1);
		if ((at(p, 0) != '=' || at(p, 1) == '=') && at(p, 0) != ':') {
			perr(p, p->pos, "expected '=' after an object key");
			return NULL;
		}
		p->pos++;
		pvec_push(p->a, &pv, k);
		pvec_push(p->a, &pv, expr(p, 1));
		ws(p, 1);
		if (at(p, 0) == ',') {
			p->pos++;
			ws(p, 1);
		}
	}
	if (expect(p, '}', "'}'") < 0)
		return NULL;
	e = mk(p, HX_OBJECT, start);
	setsub(p, e, &pv);
	return e;
}

static struct hexpr *
number(struct hp *p)
{
	size_t start = p->pos;
	struct hexpr *e;

	while (isdigit(at(p, 0)))
		p->pos++;
	if (at(p, 0) == '.' && isdigit(at(p, 1))) {
		p->pos++;
		while (isdigit(at(p, 0)))
			p->pos++;
	}
	if ((at(p, 0) == 'e' || at(p, 0) == 'E') && (isdigit(at(p, 1)) ||
	    ((at(p, 1) == '+' || at(p, 1) == '-') && isdigit(at(p, 2))))) {
		p->pos += 2;
		while (isdigit(at(p, 0)))
			p->pos++;
	}
	e = mk(p, HX_LIT, start);
	e->lit = arena_alloc(p->a, sizeof(*e->lit));
	e->lit->t = HV_NUM;
	e->lit->s = num_norm(p->a, p->s + start, p->pos - start);
	return e;
}

/* <<EOT or <<-EOT: lines up to one holding only the marker. */
static struct hexpr *
heredoc(struct hp *p)
{
	size_t start = p->pos, bodystart, i, end, mlen;
	int flush = 0;
	const char *marker;

	p->pos += 2;
	if (at(p, 0) == '-') {
		flush = 1;
		p->pos++;
	}
	if ((marker = ident(p)) == NULL) {
		perr(p, p->pos, "expected a heredoc marker after <<");
		return NULL;
	}
	mlen = strlen(marker);
	if (at(p, 0) == '\r')
		p->pos++;
	if (at(p, 0) != '\n') {
		perr(p, p->pos, "a heredoc marker must end its line");
		return NULL;
	}
	p->pos++;
	bodystart = p->pos;
	/* find the closing line */
	for (i = bodystart; i <= p->len;) {
		size_t j = i;

		while (j < p->len && (p->s[j] == ' ' || p->s[j] == '\t'))
			j++;
		if (j + mlen <= p->len && memcmp(p->s + j, marker, mlen) == 0 &&
		    (j + mlen == p->len || p->s[j + mlen] == '\n' ||
		    p->s[j + mlen] == '\r')) {
			end = i;
			p->pos = bodystart;
			{
				struct hexpr *e = template(p, flush ? 'F' :
				    'H', marker, end);

				p->pos = j + mlen;
				if (e != NULL)
					e->pos = start;
				return e;
			}
		}
		while (i < p->len && p->s[i] != '\n')
			i++;
		if (i >= p->len)
			break;
		i++;
	}
	perr(p, start, "unterminated heredoc %s", marker);
	return NULL;
}

static struct hexpr *
call_args(struct hp *p, size_t start, const char *name)
{
	char what[128];

	p->pos++;	/* ( */
	ws(p, 1);
	while (!p->failed && at(p, 0) != ')') {
		expr(p, 1);
		ws(p, 1);
		if (at(p, 0) == '.' && at(p, 1) == '.' && at(p, 2) == '.') {
			p->pos += 3;
			ws(p, 1);
		}
		if (at(p, 0) == ',') {
			p->pos++;
			ws(p, 1);
		} else if (at(p, 0) != ')') {
			perr(p, p->pos, "expected ',' or ')' in a call");
			return NULL;
		}
	}
	if (expect(p, ')', "')'") < 0)
		return NULL;
	snprintf(what, sizeof(what), "a call of %s()", name);
	return unsup(p, start, arena_strdup(p->a, what));
}

static struct hexpr *
term(struct hp *p, int nl)
{
	size_t start = p->pos;
	struct hexpr *e;
	int c = at(p, 0);

	(void)nl;
	if (c < 0) {
		perr(p, p->pos, "expected an expression");
		return NULL;
	}
	if (isdigit(c))
		return number(p);
	if (c == '"') {
		p->pos++;
		e = template(p, 'Q', NULL, 0);
		if (e != NULL)
			e->pos = start;
		return e;
	}
	if (c == '<' && at(p, 1) == '<')
		return heredoc(p);
	if (c == '(') {
		p->pos++;
		e = expr(p, 1);
		ws(p, 1);
		if (expect(p, ')', "')'") < 0)
			return NULL;
		return e;
	}
	if (c == '[')
		return tuple(p);
	if (c == '{')
		return object(p);
	if (idstart(c)) {
		const char *id = ident(p);

		if (strcmp(id, "true") == 0 || strcmp(id, "false") == 0 ||
		    strcmp(id, "null") == 0) {
			e = mk(p, HX_LIT, start);
			e->lit = arena_alloc(p->a, sizeof(*e->lit));
			e->lit->t = id[0] == 'n' ? HV_NULL : HV_BOOL;
			e->lit->b = id[0] == 't';
			return e;
		}
		while (at(p, 0) == ':' && at(p, 1) == ':') {
			p->pos += 2;
			if (ident(p) == NULL) {
				perr(p, p->pos, "expected a function name");
				return NULL;
			}
			id = arena_strndup(p->a, p->s + start, p->pos - start);
		}
		{
			size_t save = p->pos;

			ws(p, 0);
			if (at(p, 0) == '(')
				return call_args(p, start, id);
			p->pos = save;
		}
		e = mk(p, HX_VAR, start);
		e->name = id;
		return e;
	}
	perr(p, p->pos, "unexpected '%c'", c);
	return NULL;
}

/* A term and its traversals (.attr, [index], .*, [*]). */
static struct hexpr *
postfix(struct hp *p, int nl)
{
	struct hexpr *e = term(p, nl);

	while (e != NULL && !p->failed) {
		size_t save = p->pos;

		ws(p, nl);
		if (at(p, 0) == '.' && at(p, 1) != '.') {
			size_t dpos = p->pos;

			p->pos++;
			ws(p, nl);
			if (at(p, 0) == '*')
				p->pos++;
			else if (isdigit(at(p, 0)))
				while (isdigit(at(p, 0)))
					p->pos++;
			else if (ident(p) == NULL) {
				perr(p, p->pos, "expected an attribute name");
				return NULL;
			}
			e = unsup(p, dpos, "an attribute access");
		} else if (at(p, 0) == '[') {
			size_t bpos = p->pos;

			p->pos++;
			ws(p, 1);
			if (at(p, 0) == '*')
				p->pos++;
			else
				expr(p, 1);
			ws(p, 1);
			if (expect(p, ']', "']'") < 0)
				return NULL;
			e = unsup(p, bpos, "an index");
		} else {
			p->pos = save;
			break;
		}
	}
	return e;
}

static struct hexpr *
unary(struct hp *p, int nl)
{
	size_t start = p->pos;
	struct hexpr *e;

	if (at(p, 0) == '!' || at(p, 0) == '-') {
		int c = at(p, 0);

		p->pos++;
		ws(p, nl);
		e = mk(p, c == '!' ? HX_NOT : HX_NEG, start);
		e->sub = arena_alloc(p->a, sizeof(*e->sub));
		e->sub[0] = unary(p, nl);
		e->n = 1;
		/* audit negates number literals only */
		if (c == '-' && e->sub[0] != NULL && (e->sub[0]->t != HX_LIT ||
		    e->sub[0]->lit->t != HV_NUM))
			return unsup(p, start, "a unary minus");
		return e;
	}
	return postfix(p, nl);
}

/* The operator at the cursor of precedence level LVL, its length or 0. */
static int
binop(struct hp *p, int lvl, int *op)
{
	int c = at(p, 0), d = at(p, 1);

	switch (lvl) {
	case 0:
		*op = '|';
		return c == '|' && d == '|' ? 2 : 0;
	case 1:
		*op = '&';
		return c == '&' && d == '&' ? 2 : 0;
	case 2:
		*op = c;
		return (c == '=' || c == '!') && d == '=' ? 2 : 0;
	case 3:
		*op = 'c';
		if ((c == '<' || c == '>') && d == '=')
			return 2;
		return (c == '<' && d != '<') || c == '>' ? 1 : 0;
	case 4:
		*op = 'a';
		return c == '+' || c == '-' ? 1 : 0;
	default:
		*op = 'm';
		return c == '*' || c == '/' || c == '%' ? 1 : 0;
	}
}

static struct hexpr *
binary(struct hp *p, int nl, int lvl)
{
	struct hexpr *l, *r, *e;
	int op, n;

	if (lvl > 5)
		return unary(p, nl);
	l = binary(p, nl, lvl + 1);
	for (;;) {
		size_t save = p->pos, opos;

		if (l == NULL || p->failed)
			return l;
		ws(p, nl);
		opos = p->pos;
		if ((n = binop(p, lvl, &op)) == 0) {
			p->pos = save;
			return l;
		}
		p->pos += (size_t)n;
		ws(p, nl);
		r = binary(p, nl, lvl + 1);
		if (op == 'c' || op == 'a' || op == 'm') {
			l = unsup(p, opos, op == 'c' ? "a comparison" :
			    "arithmetic");
			continue;
		}
		e = mk(p, HX_BIN, opos);
		e->op = op;
		e->sub = arena_alloc(p->a, 2 * sizeof(*e->sub));
		e->sub[0] = l;
		e->sub[1] = r;
		e->n = 2;
		l = e;
	}
}

static struct hexpr *
expr(struct hp *p, int nl)
{
	struct hexpr *c, *e;
	size_t save, qpos;

	ws(p, nl);
	c = binary(p, nl, 0);
	if (c == NULL || p->failed)
		return c;
	save = p->pos;
	ws(p, nl);
	if (at(p, 0) != '?') {
		p->pos = save;
		return c;
	}
	qpos = p->pos++;
	e = mk(p, HX_COND, qpos);
	e->sub = arena_alloc(p->a, 3 * sizeof(*e->sub));
	e->n = 3;
	e->sub[0] = c;
	e->sub[1] = expr(p, nl);
	ws(p, nl);
	if (expect(p, ':', "':' in a conditional") < 0)
		return NULL;
	e->sub[2] = expr(p, nl);
	e->pos = c->pos;
	return e;
}

static void
utf8(struct arena *a, struct sbuf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_add(a, b, u, n);
}

/* One literal part of a template (ending a line in heredocs). */
static void
lit_part(struct hp *p, struct pvec *parts, struct sbuf *b, size_t pos)
{
	struct hexpr *e;

	if (b->n == 0)
		return;
	e = mk(p, HX_LIT, pos);
	e->lit = hval_str(p->a, b->s);
	pvec_push(p->a, parts, e);
	memset(b, 0, sizeof(*b));
}

/* A template directive %{ ... }: parsed, then beyond the subset. */
static void
directive(struct hp *p)
{
	p->pos += 2;
	if (at(p, 0) == '~')
		p->pos++;
	ws(p, 1);
	if (keyword(p, "if")) {
		p->pos += 2;
		expr(p, 1);
	} else if (keyword(p, "for")) {
		p->pos += 3;
		ws(p, 1);
		ident(p);
		ws(p, 1);
		if (at(p, 0) == ',') {
			p->pos++;
			ws(p, 1);
			ident(p);
			ws(p, 1);
		}
		if (!keyword(p, "in"))
			perr(p, p->pos, "expected in");
		p->pos += 2;
		expr(p, 1);
	} else if (keyword(p, "else") || keyword(p, "endif") ||
	    keyword(p, "endfor"))
		ident(p);
	else
		perr(p, p->pos, "expected if, else, endif, for or endfor");
	ws(p, 1);
	if (at(p, 0) == '~')
		p->pos++;
	expect(p, '}', "'}' closing a template directive");
}

/* Heredoc <<-: drop the smallest indentation of the lines. */
static void
flush_parts(struct hexpr **parts, size_t n, int *starts)
{
	size_t i, min = SIZE_MAX;

	for (i = 0; i < n; i++) {
		size_t sp = 0;
		const char *s;

		if (!starts[i])
			continue;
		if (parts[i]->t != HX_LIT || parts[i]->lit->t != HV_STR) {
			min = 0;	/* an interpolation begins the line */
			continue;
		}
		s = parts[i]->lit->s;
		while (s[sp] == ' ' || s[sp] == '\t' || s[sp] == '\v' ||
		    s[sp] == '\f' || s[sp] == '\r')
			sp++;
		if (s[sp] == '\n' && s[sp + 1] == '\0') {
			starts[i] = 0;	/* a blank line: neither counted
					   nor trimmed */
			continue;
		}
		if (sp < min)
			min = sp;
	}
	if (min == SIZE_MAX || min == 0)
		return;
	for (i = 0; i < n; i++) {
		const char *s;
		size_t sp = 0;

		if (!starts[i] || parts[i]->t != HX_LIT ||
		    parts[i]->lit->t != HV_STR)
			continue;
		s = parts[i]->lit->s;
		while (sp < min && s[sp] != '\0' && s[sp] != '\n' &&
		    isspace((unsigned char)s[sp]))
			sp++;
		if (sp == min)
			parts[i]->lit->s = s + min;
	}
}

/*
 * A template up to its end: MODE 'Q' a quoted string (escapes, ends at
 * '"'), 'H'/'F' a heredoc body up to offset END ('F' flush), 'J' a JSON
 * string (no escapes, to END).
 */
static struct hexpr *
template(struct hp *p, int mode, const char *marker, size_t end)
{
	struct pvec parts = { 0 };
	struct sbuf b = { 0 };
	struct hexpr *e;
	size_t start = p->pos, litpos = p->pos;
	int has_dir = 0, strip = 0, nparts_interp = 0;
	int *starts;
	size_t i, nstart = 0;
	struct pvec startv = { 0 };	/* part indices that begin a line */
	int line_begins = 1;

	(void)marker;
	for (;;) {
		int c = at(p, 0);

		if (mode == 'Q') {
			if (c < 0 || c == '\n') {
				perr(p, start, "unterminated string");
				return NULL;
			}
			if (c == '"') {
				p->pos++;
				break;
			}
		} else if (p->pos >= end)
			break;
		if (line_begins && mode != 'Q' && mode != 'J') {
			pvec_push(p->a, &startv, (void *)(uintptr_t)(parts.n +
			    1));
			line_begins = 0;
		}
		if (c == '\\' && mode == 'Q') {
			int d = at(p, 1);

			p->pos += 2;
			switch (d) {
			case 'n': sb_add(p->a, &b, "\n", 1); break;
			case 'r': sb_add(p->a, &b, "\r", 1); break;
			case 't': sb_add(p->a, &b, "\t", 1); break;
			case '"': sb_add(p->a, &b, "\"", 1); break;
			case '\\': sb_add(p->a, &b, "\\", 1); break;
			case 'u':
			case 'U': {
				size_t k, nd = d == 'u' ? 4 : 8;
				unsigned long cp = 0;

				for (k = 0; k < nd; k++) {
					int h = at(p, 0);

					if (h < 0 || !isxdigit(h)) {
						perr(p, p->pos, "bad \\%c escape",
						    d);
						return NULL;
					}
					cp = cp * 16 + (unsigned long)(isdigit(h) ?
					    h - '0' : (tolower(h) - 'a' + 10));
					p->pos++;
				}
				if (cp > 0x10ffff || (cp >= 0xd800 &&
				    cp <= 0xdfff)) {
					perr(p, p->pos, "bad code point");
					return NULL;
				}
				utf8(p->a, &b, cp);
				break;
			}
			default:
				perr(p, p->pos - 2, "invalid escape sequence");
				return NULL;
			}
			continue;
		}
		if ((c == '$' || c == '%') && at(p, 1) == c && at(p, 2) == '{') {
			char two[2] = { (char)c, '{' };

			sb_add(p->a, &b, two, 2);
			p->pos += 3;
			continue;
		}
		if (c == '$' && at(p, 1) == '{') {
			size_t ipos = p->pos;
			struct hexpr *ie;

			lit_part(p, &parts, &b, litpos);
			p->pos += 2;
			if (at(p, 0) == '~') {
				strip = 1;
				p->pos++;
			}
			ie = expr(p, 1);
			ws(p, 1);
			if (at(p, 0) == '~') {
				strip = 1;
				p->pos++;
			}
			if (expect(p, '}', "'}' closing an interpolation") < 0)
				return NULL;
			if (ie == NULL)
				return NULL;
			(void)ipos;
			pvec_push(p->a, &parts, ie);
			nparts_interp++;
			litpos = p->pos;
			continue;
		}
		if (c == '%' && at(p, 1) == '{') {
			lit_part(p, &parts, &b, litpos);
			directive(p);
			has_dir = 1;
			litpos = p->pos;
			continue;
		}
		sb_add(p->a, &b, p->s + p->pos, 1);
		p->pos++;
		if (c == '\n' && mode != 'Q' && mode != 'J') {
			lit_part(p, &parts, &b, litpos);
			litpos = p->pos;
			line_begins = 1;
		}
	}
	lit_part(p, &parts, &b, litpos);
	if (p->failed)
		return NULL;
	if (has_dir)
		return unsup(p, start, "a template directive");
	if (strip)
		return unsup(p, start, "a strip marker");
	if (mode == 'F' && parts.n > 0) {
		starts = arena_alloc(p->a, parts.n * sizeof(*starts));
		for (i = 0; i < startv.n; i++) {
			size_t k = (size_t)(uintptr_t)startv.v[i] - 1;

			if (k < parts.n)
				starts[k] = 1;
		}
		nstart = startv.n;
		(void)nstart;
		flush_parts((struct hexpr **)parts.v, parts.n, starts);
	}
	e = mk(p, HX_TMPL, start);
	setsub(p, e, &parts);
	/* "${x}" alone is x itself (TemplateWrapExpr) */
	if (parts.n == 1 && nparts_interp == 1)
		e->op = 'W';
	return e;
}

/* ---------------------------------------------------------------- bodies */

static struct hbody *body(struct hp *, int);

static struct hbody *
body(struct hp *p, int close)
{
	struct hbody *bd = arena_alloc(p->a, sizeof(*bd));
	struct pvec attrs = { 0 }, blocks = { 0 };
	size_t i;

	bd->src = p->src;
	for (;;) {
		size_t start;
		const char *name;

		ws(p, 1);
		if (p->failed)
			return NULL;
		if (at(p, 0) < 0) {
			if (close) {
				perr(p, p->pos, "expected '}'");
				return NULL;
			}
			break;
		}
		if (close && at(p, 0) == '}') {
			p->pos++;
			break;
		}
		start = p->pos;
		if ((name = ident(p)) == NULL) {
			perr(p, p->pos, "expected an attribute or block name");
			return NULL;
		}
		ws(p, 0);
		if (at(p, 0) == '=' && at(p, 1) != '=') {
			struct hattr *at_ = arena_alloc(p->a, sizeof(*at_));

			p->pos++;
			at_->name = name;
			at_->pos = start;
			if ((at_->e = expr(p, 0)) == NULL || p->failed) {
				perr(p, p->pos, "expected an expression");
				return NULL;
			}
			ws(p, 0);
			if (at(p, 0) >= 0 && at(p, 0) != '\n' &&
			    !(close == 2 && at(p, 0) == '}')) {
				perr(p, p->pos, "expected a newline after "
				    "the attribute %s", name);
				return NULL;
			}
			for (i = 0; i < attrs.n; i++)
				if (strcmp(((struct hattr *)attrs.v[i])->name,
				    name) == 0) {
					perr(p, start, "attribute %s redefined",
					    name);
					return NULL;
				}
			pvec_push(p->a, &attrs, at_);
			if (close == 2) {
				ws(p, 0);
				if (expect(p, '}', "'}'") < 0)
					return NULL;
				break;
			}
		} else {
			struct hblock *bl = arena_alloc(p->a, sizeof(*bl));
			struct pvec labels = { 0 };

			bl->type = name;
			bl->pos = start;
			for (;;) {
				const char *l;

				ws(p, 0);
				if (at(p, 0) == '{')
					break;
				if (at(p, 0) == '"') {
					struct hexpr *t;

					p->pos++;
					t = template(p, 'Q', NULL, 0);
					if (t == NULL)
						return NULL;
					if (t->t != HX_TMPL || (t->n == 1 &&
					    t->sub[0]->t != HX_LIT) || t->n > 1) {
						perr(p, t->pos, "a block label "
						    "cannot be a template");
						return NULL;
					}
					l = t->n ? t->sub[0]->lit->s : "";
				} else if ((l = ident(p)) == NULL) {
					perr(p, p->pos, "expected a block label "
					    "or '{'");
					return NULL;
				}
				pvec_push(p->a, &labels, (void *)l);
			}
			p->pos++;
			bl->labels = (const char **)labels.v;
			bl->nlabels = labels.n;
			ws(p, 0);
			if (at(p, 0) == '\n')
				bl->body = body(p, 1);
			else if (at(p, 0) == '}') {
				p->pos++;
				bl->body = arena_alloc(p->a, sizeof(*bl->body));
				bl->body->src = p->src;
			} else
				bl->body = body(p, 2);	/* one-line block */
			if (bl->body == NULL)
				return NULL;
			ws(p, 0);
			if (at(p, 0) >= 0 && at(p, 0) != '\n') {
				perr(p, p->pos, "expected a newline after a "
				    "block");
				return NULL;
			}
			pvec_push(p->a, &blocks, bl);
		}
		if (close == 2)
			break;
	}
	bd->nattrs = attrs.n;
	bd->attrs = arena_alloc(p->a, (attrs.n + 1) * sizeof(*bd->attrs));
	for (i = 0; i < attrs.n; i++)
		bd->attrs[i] = *(struct hattr *)attrs.v[i];
	bd->nblocks = blocks.n;
	bd->blocks = arena_alloc(p->a, (blocks.n + 1) * sizeof(*bd->blocks));
	for (i = 0; i < blocks.n; i++)
		bd->blocks[i] = *(struct hblock *)blocks.v[i];
	return bd;
}

struct hbody *
hcl_parse(struct arena *a, const char *file, const char *text, size_t len,
    struct herr *err)
{
	struct hp p = { 0 };
	struct hbody *b;

	p.a = a;
	p.src = arena_alloc(a, sizeof(*p.src));
	p.src->file = arena_strdup(a, file);
	p.src->text = text;
	p.src->len = len;
	p.s = text;
	p.len = len;
	p.err = err;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3;
	b = body(&p, 0);
	return p.failed ? NULL : b;
}

struct hexpr *
hcl_parse_template(struct arena *a, const char *file, const char *text,
    size_t len, unsigned line, unsigned col, struct herr *err)
{
	struct hp p = { 0 };
	struct hexpr *e;

	p.a = a;
	p.src = arena_alloc(a, sizeof(*p.src));
	p.src->file = arena_strdup(a, file);
	p.src->text = text;
	p.src->len = len;
	p.src->line0 = line;
	p.src->col0 = col;
	p.s = text;
	p.len = len;
	p.err = err;
	e = template(&p, 'J', NULL, len);
	return p.failed ? NULL : e;
}

/* ------------------------------------------------------------ evaluator */

struct ev {
	struct arena	*a;
	hcl_lookup_fn	*lookup;
	void		*arg;
	struct herr	*err;
};

static int eval(struct ev *, const struct hexpr *, struct hval **);

/* cty's conversion to bool: a bool, or the strings "true" and "false". */
static int
to_bool(struct ev *c, const struct hexpr *e, const struct hval *v, int *b)
{
	if (v->t == HV_BOOL) {
		*b = v->b;
		return 0;
	}
	if (v->t == HV_STR && (strcmp(v->s, "true") == 0 ||
	    strcmp(v->s, "false") == 0)) {
		*b = v->s[0] == 't';
		return 0;
	}
	hcl_seterr(c->err, e, 0, "a bool is required here");
	return -1;
}

static int
eval_tmpl(struct ev *c, const struct hexpr *e, struct hval **out)
{
	struct sbuf b = { 0 };
	size_t i;

	if (e->op == 'W')
		return eval(c, e->sub[0], out);
	sb_add(c->a, &b, "", 0);
	for (i = 0; i < e->n; i++) {
		struct hval *v;
		const char *s;

		if (e->sub[i]->t == HX_LIT && e->sub[i]->lit->t == HV_STR) {
			sb_add(c->a, &b, e->sub[i]->lit->s,
			    strlen(e->sub[i]->lit->s));
			continue;
		}
		if (eval(c, e->sub[i], &v) < 0)
			return -1;
		if (v->t == HV_NULL) {
			hcl_seterr(c->err, e->sub[i], 0, "a template cannot "
			    "interpolate null");
			return -1;
		}
		if (hval_to_string(c->a, v, &s) < 0) {
			hcl_seterr(c->err, e->sub[i], 0, "a template cannot "
			    "interpolate a list or an object");
			return -1;
		}
		sb_add(c->a, &b, s, strlen(s));
	}
	*out = hval_str(c->a, b.s);
	return 0;
}

static int
eval(struct ev *c, const struct hexpr *e, struct hval **out)
{
	struct hval *v, *x, *y;
	struct herr *saved = c->err;
	size_t i;
	int b1, b2;

	switch (e->t) {
	case HX_LIT:
		*out = e->lit;
		return 0;
	case HX_TMPL:
		return eval_tmpl(c, e, out);
	case HX_VAR:
		return c->lookup(c->arg, e->name, e, out, c->err);
	case HX_TUPLE:
		v = arena_alloc(c->a, sizeof(*v));
		v->t = HV_TUPLE;
		v->n = e->n;
		v->v = arena_alloc(c->a, (e->n + 1) * sizeof(*v->v));
		for (i = 0; i < e->n; i++)
			if (eval(c, e->sub[i], &v->v[i]) < 0)
				return -1;
		*out = v;
		return 0;
	case HX_OBJECT:
		v = arena_alloc(c->a, sizeof(*v));
		v->t = HV_OBJECT;
		v->v = arena_alloc(c->a, (e->n / 2 + 1) * sizeof(*v->v));
		v->k = arena_alloc(c->a, (e->n / 2 + 1) * sizeof(*v->k));
		for (i = 0; i + 1 < e->n; i += 2) {
			const char *k;
			size_t j;

			if (eval(c, e->sub[i], &x) < 0 ||
			    eval(c, e->sub[i + 1], &y) < 0)
				return -1;
			if (x->t == HV_NULL || hval_to_string(c->a, x, &k) < 0) {
				hcl_seterr(c->err, e->sub[i], 0, "an object key "
				    "must be a string");
				return -1;
			}
			for (j = 0; j < v->n; j++)
				if (strcmp(v->k[j], k) == 0)
					break;
			v->k[j] = k;
			v->v[j] = y;
			if (j == v->n)
				v->n++;
		}
		*out = v;
		return 0;
	case HX_COND:
		if (eval(c, e->sub[0], &v) < 0)
			return -1;
		if (v->t == HV_NULL) {
			hcl_seterr(c->err, e->sub[0], 0, "a condition cannot "
			    "be null");
			return -1;
		}
		if (to_bool(c, e->sub[0], v, &b1) < 0)
			return -1;
		/*
		 * Both results are evaluated, as HCL does, but only the
		 * chosen one's error counts (beyond the subset always does);
		 * a failed one has no type to unify with.
		 */
		{
			struct herr e1, e2;
			int r1, r2;

			memset(&e1, 0, sizeof(e1));
			memset(&e2, 0, sizeof(e2));
			c->err = &e1;
			r1 = eval(c, e->sub[1], &x);
			c->err = &e2;
			r2 = eval(c, e->sub[2], &y);
			c->err = saved;
			if ((r1 < 0 && (b1 || e1.unsupported)) ||
			    (r2 < 0 && (!b1 || e2.unsupported))) {
				*c->err = r1 < 0 && (b1 || e1.unsupported) ? e1 : e2;
				return -1;
			}
			if (r1 < 0 || r2 < 0) {
				*out = b1 ? x : y;
				return 0;
			}
		}
		v = b1 ? x : y;
		/* the result type unifies both: strings win over primitives */
		if (x->t != y->t && x->t != HV_NULL && y->t != HV_NULL) {
			const char *s;

			if ((x->t == HV_STR || y->t == HV_STR) &&
			    hval_to_string(c->a, x, &s) == 0 &&
			    hval_to_string(c->a, y, &s) == 0) {
				hval_to_string(c->a, v, &s);
				v = hval_str(c->a, s);
			} else {
				hcl_seterr(c->err, e, 0, "the results of a "
				    "conditional have different types");
				return -1;
			}
		}
		*out = v;
		return 0;
	case HX_BIN:
		if (eval(c, e->sub[0], &x) < 0 || eval(c, e->sub[1], &y) < 0)
			return -1;
		v = arena_alloc(c->a, sizeof(*v));
		v->t = HV_BOOL;
		if (e->op == '=' || e->op == '!') {
			v->b = hval_equal(x, y) == (e->op == '=');
			*out = v;
			return 0;
		}
		if (x->t == HV_NULL || y->t == HV_NULL) {
			hcl_seterr(c->err, x->t == HV_NULL ? e->sub[0] :
			    e->sub[1], 0, "a logical operand cannot be null");
			return -1;
		}
		if (to_bool(c, e->sub[0], x, &b1) < 0 ||
		    to_bool(c, e->sub[1], y, &b2) < 0)
			return -1;
		v->b = e->op == '&' ? b1 && b2 : b1 || b2;
		*out = v;
		return 0;
	case HX_NOT:
		if (eval(c, e->sub[0], &x) < 0)
			return -1;
		if (x->t == HV_NULL) {
			hcl_seterr(c->err, e->sub[0], 0, "cannot negate null");
			return -1;
		}
		if (to_bool(c, e->sub[0], x, &b1) < 0)
			return -1;
		v = arena_alloc(c->a, sizeof(*v));
		v->t = HV_BOOL;
		v->b = !b1;
		*out = v;
		return 0;
	case HX_NEG:
		if (eval(c, e->sub[0], &x) < 0)
			return -1;
		if (x->t != HV_NUM) {
			hcl_seterr(c->err, e->sub[0], 1, "unary minus on a "
			    "value that is not a number");
			return -1;
		}
		v = arena_alloc(c->a, sizeof(*v));
		v->t = HV_NUM;
		if (x->s[0] == '-')
			v->s = x->s + 1;
		else {
			struct sbuf b = { 0 };

			sb_add(c->a, &b, "-", 1);
			sb_add(c->a, &b, x->s, strlen(x->s));
			v->s = b.s;
		}
		*out = v;
		return 0;
	case HX_UNSUP:
		hcl_seterr(c->err, e, 1, "%s is beyond what audit evaluates",
		    e->name);
		return -1;
	}
	return -1;
}

int
hcl_check(const struct hexpr *e, struct herr *err)
{
	size_t i;

	if (e == NULL)
		return 0;
	if (e->t == HX_UNSUP) {
		hcl_seterr(err, e, 1, "%s is beyond what audit evaluates",
		    e->name);
		return -1;
	}
	for (i = 0; i < e->n; i++)
		if (hcl_check(e->sub[i], err) < 0)
			return -1;
	return 0;
}

int
hcl_eval(struct arena *a, const struct hexpr *e, hcl_lookup_fn *lookup,
    void *arg, struct hval **out, struct herr *err)
{
	struct ev c;

	c.a = a;
	c.lookup = lookup;
	c.arg = arg;
	c.err = err;
	return eval(&c, e, out);
}
