/*
 * pattern.c: one cleaned .dockerignore pattern, compiled and run.  It
 * becomes what moby/patternmatcher makes of it: one of its three
 * shortcuts (exact, prefix, suffix) or the Go regexp it builds, checked
 * first with filepath.Match's syntax (gomatch.c), then translated into
 * PCRE2 (re2pcre.c) and JIT-compiled.  Two extra shortcuts of ctxpack's
 * own cover the most common regexp shapes without calling PCRE2.  Also
 * pattern_line(), the line that names exactly one path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

/* ------------------------------------------------ patternmatcher compile */

/*
 * moby/patternmatcher's shouldEscape.  It means to escape .+()|{}$, but
 * its bitmap has 8 bits per byte for 8 bytes, so only runes below 64
 * come out escaped: '|', '{' and '}' reach the regexp raw.
 */
static int
should_escape(int32_t r)
{
	return r == '.' || r == '+' || r == '(' || r == ')' || r == '$';
}

/*
 * Port of Pattern.compile: walk the runes (text/scanner: invalid bytes
 * read as U+FFFD, a leading BOM skipped) and build the Go regexp and the
 * match type.  Shortcut types have no regexp.  With OFFMAP (room for
 * GORE_MAX(len) entries), offmap[k] is the offset in the pattern of the
 * rune that byte k of the regexp comes from (len for the final '$').
 */
#define GORE_MAX(len)	(5 * (len) + 2)

static void
build_gore(struct pattern *p, struct sbuf *re, size_t *offmap)
{
	const unsigned char *s = (const unsigned char *)p->text;
	size_t len = p->len, pos = 0, w, done = 0, last = 0;
	enum { EXACT, PREFIX, SUFFIX, REGEX } mt = EXACT;
	int i;

	sbuf_putc(re, '^');
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		pos = 3;
	for (i = 0; pos < len; i++) {
		int32_t ch = go_decode_rune(s + pos, len - pos, &w);

		/* what the last rune wrote comes from it */
		if (offmap != NULL && !re->oom)
			for (; done < re->len; done++)
				offmap[done] = last;
		last = pos;

		pos += w;
		if (ch == '*') {
			if (pos < len && s[pos] == '*') {
				pos++;
				if (pos < len && s[pos] == '/')
					pos++;
				if (pos >= len) {
					if (mt == EXACT)
						mt = PREFIX;
					else {
						sbuf_put(re, ".*", 2);
						mt = REGEX;
					}
				} else {
					sbuf_put(re, "(.*/)?", 6);
					mt = REGEX;
				}
				if (i == 0)
					mt = SUFFIX;
			} else {
				sbuf_put(re, "[^/]*", 5);
				mt = REGEX;
			}
		} else if (ch == '?') {
			sbuf_put(re, "[^/]", 4);
			mt = REGEX;
		} else if (should_escape(ch)) {
			sbuf_putc(re, '\\');
			sbuf_putc(re, (char)ch);
		} else if (ch == '\\') {
			if (pos < len) {
				int32_t n = go_decode_rune(s + pos, len - pos, &w);

				pos += w;
				sbuf_putc(re, '\\');
				/* string(rune) of U+FFFD for a bad byte */
				go_put_rune(re, n);
				mt = REGEX;
			} else
				sbuf_putc(re, '\\');
		} else if (ch == '[' || ch == ']') {
			sbuf_putc(re, (char)ch);
			mt = REGEX;
		} else {
			if (ch == 0xfffd && w == 1)
				sbuf_put(re, "\xef\xbf\xbd", 3);
			else
				sbuf_put(re, (const char *)s + pos - w, w);
		}
	}
	if (offmap != NULL && !re->oom) {
		for (; done < re->len; done++)
			offmap[done] = last;
		offmap[done] = len;	/* '$' */
	}
	sbuf_putc(re, '$');
	switch (mt) {
	case EXACT:
		p->kind = PK_EXACT;
		p->lit = p->text;
		p->litlen = p->len;
		break;
	case PREFIX:
		p->kind = PK_PREFIX;
		p->lit = p->text;
		p->litlen = p->len - 2;
		break;
	case SUFFIX:
		p->kind = PK_SUFFIX;
		p->lit = p->text + 2;
		p->litlen = p->len - 2;
		break;
	case REGEX:
		p->kind = PK_REGEX;
		break;
	}
}

