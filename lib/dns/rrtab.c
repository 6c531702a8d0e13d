/* SPDX-License-Identifier: BSD-3-Clause */
/* Record tables: canonical order, RRsets, duplicates, TTLs (RFC 2181 §5). */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/rrtab_int.h"

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

/* Room for one more entry. */
static int
ent_room(struct dnstk_rrtab *t)
{
	struct dnstk_rrtab_ent *e;

	e = dnstk_array_grow(t->ent, t->n, &t->cap, sizeof(*e), 1024);
	if (e == NULL) {
		return DNSTK_ENOMEM;
	}
	t->ent = e;
	return 0;
}

int
dnstk_rrtab_reserve(struct dnstk_rrtab *t, size_t records, size_t bytes)
{
	struct dnstk_rrtab_ent *e;

	while (t->cap - t->n < records) {	/* room past n + records */
		e = dnstk_array_grow(t->ent, t->cap, &t->cap, sizeof(*e), 1024);
		if (e == NULL) {
			return DNSTK_ENOMEM;
		}
		t->ent = e;
	}
	return dnstk_buf_grow(&t->data, bytes);
}

bool
dnstk_rrtab_has_room(const struct dnstk_rrtab *t, size_t records,
    size_t bytes)
{
	return t->cap - t->n >= records && t->data.cap > t->data.len + bytes;
}

/*
 * The entry whose wire form starts at `start` and whose key prefix
 * follows it in t->data, then the canonical RDATA when `copied` (else
 * it is the wire RDATA): drop a copy equal to the wire RDATA, and fill
 * in the entry.
 */
static void
ent_finish(struct dnstk_rrtab *t, size_t start, size_t wire_len,
    size_t owner_len, size_t okey, uint32_t ttl, uint32_t src, uint32_t line,
    bool copied)
{
	struct dnstk_rrtab_ent *e = &t->ent[t->n];
	const uint8_t *w = (const uint8_t *)t->data.data + start;
	size_t rdlen = wire_len - owner_len - 10, klen = okey + 4 + rdlen;
	bool split = copied;

	if (copied) {
		klen = t->data.len - start - wire_len;
	}

	if (copied && memcmp(w + owner_len + 10, w + wire_len + okey + 4,
	    rdlen) == 0) {
		dnstk_buf_truncate(&t->data, start + wire_len + okey + 4);
		split = false;
	}
	e->off = start;
	e->wire_len = (uint32_t)wire_len;
	e->key_len = (uint32_t)klen;
	e->split = split;
	e->owner_len = (uint16_t)owner_len;
	e->okey_len = (uint16_t)okey;
	e->ttl = ttl;
	e->src = src;
	e->line = line;
	t->n++;
}

int
dnstk_rrtab_add(struct dnstk_rrtab *t, const ldns_rr *rr, uint32_t src,
    uint32_t line)
{
	size_t start = t->data.len, okey = 0, wire_len;
	int r;

	if ((r = ent_room(t)) != 0) {
		return r;
	}
	r = dnstk_rr_wire_append(&t->data, rr, false, NULL);
	if (r != 0) {
		return r;
	}
	wire_len = t->data.len - start;
	r = dnstk_rr_key_append(&t->data, rr, &okey);
	if (r != 0) {
		dnstk_buf_truncate(&t->data, start);
		return r;
	}
	ent_finish(t, start, wire_len, ldns_rdf_size(ldns_rr_owner(rr)), okey,
	    ldns_rr_ttl(rr), src, line, true);
	return 0;
}

/*
 * Where the names of a type's RDATA are, for the types whose names are
 * lowercased in canonical form: `pre` fixed octets, then `names` names,
 * then anything.  False for the layouts not listed (those go through
 * ldns).
 */
static bool
name_layout(uint16_t type, size_t *pre, int *names)
{
	switch (type) {
	case LDNS_RR_TYPE_NS: case LDNS_RR_TYPE_MD: case LDNS_RR_TYPE_MF:
	case LDNS_RR_TYPE_CNAME: case LDNS_RR_TYPE_MB: case LDNS_RR_TYPE_MG:
	case LDNS_RR_TYPE_MR: case LDNS_RR_TYPE_PTR: case LDNS_RR_TYPE_DNAME:
		*pre = 0;
		*names = 1;
		return true;
	case LDNS_RR_TYPE_SOA: case LDNS_RR_TYPE_MINFO: case LDNS_RR_TYPE_RP:
		*pre = 0;
		*names = 2;
		return true;
	case LDNS_RR_TYPE_MX: case LDNS_RR_TYPE_AFSDB: case LDNS_RR_TYPE_RT:
	case LDNS_RR_TYPE_KX:
		*pre = 2;
		*names = 1;
		return true;
	case LDNS_RR_TYPE_SRV:
		*pre = 6;
		*names = 1;
		return true;
	case LDNS_RR_TYPE_RRSIG:
		*pre = 18;
		*names = 1;
		return true;
	case LDNS_RR_TYPE_HINFO:
		*pre = 0;
		*names = 0;
		return true;
	default:
		*pre = 0;
		*names = 0;
		return !dnstk_rr_type_lowercases(type);
	}
}

