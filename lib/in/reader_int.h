/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to lib/in: what the reader's parts (core, hex, JSON, master
 * file, dig text) share.  Not for use outside lib/in. */
#ifndef DNSTK_IN_READER_INT_H
#define DNSTK_IN_READER_INT_H

#include <stdbool.h>

#include <ldns/ldns.h>

#include "in/reader.h"

#define DNSTK_INCLUDE_DEPTH 8	/* $INCLUDE nesting accepted */
#define DNSTK_ENTRY_MAX DNSTK_LINE_MAX	/* a joined ( ... ) entry */
#define DNSTK_QUOTE_MAX 80	/* input quoted in a message, at most */

/*
 * An input error at `line` of the current source: `fmt` has one %s, for
 * which `arg` (input text, may be NULL for "") is quoted with control
 * and non-ASCII bytes as \DDD, cut with "..." past some 300 characters.
 */
int dnstk_in_fail(struct dnstk_reader *r, struct dnstk_err *err,
    unsigned long line, const char *fmt, const char *arg);

/* Copy `s` (length `n`) into `out` (size `size`) with bytes outside
 * printable ASCII written as \DDD, cut to fit. */
void dnstk_in_quote(char *out, size_t size, const char *s, size_t n);

/* Out of memory at the current line. */
int dnstk_in_nomem(struct dnstk_reader *r, struct dnstk_err *err);

/*
 * Read one line of the current file into r->buf (no newline, no CR before
 * it).  1, 0 at the end of the current file (an $INCLUDE'd file too: see
 * dnstk_in_pop), or an error for NUL bytes, over-long lines, read errors.
 */
int dnstk_in_line(struct dnstk_reader *r, struct dnstk_err *err);

/* Read the line in r->buf again on the next dnstk_in_line(). */
void dnstk_in_push_back(struct dnstk_reader *r);

/* Leave an $INCLUDE'd file at its end: true if there was one. */
bool dnstk_in_pop(struct dnstk_reader *r);

/* Start reading file `name` (relative to the current file) at `line`. */
int dnstk_in_include(struct dnstk_reader *r, const char *name,
    ldns_rdf *origin, unsigned long line, struct dnstk_err *err);

/* Only blanks (spaces and tabs)? */
bool dnstk_in_blank(const char *s);

/* A type / class mnemonic, TYPEn / CLASSn up to 65535, TYPE0 / CLASS0. */
bool dnstk_in_type(const char *s, ldns_rr_type *out);
bool dnstk_in_class(const char *s, ldns_rr_class *out);

/*
 * A TTL in RFC 1035 decimal or RFC 2308 units (1h30m, 1W2D), up to
 * 4294967295.  True with *out set; false for anything else.
 */
bool dnstk_in_ttl(const char *s, size_t n, uint32_t *out);

/* The parts, each reading one unit of its form (1, 0 at the end, < 0). */
int dnstk_in_hex_unit(struct dnstk_reader *r, struct dnstk_buf *out,
    struct dnstk_err *err);
int dnstk_in_hex_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err);
int dnstk_in_hex_rr(struct dnstk_reader *r, ldns_rr **out,
    struct dnstk_err *err);
int dnstk_in_json_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err);
int dnstk_in_json_rr(struct dnstk_reader *r, ldns_rr **out,
    struct dnstk_err *err);
int dnstk_in_text_rr(struct dnstk_reader *r, ldns_rr **out,
    struct dnstk_err *err);
int dnstk_in_text_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err);

/*
 * A question record (owner, type and class, no rdata) into *out; `owner`
 * is taken over (freed on failure too).  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_in_question(ldns_rr **out, ldns_rdf *owner, ldns_rr_class cls,
    ldns_rr_type type);

/*
 * A record from its parts (rdata.c): `owner` is taken over (freed on
 * failure too); rdata from wire bytes, which must be exactly what the
 * type's fields hold, or from presentation text (relative names complete
 * with `origin`, may be NULL; RFC 3597 `\#` read here; long TXT read
 * here; other rdata past ldns's limit refused with dnstk_in_too_long).
 * 0, DNSTK_ENOMEM, or DNSTK_EINPUT with *why a static reason.
 */
extern const char dnstk_in_too_long[];
int dnstk_in_rr_wire(ldns_rr **out, ldns_rdf *owner, uint32_t ttl,
    ldns_rr_class cls, ldns_rr_type type, const uint8_t *rd, size_t rdlen,
    const char **why);
int dnstk_in_rr_text(ldns_rr **out, ldns_rdf *owner, uint32_t ttl,
    ldns_rr_class cls, ldns_rr_type type, const char *text,
    ldns_rdf *origin, const char **why);

/* Master-file pieces the dig text reader uses for its records. */
int dnstk_in_join(struct dnstk_reader *r, struct dnstk_err *err);
int dnstk_in_parse_entry(struct dnstk_reader *r, ldns_rr **out,
    unsigned long line, struct dnstk_err *err);

#endif
