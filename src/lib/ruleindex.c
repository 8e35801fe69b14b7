/*
 * ruleindex.c: which rules can match a path, found without trying them.
 *
 * Each rule gets at most one key, a property every path it matches has,
 * read off the pattern (or none: the rule is tried on every path):
 *   EXACT  the path is the text (Docker's exact shortcut)
 *   LAST   the path's last segment is S ("**\/S", "a/?\/S")
 *   LASTPFX its last segment starts with S ("**\/S-*.json")
 *   ROOT   it has no '/' ("*.md", ".env.*": nothing can match a '/')
 *   FIRST  its first segment is S ("S/...", a prefix "S/..**")
 *   EXT    its last segment's text after its last '.' is E ("*.pyc" after
 *	    "**\/", "*.tar.gz": "gz"), an empty E for a final '.'
 *   MID    one of its segments before the last is S ("**\/S/x?")
 * in that order of preference (a rarer property first: a file name
 * before a subtree, an extension and a directory name anywhere last).  A key is only
 * taken from literal bytes the regexp Docker builds matches as
 * themselves, with the segment boundaries the regexp forces: the pattern
 * is read like build_gore() reads it, up to its first escape, '{' or '}'
 * or class that is not a plain "[...]" (and not at all with a '|', which
 * splits the whole regexp); a class may match a '/', so it never bounds
 * a segment.  Keys are ASCII (but for Docker's byte-comparing shortcuts),
 * so a path's invalid UTF-8, which the regexp sees as U+FFFD, changes
 * nothing.
 *
 * A path looks its own properties up in one hash table and ORs the rules
 * found into a bit set, with the rules that have no key.
 */
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

enum {
	RK_NONE, RK_EXACT, RK_LAST, RK_LASTPFX, RK_ROOT, RK_FIRST, RK_EXT,
	RK_MID, RK_N
};

struct ri_ent {
	uint64_t	 h;
	const char	*key;		/* into a rule's text */
	size_t		 klen;
	int		 type;		/* RK_NONE: a free slot */
	uint32_t	*rules;
	size_t		 n, cap;
};

struct rindex {
	struct ri_ent	*tab;
	size_t		 cap, used;	/* cap a power of 2 */
	flagword	*generic;	/* rules without a key */
	flagword	*root;		/* ROOT rules */
	size_t		 nwords;
	uint64_t	 lenmask[RK_N];	/* bit min(len, 63) per key type */
	size_t		 ntype[RK_N];
};

/* ------------------------------------------------------------ the keys */

enum { K_LIT, K_SLASH, K_STAR, K_ONE, K_DSTAR, K_TAIL, K_CLASS, K_OTHER };

/* A plain class at p[i] ('['): "[" "^"? then bytes but "[]\/", then "]". */
static size_t
plain_class(const char *p, size_t len, size_t i)
{
	size_t k = i + 1;

	if (k < len && p[k] == '^')
		k++;
	if (k >= len || p[k] == ']')
		return 0;
	for (; k < len && p[k] != ']'; k++)
		if (p[k] == '[' || p[k] == '\\' || p[k] == '/' || p[k] == '\0')
			return 0;
	return k < len ? k + 1 : 0;
}

/*
 * The tokens of a regexp pattern, as build_gore() turns it into a
 * regexp; *complete is 0 if they stop before its end.  tok[k] is a K_*,
 * at[k] its offset.
 */
static size_t
tokens(const char *p, size_t len, unsigned char *tok, size_t *at,
    int *complete)
{
	size_t i = 0, n = 0, e;

	*complete = 0;
	while (i < len) {
		unsigned char c = (unsigned char)p[i];

		at[n] = i;
		if (c == '*') {
			if (i + 1 < len && p[i + 1] == '*') {
				i += 2;
				if (i < len && p[i] == '/')
					i++;
				tok[n++] = i >= len ? K_TAIL : K_DSTAR;
			} else {
				tok[n++] = K_STAR;
				i++;
			}
		} else if (c == '?') {
			tok[n++] = K_ONE;
			i++;
		} else if (c == '/') {
			tok[n++] = K_SLASH;
			i++;
		} else if (c == '[') {
			if ((e = plain_class(p, len, i)) == 0)
				return n;
			tok[n++] = K_CLASS;
			i = e;
		} else if (c == '{') {
			/* it may repeat what comes before it */
			return n > 0 ? n - 1 : 0;
		} else if (c == '\\' || c == '}' || c == ']') {
			return n;
		} else if (c == '^' || c == '\0' || c >= 0x80) {
			tok[n++] = K_OTHER;
			i++;
		} else {
			tok[n++] = K_LIT;
			i++;
		}
	}
	*complete = 1;
	return n;
}

