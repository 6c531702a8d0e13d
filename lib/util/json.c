/* SPDX-License-Identifier: BSD-3-Clause */
/* A small recursive-descent JSON reader with a depth limit. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

#define JSON_MAX_DEPTH 32

struct jp {
	const char *s;
	size_t n, pos;
	const char *why;
	int rc;
};

static struct dnstk_json *parse_value(struct jp *p, int depth);

static int
fail(struct jp *p, const char *why, int rc)
{
	if (p->rc == 0) {
		p->why = why;
		p->rc = rc;
	}
	return rc;
}

static void
skip_ws(struct jp *p)
{
	while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'
	    || p->s[p->pos] == '\n' || p->s[p->pos] == '\r')) {
		p->pos++;
	}
}

void
dnstk_json_free(struct dnstk_json *v)
{
	size_t i;

	if (v == NULL) {
		return;
	}
	for (i = 0; i < v->count; i++) {
		dnstk_json_free(v->items[i]);
		if (v->keys != NULL) {
			free(v->keys[i]);
		}
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static int
hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	int d, i;

	if (p->n - p->pos < 4) {
		return fail(p, "truncated \\u escape", DNSTK_EINPUT);
	}
	for (i = 0; i < 4; i++) {
		d = dnstk_hexval((unsigned char)p->s[p->pos + (size_t)i]);
		if (d < 0) {
			return fail(p, "bad \\u escape", DNSTK_EINPUT);
		}
		v = v << 4 | (unsigned)d;
	}
	p->pos += 4;
	*out = v;
	return 0;
}

static int
put_utf8(struct dnstk_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x100) {
		/* \u0000-\u00ff are bytes: that is how names with arbitrary
		 * octets are written by our JSON writer. */
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return dnstk_buf_add(b, u, n);
}

/* The escape after a backslash at p->pos, appended to `b` as UTF-8. */
static int
parse_escape(struct jp *p, struct dnstk_buf *b)
{
	static const char simple[][2] = {
		{ '"', '"' }, { '\\', '\\' }, { '/', '/' }, { 'b', '\b' },
		{ 'f', '\f' }, { 'n', '\n' }, { 'r', '\r' }, { 't', '\t' },
	};
	char c = p->s[p->pos++];
	unsigned cp, lo;
	size_t i;
	int r;

	for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (c == simple[i][0]) {
			return dnstk_buf_addc(b, simple[i][1]);
		}
	}
	if (c != 'u') {
		return fail(p, "bad escape in string", DNSTK_EINPUT);
	}
	r = hex4(p, &cp);
	if (r == 0 && cp >= 0xd800 && cp < 0xdc00) {
		if (p->n - p->pos < 2 || p->s[p->pos] != '\\' ||
		    p->s[p->pos + 1] != 'u') {
			return fail(p, "lone surrogate", DNSTK_EINPUT);
		}
		p->pos += 2;
		r = hex4(p, &lo);
		if (r == 0 && (lo < 0xdc00 || lo > 0xdfff)) {
			r = fail(p, "bad surrogate", DNSTK_EINPUT);
		}
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return r == 0 ? put_utf8(b, cp) : r;
}

/* Parse a string at p->pos (which is at the opening quote). */
static int
parse_string(struct jp *p, char **out, size_t *len)
{
	struct dnstk_buf b;
	char c;
	int r = 0;

	dnstk_buf_init(&b);
	p->pos++;
	for (;;) {
		if (p->pos >= p->n) {
			r = fail(p, "unterminated string", DNSTK_EINPUT);
			break;
		}
		c = p->s[p->pos++];
		if (c == '"') {
			break;
		}
		if ((unsigned char)c < 0x20) {
			r = fail(p, "control character in string",
			    DNSTK_EINPUT);
			break;
		}
		if (c != '\\') {
			r = dnstk_buf_addc(&b, c);
		} else if (p->pos >= p->n) {
			r = fail(p, "unterminated string", DNSTK_EINPUT);
		} else {
			r = parse_escape(p, &b);
		}
		if (r != 0) {
			break;
		}
	}
	if (r != 0) {
		dnstk_buf_release(&b);
		return fail(p, "out of memory", r);
	}
	if (b.cap == 0) {
		b.data = calloc(1, 1);
		if (b.data == NULL) {
			return fail(p, "out of memory", DNSTK_ENOMEM);
		}
	}
	*out = b.data;
	*len = b.len;
	return 0;
}

