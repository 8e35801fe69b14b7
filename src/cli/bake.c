/*
 * bake.c: bake's model of its files (see bake.h), after buildx's
 * bake/hclparser and bake.go: top-level attributes and `variable` blocks
 * are variables (the last definition wins; a variable block's value is
 * taken from the environment when set there, parsed by the type of its
 * default, unless BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is true); blocks of
 * one target merge in order; `inherits` merge first, in order, then the
 * target's own attributes; an inherits cycle is ignored, a missing parent
 * fails the target.  Variables are evaluated on demand, so a variable
 * beyond the subset only matters to the targets that use it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "bake.h"

const char *const bake_files[] = {
	"docker-bake.json", "docker-bake.hcl", "docker-bake.override.json",
	"docker-bake.override.hcl", NULL
};

enum { V_TODO, V_BUSY, V_DONE, V_FAIL };

struct var {
	const char	*name;
	struct hexpr	*def;		/* default, or the attribute */
	int		 is_block;	/* a variable block (env applies) */
	int		 is_attr;
	int		 state;
	struct hval	*val;
	struct herr	 err;
	const struct hsrc *src;
	size_t		 pos;
};

struct tblock {
	const char	*name;
	struct hbody	*body;
	size_t		 pos;
};

/* A target as merged from its blocks, before inherits. */
struct tgt {
	const char	 *name;
	const char	 *context, *dockerfile, *inline_df;
	size_t		  nctx;
	const char	**ckey, **cval;
	size_t		  ninh;
	const char	**inh;
	int		  failed;
	struct herr	  err;
	const struct hsrc *src;
	size_t		  pos;
	/* resolution state for one ResolveTarget */
	int		  visiting;
	struct tgt	 *resolved;
};

struct bake {
	struct arena	*a;
	struct var	*vars;
	size_t		 nvars, capvars;
	struct tblock	*blocks;
	size_t		 nblocks, capblocks;
	struct tgt	*tgts;
	size_t		 ntgts;
	int		 env;
};

static struct var *
var_find(struct bake *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nvars; i++)
		if (strcmp(b->vars[i].name, name) == 0)
			return &b->vars[i];
	return NULL;
}

static struct var *
var_add(struct bake *b, const char *name)
{
	struct var *v = var_find(b, name);

	if (v != NULL)
		return v;
	if (b->nvars == b->capvars) {
		size_t nc = b->capvars ? b->capvars * 2 : 16;
		struct var *nv = arena_alloc(b->a, nc * sizeof(*nv));

		if (b->nvars)
			memcpy(nv, b->vars, b->nvars * sizeof(*nv));
		b->vars = nv;
		b->capvars = nc;
	}
	v = &b->vars[b->nvars++];
	memset(v, 0, sizeof(*v));
	v->name = name;
	return v;
}

/* strconv.ParseBool */
static int
parse_bool(const char *s, int *b)
{
	static const char *t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *f[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < 6; i++) {
		if (strcmp(s, t[i]) == 0) {
			*b = 1;
			return 0;
		}
		if (strcmp(s, f[i]) == 0) {
			*b = 0;
			return 0;
		}
	}
	return -1;
}

static int lookup(void *, const char *, const struct hexpr *, struct hval **,
    struct herr *);
static int beval(struct bake *, const struct hexpr *, struct hval **,
    struct herr *);

static int
var_value(struct bake *b, struct var *v, const struct hexpr *at,
    struct hval **out, struct herr *err)
{
	const char *env;
	struct hval *val;

