/*
 * dfeval.c: a parsed Dockerfile evaluated the way BuildKit's
 * dockerfile2llb (toDispatchState, dispatch, dispatchArg, dispatchCopy,
 * dispatchRunMounts) evaluates it: global ARGs before the first FROM with
 * the platform ARGs and build args, the base of every stage, the target,
 * the stages each builder runs (BuildKit and buildah: what the target
 * depends on; classic: every stage up to it), ONBUILD triggers of a base
 * stage, stage ARGs and ENV, variable expansion, and every source an
 * instruction reads, with BuildKit's context transfer patterns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfint.h"

#define DEFPATH	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
		"/sbin:/bin"

/* An ordered environment: key, value, key, value, ... */
struct env {
	struct df_strv	kv;
};

struct cmd {
	const struct df_instr	*in;
	const struct df_instr	*loc;		/* where errors are put */
	size_t			 instr;		/* index in the file */
	int			 onbuild;
	long			 from;		/* COPY --from state, -1 */
	long			*msrc;		/* per mount, -1: context */
	size_t			 nmsrc;
};

/* A dispatch state: a stage, or an image named by --from / from=. */
struct st {
	int		 implicit;
	size_t		 stage;		/* registered: its index */
	const char	*image;		/* implicit: the image */
	long		 base;		/* the stage it is FROM, -1 */
	struct cmd	*cmds;
	size_t		 ncmds;
	size_t		 capcmds;
	long		*deps;
	size_t		 ndeps;
	int		 reach;		/* runs with the chosen builder */
	int		 dispatched;
	struct env	 env;
	int		 imgenv;	/* an image may set other variables */
	char		 name[32];	/* stageName for messages */
	const char	*sname;
	int		 trig_done;
	const struct df_instr *loc;	/* implicit: the instruction naming it */
};

struct xread {
	struct df_read	 r;
	struct df_read_m m;
	const char	*xfer;		/* transfer pattern, NULL if none */
};

struct df_build {
	struct df_arena		 ar;
	struct diagbuf		 err;
	const struct df_file	*df;
	struct df_stage		*stages;
	size_t			 nstages;
	long			 target;
	struct st		*st;
	size_t			 nst;
	size_t			 capst;
	struct xread		*reads;
	size_t			 nreads;
	size_t			 capreads;
	struct df_xfer		*xfers;
	size_t			 nxfers;
	int			 xfer_all;
	struct ctxpack_rules	*xrules;
	struct df_file		**trig;
	size_t			 ntrig;
	struct env		 globals;
	const struct df_opts	*opts;
	ctxpack_diag_fn		*warn;
	void			*warg;
	int			 oom;
};

/* ---------------------------------------------------------- helpers */

