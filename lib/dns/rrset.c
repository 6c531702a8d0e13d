/* SPDX-License-Identifier: BSD-3-Clause */
/* RRsets and DNSSEC canonical form and order (RFC 4034 §6, RFC 6840 §5.1). */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"

#define NAME_MAX_WIRE 255
#define LABELS_MAX 128

/* ---- names ----------------------------------------------------------- */

/*
 * Find the start of every label of `name`; returns the label count
 * (root excluded) or -1 when the name is malformed.
 */
static int
label_starts(uint8_t starts[LABELS_MAX], const uint8_t *name, size_t len)
{
	size_t pos = 0;
	int n = 0;

	if (len == 0 || len > NAME_MAX_WIRE) {
		return -1;
	}
	while (pos < len && name[pos] != 0) {
		if ((name[pos] & 0xc0) != 0 || pos + 1 + name[pos] >= len ||
		    n >= LABELS_MAX) {
			return -1;
		}
		starts[n++] = (uint8_t)pos;
		pos += 1 + name[pos];
	}
	if (pos + 1 != len) {
		return -1;
	}
	return n;
}

static inline uint8_t
lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

/*
 * The key: labels from the right, each as its lowercased octets followed
 * by a 0x00 separator, then a final 0x00 for the end of the name.  So
 * that the separator sorts below every octet, octets 0x00 and 0x01 are
 * written as 0x01 0x01 and 0x01 0x02; all others as themselves.  A label
 * that is a prefix of another thus sorts first (absent octet first), and
 * a name that ends sorts before one with a further label.
 */
int
dnstk_name_key(struct dnstk_buf *out, const uint8_t *name, size_t len)
{
	uint8_t starts[LABELS_MAX], *p;
	size_t need = 1;
	int n, i, j;

	n = label_starts(starts, name, len);
	if (n < 0) {
		return DNSTK_EINPUT;
	}
	/* at most two bytes per octet plus a separator per label */
	need += 2 * len;
	if (dnstk_buf_grow(out, need) != 0) {
		return DNSTK_ENOMEM;
	}
	p = (uint8_t *)out->data + out->len;
	for (i = n - 1; i >= 0; i--) {
		const uint8_t *l = name + starts[i];

		for (j = 1; j <= l[0]; j++) {
			uint8_t c = lower(l[j]);

			if (c <= 1) {
				*p++ = 1;
				*p++ = (uint8_t)(c + 1);
			} else {
				*p++ = c;
			}
		}
		*p++ = 0;
	}
	*p++ = 0;
	out->len = (size_t)((char *)p - out->data);
	out->data[out->len] = '\0';
	return 0;
}

static int
key_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0) {
		return c;
	}
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int
dnstk_dname_canon_compare(const ldns_rdf *a, const ldns_rdf *b)
{
	struct dnstk_buf ka, kb;
	int c;

	dnstk_buf_init(&ka);
	dnstk_buf_init(&kb);
	if (dnstk_name_key(&ka, ldns_rdf_data(a), ldns_rdf_size(a)) != 0 ||
	    dnstk_name_key(&kb, ldns_rdf_data(b), ldns_rdf_size(b)) != 0) {
		c = key_compare(ldns_rdf_data(a), ldns_rdf_size(a),
		    ldns_rdf_data(b), ldns_rdf_size(b));
	} else {
		c = key_compare((uint8_t *)ka.data, ka.len,
		    (uint8_t *)kb.data, kb.len);
	}
	dnstk_buf_release(&ka);
	dnstk_buf_release(&kb);
	return c;
}

void
dnstk_name_lower(uint8_t *name, size_t len)
{
	size_t pos = 0, j;

	while (pos < len && name[pos] != 0 && (name[pos] & 0xc0) == 0) {
		for (j = pos + 1; j <= pos + name[pos] && j < len; j++) {
			name[j] = lower(name[j]);
		}
		pos += 1 + name[pos];
	}
}

