/*
 * test_dockerfile.c: the pieces of the Dockerfile model the goldens of
 * test/dockerfile cannot reach well: the 64 KiB line limit, BOM and CRLF,
 * NUL bytes, the JSON reader's edges, the shell lexer's word operations
 * one by one, filepath.Match, the warning callback, and the matchers'
 * directory and parent answers.
 */
#include <stdlib.h>

#include "dfint.h"
#include "harness.h"

static const struct ctxpack_diag *
parse_err(const char *text, size_t len, struct df_file **fp)
{
	*fp = df_parse("Dockerfile", text, len, NULL, NULL);
	return *fp != NULL ? df_error(*fp) : NULL;
}

DEFINE_TEST(test_df_line_limit)
{
	struct df_file *f;
	const struct ctxpack_diag *d;
	size_t n = 65536 + 20;
	char *buf = malloc(n + 20);

	/* "FROM x", then "ENV a=b" padded to 65535 bytes and a newline */
	memset(buf, ' ', n);
	memcpy(buf, "FROM x\nENV a=b", 14);
	buf[7 + 65535] = '\n';
	assert_true(parse_err(buf, 7 + 65536, &f) == NULL);
	df_free(f);
	/* one byte more on the line: BuildKit's scanner error */
	buf[7 + 65535] = ' ';
	buf[7 + 65536] = '\n';
	d = parse_err(buf, 7 + 65537, &f);
	assert_true(d != NULL && d->line == 2 && strstr(d->msg, "dockerfile "
	    "line greater than max allowed size of 65535") != NULL);
	df_free(f);
	/* the last line may not reach 65536 bytes without its newline */
	assert_true(parse_err(buf, 7 + 65535, &f) == NULL);
	df_free(f);
	d = parse_err(buf, 7 + 65536, &f);
	assert_true(d != NULL && strstr(d->msg, "max allowed size") != NULL);
	df_free(f);
	/* a first line too long: no instruction was read */
	d = parse_err(buf + 7, 65537, &f);
	assert_true(d != NULL && strstr(d->msg, "file with no instructions") !=
	    NULL);
	df_free(f);
	free(buf);
}

DEFINE_TEST(test_df_bom_crlf_nul)
{
	static const char t[] = "\xef\xbb\xbf# escape=`\r\nFROM scratch\r\n"
	    "COPY a`\r\n  b /x/\r\nCOPY c\0d /y/\r\n";
	struct df_file *f = df_parse("Dockerfile", t, sizeof(t) - 1, NULL,
	    NULL);
	const struct df_instr *in;

	assert_true(f != NULL && df_error(f) == NULL);
	assert_int(df_escape(f), '`');
	assert_int(df_ninstrs(f), 3);
	in = df_instr(f, 1);
	assert_int(in->nargs, 3);
	assert_str(in->args[0], "a");
	assert_str(in->args[1], "b");
	in = df_instr(f, 2);
	assert_int(in->line, 5);
	/* the NUL stays in the word (strings are counted in BuildKit) */
	assert_true(in->nargs == 2 && in->args[0][0] == 'c');
	df_free(f);
	/* a BOM only counts on the first line */
	f = df_parse("Dockerfile", "FROM x\n\xef\xbb\xbfRUN a\n", 16, NULL,
	    NULL);
	assert_true(f != NULL && df_error(f) != NULL &&
	    strstr(df_error(f)->msg, "unknown instruction") != NULL);
	df_free(f);
}

static int
json(const char *s, struct df_strv *v)
{
	memset(v, 0, sizeof(*v));
	return df_json_array(s, strlen(s), v);
}

