/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC canonical names and records (RFC 4034 §6, RFC 6840 §5.1). */
#ifndef DNSTK_DNS_CANON_H
#define DNSTK_DNS_CANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "util/buf.h"
#include "util/err.h"

/* ---- canonical names (RFC 4034 §6.1) ------------------------------- */

/*
 * Append the sort key of the uncompressed wire name `name` (`len` bytes,
 * ending with the root label) to `out`.  Keys of two names compare with
 * memcmp (shorter first on a common prefix) exactly as RFC 4034 §6.1
 * orders the names: label by label from the right, each label as
 * lowercased octets, an absent octet or label first.  Returns 0,
 * DNSTK_ENOMEM, or DNSTK_EINPUT for a malformed or compressed name
 * (`out` unchanged on error).
 */
int dnstk_name_key(struct dnstk_buf *out, const uint8_t *name, size_t len);

/*
 * The same key written to `out`, which has room for 2 * len + 1 bytes
 * (no allocation, for lookups on a hot path).  Returns its length, or 0
 * for a malformed or compressed name.
 */
size_t dnstk_name_key_to(uint8_t *out, const uint8_t *name, size_t len);

/*
 * Compare two dname rdfs in RFC 4034 §6.1 canonical order.  Returns <0,
 * 0 or >0.  Names that cannot be keyed (not dnames) compare by their raw
 * bytes.
 */
int dnstk_dname_canon_compare(const ldns_rdf *a, const ldns_rdf *b);

/* Lowercase the ASCII letters of uncompressed wire name `name` in place. */
void dnstk_name_lower(uint8_t *name, size_t len);

/* Number of labels of wire name `name`, not counting the root. */
size_t dnstk_name_labels(const uint8_t *name, size_t len);

/* ---- canonical records (RFC 4034 §6.2) ----------------------------- */

/*
 * True when the domain names embedded in the RDATA of type `t` are
 * lowercased in canonical form: the list of RFC 4034 §6.2 item 3 as
 * corrected by RFC 6840 §5.1 (NSEC is not on it, RRSIG is).  Types not on
 * the list, unknown types included (RFC 3597 §7), keep their RDATA as is.
 */
bool dnstk_rr_type_lowercases(ldns_rr_type t);

/*
 * Append the canonical RDATA of `rr` (uncompressed, embedded names
 * lowercased when dnstk_rr_type_lowercases()) to `out`.  Returns 0 or
 * DNSTK_ENOMEM (`out` unchanged).
 */
int dnstk_rr_canon_rdata(struct dnstk_buf *out, const ldns_rr *rr);

/*
 * Append the canonical wire form of `rr` (RFC 4034 §6.2): lowercased
 * owner, type, class, the TTL (or *ttl when `ttl` is not NULL: the RRSIG
 * original TTL), RDLENGTH and the canonical RDATA.  Returns 0,
 * DNSTK_ENOMEM or DNSTK_EINPUT (RDATA over 65535 bytes).
 */
int dnstk_rr_canon_wire(struct dnstk_buf *out, const ldns_rr *rr,
    const uint32_t *ttl);

/*
 * Return a new copy of `rr` in canonical form (for printing); the caller
 * frees it with ldns_rr_free.  NULL when out of memory.
 */
ldns_rr *dnstk_rr_canonical(const ldns_rr *rr);

/*
 * Compare two records in canonical order: owner (§6.1), class, type, then
 * canonical RDATA as octets (§6.3).  TTLs are ignored, so 0 means the two
 * are duplicates in the sense of §6.3.  Returns <0, 0, >0, or 0 when
 * either cannot be rendered (out of memory).
 */
int dnstk_rr_canon_compare(const ldns_rr *a, const ldns_rr *b);

#endif