static int
push(struct dnstk_json *v, struct dnstk_json *item, char *key)
{
	struct dnstk_json **items;
	char **keys;

	items = realloc(v->items, (v->count + 1) * sizeof(*items));
	if (items == NULL) {
		return DNSTK_ENOMEM;
	}
	v->items = items;
	if (v->type == DNSTK_JSON_OBJECT) {
		keys = realloc(v->keys, (v->count + 1) * sizeof(*keys));
		if (keys == NULL) {
			return DNSTK_ENOMEM;
		}
		v->keys = keys;
		keys[v->count] = key;
	}
	items[v->count++] = item;
	return 0;
}

static struct dnstk_json *
parse_container(struct jp *p, struct dnstk_json *v, int depth)
{
	char close = v->type == DNSTK_JSON_OBJECT ? '}' : ']';
	struct dnstk_json *item;
	char *key = NULL;
	size_t klen;

	p->pos++;
	skip_ws(p);
	if (p->pos < p->n && p->s[p->pos] == close) {
		p->pos++;
		return v;
	}
	for (;;) {
		skip_ws(p);
		if (v->type == DNSTK_JSON_OBJECT) {
			if (p->pos >= p->n || p->s[p->pos] != '"') {
				fail(p, "expected a member name",
				    DNSTK_EINPUT);
				goto bad;
			}
			if (parse_string(p, &key, &klen) != 0) {
				goto bad;
			}
			skip_ws(p);
			if (p->pos >= p->n || p->s[p->pos] != ':') {
				fail(p, "expected ':'", DNSTK_EINPUT);
				goto bad;
			}
			p->pos++;
		}
		item = parse_value(p, depth + 1);
		if (item == NULL) {
			goto bad;
		}
		if (push(v, item, key) != 0) {
			dnstk_json_free(item);
			fail(p, "out of memory", DNSTK_ENOMEM);
			goto bad;
		}
		key = NULL;
		skip_ws(p);
		if (p->pos < p->n && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->n && p->s[p->pos] == close) {
			p->pos++;
			return v;
		}
		fail(p, close == '}' ? "expected ',' or '}'" :
		    "expected ',' or ']'", DNSTK_EINPUT);
		goto bad;
	}
bad:
	free(key);
	dnstk_json_free(v);
	return NULL;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Skip the digits at p->pos: false when there are none. */
static bool
digits(struct jp *p)
{
	size_t start = p->pos;

	while (p->pos < p->n && is_digit(p->s[p->pos])) {
		p->pos++;
	}
	return p->pos > start;
}

static struct dnstk_json *
parse_number(struct jp *p, struct dnstk_json *v)
{
	size_t start = p->pos;
	char tmp[64];
	const char *why;
	bool integral = true;

	if (p->pos < p->n && p->s[p->pos] == '-') {
		p->pos++;
	}
	if (p->pos + 1 < p->n && p->s[p->pos] == '0' &&
	    is_digit(p->s[p->pos + 1])) {
		goto bad;	/* no leading zeros */
	}
	if (!digits(p)) {
		goto bad;
	}
	if (p->pos < p->n && p->s[p->pos] == '.') {
		integral = false;
		p->pos++;
		if (!digits(p)) {
			goto bad;
		}
	}
	if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		integral = false;
		p->pos++;
		if (p->pos < p->n && (p->s[p->pos] == '+' ||
		    p->s[p->pos] == '-')) {
			p->pos++;
		}
		if (!digits(p)) {
			goto bad;
		}
	}
	v->type = DNSTK_JSON_NUMBER;
	if (integral && p->pos - start < sizeof(tmp)) {
		memcpy(tmp, p->s + start, p->pos - start);
		tmp[p->pos - start] = '\0';
		v->is_integer = dnstk_strtonum(&v->integer, tmp, LLONG_MIN,
		    LLONG_MAX, &why) == 0;
	}
	return v;
bad:
	fail(p, "bad number", DNSTK_EINPUT);
	dnstk_json_free(v);
	return NULL;
}