/* Does the regexp stand at a segment start before token k (a DSTAR)? */
static int
seg_start(const unsigned char *tok, size_t k)
{
	while (k > 0 && tok[k - 1] == K_DSTAR)
		k--;
	return k == 0 || tok[k - 1] == K_SLASH;
}

/* Literal run tok[a..b) bounded by segment boundaries on its left? */
static int
left_bound(const unsigned char *tok, size_t a)
{
	return a == 0 || tok[a - 1] == K_SLASH ||
	    (tok[a - 1] == K_DSTAR && seg_start(tok, a - 1));
}

/* The key of rule P; RK_NONE if it has none (or memory runs out). */
static int
rule_key(const struct pattern *p, const char **key, size_t *klen)
{
	const char *t = p->text, *s;
	size_t n, k, a, i, best = 0, bestlen = 0, cand[RK_N][2];
	unsigned char *tok;
	size_t *at;
	int complete, have[RK_N] = { 0 }, type;

	switch (p->kind) {
	case PK_EXACT:
		*key = p->lit;
		*klen = p->litlen;
		return RK_EXACT;
	case PK_PREFIX:
		/* the path starts with the stem: "S/" fixes its first segment */
		if ((s = memchr(p->lit, '/', p->litlen)) == NULL)
			return RK_NONE;
		*key = p->lit;
		*klen = (size_t)(s - p->lit);
		return RK_FIRST;
	case PK_SUFFIX:
		/* the path ends with lit (or is lit without its '/') */
		if ((s = memrchr(p->lit, '/', p->litlen)) != NULL) {
			*key = s + 1;
			*klen = p->litlen - (size_t)(s + 1 - p->lit);
			return *klen > 0 ? RK_LAST : RK_NONE;
		}
		if ((s = memrchr(p->lit, '.', p->litlen)) == NULL)
			return RK_NONE;
		*key = s + 1;
		*klen = p->litlen - (size_t)(s + 1 - p->lit);
		return RK_EXT;
	case PK_REGEX:
		break;
	}
	if (memchr(t, '|', p->len) != NULL)
		return RK_NONE;
	tok = malloc(p->len + 1);
	at = malloc((p->len + 1) * sizeof(*at));
	if (tok == NULL || at == NULL) {
		free(tok);
		free(at);
		return RK_NONE;
	}
	n = tokens(t, p->len, tok, at, &complete);
	/* FIRST: literals from the start, then a '/' */
	for (k = 0; k < n && tok[k] == K_LIT; k++)
		;
	if (k > 0 && k < n && tok[k] == K_SLASH) {
		have[RK_FIRST] = 1;
		cand[RK_FIRST][0] = 0;
		cand[RK_FIRST][1] = k;
	}
	if (complete) {
		/* the literal run at the end: LAST or EXT */
		for (a = n; a > 0 && tok[a - 1] == K_LIT; a--)
			;
		if (a < n && left_bound(tok, a)) {
			have[RK_LAST] = 1;
			cand[RK_LAST][0] = at[a];
			cand[RK_LAST][1] = at[n - 1] + 1 - at[a];
		}
		if (a < n && (s = memrchr(t + at[a], '.', at[n - 1] + 1 -
		    at[a])) != NULL) {
			have[RK_EXT] = 1;
			cand[RK_EXT][0] = (size_t)(s + 1 - t);
			cand[RK_EXT][1] = at[n - 1] + 1 - cand[RK_EXT][0];
		}
		/* LASTPFX: a run that starts the last segment */
		for (k = n; k > 0 && tok[k - 1] != K_SLASH &&
		    tok[k - 1] != K_DSTAR && tok[k - 1] != K_TAIL &&
		    tok[k - 1] != K_CLASS; k--)
			;
		for (i = k; i < n && tok[i] == K_LIT; i++)
			;
		/* (one or two bytes say little: then a weaker key first) */
		if (i >= k + 3 && i < n && left_bound(tok, k)) {
			have[RK_LASTPFX] = 1;
			cand[RK_LASTPFX][0] = at[k];
			cand[RK_LASTPFX][1] = i - k;
		}
		/* ROOT: nothing that matches a '/' */
		for (k = 0; k < n; k++)
			if (tok[k] == K_SLASH || tok[k] == K_DSTAR ||
			    tok[k] == K_TAIL || tok[k] == K_CLASS)
				break;
		if (k == n)
			have[RK_ROOT] = 1;
	}
	/* MID: a whole segment of literals, the longest */
	for (k = 0; k < n; k++) {
		if (tok[k] != K_LIT || (k > 0 && tok[k - 1] == K_LIT))
			continue;
		for (i = k; i < n && tok[i] == K_LIT; i++)
			;
		if (k > 0 && i < n && tok[i] == K_SLASH && left_bound(tok, k) &&
		    i - k > bestlen) {
			best = k;
			bestlen = i - k;
		}
	}
	if (bestlen > 0) {
		have[RK_MID] = 1;
		cand[RK_MID][0] = at[best];
		cand[RK_MID][1] = bestlen;
	}
	free(tok);
	free(at);
	for (type = RK_LAST; type < RK_N; type++)
		if (have[type])
			break;
	if (type == RK_N)
		return RK_NONE;
	if (type == RK_ROOT) {
		*key = NULL;
		*klen = 0;
	} else {
		*key = t + cand[type][0];
		*klen = cand[type][1];
	}
	return type;
}

