/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC canonical names and records (RFC 4034 §6, RFC 6840 §5.1). */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/canon_int.h"

/* ---- names ----------------------------------------------------------- */

/*
 * Find the start of every label of `name`; returns the label count
 * (root excluded) or -1 when the name is malformed.
 */
int
dnstk_name_label_starts(uint8_t starts[DNSTK_LABELS_MAX], const uint8_t *name,
    size_t len)
{
	size_t pos = 0;
	int n = 0;

	if (len == 0 || len > DNSTK_NAME_MAX_WIRE) {
		return -1;
	}
	while (pos < len && name[pos] != 0) {
		if ((name[pos] & 0xc0) != 0 || pos + 1 + name[pos] >= len ||
		    n >= DNSTK_LABELS_MAX) {
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
/* The key of `name`, its `n` labels starting at `starts`, into `p`;
 * returns the end of what was written. */
static inline uint8_t *
key_of_labels(uint8_t *p, const uint8_t *name, const uint8_t *starts, int n)
{
	int i, j;

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
	return p;
}

int
dnstk_name_key(struct dnstk_buf *out, const uint8_t *name, size_t len)
{
	uint8_t starts[DNSTK_LABELS_MAX], *p;
	int n;

	n = dnstk_name_label_starts(starts, name, len);
	if (n < 0) {
		return DNSTK_EINPUT;
	}
	/* at most two bytes per octet plus a separator per label */
	if (dnstk_buf_grow(out, 2 * len + 1) != 0) {
		return DNSTK_ENOMEM;
	}
	p = key_of_labels((uint8_t *)out->data + out->len, name, starts, n);
	out->len = (size_t)((char *)p - out->data);
	out->data[out->len] = '\0';
	return 0;
}

size_t
dnstk_name_key_to(uint8_t *out, const uint8_t *name, size_t len)
{
	uint8_t starts[DNSTK_LABELS_MAX];
	int n = dnstk_name_label_starts(starts, name, len);

	return n < 0 ? 0 : (size_t)(key_of_labels(out, name, starts, n) - out);
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
	uint8_t starts[DNSTK_LABELS_MAX];
	int n = dnstk_name_label_starts(starts, name, len);

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

/* Append owner, type, class, TTL, RDLENGTH and rdata of `rr`. */
int
dnstk_rr_wire_append(struct dnstk_buf *out, const ldns_rr *rr, bool canon,
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
	return dnstk_rr_wire_append(out, rr, true, ttl);
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
int
dnstk_rr_key_append(struct dnstk_buf *out, const ldns_rr *rr,
    size_t *okey_len)
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
	if (dnstk_rr_key_append(&ka, a, &oa) == 0 && dnstk_rr_key_append(&kb, b, &ob) == 0) {
		c = key_compare((uint8_t *)ka.data, ka.len,
		    (uint8_t *)kb.data, kb.len);
	}
	dnstk_buf_release(&ka);
	dnstk_buf_release(&kb);
	return c;
}