static struct dnstk_json *
parse_value(struct jp *p, int depth)
{
	struct dnstk_json *v;
	char c;

	skip_ws(p);
	if (p->pos >= p->n) {
		fail(p, "unexpected end of JSON", DNSTK_EINPUT);
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		fail(p, "out of memory", DNSTK_ENOMEM);
		return NULL;
	}
	c = p->s[p->pos];
	if ((c == '{' || c == '[') && depth >= JSON_MAX_DEPTH) {
		/* a container here would be level depth + 1 */
		free(v);
		fail(p, "nested too deeply", DNSTK_EINPUT);
		return NULL;
	}
	if (c == '{') {
		v->type = DNSTK_JSON_OBJECT;
		return parse_container(p, v, depth);
	}
	if (c == '[') {
		v->type = DNSTK_JSON_ARRAY;
		return parse_container(p, v, depth);
	}
	if (c == '"') {
		v->type = DNSTK_JSON_STRING;
		if (parse_string(p, &v->str, &v->len) != 0) {
			free(v);
			return NULL;
		}
		return v;
	}
	if (p->n - p->pos >= 4 && memcmp(p->s + p->pos, "true", 4) == 0) {
		v->type = DNSTK_JSON_BOOL;
		v->boolean = true;
		p->pos += 4;
		return v;
	}
	if (p->n - p->pos >= 5 && memcmp(p->s + p->pos, "false", 5) == 0) {
		v->type = DNSTK_JSON_BOOL;
		p->pos += 5;
		return v;
	}
	if (p->n - p->pos >= 4 && memcmp(p->s + p->pos, "null", 4) == 0) {
		v->type = DNSTK_JSON_NULL;
		p->pos += 4;
		return v;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		return parse_number(p, v);
	}
	free(v);
	fail(p, "unexpected character", DNSTK_EINPUT);
	return NULL;
}

int
dnstk_json_parse(struct dnstk_json **out, const char *s, size_t n,
    const char **why)
{
	struct jp p = { s, n, 0, NULL, 0 };
	struct dnstk_json *v;

	v = parse_value(&p, 0);
	if (v != NULL) {
		skip_ws(&p);
		if (p.pos != p.n) {
			dnstk_json_free(v);
			v = NULL;
			fail(&p, "text after the JSON value", DNSTK_EINPUT);
		}
	}
	if (v == NULL) {
		*why = p.why;
		return p.rc;
	}
	*out = v;
	return 0;
}

const struct dnstk_json *
dnstk_json_get(const struct dnstk_json *obj, const char *key)
{
	size_t i;

	if (obj == NULL || obj->type != DNSTK_JSON_OBJECT) {
		return NULL;
	}
	for (i = 0; i < obj->count; i++) {
		if (strcmp(obj->keys[i], key) == 0) {
			return obj->items[i];
		}
	}
	return NULL;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
dnstk_json_dup_key(const struct dnstk_json *obj, const char **dup)
{
	char **keys;
	size_t i;

	*dup = NULL;
	if (obj == NULL || obj->type != DNSTK_JSON_OBJECT || obj->count < 2) {
		return 0;
	}
	keys = malloc(obj->count * sizeof(*keys));
	if (keys == NULL) {
		return DNSTK_ENOMEM;
	}
	memcpy(keys, obj->keys, obj->count * sizeof(*keys));
	qsort(keys, obj->count, sizeof(*keys), key_cmp);
	for (i = 1; i < obj->count && *dup == NULL; i++) {
		if (strcmp(keys[i - 1], keys[i]) == 0) {
			*dup = keys[i];
		}
	}
	free(keys);
	return 0;
}
