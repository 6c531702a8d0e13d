/* SPDX-License-Identifier: BSD-3-Clause */
/* Strings from the command line or the input, made safe to print;
 * lookups in tables of words. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

const char *
dnstk_str_escape(char *dst, size_t cap, const char *s)
{
	const unsigned char *p;
	size_t n = 0;

	for (p = (const unsigned char *)s; *p != '\0' && n + 5 < cap; p++) {
		if (*p < 0x20 || *p >= 0x7f) {
			n += (size_t)snprintf(dst + n, cap - n, "\\%03u", *p);
		} else {
			dst[n++] = (char)*p;
		}
	}
	if (cap > 0) {
		dst[n < cap ? n : cap - 1] = '\0';
	}
	return dst;
}

const struct dnstk_word *
dnstk_word_prefix(const struct dnstk_word *t, size_t n, const char *line,
    size_t len)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		k = strlen(t[i].text);
		if (len >= k && memcmp(line, t[i].text, k) == 0) {
			return &t[i];
		}
	}
	return NULL;
}

const struct dnstk_word *
dnstk_word_find(const struct dnstk_word *t, size_t n, const char *s,
    size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strlen(t[i].text) == len &&
		    strncasecmp(s, t[i].text, len) == 0) {
			return &t[i];
		}
	}
	return NULL;
}
