/*
 * dfparse.c: a Dockerfile read as BuildKit reads it: parser.Parse
 * (frontend/dockerfile/parser: directives, continuation lines, comments,
 * heredocs, the per-instruction line parsers, the 64 KiB line limit) and
 * then the checks of instructions.Parse (known instructions, flags,
 * argument counts, stage names, FROM first).  The first error stops the
 * parse and is kept on the handle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfint.h"

#define MAXLINE	65536		/* bufio.MaxScanTokenSize */

struct ivec {
	struct df_instr	*v;
	size_t		 n;
	size_t		 cap;
};

struct pstate {
	struct df_file	*f;
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	unsigned	 line;		/* physical lines read */
	int		 toolong;
	int		 escape;
	int		 dir_done;
	int		 seen[3];	/* syntax, escape, check */
	ctxpack_diag_fn	*warn;
	void		*warg;
	struct ivec	 ins;
	struct df_strv	 dirs;		/* name, value pairs */
	unsigned	*dirlines;
	int		 oom;
};

/* A node under construction. */
struct node {
	char		*keyword;
	size_t		 keylen;
	struct df_strv	 flags;
	struct df_strv	 vals;
	int		 json;
	struct node	*sub;
	int		 isnull;	/* no value node at all */
};

static void
node_free(struct node *n)
{
	if (n == NULL)
		return;
	free(n->keyword);
	df_strv_free(&n->flags);
	df_strv_free(&n->vals);
	node_free(n->sub);
	free(n->sub);
	memset(n, 0, sizeof(*n));
}

/* ------------------------------------------------------------ names */

static const struct {
	const char	*name;
	enum df_cmd	 cmd;
} cmds[] = {
	{ "add", DF_ADD }, { "arg", DF_ARG }, { "cmd", DF_CMD },
	{ "copy", DF_COPY }, { "entrypoint", DF_ENTRYPOINT },
	{ "env", DF_ENV }, { "expose", DF_EXPOSE }, { "from", DF_FROM },
	{ "healthcheck", DF_HEALTHCHECK }, { "label", DF_LABEL },
	{ "maintainer", DF_MAINTAINER }, { "onbuild", DF_ONBUILD },
	{ "run", DF_RUN }, { "shell", DF_SHELL },
	{ "stopsignal", DF_STOPSIGNAL }, { "user", DF_USER },
	{ "volume", DF_VOLUME }, { "workdir", DF_WORKDIR }
};

/* df_golower, df_goupper into a new string. */
static char *
lower(const char *s, size_t len, size_t *outlen)
{
	char *o = malloc(len + 1);
	size_t n;

	if (o == NULL)
		return NULL;
	n = df_golower(o, s, len);
	if (outlen != NULL)
		*outlen = n;
	return o;
}

static char *
upper(const char *s, size_t len)
{
	char *o = malloc(len + 1);

	if (o != NULL)
		df_goupper(o, s, len);
	return o;
}

static enum df_cmd
lookup_cmd(const char *kw, size_t len)
{
	size_t i, ll;
	char *l = lower(kw, len, &ll);
	enum df_cmd c = DF_UNKNOWN;

	if (l == NULL)
		return DF_UNKNOWN;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strlen(cmds[i].name) == ll && memcmp(cmds[i].name, l,
		    ll) == 0)
			c = cmds[i].cmd;
	free(l);
	return c;
}

/* ------------------------------------------------------ line helpers */

static int
is_comment(const char *s, size_t len)
{
	size_t k = df_skip_space(s, len);

	return k < len && s[k] == '#';
}

static size_t
trim_nl(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	return len;
}

/*
 * The line continuation regexp `([^E])E[ \t]*$|^E[ \t]*$`: 1 and the new
 * length when S ends with a continuation.
 */
static int
continuation(const char *s, size_t *lenp, int esc)
{
	size_t len = *lenp, k = len;

	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	if (k == 0 || (unsigned char)s[k - 1] != esc)
		return 0;
	if (k >= 2 && (unsigned char)s[k - 2] == esc)
		return 0;
	*lenp = k - 1;
	return 1;
}

static int
is_wsbyte(unsigned char c)
{
	return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' ';
}

/* unicode.IsSpace(rune(b)) on a byte, as BuildKit's byte loops test it. */
static int
is_latin1_space(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
	    c == ' ' || c == 0x85 || c == 0xa0;
}

/* ----------------------------------------------------------- errors */

static void
perr(struct pstate *p, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
perr(struct pstate *p, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	if (p->f->err.set)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(&p->f->err, CTXPACK_LEVEL_ERROR, p->f->name, line, col,
	    "%s", msg);
}

/* Go's %q of a byte string, into a fixed buffer for messages. */
static const char *
gq(char *buf, size_t size, const char *s, size_t len)
{
	struct sbuf b = { 0 };

	df_quote(&b, s, len);
	snprintf(buf, size, "%s", b.s != NULL ? b.s : "\"\"");
	sbuf_free(&b);
	return buf;
}

/* --------------------------------------------------------- directives */

/*
 * DirectiveParser.ParseLine on a line (newline trimmed, and for first
 * lines leading white space too).  0 not a directive, 1 a directive
 * (recorded), -1 an error (set).
 */
static int
directive(struct pstate *p, const char *s, size_t len, unsigned lineno,
    unsigned col)
{
	static const char *names[3] = { "syntax", "escape", "check" };
	size_t i, k, ks, ke, vs, ve;
	int which = -1;

	if (p->dir_done)
		return 0;
	if (len == 0 || s[0] != '#') {
		p->dir_done = 1;
		return 0;
	}
	i = 1 + df_skip_space(s + 1, len - 1);
	/* ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$ with \s = [\t\n\f\r ] */
	ks = i;
	if (i >= len || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z'))) {
		p->dir_done = 1;
		return 0;
	}
	while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
		i++;
	ke = i;
#define RESPACE(c) ((c) == '\t' || (c) == '\n' || (c) == '\f' || \
	    (c) == '\r' || (c) == ' ')
	while (i < len && RESPACE(s[i]))
		i++;
	if (i >= len || s[i] != '=') {
		p->dir_done = 1;
		return 0;
	}
	i++;
	while (i < len && RESPACE(s[i]))
		i++;
	vs = i;
	ve = len;
	while (ve > vs && RESPACE(s[ve - 1]))
		ve--;
	if (ve == vs || memchr(s + vs, '\n', ve - vs) != NULL) {
		p->dir_done = 1;
		return 0;
	}
#undef RESPACE
	for (k = 0; k < 3; k++) {
		size_t nl = strlen(names[k]);

		if (ke - ks == nl && strncasecmp(s + ks, names[k], nl) == 0)
			which = (int)k;
	}
	if (which < 0) {
		p->dir_done = 1;
		return 0;
	}
	if (p->seen[which]) {
		perr(p, lineno, col, "only one %s parser directive can be used",
		    names[which]);
		return -1;
	}
	p->seen[which] = 1;
	if (which == 1) {
		if (ve - vs != 1 || (s[vs] != '`' && s[vs] != '\\')) {
			perr(p, lineno, col, "invalid escape token '%.*s' does "
			    "not match ` or \\", (int)(ve - vs), s + vs);
			return -1;
		}
		p->escape = (unsigned char)s[vs];
	}
	df_strv_add(&p->dirs, names[which], strlen(names[which]));
	df_strv_add(&p->dirs, s + vs, ve - vs);
	{
		unsigned *nl = realloc(p->dirlines, (p->dirs.n / 2) *
		    sizeof(*nl));

		if (nl == NULL)
			p->oom = 1;
		else {
			p->dirlines = nl;
			nl[p->dirs.n / 2 - 1] = lineno;
		}
	}
	return 1;
}

