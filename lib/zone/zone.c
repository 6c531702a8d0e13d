/* SPDX-License-Identifier: BSD-3-Clause */
/* The zone engine: a sorted zone walked, looked up and checked. */
#include <stdlib.h>
#include <string.h>

#include "zone/zone.h"

int
dnstk_zone_sort(struct dnstk_zone *z)
{
	size_t i;

	dnstk_rrtab_sort(&z->tab);
	z->sorted = true;
	if (z->origin != NULL) {
		return 0;
	}
	for (i = 0; i < z->tab.n; i++) {
		if (dnstk_rrtab_type(&z->tab, i) != LDNS_RR_TYPE_SOA) {
			continue;
		}
		z->origin = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME,
		    z->tab.ent[i].owner_len, dnstk_rrtab_wire(&z->tab, i));
		if (z->origin == NULL) {
			return DNSTK_ENOMEM;
		}
		ldns_dname2canonical(z->origin);
		return 0;
	}
	if (z->directive != NULL) {
		z->origin = ldns_rdf_clone(z->directive);
		if (z->origin == NULL) {
			return DNSTK_ENOMEM;
		}
		ldns_dname2canonical(z->origin);
	}
	return 0;
}

size_t
dnstk_zone_count(const struct dnstk_zone *z)
{
	return z->tab.n;
}

const char *
dnstk_zone_source(const struct dnstk_zone *z, size_t i)
{
	return dnstk_zone_sources_name(&z->src, z->tab.ent[i].src, "");
}

unsigned long
dnstk_zone_line(const struct dnstk_zone *z, size_t i)
{
	return z->tab.ent[i].line;
}

size_t
dnstk_zone_rrset_end(const struct dnstk_zone *z, size_t i)
{
	return dnstk_rrtab_rrset_end(&z->tab, i);
}

/* Do entries i and j have the same owner (their owner keys agree)? */
static bool
same_owner(const struct dnstk_rrtab *t, size_t i, size_t j)
{
	return t->ent[i].okey_len == t->ent[j].okey_len &&
	    memcmp(dnstk_rrtab_key(t, i), dnstk_rrtab_key(t, j),
	    t->ent[i].okey_len) == 0;
}

size_t
dnstk_zone_owner_end(const struct dnstk_zone *z, size_t i)
{
	size_t j = i + 1;

	while (j < z->tab.n && same_owner(&z->tab, i, j)) {
		j++;
	}
	return j;
}

/*
 * The first entry whose key is not below `key` (`len` bytes) compared on
 * the key's length only: a lower bound of the key as a prefix.
 */
