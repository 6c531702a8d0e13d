/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small JSON writer into a dnstk_buf: it puts the commas, the colons and
 * the closing brackets, so no producer tracks them by hand.  Compact output
 * (no blanks), as every dnstk JSON form is.  Written here because ldns and
 * OpenSSL have none and a JSON library would be a new dependency.
 */
#ifndef DNSTK_UTIL_JSONW_H
#define DNSTK_UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define DNSTK_JSONW_DEPTH 32

/*
 * Writer state; caller-owned, no heap of its own (it appends to `out`).
 * Errors are sticky: after a failed append every call does nothing and
 * dnstk_jsonw_finish() reports the first error.
 */
struct dnstk_jsonw {
	struct dnstk_buf *out;
	size_t start;			/* out->len at init, for rollback */
	int depth;
	bool key_done;			/* a member name waits for its value */
	bool has_item[DNSTK_JSONW_DEPTH + 1];	/* a comma is due */
	bool in_object[DNSTK_JSONW_DEPTH + 1];
	int err;			/* 0, DNSTK_ENOMEM or DNSTK_EINPUT */
};

/* Start writing at the end of `out` (top level: one value or a sequence
 * of values written without separators, e.g. JSON Lines via _newline). */
void dnstk_jsonw_init(struct dnstk_jsonw *w, struct dnstk_buf *out);

/* Open / close an object or an array (as a value or a member's value). */
void dnstk_jsonw_object(struct dnstk_jsonw *w);
void dnstk_jsonw_array(struct dnstk_jsonw *w);
void dnstk_jsonw_end(struct dnstk_jsonw *w);

/* The name of the next member of the open object. */
void dnstk_jsonw_key(struct dnstk_jsonw *w, const char *name);

/*
 * Values.  _string escapes every byte outside printable ASCII as \u00XX
 * (DNS names and character strings are bytes, not text: they read back
 * byte for byte); _text keeps valid UTF-8 as it is (RFC references with
 * "§", messages) and falls back to _string for anything else.  A NULL
 * string is written as null.
 */
void dnstk_jsonw_string(struct dnstk_jsonw *w, const char *s, size_t n);
void dnstk_jsonw_text(struct dnstk_jsonw *w, const char *s);
void dnstk_jsonw_int(struct dnstk_jsonw *w, long long v);
void dnstk_jsonw_uint(struct dnstk_jsonw *w, unsigned long long v);
void dnstk_jsonw_bool(struct dnstk_jsonw *w, bool v);
void dnstk_jsonw_null(struct dnstk_jsonw *w);
/* A value already in JSON form (e.g. from dnstk_edns_option_to_json). */
void dnstk_jsonw_raw(struct dnstk_jsonw *w, const char *json, size_t n);
/*
 * Put the separator due before a value and return the buffer, for a
 * producer that appends exactly one JSON value itself; `rc` of that
 * append goes to dnstk_jsonw_status().  NULL after an earlier error.
 */
struct dnstk_buf *dnstk_jsonw_value(struct dnstk_jsonw *w);
void dnstk_jsonw_status(struct dnstk_jsonw *w, int rc);

/* Members: a key and its value in one call. */
void dnstk_jsonw_kstring(struct dnstk_jsonw *w, const char *k,
    const char *s);
void dnstk_jsonw_ktext(struct dnstk_jsonw *w, const char *k, const char *s);
void dnstk_jsonw_kint(struct dnstk_jsonw *w, const char *k, long long v);
void dnstk_jsonw_kuint(struct dnstk_jsonw *w, const char *k,
    unsigned long long v);
void dnstk_jsonw_kbool(struct dnstk_jsonw *w, const char *k, bool v);

/* End a top-level value with "\n" (JSON Lines). */
void dnstk_jsonw_newline(struct dnstk_jsonw *w);

/*
 * Check the result: 0 when every call succeeded and every object and
 * array is closed; DNSTK_ENOMEM, or DNSTK_EINPUT for misuse (a value
 * without a key inside an object, an unbalanced end, nesting over
 * DNSTK_JSONW_DEPTH).  On error `out` is cut back to where it was at
 * dnstk_jsonw_init().
 */
int dnstk_jsonw_finish(struct dnstk_jsonw *w);

/*
 * End one JSON Lines record: close every object and array still open,
 * write "\n" and check the result as dnstk_jsonw_finish() does (same
 * return values; on error `out` is cut back).  For producers whose record
 * ends with the closing of all it opened, so none counts its levels.
 */
int dnstk_jsonw_close_line(struct dnstk_jsonw *w);

#endif