/* ------------------------------------------------------------ scanner */

/* The next physical line, newline kept: 1, 0 at the end, -1 too long. */
static int
next_line(struct pstate *p, const char **s, size_t *n)
{
	const char *nl;
	size_t rest;

	if (p->toolong || p->pos >= p->len)
		return 0;
	rest = p->len - p->pos;
	nl = memchr(p->buf + p->pos, '\n', rest < MAXLINE ? rest : MAXLINE);
	if (nl == NULL && rest >= MAXLINE) {
		p->toolong = 1;
		return -1;
	}
	*s = p->buf + p->pos;
	*n = nl != NULL ? (size_t)(nl - *s) + 1 : rest;
	p->pos += *n;
	return 1;
}

/* -------------------------------------------------------- line parsers */

/* parseWords: words with their quotes kept. */
static void
parse_words(const char *s, size_t len, int esc, struct df_strv *out)
{
	enum { SPACES, WORD, QUOTE } ph = SPACES;
	struct sbuf w = { 0 };
	int32_t ch = 0, quote = 0;
	size_t pos, cw = 0;
	int blank = 0;

	for (pos = 0; pos <= len; pos += cw) {
		if (pos != len)
			ch = go_decode_rune((const unsigned char *)s + pos,
			    len - pos, &cw);
		if (ph == SPACES) {
			if (pos == len)
				break;
			if (df_isspace(ch))
				continue;
			ph = WORD;
		}
		if ((ph == WORD || ph == QUOTE) && pos == len) {
			if (blank || w.len > 0)
				df_strv_add(out, w.s != NULL ? w.s : "",
				    w.len);
			break;
		}
		if (ph == WORD) {
			if (df_isspace(ch)) {
				ph = SPACES;
				if (blank || w.len > 0)
					df_strv_add(out, w.s != NULL ? w.s :
					    "", w.len);
				w.len = 0;
				blank = 0;
				continue;
			}
			if (ch == '\'' || ch == '"') {
				quote = ch;
				blank = 1;
				ph = QUOTE;
			}
			if (ch == esc) {
				if (pos + cw == len)
					continue;
				go_put_rune(&w, ch);
				pos += cw;
				ch = go_decode_rune((const unsigned char *)s +
				    pos, len - pos, &cw);
			}
			go_put_rune(&w, ch);
			continue;
		}
		/* QUOTE */
		if (ch == quote)
			ph = WORD;
		if (ch == esc && quote != '\'') {
			if (pos + cw == len) {
				ph = WORD;
				continue;
			}
			pos += cw;
			go_put_rune(&w, ch);
			ch = go_decode_rune((const unsigned char *)s + pos,
			    len - pos, &cw);
		}
		go_put_rune(&w, ch);
	}
	if (w.oom)
		out->oom = 1;
	sbuf_free(&w);
}

/* reWhitespace.Split(s, n): n 2 or -1. */
static void
ws_split(const char *s, size_t len, int two, struct df_strv *out)
{
	size_t i = 0, start = 0;

	while (i < len) {
		if (is_wsbyte((unsigned char)s[i])) {
			size_t j = i;

			while (j < len && is_wsbyte((unsigned char)s[j]))
				j++;
			df_strv_add(out, s + start, i - start);
			start = j;
			i = j;
			if (two) {
				df_strv_add(out, s + start, len - start);
				return;
			}
			continue;
		}
		i++;
	}
	df_strv_add(out, s + start, len - start);
}

/* parseJSON: 1 json (values set), 0 not, -1 BuildKit's error, -2 oom. */
static int
parse_json(const char *rest, size_t len, struct df_strv *vals)
{
	size_t k = df_skip_space(rest, len);
	int rc;

	if (k >= len || rest[k] != '[')
		return 0;
	rc = df_json_array(rest + k, len - k, vals);
	if (rc != 1)
		df_strv_free(vals);
	return rc;
}

static const char ERR_NOTSTR[] = "when using JSON array syntax, arrays "
    "must be comprised of strings only";

static int newnode(struct pstate *, const char *, size_t, struct node *,
    char *, size_t, int);

/*
 * Dispatch REST to the line parser of the instruction.  0, or -1 with a
 * message in ERR.
 */
static int
line_parse(struct pstate *p, enum df_cmd cmd, const char *rest, size_t len,
    struct node *n, char *err, size_t errsz, int depth)
{
	struct df_strv words = { 0 }, parts = { 0 };
	char q[1024];
	size_t i, sep, next;
	int rc;

	switch (cmd) {
	case DF_ADD:
	case DF_COPY:
	case DF_VOLUME:
		/* parseMaybeJSONToList */
		rc = parse_json(rest, len, &n->vals);
		if (rc == 1) {
			n->json = 1;
			return 0;
		}
		if (rc == -1) {
			snprintf(err, errsz, "%s", ERR_NOTSTR);
			return -1;
		}
		if (rc == -2)
			return -2;
		/* FALLTHROUGH */
	case DF_EXPOSE:
	case DF_FROM:
		if (len == 0) {
			n->isnull = 1;
			return 0;
		}
		ws_split(rest, len, 0, &n->vals);
		return 0;
	case DF_ARG:
		parse_words(rest, len, p->escape, &n->vals);
		if (n->vals.n == 0)
			n->isnull = 1;
		return 0;
	case DF_CMD:
	case DF_ENTRYPOINT:
	case DF_RUN:
	case DF_SHELL:
		/* parseMaybeJSON */
		if (len == 0) {
			n->isnull = 1;
			return 0;
		}
		rc = parse_json(rest, len, &n->vals);
		if (rc == 1) {
			n->json = 1;
			return 0;
		}
		if (rc == -1) {
			snprintf(err, errsz, "%s", ERR_NOTSTR);
			return -1;
		}
		if (rc == -2)
			return -2;
		df_strv_add(&n->vals, rest, len);
		return 0;
	case DF_ENV:
	case DF_LABEL:
		/* parseNameVal */
		parse_words(rest, len, p->escape, &words);
		if (words.n == 0) {
			n->isnull = 1;
			df_strv_free(&words);
			return 0;
		}
		if (memchr(words.v[0], '=', words.len[0]) == NULL) {
			ws_split(rest, len, 1, &parts);
			if (parts.n < 2) {
				snprintf(err, errsz, "%s must have two "
				    "arguments", cmd == DF_ENV ? "ENV" :
				    "LABEL");
				df_strv_free(&words);
				df_strv_free(&parts);
				return -1;
			}
			df_strv_add(&n->vals, parts.v[0], parts.len[0]);
			df_strv_add(&n->vals, parts.v[1], parts.len[1]);
			df_strv_add(&n->vals, "", 0);
			df_strv_free(&parts);
			df_strv_free(&words);
			return 0;
		}
		for (i = 0; i < words.n; i++) {
			const char *eq = memchr(words.v[i], '=', words.len[i]);

			if (eq == NULL) {
				snprintf(err, errsz, "Syntax error - can't find "
				    "= in %s. Must be of the form: name=value",
				    gq(q, sizeof(q), words.v[i], words.len[i]));
				df_strv_free(&words);
				return -1;
			}
			df_strv_add(&n->vals, words.v[i],
			    (size_t)(eq - words.v[i]));
			df_strv_add(&n->vals, eq + 1, words.len[i] -
			    (size_t)(eq - words.v[i]) - 1);
			df_strv_add(&n->vals, "=", 1);
		}
		df_strv_free(&words);
		return 0;
	case DF_HEALTHCHECK:
		/* parseHealthConfig (byte-wise unicode.IsSpace) */
		for (sep = 0; sep < len; sep++)
			if (is_latin1_space((unsigned char)rest[sep]))
				break;
		for (next = sep; next < len; next++)
			if (!is_latin1_space((unsigned char)rest[next]))
				break;
		if (sep == 0) {
			n->isnull = 1;
			return 0;
		}
		df_strv_add(&n->vals, rest, sep);
		if (next == len)
			return 0;
		rc = parse_json(rest + next, len - next, &words);
		if (rc == 1) {
			n->json = 1;
			for (i = 0; i < words.n; i++)
				df_strv_add(&n->vals, words.v[i], words.len[i]);
			df_strv_free(&words);
			return 0;
		}
		if (rc == -1) {
			snprintf(err, errsz, "%s", ERR_NOTSTR);
			return -1;
		}
		if (rc == -2)
			return -2;
		df_strv_add(&n->vals, rest + next, len - next);
		return 0;
	case DF_MAINTAINER:
	case DF_STOPSIGNAL:
	case DF_USER:
	case DF_WORKDIR:
		if (len == 0)
			n->isnull = 1;
		else
			df_strv_add(&n->vals, rest, len);
		return 0;
	case DF_ONBUILD:
		if (len == 0) {
			n->isnull = 1;
			return 0;
		}
		if ((n->sub = calloc(1, sizeof(*n->sub))) == NULL)
			return -2;
		return newnode(p, rest, len, n->sub, err, errsz, depth + 1);
	case DF_UNKNOWN:
		/* parseIgnore: one empty value */
		df_strv_add(&n->vals, "", 0);
		return 0;
	}
	return 0;
}