	if (v->state == V_DONE) {
		*out = v->val;
		return 0;
	}
	if (v->state == V_FAIL) {
		*err = v->err;
		return -1;
	}
	if (v->state == V_BUSY) {
		hcl_seterr(err, at, 0, "variable cycle not allowed for %s",
		    v->name);
		return -1;
	}
	v->state = V_BUSY;
	env = b->env && v->is_block ? getenv(v->name) : NULL;
	if (v->def == NULL) {
		val = hval_str(b->a, env ? arena_strdup(b->a, env) : "");
		goto done;
	}
	if (beval(b, v->def, &val, &v->err) < 0)
		goto fail;
	if (env != NULL) {
		int bo;

		switch (val->t) {
		case HV_BOOL:
			if (parse_bool(env, &bo) < 0) {
				hcl_seterr(&v->err, v->def, 0, "failed to parse "
				    "%s as bool", v->name);
				goto fail;
			}
			val = arena_alloc(b->a, sizeof(*val));
			val->t = HV_BOOL;
			val->b = bo;
			break;
		case HV_STR:
			val = hval_str(b->a, arena_strdup(b->a, env));
			break;
		case HV_NUM:
			if ((val = hval_num_parse(b->a, env)) == NULL) {
				hcl_seterr(&v->err, v->def, 0, "failed to parse "
				    "%s as number", v->name);
				goto fail;
			}
			break;
		default:
			hcl_seterr(&v->err, v->def, 0, "unsupported type for "
			    "variable %s set in the environment", v->name);
			goto fail;
		}
	}
done:
	v->val = val;
	v->state = V_DONE;
	*out = val;
	return 0;
fail:
	v->state = V_FAIL;
	*err = v->err;
	return -1;
}

static int
lookup(void *arg, const char *name, const struct hexpr *at,
    struct hval **out, struct herr *err)
{
	struct bake *b = arg;
	struct var *v = var_find(b, name);

	if (v == NULL) {
		hcl_seterr(err, at, 0, "undefined variable \"%s\"", name);
		return -1;
	}
	return var_value(b, v, at, out, err);
}

/*
 * Evaluate E once every variable it names is known: as bake (and the
 * oracle) resolves them, a failing variable fails the expression even
 * from a branch that is not taken.
 */
static int
vars_of(struct bake *b, const struct hexpr *e, struct herr *err)
{
	struct hval *v;
	size_t i;

	if (e == NULL)
		return 0;
	if (e->t == HX_VAR)
		return lookup(b, e->name, e, &v, err);
	for (i = 0; i < e->n; i++)
		if (vars_of(b, e->sub[i], err) < 0)
			return -1;
	return 0;
}

static int
beval(struct bake *b, const struct hexpr *e, struct hval **out,
    struct herr *err)
{
	if (hcl_check(e, err) < 0 || vars_of(b, e, err) < 0)
		return -1;
	return hcl_eval(b->a, e, lookup, b, out, err);
}

static const struct hattr *
attr(const struct hbody *bd, const char *name)
{
	size_t i;

	for (i = 0; i < bd->nattrs; i++)
		if (strcmp(bd->attrs[i].name, name) == 0)
			return &bd->attrs[i];
	return NULL;
}

/* Evaluate a string attribute: 1 set, 0 absent or null, -1 error. */
static int
str_attr(struct bake *b, const struct hbody *bd, const char *name,
    const char **out, struct herr *err)
{
	const struct hattr *at = attr(bd, name);
	struct hval *v;

	if (at == NULL)
		return 0;
	if (beval(b, at->e, &v, err) < 0)
		return -1;
	if (hval_to_string(b->a, v, out) < 0) {
		hcl_seterr(err, at->e, 0, "%s: a string is required", name);
		return -1;
	}
	return *out != NULL;
}

static void
ctx_set(struct bake *b, struct tgt *t, const char *k, const char *v)
{
	size_t i;

	for (i = 0; i < t->nctx; i++)
		if (strcmp(t->ckey[i], k) == 0) {
			t->cval[i] = v;
			return;
		}
	{
		const char **nk = arena_alloc(b->a, (t->nctx + 1) *
		    sizeof(*nk)), **nv = arena_alloc(b->a, (t->nctx + 1) *
		    sizeof(*nv));

		if (t->nctx) {
			memcpy(nk, t->ckey, t->nctx * sizeof(*nk));
			memcpy(nv, t->cval, t->nctx * sizeof(*nv));
		}
		nk[t->nctx] = k;
		nv[t->nctx] = v;
		t->ckey = nk;
		t->cval = nv;
		t->nctx++;
	}
}

static void
inh_add(struct bake *b, struct tgt *t, const char *const *v, size_t n)
{
	const char **ni;

	if (n == 0)
		return;
	ni = arena_alloc(b->a, (t->ninh + n) * sizeof(*ni));
	if (t->ninh)
		memcpy(ni, t->inh, t->ninh * sizeof(*ni));
	memcpy(ni + t->ninh, v, n * sizeof(*ni));
	t->inh = ni;
	t->ninh += n;
}

