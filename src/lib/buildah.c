/*
 * buildah.c: an ignore file as buildah 1.28 (and podman 4.3) reads and
 * applies it.  Reading is openshift/imagebuilder's ParseIgnore (B4: split
 * on '\n' only, '#' in column 1, every leading and trailing '/' stripped
 * before anything else); patterns are containers/storage's fork of
 * Docker's old fileutils (B5-B7): TrimSpace, Clean of the whole line
 * before the '!' test, the filepath.Match(p, ".") check, and a regexp
 * built without any shortcut, escaping only '.' and '$' (so + ( ) | { } ^
 * are live), compiled on first use.  Matching is the deprecated Matches
 * the copier calls (B9): every pattern against the path alone, last
 * match wins.  Descent (B10) is the copier's plain string prefix test.
 *
 * The rules go into an ordinary rule set (struct ctxpack_rules), one
 * struct pattern each, so rule references, ctxpack_rules_get() and lint
 * work as for Docker's rules; each holds the buildah regexp (gore) and
 * its PCRE2 translation (kind PK_REGEX), or, when that regexp is a plain
 * literal, the literal itself (kind PK_EXACT, litlen > 0, no PCRE2).  A
 * pattern whose regexp does not compile has neither (re NULL, litlen 0):
 * buildah fails on the first entry it walks (B8), and bh_match() says
 * so.  Docker's own pattern_match() never matches such a rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

/*
 * Pattern.compile of containers/storage 1.43: text/scanner over the
 * cleaned pattern (a BOM opening it skipped, bad bytes read as U+FFFD),
 * "**" eats one '/', "**" at the end is ".*" and elsewhere "(.*\/)?",
 * '*' "[^/]*", '?' "[^/]", '.' and '$' escaped, "\c" kept as a regexp
 * escape, anything else raw; then "(/.*)?$".  -1: a trailing '\'
 * (ErrBadPattern).
 */
static int
bh_gore(const char *text, size_t len, struct sbuf *re)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t pos = 0, w;

	sbuf_putc(re, '^');
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		pos = 3;
	while (pos < len) {
		int32_t ch = go_decode_rune(s + pos, len - pos, &w);

		pos += w;
		if (ch == '*') {
			if (pos < len && s[pos] == '*') {
				pos++;
				if (pos < len && s[pos] == '/')
					pos++;
				if (pos >= len)
					sbuf_put(re, ".*", 2);
				else
					sbuf_put(re, "(.*/)?", 6);
			} else
				sbuf_put(re, "[^/]*", 5);
		} else if (ch == '?')
			sbuf_put(re, "[^/]", 4);
		else if (ch == '.' || ch == '$') {
			sbuf_putc(re, '\\');
			sbuf_putc(re, (char)ch);
		} else if (ch == '\\') {
			if (pos >= len)
				return -1;
			ch = go_decode_rune(s + pos, len - pos, &w);
			pos += w;
			sbuf_putc(re, '\\');
			go_put_rune(re, ch);
		} else
			go_put_rune(re, ch);
	}
	sbuf_put(re, "(/.*)?$", 7);
	return 0;
}

/*
 * PCRE2's compile context for buildah's regexps: Go nests groups 1000
 * deep (re2pcre checks that), PCRE2 only 250 by default.  NULL
 * (the defaults) when memory runs out.  To free.
 */
static pcre2_compile_context *
bh_cctx(void)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);

	if (cc != NULL)
		pcre2_set_parens_nest_limit(cc, 1100);
	return cc;
}

/* pcre2_compile with that context. */
static pcre2_code *
bh_pcre2(const char *re, size_t len, int *ecode)
{
	pcre2_compile_context *cc = bh_cctx();
	PCRE2_SIZE eoff;
	pcre2_code *code;

	code = pcre2_compile((PCRE2_SPTR)re, len, PCRE2_UTF |
	    PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_UTF_CHECK, ecode, &eoff, cc);
	pcre2_compile_context_free(cc);
	return code;
}

/*
 * The message of a pattern that does not compile (B8).  1: Go compiles
 * it, PCRE2 does not (its size limit): buildah would build, ctxpack has
 * no verdict.
 */
