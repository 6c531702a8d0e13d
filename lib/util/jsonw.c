/* SPDX-License-Identifier: BSD-3-Clause */
/* JSON writer: separators and escaping in one place (see jsonw.h). */
#include <string.h>

#include "util/err.h"
#include "util/jsonw.h"

void
dnstk_jsonw_init(struct dnstk_jsonw *w, struct dnstk_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->start = out->len;
}

static void
fail(struct dnstk_jsonw *w, int code)
{
	if (w->err == 0) {
		w->err = code;
	}
}

/* Put the comma due before a value or a key; 0 when writing may go on. */
static int
sep(struct dnstk_jsonw *w, bool is_key)
{
	if (w->err != 0) {
		return -1;
	}
	if (!is_key && w->in_object[w->depth] && !w->key_done) {
		fail(w, DNSTK_EINPUT);	/* a member value needs its key */
		return -1;
	}
	if (is_key && (!w->in_object[w->depth] || w->key_done)) {
		fail(w, DNSTK_EINPUT);
		return -1;
	}
	if (w->key_done) {
		w->key_done = false;	/* "key": was written, no comma */
		return 0;
	}
	if (w->has_item[w->depth] && w->depth > 0 &&
	    dnstk_buf_addc(w->out, ',') != 0) {
		fail(w, DNSTK_ENOMEM);
		return -1;
	}
	w->has_item[w->depth] = true;
	return 0;
}

static void
add(struct dnstk_jsonw *w, int rc)
{
	if (rc != 0) {
		fail(w, DNSTK_ENOMEM);
	}
}

static void
open_(struct dnstk_jsonw *w, char c, bool object)
{
	if (sep(w, false) != 0) {
		return;
	}
	if (w->depth >= DNSTK_JSONW_DEPTH) {
		fail(w, DNSTK_EINPUT);
		return;
	}
	add(w, dnstk_buf_addc(w->out, c));
	w->depth++;
	w->has_item[w->depth] = false;
	w->in_object[w->depth] = object;
}

void
dnstk_jsonw_object(struct dnstk_jsonw *w)
{
	open_(w, '{', true);
}

void
dnstk_jsonw_array(struct dnstk_jsonw *w)
{
	open_(w, '[', false);
}

void
dnstk_jsonw_end(struct dnstk_jsonw *w)
{
	if (w->err != 0) {
		return;
	}
	if (w->depth == 0 || w->key_done) {
		fail(w, DNSTK_EINPUT);
		return;
	}
	add(w, dnstk_buf_addc(w->out, w->in_object[w->depth] ? '}' : ']'));
	w->depth--;
}

void
dnstk_jsonw_key(struct dnstk_jsonw *w, const char *name)
{
	if (sep(w, true) != 0) {
		return;
	}
	add(w, dnstk_buf_addjson(w->out, name, strlen(name)));
	add(w, dnstk_buf_addc(w->out, ':'));
	w->key_done = true;
}

void
dnstk_jsonw_string(struct dnstk_jsonw *w, const char *s, size_t n)
{
	if (sep(w, false) != 0) {
		return;
	}
	add(w, s != NULL ? dnstk_buf_addjson(w->out, s, n) :
	    dnstk_buf_adds(w->out, "null"));
}

/* Length of the UTF-8 sequence at s (1-4), or 0 when it is not valid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k, i;

	if (c < 0x80) {
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		k = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	if (k > n) {
		return 0;
	}
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff))) {
		return 0;
	}
	return k;
}

void
dnstk_jsonw_text(struct dnstk_jsonw *w, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i, k;
	int r = 0;

	if (s == NULL) {
		dnstk_jsonw_string(w, NULL, 0);
		return;
	}
	n = strlen(s);
	for (i = 0; i < n; i += k) {
		k = utf8_len(u + i, n - i);
		if (k == 0) {
			dnstk_jsonw_string(w, s, n);	/* bytes, not text */
			return;
		}
	}
	if (sep(w, false) != 0) {
		return;
	}
	r |= dnstk_buf_addc(w->out, '"');
	for (i = 0; i < n; i++) {
		if (u[i] == '"' || u[i] == '\\') {
			r |= dnstk_buf_addc(w->out, '\\');
			r |= dnstk_buf_addc(w->out, (char)u[i]);
		} else if (u[i] < 0x20 || u[i] == 0x7f) {
			r |= dnstk_buf_addf(w->out, "\\u%04x", u[i]);
		} else {
			r |= dnstk_buf_addc(w->out, (char)u[i]);
		}
	}
	r |= dnstk_buf_addc(w->out, '"');
	add(w, r);
}