DEFINE_TEST(test_df_json)
{
	struct df_strv v;
	char *deep;
	size_t i;

	assert_int(json("[\"a\", \"b\\n\\u00e9\\ud83d\\ude00\"]", &v), 1);
	assert_int(v.n, 2);
	assert_str(v.v[1], "b\n\xc3\xa9\xf0\x9f\x98\x80");
	df_strv_free(&v);
	/* a lone surrogate and bad UTF-8 become U+FFFD */
	assert_int(json("[\"\\ud800x\", \"\xff\"]", &v), 1);
	assert_str(v.v[0], "\xef\xbf\xbdx");
	assert_str(v.v[1], "\xef\xbf\xbd");
	df_strv_free(&v);
	assert_int(json(" [ ] ", &v), 1);
	assert_int(v.n, 0);
	df_strv_free(&v);
	assert_int(json("[\"a\", null]", &v), -1);
	df_strv_free(&v);
	assert_int(json("[\"a\", {\"k\": [1, 2.5e-3, true]}]", &v), -1);
	df_strv_free(&v);
	/* not JSON: BuildKit reads the shell form */
	assert_int(json("[\"a\",]", &v), 0);
	assert_int(json("[\"a\"] x", &v), 0);
	assert_int(json("[01]", &v), 0);
	assert_int(json("[\"a\tb\"]", &v), 0);
	assert_int(json("[\"\\x\"]", &v), 0);
	assert_int(json("{\"a\": 1}", &v), 0);
	/* nesting: 10000 levels are JSON, 10001 are not */
	if ((deep = malloc(20010)) == NULL) {
		t_fail(__FILE__, __LINE__, "out of memory");
		return;
	}
	for (i = 0; i < 10000; i++)
		deep[i] = '[';
	for (i = 0; i < 10000; i++)
		deep[10000 + i] = ']';
	deep[20000] = '\0';
	assert_int(json(deep, &v), -1);
	df_strv_free(&v);
	memmove(deep + 1, deep, 20001);
	deep[0] = '[';
	strcat(deep, "]");
	assert_int(json(deep, &v), 0);
	free(deep);
}

static int
word_env(void *arg, const char *k, size_t kl, const char **v, size_t *vl)
{
	static const char *const env[] = {
		"V", "value", "P", "/a/b/c.tar.gz", "E", "", "S", "a*b",
		"U", "\xc3\xa9t\xc3\xa9", "X", "aXbXc", NULL
	};
	size_t i;

	(void)arg;
	for (i = 0; env[i] != NULL; i += 2)
		if (strlen(env[i]) == kl && memcmp(env[i], k, kl) == 0) {
			*v = env[i + 1];
			*vl = strlen(env[i + 1]);
			return 1;
		}
	return 0;
}

static void
word(const char *in, const char *want)
{
	struct df_lex lx;
	struct sbuf out = { 0 };
	int rc;

	memset(&lx, 0, sizeof(lx));
	lx.escape = '\\';
	lx.get = word_env;
	rc = df_lex_word(&lx, in, strlen(in), &out);
	if (want == NULL) {
		if (rc != -1)
			t_fail(__FILE__, __LINE__, "%s: no error", in);
	} else if (rc != 0 || strcmp(out.s, want) != 0)
		t_fail(__FILE__, __LINE__, "%s -> \"%s\" (%s), want \"%s\"", in,
		    rc == 0 ? out.s : "", rc == 0 ? "" : lx.err, want);
	sbuf_free(&out);
}

