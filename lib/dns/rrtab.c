/* SPDX-License-Identifier: BSD-3-Clause */
/* Record tables: canonical order, RRsets, duplicates, TTLs (RFC 2181 §5). */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/canon_int.h"
#include "dns/rrtab.h"

/* ---- record tables ---------------------------------------------------- */

void
dnstk_rrtab_init(struct dnstk_rrtab *t)
{
	dnstk_buf_init(&t->data);
	t->ent = NULL;
	t->n = 0;
	t->cap = 0;
}

void
dnstk_rrtab_release(struct dnstk_rrtab *t)
{
	dnstk_buf_release(&t->data);
	free(t->ent);
	dnstk_rrtab_init(t);
}

int
dnstk_rrtab_add(struct dnstk_rrtab *t, const ldns_rr *rr, uint32_t src,
    uint32_t line)
{
	struct dnstk_rrtab_ent *e;
	size_t start = t->data.len, okey = 0, ncap;
	int r;

	if (t->n == t->cap) {
		ncap = t->cap == 0 ? 1024 : t->cap * 2;
		e = realloc(t->ent, ncap * sizeof(*e));
		if (e == NULL) {
			return DNSTK_ENOMEM;
		}
		t->ent = e;
		t->cap = ncap;
	}
	r = dnstk_rr_wire_append(&t->data, rr, false, NULL);
	if (r != 0) {
		return r;
	}
	e = &t->ent[t->n];
	e->off = start;
	e->wire_len = (uint32_t)(t->data.len - start);
	r = dnstk_rr_key_append(&t->data, rr, &okey);
	if (r != 0) {
		dnstk_buf_truncate(&t->data, start);
		return r;
	}
	e->key_len = (uint32_t)(t->data.len - start - e->wire_len);
	e->owner_len = (uint16_t)ldns_rdf_size(ldns_rr_owner(rr));
	e->okey_len = (uint16_t)okey;
	e->ttl = ldns_rr_ttl(rr);
	e->src = src;
	e->line = line;
	t->n++;
	return 0;
}

const uint8_t *
dnstk_rrtab_wire(const struct dnstk_rrtab *t, size_t i)
{
	return (const uint8_t *)t->data.data + t->ent[i].off;
}

const uint8_t *
dnstk_rrtab_key(const struct dnstk_rrtab *t, size_t i)
{
	return dnstk_rrtab_wire(t, i) + t->ent[i].wire_len;
}

const uint8_t *
dnstk_rrtab_canon_rdata(const struct dnstk_rrtab *t, size_t i, size_t *len)
{
	const struct dnstk_rrtab_ent *e = &t->ent[i];

	*len = e->key_len - e->okey_len - 4u;
	return dnstk_rrtab_key(t, i) + e->okey_len + 4;
}

uint16_t
dnstk_rrtab_type(const struct dnstk_rrtab *t, size_t i)
{
	return get16(dnstk_rrtab_wire(t, i) + t->ent[i].owner_len);
}

uint16_t
dnstk_rrtab_class(const struct dnstk_rrtab *t, size_t i)
{
	return get16(dnstk_rrtab_wire(t, i) + t->ent[i].owner_len + 2);
}

/* qsort has no context argument: the table being sorted. */
/* The table being sorted, for the qsort comparators; per thread, so
 * that threads may sort tables of their own at once. */
static _Thread_local const struct dnstk_rrtab *sort_tab;

