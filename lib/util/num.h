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

/* The value of hex digit `c`, or -1. */
int dnstk_hexval(int c);

/*
 * Parse a time for --now: Unix seconds, or YYYYMMDDHHMMSS in UTC.
 * Returns 0 or DNSTK_EINPUT.
 */
int dnstk_parse_time(int64_t *out, const char *s);

#endif