DEFINE_TEST(test_df_lexer)
{
	struct df_lex lx;
	struct df_strv v = { 0 };

	word("$V ${V} ${V}x $Vx", "value value valuex ");
	word("${E:-d} ${E-d} ${E:+p} ${E+p} ${NO-d} ${NO+p}", "d   p d ");
	word("${P#*/} ${P##*/} ${P%/*} ${P%%/*}",
	    "a/b/c.tar.gz c.tar.gz /a/b ");
	word("${P%.*} ${P%%.*} ${P#/a}", "/a/b/c.tar /a/b/c /b/c.tar.gz");
	word("${X/X/-} ${X//X/-} ${X//X/} ${X//?/[$0]}",
	    "a-bXc a-b-c abc [][][][][]");	/* the lexer ate $0 */
	word("${X//X}", NULL);		/* the second '/' is required */
	word("${X//X/\\$0}", "a\\Xb\\Xc");
	word("${S#a\\*} ${S%\\*b}", "b a");
	word("${U%t*} ${U#?}", "\xc3\xa9 t\xc3\xa9");
	word("'$V' \"$V\" \\$V \"a\\\"b\" \"\\x\"", "$V value $V a\"b \\x");
	word("$1 $# ${#} $@x", "   x");
	word("${NO:?}", NULL);
	word("${E:?}", NULL);
	word("${E?}", "");
	word("${V:#x}", NULL);
	word("${V:x}", NULL);
	word("${", NULL);
	word("${V", NULL);
	word("${V/a", NULL);
	word("${P#\\x}", NULL);
	word("\xef\xbb\xbf\xff", "\xef\xbf\xbd");
	/* ProcessWords: the shared words buffer (ab${X:-c}d gives "cd") */
	memset(&lx, 0, sizeof(lx));
	lx.escape = '\\';
	assert_int(df_lex_words(&lx, "a \"b c\" d\\ e ab${NO:-c}d", 24, &v),
	    0);
	assert_int(v.n, 4);
	if (v.n == 4) {
		assert_str(v.v[1], "b c");
		assert_str(v.v[2], "d e");
		assert_str(v.v[3], "cd");
	}
	df_strv_free(&v);
	/* skip_unset keeps what cannot be expanded */
	lx.skip_unset = 1;
	assert_int(df_lex_words(&lx, "$NO ${NO:-x}", 12, &v), 0);
	assert_true(v.n == 2 && strcmp(v.v[0], "$NO") == 0 &&
	    strcmp(v.v[1], "${NO:-x}") == 0);
	df_strv_free(&v);
}

DEFINE_TEST(test_df_fpmatch)
{
	static const struct {
		const char	*pat;
		const char	*name;
		int		 want;
	} t[] = {
		{ "*", "abc", 1 }, { "*", "a/b", 0 }, { "a*/b", "abc/b", 1 },
		{ "a*b*c*d*e*/f", "axbxcxdxe/f", 1 },
		{ "a*b*c*d*e*/f", "axbxcxdxexxx/f", 1 },
		{ "a*b?c*x", "abxbbxdbxebxczzx", 1 },
		{ "a*b?c*x", "abxbbxdbxebxczzy", 0 },
		{ "ab[c]", "abc", 1 }, { "ab[b-d]", "abc", 1 },
		{ "ab[^c]", "abc", 0 }, { "ab[^b-d]", "abe", 1 },
		{ "a\\*b", "a*b", 1 }, { "a\\*b", "ab", 0 },
		{ "a?b", "a\xe2\x98\xba" "b", 1 }, { "a???b", "a\xe2\x98\xba" "b",
		0 }, { "[\\]a]", "]", 1 }, { "[\\-]", "-", 1 },
		{ "[x\\-]", "z", 0 }, { "[a-b-c]", "a", -1 }, { "[", "a", -1 },
		{ "[^", "a", -1 }, { "[^bc", "a", -1 }, { "a[", "a", -1 },
		{ "a[", "ab", -1 }, { "a[", "x", -1 }, { "a/", "a", 0 },
		{ "a/b[", "a/b", -1 }, { "*x", "xxx", 1 }, { "[]a]", "]", -1 },
		{ "[-]", "-", -1 }, { "[x-]", "x", -1 }, { "\\", "a", -1 },
		{ "a[/]b", "a/b", 1 }, { "a?b", "a/b", 0 }, { "*/b", "a/b", 1 },
		{ "**", "ab", 1 }, { "*?", "\xc3\xa9\xc3\xa9", 1 }
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int m = df_fpmatch(t[i].pat, strlen(t[i].pat), t[i].name,
		    strlen(t[i].name));

		if (m != t[i].want)
			t_fail(__FILE__, __LINE__, "Match(%s, %s) = %d, want %d",
			    t[i].pat, t[i].name, m, t[i].want);
	}
	assert_int(df_has_wildcards("a\\*b", 4), 0);
	assert_int(df_has_wildcards("a\\\\*b", 5), 1);
	assert_int(df_has_wildcards("]{}", 3), 0);
}

struct warns {
	int	 n;
	unsigned line[4];
	char	 msg[4][256];
};

