/* SPDX-License-Identifier: BSD-3-Clause */
/* Renderers: a message or a record to text, hex or JSON, one whole unit. */
#ifndef DNSTK_OUT_RENDER_H
#define DNSTK_OUT_RENDER_H

#include <stdbool.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "in/form.h"
#include "util/buf.h"


/* Parse "text", "hex" or "json"; 0 or DNSTK_EINPUT. */
int dnstk_form_parse(enum dnstk_form *out, const char *s);

/* The name of a form ("text"...). */
const char *dnstk_form_name(enum dnstk_form f);

/*
 * Append one whole unit to `out` in form `f`.  Text records are checked to
 * read back into the same wire bytes and are written in the RFC 3597
 * generic form when ldns's presentation form would not (so text always
 * round-trips); dnstk_text_rr() below skips that check. (TEXT, HEX or JSON), ending
 * with a newline (text messages: with the blank line that ends a block).
 * On failure `out` is as it was.  Returns 0, DNSTK_ENOMEM, or DNSTK_EINPUT
 * when the message cannot be rendered (hex of over 65535 bytes).
 */
int dnstk_render_msg(struct dnstk_buf *out, const struct dnstk_msg *m,
    enum dnstk_form f);
int dnstk_render_rr(struct dnstk_buf *out, const ldns_rr *rr,
    enum dnstk_form f);

/*
 * Append one record in presentation form, fully qualified, TTL and class
 * shown, no trailing blanks, and no newline.  A question record gives
 * "owner class type".  0 or DNSTK_ENOMEM.
 */
int dnstk_text_rr(struct dnstk_buf *out, const ldns_rr *rr);

/* Append only the rdata fields of `rr` in presentation form. */
int dnstk_text_rdata(struct dnstk_buf *out, const ldns_rr *rr);

/* Append the record as an RFC 8427 JSON object (question: no TTL/rdata). */
int dnstk_json_rr(struct dnstk_buf *out, const ldns_rr *rr, bool question);

/* Append the record's uncompressed wire form. */
int dnstk_wire_rr(struct dnstk_buf *out, const ldns_rr *rr, bool question);

/* Append the type mnemonic ("A", "TYPE65534") / class ("IN", "CLASS5"). */
int dnstk_type_name(struct dnstk_buf *out, ldns_rr_type t);
int dnstk_class_name(struct dnstk_buf *out, ldns_rr_class c);

#endif