/*
 * A literal tail: no glob or escape characters, no '/', none of the
 * characters that reach the regexp raw (^ | { }), ASCII without NUL.
 */
static int
plain_lit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr("*?[]\\/^|{}", s[i]) != NULL ||
		    (unsigned char)s[i] >= 0x80)
			return 0;
	return n > 0;
}

/*
 * The literal text every match of a regexp pattern starts with: the
 * pattern up to its first glob, escape or raw regexp character.  A raw
 * '{' may repeat the character before it, so that one is dropped too;
 * a raw '|' anywhere makes alternatives, so no prefix then.
 */
static size_t
literal_prefix(const struct pattern *p)
{
	size_t i;

	if (memchr(p->text, '|', p->len) != NULL ||
	    (p->len >= 3 && (unsigned char)p->text[0] == 0xef))
		return 0;
	for (i = 0; i < p->len; i++) {
		char c = p->text[i];

		if (strchr("*?[]\\^{}", c) != NULL || c == '\0' ||
		    (unsigned char)c >= 0x80)
			return c == '{' && i > 0 ? i - 1 : i;
	}
	return i;
}

/*
 * The longest literal run of a regexp pattern: text between wildcards,
 * classes and escapes, which every match must contain (the optional
 * parts Docker builds, (.*\/)? from **, hold no literal).  Only for
 * patterns of plain text, *, ? and ^: escapes, classes and the raw
 * regexp characters | { } would need a real parse.
 */
static void
required_literal(struct pattern *p)
{
	size_t i, start = 0, best = 0, bestlen = 0;

	/* escapes, classes, alternatives, repeats: not worth the risk */
	for (i = 0; i < p->len; i++)
		if (strchr("\\[]|{}", p->text[i]) != NULL || p->text[i] == '\0' ||
		    (unsigned char)p->text[i] >= 0x80)
			return;
	for (i = 0; i <= p->len; i++) {
		char c = i < p->len ? p->text[i] : '\0';
		size_t end = i;

		if (c != '\0' && strchr("*?^", c) == NULL)
			continue;
		if (end > start && end - start > bestlen) {
			best = start;
			bestlen = end - start;
		}
		start = i + 1;
		/* "**" eats a '/' after it: not part of the next run */
		if (c == '*' && i + 1 < p->len && p->text[i + 1] == '*') {
			i++;
			start = i + 1;
			if (i + 1 < p->len && p->text[i + 1] == '/')
				start = i + 2;
		}
	}
	if (bestlen >= 2) {
		p->req = p->text + best;
		p->reqlen = bestlen;
	}
}

/* Our own shortcuts for two common regexp shapes, checked by fuzzing. */
static void
pick_fast(struct pattern *p)
{
	if (p->kind != PK_REGEX)
		return;
	if (p->len >= 2 && p->text[0] == '*' && p->text[1] != '*' &&
	    plain_lit(p->text + 1, p->len - 1)) {
		p->fast = PF_ROOT_SUFFIX;
		p->lit = p->text + 1;
		p->litlen = p->len - 1;
	} else if (p->len >= 5 && memcmp(p->text, "**/*", 4) == 0 &&
	    p->text[4] != '*' && plain_lit(p->text + 4, p->len - 4)) {
		p->fast = PF_BASE_SUFFIX;
		p->lit = p->text + 4;
		p->litlen = p->len - 4;
	}
}

/*
 * The offset in P's text of the rune that byte GOFF of its regexp comes
 * from: the regexp is built again, this time with the map.  0 if memory
 * runs out.
 */
