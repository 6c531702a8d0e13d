/* SPDX-License-Identifier: BSD-3-Clause */
/* Inside the record tables: an entry's bytes, shared by rrtab*.c only. */
#ifndef DNSTK_DNS_RRTAB_INT_H
#define DNSTK_DNS_RRTAB_INT_H

#include <string.h>

#include "dns/canon_int.h"
#include "dns/rrtab.h"

/*
 * Each entry keeps its RDATA once.  Its bytes at data + off are the wire
 * form (wire_len bytes), then the key prefix (owner key, class, type);
 * the canonical RDATA that ends the key is the wire form's RDATA, unless
 * lowercasing changed it (names in capitals): then it follows the prefix,
 * and the entry's `split` is set.  So a key is compared in two
 * pieces (key_cmp); owner keys never are a prefix of one another (each
 * ends in its only 0x00 0x00), so the prefix decides alone when it
 * differs.
 */
static inline size_t
wlen(const struct dnstk_rrtab_ent *e)
{
	return e->wire_len;
}

static inline const uint8_t *
ent_wire(const struct dnstk_rrtab *t, const struct dnstk_rrtab_ent *e)
{
	return (const uint8_t *)t->data.data + e->off;
}

/* The key prefix (owner key, class, type): okey_len + 4 bytes. */
static inline const uint8_t *
ent_prefix(const struct dnstk_rrtab *t, const struct dnstk_rrtab_ent *e)
{
	return ent_wire(t, e) + wlen(e);
}

/* The canonical RDATA: key_len - okey_len - 4 bytes. */
static inline const uint8_t *
ent_crd(const struct dnstk_rrtab *t, const struct dnstk_rrtab_ent *e)
{
	if (e->split) {
		return ent_prefix(t, e) + e->okey_len + 4;
	}
	return ent_wire(t, e) + e->owner_len + 10;
}

/* Compare the keys of two entries as octets (see key_compare). */
static inline int
ent_key_cmp(const struct dnstk_rrtab *t, const struct dnstk_rrtab_ent *a,
    const struct dnstk_rrtab_ent *b)
{
	size_t pa = a->okey_len + 4u, pb = b->okey_len + 4u;
	int c;

	if (pa != pb) {
		c = memcmp(ent_prefix(t, a), ent_prefix(t, b), pa < pb ? pa : pb);
		return c != 0 ? c : pa < pb ? -1 : 1;
	}
	c = memcmp(ent_prefix(t, a), ent_prefix(t, b), pa);
	if (c != 0) {
		return c;
	}
	return key_compare(ent_crd(t, a), a->key_len - pa, ent_crd(t, b),
	    b->key_len - pb);
}

/* Ask for the key of entry i to be brought into the cache: the sort
 * reaches keys all over the data. */
#define SORT_AHEAD 8
static inline void
key_prefetch(const struct dnstk_rrtab *t, size_t i)
{
	if (i < t->n) {
		__builtin_prefetch(ent_prefix(t, &t->ent[i]));
	}
}

#endif
