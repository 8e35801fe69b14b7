/*
 * re2pcre.c: a Go (RE2) regexp rewritten as an equivalent PCRE2 pattern
 * (re2pcre.h says what is handled and how).  A recursive descent after
 * Go's regexp/syntax parser: gp_seq() for concatenations, alternations
 * and repeats, gp_atom() for one atom, gp_class() for [...], gp_escape()
 * for one escaped rune.  Rune sets are built as ranges (struct rset) and
 * written out explicitly, so that PCRE2's own class rules never apply.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

#define MAXRUNE 0x10ffff

struct rset {			/* a set of rune ranges */
	int32_t	(*r)[2];
	size_t	 n;
	size_t	 cap;
	int	 oom;
};

static void
rset_add(struct rset *s, int32_t lo, int32_t hi)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		void *p = realloc(s->r, nc * sizeof(*s->r));

		if (p == NULL) {
			s->oom = 1;
			return;
		}
		s->r = p;
		s->cap = nc;
	}
	s->r[s->n][0] = lo;
	s->r[s->n][1] = hi;
	s->n++;
}

static int
rcmp(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sort and merge. */
static void
rset_norm(struct rset *s)
{
	size_t i, o = 0;

	if (s->n == 0)
		return;
	qsort(s->r, s->n, sizeof(*s->r), rcmp);
	for (i = 1; i < s->n; i++) {
		if (s->r[i][0] <= s->r[o][1] + 1) {
			if (s->r[i][1] > s->r[o][1])
				s->r[o][1] = s->r[i][1];
		} else {
			o++;
			s->r[o][0] = s->r[i][0];
			s->r[o][1] = s->r[i][1];
		}
	}
	s->n = o + 1;
}

/* Add the complement of the ranges tbl (sorted, count n) to s. */
static void
rset_add_neg(struct rset *s, const int32_t (*tbl)[2], size_t n)
{
	int32_t next = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (tbl[i][0] > next)
			rset_add(s, next, tbl[i][0] - 1);
		next = tbl[i][1] + 1;
	}
	if (next <= MAXRUNE)
		rset_add(s, next, MAXRUNE);
}

static void
rset_add_tbl(struct rset *s, const int32_t (*tbl)[2], size_t n, int neg)
{
	size_t i;

	if (neg) {
		rset_add_neg(s, tbl, n);
		return;
	}
	for (i = 0; i < n; i++)
		rset_add(s, tbl[i][0], tbl[i][1]);
}

static const int32_t t_digit[][2] = { { '0', '9' } };
static const int32_t t_space[][2] = { { '\t', '\n' }, { '\f', '\r' },
    { ' ', ' ' } };
static const int32_t t_word[][2] = { { '0', '9' }, { 'A', 'Z' }, { '_', '_' },
    { 'a', 'z' } };

static const struct posix {
	const char	*name;
	int32_t		 r[4][2];
	size_t		 n;
} posix_classes[] = {
	{ "alnum", { { '0', '9' }, { 'A', 'Z' }, { 'a', 'z' } }, 3 },
	{ "alpha", { { 'A', 'Z' }, { 'a', 'z' } }, 2 },
	{ "ascii", { { 0, 0x7f } }, 1 },
	{ "blank", { { '\t', '\t' }, { ' ', ' ' } }, 2 },
	{ "cntrl", { { 0, 0x1f }, { 0x7f, 0x7f } }, 2 },
	{ "digit", { { '0', '9' } }, 1 },
	{ "graph", { { '!', '~' } }, 1 },
	{ "lower", { { 'a', 'z' } }, 1 },
	{ "print", { { ' ', '~' } }, 1 },
	{ "punct", { { '!', '/' }, { ':', '@' }, { '[', '`' }, { '{', '~' } }, 4 },
	{ "space", { { '\t', '\r' }, { ' ', ' ' } }, 2 },
	{ "upper", { { 'A', 'Z' } }, 1 },
	{ "word", { { '0', '9' }, { 'A', 'Z' }, { '_', '_' }, { 'a', 'z' } }, 4 },
	{ "xdigit", { { '0', '9' }, { 'A', 'F' }, { 'a', 'f' } }, 3 },
};