static void
on_warn(const struct ctxpack_diag *d, void *arg)
{
	struct warns *w = arg;

	if (w->n < 4) {
		w->line[w->n] = d->line;
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", d->msg);
	}
	w->n++;
}

DEFINE_TEST(test_df_warnings)
{
	static const char t[] = "# syntax=ghcr.io/me/df:1\nFROM scratch\n"
	    "COPY a \\\n\n  b /c/\n";
	struct warns w;
	struct df_file *f;
	int custom;

	memset(&w, 0, sizeof(w));
	f = df_parse("Dockerfile", t, sizeof(t) - 1, on_warn, &w);
	assert_true(f != NULL && df_error(f) == NULL);
	assert_int(w.n, 2);
	assert_int(w.line[0], 5);
	assert_true(strstr(w.msg[0], "Empty continuation line") != NULL);
	assert_true(strstr(w.msg[1], "custom frontend") != NULL);
	assert_str(df_syntax(f, &custom), "ghcr.io/me/df:1");
	assert_int(custom, 1);
	df_free(f);
	/* the official frontend under any spelling is not custom */
	f = df_parse("Dockerfile", "#syntax = docker.io/docker/dockerfile:1\n"
	    "FROM x\n", 47, NULL, NULL);
	assert_true(f != NULL && df_syntax(f, &custom) != NULL && !custom);
	df_free(f);
	f = df_parse("Dockerfile", "// syntax=docker/dockerfile@sha256:ab\n"
	    "FROM x\n", 45, NULL, NULL);
	assert_true(f != NULL && df_syntax(f, &custom) != NULL && !custom);
	df_free(f);
}

static struct df_build *
eval(const char *text, struct df_file **fp)
{
	*fp = df_parse("Dockerfile", text, strlen(text), NULL, NULL);
	if (*fp == NULL || df_error(*fp) != NULL)
		return NULL;
	return df_eval(*fp, NULL, NULL, NULL);
}

static int
m(const struct df_build *b, const char *p, int isdir)
{
	return df_match(b, p, strlen(p), isdir, NULL);
}

DEFINE_TEST(test_df_matchers)
{
	struct df_file *f;
	struct df_build *b;
	const struct df_xfer *x;
	int all;

	b = eval("FROM scratch\nCOPY a/b/c.txt src/*.c /x/\n", &f);
	assert_true(b != NULL && df_build_error(b) == NULL);
	/* ancestors of a literal source are only needed as directories */
	assert_int(m(b, "a", 1), DF_PARENT);
	assert_int(m(b, "a", 0), DF_NO);
	assert_int(m(b, "a/b", 1), DF_PARENT);
	assert_int(m(b, "a/b/c.txt", 0), DF_READ);
	assert_int(m(b, "a/b/c.txt/d", 0), DF_READ);
	assert_int(m(b, "a/bc", 1), DF_NO);
	/* the base of a wildcard is walked, not copied */
	assert_int(m(b, "src", 1), DF_PARENT);
	assert_int(m(b, "src/x.c", 0), DF_READ);
	assert_int(m(b, "src/x.h", 0), DF_NO);
	assert_int(m(b, "src/d.c", 1), DF_READ);
	assert_int(m(b, "src/d.c/deep", 0), DF_READ);
	assert_int(m(b, "src/sub", 1), DF_NO);
	assert_int(df_transfers(b, &x, &all), 2);
	assert_int(all, 0);
	assert_str(x[0].path, "a/b/c.txt");
	assert_int(df_transfer_match(b, "src/x.c", 7, 0), DF_READ);
	assert_int(df_transfer_match(b, "src", 3, 1), DF_PARENT);
	assert_int(df_transfer_match(b, "other", 5, 1), DF_NO);
	df_build_free(b);
	df_free(f);
	/* nothing read: nothing transferred */
	b = eval("FROM alpine\nRUN true\n", &f);
	assert_true(b != NULL && df_transfers(b, NULL, &all) == 0 && !all);
	assert_int(df_transfer_match(b, "x", 1, 0), DF_NO);
	df_build_free(b);
	df_free(f);
	/* a parse error is the build's error too */
	b = eval("FROM scratch\nFOO\n", &f);
	assert_true(b == NULL && f != NULL && df_error(f)->line == 2);
	b = df_eval(f, NULL, NULL, NULL);
	assert_true(b != NULL && df_build_error(b) != NULL &&
	    df_build_error(b)->line == 2 && df_nreads(b) == 0);
	df_build_free(b);
	df_free(f);
}

