/*
 * dfshell.c: BuildKit's shell lexer (frontend/dockerfile/shell/lex.go):
 * quotes, escapes and variable expansion in words, as ProcessWord and
 * ProcessWords do it, with the ${VAR-x} ${VAR:-x} ${VAR+x} ${VAR:+x}
 * ${VAR?x} ${VAR:?x} ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p} ${VAR/p/r}
 * ${VAR//p/r} forms.  Runes are read as Go's text/scanner reads them: a
 * byte that is not UTF-8 becomes U+FFFD, a leading U+FEFF is skipped.
 * Quirks kept on purpose: the words buffer is shared with nested ${...}
 * (ProcessWords of "ab${X:-c}d" gives "cd"), and ReplaceAll expands '$'
 * in the replacement as a regexp template.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfint.h"

#define SC_EOF		(-1)
#define SC_UNREAD	(-2)
#define MAXDEPTH	500

/* text/scanner's Peek and Next over a byte string. */
struct sc {
	const unsigned char	*s;
	size_t			 len;
	size_t			 pos;
	int32_t			 ch;
};

struct sw {
	struct df_lex	*lex;
	struct sc	 sc;
	int		 raw_escapes;
	struct sbuf	 wbuf;		/* the shared words buffer */
	int		 depth;
	int		 oom;
};

/* The words of one processStopOn call (the buffer is shared). */
struct words {
	struct sbuf	*buf;
	struct df_strv	*out;		/* NULL: not kept */
	int		 inword;
};

static void
sc_init(struct sc *sc, const char *s, size_t len)
{
	sc->s = (const unsigned char *)s;
	sc->len = len;
	sc->pos = 0;
	sc->ch = SC_UNREAD;
}

static int32_t
sc_read(struct sc *sc)
{
	size_t w;
	int32_t r;

	if (sc->pos >= sc->len)
		return SC_EOF;
	r = go_decode_rune(sc->s + sc->pos, sc->len - sc->pos, &w);
	sc->pos += w;
	return r;
}

static int32_t
sc_peek(struct sc *sc)
{
	if (sc->ch == SC_UNREAD) {
		sc->ch = sc_read(sc);
		if (sc->ch == 0xfeff)
			sc->ch = sc_read(sc);
	}
	return sc->ch;
}

static int32_t
sc_next(struct sc *sc)
{
	int32_t c = sc_peek(sc);

	if (c != SC_EOF)
		sc->ch = sc_read(sc);
	return c;
}

static int
fail(struct sw *sw, const char *msg)
{
	snprintf(sw->lex->err, sizeof(sw->lex->err), "%s", msg);
	return -1;
}

/* Go's string(rune) for a message (EOF and bad runes give U+FFFD). */
static void
msg_rune(struct sbuf *b, int32_t r)
{
	go_put_rune(b, r);
}

static int
fail_mod(struct sw *sw, const char *chs, size_t n)
{
	snprintf(sw->lex->err, sizeof(sw->lex->err),
	    "unsupported modifier (%.*s) in substitution", (int)n, chs);
	return -1;
}

/* ------------------------------------------------------------ words */

static void
w_push(struct words *w)
{
	if (w->out != NULL)
		df_strv_add(w->out, w->buf->s != NULL ? w->buf->s : "",
		    w->buf->len);
	w->buf->len = 0;
}

static void
w_rawchar(struct words *w, int32_t r)
{
	go_put_rune(w->buf, r);
	w->inword = 1;
}

static void
w_char(struct words *w, int32_t r)
{
	if (df_isspace(r) && w->inword) {
		if (w->buf->len != 0) {
			w_push(w);
			w->inword = 0;
		}
	} else if (!df_isspace(r))
		w_rawchar(w, r);
}

static void
w_string(struct words *w, const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		w_char(w, go_decode_rune((const unsigned char *)s + i,
		    len - i, &n));
		i += n;
	}
}

