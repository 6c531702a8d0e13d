/* SPDX-License-Identifier: BSD-3-Clause */
/* RRsets and DNSSEC canonical form and order (RFC 4034 §6, RFC 6840 §5.1). */
#ifndef DNSTK_DNS_RRSET_H
#define DNSTK_DNS_RRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "util/buf.h"

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

/* ---- record tables: RRsets, duplicates, TTLs (RFC 2181 §5) --------- */

/*
 * A record in a table: its original wire form (owner, type, class, TTL,
 * RDLENGTH, RDATA; no compression) and its sort key (owner key, class,
 * type, canonical RDATA), both in the table's data buffer.
 */
struct dnstk_rrtab_ent {
	size_t off;		/* wire form at data + off, then the key */
	uint32_t wire_len;
	uint32_t key_len;
	uint16_t owner_len;	/* wire length of the owner name */
	uint16_t okey_len;	/* length of the owner part of the key */
	uint32_t ttl;		/* current TTL (see dnstk_rrtab_fix_ttl) */
	uint32_t src;		/* caller's source index (a file number) */
	uint32_t line;		/* caller's line number */
};

/*
 * A flat table of records from a zone or from message sections, built to
 * be sorted in canonical order cheaply: each key is computed once.
 * Caller-owned; dnstk_rrtab_init() then dnstk_rrtab_release().
 */
struct dnstk_rrtab {
	struct dnstk_buf data;
	struct dnstk_rrtab_ent *ent;
	size_t n;
	size_t cap;
};

/* Set up an empty table (no allocation). */
void dnstk_rrtab_init(struct dnstk_rrtab *t);
/* Free what the table holds and re-init it. */
void dnstk_rrtab_release(struct dnstk_rrtab *t);

/*
 * Add a copy of `rr` (still owned by the caller) remembering `src` and
 * `line`.  Returns 0, DNSTK_ENOMEM, or DNSTK_EINPUT when the record has
 * no usable owner or more than 65535 bytes of RDATA (t unchanged).
 */
int dnstk_rrtab_add(struct dnstk_rrtab *t, const ldns_rr *rr, uint32_t src,
    uint32_t line);

/*
 * Sort the table: canonical owner, class, type, canonical RDATA, and for
 * equal keys (duplicates) the lower TTL first, then the original wire
 * bytes (case as given), then source and line.  The result depends only
 * on the set of records added, not on their order.
 */
void dnstk_rrtab_sort(struct dnstk_rrtab *t);

/*
 * Accessors for entry i (i < t->n): its wire form, its sort key, its
 * type and class.  The pointers are owned by the table and stay valid
 * until the next dnstk_rrtab_add() or dnstk_rrtab_release().
 */
const uint8_t *dnstk_rrtab_wire(const struct dnstk_rrtab *t, size_t i);
const uint8_t *dnstk_rrtab_key(const struct dnstk_rrtab *t, size_t i);
/* The canonical RDATA (the tail of the key) and its length. */
const uint8_t *dnstk_rrtab_canon_rdata(const struct dnstk_rrtab *t,
    size_t i, size_t *len);
uint16_t dnstk_rrtab_type(const struct dnstk_rrtab *t, size_t i);
uint16_t dnstk_rrtab_class(const struct dnstk_rrtab *t, size_t i);

/* True when entries i and j are in the same RRset (owner, class, type). */
bool dnstk_rrtab_same_rrset(const struct dnstk_rrtab *t, size_t i,
    size_t j);

/* True when entries i and j are duplicates (same RRset, same RDATA). */
bool dnstk_rrtab_same_rr(const struct dnstk_rrtab *t, size_t i, size_t j);

/* After sorting: the index just past the RRset that starts at i. */
size_t dnstk_rrtab_rrset_end(const struct dnstk_rrtab *t, size_t i);

/*
 * After sorting: drop every duplicate, keeping the first of each run (the
 * lowest TTL).  Returns the number removed.
 */
size_t dnstk_rrtab_dedup(struct dnstk_rrtab *t);

/*
 * After sorting: the index just past the TTL group that starts at i.  A
 * TTL group is an RRset, except that RRSIGs group by owner, class and
 * type covered: each must have the TTL of the RRset it covers (RFC 4034
 * §3), so RRSIGs of one name legitimately differ across covered types.
 */
size_t dnstk_rrtab_ttl_end(const struct dnstk_rrtab *t, size_t i);

/*
 * True when the TTLs differ within a TTL group of entries [i, end)
 * (RFC 2181 §5.2).
 */
bool dnstk_rrtab_ttl_differs(const struct dnstk_rrtab *t, size_t i,
    size_t end);

/*
 * Set every TTL group's TTL to its lowest (RFC 2181 §5.2); the table
 * must be sorted.  Returns the number of groups changed.
 */
size_t dnstk_rrtab_fix_ttl(struct dnstk_rrtab *t);

/*
 * After sorting: find the first entry of the RRset (owner, class, type)
 * with owner given as wire name.  Sets *out to its index, or to t->n when
 * there is none, and returns 0; DNSTK_ENOMEM or DNSTK_EINPUT (a bad
 * name) otherwise, so a failure is never taken for "not there".
 */
int dnstk_rrtab_find(size_t *out, const struct dnstk_rrtab *t,
    const uint8_t *owner, size_t owner_len, uint16_t rr_class,
    uint16_t type);

/*
 * Make an ldns_rr of entry i (caller frees with ldns_rr_free), with the
 * entry's current TTL, in canonical form when `canonical`.  Returns 0,
 * DNSTK_ENOMEM or DNSTK_EINPUT (ldns refused the wire form).
 */
int dnstk_rrtab_rr(ldns_rr **out, const struct dnstk_rrtab *t, size_t i,
    bool canonical);

/*
 * Append the canonical wire form of entry i (lowercased owner, current
 * TTL or *ttl, canonical RDATA).  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_rrtab_canon_wire(struct dnstk_buf *out, const struct dnstk_rrtab *t,
    size_t i, const uint32_t *ttl);

/*
 * Append the data an RRSIG's signature covers (RFC 4034 §3.1.8.1, RFC
 * 4035 §5.3.2): the RRSIG RDATA up to the signer name (lowercased), then
 * every record of the covered RRset in canonical order, without
 * duplicates, with the original TTL and, when the RRSIG's label count is
 * below the owner's, the wildcard owner "*.<rightmost labels>".  `sig` is
 * the RRSIG's index in the sorted, deduplicated table.  Returns 0 with
 * *count set to the number of covered records (0: none in the table, and
 * nothing appended), DNSTK_ENOMEM, or DNSTK_EINPUT with *why set when the
 * RRSIG is malformed (its label count above the owner's).
 */
int dnstk_rrtab_signed_data(struct dnstk_buf *out, const struct dnstk_rrtab *t,
    size_t sig, size_t *count, const char **why);

/* ---- truncation (RFC 2181 §9) -------------------------------------- */

/*
 * Shrink `m` to fit `limit` bytes of uncompressed wire form by dropping
 * whole RRsets only, from the end: first from the additional section,
 * then authority, then answer.  OPT, TSIG and SIG(0) records of the
 * additional section are always kept (their room is reserved first).
 * *tc is set to true when an RRset of the answer or authority section
 * had to go (the TC bit must be set), false otherwise; dropping
 * additional data does not set it.  Returns 0, or DNSTK_EINPUT when even
 * the header, question and kept records exceed `limit`.
 */
int dnstk_rrset_fit(struct dnstk_msg *m, size_t limit, bool *tc);

#endif