static size_t
gore_to_text(struct pattern *p, size_t goff)
{
	struct sbuf re = { NULL, 0, 0, 0 };
	struct pattern tmp = *p;
	size_t *map, off = 0;

	if ((map = calloc(GORE_MAX(p->len), sizeof(*map))) == NULL)
		return 0;
	build_gore(&tmp, &re, map);
	if (!re.oom && re.len == p->gorelen)
		off = goff < re.len ? map[goff] : p->len;
	sbuf_free(&re);
	free(map);
	return off;
}

int
pattern_compile(struct pattern *p, const char *text, size_t len,
    int exception, char *err, size_t errsz, size_t *erroff)
{
	struct sbuf gore = { 0 };
	size_t pcrelen, goff;
	int ecode;
	PCRE2_SIZE eoff;

	memset(p, 0, sizeof(*p));
	if ((p->text = malloc(len + 1)) == NULL) {
		snprintf(err, errsz, "out of memory");
		*erroff = 0;
		return -1;
	}
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->len = len;
	p->exception = exception;
	if (go_match_syntax(text, len, err, errsz, erroff) < 0)
		goto fail;
	build_gore(p, &gore, NULL);
	if (gore.oom) {
		snprintf(err, errsz, "out of memory");
		*erroff = 0;
		goto fail;
	}
	p->gore = gore.s;
	p->gorelen = gore.len;
	gore.s = NULL;
	if (p->kind != PK_REGEX)
		return 0;
	/* Docker compiles the regexp lazily; we check it now. */
	if ((p->pcre = re2pcre_translate(p->gore, p->gorelen, &pcrelen, err,
	    errsz, &goff)) == NULL) {
		*erroff = gore_to_text(p, goff);
		goto fail;
	}
	p->re = pcre2_compile((PCRE2_SPTR)p->pcre, pcrelen,
	    PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_UTF_CHECK,
	    &ecode, &eoff, NULL);
	if (p->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ecode, msg, sizeof(msg));
		snprintf(err, errsz, "%s", (char *)msg);
		*erroff = 0;
		goto fail;
	}
	pick_fast(p);
	p->pfxlen = literal_prefix(p);
	required_literal(p);
	/* Linear time for plain globs: never PCRE2's backtracking. */
	if (p->fast == PF_NONE)
		p->lm = lm_compile(p->text, p->len);
	return 0;
fail:
	sbuf_free(&gore);
	pattern_free(p);
	return -1;
}

void
pattern_free(struct pattern *p)
{
	free(p->text);
	free(p->gore);
	free(p->pcre);
	pcre2_code_free(p->re);
	lm_free(p->lm);
	memset(p, 0, sizeof(*p));
}

/* Replace bytes Go would decode as RuneError by U+FFFD. */
static char *
sanitize(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(len * 3 + 1);
	size_t i = 0, o = 0, w;

	if (out == NULL)
		return NULL;
	while (i < len) {
		if (p[i] < 0x80) {
			out[o++] = (char)p[i++];
			continue;
		}
		if (go_decode_rune(p + i, len - i, &w) == 0xfffd && w == 1) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, p + i, w);
			o += w;
			i += w;
		}
	}
	*outlen = o;
	return out;
}

/*
 * Backtracking blew its limit (say "*a*a*a*a*a*a*a*a*b" on a long name):
 * the same question to PCRE2's DFA matcher, which cannot explode (Go's
 * engine, like Docker's, is linear too).  Its workspace grows as needed
 * up to a bound; beyond that the caller reports the limit, naming the
 * pattern, rather than guess.
 */