static void
w_rawstring(struct words *w, const char *s, size_t len)
{
	df_put(w->buf, s, len);
	w->inword = 1;
}

static void
w_done(struct words *w)
{
	if (w->buf->len > 0) {
		w_push(w);
		w->inword = 0;
	}
}

/* ------------------------------------------------------ the lexer */

static int stop_on(struct sw *, int32_t, int, struct sbuf *,
    struct df_strv *);
static int dollar(struct sw *, struct sbuf *);

static int
getenv1(struct sw *sw, const char *name, size_t len, const char **v,
    size_t *vl)
{
	*v = "";
	*vl = 0;
	if (sw->lex->get != NULL && sw->lex->get(sw->lex->arg, name, len, v,
	    vl))
		return 1;
	*v = "";
	*vl = 0;
	sw->lex->unmatched++;
	return 0;
}

static int
single_quote(struct sw *sw, struct sbuf *res)
{
	int32_t ch = sc_next(&sw->sc);

	if (sw->lex->raw_quotes)
		go_put_rune(res, ch);
	for (;;) {
		ch = sc_next(&sw->sc);
		if (ch == SC_EOF)
			return fail(sw, "unexpected end of statement while "
			    "looking for matching single-quote");
		if (ch == '\'') {
			if (sw->lex->raw_quotes)
				go_put_rune(res, ch);
			return 0;
		}
		go_put_rune(res, ch);
	}
}

static int
double_quote(struct sw *sw, struct sbuf *res)
{
	int32_t ch = sc_next(&sw->sc);

	if (sw->lex->raw_quotes)
		go_put_rune(res, ch);
	for (;;) {
		ch = sc_peek(&sw->sc);
		if (ch == SC_EOF)
			return fail(sw, "unexpected end of statement while "
			    "looking for matching double-quote");
		if (ch == '"') {
			sc_next(&sw->sc);
			if (sw->lex->raw_quotes)
				go_put_rune(res, ch);
			return 0;
		}
		if (ch == '$') {
			if (dollar(sw, res) < 0)
				return -1;
			continue;
		}
		ch = sc_next(&sw->sc);
		if (ch == sw->lex->escape) {
			int32_t nx;

			if (sw->raw_escapes)
				go_put_rune(res, ch);
			nx = sc_peek(&sw->sc);
			if (nx == SC_EOF)
				continue;
			if (nx == '"' || nx == '$' || nx == sw->lex->escape)
				ch = sc_next(&sw->sc);
		}
		go_put_rune(res, ch);
	}
}

static int
is_special(int32_t c)
{
	return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' ||
	    c == '$' || c == '!' || c == '0';
}

static void
name(struct sw *sw, struct sbuf *nm)
{
	int32_t ch;

	while ((ch = sc_peek(&sw->sc)) != SC_EOF) {
		if (nm->len == 0 && df_isdigit(ch)) {
			while ((ch = sc_peek(&sw->sc)) != SC_EOF &&
			    df_isdigit(ch))
				go_put_rune(nm, sc_next(&sw->sc));
			return;
		}
		if (nm->len == 0 && is_special(ch)) {
			go_put_rune(nm, sc_next(&sw->sc));
			return;
		}
		if (!df_isletter(ch) && !df_isdigit(ch) && ch != '_')
			return;
		go_put_rune(nm, sc_next(&sw->sc));
	}
}

/* ------------------------------------------------- shell patterns */

enum { T_LIT, T_ANY, T_STAR };

struct tok {
	int	 type;
	int32_t	 r;
};

struct runes {
	int32_t	*r;
	size_t	*off;		/* byte offset of each rune, n+1 of them */
	size_t	 n;
};

static int
to_runes(const char *s, size_t len, struct runes *rs)
{
	size_t i = 0, w;

	rs->r = malloc((len + 1) * sizeof(*rs->r));
	rs->off = malloc((len + 1) * sizeof(*rs->off));
	rs->n = 0;
	if (rs->r == NULL || rs->off == NULL)
		return -1;
	while (i < len) {
		rs->off[rs->n] = i;
		rs->r[rs->n++] = go_decode_rune((const unsigned char *)s + i,
		    len - i, &w);
		i += w;
	}
	rs->off[rs->n] = len;
	return 0;
}

