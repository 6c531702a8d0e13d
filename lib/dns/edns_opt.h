/* SPDX-License-Identifier: BSD-3-Clause */
/* EDNS(0) option codecs: name, text and JSON forms of each option body. */
#ifndef DNSTK_DNS_EDNS_OPT_H
#define DNSTK_DNS_EDNS_OPT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * One registered option.  Every function is optional (NULL: the body is
 * shown and read as hex).
 *
 * to_text appends the body's text form; it returns DNSTK_EINPUT when the
 * body is malformed, and the caller then falls back to the generic
 * "OPT=CODE: hex" form, so a malformed option still round-trips.
 * from_text is the exact inverse of to_text: it appends the body bytes for
 * `text` and returns 0, or DNSTK_EINPUT with *why set.
 * to_json appends JSON members (each preceded by ',') with the decoded
 * fields; DNSTK_EINPUT when the body is malformed.
 */
struct dnstk_optcodec {
	uint16_t code;
	const char *name;
	int (*to_text)(struct dnstk_buf *out, const uint8_t *d, size_t len);
	int (*from_text)(struct dnstk_buf *out, const char *text,
	    const char **why);
	int (*to_json)(struct dnstk_buf *out, const uint8_t *d, size_t len);
};

/* The codec for `code`, or NULL when the code is not registered here. */
const struct dnstk_optcodec *dnstk_optcodec_find(uint16_t code);

/* The codec named `name` (case-insensitive), or NULL. */
const struct dnstk_optcodec *dnstk_optcodec_by_name(const char *name);

/*
 * Append one option line body, "NAME: text" (or "OPT=CODE: hex" for an
 * unknown or malformed option), without the leading "; " or newline.
 * Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_edns_option_to_text(struct dnstk_buf *out, uint16_t code,
    const uint8_t *d, size_t len);

/*
 * Parse an option line body as written by dnstk_edns_option_to_text (or
 * by dig) and append the option in wire form (code, length, body) to
 * `out`.  Returns 0, or DNSTK_EINPUT with *why set.
 */
int dnstk_edns_option_from_text(struct dnstk_buf *out, const char *line,
    const char **why);

/*
 * Append one option as a JSON object {"code":N,"name":"..","data":"hex",
 * decoded members...}.  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_edns_option_to_json(struct dnstk_buf *out, uint16_t code,
    const uint8_t *d, size_t len);

/*
 * Parse hex digits (spaces allowed between bytes) up to the end of `s` or
 * an opening '(' and append the bytes.  0 or DNSTK_EINPUT.
 */
int dnstk_opt_hex_from_text(struct dnstk_buf *out, const char *s,
    const char **why);

#endif
