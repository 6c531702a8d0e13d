/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small JSON reader (RFC 8259) for JSON Lines input.  Written here
 * because neither ldns nor OpenSSL parses JSON and a parser library would
 * be a new dependency for some 300 lines.
 */
#ifndef DNSTK_UTIL_JSON_H
#define DNSTK_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum dnstk_json_type {
	DNSTK_JSON_NULL,
	DNSTK_JSON_BOOL,
	DNSTK_JSON_NUMBER,
	DNSTK_JSON_STRING,
	DNSTK_JSON_ARRAY,
	DNSTK_JSON_OBJECT,
};

/*
 * A parsed value.  Strings are NUL-terminated with their byte length in
 * `len` (\u0000-\u00ff decode to single bytes, so DNS bytes round-trip;
 * higher code points are UTF-8).  Numbers keep `integer` when they are
 * whole and fit a long long.  Objects keep member order and duplicates.
 */
struct dnstk_json {
	enum dnstk_json_type type;
	bool boolean;
	bool is_integer;
	long long integer;
	char *str;
	size_t len;
	struct dnstk_json **items;	/* array items or member values */
	char **keys;			/* member names (objects) */
	size_t count;
};

/*
 * Parse exactly one JSON value from `s` (length `n`; blanks around it are
 * allowed).  On success *out is a new tree (caller frees with
 * dnstk_json_free) and 0 is returned; otherwise DNSTK_EINPUT or
 * DNSTK_ENOMEM with *why a static reason.  Nesting is limited to 32.
 */
int dnstk_json_parse(struct dnstk_json **out, const char *s, size_t n,
    const char **why);

/* Free a tree; NULL is fine. */
void dnstk_json_free(struct dnstk_json *v);

/* The first member `key` of object `obj`, or NULL (also for non-objects). */
const struct dnstk_json *dnstk_json_get(const struct dnstk_json *obj,
    const char *key);

/*
 * Find a member name that object `obj` holds more than once: *dup is set
 * to the first such name in sorted order (owned by `obj`), or NULL when
 * all are distinct or `obj` is not an object.  O(n log n).  Returns 0 or
 * DNSTK_ENOMEM.
 */
int dnstk_json_dup_key(const struct dnstk_json *obj, const char **dup);

#endif
