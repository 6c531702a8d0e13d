/* SPDX-License-Identifier: BSD-3-Clause */
/* Growable byte buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"

static char buf_empty[1];

void
dnstk_buf_init(struct dnstk_buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
dnstk_buf_release(struct dnstk_buf *b)
{
	if (b->cap != 0) {
		free(b->data);
	}
	dnstk_buf_init(b);
}

void
dnstk_buf_reset(struct dnstk_buf *b)
{
	b->len = 0;
	/* An unallocated buffer points at a shared static "": leave it be,
	 * so buffers of different threads never write the same byte. */
	if (b->cap != 0) {
		b->data[0] = '\0';
	}
}

int
dnstk_buf_grow(struct dnstk_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > SIZE_MAX / 2 - b->len - 1) {
		return DNSTK_ENOMEM;
	}
	want = b->len + extra + 1;
	if (want <= b->cap) {
		return 0;
	}
	cap = b->cap != 0 ? b->cap : 64;
	while (cap < want) {
		cap *= 2;
	}
	p = realloc(b->cap != 0 ? b->data : NULL, cap);
	if (p == NULL) {
		return DNSTK_ENOMEM;
	}
	if (b->cap == 0) {
		p[0] = '\0';
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int
dnstk_buf_add(struct dnstk_buf *b, const void *p, size_t n)
{
	if (dnstk_buf_grow(b, n) != 0) {
		return DNSTK_ENOMEM;
	}
	if (n != 0) {
		memcpy(b->data + b->len, p, n);
	}
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
dnstk_buf_adds(struct dnstk_buf *b, const char *s)
{
	return dnstk_buf_add(b, s, strlen(s));
}

int
dnstk_buf_addc(struct dnstk_buf *b, char c)
{
	return dnstk_buf_add(b, &c, 1);
}

int
dnstk_buf_vaddf(struct dnstk_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room;
	int n;

	/* Format straight into the spare room: one pass when it fits,
	 * which is nearly always (a hot path of every text renderer). */
	if (b->cap == 0 && dnstk_buf_grow(b, 64) != 0) {
		return DNSTK_ENOMEM;
	}
	room = b->cap - b->len;
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->data[b->len] = '\0';
		return DNSTK_ENOMEM;
	}
	if ((size_t)n >= room) {
		if (dnstk_buf_grow(b, (size_t)n) != 0) {
			b->data[b->len] = '\0';
			return DNSTK_ENOMEM;
		}
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	return 0;
}

int
dnstk_buf_addf(struct dnstk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = dnstk_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int
dnstk_buf_addhex(struct dnstk_buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;
	char *d;

	if (n > SIZE_MAX / 4 || dnstk_buf_grow(b, 2 * n) != 0) {
		return DNSTK_ENOMEM;
	}
	d = b->data + b->len;
	for (i = 0; i < n; i++) {
		*d++ = digits[p[i] >> 4];
		*d++ = digits[p[i] & 0xf];
	}
	*d = '\0';
	b->len += 2 * n;
	return 0;
}

int
dnstk_buf_addjson(struct dnstk_buf *b, const char *s, size_t n)
{
	size_t i, start = b->len;
	unsigned char c;
	int r = 0;

	r |= dnstk_buf_addc(b, '"');
	for (i = 0; i < n && r == 0; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			r |= dnstk_buf_addc(b, '\\');
			r |= dnstk_buf_addc(b, (char)c);
		} else if (c < 0x20 || c >= 0x7f) {
			/* Bytes of names and strings are not text: escape
			 * everything outside printable ASCII. */
			r |= dnstk_buf_addf(b, "\\u%04x", c);
		} else {
			r |= dnstk_buf_addc(b, (char)c);
		}
	}
	r |= dnstk_buf_addc(b, '"');
	return dnstk_buf_done(b, start, r);
}

void
dnstk_buf_truncate(struct dnstk_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

int
dnstk_buf_add16(struct dnstk_buf *b, unsigned v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	return dnstk_buf_add(b, x, 2);
}

int
dnstk_buf_done(struct dnstk_buf *b, size_t start, int r)
{
	if (r != 0) {
		dnstk_buf_truncate(b, start);
		return DNSTK_ENOMEM;
	}
	return 0;
}

void *
dnstk_array_grow(void *items, size_t count, size_t *cap, size_t size,
    size_t first)
{
	size_t n = *cap == 0 ? first : *cap * 2;
	void *p;

	if (count < *cap) {
		return items;
	}
	if (n < *cap || n > SIZE_MAX / size) {
		return NULL;
	}
	p = realloc(items, n * size);
	if (p != NULL) {
		*cap = n;
	}
	return p;
}

int
dnstk_buf_write(const struct dnstk_buf *b, FILE *fp)
{
	if (b->len != 0 && fwrite(b->data, 1, b->len, fp) != b->len) {
		return errno != 0 ? -errno : -EIO;
	}
	return 0;
}