/* Target.Merge for the fields audit reads. */
static void
merge(struct bake *b, struct tgt *t, const struct tgt *u)
{
	size_t i;

	if (u->context)
		t->context = u->context;
	if (u->dockerfile)
		t->dockerfile = u->dockerfile;
	if (u->inline_df)
		t->inline_df = u->inline_df;
	for (i = 0; i < u->nctx; i++)
		ctx_set(b, t, u->ckey[i], u->cval[i]);
	inh_add(b, t, u->inh, u->ninh);
}

/* One target block, decoded as gohcl decodes it (only our fields). */
static int
decode_block(struct bake *b, const struct tblock *tb, struct tgt *t,
    struct herr *err)
{
	const struct hbody *bd = tb->body;
	const struct hattr *at;
	struct hval *v;
	size_t i;

	if ((at = attr(bd, "matrix")) != NULL) {
		hcl_seterr(err, at->e, 1, "a matrix is beyond what audit "
		    "evaluates");
		return -1;
	}
	if ((at = attr(bd, "name")) != NULL) {
		hcl_seterr(err, at->e, 1, "name requires matrix");
		return -1;
	}
	if (str_attr(b, bd, "context", &t->context, err) < 0 ||
	    str_attr(b, bd, "dockerfile", &t->dockerfile, err) < 0 ||
	    str_attr(b, bd, "dockerfile-inline", &t->inline_df, err) < 0)
		return -1;
	if ((at = attr(bd, "contexts")) != NULL) {
		if (beval(b, at->e, &v, err) < 0)
			return -1;
		if (v->t != HV_OBJECT && v->t != HV_NULL) {
			hcl_seterr(err, at->e, 0, "contexts: a map of strings "
			    "is required");
			return -1;
		}
		for (i = 0; v->t == HV_OBJECT && i < v->n; i++) {
			const char *s;

			if (hval_to_string(b->a, v->v[i], &s) < 0 || s == NULL) {
				hcl_seterr(err, at->e, 0, "contexts: %s: a "
				    "string is required", v->k[i]);
				return -1;
			}
			ctx_set(b, t, v->k[i], s);
		}
	}
	if ((at = attr(bd, "inherits")) != NULL) {
		if (beval(b, at->e, &v, err) < 0)
			return -1;
		if (v->t != HV_TUPLE && v->t != HV_NULL) {
			hcl_seterr(err, at->e, 0, "inherits: a list of strings "
			    "is required");
			return -1;
		}
		for (i = 0; v->t == HV_TUPLE && i < v->n; i++) {
			const char *s;

			if (hval_to_string(b->a, v->v[i], &s) < 0 || s == NULL) {
				hcl_seterr(err, at->e, 0, "inherits: a list of "
				    "strings is required");
				return -1;
			}
			inh_add(b, t, &s, 1);
		}
	}
	return 0;
}

static struct tgt *
tgt_find(struct bake *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->ntgts; i++)
		if (strcmp(b->tgts[i].name, name) == 0)
			return &b->tgts[i];
	return NULL;
}

static void
clear_visits(struct bake *b)
{
	size_t i;

	for (i = 0; i < b->ntgts; i++) {
		b->tgts[i].visiting = 0;
		b->tgts[i].resolved = NULL;
	}
}

