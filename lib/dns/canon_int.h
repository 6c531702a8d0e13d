/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to lib/dns canon.c, rrtab.c and sigdata.c: wire helpers. */
#ifndef DNSTK_DNS_CANON_INT_H
#define DNSTK_DNS_CANON_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include <ldns/ldns.h>

#include "dns/canon.h"
#include "util/buf.h"

#define DNSTK_NAME_MAX_WIRE 255
#define DNSTK_LABELS_MAX 128

/*
 * Find the start of every label of `name`; returns the label count
 * (root excluded) or -1 when the name is malformed.
 */
int dnstk_name_label_starts(uint8_t starts[DNSTK_LABELS_MAX],
    const uint8_t *name, size_t len);

/*
 * Append owner, type, class, TTL (or *ttl), RDLENGTH and rdata of `rr`,
 * in canonical form when `canon`.  0, DNSTK_ENOMEM or DNSTK_EINPUT (no
 * usable owner, over 65535 bytes of rdata); `out` unchanged on error.
 */
int dnstk_rr_wire_append(struct dnstk_buf *out, const ldns_rr *rr, bool canon,
    const uint32_t *ttl);

/*
 * Append the sort key of `rr` (owner key, class, type, canonical rdata);
 * *okey_len gets the owner part's length.  As dnstk_rr_wire_append.
 */
int dnstk_rr_key_append(struct dnstk_buf *out, const ldns_rr *rr,
    size_t *okey_len);

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Compare two keys as octets, a shorter key first on a common prefix. */
static inline int
key_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0) {
		return c;
	}
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

#endif
