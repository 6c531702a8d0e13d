/* SPDX-License-Identifier: BSD-3-Clause */
/* Range-checked number parsing and hex conversion. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/num.h"

int
dnstk_strtonum(long long *out, const char *s, long long min, long long max,
    const char **why)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || !(*s == '-' || (*s >= '0' && *s <= '9'))) {
		*why = "not a number";
		return DNSTK_EINPUT;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*why = "not a number";
		return DNSTK_EINPUT;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*why = "too small";
		return DNSTK_EINPUT;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*why = "too large";
		return DNSTK_EINPUT;
	}
	*out = v;
	return 0;
}

/*
 * The one hex decoder: digits of `s` (length `n`) into `out` (capacity
 * `cap`), following `flags`.  Returns the byte count, or -1 with *fault
 * and *at (the offset in `s`) set.
 */
static long
hex_core(uint8_t *out, size_t cap, const char *s, size_t n, unsigned flags,
    enum dnstk_hex_fault *fault, size_t *at)
{
	size_t i, len = 0;
	int hi = -1, v;

	for (i = 0; i < n; i++) {
		if ((flags & DNSTK_HEX_BLANKS) && (s[i] == ' ' || s[i] == '\t')) {
			continue;
		}
		if (((flags & DNSTK_HEX_COMMENT) && s[i] == '#') ||
		    ((flags & DNSTK_HEX_PAREN) && s[i] == '(')) {
			break;
		}
		v = dnstk_hexval((unsigned char)s[i]);
		if (v < 0) {
			*fault = DNSTK_HEX_NOT_DIGIT;
			*at = i;
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (len >= cap) {
			*fault = DNSTK_HEX_TOO_LONG;
			*at = i;
			return -1;
		}
		out[len++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0) {
		*fault = DNSTK_HEX_ODD;
		*at = i;
		return -1;
	}
	return (long)len;
}

long
dnstk_hex_decode(uint8_t *out, size_t cap, const char *s, size_t n)
{
	enum dnstk_hex_fault fault;
	size_t at;

	return hex_core(out, cap, s, n, 0, &fault, &at);
}

int
dnstk_hex_append(struct dnstk_buf *out, const char *s, size_t n,
    unsigned flags, size_t max, enum dnstk_hex_fault *fault, size_t *at)
{
	size_t room = n / 2 < max ? n / 2 : max;
	long got;

	if (dnstk_buf_grow(out, room + 1) != 0) {
		return DNSTK_ENOMEM;
	}
	got = hex_core((uint8_t *)out->data + out->len, room, s, n, flags,
	    fault, at);
	if (got < 0) {
		out->data[out->len] = '\0';
		return DNSTK_EINPUT;
	}
	out->len += (size_t)got;
	out->data[out->len] = '\0';
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), no libc time. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int
dnstk_parse_time(int64_t *out, const char *s)
{
	static const unsigned char mdays[] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned v[6];
	long long n;
	const char *why;
	size_t i, len = strlen(s);

	if (len == 14 && strspn(s, "0123456789") == 14) {
		v[0] = 0;
		for (i = 0; i < 4; i++) {
			v[0] = v[0] * 10 + (unsigned)(s[i] - '0');
		}
		for (i = 0; i < 5; i++) {
			v[i + 1] = (unsigned)(s[4 + 2 * i] - '0') * 10 +
			    (unsigned)(s[5 + 2 * i] - '0');
		}
		if (v[1] < 1 || v[1] > 12 || v[2] < 1 ||
		    v[2] > mdays[v[1] - 1] || v[3] > 23 || v[4] > 59 ||
		    v[5] > 60) {
			return DNSTK_EINPUT;
		}
		*out = days_from_civil(v[0], v[1], v[2]) * 86400 +
		    v[3] * 3600 + v[4] * 60 + v[5];
		return 0;
	}
	if (dnstk_strtonum(&n, s, 0, INT64_MAX, &why) != 0) {
		return DNSTK_EINPUT;
	}
	*out = n;
	return 0;
}

/* Base32hex digit values (either case); 0xff for anything else. */
static const uint8_t b32hex_val[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 10, 11, 12, 13,
	14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
	30, 31, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

long
dnstk_b32hex_decode(uint8_t *out, size_t cap, const char *s, size_t n)
{
	size_t i, o = 0, k;
	unsigned acc = 0, bits = 0;
	uint8_t v, bad;

	/* whole groups of 8 digits, 5 octets each, while they fit */
	for (i = 0; i + 8 <= n && o + 5 <= cap; i += 8, o += 5) {
		uint64_t g = 0;

		for (k = 0, bad = 0; k < 8; k++) {
			v = b32hex_val[(uint8_t)s[i + k]];
			bad |= v;
			g = g << 5 | (v & 31u);
		}
		if (bad & 0x80) {
			return -1;
		}
		for (k = 0; k < 5; k++) {
			out[o + k] = (uint8_t)(g >> (32 - 8 * k));
		}
	}
	for (; i < n; i++) {
		if ((v = b32hex_val[(uint8_t)s[i]]) & 0x80) {
			return -1;
		}
		acc = acc << 5 | v;
		bits += 5;
		if (bits >= 8) {
			if (o == cap) {
				return -1;
			}
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (long)o;
}