static void
free_runes(struct runes *rs)
{
	free(rs->r);
	free(rs->off);
}

/*
 * convertShellPatternToRegex: '*' any text, '?' one rune, "\*" "\?" "\\"
 * literal, a '\' before '}' or '/' dropped, any other escape an error.
 */
static int
pattern_toks(struct sw *sw, const char *p, size_t len, struct tok **out,
    size_t *nout)
{
	struct sc sc;
	struct tok *t;
	size_t n = 0;
	int32_t c;

	if ((t = malloc((len + 1) * sizeof(*t))) == NULL) {
		sw->oom = 1;
		return -2;
	}
	sc_init(&sc, p, len);
	while ((c = sc_next(&sc)) != SC_EOF) {
		if (c == '*') {
			t[n].type = T_STAR;
			t[n++].r = 0;
			continue;
		}
		if (c == '?') {
			t[n].type = T_ANY;
			t[n++].r = 0;
			continue;
		}
		if (c == '\\') {
			int32_t nx = sc_peek(&sc);

			if (nx == '}' || nx == '/')
				continue;
			c = sc_next(&sc);
			if (c != '*' && c != '?' && c != '\\') {
				struct sbuf m = { 0 };

				df_put(&m, "invalid escape '\\", 17);
				msg_rune(&m, c);
				sbuf_putc(&m, '\'');
				snprintf(sw->lex->err, sizeof(sw->lex->err),
				    "invalid pattern (%.*s) in substitution: "
				    "%s", (int)len, p, m.s != NULL ? m.s : "");
				sbuf_free(&m);
				free(t);
				return -1;
			}
		}
		t[n].type = T_LIT;
		t[n++].r = c;
	}
	*out = t;
	*nout = n;
	return 0;
}

/*
 * Where each start position's match ends, as Go's leftmost-first regexp
 * of the tokens decides (stars greedy or lazy, '.' not matching '\n'):
 * res[p] is the rune index where the match starting at p ends, -1 if
 * none.  Computed from the last token backwards, two rows at a time.
 */
static long *
match_ends(const struct tok *t, size_t nt, const struct runes *rs, int greedy)
{
	size_t n = rs->n, p, ti;
	long *next, *cur, *tmp, best;

	next = malloc((n + 1) * sizeof(*next));
	cur = malloc((n + 1) * sizeof(*cur));
	if (next == NULL || cur == NULL) {
		free(next);
		free(cur);
		return NULL;
	}
	for (p = 0; p <= n; p++)
		next[p] = (long)p;
	for (ti = nt; ti-- > 0;) {
		best = -1;
		for (p = n + 1; p-- > 0;) {
			int end = p == n || rs->r[p] == '\n';

			switch (t[ti].type) {
			case T_LIT:
				cur[p] = p < n && rs->r[p] == t[ti].r ?
				    next[p + 1] : -1;
				break;
			case T_ANY:
				cur[p] = p < n && rs->r[p] != '\n' ?
				    next[p + 1] : -1;
				break;
			default:
				if (end)
					best = next[p] != -1 ? (long)p : -1;
				else if (greedy)
					best = best != -1 ? best :
					    next[p] != -1 ? (long)p : -1;
				else
					best = next[p] != -1 ? (long)p : best;
				cur[p] = best != -1 ? next[best] : -1;
				break;
			}
		}
		tmp = next;
		next = cur;
		cur = tmp;
	}
	free(cur);
	return next;
}

static void
put_span(struct sbuf *b, const struct runes *rs, const char *s, size_t from,
    size_t to)
{
	df_put(b, s + rs->off[from], rs->off[to] - rs->off[from]);
}