size_t
dnstk_name_labels(const uint8_t *name, size_t len)
{
	uint8_t starts[LABELS_MAX];
	int n = label_starts(starts, name, len);

	return n < 0 ? 0 : (size_t)n;
}

/* ---- records --------------------------------------------------------- */

bool
dnstk_rr_type_lowercases(ldns_rr_type t)
{
	/*
	 * RFC 4034 §6.2 item 3, minus NSEC (RFC 6840 §5.1: the next name
	 * keeps its case; RFC 3755 had already dropped NXT-style
	 * lowercasing for NSEC), with RRSIG kept (its signer name is
	 * lowercased).  HINFO is on the list but holds no names.  Types
	 * defined later (RFC 3597 §7) are not lowercased.
	 */
	switch (t) {
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_MD:
	case LDNS_RR_TYPE_MF:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_SOA:
	case LDNS_RR_TYPE_MB:
	case LDNS_RR_TYPE_MG:
	case LDNS_RR_TYPE_MR:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_HINFO:
	case LDNS_RR_TYPE_MINFO:
	case LDNS_RR_TYPE_MX:
	case LDNS_RR_TYPE_RP:
	case LDNS_RR_TYPE_AFSDB:
	case LDNS_RR_TYPE_RT:
	case LDNS_RR_TYPE_SIG:
	case LDNS_RR_TYPE_PX:
	case LDNS_RR_TYPE_NXT:
	case LDNS_RR_TYPE_NAPTR:
	case LDNS_RR_TYPE_KX:
	case LDNS_RR_TYPE_SRV:
	case LDNS_RR_TYPE_DNAME:
	case LDNS_RR_TYPE_A6:
	case LDNS_RR_TYPE_RRSIG:
		return true;
	default:
		return false;
	}
}

/*
 * Append the rdata of `rr` (ldns keeps every rdf in wire form, so the
 * uncompressed rdata is their concatenation), lowercasing embedded names
 * when `canon` and the type needs it.  Returns 0, DNSTK_ENOMEM or
 * DNSTK_EINPUT (over 65535 bytes); `out` unchanged on error.
 */
static int
add_rdata(struct dnstk_buf *out, const ldns_rr *rr, bool canon)
{
	size_t i, n = ldns_rr_rd_count(rr), total = 0;
	bool low = canon && dnstk_rr_type_lowercases(ldns_rr_get_type(rr));
	const ldns_rdf *f;

	for (i = 0; i < n; i++) {
		f = ldns_rr_rdf(rr, i);
		if (f != NULL) {
			total += ldns_rdf_size(f);
		}
	}
	if (total > 65535) {
		return DNSTK_EINPUT;
	}
	if (dnstk_buf_grow(out, total) != 0) {
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		f = ldns_rr_rdf(rr, i);
		if (f == NULL) {
			continue;
		}
		memcpy(out->data + out->len, ldns_rdf_data(f),
		    ldns_rdf_size(f));
		if (low && ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME) {
			dnstk_name_lower((uint8_t *)out->data + out->len,
			    ldns_rdf_size(f));
		}
		out->len += ldns_rdf_size(f);
	}
	out->data[out->len] = '\0';
	return 0;
}

int
dnstk_rr_canon_rdata(struct dnstk_buf *out, const ldns_rr *rr)
{
	return add_rdata(out, rr, true);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Append owner, type, class, TTL, RDLENGTH and rdata of `rr`. */
static int
add_wire(struct dnstk_buf *out, const ldns_rr *rr, bool canon,
    const uint32_t *ttl)
{
	const ldns_rdf *owner = ldns_rr_owner(rr);
	size_t start = out->len, olen, rdstart;
	uint8_t fixed[10];
	int r;

	if (owner == NULL || ldns_rdf_get_type(owner) != LDNS_RDF_TYPE_DNAME) {
		return DNSTK_EINPUT;
	}
	olen = ldns_rdf_size(owner);
	if (dnstk_buf_add(out, ldns_rdf_data(owner), olen) != 0) {
		return DNSTK_ENOMEM;
	}
	if (canon) {
		dnstk_name_lower((uint8_t *)out->data + start, olen);
	}
	put16(fixed, (uint16_t)ldns_rr_get_type(rr));
	put16(fixed + 2, (uint16_t)ldns_rr_get_class(rr));
	put32(fixed + 4, ttl != NULL ? *ttl : ldns_rr_ttl(rr));
	put16(fixed + 8, 0);
	if (dnstk_buf_add(out, fixed, sizeof(fixed)) != 0) {
		dnstk_buf_truncate(out, start);
		return DNSTK_ENOMEM;
	}
	rdstart = out->len;
	r = add_rdata(out, rr, canon);
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return r;
	}
	put16((uint8_t *)out->data + rdstart - 2,
	    (uint16_t)(out->len - rdstart));
	return 0;
}