/* --------------------------------------------------------- hash table */

/* FNV-1a, from a start per key type; extended a byte at a time. */
#define FNV_PRIME	0x100000001b3ULL

static uint64_t
hash_start(int type)
{
	return 0xcbf29ce484222325ULL ^ ((uint64_t)type << 56);
}

static uint64_t
hash_more(uint64_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	return h;
}

static uint64_t
hash(int type, const char *s, size_t len)
{
	return hash_more(hash_start(type), s, len);
}

/* Table slot: the low bits of FNV are weak; mix them in. */
static size_t
slot(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct ri_ent *
find(const struct rindex *x, int type, const char *s, size_t len,
    uint64_t h)
{
	size_t i;

	if (x->cap == 0)
		return NULL;
	for (i = slot(h) & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		struct ri_ent *e = &x->tab[i];

		if (e->type == RK_NONE)
			return e;
		if (e->h == h && e->type == type && e->klen == len &&
		    memcmp(e->key, s, len) == 0)
			return e;
	}
}

static int
grow(struct rindex *x)
{
	struct ri_ent *old = x->tab, *e;
	size_t oldcap = x->cap, i;

	x->cap = oldcap ? oldcap * 2 : 64;
	if ((x->tab = calloc(x->cap, sizeof(*x->tab))) == NULL) {
		x->tab = old;
		x->cap = oldcap;
		return -1;
	}
	for (i = 0; i < oldcap; i++) {
		if (old[i].type == RK_NONE)
			continue;
		e = find(x, old[i].type, old[i].key, old[i].klen, old[i].h);
		*e = old[i];
	}
	free(old);
	return 0;
}

static int
set_words(struct rindex *x, size_t nwords)
{
	flagword *g, *r;

	if (nwords <= x->nwords)
		return 0;
	g = realloc(x->generic, nwords * sizeof(*g));
	if (g != NULL)
		x->generic = g;
	r = realloc(x->root, nwords * sizeof(*r));
	if (r != NULL)
		x->root = r;
	if (g == NULL || r == NULL)
		return -1;
	memset(x->generic + x->nwords, 0, (nwords - x->nwords) * sizeof(*g));
	memset(x->root + x->nwords, 0, (nwords - x->nwords) * sizeof(*r));
	x->nwords = nwords;
	return 0;
}

/* ------------------------------------------------------------ the API */

struct rindex *
ri_new(void)
{
	return calloc(1, sizeof(struct rindex));
}

void
ri_clear(struct rindex *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++)
		free(x->tab[i].rules);
	free(x->tab);
	free(x->generic);
	free(x->root);
	memset(x, 0, sizeof(*x));
}