/* Go's trimPrefix: the value without the anchored match of the pattern. */
static int
trim_prefix(struct sw *sw, const char *pat, size_t plen, const char *val,
    size_t vlen, int greedy, struct sbuf *out)
{
	struct tok *t = NULL;
	struct runes rs;
	size_t nt;
	long *res;
	int rc;

	if ((rc = pattern_toks(sw, pat, plen, &t, &nt)) < 0)
		return rc;
	if (to_runes(val, vlen, &rs) < 0 ||
	    (res = match_ends(t, nt, &rs, greedy)) == NULL) {
		free_runes(&rs);
		free(t);
		sw->oom = 1;
		return -2;
	}
	if (res[0] != -1)
		put_span(out, &rs, val, (size_t)res[0], rs.n);
	else
		df_put(out, val, vlen);
	free(res);
	free_runes(&rs);
	free(t);
	return 0;
}

/* []rune(s) reversed, re-encoded (bad bytes become U+FFFD). */
static void
reverse_string(const char *s, size_t len, struct sbuf *out, int pattern)
{
	struct runes rs;
	size_t i, last;

	if (to_runes(s, len, &rs) < 0) {
		out->oom = 1;
		free_runes(&rs);
		return;
	}
	if (!pattern || rs.n == 0) {
		for (i = rs.n; i-- > 0;)
			go_put_rune(out, rs.r[i]);
	} else {
		/* reversePattern: keep "\x" pairs in order */
		int32_t *o = malloc(rs.n * sizeof(*o));

		if (o == NULL) {
			out->oom = 1;
			free_runes(&rs);
			return;
		}
		last = rs.n - 1;
		for (i = 0; i <= last;) {
			size_t oi = last - i;

			if (rs.r[i] == '\\' && i != last) {
				o[oi - 1] = rs.r[i];
				o[oi] = rs.r[i + 1];
				i += 2;
			} else {
				o[oi] = rs.r[i];
				i++;
			}
		}
		for (i = 0; i < rs.n; i++)
			go_put_rune(out, o[i]);
		free(o);
	}
	free_runes(&rs);
}

static int
trim_suffix(struct sw *sw, const char *pat, size_t plen, const char *val,
    size_t vlen, int greedy, struct sbuf *out)
{
	struct sbuf rp = { 0 }, rv = { 0 }, r = { 0 };
	int rc;

	reverse_string(pat, plen, &rp, 1);
	reverse_string(val, vlen, &rv, 0);
	if (rp.oom || rv.oom) {
		rc = -2;
		sw->oom = 1;
	} else
		rc = trim_prefix(sw, rp.s != NULL ? rp.s : "", rp.len,
		    rv.s != NULL ? rv.s : "", rv.len, greedy, &r);
	if (rc == 0)
		reverse_string(r.s != NULL ? r.s : "", r.len, out, 0);
	sbuf_free(&rp);
	sbuf_free(&rv);
	sbuf_free(&r);
	return rc;
}

/* Regexp.expand of a template: $$, $0 / ${0} the match, $name empty. */
static void
expand_template(struct sbuf *out, const char *t, size_t tl, const char *m,
    size_t ml)
{
	size_t i = 0;

	while (i < tl) {
		const char *d = memchr(t + i, '$', tl - i);
		size_t j, k, nl, w;
		int brace = 0;

		if (d == NULL) {
			df_put(out, t + i, tl - i);
			return;
		}
		j = (size_t)(d - t);
		df_put(out, t + i, j - i);
		i = j + 1;
		if (i < tl && t[i] == '$') {
			sbuf_putc(out, '$');
			i++;
			continue;
		}
		k = i;
		if (k < tl && t[k] == '{') {
			brace = 1;
			k++;
		}
		nl = 0;
		while (k + nl < tl) {
			int32_t r = go_decode_rune((const unsigned char *)t +
			    k + nl, tl - k - nl, &w);

			if (!df_isletter(r) && !df_isdigit(r) && r != '_')
				break;
			nl += w;
		}
		if (nl == 0 || (brace && (k + nl >= tl || t[k + nl] != '}'))) {
			sbuf_putc(out, '$');	/* malformed: a plain '$' */
			continue;
		}
		if (nl == 1 && t[k] == '0')
			df_put(out, m, ml);	/* group 0, the only one */
		i = k + nl + (size_t)brace;
	}
}