static int
ent_compare(const void *pa, const void *pb)
{
	const struct dnstk_rrtab_ent *a = pa, *b = pb;
	const uint8_t *base = (const uint8_t *)sort_tab->data.data;
	int c;

	c = key_compare(base + a->off + a->wire_len, a->key_len,
	    base + b->off + b->wire_len, b->key_len);
	if (c != 0) {
		return c;
	}
	/* duplicates: make the order independent of the input order */
	if (a->ttl != b->ttl) {
		return a->ttl < b->ttl ? -1 : 1;
	}
	c = key_compare(base + a->off, a->wire_len, base + b->off,
	    b->wire_len);
	if (c != 0) {
		return c;
	}
	if (a->src != b->src) {
		return a->src < b->src ? -1 : 1;
	}
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * What the sort moves: 8 bytes of the key at the current depth and the
 * entry's index.  Sorting by those 8 bytes, then each run of equal ones
 * by the next 8 (a most-significant-digit radix over 64-bit digits),
 * touches each key once per level instead of twice per comparison: a
 * million random keys no longer cost a cache miss per compare.
 */
struct sort_item {
	uint64_t pfx;
	size_t idx;
};

#define SORT_DEPTH_MAX 64	/* past this, compare whole keys */

static int
pfx_compare(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;

	return a->pfx < b->pfx ? -1 : a->pfx > b->pfx;
}

static int
item_compare(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;

	return ent_compare(&sort_tab->ent[a->idx], &sort_tab->ent[b->idx]);
}

/* Load the 8 key bytes at `depth`, big-endian and zero-padded. */
static bool
load_pfx(const struct dnstk_rrtab *t, struct sort_item *it, size_t depth)
{
	const uint8_t *key = dnstk_rrtab_key(t, it->idx);
	size_t len = t->ent[it->idx].key_len, j;

	it->pfx = 0;
	for (j = depth; j < depth + 8; j++) {
		it->pfx = it->pfx << 8 | (j < len ? key[j] : 0u);
	}
	return len > depth + 8;	/* the key goes on past these bytes */
}

/*
 * Sort `n` items whose keys all agree on their first `depth` bytes.
 * Where 8 bytes cannot tell keys apart (a key ends inside them, or the
 * depth is large), whole entries are compared.
 */
static void
sort_items(const struct dnstk_rrtab *t, struct sort_item *it, size_t n,
    size_t depth)
{
	size_t i, j;
	bool more = depth < SORT_DEPTH_MAX;

	for (i = 0; i < n && more; i++) {
		more = load_pfx(t, &it[i], depth);
	}
	if (!more) {
		qsort(it, n, sizeof(*it), item_compare);
		return;
	}
	qsort(it, n, sizeof(*it), pfx_compare);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && it[j].pfx == it[i].pfx; j++) {
			;
		}
		if (j - i > 1) {
			sort_items(t, it + i, j - i, depth + 8);
		}
	}
}

void
dnstk_rrtab_sort(struct dnstk_rrtab *t)
{
	struct sort_item *it;
	struct dnstk_rrtab_ent tmp;
	size_t i, j, k;

	if (t->n < 2) {
		return;
	}
	sort_tab = t;
	it = malloc(t->n * sizeof(*it));
	if (it == NULL) {
		/* no room for the items: sort the entries themselves */
		qsort(t->ent, t->n, sizeof(*t->ent), ent_compare);
		sort_tab = NULL;
		return;
	}
	for (i = 0; i < t->n; i++) {
		it[i].idx = i;
	}
	sort_items(t, it, t->n, 0);
	sort_tab = NULL;
	/*
	 * Put the entries in that order in place, cycle by cycle: position
	 * i takes entry it[i].idx; a done position gets idx == i.
	 */
	for (i = 0; i < t->n; i++) {
		if (it[i].idx == i) {
			continue;
		}
		tmp = t->ent[i];
		j = i;
		while (it[j].idx != i) {
			k = it[j].idx;
			t->ent[j] = t->ent[k];
			it[j].idx = j;
			j = k;
		}
		t->ent[j] = tmp;
		it[j].idx = j;
	}
	free(it);
}

bool
dnstk_rrtab_same_rrset(const struct dnstk_rrtab *t, size_t i, size_t j)
{
	const struct dnstk_rrtab_ent *a = &t->ent[i], *b = &t->ent[j];

	return a->okey_len == b->okey_len && memcmp(dnstk_rrtab_key(t, i),
	    dnstk_rrtab_key(t, j), a->okey_len + 4u) == 0;
}

bool
dnstk_rrtab_same_rr(const struct dnstk_rrtab *t, size_t i, size_t j)
{
	const struct dnstk_rrtab_ent *a = &t->ent[i], *b = &t->ent[j];

	return a->key_len == b->key_len && memcmp(dnstk_rrtab_key(t, i),
	    dnstk_rrtab_key(t, j), a->key_len) == 0;
}

size_t
dnstk_rrtab_rrset_end(const struct dnstk_rrtab *t, size_t i)
{
	size_t j = i + 1;

	while (j < t->n && dnstk_rrtab_same_rrset(t, i, j)) {
		j++;
	}
	return j;
}

size_t
dnstk_rrtab_dedup(struct dnstk_rrtab *t)
{
	size_t i, k = 0;

	for (i = 0; i < t->n; i++) {
		if (k > 0 && dnstk_rrtab_same_rr(t, k - 1, i)) {
			continue;
		}
		t->ent[k++] = t->ent[i];
	}
	i = t->n - k;
	t->n = k;
	return i;
}

size_t
dnstk_rrtab_ttl_end(const struct dnstk_rrtab *t, size_t i)
{
	size_t j = i + 1, la, lb;
	bool sig = dnstk_rrtab_type(t, i) == LDNS_RR_TYPE_RRSIG;
	const uint8_t *a = dnstk_rrtab_canon_rdata(t, i, &la), *b;

	while (j < t->n && dnstk_rrtab_same_rrset(t, i, j)) {
		if (sig) {
			b = dnstk_rrtab_canon_rdata(t, j, &lb);
			if (la < 2 || lb < 2 || memcmp(a, b, 2) != 0) {
				break;
			}
		}
		j++;
	}
	return j;
}