/* The error of evaluating "FROM alpine\nRUN --mount=M true", or NULL. */
static const char *
mount_err(const char *mnt, char *buf, size_t size)
{
	struct df_file *f;
	struct df_build *b;
	const struct ctxpack_diag *d;
	char text[512];

	snprintf(text, sizeof(text), "FROM alpine\nRUN --mount=%s true\n", mnt);
	buf[0] = '\0';
	b = eval(text, &f);
	if (b == NULL) {
		d = f != NULL ? df_error(f) : NULL;
		snprintf(buf, size, "parse: %s", d != NULL ? d->msg : "?");
	} else if ((d = df_build_error(b)) != NULL)
		snprintf(buf, size, "%s", d->msg);
	df_build_free(b);
	df_free(f);
	return buf[0] != '\0' ? buf : NULL;
}

DEFINE_TEST(test_df_mount_fields)
{
	static const struct {
		const char *mount, *err;	/* err NULL: accepted */
	} t[] = {
		{ "type=bind,ro", NULL },
		{ "type=bind,RO,rw", NULL },
		{ "type=bind,foo", "invalid field 'foo' must be a key=value "
		    "pair" },
		{ "type=bind,required", "unexpected key 'required' for mount "
		    "type 'bind'" },
		{ "required,type=secret,id=a", "unexpected key 'required' for "
		    "mount type 'bind'" },
		{ "type=secret,id=a,required", NULL },
		{ "type=SSH,required=T", NULL },
		{ "type=secret,id=a,required=yes", "invalid value for "
		    "required: yes" },
		{ "type=bind,readonly=0", NULL },
		{ "type=bind,ReadOnly=on", "invalid value for readonly: on" },
		{ "type=tmpfs,target=/t,size=64m", NULL },
		{ "type=tmpfs,target=/t,\"size=1.5 GiB\"", NULL },
		{ "type=tmpfs,target=/t,size=100", NULL },
		{ "type=tmpfs,target=/t,size=0x1p4k", NULL },
		{ "type=tmpfs,target=/t,\"size=inf b\"", NULL },
		{ "type=tmpfs,target=/t,\"size=1 kbb\"", "invalid value for "
		    "size: 1 kbb" },
		{ "type=tmpfs,target=/t,size=1kx", "invalid value for size: "
		    "1kx" },
		{ "type=tmpfs,target=/t,size=1bb", "invalid value for size: "
		    "1bb" },
		{ "type=tmpfs,target=/t,size=-1", "invalid value for size: "
		    "-1" },
		{ "type=tmpfs,target=/t,size=k", "invalid value for size: k" },
		{ "type=tmpfs,target=/t,size=1e999", "invalid value for size: "
		    "1e999" },
		{ "type=tmpfs,target=/t,size=0x10", "invalid value for size: "
		    "0x10" },
		{ "type=bind,size=1", "unexpected key 'size' for mount type "
		    "'bind'" },
		{ "type=cache,target=/c,mode=0755,uid=0,gid=4294967295", NULL },
		{ "type=cache,target=/c,mode=8", "invalid value 8 for mode" },
		{ "type=cache,target=/c,uid=-1", "invalid value -1 for uid" },
		{ "type=cache,target=/c,gid=4294967296", "invalid value "
		    "4294967296 for gid" },
		{ "type=bind,mode=0755", "mode not allowed for \"bind\" type "
		    "mounts" },
		{ "type=cache,target=/c,sharing=LOCKED", NULL },
		{ "type=cache,target=/c,sharing=lockd", "unsupported sharing "
		    "value \"lockd\" (did you mean locked?)" },
		{ "type=bnd", "unsupported mount type \"bnd\" (did you mean "
		    "bind?)" },
		{ "type=volume", "unsupported mount type \"volume\"" },
		{ "type=bind,trget=/x", "unexpected key 'trget' in 'trget=/x' "
		    "(did you mean target?)" },
		{ "type=bind,Colour=red", "unexpected key 'colour' in "
		    "'Colour=red'" },
		{ "type=secret,id=a,env=TOKEN", NULL },
		{ "type=secret,id=a,sharing=shared", "secret mount should not "
		    "define sharing" },
		{ "type=secret,from=x,id=a", "secret mount should not have a "
		    "from" },
		{ "type=secret", "invalid secret mount. one of source, target "
		    "required" },
		{ "type=secret,id=a,src=b", "both source and id can't be set" },
		{ "type=tmpfs,target=/t,sharing=shared", "invalid cache "
		    "sharing set for tmpfs mount" },
		{ "type=bind,from=$X", "parse: 'from' doesn't support variable "
		    "expansion, define alias stage instead" },
		/* a '$' last passes the parser, then names an image */
		{ "type=bind,from=x$", "failed to parse stage name \"x$\": "
		    "invalid reference format" },
	};
	char buf[512];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *e = mount_err(t[i].mount, buf, sizeof(buf));

		if (t[i].err == NULL ? e != NULL : e == NULL ||
		    strcmp(e, t[i].err) != 0)
			fprintf(stderr, "mount %s: got %s\n", t[i].mount,
			    e != NULL ? e : "(accepted)");
		assert_true(t[i].err == NULL ? e == NULL : e != NULL &&
		    strcmp(e, t[i].err) == 0);
	}
}