/*
 * extractBuilderFlags, byte by byte as BuildKit does (a byte >= 0x80
 * becomes the Latin-1 rune of that value; 0x85 and 0xa0 are spaces).
 * Returns the offset where the arguments start (len if none).
 */
static size_t
extract_flags(const char *s, size_t len, int esc, struct df_strv *flags)
{
	enum { SPACES, WORD, QUOTE } ph = SPACES;
	struct sbuf w = { 0 };
	unsigned char ch = 0, quote = 0;
	size_t pos;
	int blank = 0;

#define WR(c) do {							\
	if ((c) >= 0x80)						\
		go_put_rune(&w, (int32_t)(c));				\
	else								\
		sbuf_putc(&w, (char)(c));				\
} while (0)
	for (pos = 0; pos <= len; pos++) {
		if (pos != len)
			ch = (unsigned char)s[pos];
		if (ph == SPACES) {
			if (pos == len)
				break;
			if (is_latin1_space(ch))
				continue;
			if (ch != '-' || pos + 1 == len || s[pos + 1] != '-') {
				sbuf_free(&w);
				return pos;
			}
			ph = WORD;
		}
		if ((ph == WORD || ph == QUOTE) && pos == len) {
			if (!(w.len == 2 && memcmp(w.s, "--", 2) == 0) &&
			    (blank || w.len > 0))
				df_strv_add(flags, w.s != NULL ? w.s : "",
				    w.len);
			break;
		}
		if (ph == WORD) {
			if (is_latin1_space(ch)) {
				ph = SPACES;
				if (w.len == 2 && memcmp(w.s, "--", 2) == 0) {
					sbuf_free(&w);
					return pos;
				}
				if (blank || w.len > 0)
					df_strv_add(flags, w.s != NULL ? w.s :
					    "", w.len);
				w.len = 0;
				blank = 0;
				continue;
			}
			if (ch == '\'' || ch == '"') {
				quote = ch;
				blank = 1;
				ph = QUOTE;
				continue;
			}
			if (ch == esc) {
				if (pos + 1 == len)
					continue;
				pos++;
				ch = (unsigned char)s[pos];
			}
			WR(ch);
			continue;
		}
		/* QUOTE */
		if (ch == quote) {
			ph = WORD;
			continue;
		}
		if (ch == esc) {
			if (pos + 1 == len) {
				ph = WORD;
				continue;
			}
			pos++;
			ch = (unsigned char)s[pos];
		}
		WR(ch);
	}
#undef WR
	if (w.oom)
		flags->oom = 1;
	sbuf_free(&w);
	return len;
}

/* newNodeFromLine: splitCommand and the line parser. */
static int
newnode(struct pstate *p, const char *line, size_t len, struct node *n,
    char *err, size_t errsz, int depth)
{
	const char *t, *rest = "";
	size_t tl, i, restlen = 0, off;
	enum df_cmd cmd;

	if (depth > 64) {
		snprintf(err, errsz, "ONBUILD nested too deeply");
		return -1;
	}
	t = df_trimspace(line, len, &tl);
	for (i = 0; i < tl && !is_wsbyte((unsigned char)t[i]); i++)
		;
	if ((n->keyword = malloc(i + 1)) == NULL)
		return -2;
	memcpy(n->keyword, t, i);
	n->keyword[i] = '\0';
	n->keylen = i;
	if (i < tl) {
		size_t j = i;

		while (j < tl && is_wsbyte((unsigned char)t[j]))
			j++;
		off = extract_flags(t + j, tl - j, p->escape, &n->flags);
		rest = df_trimspace(t + j + off, tl - j - off, &restlen);
	}
	if (n->flags.oom)
		return -2;
	cmd = lookup_cmd(n->keyword, n->keylen);
	return line_parse(p, cmd, rest, restlen, n, err, errsz, depth);
}

/* ------------------------------------------------------------ heredocs */

struct hd {
	char		*name;
	unsigned	 fd;
	int		 expand;
	int		 chomp;
	struct sbuf	 content;
};

/*
 * ParseHeredoc on a word: `^(\d*)<<(-?)([^<]*)$`.  1 a heredoc (set), 0
 * not, -1 an error (message in ERR), -2 oom.
 */
static int
parse_heredoc(const char *w, size_t len, struct hd *h, char *err,
    size_t errsz)
{
	struct df_lex lx;
	struct df_strv a = { 0 }, b = { 0 };
	size_t i = 0, k, qa = 0, qb = 0;
	unsigned long fd = 0;
	int chomp = 0, rc;

	while (i < len && w[i] >= '0' && w[i] <= '9') {
		if (fd < 1000000000UL)
			fd = fd * 10 + (unsigned long)(w[i] - '0');
		i++;
	}
	if (i + 2 > len || w[i] != '<' || w[i + 1] != '<')
		return 0;
	i += 2;
	if (i < len && w[i] == '-') {
		chomp = 1;
		i++;
	}
	if (memchr(w + i, '<', len - i) != NULL || i == len)
		return 0;
	memset(&lx, 0, sizeof(lx));
	lx.escape = '\\';
	lx.skip_unset = 1;
	if ((rc = df_lex_words(&lx, w + i, len - i, &a)) < 0) {
		snprintf(err, errsz, "%s", lx.err);
		df_strv_free(&a);
		return rc;
	}
	if (a.n != 1) {
		df_strv_free(&a);
		return 0;
	}
	lx.raw_quotes = 1;
	if ((rc = df_lex_words(&lx, w + i, len - i, &b)) < 0) {
		snprintf(err, errsz, "%s", lx.err);
		df_strv_free(&a);
		df_strv_free(&b);
		return rc;
	}
	if (b.n != a.n) {
		snprintf(err, errsz, "internal lexing of heredoc produced "
		    "inconsistent results: %.*s", (int)(len - i), w + i);
		df_strv_free(&a);
		df_strv_free(&b);
		return -1;
	}
	for (k = 0; k < a.len[0]; k++)
		qa += a.v[0][k] == '\'' || a.v[0][k] == '"';
	for (k = 0; k < b.len[0]; k++)
		qb += b.v[0][k] == '\'' || b.v[0][k] == '"';
	if (h != NULL) {
		h->name = a.v[0];	/* taken over */
		a.v[0] = NULL;
		h->fd = (unsigned)fd;
		h->chomp = chomp;
		h->expand = qa == qb;
	}
	df_strv_free(&a);
	df_strv_free(&b);
	return 1;
}