static int
replace(struct sw *sw, const char *val, size_t vlen, const char *pat,
    size_t plen, const char *rep, size_t rlen, int all, struct sbuf *out)
{
	struct tok *t = NULL;
	struct runes rs;
	size_t nt, sp, last = 0, p;
	long *res;
	int rc;

	if ((rc = pattern_toks(sw, pat, plen, &t, &nt)) < 0)
		return rc;
	if (to_runes(val, vlen, &rs) < 0 ||
	    (res = match_ends(t, nt, &rs, 1)) == NULL) {
		free_runes(&rs);
		free(t);
		sw->oom = 1;
		return -2;
	}
	if (!all) {
		for (p = 0; p <= rs.n && res[p] == -1; p++)
			;
		if (p <= rs.n) {
			put_span(out, &rs, val, 0, p);
			df_put(out, rep, rlen);
			put_span(out, &rs, val, (size_t)res[p], rs.n);
		} else
			df_put(out, val, vlen);
	} else {
		/* Go's Regexp.replaceAll */
		for (sp = 0; sp <= rs.n;) {
			size_t a, b;

			for (p = sp; p <= rs.n && res[p] == -1; p++)
				;
			if (p > rs.n)
				break;
			a = p;
			b = (size_t)res[p];
			put_span(out, &rs, val, last, a);
			if (b > last || a == 0)
				expand_template(out, rep, rlen, val +
				    rs.off[a], rs.off[b] - rs.off[a]);
			last = b;
			if (sp + 1 > b)
				sp++;
			else
				sp = b;
		}
		put_span(out, &rs, val, last, rs.n);
	}
	free(res);
	free_runes(&rs);
	free(t);
	return 0;
}

/* ----------------------------------------------------------- dollar */