DEFINE_TEST(test_df_suggest)
{
	static const char *const opts[] = { "from", "copy", "add" };
	char e[64];

	snprintf(e, sizeof(e), "x");
	df_suggest(e, sizeof(e), "FORM", opts, 3, 0);
	assert_str(e, "x (did you mean FROM?)");
	snprintf(e, sizeof(e), "x");
	df_suggest(e, sizeof(e), "Form", opts, 3, 0);
	assert_str(e, "x (did you mean from?)");
	snprintf(e, sizeof(e), "x");
	df_suggest(e, sizeof(e), "FORM", opts, 3, 1);	/* 4 edits away */
	assert_str(e, "x");
	snprintf(e, sizeof(e), "x");
	df_suggest(e, sizeof(e), "COPY", opts, 3, 0);	/* exact: no hint */
	assert_str(e, "x");
	snprintf(e, sizeof(e), "x");
	df_suggest(e, sizeof(e), "\xc3\xa4" "dd", opts, 3, 1); /* one rune */
	assert_str(e, "x (did you mean add?)");
	snprintf(e, sizeof(e), "x");
	df_suggest(e, sizeof(e), "cpy", opts, 3, 1);
	assert_str(e, "x (did you mean copy?)");
}

/*
 * patternmatcher.New trims the transfer's patterns: " a" sends a, so
 * the COPY finds no " a" in what was sent (and BuildKit fails).
 */
DEFINE_TEST(test_df_transfer_trimmed)
{
	struct df_file *f;
	struct df_build *b;

	b = eval("FROM scratch\nCOPY [\" a\", \"b\xe3\x80\x80\", \"/x/\"]\n", &f);
	assert_true(b != NULL && df_build_error(b) == NULL);
	assert_int(df_nreads(b), 2);
	assert_str(df_read(b, 0)->path, " a");
	assert_int(df_read_match(b, 0, " a", 2, 0), DF_READ);
	assert_int(df_transfer_match(b, " a", 2, 0), DF_NO);
	assert_int(df_transfer_match(b, "a", 1, 0), DF_READ);
	assert_int(df_transfer_match(b, "b\xe3\x80\x80", 4, 0), DF_NO);
	assert_int(df_transfer_match(b, "b", 1, 0), DF_READ);
	df_build_free(b);
	df_free(f);
}
