/* SPDX-License-Identifier: BSD-3-Clause */
/* Record tables: canonical order, RRsets, duplicates, TTLs. */
#ifndef DNSTK_DNS_RRTAB_H
#define DNSTK_DNS_RRTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dns/canon.h"
#include "util/buf.h"

/* ---- record tables: RRsets, duplicates, TTLs (RFC 2181 §5) --------- */

/*
 * A record in a table: its original wire form (owner, type, class, TTL,
 * RDLENGTH, RDATA; no compression) and its sort key (owner key, class,
 * type, canonical RDATA), both in the table's data buffer, the RDATA
 * stored once unless its canonical form differs.  key_len is the whole
 * key's length, of which the first okey_len + 4 bytes (dnstk_rrtab_key)
 * are contiguous; the canonical RDATA is dnstk_rrtab_canon_rdata().
 */
struct dnstk_rrtab_ent {
	size_t off;		/* wire form at data + off, then the key */
	uint32_t wire_len;
	uint32_t key_len : 31;
	uint32_t split : 1;	/* canonical RDATA stored apart (internal) */
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
 * Add the record whose uncompressed wire form (owner, type, class, TTL,
 * RDLENGTH, RDATA) is wire[0..len), as dnstk_rrtab_add() does, without
 * an ldns_rr: the canonical RDATA is made here for the usual types and
 * through ldns for the rest.  Returns 0, DNSTK_ENOMEM, or DNSTK_EINPUT
 * when the wire form is malformed (t unchanged).
 */
int dnstk_rrtab_add_wire(struct dnstk_rrtab *t, const uint8_t *wire,
    size_t len, uint32_t src, uint32_t line);

/*
 * Make room for `records` more entries and `bytes` more data octets, so
 * that adds within that room move nothing: entries and wire forms stay
 * where they are (a reader on another thread may copy them meanwhile).
 * An add of a wire form of `len` octets takes at most
 * DNSTK_RRTAB_ADD_MAX(len) octets.  Returns 0 or DNSTK_ENOMEM.
 */
#define DNSTK_RRTAB_ADD_MAX(len) (4 * (size_t)(len) + 1024)
int dnstk_rrtab_reserve(struct dnstk_rrtab *t, size_t records, size_t bytes);
/* True when that room is there already (no call would move anything). */
bool dnstk_rrtab_has_room(const struct dnstk_rrtab *t, size_t records,
    size_t bytes);

/*
 * Sort the table: canonical owner, class, type, canonical RDATA, and for
 * equal keys (duplicates) the lower TTL first, then the original wire
 * bytes (case as given), then source and line.  The result depends only
 * on the set of records added, not on their order.
 */
void dnstk_rrtab_sort(struct dnstk_rrtab *t);

/*
 * Accessors for entry i (i < t->n): its wire form, the head of its sort
 * key (owner key, class, type: okey_len + 4 bytes), its type and class.  The pointers are owned by the table and stay valid
 * until the next dnstk_rrtab_add() or dnstk_rrtab_release().
 */
const uint8_t *dnstk_rrtab_wire(const struct dnstk_rrtab *t, size_t i);
const uint8_t *dnstk_rrtab_key(const struct dnstk_rrtab *t, size_t i);
/* The canonical RDATA (the tail of the key) and its length. */
const uint8_t *dnstk_rrtab_canon_rdata(const struct dnstk_rrtab *t,
    size_t i, size_t *len);
uint16_t dnstk_rrtab_type(const struct dnstk_rrtab *t, size_t i);
uint16_t dnstk_rrtab_class(const struct dnstk_rrtab *t, size_t i);

/*
 * Compare the sort keys of entries i and j as octet strings (a shorter
 * key first on a common prefix): < 0, 0 or > 0.
 */
int dnstk_rrtab_key_cmp(const struct dnstk_rrtab *t, size_t i, size_t j);

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

#endif