int
bh_pattern_error(const struct pattern *p, char *err, size_t sz)
{
	PCRE2_UCHAR msg[256];
	pcre2_code *re;
	size_t off, n;
	char *pc = NULL;
	int ecode, own = 0;

	if (p->gore == NULL)
		snprintf(err, sz, "a trailing backslash");
	else if ((pc = re2pcre_translate(p->gore, p->gorelen, &n, err, sz,
	    &off)) != NULL) {
		re = bh_pcre2(pc, n, &ecode);
		pcre2_code_free(re);
		pcre2_get_error_message(ecode, msg, sizeof(msg));
		/* PCRE2's limits; any other error is Go's too (say \pX) */
		own = ecode == PCRE2_ERROR_PATTERN_TOO_LARGE ||
		    ecode == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP ||
		    ecode == PCRE2_ERROR_HEAP_FAILED ||
		    ecode == PCRE2_ERROR_PATTERN_TOO_COMPLICATED;
		snprintf(err, sz, "%s%s", own ? "PCRE2 can not compile its "
		    "regexp: " : "", (char *)msg);
	}
	free(pc);
	return own;
}

/*
 * A pattern whose regexp is "^" LITERAL "(/.*)?$": no character the
 * compiler turns into regexp syntax, no leading BOM, valid UTF-8 without
 * U+FFFD (a bad byte in a path reads as U+FFFD).  Matched without PCRE2
 * (which cannot compile such a regexp past 64 KiB).
 */
static int
literal(const char *s, size_t len)
{
	size_t i, w;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		return 0;
	for (i = 0; i < len; i += w) {
		int32_t r = go_decode_rune((const unsigned char *)s + i,
		    len - i, &w);

		if (r == 0xfffd || (r < 0x80 && strchr("*?[]\\+()|{}^",
		    (int)r) != NULL && r != 0))
			return 0;
	}
	return 1;
}

/* Compile p->text into p (its regexp, or re == NULL: a lazy error). */
static int
bh_compile(struct pattern *p)
{
	struct sbuf gore = { 0 };
	char err[256];
	size_t off, n;
	int ecode;

	/* never taken by Docker's matcher: an exact match of "" */
	p->kind = PK_EXACT;
	p->lit = p->text;
	p->litlen = 0;
	if (bh_gore(p->text, p->len, &gore) < 0) {
		int o = gore.oom;

		sbuf_free(&gore);
		return o ? -1 : 0;
	}
	if (gore.oom)
		return -1;
	p->gore = gore.s;
	p->gorelen = gore.len;
	if (literal(p->text, p->len)) {
		p->litlen = p->len;	/* PK_EXACT, re NULL: bh_match1 */
		return 0;
	}
	if ((p->pcre = re2pcre_translate(p->gore, p->gorelen, &n, err,
	    sizeof(err), &off)) == NULL)
		return 0;	/* a Go syntax error (or no memory: the same) */
	p->re = bh_pcre2(p->pcre, n, &ecode);
	if (p->re == NULL)
		return 0;
	/* PCRE2's JIT on first use (pattern.c) */
	p->kind = PK_REGEX;
	p->fast = PF_NONE;
	p->pfxlen = 0;
	p->reqlen = 0;
	return 0;
}

static int
oom(struct ctxpack_rules *r, const char *source, unsigned line)
{
	rules_err_clear(r);
	(void)rules_err_add(r, source, line, 0, "out of memory");
	return CTXPACK_FATAL;
}

/* Strings.TrimPrefix(Clean(s), "/") into out (size len + 2). */
static size_t
clean_noslash(const char *s, size_t len, char *out)
{
	size_t n = go_clean(s, len, out);

	if (n > 0 && out[0] == '/') {
		memmove(out, out + 1, n - 1);
		n--;
		out[n] = '\0';
	}
	return n;
}

