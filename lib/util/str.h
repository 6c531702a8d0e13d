/* SPDX-License-Identifier: BSD-3-Clause */
/* Strings made safe to quote in messages. */
#ifndef DNSTK_UTIL_STR_H
#define DNSTK_UTIL_STR_H

#include <stddef.h>

/*
 * `s` with control and non-ASCII bytes as \DDD, into dst (cap bytes;
 * cut short, always terminated when cap > 0), for error messages that
 * quote what a user typed.  Returns dst.  Cannot fail.
 */
const char *dnstk_str_escape(char *dst, size_t cap, const char *s);

#endif
