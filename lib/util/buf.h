/* SPDX-License-Identifier: BSD-3-Clause */
/* Growable byte buffer, always NUL-terminated, like git's strbuf. */
#ifndef DNSTK_UTIL_BUF_H
#define DNSTK_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * `data` is never NULL after dnstk_buf_init() and data[len] is always
 * '\0'.  A failed append leaves the buffer exactly as it was.
 */
struct dnstk_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Set up an empty buffer (no allocation; data points at a static ""). */
void dnstk_buf_init(struct dnstk_buf *b);
/* Free the contents and re-init. */
void dnstk_buf_release(struct dnstk_buf *b);
/* Empty the buffer, keeping its storage. */
void dnstk_buf_reset(struct dnstk_buf *b);
/* Make room for `extra` more bytes; 0 or DNSTK_ENOMEM. */
int dnstk_buf_grow(struct dnstk_buf *b, size_t extra);
/* Append bytes / a string / a byte; 0 or DNSTK_ENOMEM. */
int dnstk_buf_add(struct dnstk_buf *b, const void *p, size_t n);
int dnstk_buf_adds(struct dnstk_buf *b, const char *s);
int dnstk_buf_addc(struct dnstk_buf *b, char c);
/* Append printf-formatted text; 0 or DNSTK_ENOMEM. */
int dnstk_buf_addf(struct dnstk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int dnstk_buf_vaddf(struct dnstk_buf *b, const char *fmt, va_list ap);
/* Append `n` bytes as lowercase hex; 0 or DNSTK_ENOMEM. */
int dnstk_buf_addhex(struct dnstk_buf *b, const uint8_t *p, size_t n);
/* Append `s` as a JSON string literal (with quotes); 0 or DNSTK_ENOMEM. */
int dnstk_buf_addjson(struct dnstk_buf *b, const char *s, size_t n);
/* Append `v` as two bytes, most significant first; 0 or DNSTK_ENOMEM. */
int dnstk_buf_add16(struct dnstk_buf *b, unsigned v);
/* Shorten to `len` (<= current length). */
void dnstk_buf_truncate(struct dnstk_buf *b, size_t len);
/*
 * Close an all-or-nothing run of appends begun at length `start`, `r`
 * being their results ORed: 0 when `r` is 0, else the buffer goes back
 * to `start` and DNSTK_ENOMEM is returned.
 */
int dnstk_buf_done(struct dnstk_buf *b, size_t start, int r);

/*
 * Room for one more element in the array `items` of `count` elements of
 * `size` bytes, allocated for *cap: `items` itself while count < *cap,
 * else the array moved to twice the room (`first` elements the first
 * time) with *cap updated.  NULL when out of memory: `items` is then
 * unchanged and still the caller's.
 */
void *dnstk_array_grow(void *items, size_t count, size_t *cap, size_t size,
    size_t first);
/*
 * Write the whole buffer to `fp`.  Returns 0, or -errno when the write
 * failed (nothing is retried).
 */
int dnstk_buf_write(const struct dnstk_buf *b, FILE *fp);

#endif