/* MustParseHeredoc: is this argument a heredoc word? */
int
df_is_heredoc(const char *w, size_t len)
{
	char err[64];
	struct hd h;
	int rc;

	memset(&h, 0, sizeof(h));
	rc = parse_heredoc(w, len, &h, err, sizeof(err));
	free(h.name);
	return rc == 1;
}

static int
heredoc_cmd(const struct node *n)
{
	enum df_cmd c;

	if (lookup_cmd(n->keyword, n->keylen) == DF_ONBUILD &&
	    n->sub != NULL)
		n = n->sub;
	c = lookup_cmd(n->keyword, n->keylen);
	return (c == DF_ADD || c == DF_COPY || c == DF_RUN) && !n->json;
}

/* --------------------------------------------------------------- flags */

struct flagdef {
	const char	*name;
	int		 type;		/* 'b' bool, 's' string, 'S' strings */
};

static const struct flagdef fl_add[] = {
	{ "exclude", 'S' }, { "chown", 's' }, { "chmod", 's' },
	{ "link", 'b' }, { "keep-git-dir", 'b' }, { "checksum", 's' },
	{ "unpack", 'b' }, { NULL, 0 }
};
static const struct flagdef fl_copy[] = {
	{ "exclude", 'S' }, { "parents", 'b' }, { "chown", 's' },
	{ "from", 's' }, { "chmod", 's' }, { "link", 'b' }, { NULL, 0 }
};
static const struct flagdef fl_from[] = { { "platform", 's' }, { NULL, 0 } };
static const struct flagdef fl_run[] = {
	{ "mount", 'S' }, { "network", 's' }, { "security", 's' },
	{ "device", 'S' }, { NULL, 0 }
};
static const struct flagdef fl_health[] = {
	{ "interval", 's' }, { "timeout", 's' }, { "start-period", 's' },
	{ "start-interval", 's' }, { "retries", 's' }, { NULL, 0 }
};
static const struct flagdef fl_none[] = { { NULL, 0 } };

/* BFlags.Parse.  0, or -1 with the message in ERR. */
static int
parse_flags(struct pstate *p, struct df_instr *in, const struct flagdef *defs,
    char *err, size_t errsz)
{
	struct df_flag *fv;
	size_t i, k, n = 0;
	unsigned char used[16] = { 0 };

	if (in->nrawflags == 0)
		return 0;
	if ((fv = df_alloc(&p->f->ar, in->nrawflags * sizeof(*fv))) == NULL)
		return -2;
	for (i = 0; i < in->nrawflags; i++) {
		const char *a = in->rawflags[i] + 2, *eq = strchr(a, '=');
		size_t nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
		const char *v = eq != NULL ? eq + 1 : "";

		for (k = 0; defs[k].name != NULL; k++)
			if (strlen(defs[k].name) == nl &&
			    memcmp(defs[k].name, a, nl) == 0)
				break;
		if (defs[k].name == NULL) {
			const char *names[16];
			char *arg;
			size_t j;

			snprintf(err, errsz, "unknown flag: --%.*s", (int)nl,
			    a);
			for (j = 0; defs[j].name != NULL; j++)
				names[j] = defs[j].name;
			if ((arg = strndup(a, nl)) == NULL)
				return -2;
			df_suggest(err, errsz, arg, names, j, 1);
			free(arg);
			return -1;
		}
		if (used[k] && defs[k].type != 'S') {
			snprintf(err, errsz, "duplicate flag specified: --%.*s",
			    (int)nl, a);
			return -1;
		}
		used[k] = 1;
		fv[n].name = defs[k].name;
		fv[n].hasvalue = eq != NULL;
		if (defs[k].type == 'b') {
			if (eq != NULL && *v == '\0') {
				snprintf(err, errsz, "missing a value on flag: "
				    "--%.*s", (int)nl, a);
				return -1;
			}
			if (*v == '\0' || strcasecmp(v, "true") == 0)
				fv[n].value = "true";
			else if (strcasecmp(v, "false") == 0)
				fv[n].value = "false";
			else {
				snprintf(err, errsz, "expecting boolean value "
				    "for flag --%.*s, not: %s", (int)nl, a, v);
				return -1;
			}
		} else {
			if (eq == NULL) {
				snprintf(err, errsz, "missing a value on flag: "
				    "--%.*s", (int)nl, a);
				return -1;
			}
			fv[n].value = v;
		}
		n++;
	}
	in->flags = fv;
	in->nflags = n;
	return 0;
}

const struct df_flag *
df_flag(const struct df_instr *in, const char *name)
{
	const struct df_flag *f = NULL;
	size_t i;

	for (i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, name) == 0)
			f = &in->flags[i];
	return f;
}

/* ------------------------------------------------------ go durations */

static void
tquote(char *buf, size_t size, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	if (size < 8)
		return;
	buf[o++] = '"';
	for (i = 0; i < len && o + 6 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c < ' ') {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			if (c == '"' || c == '\\')
				buf[o++] = '\\';
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

/* time.ParseDuration: 0 and *ns, or -1 with Go's message. */
static int
parse_duration(const char *orig, long double *ns, char *err, size_t errsz)
{
	static const struct {
		const char	*u;
		long double	 ns;
	} units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "\xc2\xb5s", 1e3 },
		{ "\xce\xbcs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
		{ "m", 60e9 }, { "h", 3600e9 }
	};
	const char *s = orig;
	char q[600], uq[300];
	long double d = 0;
	int neg = 0;

	tquote(q, sizeof(q), orig, strlen(orig));
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (strcmp(s, "0") == 0) {
		*ns = 0;
		return 0;
	}
	if (*s == '\0')
		goto invalid;
	while (*s != '\0') {
		long double v = 0, f = 0, scale = 1;
		int pre = 0, post = 0;
		size_t i, k;

		if (!(*s == '.' || (*s >= '0' && *s <= '9')))
			goto invalid;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s - '0');
			if (v > 9.3e18L)
				goto invalid;
			s++;
			pre = 1;
		}
		if (*s == '.') {
			s++;
			while (*s >= '0' && *s <= '9') {
				f = f * 10 + (*s - '0');
				scale *= 10;
				s++;
				post = 1;
			}
		}
		if (!pre && !post)
			goto invalid;
		for (i = 0; s[i] != '\0' && s[i] != '.' && !(s[i] >= '0' &&
		    s[i] <= '9'); i++)
			;
		if (i == 0) {
			snprintf(err, errsz, "time: missing unit in duration "
			    "%s", q);
			return -1;
		}
		for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
			if (strlen(units[k].u) == i &&
			    memcmp(units[k].u, s, i) == 0)
				break;
		if (k == sizeof(units) / sizeof(units[0])) {
			tquote(uq, sizeof(uq), s, i);
			snprintf(err, errsz, "time: unknown unit %s in duration "
			    "%s", uq, q);
			return -1;
		}
		d += v * units[k].ns + f * (units[k].ns / scale);
		if (d > 9.2233720368547758e18L)
			goto invalid;
		s += i;
	}
	*ns = neg ? -d : d;
	return 0;
invalid:
	snprintf(err, errsz, "time: invalid duration %s", q);
	return -1;
}

/* ------------------------------------------------ instructions.Parse */

