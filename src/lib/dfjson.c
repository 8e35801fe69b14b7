/*
 * dfjson.c: the exec form's JSON array, read as Go's encoding/json
 * Unmarshal reads it into []interface{} (BuildKit's parseJSON): the whole
 * input must be one valid JSON value (nesting up to 10000, JSON white
 * space around it), strings decoded with \u escapes and surrogate pairs,
 * bad UTF-8 and lone surrogates becoming U+FFFD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfint.h"

#define MAXNEST	10000

static size_t
ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return i;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static long
hex4(const char *s, size_t len, size_t i)
{
	long v = 0;
	int k, h;

	if (i + 4 > len)
		return -1;
	for (k = 0; k < 4; k++) {
		if ((h = hexval((unsigned char)s[i + k])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * A string at s[*ip] (the opening quote).  0 and *ip past it, -1 on a
 * syntax error; the decoded text into OUT if not NULL.
 */
static int
string(const char *s, size_t len, size_t *ip, struct sbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = *ip + 1, w;

	for (;;) {
		if (i >= len)
			return -1;
		if (p[i] == '"') {
			*ip = i + 1;
			return 0;
		}
		if (p[i] < 0x20)
			return -1;
		if (p[i] == '\\') {
			long r, r2;

			if (i + 1 >= len)
				return -1;
			switch (p[i + 1]) {
			case '"': case '\\': case '/':
				if (out != NULL)
					sbuf_putc(out, (char)p[i + 1]);
				i += 2;
				continue;
			case 'b': case 'f': case 'n': case 'r': case 't':
				if (out != NULL)
					sbuf_putc(out, p[i + 1] == 'b' ? '\b' :
					    p[i + 1] == 'f' ? '\f' : p[i + 1] ==
					    'n' ? '\n' : p[i + 1] == 'r' ? '\r' :
					    '\t');
				i += 2;
				continue;
			case 'u':
				if ((r = hex4(s, len, i + 2)) < 0)
					return -1;
				i += 6;
				if (r >= 0xd800 && r < 0xe000) {
					/* a pair, or U+FFFD alone */
					if (r < 0xdc00 && i + 1 < len &&
					    p[i] == '\\' && p[i + 1] == 'u' &&
					    (r2 = hex4(s, len, i + 2)) >= 0xdc00 &&
					    r2 < 0xe000) {
						r = 0x10000 + ((r - 0xd800) << 10) +
						    (r2 - 0xdc00);
						i += 6;
					} else
						r = 0xfffd;
				}
				if (out != NULL)
					go_put_rune(out, (int32_t)r);
				continue;
			default:
				return -1;
			}
		}
		if (p[i] < 0x80) {
			if (out != NULL)
				sbuf_putc(out, (char)p[i]);
			i++;
			continue;
		}
		if (go_decode_rune(p + i, len - i, &w) == 0xfffd && w == 1) {
			if (out != NULL)
				go_put_rune(out, 0xfffd);
			i++;
			continue;
		}
		if (out != NULL)
			df_put(out, s + i, w);
		i += w;
	}
}

static int
isdigit_(int c)
{
	return c >= '0' && c <= '9';
}

static int
number(const char *s, size_t len, size_t *ip)
{
	size_t i = *ip;

	if (i < len && s[i] == '-')
		i++;
	if (i >= len)
		return -1;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9') {
		while (i < len && isdigit_((unsigned char)s[i]))
			i++;
	} else
		return -1;
	if (i < len && s[i] == '.') {
		i++;
		if (i >= len || !isdigit_((unsigned char)s[i]))
			return -1;
		while (i < len && isdigit_((unsigned char)s[i]))
			i++;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= len || !isdigit_((unsigned char)s[i]))
			return -1;
		while (i < len && isdigit_((unsigned char)s[i]))
			i++;
	}
	*ip = i;
	return 0;
}

static int
literal(const char *s, size_t len, size_t *ip, const char *lit)
{
	size_t n = strlen(lit);

	if (*ip + n > len || memcmp(s + *ip, lit, n) != 0)
		return -1;
	*ip += n;
	return 0;
}

enum { V_VALUE, V_ARR_FIRST, V_OBJ_FIRST, V_OBJ_KEY, V_AFTER };

int
df_json_array(const char *s, size_t len, struct df_strv *v)
{
	char *stack;
	size_t i, d = 0;
	int st, nonstring = 0, rc = 0;
	struct sbuf str = { 0 };

	i = ws(s, len, 0);
	if (i >= len || s[i] != '[')
		return 0;
	if ((stack = malloc(MAXNEST + 1)) == NULL)
		return -2;
	stack[d++] = '[';
	i++;
	st = V_ARR_FIRST;
	for (;;) {
		i = ws(s, len, i);
		if (i >= len)
			goto bad;
		if (st == V_AFTER) {
			char top = stack[d - 1];

			if (s[i] == ',') {
				i++;
				st = top == '[' ? V_VALUE : V_OBJ_KEY;
				continue;
			}
			if (s[i] != (top == '[' ? ']' : '}'))
				goto bad;
			i++;
			if (--d == 0)
				break;
			continue;
		}
		if ((st == V_ARR_FIRST && s[i] == ']') ||
		    (st == V_OBJ_FIRST && s[i] == '}')) {
			i++;
			if (--d == 0)
				break;
			st = V_AFTER;
			continue;
		}
		if (st == V_OBJ_FIRST || st == V_OBJ_KEY) {
			if (s[i] != '"' || string(s, len, &i, NULL) < 0)
				goto bad;
			i = ws(s, len, i);
			if (i >= len || s[i] != ':')
				goto bad;
			i++;
			st = V_VALUE;
			continue;
		}
		/* a value */
		switch (s[i]) {
		case '"':
			str.len = 0;
			if (string(s, len, &i, d == 1 ? &str : NULL) < 0)
				goto bad;
			if (d == 1)
				df_strv_add(v, str.s != NULL ? str.s : "",
				    str.len);
			st = V_AFTER;
			continue;
		case '[':
		case '{':
			if (d == 1)
				nonstring = 1;
			if (d >= MAXNEST)
				goto bad;
			stack[d++] = s[i];
			st = s[i] == '[' ? V_ARR_FIRST : V_OBJ_FIRST;
			i++;
			continue;
		case 't':
			rc = literal(s, len, &i, "true");
			break;
		case 'f':
			rc = literal(s, len, &i, "false");
			break;
		case 'n':
			rc = literal(s, len, &i, "null");
			break;
		default:
			rc = number(s, len, &i);
			break;
		}
		if (rc < 0)
			goto bad;
		if (d == 1)
			nonstring = 1;
		st = V_AFTER;
	}
	if (ws(s, len, i) != len)
		goto bad;
	free(stack);
	rc = str.oom || v->oom ? -2 : nonstring ? -1 : 1;
	sbuf_free(&str);
	if (rc != 1)
		df_strv_free(v);
	return rc;
bad:
	free(stack);
	rc = v->oom || str.oom ? -2 : 0;
	sbuf_free(&str);
	df_strv_free(v);
	return rc;
}