struct gp {			/* Go regexp parser state */
	const char	*s;
	size_t		 len;
	size_t		 i;
	struct sbuf	*out;
	char		*err;
	size_t		 errsz;
	size_t		 erroff;
	size_t		 atom;		/* output offset of the last atom */
};

static int
gp_fail(struct gp *g, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
gp_fail(struct gp *g, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->err, g->errsz, fmt, ap);
	va_end(ap);
	g->erroff = off;
	return -1;
}

static int32_t
gp_rune(struct gp *g)
{
	size_t w;
	int32_t r = go_decode_rune((const unsigned char *)g->s + g->i,
	    g->len - g->i, &w);

	g->i += w;
	return r;
}

static int
unhex(int32_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
isalnum_ascii(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Go's parseEscape: g->i is at the backslash.  Sets *r. */
static int
gp_escape(struct gp *g, int32_t *r)
{
	size_t start = g->i;
	int32_t c;
	int i;

	g->i++;
	if (g->i >= g->len)
		return gp_fail(g, start, "trailing backslash");
	c = gp_rune(g);
	if (c < 0x80 && !isalnum_ascii(c)) {
		*r = c;
		return 0;
	}
	switch (c) {
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		if (g->i >= g->len || g->s[g->i] < '0' || g->s[g->i] > '7')
			break;
		/* FALLTHROUGH */
	case '0':
		*r = c - '0';
		for (i = 1; i < 3; i++) {
			if (g->i >= g->len || g->s[g->i] < '0' ||
			    g->s[g->i] > '7')
				break;
			*r = *r * 8 + g->s[g->i] - '0';
			g->i++;
		}
		return 0;
	case 'x':
		if (g->i >= g->len)
			break;
		c = gp_rune(g);
		if (c == '{') {
			int nhex = 0;
			int32_t v = 0;

			for (;;) {
				int h;

				if (g->i >= g->len)
					goto bad;
				c = gp_rune(g);
				if (c == '}')
					break;
				if ((h = unhex(c)) < 0)
					goto bad;
				v = v * 16 + h;
				if (v > MAXRUNE)
					goto bad;
				nhex++;
			}
			if (nhex == 0)
				goto bad;
			*r = v;
			return 0;
		} else {
			int x = unhex(c), y;

			if (g->i >= g->len)
				goto bad;
			y = unhex(gp_rune(g));
			if (x < 0 || y < 0)
				break;
			*r = x * 16 + y;
			return 0;
		}
	case 'a': *r = '\a'; return 0;
	case 'f': *r = '\f'; return 0;
	case 'n': *r = '\n'; return 0;
	case 'r': *r = '\r'; return 0;
	case 't': *r = '\t'; return 0;
	case 'v': *r = '\v'; return 0;
	default:
		break;
	}
bad:
	{
		char tmp[16];
		size_t n = g->i - start < sizeof(tmp) - 1 ? g->i - start :
		    sizeof(tmp) - 1;

		memcpy(tmp, g->s + start, n);
		tmp[n] = '\0';
		return gp_fail(g, start, "invalid escape sequence %s", tmp);
	}
}

/*
 * \d \D \s \S \w \W at g->i (a backslash): add to set, return 1; 0 if
 * not a Perl class.
 */
static int
gp_perlclass(struct gp *g, struct rset *set)
{
	char c;

	if (g->i + 1 >= g->len || g->s[g->i] != '\\')
		return 0;
	c = g->s[g->i + 1];
	switch (c) {
	case 'd': case 'D':
		rset_add_tbl(set, t_digit, 1, c == 'D');
		break;
	case 's': case 'S':
		rset_add_tbl(set, t_space, 3, c == 'S');
		break;
	case 'w': case 'W':
		rset_add_tbl(set, t_word, 4, c == 'W');
		break;
	default:
		return 0;
	}
	g->i += 2;
	return 1;
}

/*
 * The names Go's \p accepts (go1.24, the docker CLI's: Unicode 15.0.0),
 * exactly, case and all: "Any", the categories of unicode.Categories and
 * the scripts of unicode.Scripts.  PCRE2 knows more names (Xan, L&, Cn,
 * "greek" in any case), which Go rejects.
 */
static const char *const go_unicode_names[] = {
	"Adlam", "Ahom", "Anatolian_Hieroglyphs", "Any", "Arabic", "Armenian",
	"Avestan", "Balinese", "Bamum", "Bassa_Vah", "Batak", "Bengali",
	"Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid",
	"C", "Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Cc",
	"Cf", "Chakma", "Cham", "Cherokee", "Chorasmian", "Co", "Common",
	"Coptic", "Cs", "Cuneiform", "Cypriot", "Cypro_Minoan", "Cyrillic",
	"Deseret", "Devanagari", "Dives_Akuru", "Dogra", "Duployan",
	"Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic", "Georgian",
	"Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati",
	"Gunjala_Gondi", "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya",
	"Hanunoo", "Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic",
	"Inherited", "Inscriptional_Pahlavi", "Inscriptional_Parthian",
	"Javanese", "Kaithi", "Kannada", "Katakana", "Kawi", "Kayah_Li",
	"Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi",
	"L", "Lao", "Latin", "Lepcha", "Limbu", "Linear_A", "Linear_B",
	"Lisu", "Ll", "Lm", "Lo", "Lt", "Lu", "Lycian", "Lydian", "M",
	"Mahajani", "Makasar", "Malayalam", "Mandaic", "Manichaean",
	"Marchen", "Masaram_Gondi", "Mc", "Me", "Medefaidrin", "Meetei_Mayek",
	"Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs", "Miao",
	"Mn", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "N",
	"Nabataean", "Nag_Mundari", "Nandinagari", "Nd", "New_Tai_Lue",
	"Newa", "Nko", "Nl", "No", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham",
	"Ol_Chiki", "Old_Hungarian", "Old_Italic", "Old_North_Arabian",
	"Old_Permic", "Old_Persian", "Old_Sogdian", "Old_South_Arabian",
	"Old_Turkic", "Old_Uyghur", "Oriya", "Osage", "Osmanya", "P",
	"Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Pc", "Pd", "Pe", "Pf",
	"Phags_Pa", "Phoenician", "Pi", "Po", "Ps", "Psalter_Pahlavi",
	"Rejang", "Runic", "S", "Samaritan", "Saurashtra", "Sc", "Sharada",
	"Shavian", "Siddham", "SignWriting", "Sinhala", "Sk", "Sm", "So",
	"Sogdian", "Sora_Sompeng", "Soyombo", "Sundanese", "Syloti_Nagri",
	"Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet",
	"Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai",
	"Tibetan", "Tifinagh", "Tirhuta", "Toto", "Ugaritic", "Vai",
	"Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi", "Z",
	"Zanabazar_Square", "Zl", "Zp", "Zs",
};

/* Scripts of Unicode 15 that PCRE2 10.42 (Unicode 14) does not know. */
static const int32_t t_kawi[][2] = { { 0x11f00, 0x11f10 },
    { 0x11f12, 0x11f3a }, { 0x11f3e, 0x11f59 } };
static const int32_t t_nag_mundari[][2] = { { 0x1e4d0, 0x1e4f9 } };

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * \pX, \p{Name}, \PX, \p{^Name} at g->i: add the PCRE2 form to u (or
 * explicit ranges to set) and return 1; 0 if not one; -1 on error.
 * Go's "C" is Cc, Cf, Co and Cs; PCRE2's also holds Cn, the unassigned.
 */
static int
gp_uniclass(struct gp *g, struct sbuf *u, struct rset *set)
{
	size_t start = g->i, nstart, nend;
	char name[64];
	const char *key = name;
	int neg;

	if (g->i + 1 >= g->len || g->s[g->i] != '\\' ||
	    (g->s[g->i + 1] != 'p' && g->s[g->i + 1] != 'P'))
		return 0;
	neg = g->s[g->i + 1] == 'P';
	g->i += 2;
	if (g->i >= g->len)
		return gp_fail(g, start, "invalid character class range %s",
		    "\\p");
	if (g->s[g->i] == '{') {
		const char *end = memchr(g->s + g->i, '}', g->len - g->i);

		if (end == NULL)
			return gp_fail(g, start, "invalid character class "
			    "range %s", "\\p{");
		nstart = g->i + 1;
		nend = (size_t)(end - g->s);
		g->i = nend + 1;
		if (nstart < nend && g->s[nstart] == '^') {
			neg = !neg;
			nstart++;
		}
	} else {
		nstart = g->i;
		gp_rune(g);
		nend = g->i;
	}
	if (nend == nstart)
		return gp_fail(g, start, "invalid character class range %s",
		    "\\p{}");
	if (nend - nstart < sizeof(name)) {
		memcpy(name, g->s + nstart, nend - nstart);
		name[nend - nstart] = '\0';
	}
	if (nend - nstart >= sizeof(name) || strlen(name) != nend - nstart ||
	    bsearch(&key, go_unicode_names, sizeof(go_unicode_names) /
	    sizeof(go_unicode_names[0]), sizeof(go_unicode_names[0]),
	    namecmp) == NULL)
		return gp_fail(g, start, "invalid character class range "
		    "%.*s", (int)(g->i - start), g->s + start);
	if (strcmp(name, "C") == 0)
		sbuf_put(u, neg ? "\\P{C}\\p{Cn}" : "\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}",
		    neg ? 11 : 24);
	else if (strcmp(name, "Kawi") == 0)
		rset_add_tbl(set, t_kawi, 3, neg);
	else if (strcmp(name, "Nag_Mundari") == 0)
		rset_add_tbl(set, t_nag_mundari, 1, neg);
	else {
		sbuf_put(u, neg ? "\\P{" : "\\p{", 3);
		sbuf_put(u, name, nend - nstart);
		sbuf_putc(u, '}');
	}
	return 1;
}

static void
emit_rune(struct sbuf *o, int32_t r)
{
	if (r < 0x80 && isalnum_ascii(r))
		sbuf_putc(o, (char)r);
	else
		sbuf_printf(o, "\\x{%x}", (unsigned)r);
}

/* Emit a rune set as a PCRE2 class (surrogates cut out). */
static void
emit_set(struct sbuf *o, struct rset *set, const struct sbuf *uni, int neg)
{
	size_t i, k = 0;

	rset_norm(set);
	sbuf_putc(o, '[');
	if (neg)
		sbuf_putc(o, '^');
	for (i = 0; i < set->n; i++) {
		int32_t lo = set->r[i][0], hi = set->r[i][1];
		int32_t parts[2][2];
		size_t np = 0, j;

		if (lo < 0xd800 && hi > 0xdfff) {
			parts[np][0] = lo; parts[np++][1] = 0xd7ff;
			parts[np][0] = 0xe000; parts[np++][1] = hi;
		} else if (lo >= 0xd800 && hi <= 0xdfff) {
			continue;
		} else if (lo >= 0xd800 && lo <= 0xdfff) {
			parts[np][0] = 0xe000; parts[np++][1] = hi;
		} else if (hi >= 0xd800 && hi <= 0xdfff) {
			parts[np][0] = lo; parts[np++][1] = 0xd7ff;
		} else {
			parts[np][0] = lo; parts[np++][1] = hi;
		}
		for (j = 0; j < np; j++) {
			sbuf_printf(o, "\\x{%x}", (unsigned)parts[j][0]);
			if (parts[j][1] != parts[j][0])
				sbuf_printf(o, "-\\x{%x}", (unsigned)parts[j][1]);
			k++;
		}
	}
	if (uni->len > 0) {
		sbuf_put(o, uni->s, uni->len);
		k++;
	}
	if (k == 0) {
		/* An empty set: [] can't be written in PCRE2. */
		o->len -= neg ? 2 : 1;
		sbuf_put(o, neg ? "(?s:.)" : "(*FAIL)", neg ? 6 : 7);
		return;
	}
	sbuf_putc(o, ']');
}

/* Go's parseClass; g->i is at '['. */
static int
gp_class(struct gp *g)
{
	struct rset set = { 0 };
	struct sbuf uni = { 0 };
	size_t start = g->i;
	int neg = 0, first = 1, rc = -1;

	g->i++;
	if (g->i < g->len && g->s[g->i] == '^') {
		neg = 1;
		g->i++;
	}
	while (g->i >= g->len || g->s[g->i] != ']' || first) {
		int32_t lo, hi;
		size_t rstart;
		int u;

		if (g->i >= g->len) {
			gp_fail(g, start, "missing closing ]");
			goto out;
		}
		first = 0;
		if (g->len - g->i > 2 && g->s[g->i] == '[' &&
		    g->s[g->i + 1] == ':') {
			const char *e = NULL;
			size_t k;

			for (k = g->i + 2; k + 1 < g->len; k++)
				if (g->s[k] == ':' && g->s[k + 1] == ']') {
					e = g->s + k;
					break;
				}
			if (e != NULL) {
				const char *nm = g->s + g->i + 2;
				size_t nl = (size_t)(e - nm), j;
				int pneg = 0;

				if (nl > 0 && nm[0] == '^') {
					pneg = 1;
					nm++;
					nl--;
				}
				for (j = 0; j < sizeof(posix_classes) /
				    sizeof(posix_classes[0]); j++)
					if (strlen(posix_classes[j].name) == nl &&
					    memcmp(posix_classes[j].name, nm,
					    nl) == 0)
						break;
				if (j == sizeof(posix_classes) /
				    sizeof(posix_classes[0])) {
					gp_fail(g, g->i, "invalid character "
					    "class range %s", "[:...:]");
					goto out;
				}
				rset_add_tbl(&set, posix_classes[j].r,
				    posix_classes[j].n, pneg);
				g->i = (size_t)(e - g->s) + 2;
				continue;
			}
		}
		if ((u = gp_uniclass(g, &uni, &set)) < 0)
			goto out;
		if (u > 0)
			continue;
		if (gp_perlclass(g, &set))
			continue;
		rstart = g->i;
		if (g->s[g->i] == '\\') {
			if (gp_escape(g, &lo) < 0)
				goto out;
		} else
			lo = gp_rune(g);
		hi = lo;
		if (g->len - g->i >= 2 && g->s[g->i] == '-' &&
		    g->s[g->i + 1] != ']') {
			g->i++;
			if (g->s[g->i] == '\\') {
				if (gp_escape(g, &hi) < 0)
					goto out;
			} else
				hi = gp_rune(g);
			if (hi < lo) {
				char tmp[64];
				size_t n = g->i - rstart < sizeof(tmp) - 1 ?
				    g->i - rstart : sizeof(tmp) - 1;

				memcpy(tmp, g->s + rstart, n);
				tmp[n] = '\0';
				gp_fail(g, rstart, "invalid character class "
				    "range %s", tmp);
				goto out;
			}
		}
		rset_add(&set, lo, hi);
	}
	g->i++;		/* ']' */
	if (set.oom || uni.oom) {
		gp_fail(g, start, "out of memory");
		goto out;
	}
	emit_set(g->out, &set, &uni, neg);
	rc = 0;
out:
	free(set.r);
	sbuf_free(&uni);
	return rc;
}

static int gp_seq(struct gp *, int depth);

/* One atom at g->i.  Returns 1 if it can take a repetition, 0 if not. */
static int
gp_atom(struct gp *g, int depth)
{
	size_t start = g->i;
	char c = g->s[g->i];

	switch (c) {
	case '(':
		if (g->i + 1 < g->len && g->s[g->i + 1] == '?')
			return gp_fail(g, start, "unsupported group");
		g->i++;
		sbuf_put(g->out, "(?:", 3);
		if (gp_seq(g, depth + 1) < 0)
			return -1;
		if (g->i >= g->len || g->s[g->i] != ')')
			return gp_fail(g, start, "missing closing )");
		g->i++;
		sbuf_putc(g->out, ')');
		return 1;
	case '[':
		return gp_class(g) < 0 ? -1 : 1;
	case '.':
		g->i++;
		sbuf_put(g->out, "[^\\n]", 5);
		return 1;
	case '^':
		g->i++;
		sbuf_put(g->out, "\\A", 2);
		return 0;
	case '$':
		g->i++;
		sbuf_put(g->out, "\\z", 2);
		return 0;
	case '\\':
		if (g->i + 1 < g->len) {
			char e = g->s[g->i + 1];
			struct rset set = { 0 };
			struct sbuf uni = { 0 };
			int32_t r;
			int u;

			switch (e) {
			case 'A':
				g->i += 2;
				sbuf_put(g->out, "\\A", 2);
				return 0;
			case 'z':
				g->i += 2;
				sbuf_put(g->out, "\\z", 2);
				return 0;
			case 'b': case 'B':
				g->i += 2;
				sbuf_put(g->out, e == 'b' ? "\\b" : "\\B", 2);
				return 0;
			case 'C':
				return gp_fail(g, start,
				    "invalid escape sequence %s", "\\C");
			case 'Q': {
				const char *lit = g->s + g->i + 2, *end = NULL;
				size_t k, n = g->len - (g->i + 2);

				for (k = 0; k + 1 < n; k++)
					if (lit[k] == '\\' && lit[k + 1] == 'E') {
						end = lit + k;
						break;
					}
				if (end == NULL)
					end = lit + n;
				g->i += 2;
				if (g->s + g->i == end) {
					if (end < g->s + g->len)
						g->i += 2;	/* \E */
					return 3;	/* nothing: keep prev */
				}
				while (g->s + g->i < end) {
					g->atom = g->out->len;
					emit_rune(g->out, gp_rune(g));
				}
				if (end < g->s + g->len)
					g->i += 2;	/* \E */
				return 1;	/* a repetition takes the last rune */
			}
			default:
				break;
			}
			if ((u = gp_uniclass(g, &uni, &set)) != 0) {
				if (u > 0 && (set.oom || uni.oom))
					u = gp_fail(g, start, "out of memory");
				else if (u > 0)
					emit_set(g->out, &set, &uni, 0);
				free(set.r);
				sbuf_free(&uni);
				return u < 0 ? -1 : 1;
			}
			if (gp_perlclass(g, &set)) {
				if (set.oom) {
					free(set.r);
					return gp_fail(g, start, "out of memory");
				}
				emit_set(g->out, &set, &uni, 0);
				free(set.r);
				return 1;
			}
			if (gp_escape(g, &r) < 0)
				return -1;
			if (r >= 0xd800 && r <= 0xdfff)
				sbuf_put(g->out, "(*FAIL)", 7);
			else
				emit_rune(g->out, r);
			return 1;
		}
		return gp_fail(g, start, "trailing backslash");
	default:
		emit_rune(g->out, gp_rune(g));
		return 1;
	}
}

/* Go's parseInt for repeats: no leading zeros; >1e8 gives -1. */
static int
gp_int(struct gp *g, size_t *i, long *v)
{
	size_t k = *i;

	if (k >= g->len || g->s[k] < '0' || g->s[k] > '9')
		return 0;
	if (k + 1 < g->len && g->s[k] == '0' && g->s[k + 1] >= '0' &&
	    g->s[k + 1] <= '9')
		return 0;
	*v = 0;
	for (; k < g->len && g->s[k] >= '0' && g->s[k] <= '9'; k++)
		if (*v >= 0 && (*v = *v * 10 + g->s[k] - '0') > 100000000)
			*v = -1;
	*i = k;
	return 1;
}

/* Go's parseRepeat at g->i ('{'): 1 and the bounds, or 0 (a literal). */
static int
gp_repeat(struct gp *g, long *min, long *max, size_t *end)
{
	size_t k = g->i + 1;

	if (!gp_int(g, &k, min) || k >= g->len)
		return 0;
	if (g->s[k] != ',')
		*max = *min;
	else {
		k++;
		if (k >= g->len)
			return 0;
		if (g->s[k] == '}')
			*max = -1;
		else if (!gp_int(g, &k, max))
			return 0;
		else if (*max < 0)
			*min = -1;
	}
	if (k >= g->len || g->s[k] != '}')
		return 0;
	*end = k + 1;
	return 1;
}

static int
gp_seq(struct gp *g, int depth)
{
	/* prev: -1 nothing (start, after '(' or '|'), 0 an assertion,
	 * 1 an atom, 2 just repeated */
	int prev = -1, r;

	if (depth > 1000)
		return gp_fail(g, g->i, "expression nests too deeply");
	while (g->i < g->len) {
		char c = g->s[g->i];
		size_t qstart = g->i, qend;
		long min = 0, max = 0;

		if (c == ')')
			return depth > 0 ? 0 : gp_fail(g, g->i,
			    "unexpected )");
		if (c == '|') {
			g->i++;
			sbuf_putc(g->out, '|');
			prev = -1;
			continue;
		}
		if (c == '{' && !gp_repeat(g, &min, &max, &qend)) {
			g->atom = g->out->len;
			g->i++;
			emit_rune(g->out, '{');
			prev = 1;
			continue;
		}
		if (c == '*' || c == '+' || c == '?' || c == '{') {
			if (c == '{') {
				if (min < 0 || min > 1000 || max > 1000 ||
				    (max >= 0 && min > max))
					return gp_fail(g, qstart,
					    "invalid repeat count");
				g->i = qend;
			} else
				g->i++;
			if (prev == 2)
				return gp_fail(g, qstart, "invalid nested "
				    "repetition operator");
			if (prev == -1)
				return gp_fail(g, qstart, "missing argument to "
				    "repetition operator");
			if (prev == 0) {
				/* Go repeats an assertion; PCRE2 wants a
				 * group around it. */
				size_t n = g->out->len - g->atom;
				char *tmp = malloc(n + 1);

				if (tmp == NULL)
					return gp_fail(g, qstart,
					    "out of memory");
				memcpy(tmp, g->out->s + g->atom, n);
				g->out->len = g->atom;
				sbuf_put(g->out, "(?:", 3);
				sbuf_put(g->out, tmp, n);
				sbuf_putc(g->out, ')');
				free(tmp);
			}
			if (c == '{') {
				if (max == -1)
					sbuf_printf(g->out, "{%ld,}", min);
				else
					sbuf_printf(g->out, "{%ld,%ld}", min,
					    max);
			} else
				sbuf_putc(g->out, c);
			if (g->i < g->len && g->s[g->i] == '?') {
				g->i++;
				sbuf_putc(g->out, '?');
			}
			prev = 2;
			continue;
		}
		g->atom = g->out->len;
		if ((r = gp_atom(g, depth)) < 0)
			return -1;
		if (r != 3)
			prev = r;
	}
	return 0;
}

char *
re2pcre_translate(const char *re, size_t len, size_t *outlen, char *err,
    size_t errsz, size_t *erroff)
{
	struct sbuf out = { NULL, 0, 0, 0 };
	struct gp g;

	g.s = re;
	g.len = len;
	g.i = 0;
	g.out = &out;
	g.err = err;
	g.errsz = errsz;
	g.erroff = 0;
	sbuf_put(&out, "", 0);	/* "" rather than NULL for an empty regexp */
	if (gp_seq(&g, 0) < 0) {
		*erroff = g.erroff;
		sbuf_free(&out);
		return NULL;
	}
	if (out.oom) {
		snprintf(err, errsz, "out of memory");
		*erroff = 0;
		sbuf_free(&out);
		return NULL;
	}
	*outlen = out.len;
	return out.s;
}
