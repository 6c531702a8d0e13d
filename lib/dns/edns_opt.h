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

/* Building options from user text (dnstk-query's --ednsopt and friends) */

/*
 * Append one whole option (code, length, body) for `code` made from
 * `text`: the body's text form as dnstk_edns_option_to_text prints it
 * after "NAME: " when `code` has a codec (CLIENT-SUBNET "192.0.2.0/24",
 * COOKIE "hex", PADDING "(N bytes)", EDE "18 (Prohibited): (text)" ...),
 * plain hex otherwise.  NULL or "" gives an empty body.  CLIENT-SUBNET
 * clears the address bits past the source prefix and sends only the
 * octets the prefix needs (RFC 7871 section 6), so "192.0.2.1/24" is
 * fine.  Returns 0; DNSTK_EINPUT with *why a static reason (`out` as it
 * was); DNSTK_ENOMEM.
 */
int dnstk_edns_opt_encode(struct dnstk_buf *out, uint16_t code,
    const char *text, const char **why);

/*
 * The same for a dig-style spec "CODE[:HEX]" or "NAME[:TEXT]": a number
 * takes hex (as dig's +ednsopt=CODE:HEX does), a registered name
 * (case-insensitive: "nsid", "CLIENT-SUBNET", "cookie") takes that
 * codec's text form.  Returns 0, DNSTK_EINPUT with *why set, or
 * DNSTK_ENOMEM.
 */
int dnstk_edns_opt_parse_spec(struct dnstk_buf *out, const char *spec,
    const char **why);

/* Helpers shared with the EDNS checks and renderers */

/*
 * 0 when d[0..len) is exactly one uncompressed domain name in wire form
 * (labels up to 63 octets, at most 255 octets, ending with the root
 * label and nothing after it), else DNSTK_EINPUT.  CHAIN (RFC 7901) and
 * REPORT-CHANNEL (RFC 9567) bodies must be such a name.
 */
int dnstk_edns_wire_name_check(const uint8_t *d, size_t len);

/*
 * Append `n` bytes as a JSON string literal: valid UTF-8 is kept as
 * UTF-8 (EDE EXTRA-TEXT is UTF-8 by RFC 8914), anything else is escaped
 * byte by byte as dnstk_buf_addjson does.  0 or DNSTK_ENOMEM (`out` as
 * it was).
 */
int dnstk_edns_json_text(struct dnstk_buf *out, const void *p, size_t n);

/* Names */

/*
 * The RFC 8914 / IANA name of Extended DNS Error INFO-CODE `info`
 * ("Stale Answer", "Prohibited"), or NULL when it is not registered.
 * Static storage.
 */
const char *dnstk_ede_name(unsigned info);

#endif
