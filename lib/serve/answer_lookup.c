/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: what goes into an answer from the served zones. */
#include <string.h>

#include "serve/answer_int.h"

static bool
name_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i;

	if (alen != blen) {
		return false;
	}
	for (i = 0; i < alen; i++) {
		if (dnstk_su_lower(a[i]) != dnstk_su_lower(b[i])) {
			return false;
		}
	}
	return true;
}

static void
add(struct ans *a, unsigned sec, const struct dnstk_sz_zone *z,
    const struct dnstk_sz_rrset *s, const uint8_t *owner, size_t olen,
    unsigned flags)
{
	unsigned i;

	if (s == NULL || a->nit >= ITEMS_MAX) {
		return;
	}
	for (i = 0; i < a->nit; i++) {	/* never twice (RFC 2181 §5.5) */
		if (a->it[i].s == s && name_eq(a->it[i].owner, a->it[i].olen,
		    owner, olen)) {
			return;
		}
	}
	if (a->do_bit && z->secure && s->type != T_RRSIG) {
		flags |= IT_SIGS;
	}
	a->it[a->nit].z = z;
	a->it[a->nit].s = s;
	a->it[a->nit].owner = owner;
	a->it[a->nit].olen = (uint8_t)olen;
	a->it[a->nit].sec = (uint8_t)sec;
	a->it[a->nit].flags = (uint8_t)flags;
	a->nit++;
}

static const uint8_t *
node_name(const struct dnstk_sz_zone *z, uint32_t n, size_t *len)
{
	*len = z->node[n].name_len;
	return (const uint8_t *)z->data.data + z->node[n].name;
}

/* Add the RRset `type` of node n, owner its own name. */
static void
add_node_set(struct ans *a, unsigned sec, const struct dnstk_sz_zone *z,
    uint32_t n, uint16_t type, unsigned flags)
{
	size_t len;
	const uint8_t *name;

	if (n == DNSTK_SZ_NONE) {
		return;
	}
	name = node_name(z, n, &len);
	add(a, sec, z, dnstk_sz_rrset(z, n, type), name, len, flags);
}

static void
add_soa(struct ans *a, const struct dnstk_sz_zone *z)
{
	add_node_set(a, DNSTK_SEC_AUTHORITY, z, z->apex, T_SOA, IT_NEG_SOA);
}

static void
add_apex_ns(struct ans *a, const struct dnstk_sz_zone *z)
{
	add_node_set(a, DNSTK_SEC_AUTHORITY, z, z->apex, T_NS, IT_OPTIONAL);
}

/* Parent of a wire name (one label less). */
static const uint8_t *
parent_name(const uint8_t *n, size_t *len)
{
	size_t l = n[0];

	*len -= 1 + l;
	return n + 1 + l;
}

/* ---- NSEC3 proofs (RFC 5155 §7.2) ---------------------------------- */

static void
add_n3(struct ans *a, const struct dnstk_sz_zone *z, const uint8_t *name,
    size_t len, bool exact)
{
	uint8_t h[20];
	uint32_t n;

	if (dnstk_sz_nsec3_hash(z, name, len, h) != 0) {
		return;
	}
	n = dnstk_sz_nsec3_find(z, h, exact);
	add_node_set(a, DNSTK_SEC_AUTHORITY, z, n, T_NSEC3, 0);
}

/*
 * Closest encloser proof for `name` (not in the zone): the NSEC3 matching
 * the closest provable encloser and the one covering the next closer name.
 * Returns the closest encloser's length (its offset is len - that).
 */
static size_t
add_n3_ce_proof(struct ans *a, const struct dnstk_sz_zone *z,
    const uint8_t *name, size_t len)
{
	const uint8_t *nc = name, *ce = name;
	size_t nclen = len, celen = len;
	uint8_t h[20];

	while (celen > z->origin_len) {
		nc = ce;
		nclen = celen;
		ce = parent_name(ce, &celen);
		if (dnstk_sz_nsec3_hash(z, ce, celen, h) == 0 &&
		    dnstk_sz_nsec3_find(z, h, true) != DNSTK_SZ_NONE) {
			break;
		}
	}
	add_n3(a, z, ce, celen, true);
	if (nc != ce) {
		add_n3(a, z, nc, nclen, false);
	}
	return celen;
}

/* ---- lookups -------------------------------------------------------- */