/* Length of the uncompressed wire name at p (at most len), or 0. */
static size_t
wire_name_len(const uint8_t *p, size_t len)
{
	size_t pos = 0;

	while (pos < len && p[pos] != 0) {
		if ((p[pos] & 0xc0) != 0) {
			return 0;
		}
		pos += 1u + p[pos];
	}
	return pos < len && pos < 255 ? pos + 1 : 0;
}

/* Any capital letter in the wire name at p (length len)?  Label
 * lengths (at most 63) are never letters. */
static bool
has_capital(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] >= 'A' && p[i] <= 'Z') {
			return true;
		}
	}
	return false;
}

/*
 * Append the canonical form of RDATA rd[0..len) of `type`: 1 done, 2
 * when it is rd itself (nothing appended: no name in it has a
 * capital), 0 when the layout is not one known here or the names do not
 * parse, or DNSTK_ENOMEM.  `out` unchanged unless 1.
 */
static int
canon_rdata_wire(struct dnstk_buf *out, uint16_t type, const uint8_t *rd,
    size_t len)
{
	size_t pre, pos, nl, start = out->len;
	int names, k;
	bool capital = false;

	if (!name_layout(type, &pre, &names)) {
		return 0;
	}
	if (len < pre) {
		return 0;
	}
	for (pos = pre, k = 0; k < names; k++, pos += nl) {
		nl = wire_name_len(rd + pos, len - pos);
		if (nl == 0) {
			return 0;
		}
		capital = capital || has_capital(rd + pos, nl);
	}
	if (!capital) {
		return 2;
	}
	if (dnstk_buf_add(out, rd, len) != 0) {
		return DNSTK_ENOMEM;
	}
	for (pos = pre, k = 0; k < names; k++, pos += nl) {
		nl = wire_name_len(rd + pos, len - pos);
		dnstk_name_lower((uint8_t *)out->data + start + pos, nl);
	}
	return 1;
}

/*
 * A record is being added after its wire form (t->data): when its owner
 * w[0..wl) is the last entry's, written alike (a name's records come
 * together), append that entry's owner key instead of making it again.
 * 1 done, 0 not the same owner, DNSTK_ENOMEM.
 */
static int
owner_key_again(struct dnstk_rrtab *t, const uint8_t *w, size_t wl)
{
	const struct dnstk_rrtab_ent *pe;
	size_t ok;

	if (t->n == 0) {
		return 0;
	}
	pe = &t->ent[t->n - 1];
	ok = pe->okey_len;
	if (pe->owner_len != wl || memcmp(ent_wire(t, pe), w, wl) != 0) {
		return 0;
	}
	if (dnstk_buf_grow(&t->data, ok) != 0) {
		return DNSTK_ENOMEM;
	}
	/* after the grow: the data may have moved */
	memcpy(t->data.data + t->data.len, ent_prefix(t, pe), ok);
	t->data.len += ok;
	t->data.data[t->data.len] = '\0';
	return 1;
}

int
dnstk_rrtab_add_wire(struct dnstk_rrtab *t, const uint8_t *wire, size_t len,
    uint32_t src, uint32_t line)
{
	size_t start = t->data.len, olen, okey, pos = 0;
	ldns_rr *rr = NULL;
	uint8_t ct[4];
	bool copied = false;
	int r;

	olen = wire_name_len(wire, len);
	if (olen == 0 || len < olen + 10 ||
	    get16(wire + olen + 8) != len - olen - 10) {
		return DNSTK_EINPUT;
	}
	if ((r = ent_room(t)) != 0) {
		return r;
	}
	if (dnstk_buf_add(&t->data, wire, len) != 0) {
		return DNSTK_ENOMEM;
	}
	r = owner_key_again(t, wire, olen);
	if (r == 1) {
		r = 0;	/* the owner of the record before: its key copied */
	} else if (r == 0) {
		r = dnstk_name_key(&t->data, wire, olen);
	}
	okey = t->data.len - start - len;
	put16(ct, get16(wire + olen + 2));
	put16(ct + 2, get16(wire + olen));
	if (r == 0) {
		r = dnstk_buf_add(&t->data, ct, 4) != 0 ? DNSTK_ENOMEM : 0;
	}
	if (r == 0) {
		r = canon_rdata_wire(&t->data, get16(wire + olen),
		    wire + olen + 10, len - olen - 10);
		copied = r == 1;
		r = r == 1 || r == 2 ? 0 : r == 0 ? DNSTK_EINPUT : r;
	}
	if (r == DNSTK_EINPUT) {
		/* a layout not known here: the canonical RDATA by ldns */
		dnstk_buf_truncate(&t->data, start);
		if (ldns_wire2rr(&rr, wire, len, &pos, LDNS_SECTION_ANSWER) !=
		    LDNS_STATUS_OK) {
			return DNSTK_EINPUT;
		}
		r = dnstk_rrtab_add(t, rr, src, line);
		ldns_rr_free(rr);
		return r;
	}
	if (r != 0) {
		dnstk_buf_truncate(&t->data, start);
		return r;
	}
	ent_finish(t, start, len, olen, okey, get32(wire + olen + 4), src,
	    line, copied);
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
	return ent_prefix(t, &t->ent[i]);
}