static const char *
upname(enum df_cmd c)
{
	switch (c) {
	case DF_ADD: return "ADD";
	case DF_ARG: return "ARG";
	case DF_CMD: return "CMD";
	case DF_COPY: return "COPY";
	case DF_ENTRYPOINT: return "ENTRYPOINT";
	case DF_ENV: return "ENV";
	case DF_EXPOSE: return "EXPOSE";
	case DF_FROM: return "FROM";
	case DF_HEALTHCHECK: return "HEALTHCHECK";
	case DF_LABEL: return "LABEL";
	case DF_MAINTAINER: return "MAINTAINER";
	case DF_ONBUILD: return "ONBUILD";
	case DF_RUN: return "RUN";
	case DF_SHELL: return "SHELL";
	case DF_STOPSIGNAL: return "STOPSIGNAL";
	case DF_USER: return "USER";
	case DF_VOLUME: return "VOLUME";
	case DF_WORKDIR: return "WORKDIR";
	default: return "";
	}
}

/* RUN --mount at parse time: the CSV, and a literal from. */
static int
check_mount(const char *v, char *err, size_t errsz)
{
	struct df_strv f = { 0 };
	size_t i;
	int rc = 0;

	if (df_csv_fields(v, strlen(v), &f, err, errsz) < 0) {
		rc = f.oom ? -2 : -1;
		df_strv_free(&f);
		return rc;
	}
	for (i = 0; i < f.n; i++) {
		const char *fld = f.v[i], *eq = strchr(fld, '='), *d;
		char key[5];

		/* the other fields wait for the expander (dispatch) */
		if (eq == NULL || (size_t)(eq - fld) != 4)
			continue;
		df_golower(key, fld, 4);
		d = strchr(eq + 1, '$');
		if (strcmp(key, "from") == 0 && d != NULL && d[1] != '\0') {
			snprintf(err, errsz, "'from' doesn't support variable "
			    "expansion, define alias stage instead");
			rc = -1;
			break;
		}
	}
	df_strv_free(&f);
	return rc;
}