/* A/AAAA for the target names of an RRset (NS, MX, SRV). */
static void
add_additional(struct ans *a, const struct dnstk_sz_zone *z,
    const struct dnstk_sz_rrset *s)
{
	size_t off, i;

	if (s->type == T_NS) {
		off = 0;
	} else if (s->type == T_MX) {
		off = 2;
	} else if (s->type == T_SRV) {
		off = 6;
	} else {
		return;
	}
	for (i = 0; i < s->nrr; i++) {
		const struct dnstk_sz_rr *r = &z->rr[s->rr + i];
		const uint8_t *rd = (const uint8_t *)z->data.data + r->off;
		const struct dnstk_sz_zone *tz = z;
		size_t nl;
		uint32_t n;

		if (r->len <= off) {
			continue;
		}
		nl = sa_rd_name_len(rd + off, r->len - off);
		if (nl == 0) {
			continue;
		}
		n = dnstk_sz_find(z, rd + off, nl);
		if (n == DNSTK_SZ_NONE) {
			tz = dnstk_sz_find_zone(a->c->zones, rd + off, nl,
			    NULL);
			n = tz == NULL ? DNSTK_SZ_NONE :
			    dnstk_sz_find(tz, rd + off, nl);
		}
		if (n == DNSTK_SZ_NONE ||
		    (tz->node[n].flags & DNSTK_SZN_NSEC3)) {
			continue;
		}
		add_node_set(a, DNSTK_SEC_ADDITIONAL, tz, n, T_A,
		    IT_OPTIONAL);
		add_node_set(a, DNSTK_SEC_ADDITIONAL, tz, n, T_AAAA,
		    IT_OPTIONAL);
	}
}

/* Referral at zone cut node d (RFC 1034 §4.3.2, RFC 4035 §3.1.4). */
static void
referral(struct ans *a, const struct dnstk_sz_zone *z, uint32_t d)
{
	const struct dnstk_sz_rrset *ds = dnstk_sz_rrset(z, d, T_DS);
	size_t len;
	const uint8_t *name = node_name(z, d, &len);

	a->aa = false;
	add_node_set(a, DNSTK_SEC_AUTHORITY, z, d, T_NS, 0);
	add_additional(a, z, dnstk_sz_rrset(z, d, T_NS));
	if (a->do_bit && z->secure) {
		if (ds != NULL) {
			add(a, DNSTK_SEC_AUTHORITY, z, ds, name, len, 0);
		} else if (!z->nsec3) {
			add_node_set(a, DNSTK_SEC_AUTHORITY, z, d, T_NSEC, 0);
		} else {
			uint8_t h[20];

			if (dnstk_sz_nsec3_hash(z, name, len, h) == 0 &&
			    dnstk_sz_nsec3_find(z, h, true) != DNSTK_SZ_NONE) {
				add_n3(a, z, name, len, true);
			} else {
				add_n3_ce_proof(a, z, name, len);
			}
		}
	}
}

/* NODATA at an existing node n (name/len), RFC 4035 §3.1.3.1. */
static void
nodata(struct ans *a, const struct dnstk_sz_zone *z, uint32_t n,
    const uint8_t *name, size_t len)
{
	add_soa(a, z);
	if (!a->do_bit || !z->secure) {
		return;
	}
	if (!z->nsec3) {
		if (dnstk_sz_rrset(z, n, T_NSEC) != NULL) {
			add_node_set(a, DNSTK_SEC_AUTHORITY, z, n, T_NSEC, 0);
		} else {
			add_node_set(a, DNSTK_SEC_AUTHORITY, z,
			    dnstk_sz_nsec_cover(z, name, len), T_NSEC, 0);
		}
		return;
	}
	{
		uint8_t h[20];

		if (dnstk_sz_nsec3_hash(z, name, len, h) == 0 &&
		    dnstk_sz_nsec3_find(z, h, true) != DNSTK_SZ_NONE) {
			add_n3(a, z, name, len, true);
		} else if (a->q->qtype == T_DS) {
			add_n3_ce_proof(a, z, name, len);	/* §7.2.4 */
		}
	}
}

/* The one RRset answering ANY (RFC 8482 §4.2), picked as NSD picks it. */
static const struct dnstk_sz_rrset *
any_pick(const struct ans *a, const struct dnstk_sz_zone *z, uint32_t n)
{
	const struct dnstk_sz_node *nd = &z->node[n];
	const struct dnstk_sz_rrset *normal = NULL, *other = NULL;
	size_t k;

	for (k = 0; k < nd->nset; k++) {
		const struct dnstk_sz_rrset *s = &z->set[nd->set + k];

		switch (s->type) {
		case T_NSEC3:
			break;
		case T_A:
		case T_AAAA:
		case T_SOA:
		case T_MX:
		case T_PTR:
			return s;
		case T_RRSIG:
			if (a->do_bit && z->secure) {
				break;
			}
			other = s;
			break;
		case T_DNSKEY:
		case T_NSEC:
			other = s;
			break;
		default:
			normal = s;
			break;
		}
	}
	return normal != NULL ? normal : other;
}