/* Config.target: NULL with *err set on failure; *cycle for a loop. */
static struct tgt *
resolve(struct bake *b, struct tgt *t, int *cycle, struct herr *err)
{
	struct tgt *tt, *m;
	size_t i, k;

	*cycle = 0;
	if (t->resolved)
		return t->resolved;
	if (t->visiting) {
		*cycle = 1;
		return NULL;
	}
	t->visiting = 1;
	if (t->failed) {
		*err = t->err;
		return NULL;
	}
	tt = arena_alloc(b->a, sizeof(*tt));
	for (i = 0; i < t->ninh; i++) {
		struct tgt *p = tgt_find(b, t->inh[i]), *r;
		int cyc;

		if (p == NULL) {
			err->file = t->src ? t->src->file : NULL;
			if (t->src)
				hsrc_linecol(t->src, t->pos, &err->line,
				    &err->col);
			err->unsupported = 0;
			snprintf(err->msg, sizeof(err->msg), "target %s "
			    "inherits %s: failed to find target %s", t->name,
			    t->inh[i], t->inh[i]);
			return NULL;
		}
		if ((r = resolve(b, p, &cyc, err)) == NULL) {
			if (cyc)
				continue;
			return NULL;
		}
		merge(b, tt, r);
	}
	m = arena_alloc(b->a, sizeof(*m));
	merge(b, m, tt);
	merge(b, m, t);
	/* normalize(): empty named contexts are dropped */
	for (i = k = 0; i < m->nctx; i++)
		if (m->cval[i][0] != '\0') {
			m->ckey[k] = m->ckey[i];
			m->cval[k++] = m->cval[i];
		}
	m->nctx = k;
	m->name = t->name;
	t->resolved = m;
	return m;
}

/* ------------------------------------------------------------------ JSON */

static struct hexpr *
json_expr(struct bake *b, yaml_document_t *doc, yaml_node_t *n,
    const char *file, struct herr *err)
{
	struct hexpr *e = arena_alloc(b->a, sizeof(*e));
	struct hsrc *src = arena_alloc(b->a, sizeof(*src));
	yaml_node_item_t *it;
	yaml_node_pair_t *p;
	size_t i;

	src->file = file;
	src->text = "";
	src->line0 = (unsigned)n->start_mark.line + 1;
	src->col0 = (unsigned)n->start_mark.column + 1;
	e->src = src;
	switch (n->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)n->data.scalar.value;
		size_t len = n->data.scalar.length;

		if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
			e->t = HX_LIT;
			e->lit = arena_alloc(b->a, sizeof(*e->lit));
			if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
				e->lit->t = HV_BOOL;
				e->lit->b = s[0] == 't';
				return e;
			}
			if (strcmp(s, "null") == 0) {
				e->lit->t = HV_NULL;
				return e;
			}
			if (hval_num_parse(b->a, s) != NULL) {
				/* a JSON number: exact, read as HCL reads it */
				char *txt = arena_alloc(b->a, len + 8);
				struct hbody *bd;
				struct herr perr;

				snprintf(txt, len + 8, "x = %s", s);
				bd = hcl_parse(b->a, file, txt, strlen(txt),
				    &perr);
				if (bd != NULL && bd->nattrs == 1 &&
				    (bd->attrs[0].e->t == HX_LIT ||
				    bd->attrs[0].e->t == HX_NEG))
					return bd->attrs[0].e;
			}
		}
		{
			struct hexpr *t = hcl_parse_template(b->a, file, s, len,
			    src->line0, src->col0 + (n->data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE ? 0 : 1), err);

			return t;
		}
	}
	case YAML_SEQUENCE_NODE:
		e->t = HX_TUPLE;
		e->n = (size_t)(n->data.sequence.items.top -
		    n->data.sequence.items.start);
		e->sub = arena_alloc(b->a, (e->n + 1) * sizeof(*e->sub));
		for (i = 0, it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++, i++)
			if ((e->sub[i] = json_expr(b, doc,
			    yaml_document_get_node(doc, *it), file, err)) == NULL)
				return NULL;
		return e;
	case YAML_MAPPING_NODE:
		e->t = HX_OBJECT;
		e->n = 2 * (size_t)(n->data.mapping.pairs.top -
		    n->data.mapping.pairs.start);
		e->sub = arena_alloc(b->a, (e->n + 1) * sizeof(*e->sub));
		for (i = 0, p = n->data.mapping.pairs.start;
		    p < n->data.mapping.pairs.top; p++, i += 2) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);

			if (k == NULL || k->type != YAML_SCALAR_NODE)
				return NULL;
			e->sub[i] = arena_alloc(b->a, sizeof(*e->sub[i]));
			e->sub[i]->t = HX_LIT;
			e->sub[i]->src = src;
			e->sub[i]->lit = hval_str(b->a, arena_strdup(b->a,
			    (const char *)k->data.scalar.value));
			if ((e->sub[i + 1] = json_expr(b, doc,
			    yaml_document_get_node(doc, p->value), file,
			    err)) == NULL)
				return NULL;
		}
		return e;
	default:
		return NULL;
	}
}

