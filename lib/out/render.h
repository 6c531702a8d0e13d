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

/*
 * Append one whole unit to `out` in form `f` (TEXT, HEX or JSON), ending
 * with a newline (text messages: with the blank line that ends a block).
 * Text records are checked to read back into the same wire bytes and are
 * written in the RFC 3597 generic form ("\# LEN HEX") when ldns's
 * presentation form would not, or when ldns cannot print a field at all
 * (an SVCB key length past the rdata, say), so text always round-trips;
 * JSON then leaves out the optional rdata<TYPE> member and keeps
 * RDATAHEX.  On failure `out` is as it was.  Returns 0, DNSTK_ENOMEM, or
 * DNSTK_EINPUT when the message cannot be rendered (hex of over 65535
 * bytes).
 */
int dnstk_render_msg(struct dnstk_buf *out, const struct dnstk_msg *m,
    enum dnstk_form f);
int dnstk_render_rr(struct dnstk_buf *out, const ldns_rr *rr,
    enum dnstk_form f);

/*
 * The renderer's fast text path, for records held in uncompressed wire
 * form (zone tables): append the record of `len` bytes at `w` (owner of
 * `owner_len` bytes, type, class, TTL, RDLENGTH, RDATA) with TTL `ttl` in
 * place of the wire's, owner and embedded names lowercased when `lower`,
 * and a newline.  Class IN A, AAAA, NS, CNAME, PTR, DNAME, MX and TXT
 * with well-formed rdata are written straight from the bytes, the same
 * bytes dnstk_render_rr(TEXT) gives for the record (both use the same
 * escapes), and 1 is returned.  Any other record leaves `out` unchanged
 * and returns 0: render it through ldns_rr and dnstk_render_rr().
 * DNSTK_ENOMEM when out of memory.
 */
int dnstk_text_rr_wire(struct dnstk_buf *out, const uint8_t *w, size_t len,
    size_t owner_len, uint32_t ttl, bool lower);

/*
 * Append a line per option of the OPT record `e` to `out`: `prefix`, the
 * option in text (dnstk_edns_option_to_text()) and a newline; options
 * that run past the data end with a line `prefix`"TRAILING: " and the
 * rest in hex.  Returns 0, or not 0 when out of memory (`out` then holds
 * a part: callers truncate it).
 */
struct dnstk_edns;
int dnstk_render_edns_options(struct dnstk_buf *out, const struct dnstk_edns *e,
    const char *prefix);

/*
 * Append one record in presentation form, fully qualified, TTL and class
 * shown, no trailing blanks, and no newline.  A question record gives
 * "owner class type".  Not checked to read back (see dnstk_render_rr),
 * but a field ldns cannot print puts the rdata in RFC 3597 generic form.
 * 0, DNSTK_ENOMEM, or DNSTK_EINPUT when the owner is not a well-formed
 * name.
 */
int dnstk_text_rr(struct dnstk_buf *out, const ldns_rr *rr);

/*
 * Append `rr` in text that reads back into the same bytes, no newline:
 * the presentation form when it does, else the RFC 3597 generic form
 * (owner, TTL, class and type as before); *generic says which.  This is
 * the text of dnstk_render_rr().  0 or DNSTK_ENOMEM (`out` as it was).
 */
int dnstk_text_rr_checked(struct dnstk_buf *out, const ldns_rr *rr,
    bool *generic);

/*
 * Append only the rdata fields of `rr` in presentation form (the RFC 3597
 * generic form when ldns cannot print a field).  0 or DNSTK_ENOMEM.
 */
int dnstk_text_rdata(struct dnstk_buf *out, const ldns_rr *rr);

/* Append the record as an RFC 8427 JSON object (question: no TTL/rdata). */
int dnstk_json_rr(struct dnstk_buf *out, const ldns_rr *rr, bool question);

/* Append the record's uncompressed wire form. */
int dnstk_wire_rr(struct dnstk_buf *out, const ldns_rr *rr, bool question);

/* Append the type mnemonic ("A", "TYPE65534") / class ("IN", "CLASS5"). */
int dnstk_type_name(struct dnstk_buf *out, ldns_rr_type t);
int dnstk_class_name(struct dnstk_buf *out, ldns_rr_class c);

#endif