static size_t
lower_bound(const struct dnstk_rrtab *t, const uint8_t *key, size_t len)
{
	size_t lo = 0, hi = t->n, mid, klen;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		klen = t->ent[mid].okey_len;
		c = memcmp(dnstk_rrtab_key(t, mid), key, klen < len ? klen :
		    len);
		if (c < 0 || (c == 0 && klen < len)) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

int
dnstk_zone_find_owner(const struct dnstk_zone *z, const uint8_t *name,
    size_t len, size_t *first, size_t *end)
{
	struct dnstk_buf k;
	size_t lo;
	int r;

	dnstk_buf_init(&k);
	r = dnstk_name_key(&k, name, len);
	if (r != 0) {
		dnstk_buf_release(&k);
		return r;
	}
	lo = lower_bound(&z->tab, (uint8_t *)k.data, k.len);
	if (lo < z->tab.n && (z->tab.ent[lo].okey_len != k.len ||
	    memcmp(dnstk_rrtab_key(&z->tab, lo), k.data, k.len) != 0)) {
		*first = *end = lo;
	} else {
		*first = lo;
		*end = lo < z->tab.n ? dnstk_zone_owner_end(z, lo) : lo;
	}
	dnstk_buf_release(&k);
	return 0;
}

int
dnstk_zone_find_rrset(const struct dnstk_zone *z, const uint8_t *name,
    size_t len, uint16_t rr_class, uint16_t type, size_t *first)
{
	return dnstk_rrtab_find(first, &z->tab, name, len, rr_class, type);
}

int
dnstk_zone_apex(const struct dnstk_zone *z, size_t *soa)
{
	size_t i;
	int r;

	if (z->origin == NULL) {
		return DNSTK_EINPUT;
	}
	r = dnstk_rrtab_find(&i, &z->tab, ldns_rdf_data(z->origin),
	    ldns_rdf_size(z->origin), LDNS_RR_CLASS_IN, LDNS_RR_TYPE_SOA);
	if (r != 0) {
		return r;
	}
	if (i == z->tab.n) {
		return DNSTK_EINPUT;
	}
	*soa = i;
	return 0;
}

bool
dnstk_zone_is_cut(const struct dnstk_zone *z, size_t i)
{
	ldns_rdf *owner;
	size_t first, end, j;
	bool below;

	if (z->origin == NULL) {
		return false;
	}
	owner = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME,
	    z->tab.ent[i].owner_len, dnstk_rrtab_wire(&z->tab, i));
	if (owner == NULL) {
		return false;
	}
	below = ldns_dname_is_subdomain(owner, z->origin);
	ldns_rdf_deep_free(owner);
	if (!below) {
		return false;
	}
	/* the owner's records are contiguous: look for NS among them */
	for (first = i; first > 0 && same_owner(&z->tab, first - 1, i);
	    first--) {
		;
	}
	end = dnstk_zone_owner_end(z, i);
	for (j = first; j < end; j++) {
		if (dnstk_rrtab_type(&z->tab, j) == LDNS_RR_TYPE_NS) {
			return true;
		}
	}
	return false;
}

