/* SPDX-License-Identifier: BSD-3-Clause */
/* The answering index of dnstk-serve: zones as hashed nodes of RRsets. */
#ifndef DNSTK_SERVE_ZONE_H
#define DNSTK_SERVE_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/*
 * The zone is loaded once through the record reader and the canonical
 * record table of lib/dns, then frozen into this read-only index, which
 * any number of threads may read at once.  A lookup is one hash probe
 * per name tried; NSEC and NSEC3 predecessors are binary searches.
 */

#define DNSTK_SZ_NONE UINT32_MAX

/* One record: RDATA (uncompressed wire) in the zone's data, and its TTL. */
struct dnstk_sz_rr {
	uint32_t off;
	uint16_t len;
	uint32_t ttl;
};

/* One RRset of a node with the RRSIGs covering it. */
struct dnstk_sz_rrset {
	uint16_t type;
	uint16_t nrr;
	uint16_t nsig;
	uint32_t rr;	/* first record in zone->rr */
	uint32_t sig;	/* first RRSIG in zone->rr (nsig of them) */
};

enum {
	DNSTK_SZN_DELEG = 1 << 0,	/* NS below the apex: a zone cut */
	DNSTK_SZN_BELOW = 1 << 1,	/* below a zone cut (glue, occluded) */
	DNSTK_SZN_WILD = 1 << 2,	/* first label is '*' */
	DNSTK_SZN_NSEC3 = 1 << 3,	/* only NSEC3 (and RRSIG): not a name */
	DNSTK_SZN_ENT = 1 << 4,		/* empty non-terminal: no RRsets */
};

/* One owner name with its RRsets (sorted by type). */
struct dnstk_sz_node {
	uint32_t name;	/* lowercased wire name at zone->data + name */
	uint32_t key;	/* RFC 4034 §6.1 sort key at zone->data + key */
	uint16_t key_len;
	uint8_t name_len;
	uint8_t labels;
	uint16_t flags;
	uint16_t nset;
	uint32_t set;	/* first RRset in zone->set */
};

struct dnstk_sz_nsec3 {
	uint8_t hash[64];
	uint8_t hash_len;
	uint32_t node;
};

/* A loaded zone.  Owned by its dnstk_sz_zones. */
struct dnstk_sz_zone {
	uint8_t origin[255];
	size_t origin_len;
	unsigned origin_labels;
	struct dnstk_buf data;	/* names, keys, RDATA */
	struct dnstk_sz_rr *rr;
	size_t nrr;
	struct dnstk_sz_rrset *set;
	size_t nset;
	struct dnstk_sz_node *node;	/* canonical order */
	size_t nnode;
	uint32_t *hash;	/* open addressing: node index or NONE */
	size_t hash_mask;
	uint32_t apex;
	uint32_t soa_ttl;	/* min(SOA TTL, SOA MINIMUM): negative TTL */
	bool secure;		/* has DNSKEY at the apex */
	bool nsec3;		/* NSEC3PARAM at the apex */
	uint8_t n3_alg;
	uint16_t n3_iter;
	uint8_t n3_salt[255];
	uint8_t n3_salt_len;
	struct dnstk_sz_nsec3 *n3;	/* sorted by hash */
	size_t nn3;
};

/* Every zone served.  Caller-owned: dnstk_sz_zones_init / _release. */
struct dnstk_sz_zones {
	struct dnstk_sz_zone **z;
	size_t n;
};

void dnstk_sz_zones_init(struct dnstk_sz_zones *zs);
void dnstk_sz_zones_release(struct dnstk_sz_zones *zs);

/*
 * Load the master file `path` as a zone: `origin` (presentation form, with
 * or without the final dot) or NULL to take the owner of its SOA.  Every
 * record must be of class IN and at or below the origin, with exactly one
 * SOA, at the origin.  Returns 0, DNSTK_EINPUT with err set to
 * SOURCE:LINE and the reason, -errno when the file cannot be read, or
 * DNSTK_ENOMEM.  A zone already loaded with the same origin is an error.
 */
int dnstk_sz_load(struct dnstk_sz_zones *zs, const char *path,
    const char *origin, struct dnstk_err *err);

/*
 * The deepest zone whose origin is `name` or an ancestor of it (wire
 * form, lowercased), or NULL.  With `parent_of`, only zones strictly
 * above `parent_of` (used for DS at a child's apex).
 */
const struct dnstk_sz_zone *dnstk_sz_find_zone(const struct dnstk_sz_zones *zs,
    const uint8_t *name, size_t len, const struct dnstk_sz_zone *below);

/* The node of exactly `name` (lowercased wire) or DNSTK_SZ_NONE. */
uint32_t dnstk_sz_find(const struct dnstk_sz_zone *z, const uint8_t *name,
    size_t len);

/* The RRset of `type` at node `n`, or NULL. */
const struct dnstk_sz_rrset *dnstk_sz_rrset(const struct dnstk_sz_zone *z,
    uint32_t n, uint16_t type);

/*
 * The node holding the NSEC that covers or matches `name` (the last
 * node with an NSEC at or before it in canonical order), or NONE.
 */
uint32_t dnstk_sz_nsec_cover(const struct dnstk_sz_zone *z,
    const uint8_t *name, size_t len);

/*
 * Hash `name` with the zone's NSEC3 parameters (RFC 5155 §5) into
 * hash[20]; 0 or DNSTK_EINPUT (an unsupported algorithm).
 */
int dnstk_sz_nsec3_hash(const struct dnstk_sz_zone *z, const uint8_t *name,
    size_t len, uint8_t hash[20]);

/*
 * The NSEC3 node whose hash matches `hash` (exact true) or covers it (the
 * last at or before it, wrapping to the last one), or NONE.
 */
uint32_t dnstk_sz_nsec3_find(const struct dnstk_sz_zone *z,
    const uint8_t hash[20], bool exact);

#endif