/* A JSON object as a body of attributes. */
static struct hbody *
json_body(struct bake *b, yaml_document_t *doc, yaml_node_t *n,
    const char *file, struct herr *err)
{
	struct hbody *bd = arena_alloc(b->a, sizeof(*bd));
	struct hsrc *src = arena_alloc(b->a, sizeof(*src));
	yaml_node_pair_t *p;
	size_t i = 0;

	src->file = file;
	src->text = "";
	src->line0 = (unsigned)n->start_mark.line + 1;
	src->col0 = (unsigned)n->start_mark.column + 1;
	bd->src = src;

	if (n->type != YAML_MAPPING_NODE) {
		err->file = file;
		err->line = (unsigned)n->start_mark.line + 1;
		err->col = (unsigned)n->start_mark.column + 1;
		snprintf(err->msg, sizeof(err->msg), "a JSON object is "
		    "required");
		return NULL;
	}
	bd->attrs = arena_alloc(b->a, (size_t)(n->data.mapping.pairs.top -
	    n->data.mapping.pairs.start + 1) * sizeof(*bd->attrs));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);

		if (k == NULL || k->type != YAML_SCALAR_NODE || v == NULL)
			continue;
		bd->attrs[i].name = arena_strdup(b->a,
		    (const char *)k->data.scalar.value);
		if ((bd->attrs[i].e = json_expr(b, doc, v, file, err)) == NULL)
			return NULL;
		i++;
	}
	bd->nattrs = i;
	return bd;
}

/* The JSON form: {"variable": {N: {...}}, "target": {N: {...}}, ...}. */
static struct hbody *
json_parse(struct bake *b, const char *file, FILE *f, struct herr *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_node_pair_t *p;
	struct hbody *bd = NULL;
	size_t nb = 0, na = 0, cap;

	memset(err, 0, sizeof(*err));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		err->file = file;
		err->line = (unsigned)parser.problem_mark.line + 1;
		err->col = (unsigned)parser.problem_mark.column + 1;
		snprintf(err->msg, sizeof(err->msg), "JSON: %s",
		    parser.problem ? parser.problem : "parse error");
		yaml_parser_delete(&parser);
		return NULL;
	}
	root = yaml_document_get_root_node(&doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		err->file = file;
		err->line = err->col = 1;
		snprintf(err->msg, sizeof(err->msg), "a JSON object is "
		    "required");
		goto out;
	}
	bd = arena_alloc(b->a, sizeof(*bd));
	cap = 16;
	bd->blocks = arena_alloc(b->a, cap * sizeof(*bd->blocks));
	bd->attrs = arena_alloc(b->a, (size_t)(root->data.mapping.pairs.top -
	    root->data.mapping.pairs.start + 1) * sizeof(*bd->attrs));
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		const char *key;
		yaml_node_pair_t *q;

		if (k == NULL || k->type != YAML_SCALAR_NODE || v == NULL)
			continue;
		key = (const char *)k->data.scalar.value;
		if (strcmp(key, "variable") == 0 || strcmp(key, "target") == 0 ||
		    strcmp(key, "group") == 0 || strcmp(key, "function") == 0) {
			if (v->type != YAML_MAPPING_NODE)
				continue;
			for (q = v->data.mapping.pairs.start;
			    q < v->data.mapping.pairs.top; q++) {
				yaml_node_t *l = yaml_document_get_node(&doc,
				    q->key);
				yaml_node_t *w = yaml_document_get_node(&doc,
				    q->value);
				struct hblock *bl;

				if (l == NULL || l->type != YAML_SCALAR_NODE ||
				    w == NULL)
					continue;
				if (nb == cap) {
					struct hblock *nbk = arena_alloc(b->a,
					    2 * cap * sizeof(*nbk));

					memcpy(nbk, bd->blocks, nb *
					    sizeof(*nbk));
					bd->blocks = nbk;
					cap *= 2;
				}
				bl = &bd->blocks[nb];
				bl->type = arena_strdup(b->a, key);
				bl->labels = arena_alloc(b->a,
				    sizeof(*bl->labels));
				bl->labels[0] = arena_strdup(b->a,
				    (const char *)l->data.scalar.value);
				bl->nlabels = 1;
				if (strcmp(key, "group") == 0 ||
				    strcmp(key, "function") == 0)
					bl->body = arena_alloc(b->a,
					    sizeof(*bl->body));
				else if ((bl->body = json_body(b, &doc, w, file,
				    err)) == NULL) {
					bd = NULL;
					goto out;
				}
				nb++;
			}
			continue;
		}
		bd->attrs[na].name = arena_strdup(b->a, key);
		if ((bd->attrs[na].e = json_expr(b, &doc, v, file,
		    err)) == NULL) {
			bd = NULL;
			goto out;
		}
		na++;
	}
	bd->nattrs = na;
	bd->nblocks = nb;
out:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return bd;
}

/* ------------------------------------------------------------------ read */

static char *
slurp(struct arena *a, FILE *f, size_t *len)
{
	size_t cap = 8192, n = 0, r;
	char *buf = malloc(cap), *out;

	if (buf == NULL)
		return NULL;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);

			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	out = arena_strndup(a, buf, n);
	free(buf);
	*len = n;
	return out;
}

static int
cmptgt(const void *x, const void *y)
{
	return strcmp(((const struct bake_target *)x)->name,
	    ((const struct bake_target *)y)->name);
}

static void
sort_ctx(struct bake_target *bt)
{
	size_t i, j;

	for (i = 1; i < bt->ncontexts; i++)
		for (j = i; j > 0 && strcmp(bt->ckey[j - 1], bt->ckey[j]) > 0;
		    j--) {
			const char *k = bt->ckey[j], *v = bt->cval[j];

			bt->ckey[j] = bt->ckey[j - 1];
			bt->cval[j] = bt->cval[j - 1];
			bt->ckey[j - 1] = k;
			bt->cval[j - 1] = v;
		}
}

static int
add_block(struct bake *b, const char *name, struct hbody *body, size_t pos)
{
	if (b->nblocks == b->capblocks) {
		size_t nc = b->capblocks ? b->capblocks * 2 : 16;
		struct tblock *nb = arena_alloc(b->a, nc * sizeof(*nb));

		if (b->nblocks)
			memcpy(nb, b->blocks, b->nblocks * sizeof(*nb));
		b->blocks = nb;
		b->capblocks = nc;
	}
	b->blocks[b->nblocks].name = name;
	b->blocks[b->nblocks].body = body;
	b->blocks[b->nblocks].pos = pos;
	b->nblocks++;
	return 0;
}

int
bake_read(struct arena *a, const char *const *files, size_t nfiles,
    struct bake_result *res)
{
	struct bake b;
	size_t i, j, k;
	const char *dis;
	int bo;