const uint8_t *
dnstk_rrtab_canon_rdata(const struct dnstk_rrtab *t, size_t i, size_t *len)
{
	const struct dnstk_rrtab_ent *e = &t->ent[i];

	*len = e->key_len - e->okey_len - 4u;
	return ent_crd(t, e);
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


int
dnstk_rrtab_key_cmp(const struct dnstk_rrtab *t, size_t i, size_t j)
{
	return ent_key_cmp(t, &t->ent[i], &t->ent[j]);
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

	return a->key_len == b->key_len && ent_key_cmp(t, a, b) == 0;
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
		if (i + SORT_AHEAD < t->n) {
			key_prefetch(t, i + SORT_AHEAD);
		}
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

/* Does entry i's key head come before `key` (plen bytes)? */
static bool
head_before(const struct dnstk_rrtab *t, size_t i, const uint8_t *key,
    size_t plen)
{
	size_t klen = t->ent[i].okey_len + 4u;	/* the contiguous part */
	int c = memcmp(dnstk_rrtab_key(t, i), key, klen < plen ? klen : plen);

	return c < 0 || (c == 0 && klen < plen);
}

/*
 * Where the last search of this thread ended, in which table: lookups
 * come in table order (each RRSIG's RRset, name by name), so a search
 * that gallops out from there touches a few nearby entries instead of
 * some twenty cache lines across the table.
 */
static _Thread_local struct {
	const struct dnstk_rrtab *t;
	size_t at;
} finger;

/* The first entry whose key head is not before `key`. */
static size_t
lower_bound(const struct dnstk_rrtab *t, const uint8_t *key, size_t plen)
{
	size_t f = finger.t == t && finger.at <= t->n ? finger.at : t->n / 2;
	size_t lo, hi, step, mid;

	if (f < t->n && head_before(t, f, key, plen)) {
		lo = f + 1;
		hi = t->n;
		for (step = 1; f + step < t->n; step *= 2) {
			if (!head_before(t, f + step, key, plen)) {
				hi = f + step;
				break;
			}
			lo = f + step + 1;
		}
	} else {
		hi = f;
		lo = 0;
		for (step = 1; step <= f; step *= 2) {
			if (head_before(t, f - step, key, plen)) {
				lo = f - step + 1;
				break;
			}
			hi = f - step;
		}
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (head_before(t, mid, key, plen)) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	finger.t = t;
	finger.at = lo;
	return lo;
}

int
dnstk_rrtab_find(size_t *out, const struct dnstk_rrtab *t,
    const uint8_t *owner, size_t owner_len, uint16_t rr_class,
    uint16_t type)
{
	struct dnstk_buf k;
	size_t lo, plen;
	uint8_t ct[4];
	int c;

	put16(ct, rr_class);
	put16(ct + 2, type);
	if (owner_len <= 255) {
		/* the usual case, without an allocation: a hot path */
		uint8_t kb[2 * 255 + 1 + sizeof(ct)];

		plen = dnstk_name_key_to(kb, owner, owner_len);
		if (plen == 0) {
			return DNSTK_EINPUT;
		}
		memcpy(kb + plen, ct, sizeof(ct));
		plen += sizeof(ct);
		lo = lower_bound(t, kb, plen);
		if (lo < t->n && (t->ent[lo].okey_len + 4u != plen ||
		    memcmp(dnstk_rrtab_key(t, lo), kb, plen) != 0)) {
			lo = t->n;
		}
		*out = lo;
		return 0;
	}
	dnstk_buf_init(&k);
	c = dnstk_name_key(&k, owner, owner_len);
	if (c == 0 && dnstk_buf_add(&k, ct, sizeof(ct)) != 0) {
		c = DNSTK_ENOMEM;
	}
	if (c != 0) {
		dnstk_buf_release(&k);
		return c;
	}
	plen = k.len;
	lo = lower_bound(t, (const uint8_t *)k.data, plen);
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
		r = dnstk_buf_add(&w, dnstk_rrtab_wire(t, i), wlen(e));
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