static int
run_dfa(const struct pattern *p, const char *s, size_t len, uint32_t opts,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	int stackws[2048], *ws = stackws, rc;
	size_t n = sizeof(stackws) / sizeof(stackws[0]);

	for (;;) {
		rc = pcre2_dfa_match(p->re, (PCRE2_SPTR)s, len, 0,
		    opts | PCRE2_NO_UTF_CHECK | PCRE2_DFA_SHORTEST, md, mctx,
		    ws, n);
		if (rc != PCRE2_ERROR_DFA_WSSIZE || n >= (1u << 22))
			break;
		if (ws != stackws)
			free(ws);
		n *= 8;
		if ((ws = malloc(n * sizeof(*ws))) == NULL)
			return PCRE2_ERROR_NOMEMORY;
	}
	if (ws != stackws)
		free(ws);
	if (rc == 0)		/* ovector too small: matched all the same */
		rc = 1;
	return rc;
}

static int
run_re(const struct pattern *p, const char *s, size_t len, uint32_t opts,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	char *tmp = NULL;
	int rc;

	if (!go_valid_utf8(s, len)) {
		if ((tmp = sanitize(s, len, &len)) == NULL)
			return -1;
		s = tmp;
	}
	/* a plain glob: the linear matcher, unless it defers to the regexp */
	if (p->lm != NULL && opts == 0 && (rc = lm_match(p->lm, s, len)) >= 0) {
		free(tmp);
		return rc;
	}
	/* JIT on first use: most rules never get here (the index, the
	 * shortcuts), and 500 JIT compiles cost more than a walk's matching */
	if (!p->jit) {
		(void)pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE |
		    (p->exception ? PCRE2_JIT_PARTIAL_HARD : 0));
		((struct pattern *)p)->jit = 1;
	}
	rc = pcre2_match(p->re, (PCRE2_SPTR)s, len, 0,
	    opts | PCRE2_NO_UTF_CHECK, md, mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		rc = run_dfa(p, s, len, opts, md, mctx);
	free(tmp);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_PARTIAL)
		return 2;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

int
pattern_match(const struct pattern *p, const char *path, size_t len,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	switch (p->kind) {
	case PK_EXACT:
		return len == p->litlen && memcmp(path, p->lit, len) == 0;
	case PK_PREFIX:
		return len >= p->litlen && memcmp(path, p->lit, p->litlen) == 0;
	case PK_SUFFIX:
		if (len >= p->litlen &&
		    memcmp(path + len - p->litlen, p->lit, p->litlen) == 0)
			return 1;
		return p->litlen > 0 && p->lit[0] == '/' &&
		    len == p->litlen - 1 && memcmp(path, p->lit + 1, len) == 0;
	case PK_REGEX:
		break;
	}
	switch (p->fast) {
	case PF_ROOT_SUFFIX:
		return len >= p->litlen &&
		    memcmp(path + len - p->litlen, p->lit, p->litlen) == 0 &&
		    memchr(path, '/', len) == NULL;
	case PF_BASE_SUFFIX: {
		const char *slash;

		if (len < p->litlen ||
		    memcmp(path + len - p->litlen, p->lit, p->litlen) != 0)
			return 0;
		/* (.*\/)? cannot cross a newline: '.' excludes \n in Go. */
		slash = memrchr(path, '/', len);
		return slash == NULL ||
		    memchr(path, '\n', (size_t)(slash - path)) == NULL;
	}
	case PF_NONE:
		break;
	}
	if (p->pfxlen > 0 && (len < p->pfxlen ||
	    memcmp(path, p->text, p->pfxlen) != 0))
		return 0;
	if (p->reqlen > 0 && memmem(path, len, p->req, p->reqlen) == NULL)
		return 0;
	return run_re(p, path, len, 0, md, mctx);
}