int
dnstk_rr_canon_wire(struct dnstk_buf *out, const ldns_rr *rr,
    const uint32_t *ttl)
{
	return add_wire(out, rr, true, ttl);
}

ldns_rr *
dnstk_rr_canonical(const ldns_rr *rr)
{
	ldns_rr *c = ldns_rr_clone(rr);
	ldns_rdf *f;
	size_t i;

	if (c == NULL) {
		return NULL;
	}
	/*
	 * Not ldns_rr2canonical: we keep our own list (RFC 6840 §5.1) so
	 * that the text, the wire form and the sort key always agree.
	 */
	if (ldns_rr_owner(c) != NULL) {
		ldns_dname2canonical(ldns_rr_owner(c));
	}
	if (dnstk_rr_type_lowercases(ldns_rr_get_type(c))) {
		for (i = 0; i < ldns_rr_rd_count(c); i++) {
			f = ldns_rr_rdf(c, i);
			if (f != NULL &&
			    ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME) {
				dnstk_name_lower(ldns_rdf_data(f),
				    ldns_rdf_size(f));
			}
		}
	}
	return c;
}

/* Append the sort key of `rr`; *okey_len gets the owner part's length. */
static int
add_key(struct dnstk_buf *out, const ldns_rr *rr, size_t *okey_len)
{
	const ldns_rdf *owner = ldns_rr_owner(rr);
	size_t start = out->len;
	uint8_t ct[4];
	int r;

	if (owner == NULL || ldns_rdf_get_type(owner) != LDNS_RDF_TYPE_DNAME) {
		return DNSTK_EINPUT;
	}
	r = dnstk_name_key(out, ldns_rdf_data(owner), ldns_rdf_size(owner));
	if (r != 0) {
		return r;
	}
	*okey_len = out->len - start;
	put16(ct, (uint16_t)ldns_rr_get_class(rr));
	put16(ct + 2, (uint16_t)ldns_rr_get_type(rr));
	if (dnstk_buf_add(out, ct, sizeof(ct)) != 0) {
		dnstk_buf_truncate(out, start);
		return DNSTK_ENOMEM;
	}
	r = add_rdata(out, rr, true);
	if (r != 0) {
		dnstk_buf_truncate(out, start);
	}
	return r;
}

int
dnstk_rr_canon_compare(const ldns_rr *a, const ldns_rr *b)
{
	struct dnstk_buf ka, kb;
	size_t oa, ob;
	int c = 0;

	dnstk_buf_init(&ka);
	dnstk_buf_init(&kb);
	if (add_key(&ka, a, &oa) == 0 && add_key(&kb, b, &ob) == 0) {
		c = key_compare((uint8_t *)ka.data, ka.len,
		    (uint8_t *)kb.data, kb.len);
	}
	dnstk_buf_release(&ka);
	dnstk_buf_release(&kb);
	return c;
}

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
	r = add_wire(&t->data, rr, false, NULL);
	if (r != 0) {
		return r;
	}
	e = &t->ent[t->n];
	e->off = start;
	e->wire_len = (uint32_t)(t->data.len - start);
	r = add_key(&t->data, rr, &okey);
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
static const struct dnstk_rrtab *sort_tab;

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

