/* SPDX-License-Identifier: BSD-3-Clause */
/* Strings made safe to quote in messages; tables of words. */
#ifndef DNSTK_UTIL_STR_H
#define DNSTK_UTIL_STR_H

#include <stddef.h>

/*
 * `s` with control and non-ASCII bytes as \DDD, into dst (cap bytes;
 * cut short, always terminated when cap > 0), for error messages that
 * quote what a user typed.  Returns dst.  Cannot fail.
 */
const char *dnstk_str_escape(char *dst, size_t cap, const char *s);

/* A row of a lookup table: a word (or a line's start) and its value. */
struct dnstk_word {
	const char *text;
	int value;
};

/* The row of `t` (`n` rows) whose text starts `line` (`len` bytes), or
 * NULL. */
const struct dnstk_word *dnstk_word_prefix(const struct dnstk_word *t,
    size_t n, const char *line, size_t len);

/* The row of `t` (`n` rows) whose text is `s` (`len` bytes, case
 * ignored), or NULL. */
const struct dnstk_word *dnstk_word_find(const struct dnstk_word *t,
    size_t n, const char *s, size_t len);

#endif