bool
dnstk_rrtab_ttl_differs(const struct dnstk_rrtab *t, size_t i, size_t end)
{
	size_t j, gend;

	for (; i < end; i = gend) {
		gend = dnstk_rrtab_ttl_end(t, i);
		gend = gend < end ? gend : end;
		for (j = i + 1; j < gend; j++) {
			if (t->ent[j].ttl != t->ent[i].ttl) {
				return true;
			}
		}
	}
	return false;
}

size_t
dnstk_rrtab_fix_ttl(struct dnstk_rrtab *t)
{
	size_t i = 0, j, end, changed = 0;
	uint32_t low;

	while (i < t->n) {
		end = dnstk_rrtab_ttl_end(t, i);
		if (dnstk_rrtab_ttl_differs(t, i, end)) {
			low = t->ent[i].ttl;
			for (j = i; j < end; j++) {
				low = t->ent[j].ttl < low ? t->ent[j].ttl : low;
			}
			for (j = i; j < end; j++) {
				t->ent[j].ttl = low;
			}
			changed++;
		}
		i = end;
	}
	return changed;
}

int
dnstk_rrtab_find(size_t *out, const struct dnstk_rrtab *t,
    const uint8_t *owner, size_t owner_len, uint16_t rr_class,
    uint16_t type)
{
	struct dnstk_buf k;
	size_t lo = 0, hi = t->n, mid, plen, klen;
	uint8_t ct[4];
	int c;

	dnstk_buf_init(&k);
	put16(ct, rr_class);
	put16(ct + 2, type);
	c = dnstk_name_key(&k, owner, owner_len);
	if (c == 0 && dnstk_buf_add(&k, ct, sizeof(ct)) != 0) {
		c = DNSTK_ENOMEM;
	}
	if (c != 0) {
		dnstk_buf_release(&k);
		return c;
	}
	plen = k.len;
	/* lower bound of the prefix among the sorted keys */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		klen = t->ent[mid].key_len;
		c = memcmp(dnstk_rrtab_key(t, mid), k.data,
		    klen < plen ? klen : plen);
		if (c < 0 || (c == 0 && klen < plen)) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (lo < t->n && (t->ent[lo].okey_len + 4u != plen ||
	    memcmp(dnstk_rrtab_key(t, lo), k.data, plen) != 0)) {
		lo = t->n;
	}
	dnstk_buf_release(&k);
	*out = lo;
	return 0;
}

int
dnstk_rrtab_canon_wire(struct dnstk_buf *out, const struct dnstk_rrtab *t,
    size_t i, const uint32_t *ttl)
{
	const struct dnstk_rrtab_ent *e = &t->ent[i];
	const uint8_t *w = dnstk_rrtab_wire(t, i), *rd;
	size_t start = out->len, rdlen;
	uint8_t *p;

	rd = dnstk_rrtab_canon_rdata(t, i, &rdlen);
	if (dnstk_buf_grow(out, e->owner_len + 10u + rdlen) != 0) {
		return DNSTK_ENOMEM;
	}
	p = (uint8_t *)out->data + start;
	memcpy(p, w, e->owner_len);
	dnstk_name_lower(p, e->owner_len);
	p += e->owner_len;
	memcpy(p, w + e->owner_len, 4);
	put32(p + 4, ttl != NULL ? *ttl : e->ttl);
	put16(p + 8, (uint16_t)rdlen);
	memcpy(p + 10, rd, rdlen);
	out->len = start + e->owner_len + 10u + rdlen;
	out->data[out->len] = '\0';
	return 0;
}

int
dnstk_rrtab_rr(ldns_rr **out, const struct dnstk_rrtab *t, size_t i,
    bool canonical)
{
	const struct dnstk_rrtab_ent *e = &t->ent[i];
	struct dnstk_buf w;
	ldns_rr *rr = NULL;
	size_t pos = 0;
	int r = 0;

	dnstk_buf_init(&w);
	if (canonical) {
		r = dnstk_rrtab_canon_wire(&w, t, i, NULL);
	} else {
		r = dnstk_buf_add(&w, dnstk_rrtab_wire(t, i), e->wire_len);
		if (r == 0) {
			put32((uint8_t *)w.data + e->owner_len + 4, e->ttl);
		}
	}
	if (r == 0 && ldns_wire2rr(&rr, (uint8_t *)w.data, w.len, &pos,
	    LDNS_SECTION_ANSWER) != LDNS_STATUS_OK) {
		r = DNSTK_EINPUT;
	}
	dnstk_buf_release(&w);
	if (r == 0) {
		*out = rr;
	}
	return r;
}