	memset(&b, 0, sizeof(b));
	memset(res, 0, sizeof(*res));
	b.a = a;
	dis = getenv("BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP");
	b.env = !(dis != NULL && parse_bool(dis, &bo) == 0 && bo);
	for (i = 0; i < nfiles; i++) {
		const char *fn = files[i];
		size_t len = strlen(fn), flen;
		FILE *f = fopen(fn, "r");
		struct hbody *bd;

		if (f == NULL) {
			res->failed = 1;
			res->err.file = fn;
			snprintf(res->err.msg, sizeof(res->err.msg), "%s",
			    strerror(errno));
			return -1;
		}
		if (len > 5 && strcmp(fn + len - 5, ".json") == 0)
			bd = json_parse(&b, arena_strdup(a, fn), f, &res->err);
		else {
			char *text = slurp(a, f, &flen);

			bd = text ? hcl_parse(a, fn, text, flen, &res->err) :
			    NULL;
			if (text == NULL) {
				res->err.file = fn;
				snprintf(res->err.msg, sizeof(res->err.msg),
				    "%s", strerror(errno));
			}
		}
		fclose(f);
		if (bd == NULL) {
			res->failed = 1;
			return -1;
		}
		for (j = 0; j < bd->nattrs; j++) {
			const char *n = bd->attrs[j].name;
			struct var *v;

			if (strcmp(n, "target") == 0 || strcmp(n, "group") == 0 ||
			    strcmp(n, "function") == 0)
				continue;
			v = var_add(&b, n);
			v->def = bd->attrs[j].e;
			v->is_attr = 1;
		}
		for (j = 0; j < bd->nblocks; j++) {
			struct hblock *bl = &bd->blocks[j];

			if (bl->nlabels != 1)
				continue;
			if (strcmp(bl->type, "variable") == 0) {
				struct var *v = var_add(&b, bl->labels[0]);
				const struct hattr *d = attr(bl->body,
				    "default");

				v->is_block = 1;
				if (!v->is_attr)
					v->def = d ? d->e : NULL;
			} else if (strcmp(bl->type, "target") == 0)
				add_block(&b, bl->labels[0], bl->body, bl->pos);
		}
	}
	/* merge each target's blocks, in order */
	b.tgts = arena_alloc(a, (b.nblocks + 1) * sizeof(*b.tgts));
	for (i = 0; i < b.nblocks; i++) {
		struct tblock *tb = &b.blocks[i];
		struct tgt *t = tgt_find(&b, tb->name), one;

		if (t == NULL) {
			t = &b.tgts[b.ntgts++];
			t->name = tb->name;
			t->src = tb->body->src;
			t->pos = tb->pos;
		}
		if (t->failed)
			continue;
		memset(&one, 0, sizeof(one));
		if (decode_block(&b, tb, &one, &t->err) < 0) {
			t->failed = 1;
			continue;
		}
		merge(&b, t, &one);
	}
	res->t = arena_alloc(a, (b.ntgts + 1) * sizeof(*res->t));
	res->n = b.ntgts;
	for (i = 0; i < b.ntgts; i++) {
		struct bake_target *bt = &res->t[i];
		struct tgt *t = &b.tgts[i], *r;
		int cyc;

		bt->name = t->name;
		if (t->src) {
			bt->file = t->src->file;
			hsrc_linecol(t->src, t->pos, &bt->line, &bt->col);
		}
		clear_visits(&b);
		if ((r = resolve(&b, t, &cyc, &bt->err)) == NULL) {
			bt->failed = 1;
			continue;
		}
		bt->context = r->context ? r->context : ".";
		bt->dockerfile = r->dockerfile && r->dockerfile[0] ?
		    r->dockerfile : "Dockerfile";
		bt->inline_df = r->inline_df;
		bt->ncontexts = r->nctx;
		bt->ckey = arena_alloc(a, (r->nctx + 1) * sizeof(*bt->ckey));
		bt->cval = arena_alloc(a, (r->nctx + 1) * sizeof(*bt->cval));
		for (k = 0; k < r->nctx; k++) {
			bt->ckey[k] = r->ckey[k];
			bt->cval[k] = r->cval[k];
		}
		sort_ctx(bt);
	}
	if (res->n > 1)
		qsort(res->t, res->n, sizeof(*res->t), cmptgt);
	return 0;
}

/* ------------------------------------------------------------------ dump */

static void
jstr(FILE *f, const char *s)
{
	const unsigned char *p;

	putc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			putc(*p, f);
	}
	putc('"', f);
}

void
bake_dump(const struct bake_result *res, FILE *f)
{
	size_t i, k;

	if (res->failed) {
		fputs("{\"error\": \"file\"}\n", f);
		return;
	}
	fputs("{\n", f);
	for (i = 0; i < res->n; i++) {
		const struct bake_target *t = &res->t[i];

		fputs("  ", f);
		jstr(f, t->name);
		if (t->failed)
			fputs(": {\"error\": true}", f);
		else {
			fputs(": {\"context\": ", f);
			jstr(f, t->context);
			fputs(", \"contexts\": {", f);
			for (k = 0; k < t->ncontexts; k++) {
				fputs(k ? ", " : "", f);
				jstr(f, t->ckey[k]);
				fputs(": ", f);
				jstr(f, t->cval[k]);
			}
			fputs("}, \"dockerfile\": ", f);
			jstr(f, t->dockerfile);
			if (t->inline_df != NULL) {
				fputs(", \"dockerfile-inline\": ", f);
				jstr(f, t->inline_df);
			}
			fputs("}", f);
		}
		fputs(i + 1 < res->n ? ",\n" : "\n", f);
	}
	fputs("}\n", f);
}