int
bh_rules_add(struct ctxpack_rules *r, const char *source, unsigned line,
    unsigned col, const char *raw, size_t len)
{
	struct pattern pat;
	char err[256], q[256], *clean = NULL, *body;
	const char *t;
	size_t tl, cl, erroff = 0;
	int exception = 0;

	if (source == NULL)
		source = "(rules)";
	/* NewPatternMatcher: TrimSpace, Clean the whole line, then '!' */
	t = go_trimspace(raw, len, &tl);
	if (tl == 0)
		return CTXPACK_OK;
	col += (unsigned)(t - raw);
	if ((clean = malloc(tl + 2)) == NULL)
		return oom(r, source, line);
	cl = go_clean(t, tl, clean);
	body = clean;
	if (clean[0] == '!') {
		char *rest;

		if (cl == 1) {
			free(clean);
			rules_err_clear(r);
			return rules_err_add(r, source, line, col,
			    "illegal exclusion pattern: \"!\"");
		}
		exception = 1;
		if ((rest = malloc(cl + 1)) == NULL) {
			free(clean);
			return oom(r, source, line);
		}
		cl = clean_noslash(clean + 1, cl - 1, rest);
		free(clean);
		clean = body = rest;
	}
	if (go_match_syntax(body, cl, err, sizeof(err), &erroff) < 0) {
		rules_err_clear(r);
		(void)rules_err_add(r, source, line,
		    col + (unsigned)exception + (unsigned)erroff,
		    "syntax error in pattern \"%s\": %s (buildah: processing "
		    "excludes list: syntax error in pattern)",
		    diag_quote(q, sizeof(q), body, cl), err);
		free(clean);
		return CTXPACK_FAILED;
	}
	memset(&pat, 0, sizeof(pat));
	pat.text = clean;
	pat.len = cl;
	pat.exception = exception;
	if (bh_compile(&pat) < 0 ||
	    mem_grow(&r->pat, &r->cap, r->n + 1, sizeof(*r->pat)) < 0 ||
	    (pat.source = rules_intern_source(r, source)) == NULL) {
		pattern_free(&pat);
		return oom(r, source, line);
	}
	pat.line = line;
	pat.col = col;
	r->pat[r->n++] = pat;
	/* the rule index knows Docker's patterns, not these */
	ri_free(r->idx);
	r->idx = NULL;
	if (exception)
		r->has_exception = 1;
	r->nwords = rules_nwords(r);
	return CTXPACK_OK;
}

int
bh_rules_parse(struct ctxpack_rules *r, const char *source, const char *buf,
    size_t len)
{
	size_t pos = 0;
	unsigned line = 0;
	int rc;

	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, a = 0;

		pos += n + (nl != NULL);
		line++;
		/* ParseIgnore: empty lines and '#' at byte 0 go, then
		 * strings.Trim(line, "/") */
		if (n == 0 || s[0] == '#')
			continue;
		while (a < n && s[a] == '/')
			a++;
		while (n > a && s[n - 1] == '/')
			n--;
		if (n == a)
			continue;
		if ((rc = bh_rules_add(r, source, line, (unsigned)a + 1, s + a,
		    n - a)) != CTXPACK_OK)
			return rc;
	}
	return CTXPACK_OK;
}

/* Its regexp does not compile (B8). */
static int
bad(const struct pattern *p)
{
	return p->re == NULL && p->litlen == 0;
}

long
bh_lazy(const struct ctxpack_rules *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (bad(&r->pat[i]))
			return (long)i;
	return -1;
}

int
bh_match1(const struct ctxpack_rules *r, const struct pattern *p,
    const char *path, size_t len)
{
	if (p->re != NULL)
		return pattern_match(p, path, len, r->md, r->mctx);
	if (bad(p))
		return 0;
	/* ^LIT(/.*)?$: '.' never matches a newline */
	if (len < p->litlen || memcmp(path, p->text, p->litlen) != 0)
		return 0;
	return len == p->litlen || (path[p->litlen] == '/' &&
	    memchr(path + p->litlen, '\n', len - p->litlen) == NULL);
}

int
bh_lazy_error(const struct ctxpack_rules *r, long i, const char *entry,
    struct diagbuf *d)
{
	const struct pattern *p = &r->pat[i];
	char err[256], q[256], qe[1024];

	if (bh_pattern_error(p, err, sizeof(err)))
		diag_set(d, CTXPACK_LEVEL_ERROR, p->source, p->line, p->col,
		    "pattern \"%s\": %s; buildah takes it, ctxpack can not "
		    "match it and gives no verdict rather than a wrong one",
		    diag_quote(q, sizeof(q), p->text, p->len), err);
	else
		diag_set(d, CTXPACK_LEVEL_ERROR, p->source, p->line, p->col,
		    "syntax error in pattern \"%s\": %s (buildah fails on the "
		    "first entry it walks: error checking if \"%s\" is "
		    "excluded: syntax error in pattern)", diag_quote(q,
		    sizeof(q), p->text, p->len), err, diag_quote(qe,
		    sizeof(qe), entry, strlen(entry)));
	return CTXPACK_FAILED;
}

int
bh_match_trace(const struct ctxpack_rules *r, const char *path, size_t len,
    long *rule, rules_trace_fn *trace, void *arg)
{
	struct ctxpack_rules *rw = (struct ctxpack_rules *)r;
	size_t i;
	int v = 0, m;

	*rule = -1;
	for (i = 0; i < r->n; i++) {
		const struct pattern *p = &r->pat[i];

		if (bad(p)) {
			*rule = (long)i;
			return -2;
		}
		if ((m = bh_match1(r, p, path, len)) < 0) {
			if (rw->limit_hit == 0)
				rw->limit_hit = (int)i + 1;
			return -1;
		}
		if (m) {
			v = !p->exception;
			*rule = (long)i;
			if (trace != NULL)
				trace(arg, i, 0, v);
		}
	}
	return v;
}