/*
 * Answer from node n (an exact match, or the wildcard node when `wild`)
 * for owner qname.  Returns true when a CNAME was followed.
 */
static void
answer_node(struct ans *a, const struct dnstk_sz_zone *z, uint32_t n,
    const uint8_t *qname, size_t qlen, unsigned depth, bool wild,
    uint32_t ce, const uint8_t *cename, size_t celen)
{
	uint16_t qtype = a->q->qtype;
	const struct dnstk_sz_rrset *s = NULL, *cn;
	size_t wlen;
	const uint8_t *wname = node_name(z, n, &wlen);

	cn = dnstk_sz_rrset(z, n, T_CNAME);
	if (qtype == T_ANY) {
		s = any_pick(a, z, n);
	} else {
		/*
		 * NSEC and RRSIG live beside a CNAME (RFC 4035 §2.5): asked
		 * for, they are the answer; NSEC3 never is (as NSD).
		 */
		s = dnstk_sz_rrset(z, n, qtype);
		if (s == NULL && cn != NULL && qtype != T_NSEC3) {
			s = cn;
		}
	}
	if (s == NULL) {
		if (!wild) {
			nodata(a, z, n, qname, qlen);
			return;
		}
		/* wildcard NODATA (RFC 4035 §3.1.3.4, RFC 5155 §7.2.5) */
		add_soa(a, z);
		if (a->do_bit && z->secure && !z->nsec3) {
			add_node_set(a, DNSTK_SEC_AUTHORITY, z, n, T_NSEC, 0);
			add_node_set(a, DNSTK_SEC_AUTHORITY, z,
			    dnstk_sz_nsec_cover(z, qname, qlen), T_NSEC, 0);
		} else if (a->do_bit && z->secure) {
			add_n3_ce_proof(a, z, qname, qlen);
			add_n3(a, z, wname, wlen, true);
		}
		(void)ce;
		(void)cename;
		(void)celen;
		return;
	}
	add(a, DNSTK_SEC_ANSWER, z, s, qname, qlen, 0);
	if (wild && a->do_bit && z->secure) {
		/* the proof that qname itself does not exist (§3.1.3.3) */
		if (!z->nsec3) {
			add_node_set(a, DNSTK_SEC_AUTHORITY, z,
			    dnstk_sz_nsec_cover(z, qname, qlen), T_NSEC, 0);
		} else {
			size_t nclen = qlen;
			const uint8_t *nc = qname;

			while (nclen > celen + 0 &&
			    nclen - (1 + nc[0]) > celen) {
				nc = parent_name(nc, &nclen);
			}
			add_n3(a, z, nc, nclen, false);
		}
	}
	if (s == cn && qtype != T_CNAME && qtype != T_ANY) {
		const uint8_t *rd = (const uint8_t *)z->data.data +
		    z->rr[s->rr].off;
		size_t tl = sa_rd_name_len(rd, z->rr[s->rr].len);
		const struct dnstk_sz_zone *tz;

		if (tl == 0 || depth >= CNAME_MAX) {
			return;
		}
		tz = dnstk_sz_find_zone(a->c->zones, rd, tl, NULL);
		if (tz != NULL) {
			sa_resolve(a, tz, rd, tl, depth + 1);
		}
		return;
	}
	add_additional(a, z, s);
	if (qtype != T_ANY && qtype != T_DS && qtype != T_DNSKEY) {
		add_apex_ns(a, z);
		add_additional(a, z, dnstk_sz_rrset(z, z->apex, T_NS));
	}
}

static void
nxdomain(struct ans *a, const struct dnstk_sz_zone *z, const uint8_t *qname,
    size_t qlen, const uint8_t *cename, size_t celen)
{
	uint8_t wc[256];

	a->rcode = RC_NXDOMAIN;
	add_soa(a, z);
	if (!a->do_bit || !z->secure) {
		return;
	}
	if (!z->nsec3) {
		add_node_set(a, DNSTK_SEC_AUTHORITY, z,
		    dnstk_sz_nsec_cover(z, qname, qlen), T_NSEC, 0);
		if (celen + 2 <= 255) {
			wc[0] = 1;
			wc[1] = '*';
			memcpy(wc + 2, cename, celen);
			add_node_set(a, DNSTK_SEC_AUTHORITY, z,
			    dnstk_sz_nsec_cover(z, wc, celen + 2), T_NSEC, 0);
		}
		return;
	}
	celen = add_n3_ce_proof(a, z, qname, qlen);
	cename = qname + qlen - celen;
	if (celen + 2 <= 255) {
		wc[0] = 1;
		wc[1] = '*';
		memcpy(wc + 2, cename, celen);
		add_n3(a, z, wc, celen + 2, false);
	}
}