static void
berr(struct df_build *b, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
berr(struct df_build *b, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	if (b->err.set)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(&b->err, CTXPACK_LEVEL_ERROR, b->df->name, line, col, "%s",
	    msg);
}

static const char *
gq(char *buf, size_t size, const char *s)
{
	struct sbuf q = { 0 };

	df_quote(&q, s, strlen(s));
	snprintf(buf, size, "%s", q.s != NULL ? q.s : "\"\"");
	sbuf_free(&q);
	return buf;
}

static char *
adup(struct df_build *b, const char *s, size_t n)
{
	char *p = df_strndup(&b->ar, s, n);

	if (p == NULL)
		b->oom = 1;
	return p;
}

static int
env_get(void *arg, const char *k, size_t kl, const char **v, size_t *vl)
{
	const struct env *e = arg;
	size_t i;

	for (i = 0; i + 1 < e->kv.n; i += 2)
		if (e->kv.len[i] == kl && memcmp(e->kv.v[i], k, kl) == 0) {
			*v = e->kv.v[i + 1];
			*vl = e->kv.len[i + 1];
			return 1;
		}
	return 0;
}

/* llb AddEnv / EnvList.AddOrReplace. */
static void
env_set(struct env *e, const char *k, size_t kl, const char *v, size_t vl)
{
	size_t i;
	char *nv;

	for (i = 0; i + 1 < e->kv.n; i += 2)
		if (e->kv.len[i] == kl && memcmp(e->kv.v[i], k, kl) == 0) {
			if ((nv = malloc(vl + 1)) == NULL) {
				e->kv.oom = 1;
				return;
			}
			memcpy(nv, v, vl);
			nv[vl] = '\0';
			free(e->kv.v[i + 1]);
			e->kv.v[i + 1] = nv;
			e->kv.len[i + 1] = vl;
			return;
		}
	df_strv_add(&e->kv, k, kl);
	df_strv_add(&e->kv, v, vl);
}

static void
env_copy(struct env *dst, const struct env *src)
{
	size_t i;

	for (i = 0; i < src->kv.n; i++)
		df_strv_add(&dst->kv, src->kv.v[i], src->kv.len[i]);
}

static const char *
build_arg(const struct df_build *b, const char *k, size_t kl)
{
	const char *v = NULL;
	size_t i;

	for (i = 0; i < b->opts->nargs; i++)
		if (b->opts->args[i].value != NULL &&
		    strlen(b->opts->args[i].name) == kl &&
		    memcmp(b->opts->args[i].name, k, kl) == 0)
			v = b->opts->args[i].value;	/* NULL: not given */
	return v;
}

/*
 * ProcessWord of W with ENV into OUT (reset first).  0, or -1 with the
 * error set at IN.  *unset counts variables that were not set.
 */
static int
expand(struct df_build *b, const struct env *env, const struct df_instr *in,
    const char *w, struct sbuf *out, size_t *unset)
{
	struct df_lex lx;
	int rc;

	memset(&lx, 0, sizeof(lx));
	lx.escape = b->df->escape;
	lx.get = env_get;
	lx.arg = (void *)env;
	out->len = 0;
	rc = df_lex_word(&lx, w, strlen(w), out);
	if (rc == -2 || out->oom) {
		b->oom = 1;
		return -1;
	}
	if (rc < 0) {
		berr(b, in->line, in->col, "%s", lx.err);
		return -1;
	}
	if (unset != NULL)
		*unset += lx.unmatched;
	return 0;
}

/* ------------------------------------------------------- git and urls */

/* gitutil.ParseGitRef succeeds and is not IndistinguishableFromLocal. */
static int
is_git(const char *s)
{
	size_t i = 0, k;

	if (strncmp(s, "./", 2) == 0 || strncmp(s, "../", 3) == 0 ||
	    strncmp(s, "github.com/", 11) == 0)
		return 0;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	    (s[i] >= '0' && s[i] <= '9'))
		i++;
	if (i > 0 && strncmp(s + i, "://", 3) == 0) {
		char proto[8];
		const char *host, *path, *end;

		if (i >= sizeof(proto))
			return 0;
		for (k = 0; k < i; k++)
			proto[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ?
			    s[k] + 32 : s[k]);
		proto[i] = '\0';
		if (strcmp(proto, "git") == 0 || strcmp(proto, "ssh") == 0)
			return 1;
		if (strcmp(proto, "http") != 0 && strcmp(proto, "https") != 0)
			return 0;
		/* the URL path must end in ".git" */
		host = s + i + 3;
		path = host + strcspn(host, "/?#");
		if (*path != '/')
			return 0;
		end = path + strcspn(path, "?#");
		return end - path >= 4 && memcmp(end - 4, ".git", 4) == 0;
	}
	/* scp style: user@host:path */
	for (i = 0; (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
	    s[i] == '_'; i++)
		;
	if (i == 0 || s[i] != '@')
		return 0;
	for (k = ++i; (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' &&
	    s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '-' ||
	    s[k] == '.'; k++)
		;
	return k > i && s[k] == ':';
}

static int
is_http(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* ------------------------------------------------- image references */

static int
alnum_lc(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* path-component: [a-z0-9]+ ([_.]|__|-+ [a-z0-9]+)*; END past it. */
static int
path_component(const char *s, const char *e, const char **end)
{
	const char *p = s;

	if (p >= e || !alnum_lc(*p))
		return 0;
	while (p < e && alnum_lc(*p))
		p++;
	while (p < e && (*p == '.' || *p == '_' || *p == '-')) {
		const char *q = p;

		if (*q == '.')
			q++;
		else if (*q == '_')
			q += q + 1 < e && q[1] == '_' ? 2 : 1;
		else
			while (q < e && *q == '-')
				q++;
		if (q >= e || !alnum_lc(*q))
			break;
		while (q < e && alnum_lc(*q))
			q++;
		p = q;
	}
	*end = p;
	return 1;
}

/* A domain: components [a-zA-Z0-9-] (no '-' at either end), ':' port. */
static int
domain_ok(const char *p, const char *e)
{
	for (;;) {
		const char *c = p;

		while (p < e && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
			p++;
		if (p == c || c[0] == '-' || p[-1] == '-')
			return 0;
		if (p < e && *p == '.') {
			p++;
			continue;
		}
		break;
	}
	if (p < e && *p == ':') {
		const char *q = ++p;

		while (p < e && *p >= '0' && *p <= '9')
			p++;
		if (p == q)
			return 0;
	}
	return p == e;
}

/*
 * distribution/reference's ParseNormalizedNamed: 0 if S is a valid image
 * reference, else -1 with the reason in WHY (WHYSZ bytes).
 */
static int
ref_check(const char *s, char *why, size_t whysz)
{
	size_t n = strlen(s), i;
	const char *slash = strchr(s, '/'), *rem = s, *e, *at, *tag, *p, *c;
	int dom = 0, hex = n == 64;

	snprintf(why, whysz, "invalid reference format");
	for (i = 0; hex && i < n; i++)
		hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f');
	if (hex) {
		snprintf(why, whysz, "invalid repository name (%s), cannot "
		    "specify 64-byte hexadecimal strings", s);
		return -1;
	}
	/* splitDockerDomain */
	if (slash != NULL) {
		for (p = s; p < slash; p++)
			if (*p == '.' || *p == ':' || (*p >= 'A' && *p <= 'Z'))
				dom = 1;
		if (slash - s == 9 && memcmp(s, "localhost", 9) == 0)
			dom = 1;
		if (dom)
			rem = slash + 1;
	}
	tag = strchr(rem, ':');
	e = tag != NULL ? tag : rem + strlen(rem);
	for (p = rem; p < e; p++)
		if (*p >= 'A' && *p <= 'Z') {
			snprintf(why, whysz, "invalid reference format: "
			    "repository name (%.*s) must be lowercase",
			    (int)(e - rem), rem);
			return -1;
		}
	if (dom && !domain_ok(s, slash))
		return -1;
	/* the path, then ":tag" and "@digest" */
	at = strchr(rem, '@');
	e = at != NULL ? at : rem + strlen(rem);
	tag = NULL;
	for (p = rem; p < e; p++)
		if (*p == ':')
			tag = p;
	for (p = rem;;) {
		if (!path_component(p, tag != NULL ? tag : e, &c))
			return -1;
		p = c;
		if (p < (tag != NULL ? tag : e) && *p == '/') {
			p++;
			continue;
		}
		break;
	}
	if (p != (tag != NULL ? tag : e))
		return -1;
	if ((size_t)(p - s) > 255) {
		snprintf(why, whysz, "invalid reference format: repository name "
		    "must not be more than 255 characters");
		return -1;
	}
	if (tag != NULL) {
		size_t tl = (size_t)(e - tag - 1);

		if (tl == 0 || tl > 128 || tag[1] == '.' || tag[1] == '-')
			return -1;
		for (p = tag + 1; p < e; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '_' || *p == '.' || *p == '-'))
				return -1;
	}
	if (at != NULL) {
		const char *dc = strchr(at + 1, ':');
		size_t hl;

		if (dc == NULL || !((at[1] >= 'a' && at[1] <= 'z') ||
		    (at[1] >= 'A' && at[1] <= 'Z')))
			return -1;
		for (p = at + 1; p < dc; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '+' || *p == '.' || *p == '-' || *p == '_'))
				return -1;
		hl = strlen(dc + 1);
		if (hl < 32 || strspn(dc + 1, "0123456789abcdefABCDEF") != hl)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ states */

static long
add_state(struct df_build *b)
{
	struct st *s;

	if (b->nst == b->capst) {
		size_t nc = b->capst ? b->capst * 2 : 16;
		struct st *ns = realloc(b->st, nc * sizeof(*ns));

		if (ns == NULL) {
			b->oom = 1;
			return -1;
		}
		b->st = ns;
		b->capst = nc;
	}
	s = &b->st[b->nst];
	memset(s, 0, sizeof(*s));
	s->base = -1;
	return (long)b->nst++;
}

static long
implicit_state(struct df_build *b, const char *image,
    const struct df_instr *loc)
{
	long i = add_state(b);

	if (i >= 0) {
		b->st[i].implicit = 1;
		b->st[i].image = image;
		b->st[i].dispatched = 1;
		b->st[i].loc = loc;
	}
	return i;
}

/* findStateByName: the stage with that (lower-cased) name, -1. */
static long
stage_by_name(struct df_build *b, const char *name, size_t upto)
{
	char *l;
	size_t i, n = strlen(name);
	long found = -1;

	if (n == 0)
		return -1;
	if ((l = malloc(n + 1)) == NULL) {
		b->oom = 1;
		return -1;
	}
	df_golower(l, name, n);
	for (i = 0; i < upto && i < b->nstages; i++)
		if (strcmp(b->stages[i].name, l) == 0)
			found = (long)i;
	free(l);
	return found;
}

static void
add_dep(struct df_build *b, struct st *s, long d)
{
	long *nd;
	size_t i;

	for (i = 0; i < s->ndeps; i++)
		if (s->deps[i] == d)
			return;
	if ((nd = realloc(s->deps, (s->ndeps + 1) * sizeof(*nd))) == NULL) {
		b->oom = 1;
		return;
	}
	s->deps = nd;
	s->deps[s->ndeps++] = d;
}

static struct cmd *
add_cmd(struct df_build *b, struct st *s)
{
	struct cmd *c;

	if (s->ncmds == s->capcmds) {
		size_t nc = s->capcmds ? s->capcmds * 2 : 16;
		struct cmd *n = realloc(s->cmds, nc * sizeof(*n));

		if (n == NULL) {
			b->oom = 1;
			return NULL;
		}
		s->cmds = n;
		s->capcmds = nc;
	}
	c = &s->cmds[s->ncmds++];
	memset(c, 0, sizeof(*c));
	c->from = -1;
	return c;
}

/* The value of KEY in a raw --mount spec ("" if absent). */
static char *
mount_field(const char *spec, const char *key)
{
	struct df_strv f = { 0 };
	char err[256], *v = NULL;
	size_t i, kl = strlen(key);

	if (df_csv_fields(spec, strlen(spec), &f, err, sizeof(err)) == 0)
		for (i = 0; i < f.n; i++)
			if (strncasecmp(f.v[i], key, kl) == 0 &&
			    f.v[i][kl] == '=') {
				free(v);
				v = strdup(f.v[i] + kl + 1);
			}
	df_strv_free(&f);
	return v != NULL ? v : strdup("");
}

/* toCommand: the sources of COPY --from and RUN --mount from=. */
static int
to_command(struct df_build *b, long si, struct cmd *c)
{
	const struct df_instr *in = c->in;
	const struct df_flag *f;
	size_t i;

	if (in->cmd == DF_COPY && (f = df_flag(in, "from")) != NULL &&
	    f->value[0] != '\0') {
		char *end;
		long idx;
		int num = 0;

		/* strconv.Atoi */
		{
			const char *v = f->value, *d = v;

			if (*d == '+' || *d == '-')
				d++;
			if (*d != '\0' && strspn(d, "0123456789") ==
			    strlen(d) && strlen(d) < 18)
				num = 1;
		}
		if (num) {
			idx = strtol(f->value, &end, 10);
			if (idx < 0 || (size_t)idx >= b->nst) {
				berr(b, c->loc->line, c->loc->col, "invalid stage index "
				    "%ld", idx);
				return -1;
			}
			c->from = idx;
		} else {
			long k = stage_by_name(b, f->value, b->nstages);

			c->from = k >= 0 ? k : implicit_state(b, f->value, c->loc);
		}
		add_dep(b, &b->st[si], c->from);
	}
	if (in->cmd == DF_RUN) {
		for (i = 0; i < in->nflags; i++)
			if (strcmp(in->flags[i].name, "mount") == 0)
				c->nmsrc++;
		if (c->nmsrc > 0 && (c->msrc = calloc(c->nmsrc,
		    sizeof(*c->msrc))) == NULL) {
			b->oom = 1;
			return -1;
		}
		for (c->nmsrc = 0, i = 0; i < in->nflags; i++) {
			char *from;
			long k;

			if (strcmp(in->flags[i].name, "mount") != 0)
				continue;
			if ((from = mount_field(in->flags[i].value, "from")) ==
			    NULL) {
				b->oom = 1;
				return -1;
			}
			/* a mount without from: a "scratch" pseudo source */
			k = stage_by_name(b, from[0] != '\0' ? from : "scratch",
			    b->nstages);
			if (k < 0)
				k = implicit_state(b, from[0] != '\0' ?
				    adup(b, from, strlen(from)) : "scratch",
				    c->loc);
			free(from);
			c->msrc[c->nmsrc++] = k;
			if (k >= 0)
				add_dep(b, &b->st[si], k);
		}
	}
	return b->oom ? -1 : 0;
}

/* ------------------------------------------------------------- reads */

static struct xread *
add_read(struct df_build *b, size_t stage, const struct cmd *c,
    enum df_kind kind)
{
	struct xread *x;

	if (b->nreads == b->capreads) {
		size_t nc = b->capreads ? b->capreads * 2 : 16;
		struct xread *n = realloc(b->reads, nc * sizeof(*n));

		if (n == NULL) {
			b->oom = 1;
			return NULL;
		}
		b->reads = n;
		b->capreads = nc;
	}
	x = &b->reads[b->nreads++];
	memset(x, 0, sizeof(*x));
	x->r.stage = stage;
	x->r.instr = c->instr;
	x->r.line = b->df->ins[c->instr].line;
	x->r.onbuild = c->onbuild;
	x->r.kind = kind;
	x->r.from_stage = -1;
	return x;
}

/* path.Join("/", p): cleaned, always absolute. */
static char *
abs_clean(struct df_build *b, const char *p)
{
	size_t n = strlen(p);
	char *t = malloc(n + 3), *o = malloc(n + 4), *r;
	size_t l;

	if (t == NULL || o == NULL) {
		free(t);
		free(o);
		b->oom = 1;
		return NULL;
	}
	t[0] = '/';
	memcpy(t + 1, p, n);
	l = go_clean(t, n + 1, o);
	r = adup(b, o, l);
	free(t);
	free(o);
	return r;
}

static void
set_origin(struct df_build *b, struct xread *x, long from)
{
	const struct st *s = &b->st[from];

	if (s->implicit) {
		x->r.origin = DF_FROM_IMAGE;
	} else {
		x->r.origin = DF_FROM_STAGE;
		x->r.from_stage = (long)s->stage;
	}
}

/* A context read of PATH (absolute, cleaned) with its matcher. */
static int
ctx_read(struct df_build *b, struct xread *x, const char *abspath,
    int literal, const char *pattern, const char *const *excl, size_t nexcl)
{
	const struct df_instr *in = &b->df->ins[x->r.instr];
	struct diagbuf e;

	x->r.origin = DF_FROM_CONTEXT;
	x->r.path = abspath + 1;
	x->r.pattern = pattern;
	x->r.excludes = excl;
	x->r.nexcludes = nexcl;
	x->r.wildcard = !literal && df_has_wildcards(x->r.path,
	    strlen(x->r.path));
	x->r.whole = x->r.path[0] == '\0' && pattern == NULL && nexcl == 0;
	memset(&e, 0, sizeof(e));
	if (df_read_m_init(&x->m, &b->ar, x->r.path, literal, pattern, excl,
	    nexcl, &e) < 0) {
		if (e.set)
			berr(b, in->line, in->col, "%s", e.msg);
		else
			b->oom = 1;
		return -1;
	}
	return 0;
}

static void
add_xfer(struct df_build *b, const char *src, unsigned line)
{
	struct df_xfer *n;
	const char *a = abs_clean(b, src);

	if (a == NULL)
		return;
	if ((n = realloc(b->xfers, (b->nxfers + 1) * sizeof(*n))) == NULL) {
		b->oom = 1;
		return;
	}
	b->xfers = n;
	n[b->nxfers].path = a + 1;
	n[b->nxfers].line = line;
	b->nxfers++;
}

/* ------------------------------------------------------------ dispatch */

static int
dispatch_arg(struct df_build *b, struct st *s, const struct cmd *c)
{
	const struct df_instr *in = c->in;
	struct sbuf w = { 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < in->nargs && rc == 0; i++) {
		const char *a = in->args[i], *eq = strchr(a, '=');
		size_t kl = eq != NULL ? (size_t)(eq - a) : strlen(a);
		const char *bv = build_arg(b, a, kl), *v = NULL, *gv;
		size_t vl = 0;

		if (eq == NULL && bv == NULL && env_get(&b->globals, a, kl, &gv,
		    &vl))
			v = gv;
		if (bv != NULL) {
			v = bv;
			vl = strlen(bv);
		} else if (eq != NULL) {
			if ((rc = expand(b, &s->env, c->loc, eq + 1, &w, NULL)) <
			    0)
				break;
			v = w.s;
			vl = w.len;
		}
		if (v != NULL && !(kl == 26 && memcmp(a,
		    "BUILDKIT_SBOM_SCAN_CONTEXT", 26) == 0) && !(kl == 24 &&
		    memcmp(a, "BUILDKIT_SBOM_SCAN_STAGE", 24) == 0))
			env_set(&s->env, a, kl, v, vl);
	}
	sbuf_free(&w);
	return rc;
}

static int
expand_all(struct df_build *b, struct st *s, const struct df_instr *loc,
    const struct df_instr *in, size_t from, size_t to, size_t step)
{
	struct sbuf w = { 0 };
	size_t i;
	int rc = 0;

	for (i = from; i < to && rc == 0; i += step)
		rc = expand(b, &s->env, loc, in->args[i], &w, NULL);
	sbuf_free(&w);
	return rc;
}

static int
dispatch_env(struct df_build *b, struct st *s, const struct cmd *c,
    int apply)
{
	const struct df_instr *in = c->in;
	struct df_strv kv = { 0 };
	struct sbuf w = { 0 };
	size_t i;
	int rc = 0;

	/* every key and value is expanded first, then set */
	for (i = 0; i + 2 < in->nargs + 1 && rc == 0; i += 3) {
		if ((rc = expand(b, &s->env, c->loc, in->args[i], &w, NULL)) <
		    0)
			break;
		df_strv_add(&kv, w.s, w.len);
		if ((rc = expand(b, &s->env, c->loc, in->args[i + 1], &w,
		    NULL)) < 0)
			break;
		df_strv_add(&kv, w.s, w.len);
	}
	for (i = 0; rc == 0 && apply && i + 1 < kv.n; i += 2)
		env_set(&s->env, kv.v[i], kv.len[i], kv.v[i + 1],
		    kv.len[i + 1]);
	if (kv.oom || w.oom)
		b->oom = 1;
	df_strv_free(&kv);
	sbuf_free(&w);
	return rc;
}

static int
dispatch_copy(struct df_build *b, struct st *s, const struct cmd *c)
{
	const struct df_instr *in = c->in;
	const struct df_flag *f, *parents, *cks;
	const char **excl = NULL;
	struct sbuf w = { 0 };
	char **exp = NULL, q1[1100], q2[128];
	size_t *unset = NULL, i, n = 0, nex = 0;
	int add = in->cmd == DF_ADD, par;

	/* Expand: --chown, --checksum, the sources, the destination */
	if ((f = df_flag(in, "chown")) != NULL &&
	    expand(b, &s->env, c->loc, f->value, &w, NULL) < 0)
		goto fail;
	cks = add ? df_flag(in, "checksum") : NULL;
	if (cks != NULL) {
		if (expand(b, &s->env, c->loc, cks->value, &w, NULL) < 0)
			goto fail;
		if (w.len == 0)
			cks = NULL;	/* BuildKit checks the expanded value */
	}
	if ((exp = calloc(in->nargs, sizeof(*exp))) == NULL ||
	    (unset = calloc(in->nargs, sizeof(*unset))) == NULL) {
		b->oom = 1;
		goto fail;
	}
	for (i = 0; i + 1 < in->nargs; i++) {
		if (df_is_heredoc(in->args[i], strlen(in->args[i])))
			continue;
		if (expand(b, &s->env, c->loc, in->args[i], &w, &unset[i]) < 0 ||
		    (exp[i] = adup(b, w.s, w.len)) == NULL)
			goto fail;
		n++;
	}
	if (expand_all(b, s, c->loc, in, in->nargs - 1, in->nargs, 1) < 0)
		goto fail;
	for (i = 0; i < in->nflags; i++)
		nex += strcmp(in->flags[i].name, "exclude") == 0;
	if (nex > 0) {
		if ((excl = df_alloc(&b->ar, nex * sizeof(*excl))) == NULL) {
			b->oom = 1;
			goto fail;
		}
		for (nex = 0, i = 0; i < in->nflags; i++)
			if (strcmp(in->flags[i].name, "exclude") == 0)
				excl[nex++] = in->flags[i].value;
	}
	if (c->from >= 0 && !b->st[c->from].dispatched) {
		berr(b, c->loc->line, c->loc->col, "cannot copy from stage %s, it needs "
		    "to be defined before current stage %s",
		    gq(q1, sizeof(q1), df_flag(in, "from")->value),
		    gq(q2, sizeof(q2), s->sname));
		goto fail;
	}
	if (cks != NULL) {
		for (i = 0; i + 1 < in->nargs && exp[i] == NULL; i++)
			;
		if (n != 1) {
			berr(b, c->loc->line, c->loc->col, "checksum can't be specified "
			    "for multiple sources");
			goto fail;
		}
		if (!is_http(exp[i]) || is_git(exp[i])) {
			berr(b, c->loc->line, c->loc->col, "checksum can't be specified "
			    "for non-HTTP(S) sources");
			goto fail;
		}
	}
	parents = add ? NULL : df_flag(in, "parents");
	par = parents != NULL && strcmp(parents->value, "true") == 0;
	for (i = 0; i + 1 < in->nargs; i++) {
		const char *e = exp[i];
		struct xread *x;

		if (e == NULL)
			continue;	/* a heredoc: inline content */
		if (!add && is_git(e)) {
			berr(b, c->loc->line, c->loc->col, "source can't be a git ref "
			    "for COPY");
			goto fail;
		}
		if (!add && is_http(e)) {
			berr(b, c->loc->line, c->loc->col, "source can't be a URL for "
			    "COPY");
			goto fail;
		}
		if ((x = add_read(b, s->stage, c, add ? DF_KIND_ADD :
		    DF_KIND_COPY)) == NULL)
			goto fail;
		x->r.source = in->args[i];
		x->r.expanded = e;
		x->r.uncertain = unset[i] > 0 && s->imgenv;
		x->r.parents = par;
		x->r.excludes = excl;
		x->r.nexcludes = nex;
		if (c->from >= 0) {
			x->r.from = df_flag(in, "from")->value;
			set_origin(b, x, c->from);
			continue;
		}
		if (add && is_git(e)) {
			x->r.origin = DF_FROM_GIT;
			add_xfer(b, e, x->r.line);
			continue;
		}
		if (add && is_http(e)) {
			x->r.origin = DF_FROM_URL;
			continue;
		}
		add_xfer(b, e, x->r.line);
		if (par) {
			/* the optional "/./" pivot */
			const char *pv = strstr(e, "/./");
			char *pat, *base;

			if (pv != NULL) {
				char *pre = adup(b, e, (size_t)(pv - e));

				pat = abs_clean(b, pv + 3);
				base = pre != NULL ? abs_clean(b, pre) : NULL;
			} else {
				pat = abs_clean(b, e);
				base = abs_clean(b, "");
			}
			if (pat == NULL || base == NULL ||
			    ctx_read(b, x, base, 0, pat + 1, excl, nex) < 0)
				goto fail;
		} else {
			char *a = abs_clean(b, e);

			if (a == NULL || ctx_read(b, x, a, 0, NULL, excl,
			    nex) < 0)
				goto fail;
		}
	}
	free(exp);
	free(unset);
	sbuf_free(&w);
	return b->oom ? -1 : 0;
fail:
	free(exp);
	free(unset);
	sbuf_free(&w);
	return -1;
}

/* What parseMount keeps of a mount (strings in the arena). */
struct mount {
	const char	*type;
	const char	*from;
	const char	*source;
	const char	*target;
	const char	*id;
	int		 mode;
	int		 uid;
	int		 gid;
	int		 sharing;
};

static const char *const mount_types[] = {
	"bind", "cache", "tmpfs", "secret", "ssh"
};
static const char *const share_modes[] = { "shared", "private", "locked" };
static const char *const mount_keys[] = {
	"type", "from", "source", "target", "readonly", "id", "sharing",
	"required", "size", "mode", "uid", "gid", "src", "dst",
	"destination", "ro", "rw", "readwrite", "env"
};

static int
in_list(const char *v, const char *const *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v, l[i]) == 0)
			return 1;
	return 0;
}

/* One field of parseMount (with the expander): 0, or -1 and an error. */
static int
mount_kv(struct df_build *b, struct st *s, const struct cmd *c,
    const char *fld, struct mount *m, struct sbuf *w, size_t *unset)
{
	const char *eq = strchr(fld, '=');
	size_t kl = eq != NULL ? (size_t)(eq - fld) : strlen(fld);
	int secret = strcmp(m->type, "secret") == 0 ||
	    strcmp(m->type, "ssh") == 0, bv;
	char err[1024], *key, *v;
	size_t vl;

	if ((key = adup(b, fld, kl)) == NULL)
		return -1;
	df_golower(key, key, kl);	/* in place: never longer */
	if (eq == NULL) {
		if (strcmp(key, "readonly") == 0 || strcmp(key, "ro") == 0 ||
		    strcmp(key, "readwrite") == 0 || strcmp(key, "rw") == 0 ||
		    (strcmp(key, "required") == 0 && secret))
			return 0;
		if (strcmp(key, "required") == 0)
			berr(b, c->loc->line, c->loc->col, "unexpected key "
			    "'required' for mount type '%s'", m->type);
		else
			berr(b, c->loc->line, c->loc->col, "invalid field '%s' "
			    "must be a key=value pair", fld);
		return -1;
	}
	w->len = 0;
	if (expand(b, &s->env, c->loc, eq + 1, w, unset) < 0)
		return -1;
	vl = w->len;
	if ((v = adup(b, w->s, vl)) == NULL)
		return -1;
	err[0] = '\0';
	if (strcmp(key, "type") == 0) {
		char *t = adup(b, v, vl), q[512];

		if (t == NULL)
			return -1;
		df_golower(t, t, vl);
		if (!in_list(t, mount_types, 5)) {
			snprintf(err, sizeof(err), "unsupported mount type %s",
			    gq(q, sizeof(q), v));
			df_suggest(err, sizeof(err), v, mount_types, 5, 1);
		} else
			m->type = t;
	} else if (strcmp(key, "from") == 0)
		m->from = v;
	else if (strcmp(key, "source") == 0 || strcmp(key, "src") == 0)
		m->source = v;
	else if (strcmp(key, "target") == 0 || strcmp(key, "dst") == 0 ||
	    strcmp(key, "destination") == 0)
		m->target = v;
	else if (strcmp(key, "readonly") == 0 || strcmp(key, "ro") == 0 ||
	    strcmp(key, "readwrite") == 0 || strcmp(key, "rw") == 0) {
		if (df_go_parsebool(v, &bv) < 0)
			snprintf(err, sizeof(err), "invalid value for %s: %s",
			    key, v);
	} else if (strcmp(key, "required") == 0) {
		if (!secret)
			snprintf(err, sizeof(err), "unexpected key 'required' "
			    "for mount type '%s'", m->type);
		else if (df_go_parsebool(v, &bv) < 0)
			snprintf(err, sizeof(err), "invalid value for %s: %s",
			    key, v);
	} else if (strcmp(key, "size") == 0) {
		if (strcmp(m->type, "tmpfs") != 0)
			snprintf(err, sizeof(err), "unexpected key 'size' for "
			    "mount type '%s'", m->type);
		else if (df_go_raminbytes(v) < 0)
			snprintf(err, sizeof(err), "invalid value for %s: %s",
			    key, v);
	} else if (strcmp(key, "id") == 0)
		m->id = v;
	else if (strcmp(key, "sharing") == 0) {
		char *t = adup(b, v, vl), q[512];

		if (t == NULL)
			return -1;
		df_golower(t, t, vl);
		if (!in_list(t, share_modes, 3)) {
			snprintf(err, sizeof(err), "unsupported sharing value "
			    "%s", gq(q, sizeof(q), v));
			df_suggest(err, sizeof(err), v, share_modes, 3, 1);
		} else
			m->sharing = 1;
	} else if (strcmp(key, "mode") == 0 || strcmp(key, "uid") == 0 ||
	    strcmp(key, "gid") == 0) {
		if (df_go_parseuint32(v, key[0] == 'm' ? 8 : 10) < 0)
			snprintf(err, sizeof(err), "invalid value %s for %s", v,
			    key);
		else if (key[0] == 'm')
			m->mode = 1;
		else if (key[0] == 'u')
			m->uid = 1;
		else
			m->gid = 1;
	} else if (strcmp(key, "env") != 0) {
		snprintf(err, sizeof(err), "unexpected key '%s' in '%s'", key,
		    fld);
		df_suggest(err, sizeof(err), key, mount_keys,
		    sizeof(mount_keys) / sizeof(mount_keys[0]), 1);
	}
	if (err[0] != '\0') {
		berr(b, c->loc->line, c->loc->col, "%s", err);
		return -1;
	}
	return b->oom ? -1 : 0;
}

/* parseMount's checks of the whole mount. */
static int
mount_check(struct df_build *b, const struct cmd *c, const struct mount *m)
{
	const char *t = m->type;
	int fileinfo = strcmp(t, "secret") == 0 || strcmp(t, "ssh") == 0 ||
	    strcmp(t, "cache") == 0;

	if (!fileinfo && (m->mode || m->uid || m->gid))
		berr(b, c->loc->line, c->loc->col, "%s not allowed for \"%s\" "
		    "type mounts", m->mode ? "mode" : m->uid ? "uid" : "gid", t);
	else if (strcmp(t, "secret") == 0 && m->from[0] != '\0')
		berr(b, c->loc->line, c->loc->col, "secret mount should not "
		    "have a from");
	else if (strcmp(t, "secret") == 0 && m->sharing)
		berr(b, c->loc->line, c->loc->col, "secret mount should not "
		    "define sharing");
	else if (strcmp(t, "secret") == 0 && m->source[0] == '\0' &&
	    m->target[0] == '\0' && m->id[0] == '\0')
		berr(b, c->loc->line, c->loc->col, "invalid secret mount. one of "
		    "source, target required");
	else if (strcmp(t, "secret") == 0 && m->source[0] != '\0' &&
	    m->id[0] != '\0')
		berr(b, c->loc->line, c->loc->col, "both source and id can't be "
		    "set");
	else if (m->sharing && strcmp(t, "cache") != 0)
		berr(b, c->loc->line, c->loc->col, "invalid cache sharing set "
		    "for %s mount", t);
	else
		return 0;
	return -1;
}

/* parseMount with the expander, and what the mount reads. */
static int
dispatch_mounts(struct df_build *b, struct st *s, const struct cmd *c)
{
	const struct df_instr *in = c->in;
	struct sbuf w = { 0 };
	size_t i, k, mi = 0, unset;
	char err[1024];
	int rc = 0;

	for (i = 0; i < in->nflags && rc == 0; i++) {
		struct df_strv f = { 0 };
		struct mount m = { "bind", "", "", "", "", 0, 0, 0, 0 };
		const char *type, *source, *from;
		struct xread *x;
		long ms;

		if (strcmp(in->flags[i].name, "mount") != 0)
			continue;
		ms = c->msrc != NULL && mi < c->nmsrc ? c->msrc[mi] : -1;
		mi++;
		if (df_csv_fields(in->flags[i].value, strlen(in->flags[i].value),
		    &f, err, sizeof(err)) < 0) {
			berr(b, c->loc->line, c->loc->col, "%s", err);
			df_strv_free(&f);
			return -1;
		}
		unset = 0;
		for (k = 0; k < f.n && rc == 0; k++)
			rc = mount_kv(b, s, c, f.v[k], &m, &w, &unset);
		df_strv_free(&f);
		if (rc == 0)
			rc = mount_check(b, c, &m);
		type = m.type;
		from = m.from;
		source = m.source;
		if (rc < 0)
			break;
		if (strcmp(type, "secret") == 0 || strcmp(type, "ssh") == 0)
			continue;
		if (strcmp(type, "tmpfs") == 0) {
			/* BuildKit lists the (empty) source of a tmpfs
			   mount in the context transfer */
			if (from[0] == '\0')
				add_xfer(b, source, b->df->ins[c->instr].line);
			continue;
		}
		if (strcmp(type, "cache") == 0 && from[0] == '\0')
			continue;	/* from scratch */
		if ((x = add_read(b, s->stage, c, strcmp(type, "cache") == 0 ?
		    DF_KIND_CACHE : DF_KIND_BIND)) == NULL) {
			rc = -1;
			break;
		}
		x->r.source = source;
		x->r.expanded = source;
		x->r.uncertain = unset > 0 && s->imgenv;
		if (from[0] != '\0') {
			x->r.from = from;
			if (ms >= 0)
				set_origin(b, x, ms);
			continue;
		}
		add_xfer(b, source, x->r.line);
		{
			char *a = abs_clean(b, source);

			/* a bind source is one literal path */
			if (a == NULL || ctx_read(b, x, a, 1, NULL, NULL, 0) <
			    0) {
				rc = -1;
				break;
			}
		}
	}
	sbuf_free(&w);
	return rc < 0 || b->oom ? -1 : 0;
}

static int
dispatch(struct df_build *b, struct st *s, const struct cmd *c)
{
	const struct df_instr *in = c->in;
	size_t i;
	int rc = 0;

	switch (in->cmd) {
	case DF_ENV:
		return dispatch_env(b, s, c, 1);
	case DF_LABEL:
		return dispatch_env(b, s, c, 0);
	case DF_ARG:
		return dispatch_arg(b, s, c);
	case DF_ADD:
	case DF_COPY:
		return dispatch_copy(b, s, c);
	case DF_RUN:
		return dispatch_mounts(b, s, c);
	case DF_WORKDIR:
	case DF_USER:
	case DF_STOPSIGNAL:
	case DF_VOLUME:
		return expand_all(b, s, c->loc, in, 0, in->nargs, 1);
	case DF_EXPOSE:
		for (i = 0; i < in->nargs && rc == 0; i++) {
			struct df_lex lx;
			struct df_strv v = { 0 };

			memset(&lx, 0, sizeof(lx));
			lx.escape = b->df->escape;
			lx.get = env_get;
			lx.arg = &s->env;
			rc = df_lex_words(&lx, in->args[i], strlen(in->args[i]),
			    &v);
			if (rc == -1)
				berr(b, c->loc->line, c->loc->col, "%s",
				    lx.err);
			else if (rc == -2)
				b->oom = 1;
			df_strv_free(&v);
		}
		return rc < 0 ? -1 : 0;
	default:
		break;
	}
	return 0;
}

/* --------------------------------------------------------- triggers */

/*
 * initOnBuildTriggers: the ONBUILD instructions of the base stage run
 * first in a stage built FROM it.  Each expression is parsed anew (the
 * default escape), and must be one instruction other than FROM.
 */
static int
init_triggers(struct df_build *b, long si)
{
	struct st *s = &b->st[si];
	const struct st *base;
	struct cmd *old = s->cmds, *c;
	size_t nold = s->ncmds, i, k;

	if (s->trig_done || s->base < 0)
		return 0;
	s->trig_done = 1;
	base = &b->st[s->base];
	s->cmds = NULL;
	s->ncmds = s->capcmds = 0;
	for (i = 0; i < base->ncmds; i++) {
		const struct df_instr *on = base->cmds[i].in;
		const struct df_instr *fi = &b->df->ins[b->stages[s->stage].instr];
		struct sbuf ex = { 0 };
		struct df_file *tf, **nt;
		const char *o = on->original;

		if (on->cmd != DF_ONBUILD || base->cmds[i].onbuild)
			continue;
		/* `(?i)^\s*ONBUILD\s*` removed, heredocs put back */
		while (*o == ' ' || *o == '\t' || *o == '\n' || *o == '\f' ||
		    *o == '\r')
			o++;
		if (strncasecmp(o, "onbuild", 7) == 0)
			o += 7;
		while (*o == ' ' || *o == '\t' || *o == '\n' || *o == '\f' ||
		    *o == '\r')
			o++;
		df_put(&ex, o, strlen(o));
		for (k = 0; k < on->nheredocs; k++) {
			sbuf_putc(&ex, '\n');
			df_put(&ex, on->heredocs[k].content,
			    on->heredocs[k].contentlen);
			df_put(&ex, on->heredocs[k].name,
			    strlen(on->heredocs[k].name));
		}
		if (ex.oom) {
			sbuf_free(&ex);
			b->oom = 1;
			break;
		}
		tf = df_parse_internal(b->df->name, ex.s, ex.len, NULL, NULL, 1);
		sbuf_free(&ex);
		if (tf == NULL) {
			b->oom = 1;
			break;
		}
		if ((nt = realloc(b->trig, (b->ntrig + 1) * sizeof(*nt))) ==
		    NULL) {
			df_free(tf);
			b->oom = 1;
			break;
		}
		b->trig = nt;
		b->trig[b->ntrig++] = tf;
		if (df_error(tf) != NULL) {
			berr(b, fi->line, fi->col, "%s", df_error(tf)->msg);
			break;
		}
		if (tf->nins != 1) {
			berr(b, fi->line, fi->col, "onbuild trigger should be a "
			    "single expression");
			break;
		}
		if (tf->ins[0].cmd == DF_FROM) {
			berr(b, fi->line, fi->col, "*instructions.Stage is not "
			    "a command type");
			break;
		}
		if ((c = add_cmd(b, s)) == NULL)
			break;
		c->in = &tf->ins[0];
		c->loc = fi;		/* BuildKit: the stage's location */
		c->instr = base->cmds[i].instr;
		c->onbuild = 1;
		if (to_command(b, si, c) < 0)
			break;
	}
	for (i = 0; !b->err.set && !b->oom && i < nold; i++) {
		if ((c = add_cmd(b, s)) == NULL)
			break;
		*c = old[i];
		old[i].msrc = NULL;
	}
	for (i = 0; i < nold; i++)
		free(old[i].msrc);
	free(old);
	return b->err.set || b->oom ? -1 : 0;
}

/* ---------------------------------------------------------- the eval */

/*
 * validateCircularDependency's walk from V: 1 when a cycle is reachable;
 * *cmd is then the command of V on the way to it.
 */
static int
cycle(struct df_build *b, long v, unsigned char *mark, int depth, long *cmd)
{
	size_t i, k, j;

	mark[v] = 1;
	for (i = 0; i < b->st[v].ndeps; i++) {
		long d = b->st[v].deps[i];

		if (mark[d] == 1 || (mark[d] == 0 && cycle(b, d, mark,
		    depth + 1, cmd))) {
			if (depth == 0)
				for (k = b->st[v].ncmds; k-- > 0;) {
					const struct cmd *c = &b->st[v].cmds[k];

					if (c->from == d)
						*cmd = (long)k;
					for (j = 0; j < c->nmsrc; j++)
						if (c->msrc[j] == d)
							*cmd = (long)k;
				}
			return 1;
		}
	}
	mark[v] = 2;
	return 0;
}

static void
reach(struct df_build *b, long v, int bit)
{
	size_t i;

	if (b->st[v].reach & bit)
		return;
	b->st[v].reach |= bit;
	if (b->st[v].base >= 0)
		reach(b, b->st[v].base, bit);
	for (i = 0; i < b->st[v].ndeps; i++)
		reach(b, b->st[v].deps[i], bit);
}

static void
platform_args(struct df_build *b, const char *pfx, const char *plat)
{
	char k[32], os[64] = "", arch[64] = "", var[64] = "";
	const char *p = plat, *sl;
	size_t n;

	if ((sl = strchr(p, '/')) == NULL) {
		snprintf(os, sizeof(os), "%s", p);
	} else {
		n = (size_t)(sl - p);
		snprintf(os, sizeof(os), "%.*s", (int)n, p);
		p = sl + 1;
		if ((sl = strchr(p, '/')) == NULL)
			snprintf(arch, sizeof(arch), "%s", p);
		else {
			snprintf(arch, sizeof(arch), "%.*s", (int)(sl - p), p);
			snprintf(var, sizeof(var), "%s", sl + 1);
		}
	}
#define SET(name, val) do {						\
	const char *o_;							\
	snprintf(k, sizeof(k), "%s%s", pfx, name);			\
	o_ = build_arg(b, k, strlen(k));				\
	env_set(&b->globals, k, strlen(k), o_ != NULL ? o_ : (val),	\
	    strlen(o_ != NULL ? o_ : (val)));				\
} while (0)
	SET("PLATFORM", plat);
	SET("OS", os);
	SET("ARCH", arch);
	SET("VARIANT", var);
#undef SET
}

static int
eval(struct df_build *b)
{
	const struct df_file *df = b->df;
	const struct df_opts *o = b->opts;
	struct sbuf w = { 0 };
	size_t i, k, cur = 0, nst0;
	long si, line;
	unsigned char *mark;
	/*
	 * buildah skips the stages the target does not need, as BuildKit,
	 * and gives a stage's `ARG TARGETARCH` the platform's value, as
	 * BuildKit (warning "missing \"TARGETARCH\" build argument").
	 */
	int bk = o->builder != CTXPACK_CLASSIC;

	/*
	 * BuildKit's platform ARGs, build args overriding them; the classic
	 * builder has none (dockerd 20.10 leaves TARGETARCH empty).
	 */
	if (bk) {
		platform_args(b, "BUILD", o->build_platform != NULL ?
		    o->build_platform : "linux/amd64");
		platform_args(b, "TARGET", o->platform != NULL ? o->platform :
		    "linux/amd64");
	}
	/* buildMetaArgs: the ARGs before the first FROM */
	for (i = 0; i < df->nins && df->ins[i].cmd != DF_FROM; i++) {
		const struct df_instr *in = &df->ins[i];

		for (k = 0; k < in->nargs; k++) {
			const char *a = in->args[k], *eq = strchr(a, '=');
			size_t kl = eq != NULL ? (size_t)(eq - a) : strlen(a);
			const char *bv = build_arg(b, a, kl);

			if (bv != NULL)
				env_set(&b->globals, a, kl, bv, strlen(bv));
			else if (eq != NULL) {
				if (expand(b, &b->globals, in, eq + 1, &w,
				    NULL) < 0)
					goto out;
				env_set(&b->globals, a, kl, w.s, w.len);
			}
		}
	}
	/* the stages */
	b->stages = df_alloc(&b->ar, df->nfrom * sizeof(*b->stages));
	if (b->stages == NULL)
		goto out;
	for (; i < df->nins; i++) {
		const struct df_instr *in = &df->ins[i];
		struct df_stage *sg;
		const struct df_flag *pf;
		struct st *s;

		if (in->cmd != DF_FROM) {
			struct cmd *c;

			if ((c = add_cmd(b, &b->st[cur])) == NULL)
				goto out;
			c->in = c->loc = in;
			c->instr = i;
			continue;
		}
		sg = &b->stages[b->nstages];
		memset(sg, 0, sizeof(*sg));
		sg->instr = i;
		sg->line = in->line;
		sg->name = "";
		if (in->nargs == 3) {
			char *l = adup(b, in->args[2], strlen(in->args[2]));

			if (l == NULL)
				goto out;
			df_golower(l, l, strlen(l));
			sg->name = l;
		}
		if (expand(b, &b->globals, in, in->args[0], &w, NULL) < 0)
			goto out;
		if (w.len == 0) {
			berr(b, in->line, in->col, "base name (%s) should not be "
			    "blank", in->args[0]);
			goto out;
		}
		if ((sg->base = adup(b, w.s, w.len)) == NULL)
			goto out;
		if ((pf = df_flag(in, "platform")) != NULL) {
			if (expand(b, &b->globals, in, pf->value, &w, NULL) < 0)
				goto out;
			if (w.len == 0) {
				berr(b, in->line, in->col, "empty platform value "
				    "from expression %s", pf->value);
				goto out;
			}
			if ((sg->platform = adup(b, w.s, w.len)) == NULL)
				goto out;
		}
		sg->base_stage = -1;
		for (k = 0; k < b->nstages; k++)
			if (b->stages[k].name[0] != '\0' &&
			    strcmp(b->stages[k].name, sg->base) == 0)
				sg->base_stage = (long)k;
		if ((si = add_state(b)) < 0)
			goto out;
		s = &b->st[si];
		s->stage = b->nstages;
		s->base = sg->base_stage;
		cur = (size_t)si;
		b->nstages++;
	}
	/* the target */
	if (o->target == NULL || o->target[0] == '\0')
		b->target = (long)b->nstages - 1;
	else if ((b->target = stage_by_name(b, o->target, b->nstages)) < 0) {
		char q[1100], m[1200];
		const char **names;
		size_t j, n = 0;

		snprintf(m, sizeof(m), "target stage %s could not be found",
		    gq(q, sizeof(q), o->target));
		if ((names = calloc(b->nstages + 1, sizeof(*names))) != NULL) {
			for (j = 0; j < b->nstages; j++)
				if (b->stages[j].name[0] != '\0')
					names[n++] = b->stages[j].name;
			df_suggest(m, sizeof(m), o->target, names, n, 1);
			free(names);
		} else
			b->oom = 1;
		berr(b, 0, 0, "%s", m);
		goto out;
	}
	/* toCommand over every stage */
	nst0 = b->nst;
	for (si = 0; (size_t)si < nst0; si++)
		for (k = 0; k < b->st[si].ncmds; k++)
			if (to_command(b, si, &b->st[si].cmds[k]) < 0)
				goto out;
	if ((mark = calloc(b->nst, 1)) == NULL) {
		b->oom = 1;
		goto out;
	}
	for (si = 0; (size_t)si < nst0; si++) {
		line = -1;
		if (mark[si] == 0 && cycle(b, si, mark, 0, &line)) {
			const struct st *cs = &b->st[si];
			const struct df_instr *ci = line >= 0 ?
			    cs->cmds[line].in : &df->ins[b->stages[cs->stage].
			    instr];
			char nm[32];

			if (b->stages[cs->stage].name[0] != '\0')
				snprintf(nm, sizeof(nm), "%.31s",
				    b->stages[cs->stage].name);
			else
				snprintf(nm, sizeof(nm), "stage-%zu", cs->stage);
			berr(b, ci->line, ci->col, "circular dependency detected "
			    "on stage: %s", nm);
			free(mark);
			goto out;
		}
	}
	free(mark);
	/* stage names for messages */
	for (si = 0; (size_t)si < b->nst; si++) {
		struct st *s = &b->st[si];

		if (s->implicit)
			continue;
		if (b->nst == 1)
			s->sname = "";
		else if (b->stages[s->stage].name[0] != '\0')
			s->sname = b->stages[s->stage].name;
		else {
			snprintf(s->name, sizeof(s->name), "stage-%zu",
			    s->stage);
			s->sname = s->name;
		}
	}
	/* resolveReachableStages parses every image name, reachable or not */
	for (si = 0; (size_t)si < b->nst; si++) {
		const struct st *s = &b->st[si];
		const char *img;
		const struct df_instr *li;
		char why[1300];

		if (!s->implicit && s->base >= 0)
			continue;
		img = s->implicit ? s->image : b->stages[s->stage].base;
		if (strcmp(img, "scratch") == 0 || ref_check(img, why,
		    sizeof(why)) == 0)
			continue;
		li = s->implicit ? s->loc : &df->ins[b->stages[s->stage].instr];
		{
			char q[1100];

			berr(b, li->line, li->col, "failed to parse stage name "
			    "%s: %s", gq(q, sizeof(q), img), why);
		}
		goto out;
	}
	/* BuildKit: what the target needs; classic: every stage up to it */
	for (;;) {
		size_t before = b->nst;
		int more = 0;

		for (si = 0; (size_t)si < b->nst; si++)
			b->st[si].reach = 0;
		reach(b, b->target, 1);
		for (si = 0; (size_t)si < nst0 && si <= b->target; si++)
			b->st[si].reach |= 2;
		for (si = 0; (size_t)si < nst0; si++) {
			size_t nd = b->st[si].ndeps;

			if ((b->st[si].reach & (bk ? 1 : 2)) == 0 ||
			    b->st[si].trig_done)
				continue;
			if (init_triggers(b, si) < 0)
				goto out;
			if (b->st[si].ndeps != nd)
				more = 1;
		}
		if (!more && b->nst == before)
			break;
	}
	for (si = 0; (size_t)si < nst0; si++) {
		b->stages[si].buildkit = (b->st[si].reach & 1) != 0;
		b->stages[si].classic = (b->st[si].reach & 2) != 0;
	}
	/* dispatch */
	for (si = 0; (size_t)si < nst0; si++) {
		struct st *s = &b->st[si];

		if ((s->reach & (bk ? 1 : 2)) == 0)
			continue;
		if (s->base >= 0) {
			env_copy(&s->env, &b->st[s->base].env);
			s->imgenv = b->st[s->base].imgenv;
		} else {
			s->imgenv = strcmp(b->stages[s->stage].base,
			    "scratch") != 0;
			env_set(&s->env, "PATH", 4, DEFPATH, strlen(DEFPATH));
		}
		for (k = 0; k < s->ncmds; k++)
			if (dispatch(b, s, &s->cmds[k]) < 0)
				goto out;
		s->dispatched = 1;
		if (s->env.kv.oom)
			b->oom = 1;
	}
out:
	sbuf_free(&w);
	if (w.oom || b->globals.kv.oom)
		b->oom = 1;
	return b->err.set || b->oom ? -1 : 0;
}

static int
xfer_cmp(const void *a, const void *b)
{
	const struct df_xfer *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* normalizeContextPaths: sorted, unique; "/" means everything. */
static int
finish_xfers(struct df_build *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->nxfers; i++)
		if (b->xfers[i].path[0] == '\0')
			b->xfer_all = 1;
	if (b->nxfers == 0)
		return 0;
	qsort(b->xfers, b->nxfers, sizeof(*b->xfers), xfer_cmp);
	for (i = 0; i < b->nxfers; i++)
		if (n == 0 || strcmp(b->xfers[n - 1].path, b->xfers[i].path) != 0)
			b->xfers[n++] = b->xfers[i];
	b->nxfers = n;
	if (b->xfer_all)
		return 0;
	if ((b->xrules = ctxpack_rules_new()) == NULL)
		return -1;
	for (i = 0; i < b->nxfers; i++)
		if (ctxpack_rules_add(b->xrules, "FollowPaths", b->xfers[i].line,
		    b->xfers[i].path, strlen(b->xfers[i].path)) == CTXPACK_FATAL)
			return -1;
	return 0;
}

struct df_build *
df_eval(const struct df_file *df, const struct df_opts *opts,
    ctxpack_diag_fn *warn, void *arg)
{
	static const struct df_opts defopts;
	struct df_build *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->df = df;
	b->opts = opts != NULL ? opts : &defopts;
	b->warn = warn;
	b->warg = arg;
	b->target = -1;
	if (df_error(df) != NULL) {
		b->err = df->err;
		b->err.d.file = df->err.d.file != NULL ? b->err.file : NULL;
		b->err.d.msg = b->err.msg;
		return b;
	}
	if (eval(b) == 0 && finish_xfers(b) < 0)
		b->oom = 1;
	if (b->err.set)
		b->target = -1;
	if (b->oom) {
		df_build_free(b);
		return NULL;
	}
	b->opts = NULL;
	return b;
}

void
df_build_free(struct df_build *b)
{
	size_t i, k;

	if (b == NULL)
		return;
	for (i = 0; i < b->nreads; i++)
		df_read_m_free(&b->reads[i].m);
	free(b->reads);
	for (i = 0; i < b->nst; i++) {
		for (k = 0; k < b->st[i].ncmds; k++)
			free(b->st[i].cmds[k].msrc);
		free(b->st[i].cmds);
		free(b->st[i].deps);
		df_strv_free(&b->st[i].env.kv);
	}
	free(b->st);
	for (i = 0; i < b->ntrig; i++)
		df_free(b->trig[i]);
	free(b->trig);
	free(b->xfers);
	ctxpack_rules_free(b->xrules);
	df_strv_free(&b->globals.kv);
	df_arena_free(&b->ar);
	free(b);
}

const struct ctxpack_diag *
df_build_error(const struct df_build *b)
{
	return diag_get(&b->err);
}

size_t
df_nstages(const struct df_build *b)
{
	return b->nstages;
}

const struct df_stage *
df_stage(const struct df_build *b, size_t i)
{
	return i < b->nstages ? &b->stages[i] : NULL;
}

long
df_target(const struct df_build *b)
{
	return b->target;
}

size_t
df_nreads(const struct df_build *b)
{
	return b->nreads;
}

const struct df_read *
df_read(const struct df_build *b, size_t i)
{
	return i < b->nreads ? &b->reads[i].r : NULL;
}

size_t
df_transfers(const struct df_build *b, const struct df_xfer **x, int *all)
{
	if (x != NULL)
		*x = b->xfers;
	if (all != NULL)
		*all = b->xfer_all;
	return b->nxfers;
}

int
df_read_match(const struct df_build *b, size_t i, const char *path,
    size_t len, int isdir)
{
	if (i >= b->nreads || b->reads[i].r.origin != DF_FROM_CONTEXT)
		return DF_NO;
	return df_read_m_match(&b->reads[i].m, path, len, isdir);
}

int
df_match(const struct df_build *b, const char *path, size_t len, int isdir,
    size_t *read)
{
	size_t i, par = 0;
	int v, parent = 0;

	for (i = 0; i < b->nreads; i++) {
		if (b->reads[i].r.origin != DF_FROM_CONTEXT)
			continue;
		v = df_read_m_match(&b->reads[i].m, path, len, isdir);
		if (v < 0)
			return -1;
		if (v == DF_READ) {
			if (read != NULL)
				*read = i;
			return DF_READ;
		}
		if (v == DF_PARENT && !parent) {
			parent = 1;
			par = i;
		}
	}
	if (parent && read != NULL)
		*read = par;
	return parent ? DF_PARENT : DF_NO;
}

int
df_transfer_match(const struct df_build *b, const char *path, size_t len,
    int isdir)
{
	if (b->xfer_all)
		return DF_READ;
	if (b->xrules == NULL)
		return DF_NO;
	return df_xfer_m_match(b->xrules, path, len, isdir);
}