void
dnstk_jsonw_int(struct dnstk_jsonw *w, long long v)
{
	if (sep(w, false) == 0) {
		add(w, dnstk_buf_addf(w->out, "%lld", v));
	}
}

void
dnstk_jsonw_uint(struct dnstk_jsonw *w, unsigned long long v)
{
	if (sep(w, false) == 0) {
		add(w, dnstk_buf_addf(w->out, "%llu", v));
	}
}

void
dnstk_jsonw_bool(struct dnstk_jsonw *w, bool v)
{
	if (sep(w, false) == 0) {
		add(w, dnstk_buf_adds(w->out, v ? "true" : "false"));
	}
}

void
dnstk_jsonw_null(struct dnstk_jsonw *w)
{
	if (sep(w, false) == 0) {
		add(w, dnstk_buf_adds(w->out, "null"));
	}
}

void
dnstk_jsonw_raw(struct dnstk_jsonw *w, const char *json, size_t n)
{
	if (sep(w, false) == 0) {
		add(w, dnstk_buf_add(w->out, json, n));
	}
}

struct dnstk_buf *
dnstk_jsonw_value(struct dnstk_jsonw *w)
{
	return sep(w, false) == 0 ? w->out : NULL;
}

void
dnstk_jsonw_status(struct dnstk_jsonw *w, int rc)
{
	if (rc != 0) {
		fail(w, rc == DNSTK_EINPUT ? DNSTK_EINPUT : DNSTK_ENOMEM);
	}
}

void
dnstk_jsonw_kstring(struct dnstk_jsonw *w, const char *k, const char *s)
{
	dnstk_jsonw_key(w, k);
	dnstk_jsonw_string(w, s, s != NULL ? strlen(s) : 0);
}

void
dnstk_jsonw_ktext(struct dnstk_jsonw *w, const char *k, const char *s)
{
	dnstk_jsonw_key(w, k);
	dnstk_jsonw_text(w, s);
}

void
dnstk_jsonw_kint(struct dnstk_jsonw *w, const char *k, long long v)
{
	dnstk_jsonw_key(w, k);
	dnstk_jsonw_int(w, v);
}

void
dnstk_jsonw_kuint(struct dnstk_jsonw *w, const char *k,
    unsigned long long v)
{
	dnstk_jsonw_key(w, k);
	dnstk_jsonw_uint(w, v);
}

void
dnstk_jsonw_kbool(struct dnstk_jsonw *w, const char *k, bool v)
{
	dnstk_jsonw_key(w, k);
	dnstk_jsonw_bool(w, v);
}

void
dnstk_jsonw_newline(struct dnstk_jsonw *w)
{
	if (w->err != 0) {
		return;
	}
	if (w->depth != 0) {
		fail(w, DNSTK_EINPUT);
		return;
	}
	add(w, dnstk_buf_addc(w->out, '\n'));
}

int
dnstk_jsonw_finish(struct dnstk_jsonw *w)
{
	if (w->err == 0 && (w->depth != 0 || w->key_done)) {
		w->err = DNSTK_EINPUT;
	}
	if (w->err != 0) {
		dnstk_buf_truncate(w->out, w->start);
	}
	return w->err;
}

int
dnstk_jsonw_close_line(struct dnstk_jsonw *w)
{
	while (w->err == 0 && w->depth > 0) {
		dnstk_jsonw_end(w);
	}
	dnstk_jsonw_newline(w);
	return dnstk_jsonw_finish(w);
}