static int
valid_stage_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (s++; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* strings.EqualFold(s, "as") (U+017F folds to 's'). */
static int
is_as(const char *s)
{
	if (*s != 'a' && *s != 'A')
		return 0;
	s++;
	if (*s == 's' || *s == 'S')
		return s[1] == '\0';
	return (unsigned char)s[0] == 0xc5 && (unsigned char)s[1] == 0xbf &&
	    s[2] == '\0';
}

/*
 * The checks of instructions.ParseInstruction for one instruction.
 * 0, or -1 with the message in ERR.
 */
static int
check_instr(struct pstate *p, struct df_instr *in, char *err, size_t errsz)
{
	const char *nm = upname(in->cmd);
	char q[1100];
	size_t i, n = in->nargs;
	int rc;

	switch (in->cmd) {
	case DF_UNKNOWN: {
		const char *names[sizeof(cmds) / sizeof(cmds[0])];
		size_t j;

		snprintf(err, errsz, "unknown instruction: %s", in->keyword);
		for (j = 0; j < sizeof(cmds) / sizeof(cmds[0]); j++)
			names[j] = cmds[j].name;
		df_suggest(err, errsz, in->keyword, names, j, 0);
		return -1;
	}
	case DF_ENV:
	case DF_LABEL:
		if ((rc = parse_flags(p, in, fl_none, err, errsz)) < 0)
			return rc;
		if (n == 0) {
			snprintf(err, errsz, "%s requires at least one "
			    "argument", nm);
			return -1;
		}
		if (n % 3 != 0) {
			snprintf(err, errsz, "Bad input to %s, too many "
			    "arguments", nm);
			return -1;
		}
		for (i = 0; i < n; i += 3)
			if (in->args[i][0] == '\0') {
				snprintf(err, errsz, "%s names can not be "
				    "blank", nm);
				return -1;
			}
		return 0;
	case DF_MAINTAINER:
	case DF_WORKDIR:
	case DF_USER:
		if (n != 1) {
			snprintf(err, errsz, "%s requires exactly one "
			    "argument", nm);
			return -1;
		}
		return parse_flags(p, in, fl_none, err, errsz);
	case DF_STOPSIGNAL:
		if (n != 1) {
			snprintf(err, errsz, "%s requires exactly one "
			    "argument", nm);
			return -1;
		}
		return 0;
	case DF_ADD:
	case DF_COPY:
		if (n < 2) {
			snprintf(err, errsz, "%s requires at least two "
			    "arguments, but only one was provided. Destination "
			    "could not be determined", nm);
			return -1;
		}
		if ((rc = parse_flags(p, in, in->cmd == DF_ADD ? fl_add :
		    fl_copy, err, errsz)) < 0)
			return rc;
		if (df_is_heredoc(in->args[n - 1], strlen(in->args[n - 1]))) {
			snprintf(err, errsz, "%s cannot accept a heredoc as a "
			    "destination", nm);
			return -1;
		}
		return 0;
	case DF_FROM:
		if (n == 3 && is_as(in->args[1])) {
			char *l = lower(in->args[2], strlen(in->args[2]), NULL);
			int ok;

			if (l == NULL)
				return -2;
			ok = valid_stage_name(l);
			free(l);
			if (!ok) {
				snprintf(err, errsz, "invalid name for build "
				    "stage: %s, name can't start with a number "
				    "or contain symbols", gq(q, sizeof(q),
				    in->args[2], strlen(in->args[2])));
				return -1;
			}
		} else if (n != 1) {
			snprintf(err, errsz, "FROM requires either one or three "
			    "arguments");
			return -1;
		}
		return parse_flags(p, in, fl_from, err, errsz);
	case DF_ONBUILD: {
		char *t;
		size_t tl;
		const char *tr;

		if (in->sub == NULL) {
			snprintf(err, errsz, "ONBUILD requires at least one "
			    "argument");
			return -1;
		}
		if ((rc = parse_flags(p, in, fl_none, err, errsz)) < 0)
			return rc;
		tr = df_trimspace(in->sub->keyword, strlen(in->sub->keyword),
		    &tl);
		if ((t = upper(tr, tl)) == NULL)
			return -2;
		if (strcmp(t, "ONBUILD") == 0)
			snprintf(err, errsz, "Chaining ONBUILD via `ONBUILD "
			    "ONBUILD` isn't allowed");
		else if (strcmp(t, "MAINTAINER") == 0 || strcmp(t, "FROM") == 0)
			snprintf(err, errsz, "%s isn't allowed as an ONBUILD "
			    "trigger", t);
		else
			err[0] = '\0';
		free(t);
		return err[0] != '\0' ? -1 : 0;
	}
	case DF_RUN: {
		const struct df_flag *f;

		if ((rc = parse_flags(p, in, fl_run, err, errsz)) < 0)
			return rc;
		for (i = 0; i < in->nflags; i++)
			if (strcmp(in->flags[i].name, "mount") == 0 &&
			    check_mount(in->flags[i].value, err, errsz) < 0)
				return -1;
		f = df_flag(in, "network");
		if (f != NULL && strchr(f->value, '$') == NULL &&
		    strcmp(f->value, "") != 0 &&
		    strcmp(f->value, "default") != 0 &&
		    strcmp(f->value, "none") != 0 &&
		    strcmp(f->value, "host") != 0) {
			snprintf(err, errsz, "unsupported network mode %s",
			    gq(q, sizeof(q), f->value, strlen(f->value)));
			return -1;
		}
		return 0;
	}
	case DF_CMD:
	case DF_ENTRYPOINT:
	case DF_EXPOSE:
	case DF_VOLUME:
		if ((in->cmd == DF_EXPOSE || in->cmd == DF_VOLUME) && n == 0) {
			snprintf(err, errsz, "%s requires at least one "
			    "argument", nm);
			return -1;
		}
		if ((rc = parse_flags(p, in, fl_none, err, errsz)) < 0)
			return rc;
		if (in->cmd == DF_VOLUME)
			for (i = 0; i < n; i++) {
				size_t tl;

				df_trimspace(in->args[i], strlen(in->args[i]),
				    &tl);
				if (tl == 0) {
					snprintf(err, errsz, "VOLUME specified "
					    "can not be an empty string");
					return -1;
				}
			}
		return 0;
	case DF_HEALTHCHECK: {
		char ty[1024];
		size_t k;

		if (n == 0) {
			snprintf(err, errsz, "HEALTHCHECK requires at least one "
			    "argument");
			return -1;
		}
		snprintf(ty, sizeof(ty), "%s", in->args[0]);
		for (k = 0; ty[k] != '\0'; k++)
			if (ty[k] >= 'a' && ty[k] <= 'z')
				ty[k] -= 32;
		if (strcmp(ty, "NONE") == 0) {
			if (n != 1) {
				snprintf(err, errsz, "HEALTHCHECK NONE takes no "
				    "arguments");
				return -1;
			}
			return 0;
		}
		if ((rc = parse_flags(p, in, fl_health, err, errsz)) < 0)
			return rc;
		if (strcmp(ty, "CMD") != 0) {
			snprintf(err, errsz, "Unknown type %s in HEALTHCHECK "
			    "(try CMD)", gq(q, sizeof(q), ty, strlen(ty)));
			return -1;
		}
		if (n == 1) {
			snprintf(err, errsz, "Missing command after HEALTHCHECK "
			    "CMD");
			return -1;
		}
		for (i = 0; i < 4; i++) {
			static const char *const dn[4] = { "interval",
			    "timeout", "start-period", "start-interval" };
			const struct df_flag *f = df_flag(in, dn[i]);
			long double d;

			if (f == NULL || f->value[0] == '\0')
				continue;
			if (parse_duration(f->value, &d, err, errsz) < 0)
				return -1;
			if (d != 0 && d < 1e6) {
				snprintf(err, errsz, "Interval %s cannot be less "
				    "than 1ms", gq(q, sizeof(q), f->name,
				    strlen(f->name)));
				return -1;
			}
		}
		{
			const struct df_flag *f = df_flag(in, "retries");

			if (f != NULL && f->value[0] != '\0') {
				const char *v = f->value, *d = v;
				long long r = 0;

				if (*d == '+' || *d == '-')
					d++;
				if (*d == '\0' || strspn(d, "0123456789") !=
				    strlen(d)) {
					snprintf(err, errsz, "strconv.ParseInt: "
					    "parsing %s: invalid syntax",
					    gq(q, sizeof(q), v, strlen(v)));
					return -1;
				}
				for (; *d != '\0'; d++) {
					r = r * 10 + (*d - '0');
					if (r > 2147483648LL)
						break;
				}
				if (v[0] == '-')
					r = -r;
				if (r > 2147483647LL || r < -2147483648LL) {
					snprintf(err, errsz, "strconv.ParseInt: "
					    "parsing %s: value out of range",
					    gq(q, sizeof(q), v, strlen(v)));
					return -1;
				}
				if (r < 0) {
					snprintf(err, errsz, "--retries cannot "
					    "be negative (%lld)", r);
					return -1;
				}
			}
		}
		return 0;
	}
	case DF_ARG:
		if (n < 1) {
			snprintf(err, errsz, "ARG requires at least one "
			    "argument");
			return -1;
		}
		for (i = 0; i < n; i++)
			if (in->args[i][0] == '=') {
				snprintf(err, errsz, "ARG names can not be "
				    "blank");
				return -1;
			}
		return 0;
	case DF_SHELL:
		if ((rc = parse_flags(p, in, fl_none, err, errsz)) < 0)
			return rc;
		if (n == 0) {
			snprintf(err, errsz, "SHELL requires at least one "
			    "argument");
			return -1;
		}
		if (!in->json) {
			snprintf(err, errsz, "SHELL requires the arguments to be "
			    "in JSON form");
			return -1;
		}
		return 0;
	}
	return 0;
}

/* ---------------------------------------------------------- building */

static char **
strv_to_arena(struct df_arena *ar, const struct df_strv *v)
{
	char **a;
	size_t i;

	if (v->n == 0)
		return NULL;
	if ((a = df_alloc(ar, v->n * sizeof(*a))) == NULL)
		return NULL;
	for (i = 0; i < v->n; i++)
		if ((a[i] = df_strndup(ar, v->v[i], v->len[i])) == NULL)
			return NULL;
	return a;
}

/* Turn a node into an instruction (strings into the arena). */
static int
to_instr(struct pstate *p, const struct node *n, struct df_instr *in)
{
	struct df_arena *ar = &p->f->ar;

	memset(in, 0, sizeof(*in));
	in->cmd = lookup_cmd(n->keyword, n->keylen);
	if ((in->keyword = df_strndup(ar, n->keyword, n->keylen)) == NULL)
		return -2;
	in->rawflags = (const char *const *)strv_to_arena(ar, &n->flags);
	in->nrawflags = n->flags.n;
	in->args = (const char *const *)strv_to_arena(ar, &n->vals);
	in->nargs = n->vals.n;
	in->json = n->json;
	if (n->sub != NULL) {
		struct df_instr *s = df_alloc(ar, sizeof(*s));

		if (s == NULL || to_instr(p, n->sub, s) < 0)
			return -2;
		in->sub = s;
	}
	return ar->oom ? -2 : 0;
}

static int
push_instr(struct pstate *p, const struct df_instr *in)
{
	if (p->ins.n == p->ins.cap) {
		size_t nc = p->ins.cap ? p->ins.cap * 2 : 32;
		struct df_instr *nv = realloc(p->ins.v, nc * sizeof(*nv));

		if (nv == NULL)
			return -2;
		p->ins.v = nv;
		p->ins.cap = nc;
	}
	p->ins.v[p->ins.n++] = *in;
	return 0;
}

/* Read the heredoc bodies of the instruction on LINE. */
static int
read_heredocs(struct pstate *p, const char *line, size_t len,
    struct df_instr *in, unsigned start, unsigned col)
{
	struct df_lex lx;
	struct df_strv words = { 0 };
	struct hd *hds = NULL;
	size_t nh = 0, i;
	char err[1024];
	int rc = 0;

	memset(&lx, 0, sizeof(lx));
	lx.escape = '\\';
	lx.raw_quotes = 1;
	lx.raw_escapes = 1;
	lx.skip_unset = 1;
	if (df_lex_words(&lx, line, len, &words) == -2)
		return -2;
	if ((hds = calloc(words.n + 1, sizeof(*hds))) == NULL) {
		df_strv_free(&words);
		return -2;
	}
	for (i = 0; i < words.n; i++) {
		rc = parse_heredoc(words.v[i], words.len[i], &hds[nh], err,
		    sizeof(err));
		if (rc == 1) {
			nh++;
			rc = 0;
		} else if (rc < 0) {
			if (rc == -1)
				perr(p, start, col, "%s", err);
			goto out;
		}
	}
	for (i = 0; i < nh; i++) {
		const char *s;
		size_t n, tl;
		int terminated = 0;

		while (next_line(p, &s, &n) == 1) {
			const char *t = s;

			p->line++;
			tl = trim_nl(s, n);
			if (hds[i].chomp)
				while (tl > 0 && *t == '\t') {
					t++;
					tl--;
				}
			if (tl == strlen(hds[i].name) && memcmp(t, hds[i].name,
			    tl) == 0) {
				terminated = 1;
				break;
			}
			df_put(&hds[i].content, s, n);
		}
		if (!terminated) {
			perr(p, start, col, "unterminated heredoc");
			rc = -1;
			goto out;
		}
	}
	if (nh > 0) {
		struct df_heredoc *h = df_alloc(&p->f->ar, nh * sizeof(*h));

		if (h == NULL) {
			rc = -2;
			goto out;
		}
		for (i = 0; i < nh; i++) {
			h[i].name = df_strndup(&p->f->ar, hds[i].name,
			    strlen(hds[i].name));
			h[i].content = df_strndup(&p->f->ar,
			    hds[i].content.s != NULL ? hds[i].content.s : "",
			    hds[i].content.len);
			h[i].contentlen = hds[i].content.len;
			h[i].fd = hds[i].fd;
			h[i].expand = hds[i].expand;
			h[i].chomp = hds[i].chomp;
			if (hds[i].content.oom)
				rc = -2;
		}
		in->heredocs = h;
		in->nheredocs = nh;
	}
out:
	for (i = 0; i < words.n + 1; i++) {
		free(hds[i].name);
		sbuf_free(&hds[i].content);
	}
	free(hds);
	df_strv_free(&words);
	return rc;
}

/* The empty continuation line warning (BuildKit's NoEmptyContinuation). */
static void
warn_empty(struct pstate *p, unsigned line, const char *s, size_t len)
{
	char q[512];

	if (p->warn == NULL)
		return;
	diag_emit(p->warn, p->warg, CTXPACK_LEVEL_WARNING, p->f->name, line, 0,
	    "Empty continuation line found in: %s",
	    diag_quote(q, sizeof(q), s, len));
}

/* parser.Parse: every instruction, or the first error. */
static int
parse_all(struct pstate *p)
{
	const char *s;
	size_t n;
	int r;

	while ((r = next_line(p, &s, &n)) == 1) {
		struct sbuf lb = { 0 };
		struct node nd;
		struct df_instr in;
		const char *t = s;
		size_t tl = n, lead;
		unsigned start, col;
		int eol, empty_cont = 0, rc;
		char err[2048];

		if (p->line == 0 && tl >= 3 && memcmp(t, "\xef\xbb\xbf", 3) ==
		    0) {
			t += 3;
			tl -= 3;
		}
		tl = trim_nl(t, tl);
		lead = df_skip_space(t, tl);
		t += lead;
		tl -= lead;
		col = (unsigned)lead + 1;
		if (directive(p, t, tl, p->line + 1, col) < 0)
			return -1;
		if (is_comment(t, tl))
			tl = 0;
		p->line++;
		start = p->line;
		eol = !continuation(t, &tl, p->escape);
		if (eol && tl == 0)
			continue;
		df_put(&lb, t, tl);
		while (!eol) {
			const char *c;
			size_t cn, ctl;

			if ((r = next_line(p, &c, &cn)) != 1)
				break;
			ctl = trim_nl(c, cn);
			(void)directive(p, c, ctl, p->line + 1, 1);
			p->line++;
			if (is_comment(c, cn))
				continue;
			if (df_skip_space(c, ctl) == ctl) {
				empty_cont = 1;
				continue;
			}
			eol = !continuation(c, &ctl, p->escape);
			df_put(&lb, c, ctl);
		}
		if (lb.oom) {
			sbuf_free(&lb);
			return -2;
		}
		if (r < 0) {
			sbuf_free(&lb);
			break;
		}
		if (empty_cont)
			warn_empty(p, p->line, lb.s != NULL ? lb.s : "",
			    lb.len);
		memset(&nd, 0, sizeof(nd));
		rc = newnode(p, lb.s != NULL ? lb.s : "", lb.len, &nd, err,
		    sizeof(err), 0);
		if (rc == 0 && (nd.vals.oom || nd.flags.oom))
			rc = -2;
		if (rc < 0) {
			if (rc == -1)
				perr(p, start, col, "%s", err);
			node_free(&nd);
			sbuf_free(&lb);
			return rc;
		}
		if (to_instr(p, &nd, &in) < 0 || (in.original =
		    df_strndup(&p->f->ar, lb.s != NULL ? lb.s : "",
		    lb.len)) == NULL) {
			node_free(&nd);
			sbuf_free(&lb);
			return -2;
		}
		in.line = start;
		in.col = col;
		if (in.sub != NULL) {
			struct df_instr *sub = (struct df_instr *)in.sub;

			sub->line = start;
			sub->col = col;
		}
		if (heredoc_cmd(&nd) && memmem(lb.s, lb.len, "<<", 2) != NULL) {
			struct df_instr *target = in.cmd == DF_ONBUILD &&
			    in.sub != NULL ? (struct df_instr *)in.sub : &in;

			rc = read_heredocs(p, lb.s, lb.len, target, start, col);
			if (rc < 0) {
				node_free(&nd);
				sbuf_free(&lb);
				return rc;
			}
			if (target != &in) {
				in.heredocs = target->heredocs;
				in.nheredocs = target->nheredocs;
			}
		}
		in.endline = p->line;
		if (in.sub != NULL)
			((struct df_instr *)in.sub)->endline = p->line;
		node_free(&nd);
		sbuf_free(&lb);
		if (push_instr(p, &in) < 0)
			return -2;
	}
	if (p->ins.n == 0) {
		perr(p, p->line > 0 ? p->line : 1, 1,
		    "file with no instructions");
		return -1;
	}
	if (p->toolong) {
		perr(p, p->line + 1, 1, "dockerfile line greater than max "
		    "allowed size of %d", MAXLINE - 1);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------ syntax check */

/* Is REF the docker/dockerfile frontend (any tag, digest, spelling)? */
static int
docker_frontend(const char *ref)
{
	char buf[1024], *at, *slash, *colon;
	const char *path;

	snprintf(buf, sizeof(buf), "%s", ref);
	if ((at = strchr(buf, '@')) != NULL)
		*at = '\0';
	slash = strrchr(buf, '/');
	colon = strrchr(buf, ':');
	if (colon != NULL && (slash == NULL || colon > slash))
		*colon = '\0';
	path = buf;
	slash = strchr(buf, '/');
	if (slash != NULL) {
		size_t dl = (size_t)(slash - buf);

		if ((dl == 9 && memcmp(buf, "docker.io", 9) == 0) ||
		    (dl == 15 && memcmp(buf, "index.docker.io", 15) == 0))
			path = slash + 1;
		else if (memchr(buf, '.', dl) != NULL ||
		    memchr(buf, ':', dl) != NULL ||
		    (dl == 9 && memcmp(buf, "localhost", 9) == 0))
			return 0;	/* another registry */
	}
	return strcmp(path, "docker/dockerfile") == 0 ||
	    strcmp(path, "docker/dockerfile-upstream") == 0;
}

/*
 * DetectSyntax: "#" directives, then "//" ones, after a "#!" line; the
 * value up to its first space.
 */
static void
detect_syntax(struct pstate *p, const char *buf, size_t len)
{
	static const char *pfx[2] = { "#", "//" };
	int k;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len >= 2 && buf[0] == '#' && buf[1] == '!') {
		const char *nl = memchr(buf, '\n', len);

		len = nl != NULL ? len - (size_t)(nl + 1 - buf) : 0;
		buf = nl != NULL ? nl + 1 : buf + len;
	}
	for (k = 0; k < 2; k++) {
		size_t pos = 0, pl = strlen(pfx[k]);
		int seen[3] = { 0, 0, 0 };

		while (pos < len) {
			const char *l = buf + pos, *nl = memchr(l, '\n',
			    len - pos);
			size_t ll = nl != NULL ? (size_t)(nl - l) : len - pos;
			size_t i, ks, ke, vs, ve;

			pos += ll + 1;
			if (ll > 0 && l[ll - 1] == '\r')
				ll--;
			if (ll < pl || memcmp(l, pfx[k], pl) != 0)
				break;
			i = pl + df_skip_space(l + pl, ll - pl);
			ks = i;
			while (i < ll && ((l[i] >= 'a' && l[i] <= 'z') ||
			    (l[i] >= 'A' && l[i] <= 'Z') || (i > ks &&
			    l[i] >= '0' && l[i] <= '9')))
				i++;
			ke = i;
			if (ke == ks)
				break;
			while (i < ll && (l[i] == ' ' || l[i] == '\t' ||
			    l[i] == '\f' || l[i] == '\r'))
				i++;
			if (i >= ll || l[i] != '=')
				break;
			i++;
			while (i < ll && (l[i] == ' ' || l[i] == '\t' ||
			    l[i] == '\f' || l[i] == '\r'))
				i++;
			vs = i;
			ve = ll;
			while (ve > vs && (l[ve - 1] == ' ' || l[ve - 1] ==
			    '\t' || l[ve - 1] == '\f' || l[ve - 1] == '\r'))
				ve--;
			if (ve == vs)
				break;
			if (ke - ks == 6 && strncasecmp(l + ks, "syntax", 6) ==
			    0) {
				const char *sp = memchr(l + vs, ' ', ve - vs);

				if (seen[0])
					break;
				if (sp != NULL)
					ve = (size_t)(sp - l);
				p->f->syntax = df_strndup(&p->f->ar, l + vs,
				    ve - vs);
				if (p->f->syntax != NULL)
					p->f->syntax_custom =
					    !docker_frontend(p->f->syntax);
				return;
			}
			if (ke - ks == 6 && strncasecmp(l + ks, "escape", 6) ==
			    0 && !seen[1])
				seen[1] = 1;
			else if (ke - ks == 5 && strncasecmp(l + ks, "check",
			    5) == 0 && !seen[2])
				seen[2] = 1;
			else
				break;
		}
	}
}

/* ---------------------------------------------------------------- api */

struct df_file *
df_parse_internal(const char *name, const char *buf, size_t len,
    ctxpack_diag_fn *warn, void *arg, int trigger)
{
	struct df_file *f;
	struct pstate p;
	char err[2048];
	size_t i;
	int rc = 0, seen_from = 0;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if ((f->name = strdup(name != NULL ? name : "Dockerfile")) == NULL) {
		free(f);
		return NULL;
	}
	f->escape = '\\';
	memset(&p, 0, sizeof(p));
	p.f = f;
	p.buf = buf;
	p.len = len;
	p.escape = '\\';
	p.warn = warn;
	p.warg = arg;
	if (!trigger)
		detect_syntax(&p, buf, len);
	if (len == 0 && !trigger) {
		perr(&p, 0, 0, "the Dockerfile cannot be empty");
		rc = -1;
	} else
		rc = parse_all(&p);
	f->escape = p.escape;
	/* what instructions.Parse and toDispatchState check first */
	for (i = 0; rc == 0 && i < p.ins.n; i++) {
		struct df_instr *in = &p.ins.v[i];

		rc = check_instr(&p, in, err, sizeof(err));
		if (rc == -1)
			perr(&p, in->line, in->col, "%s", err);
		if (rc < 0)
			break;
		if (in->cmd == DF_FROM)
			seen_from = 1;
		else if (!seen_from && in->cmd != DF_ARG && !trigger) {
			perr(&p, in->line, in->col,
			    "no build stage in current context");
			rc = -1;
		}
		if (in->cmd == DF_FROM)
			f->nfrom++;
	}
	if (rc == 0 && f->nfrom == 0 && !trigger) {
		perr(&p, p.ins.v[p.ins.n - 1].line, 1,
		    "dockerfile contains no stages to build");
		rc = -1;
	}
	if (rc == -2 || p.oom || f->ar.oom || p.dirs.oom)
		goto oom;
	if (p.ins.n > 0) {
		f->ins = df_memdup(&f->ar, p.ins.v, p.ins.n * sizeof(*f->ins));
		f->nins = p.ins.n;
	}
	if (p.dirs.n > 0) {
		f->ndirs = p.dirs.n / 2;
		f->dirs = df_alloc(&f->ar, f->ndirs * sizeof(*f->dirs));
		for (i = 0; f->dirs != NULL && i < f->ndirs; i++) {
			f->dirs[i].name = df_strndup(&f->ar, p.dirs.v[2 * i],
			    p.dirs.len[2 * i]);
			f->dirs[i].value = df_strndup(&f->ar,
			    p.dirs.v[2 * i + 1], p.dirs.len[2 * i + 1]);
			f->dirs[i].line = p.dirlines[i];
		}
	}
	if (f->ar.oom)
		goto oom;
	if (f->syntax != NULL && f->syntax_custom && warn != NULL)
		diag_emit(warn, arg, CTXPACK_LEVEL_WARNING, f->name, 1, 0,
		    "custom frontend \"%s\" in the syntax directive: the files "
		    "it reads are a guess", f->syntax);
	free(p.ins.v);
	df_strv_free(&p.dirs);
	free(p.dirlines);
	return f;
oom:
	free(p.ins.v);
	df_strv_free(&p.dirs);
	free(p.dirlines);
	df_free(f);
	return NULL;
}

struct df_file *
df_parse(const char *name, const char *buf, size_t len, ctxpack_diag_fn *warn,
    void *arg)
{
	return df_parse_internal(name, buf, len, warn, arg, 0);
}

void
df_free(struct df_file *f)
{
	if (f == NULL)
		return;
	df_arena_free(&f->ar);
	free(f->name);
	free(f);
}

const struct ctxpack_diag *
df_error(const struct df_file *f)
{
	return diag_get(&f->err);
}

size_t
df_ninstrs(const struct df_file *f)
{
	return f->nins;
}

const struct df_instr *
df_instr(const struct df_file *f, size_t i)
{
	return i < f->nins ? &f->ins[i] : NULL;
}

size_t
df_ndirectives(const struct df_file *f)
{
	return f->ndirs;
}

const struct df_directive *
df_directive(const struct df_file *f, size_t i)
{
	return i < f->ndirs ? &f->dirs[i] : NULL;
}

int
df_escape(const struct df_file *f)
{
	return f->escape;
}

const char *
df_syntax(const struct df_file *f, int *custom)
{
	if (custom != NULL)
		*custom = f->syntax != NULL && f->syntax_custom;
	return f->syntax;
}

/* ------------------------------------------------------------- dump */

static void
dump_node(const struct df_instr *in, int legacy, struct sbuf *out)
{
	size_t i, ll, start = out->len;
	char *l = lower(in->keyword, strlen(in->keyword), &ll);
	int sep = in->cmd == DF_ENV || in->cmd == DF_LABEL;

	if (l != NULL) {
		df_put(out, l, ll);
		free(l);
	} else
		out->oom = 1;
	if (in->nrawflags > 0) {
		df_put(out, " [", 2);
		for (i = 0; i < in->nrawflags; i++) {
			if (i > 0)
				sbuf_putc(out, ' ');
			df_quote(out, in->rawflags[i], strlen(in->rawflags[i]));
		}
		sbuf_putc(out, ']');
	}
	for (i = 0; i < in->nargs; i++) {
		if (legacy && sep && i % 3 == 2)
			continue;
		sbuf_putc(out, ' ');
		df_quote(out, in->args[i], strlen(in->args[i]));
	}
	if (in->sub != NULL) {
		df_put(out, " (", 2);
		dump_node(in->sub, legacy, out);
		sbuf_putc(out, ')');
	}
	/* Dump()'s TrimSpace: only a bare keyword can end in space */
	while (out->len > start && (out->s[out->len - 1] == ' '))
		out->len--;
}

void
df_dump_ast(const struct df_file *f, int legacy, struct sbuf *out)
{
	size_t i;

	for (i = 0; i < f->nins; i++) {
		sbuf_putc(out, '(');
		dump_node(&f->ins[i], legacy, out);
		df_put(out, ")\n", 2);
	}
}