void
ri_free(struct rindex *x)
{
	if (x == NULL)
		return;
	ri_clear(x);
	free(x);
}

int
ri_add(struct rindex *x, const struct pattern *p, size_t i)
{
	const char *key = NULL;
	size_t klen = 0;
	struct ri_ent *e;
	uint64_t h;
	int type;

	if (set_words(x, i / 64 + 1) < 0)
		return -1;
	type = rule_key(p, &key, &klen);
	if (type == RK_NONE || type == RK_ROOT) {
		flagword *set = type == RK_NONE ? x->generic : x->root;

		set[i / 64] |= (flagword)1 << (i % 64);
		x->ntype[type]++;
		return 0;
	}
	if ((x->used + 1) * 2 > x->cap && grow(x) < 0)
		return -1;
	h = hash(type, key, klen);
	e = find(x, type, key, klen, h);
	if (e->type == RK_NONE) {
		e->type = type;
		e->h = h;
		e->key = key;
		e->klen = klen;
		x->used++;
	}
	if (e->n == e->cap) {
		size_t nc = e->cap ? e->cap * 2 : 2;
		uint32_t *nr = realloc(e->rules, nc * sizeof(*nr));

		if (nr == NULL)
			return -1;
		e->rules = nr;
		e->cap = nc;
	}
	e->rules[e->n++] = (uint32_t)i;
	x->ntype[type]++;
	x->lenmask[type] |= (uint64_t)1 << (klen < 63 ? klen : 63);
	return 0;
}

/* OR the rules whose key is (TYPE, S) into cand; H its hash, or 0. */
static void
look(const struct rindex *x, int type, const char *s, size_t len,
    uint64_t h, flagword *cand)
{
	const struct ri_ent *e;
	size_t k;

	if (!(x->lenmask[type] >> (len < 63 ? len : 63) & 1))
		return;
	e = find(x, type, s, len, h != 0 ? h : hash(type, s, len));
	if (e == NULL || e->type == RK_NONE)
		return;
	for (k = 0; k < e->n; k++)
		cand[e->rules[k] / 64] |= (flagword)1 << (e->rules[k] % 64);
}

void
ri_candidates(const struct rindex *x, const char *path, size_t len,
    flagword *cand, size_t nwords)
{
	const char *first = memchr(path, '/', len), *last, *dot, *s, *e;
	size_t k, n = nwords < x->nwords ? nwords : x->nwords, ll;
	uint64_t h;

	for (k = 0; k < n; k++)
		cand[k] |= x->generic[k];
	if (x->ntype[RK_EXACT] > 0)
		look(x, RK_EXACT, path, len, 0, cand);
	if (first == NULL) {
		for (k = 0; k < n; k++)
			cand[k] |= x->root[k];
		last = path;
	} else {
		if (x->ntype[RK_FIRST] > 0)
			look(x, RK_FIRST, path, (size_t)(first - path), 0, cand);
		last = (const char *)memrchr(path, '/', len) + 1;
	}
	ll = len - (size_t)(last - path);
	if (x->ntype[RK_LAST] > 0)
		look(x, RK_LAST, last, ll, 0, cand);
	if (x->ntype[RK_LASTPFX] > 0) {
		/* every prefix of a length some key has */
		h = hash_start(RK_LASTPFX);
		for (k = 1; k <= ll && k < 64; k++) {
			h = hash_more(h, last + k - 1, 1);
			if (k < 63 && !(x->lenmask[RK_LASTPFX] >> k & 1))
				continue;
			if (k == 63) {
				/* keys of 63 bytes and more share a bit */
				for (; k <= ll; k++)
					look(x, RK_LASTPFX, last, k, 0, cand);
				break;
			}
			look(x, RK_LASTPFX, last, k, h, cand);
		}
	}
	if (x->ntype[RK_EXT] > 0 && (dot = memrchr(last, '.', ll)) != NULL)
		look(x, RK_EXT, dot + 1, len - (size_t)(dot + 1 - path), 0,
		    cand);
	if (x->ntype[RK_MID] > 0 && first != NULL)
		for (s = path; s < last; s = e + 1) {
			e = memchr(s, '/', (size_t)(last - s));
			look(x, RK_MID, s, (size_t)(e - s), 0, cand);
		}
}