/* Static messages for *why: the label-count checks of RFC 4035 §5.3.1. */
static const char *const why_labels_over =
    "RRSIG Labels field exceeds the labels of its owner name "
    "(RFC 4035 section 5.3.1)";
static const char *const why_labels_under =
    "RRSIG Labels field is below the labels of its signer name: the "
    "wildcard it names lies outside the signer's zone "
    "(RFC 4035 section 5.3.1)";

/*
 * Check the RRSIG's label count `labels` against its owner (`nl` labels,
 * a leading "*" not counted) and its signer name (`slabels` labels): the
 * count may not exceed the owner's, and the wildcard owner it names
 * (RFC 4035 §5.3.2) must lie in the signer's zone, so it may not be below
 * the signer's.  Returns 0 or DNSTK_EINPUT with *why set.
 */
static int
check_labels(unsigned labels, int nl, size_t slabels, const char **why)
{
	if (labels > (unsigned)nl) {
		*why = why_labels_over;
		return DNSTK_EINPUT;
	}
	if (labels < slabels) {
		*why = why_labels_under;
		return DNSTK_EINPUT;
	}
	return 0;
}

int
dnstk_rrtab_signed_data(struct dnstk_buf *out, const struct dnstk_rrtab *t,
    size_t sig, size_t *count, const char **why)
{
	const struct dnstk_rrtab_ent *e = &t->ent[sig];
	const uint8_t *w = dnstk_rrtab_wire(t, sig), *rd;
	uint8_t starts[LABELS_MAX + 1], owner[NAME_MAX_WIRE + 2];
	size_t rdlen, slen, olen, i, end, start = out->len;
	uint32_t ottl;
	int nl, skip = 0, r;

	*count = 0;
	rd = dnstk_rrtab_canon_rdata(t, sig, &rdlen);
	if (dnstk_rrtab_type(t, sig) != LDNS_RR_TYPE_RRSIG || rdlen < 19) {
		*why = "not an RRSIG record";
		return DNSTK_EINPUT;
	}
	/* the signer name ends the part that is signed */
	slen = 0;
	while (18 + slen < rdlen && rd[18 + slen] != 0) {
		slen += 1u + rd[18 + slen];
	}
	slen++;
	if (18 + slen > rdlen) {
		*why = "RRSIG signer name runs past the RDATA";
		return DNSTK_EINPUT;
	}
	ottl = get32(rd + 4);

	/* owner: the RRSIG's, or the wildcard its label count names */
	memcpy(owner, w, e->owner_len);
	olen = e->owner_len;
	dnstk_name_lower(owner, olen);
	nl = label_starts(starts, owner, olen);
	if (nl < 0) {
		*why = "bad RRSIG owner name";
		return DNSTK_EINPUT;
	}
	/* the root label starts where the name ends: starts[nl] */
	starts[nl] = (uint8_t)(olen - 1);
	if (nl > 0 && owner[0] == 1 && owner[1] == '*') {
		nl--;
		skip = 1;
	}
	if (check_labels(rd[3], nl, dnstk_name_labels(rd + 18, slen),
	    why) != 0) {
		return DNSTK_EINPUT;
	}
	r = dnstk_rrtab_find(&i, t, w, e->owner_len,
	    dnstk_rrtab_class(t, sig), get16(rd));
	if (r != 0) {
		if (r == DNSTK_EINPUT) {
			*why = "RRSIG owner is not a valid name";
		}
		return r;
	}
	if (i == t->n) {
		return 0;
	}
	if (rd[3] < nl || skip) {
		/* keep the rightmost rd[3] labels (and the root) */
		size_t from = starts[nl + skip - rd[3]];

		owner[0] = 1;
		owner[1] = '*';
		memmove(owner + 2, owner + from, olen - from);
		olen = 2 + olen - from;
	}

	if (dnstk_buf_add(out, rd, 18 + slen) != 0) {
		return DNSTK_ENOMEM;
	}
	end = dnstk_rrtab_rrset_end(t, i);
	for (; i < end; i++) {
		const uint8_t *crd;
		size_t crdlen;
		uint8_t fixed[10];

		if (i > 0 && dnstk_rrtab_same_rr(t, i - 1, i) &&
		    *count > 0) {
			continue;	/* a duplicate is signed once */
		}
		crd = dnstk_rrtab_canon_rdata(t, i, &crdlen);
		memcpy(fixed, dnstk_rrtab_wire(t, i) + t->ent[i].owner_len, 4);
		put32(fixed + 4, ottl);
		put16(fixed + 8, (uint16_t)crdlen);
		if (dnstk_buf_add(out, owner, olen) != 0 ||
		    dnstk_buf_add(out, fixed, sizeof(fixed)) != 0 ||
		    dnstk_buf_add(out, crd, crdlen) != 0) {
			dnstk_buf_truncate(out, start);
			*count = 0;
			return DNSTK_ENOMEM;
		}
		(*count)++;
	}
	return 0;
}