int
bh_match(const struct ctxpack_rules *r, const char *path, size_t len,
    long *rule)
{
	return bh_match_trace(r, path, len, rule, NULL, NULL);
}

int
bh_enters(const struct ctxpack_rules *r, const char *dir, size_t len,
    long *why)
{
	size_t i;

	if (why != NULL)
		*why = -1;
	if (!r->has_exception)
		return 0;
	for (i = 0; i < r->n; i++) {
		const struct pattern *p = &r->pat[i];
		const char *s = p->text;
		size_t n = p->len;

		if (!p->exception)
			continue;
		/* HasPrefix(Trim(spec, "/") + "/", dir) */
		while (n > 0 && *s == '/') {
			s++;
			n--;
		}
		while (n > 0 && s[n - 1] == '/')
			n--;
		if (len > n + 1 || memcmp(s, dir, len < n ? len : n) != 0 ||
		    (len == n + 1 && dir[n] != '/'))
			continue;
		if (why != NULL)
			*why = (long)i;
		return 1;
	}
	return 0;
}

/*
 * A line that buildah reads as exactly PATH after PREFIX ("" or "!"):
 * every live regexp character escaped, control characters and white
 * space at either end as \x{..}, a leading '#' or '!' escaped; checked
 * by reading it back.  NULL when no line can (a name that is not UTF-8:
 * the compiler reads bad bytes as U+FFFD) or memory runs out.  To free.
 */
char *
bh_line(const char *prefix, const char *path, size_t len)
{
	struct ctxpack_rules *r = NULL;
	struct sbuf b = { 0 };
	size_t i = 0, w, pl = strlen(prefix);
	long rule;
	int32_t c;
	int ok = 0;

	sbuf_put(&b, prefix, pl);
	while (i < len) {
		c = go_decode_rune((const unsigned char *)path + i, len - i, &w);
		if (c == 0xfffd && w == 1)
			goto out;
		if (c < 0x20 || c == 0x7f || c == 0xfeff ||
		    ((i == 0 || i + w == len) && go_isspace(c)))
			sbuf_printf(&b, "\\x{%x}", (unsigned)c);
		else if (c < 0x80 && strchr("*?[]\\+()|{}^", (int)c) != NULL)
			sbuf_printf(&b, "\\%c", (int)c);
		else if (i == 0 && (c == '#' || c == '!'))
			sbuf_printf(&b, "\\%c", (int)c);
		else
			sbuf_put(&b, path + i, w);
		i += w;
	}
	sbuf_putc(&b, '\0');
	if (b.oom || (r = ctxpack_rules_new()) == NULL)
		goto out;
	/* read back: one rule, of the kind asked, matching PATH */
	if (bh_rules_parse(r, "", b.s, b.len - 1) == CTXPACK_OK && r->n == 1 &&
	    r->pat[0].exception == (pl > 0) && bh_match(r, path, len,
	    &rule) == (pl == 0))
		ok = 1;
out:
	ctxpack_rules_free(r);
	if (!ok) {
		sbuf_free(&b);
		return NULL;
	}
	return b.s;
}

/*
 * "**\/" and an exact line for NAME: the name at any depth; checked by
 * reading it back against NAME and a/NAME.  NULL as for bh_line().
 */
char *
bh_line_under(const char *name)
{
	struct ctxpack_rules *r = NULL;
	char *l = bh_line("", name, strlen(name)), *out = NULL, *deep = NULL;
	size_t n;
	long rule;

	if (l == NULL)
		return NULL;
	n = strlen(l);
	if ((out = malloc(n + 4)) == NULL || (deep = malloc(strlen(name) +
	    3)) == NULL || (r = ctxpack_rules_new()) == NULL)
		goto bad;
	memcpy(out, "**/", 3);
	memcpy(out + 3, l, n + 1);
	snprintf(deep, strlen(name) + 3, "a/%s", name);
	if (bh_rules_parse(r, "", out, n + 3) != CTXPACK_OK || r->n != 1 ||
	    bh_match(r, name, strlen(name), &rule) != 1 ||
	    bh_match(r, deep, strlen(deep), &rule) != 1)
		goto bad;
	free(l);
	free(deep);
	ctxpack_rules_free(r);
	return out;
bad:
	free(l);
	free(out);
	free(deep);
	ctxpack_rules_free(r);
	return NULL;
}