int
pattern_could_match_below(const struct pattern *p, const char *dir,
    size_t len, pcre2_match_data *md, pcre2_match_context *mctx)
{
	char buf[4096], *sub;
	size_t n = len + 1;
	int rc;

	switch (p->kind) {
	case PK_EXACT:
		return p->litlen > len + 1 && memcmp(p->lit, dir, len) == 0 &&
		    p->lit[len] == '/';
	case PK_PREFIX:
		/* path starts with stem: some DIR/... does iff one of stem
		 * and "DIR/" is a prefix of the other */
		if (p->litlen <= len + 1)
			return memcmp(p->lit, dir, p->litlen < len ?
			    p->litlen : len) == 0 &&
			    (p->litlen <= len || p->lit[len] == '/');
		return memcmp(p->lit, dir, len) == 0 && p->lit[len] == '/';
	case PK_SUFFIX:
		return 1;
	case PK_REGEX:
		break;
	}
	sub = n <= sizeof(buf) ? buf : malloc(n);
	if (sub == NULL)
		return 1;
	memcpy(sub, dir, len);
	sub[len] = '/';
	rc = run_re(p, sub, n, PCRE2_PARTIAL_HARD, md, mctx);
	if (sub != buf)
		free(sub);
	return rc != 0;		/* match, partial, or unsure: descend */
}

/*
 * An ignore-file line that means exactly PATH (after PREFIX: "", "!" or
 * "**\/"), printable: glob and regexp characters escaped (Docker's
 * escapes are regexp ones, so \* \? \[ \] \\ \^ \| \{ \} are literal),
 * control characters as \xHH, white space at either end (which Docker
 * trims) as \x{HH}, a leading # or ! escaped so it is neither a comment
 * nor an exception.  The line is then read back as Docker reads it and
 * must match PATH; NULL when no line can (a name that is not UTF-8: Go
 * reads every invalid byte as U+FFFD, so no pattern names one exactly),
 * or when memory runs out.  To free.
 */
char *
pattern_line(const char *prefix, const char *path, size_t len)
{
	size_t pl = strlen(prefix), i = 0, w, tl, cl;
	int bang = pl > 0 && prefix[pl - 1] == '!';
	int lead = pl == 0 || (pl == 1 && bang);
	struct sbuf b = { NULL, 0, 0, 0 };
	struct pattern pt;
	const char *t;
	char err[256], *clean = NULL;
	pcre2_match_data *md = NULL;
	int32_t r;
	int ok = 0;

	sbuf_put(&b, prefix, pl);
	while (i < len) {
		r = go_decode_rune((const unsigned char *)path + i, len - i, &w);
		if (r == 0xfffd && w == 1)
			goto out;	/* not UTF-8 */
		if (r < 0x20 || r == 0x7f)
			sbuf_printf(&b, "\\x%02x", (unsigned)r);
		else if (r < 0x80 && strchr("*?[]\\^|{}", (int)r) != NULL)
			sbuf_printf(&b, "\\%c", (int)r);
		else if (i == 0 && lead && (r == '#' || r == '!'))
			sbuf_printf(&b, "\\%c", (int)r);
		else if (((i == 0 && lead) || i + w == len) && go_isspace(r))
			sbuf_printf(&b, "\\x{%x}", (unsigned)r);
		else
			sbuf_put(&b, path + i, w);
		i += w;
	}
	sbuf_putc(&b, '\0');
	if (b.oom)
		goto out;
	/* read it back: TrimSpace, '!', TrimSpace, Clean (R4-R6, R8) */
	t = go_trimspace(b.s, b.len - 1, &tl);
	if (tl != b.len - 1)
		goto out;
	if (bang) {
		t = go_trimspace(t + 1, tl - 1, &tl);
	}
	if ((clean = malloc(tl + 2)) == NULL)
		goto out;
	cl = go_clean(t, tl, clean);
	if (cl != tl || memcmp(clean, t, tl) != 0)
		goto out;
	if (pattern_compile(&pt, clean, cl, bang, err, sizeof(err), &w) < 0)
		goto out;
	if ((md = pcre2_match_data_create(1, NULL)) != NULL)
		ok = pattern_match(&pt, path, len, md, NULL) == 1;
	pattern_free(&pt);
out:
	pcre2_match_data_free(md);
	free(clean);
	if (!ok) {
		sbuf_free(&b);
		return NULL;
	}
	return b.s;
}
