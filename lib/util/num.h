/* SPDX-License-Identifier: BSD-3-Clause */
/* Range-checked number parsing (never atoi) and hex conversion. */
#ifndef DNSTK_UTIL_NUM_H
#define DNSTK_UTIL_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse the whole of `s` as a decimal integer in [min, max] into *out.
 * Returns 0, or DNSTK_EINPUT with *why set to a static reason
 * ("not a number", "too small", "too large").
 */
int dnstk_strtonum(long long *out, const char *s, long long min,
    long long max, const char **why);

/*
 * Decode the hex digits of `s` (length `n`, case free, no separators) into
 * `out` of capacity `cap`.  Returns the byte count, or -1 when a character
 * is not a hex digit, the count is odd or `cap` is too small.
 */
long dnstk_hex_decode(uint8_t *out, size_t cap, const char *s, size_t n);

/* Options of dnstk_hex_append(). */
enum dnstk_hex_flags {
	DNSTK_HEX_BLANKS = 1 << 0,	/* skip spaces and tabs anywhere */
	DNSTK_HEX_COMMENT = 1 << 1,	/* '#' ends the digits */
	DNSTK_HEX_PAREN = 1 << 2,	/* '(' ends the digits */
};

/* What dnstk_hex_append() found wrong. */
enum dnstk_hex_fault {
	DNSTK_HEX_NOT_DIGIT = 1,	/* s[*at] is not a hex digit */
	DNSTK_HEX_ODD,			/* an odd number of digits */
	DNSTK_HEX_TOO_LONG,		/* more than `max` bytes */
};

/*
 * Decode the hex digits of `s` (length `n`, case free; blanks, '#' and '('
 * as `flags` say) and append the bytes to `out`, at most `max` of them.
 * This and dnstk_hex_decode() share one decoder.  Returns 0,
 * DNSTK_ENOMEM, or DNSTK_EINPUT with *fault and *at (offset in `s`) set;
 * on failure `out` holds what it held before.
 */
struct dnstk_buf;
int dnstk_hex_append(struct dnstk_buf *out, const char *s, size_t n,
    unsigned flags, size_t max, enum dnstk_hex_fault *fault, size_t *at);

/*
 * The value of hex digit `c`, or -1.  Inline: the zone reader's fast
 * path (lib/in/fastrr.c) calls it for every digit.
 */
static inline int
dnstk_hexval(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/*
 * Parse a time for --now: Unix seconds, or YYYYMMDDHHMMSS in UTC.
 * Returns 0 or DNSTK_EINPUT.
 */
int dnstk_parse_time(int64_t *out, const char *s);

/*
 * Decode the base32hex digits (RFC 4648 §7, case free, no padding) of
 * `s` (length `n`) into `out` of capacity `cap`; bits left over past
 * the last whole octet are dropped.  Returns the byte count, or -1 when
 * a character is not a digit or `cap` is too small.  By hand: ldns's
 * decoder, made for padding and odd lengths, is slow on a zone's
 * hundreds of thousands of NSEC3 hashes.
 */
long dnstk_b32hex_decode(uint8_t *out, size_t cap, const char *s,
    size_t n);

#endif