int
dnstk_zone_rrset_wire(struct dnstk_buf *out, const struct dnstk_zone *z,
    size_t i)
{
	size_t start = out->len, end = dnstk_zone_rrset_end(z, i), j;

	for (j = i; j < end; j++) {
		if (j > i && dnstk_rrtab_same_rr(&z->tab, j - 1, j)) {
			continue;	/* each record once */
		}
		if (dnstk_rrtab_canon_wire(out, &z->tab, j, NULL) != 0) {
			dnstk_buf_truncate(out, start);
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

int
dnstk_zone_signed_data(struct dnstk_buf *out, const struct dnstk_zone *z,
    size_t sig, size_t *count, const char **why)
{
	return dnstk_rrtab_signed_data(out, &z->tab, sig, count, why);
}

int
dnstk_zone_rrset_name(struct dnstk_buf *out, const struct dnstk_zone *z,
    size_t i)
{
	const struct dnstk_rrtab_ent *e = &z->tab.ent[i];
	ldns_rdf *owner;
	char *s;
	int r;

	owner = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, e->owner_len,
	    dnstk_rrtab_wire(&z->tab, i));
	if (owner == NULL) {
		return DNSTK_ENOMEM;
	}
	ldns_dname2canonical(owner);
	s = ldns_rdf2str(owner);
	ldns_rdf_deep_free(owner);
	if (s == NULL) {
		return DNSTK_ENOMEM;
	}
	r = dnstk_buf_adds(out, s);
	free(s);
	r |= dnstk_buf_addc(out, ' ');
	r |= dnstk_class_name(out, dnstk_rrtab_class(&z->tab, i));
	r |= dnstk_buf_addc(out, ' ');
	r |= dnstk_type_name(out, dnstk_rrtab_type(&z->tab, i));
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* ---- checks ------------------------------------------------------------ */

/* Input order: source, then line. */
static int
pos_compare(const struct dnstk_rrtab_ent *a, const struct dnstk_rrtab_ent *b)
{
	if (a->src != b->src) {
		return a->src < b->src ? -1 : 1;
	}
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * The first record of [i, end) in input order, among those of the lowest
 * TTL when `lowest_ttl`.
 */
static size_t
first_in_input(const struct dnstk_rrtab *t, size_t i, size_t end,
    bool lowest_ttl)
{
	size_t j, first = i;

	for (j = i + 1; j < end; j++) {
		if ((lowest_ttl && t->ent[j].ttl < t->ent[first].ttl) ||
		    ((!lowest_ttl || t->ent[j].ttl == t->ent[first].ttl) &&
		    pos_compare(&t->ent[j], &t->ent[first]) < 0)) {
			first = j;
		}
	}
	return first;
}

/*
 * Report the records of group [i, end) that are not its first:
 * DNSTK_ZONE_DUPLICATE, a run of duplicates, reports each copy after the
 * first in input; DNSTK_ZONE_TTL, a TTL group, each record whose TTL is
 * not the lowest, against the first (in input order) that has it.
 */
static int
check_group(const struct dnstk_zone *z, enum dnstk_zone_issue_kind kind,
    size_t i, size_t end, dnstk_zone_issue_fn fn, void *ctx,
    struct dnstk_zone_check_stats *st)
{
	const struct dnstk_rrtab *t = &z->tab;
	struct dnstk_zone_issue is = { kind, 0, i, 0, 0 };
	bool ttl = kind == DNSTK_ZONE_TTL;
	size_t j;
	int r;

	if (ttl && !dnstk_rrtab_ttl_differs(t, i, end)) {
		return 0;
	}
	/* sorted: the lowest TTL comes first among equal keys, not across
	 * different RDATA, so look at them all */
	is.first = first_in_input(t, i, end, ttl);
	is.want_ttl = ttl ? t->ent[is.first].ttl : 0;
	for (j = i; j < end; j++) {
		if (ttl ? t->ent[j].ttl == is.want_ttl :
		    pos_compare(&t->ent[j], &t->ent[is.first]) == 0) {
			continue;	/* the first, or one unit's copies */
		}
		is.at = j;
		is.ttl = ttl ? t->ent[j].ttl : 0;
		st->duplicates += !ttl;
		st->problems++;
		if ((r = fn(ctx, z, &is)) != 0) {
			return r;
		}
	}
	return 0;
}

int
dnstk_zone_check(const struct dnstk_zone *z, dnstk_zone_issue_fn fn,
    void *ctx, struct dnstk_zone_check_stats *st)
{
	const struct dnstk_rrtab *t = &z->tab;
	size_t i = 0, j, k, end;
	int r;

	memset(st, 0, sizeof(*st));
	while (i < t->n) {
		end = dnstk_rrtab_rrset_end(t, i);
		for (j = i; j < end; j = k) {
			for (k = j + 1; k < end && dnstk_rrtab_same_rr(t, j, k);
			    k++) {
				;
			}
			if (k - j > 1 &&
			    (r = check_group(z, DNSTK_ZONE_DUPLICATE, j, k, fn,
			    ctx, st)) != 0) {
				return r;
			}
		}
		for (j = i; j < end; j = k) {
			k = dnstk_rrtab_ttl_end(t, j);
			r = check_group(z, DNSTK_ZONE_TTL, j, k, fn, ctx, st);
			if (r != 0) {
				return r;
			}
		}
		if (dnstk_rrtab_ttl_differs(t, i, end)) {
			st->ttl_rrsets++;
		}
		i = end;
	}
	return 0;
}

size_t
dnstk_zone_ttl_rrsets(struct dnstk_zone *z, bool fix, bool *fixed)
{
	size_t k, set, end, n = 0;

	for (k = 0, set = 0; k < z->tab.n; k = end, set++) {
		end = dnstk_rrtab_rrset_end(&z->tab, k);
		if (dnstk_rrtab_ttl_differs(&z->tab, k, end)) {
			n++;
			if (fixed != NULL) {
				fixed[set] = fix;
			}
		}
	}
	if (fix) {
		dnstk_rrtab_fix_ttl(&z->tab);
	}
	return n;
}