/*
 * DNAME at node n, an ancestor of qname whose owner starts at qname +
 * off (RFC 6672 §3.2): the DNAME, a CNAME made from it (not signed) and
 * the answer for the new name when we serve it; YXDOMAIN when the new
 * name would be too long.
 */
static void
dname_answer(struct ans *a, const struct dnstk_sz_zone *z,
    const struct dnstk_sz_rrset *s, const uint8_t *qname, size_t qlen,
    size_t off, unsigned depth)
{
	const uint8_t *rd = (const uint8_t *)z->data.data + z->rr[s->rr].off;
	size_t tl = sa_rd_name_len(rd, z->rr[s->rr].len), nl = off + tl;
	const struct dnstk_sz_zone *tz;
	uint8_t *nn;

	add(a, DNSTK_SEC_ANSWER, z, s, qname + off, qlen - off, 0);
	if (tl == 0 || a->nsynth > CNAME_MAX || a->nit >= ITEMS_MAX) {
		return;
	}
	if (nl > 255) {
		a->rcode = RC_YXDOMAIN;
		return;
	}
	nn = a->synth[a->nsynth++];
	memcpy(nn, qname, off);
	memcpy(nn + off, rd, tl);
	a->it[a->nit].z = z;
	a->it[a->nit].s = NULL;
	a->it[a->nit].owner = qname;
	a->it[a->nit].olen = (uint8_t)qlen;
	a->it[a->nit].sec = DNSTK_SEC_ANSWER;
	a->it[a->nit].flags = 0;
	a->it[a->nit].rdata = nn;
	a->it[a->nit].rdlen = (uint16_t)nl;
	a->it[a->nit].ttl = z->rr[s->rr].ttl;
	a->nit++;
	if (depth >= CNAME_MAX) {
		return;
	}
	tz = dnstk_sz_find_zone(a->c->zones, nn, nl, NULL);
	if (tz != NULL) {
		sa_resolve(a, tz, nn, nl, depth + 1);
	}
}

/* Answer qname (lowercased or not) within zone z. */
void
sa_resolve(struct ans *a, const struct dnstk_sz_zone *z, const uint8_t *qname,
    size_t qlen, unsigned depth)
{
	size_t starts[128], nl = 0, pos = 0, zl = z->origin_labels;
	uint32_t ce = z->apex, n;
	size_t k;

	while (pos < qlen && qname[pos] != 0 && nl < 128) {
		starts[nl++] = pos;
		pos += 1 + qname[pos];
	}
	if (nl > zl && dnstk_sz_rrset(z, z->apex, T_DNAME) != NULL) {
		dname_answer(a, z, dnstk_sz_rrset(z, z->apex, T_DNAME), qname,
		    qlen, starts[nl - zl], depth);
		return;
	}
	/* walk down from the origin, label by label (one hash probe each) */
	for (k = nl - zl; k-- > 0;) {
		const uint8_t *nm = qname + starts[k];
		size_t len = qlen - starts[k];

		n = dnstk_sz_find(z, nm, len);
		if (n == DNSTK_SZ_NONE ||
		    (z->node[n].flags & DNSTK_SZN_NSEC3)) {
			break;
		}
		ce = n;
		if (z->node[n].flags & DNSTK_SZN_DELEG) {
			if (k == 0 && a->q->qtype == T_DS && depth == 0) {
				break;	/* DS is the parent side's */
			}
			referral(a, z, n);
			return;
		}
		if (k > 0 && dnstk_sz_rrset(z, n, T_DNAME) != NULL) {
			dname_answer(a, z, dnstk_sz_rrset(z, n, T_DNAME),
			    qname, qlen, starts[k], depth);
			return;
		}
	}
	if (k == (size_t)-1 || (k == 0 && ce != DNSTK_SZ_NONE &&
	    z->node[ce].name_len == qlen)) {
		answer_node(a, z, ce, qname, qlen, depth, false, ce, NULL, 0);
		return;
	}
	{
		size_t celen = z->node[ce].name_len;
		const uint8_t *cename = (const uint8_t *)z->data.data +
		    z->node[ce].name;
		uint8_t wc[256];
		uint32_t w = DNSTK_SZ_NONE;

		if (celen + 2 <= 255) {
			wc[0] = 1;
			wc[1] = '*';
			memcpy(wc + 2, cename, celen);
			w = dnstk_sz_find(z, wc, celen + 2);
		}
		if (w != DNSTK_SZ_NONE &&
		    !(z->node[w].flags & DNSTK_SZN_NSEC3)) {
			answer_node(a, z, w, qname, qlen, depth, true, ce,
			    cename, celen);
			return;
		}
		nxdomain(a, z, qname, qlen, cename, celen);
	}
}