static int
dollar(struct sw *sw, struct sbuf *res)
{
	struct sbuf nm = { 0 }, word = { 0 }, chs = { 0 }, pat = { 0 };
	const char *v, *np;
	size_t vl, nl;
	int32_t ch;
	int set, null_unset = 0, rc = -1, rawesc;

	sc_next(&sw->sc);
	if (sc_peek(&sw->sc) != '{') {
		name(sw, &nm);
		if (nm.len == 0) {
			sbuf_putc(res, '$');
			rc = 0;
			goto out;
		}
		set = getenv1(sw, nm.s, nm.len, &v, &vl);
		if (!set && sw->lex->skip_unset) {
			sbuf_putc(res, '$');
			df_put(res, nm.s, nm.len);
		} else
			df_put(res, v, vl);
		rc = 0;
		goto out;
	}
	sc_next(&sw->sc);
	ch = sc_peek(&sw->sc);
	if (ch == SC_EOF) {
		rc = fail(sw, "syntax error: missing '}'");
		goto out;
	}
	if (ch == '{' || ch == '}' || ch == ':') {
		rc = fail(sw, "syntax error: bad substitution");
		goto out;
	}
	name(sw, &nm);
	np = nm.s != NULL ? nm.s : "";
	nl = nm.len;
	ch = sc_next(&sw->sc);
	msg_rune(&chs, ch);
	switch (ch) {
	case '}':
		set = getenv1(sw, np, nl, &v, &vl);
		if (!set && sw->lex->skip_unset) {
			df_put(res, "${", 2);
			df_put(res, np, nl);
			sbuf_putc(res, '}');
		} else
			df_put(res, v, vl);
		rc = 0;
		goto out;
	case ':':
		null_unset = 1;
		ch = sc_next(&sw->sc);
		msg_rune(&chs, ch);
		/* FALLTHROUGH */
	case '+': case '-': case '?': case '#': case '%':
		rawesc = ch == '#' || ch == '%';
		if (null_unset && rawesc) {
			rc = fail_mod(sw, chs.s, chs.len);
			goto out;
		}
		if ((rc = stop_on(sw, '}', rawesc, &word, NULL)) < 0) {
			if (rc == -1 && sc_peek(&sw->sc) == SC_EOF)
				fail(sw, "syntax error: missing '}'");
			goto out;
		}
		rc = -1;
		set = getenv1(sw, np, nl, &v, &vl);
		if (sw->lex->skip_unset && !set) {
			df_put(res, "${", 2);
			df_put(res, np, nl);
			df_put(res, chs.s, chs.len);
			df_put(res, word.s, word.len);
			sbuf_putc(res, '}');
			rc = 0;
			goto out;
		}
		switch (ch) {
		case '-':
			if (!set || (null_unset && vl == 0))
				df_put(res, word.s, word.len);
			else
				df_put(res, v, vl);
			rc = 0;
			break;
		case '+':
			if (!(!set || (null_unset && vl == 0)))
				df_put(res, word.s, word.len);
			rc = 0;
			break;
		case '?':
			if (!set || (null_unset && vl == 0)) {
				const char *m = !set ?
				    "is not allowed to be unset" :
				    "is not allowed to be empty";
				size_t ml = strlen(m);

				if (word.len > 0) {
					m = word.s;
					ml = word.len;
				}
				snprintf(sw->lex->err, sizeof(sw->lex->err),
				    "%.*s: %.*s", (int)nl, np, (int)ml, m);
				break;
			}
			df_put(res, v, vl);
			rc = 0;
			break;
		case '%': case '#': {
			const char *w = word.s != NULL ? word.s : "";
			size_t wl = word.len;
			int greedy = 0;

			if (wl > 0 && w[0] == (char)ch) {
				greedy = 1;
				w++;
				wl--;
			}
			rc = ch == '%' ? trim_suffix(sw, w, wl, v, vl, greedy,
			    res) : trim_prefix(sw, w, wl, v, vl, greedy, res);
			break;
		}
		default:
			rc = fail_mod(sw, chs.s, chs.len);
			break;
		}
		goto out;
	case '/': {
		int all = 0;

		if (sc_peek(&sw->sc) == '/') {
			all = 1;
			sc_next(&sw->sc);
		}
		if ((rc = stop_on(sw, '/', 1, &pat, NULL)) < 0) {
			if (rc == -1 && sc_peek(&sw->sc) == SC_EOF)
				fail(sw, "syntax error: missing '/' in ${}");
			goto out;
		}
		if ((rc = stop_on(sw, '}', 1, &word, NULL)) < 0) {
			if (rc == -1 && sc_peek(&sw->sc) == SC_EOF)
				fail(sw, "syntax error: missing '}'");
			goto out;
		}
		set = getenv1(sw, np, nl, &v, &vl);
		if (sw->lex->skip_unset && !set) {
			df_put(res, "${", 2);
			df_put(res, np, nl);
			sbuf_putc(res, '/');
			df_put(res, pat.s, pat.len);
			sbuf_putc(res, '/');
			df_put(res, word.s, word.len);
			sbuf_putc(res, '}');
			rc = 0;
			goto out;
		}
		rc = replace(sw, v, vl, pat.s != NULL ? pat.s : "", pat.len,
		    word.s != NULL ? word.s : "", word.len, all, res);
		goto out;
	}
	default:
		rc = fail_mod(sw, chs.s, chs.len);
		goto out;
	}
out:
	if (nm.oom || word.oom || chs.oom || pat.oom)
		sw->oom = 1;
	sbuf_free(&nm);
	sbuf_free(&word);
	sbuf_free(&chs);
	sbuf_free(&pat);
	return rc;
}

/*
 * processStopOn: read up to STOP (consumed) or the end; the text into RES,
 * the words into OUT (NULL: dropped).
 */