/* ---- truncation ------------------------------------------------------- */

static size_t
msg_size(const struct dnstk_msg *m)
{
	size_t n = 12, i;
	int s;

	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		for (i = 0; i < ldns_rr_list_rr_count(m->sec[s]); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(m->sec[s], i);

			n += s == DNSTK_SEC_QUESTION ?
			    ldns_rdf_size(ldns_rr_owner(rr)) + 4u :
			    ldns_rr_uncompressed_size(rr);
		}
	}
	return n;
}

static bool
pinned(const ldns_rr *rr)
{
	ldns_rr_type t = ldns_rr_get_type(rr);

	return t == LDNS_RR_TYPE_OPT || t == LDNS_RR_TYPE_TSIG ||
	    (t == LDNS_RR_TYPE_SIG && ldns_rr_rd_count(rr) > 0);
}

static bool
same_rrset(const ldns_rr *a, const ldns_rr *b)
{
	return ldns_rr_get_type(a) == ldns_rr_get_type(b) &&
	    ldns_rr_get_class(a) == ldns_rr_get_class(b) &&
	    ldns_dname_compare(ldns_rr_owner(a), ldns_rr_owner(b)) == 0;
}

/* Remove every record of the RRset of `victim` from `list`. */
static void
drop_rrset(ldns_rr_list *list, const ldns_rr *victim)
{
	ldns_rr *keep = ldns_rr_clone(victim);
	size_t i = ldns_rr_list_rr_count(list), j, n;
	ldns_rr *rr;

	/* without memory for `keep`, still make progress: drop the one */
	n = i;
	for (i = n; i-- > 0;) {
		rr = ldns_rr_list_rr(list, i);
		if (rr == victim || (keep != NULL && same_rrset(rr, keep))) {
			for (j = i; j + 1 < ldns_rr_list_rr_count(list); j++) {
				ldns_rr_list_set_rr(list,
				    ldns_rr_list_rr(list, j + 1), j);
			}
			ldns_rr_list_set_rr_count(list,
			    ldns_rr_list_rr_count(list) - 1);
			ldns_rr_free(rr);
		}
	}
	ldns_rr_free(keep);
}

int
dnstk_rrset_fit(struct dnstk_msg *m, size_t limit, bool *tc)
{
	int s;
	size_t i;
	ldns_rr *victim;

	*tc = false;
	for (s = DNSTK_SEC_ADDITIONAL; s >= DNSTK_SEC_ANSWER; s--) {
		while (msg_size(m) > limit) {
			victim = NULL;
			for (i = ldns_rr_list_rr_count(m->sec[s]); i-- > 0;) {
				ldns_rr *rr = ldns_rr_list_rr(m->sec[s], i);

				if (s != DNSTK_SEC_ADDITIONAL || !pinned(rr)) {
					victim = rr;
					break;
				}
			}
			if (victim == NULL) {
				break;
			}
			drop_rrset(m->sec[s], victim);
			dnstk_msg_touch(m);
			if (s != DNSTK_SEC_ADDITIONAL) {
				*tc = true;
			}
		}
	}
	return msg_size(m) > limit ? DNSTK_EINPUT : 0;
}