static int
stop_on(struct sw *sw, int32_t stop, int rawesc, struct sbuf *res,
    struct df_strv *out)
{
	struct words w;
	struct sbuf tmp = { 0 };
	int saved = sw->raw_escapes, rc = 0;
	int32_t ch;

	if (++sw->depth > MAXDEPTH) {
		sw->depth--;
		return fail(sw, "variable expansion nested too deeply");
	}
	sw->wbuf.len = 0;
	w.buf = &sw->wbuf;
	w.out = out;
	w.inword = 0;
	sw->raw_escapes = rawesc;
	while ((ch = sc_peek(&sw->sc)) != SC_EOF) {
		if (stop != SC_EOF && ch == stop) {
			sc_next(&sw->sc);
			w_done(&w);
			goto done;
		}
		if (ch == '$' || (!sw->lex->skip_quotes && (ch == '\'' ||
		    ch == '"'))) {
			tmp.len = 0;
			rc = ch == '$' ? dollar(sw, &tmp) : ch == '\'' ?
			    single_quote(sw, &tmp) : double_quote(sw, &tmp);
			if (rc < 0)
				goto done;
			df_put(res, tmp.s, tmp.len);
			if (ch == '$')
				w_string(&w, tmp.s, tmp.len);
			else
				w_rawstring(&w, tmp.s, tmp.len);
			continue;
		}
		ch = sc_next(&sw->sc);
		if (ch == sw->lex->escape) {
			if (sw->raw_escapes) {
				w_rawchar(&w, ch);
				go_put_rune(res, ch);
			}
			ch = sc_next(&sw->sc);
			if (ch == SC_EOF)
				break;
			w_rawchar(&w, ch);
		} else
			w_char(&w, ch);
		go_put_rune(res, ch);
	}
	if (stop != SC_EOF) {
		struct sbuf m = { 0 };

		msg_rune(&m, stop);
		snprintf(sw->lex->err, sizeof(sw->lex->err),
		    "unexpected end of statement while looking for matching "
		    "%.*s", (int)m.len, m.s != NULL ? m.s : "");
		sbuf_free(&m);
		rc = -1;
		goto done;
	}
	w_done(&w);
done:
	if (tmp.oom || res->oom || sw->wbuf.oom || (out != NULL && out->oom))
		sw->oom = 1;
	sbuf_free(&tmp);
	sw->raw_escapes = saved;
	sw->depth--;
	return rc;
}

static int
process(struct df_lex *lex, const char *s, size_t len, struct sbuf *res,
    struct df_strv *out)
{
	struct sw sw;
	struct sbuf r = { 0 };
	int rc;

	memset(&sw, 0, sizeof(sw));
	sw.lex = lex;
	sw.raw_escapes = lex->raw_escapes;
	lex->err[0] = '\0';
	sc_init(&sw.sc, s, len);
	rc = stop_on(&sw, SC_EOF, lex->raw_escapes, res != NULL ? res : &r,
	    out);
	if (sw.oom)
		rc = -2;
	else if (rc == -1) {
		struct sbuf m = { 0 };

		df_put(&m, "failed to process ", 18);
		df_quote(&m, s, len);
		df_put(&m, ": ", 2);
		df_put(&m, lex->err, strlen(lex->err));
		if (m.oom)
			rc = -2;
		else
			snprintf(lex->err, sizeof(lex->err), "%s", m.s);
		sbuf_free(&m);
	}
	sbuf_free(&sw.wbuf);
	sbuf_free(&r);
	return rc;
}

int
df_lex_word(struct df_lex *lex, const char *s, size_t len, struct sbuf *out)
{
	size_t before = out->len;
	int rc = process(lex, s, len, out, NULL);

	if (rc == 0 && out->len == before)
		sbuf_put(out, "", 0);	/* make out->s non-NULL */
	return rc;
}

int
df_lex_words(struct df_lex *lex, const char *s, size_t len,
    struct df_strv *v)
{
	return process(lex, s, len, NULL, v);
}
