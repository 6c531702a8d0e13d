/* SPDX-License-Identifier: BSD-3-Clause */
/* Answer queries from the served zones; responses are built fresh in wire form. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dns/msg.h"
#include "serve/answer.h"
#include "serve/forward.h"

/*
 * The response is written straight into wire form, with name
 * compression, RRset by RRset: an RRset that does not fit is taken back
 * whole (RFC 2181 §9), so the record table's dnstk_rrset_fit (which works
 * on uncompressed dnstk_msg records) is not needed on this path.
 */

#define T_A 1
#define T_NS 2
#define T_CNAME 5
#define T_SOA 6
#define T_PTR 12
#define T_MX 15
#define T_AAAA 28
#define T_SRV 33
#define T_OPT 41
#define T_DNAME 39
#define T_DS 43
#define T_RRSIG 46
#define T_NSEC 47
#define T_DNSKEY 48
#define T_NSEC3 50
#define T_IXFR 251
#define T_AXFR 252
#define T_ANY 255

#define RC_NOERROR 0
#define RC_FORMERR 1
#define RC_SERVFAIL 2
#define RC_NXDOMAIN 3
#define RC_NOTIMP 4
#define RC_REFUSED 5
#define RC_YXDOMAIN 6
#define RC_NOTAUTH 9
#define RC_BADVERS 16
#define RC_BADCOOKIE 23

#define OPT_NSID 3
#define OPT_COOKIE 10
#define OPT_EDE 15

#define COMP_MAX 96
#define ITEMS_MAX 96
#define CNAME_MAX 8
#define AXFR_MSG 16384

/* ---- the query ------------------------------------------------------ */

struct query {
	uint16_t id;
	uint16_t flags;
	const uint8_t *qname;	/* as in the query (case kept) */
	size_t qname_len;
	uint8_t lname[255];	/* lowercased */
	uint16_t qtype;
	uint16_t qclass;
	size_t question_end;
	bool edns;
	uint16_t udp_size;
	uint8_t version;
	uint8_t ext_rcode;
	bool dnssec_ok;
	bool nsid;
	const uint8_t *cookie;
	size_t cookie_len;
};

static uint8_t
lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* Skip a possibly compressed name; new offset or 0 when malformed. */
static size_t
skip_name(const uint8_t *w, size_t len, size_t pos)
{
	size_t total = 0;

	while (pos < len) {
		uint8_t c = w[pos];

		if ((c & 0xc0) == 0xc0) {
			return pos + 2 <= len ? pos + 2 : 0;
		}
		if (c & 0xc0) {
			return 0;
		}
		total += c + 1;
		if (total > 255) {
			return 0;
		}
		if (c == 0) {
			return pos + 1;
		}
		pos += 1 + c;
	}
	return 0;
}

enum qparse {
	QP_OK = 0,
	QP_DROP,	/* no header, or a response: no answer at all */
	QP_FORMERR,	/* header readable, the rest is not */
	QP_FORMERR_Q,	/* question readable, the rest is not */
};

static enum qparse
query_parse(struct query *q, const uint8_t *w, size_t len)
{
	uint16_t qd, an, ns, ar, i;
	size_t pos = 12, k;
	int opts = 0;

	memset(q, 0, sizeof(*q));
	if (len < 12) {
		return QP_DROP;
	}
	q->id = (uint16_t)((w[0] << 8) | w[1]);
	q->flags = (uint16_t)((w[2] << 8) | w[3]);
	if (q->flags & 0x8000) {
		return QP_DROP;
	}
	qd = (uint16_t)((w[4] << 8) | w[5]);
	an = (uint16_t)((w[6] << 8) | w[7]);
	ns = (uint16_t)((w[8] << 8) | w[9]);
	ar = (uint16_t)((w[10] << 8) | w[11]);
	if (qd != 1) {
		return QP_FORMERR;
	}
	/* the question name: uncompressed (nothing earlier to point at) */
	while (pos < len && w[pos] != 0) {
		if ((w[pos] & 0xc0) != 0 || pos - 12 + 1 + w[pos] > 254) {
			return QP_FORMERR;
		}
		pos += 1 + w[pos];
	}
	if (pos + 5 > len) {
		return QP_FORMERR;
	}
	q->qname = w + 12;
	q->qname_len = pos + 1 - 12;
	for (k = 0; k < q->qname_len; k++) {
		q->lname[k] = lower(q->qname[k]);
	}
	pos++;
	q->qtype = (uint16_t)((w[pos] << 8) | w[pos + 1]);
	q->qclass = (uint16_t)((w[pos + 2] << 8) | w[pos + 3]);
	pos += 4;
	q->question_end = pos;
	if (an != 0 || ns != 0) {
		/* an OPT outside the additional section is FORMERR too */
		return QP_FORMERR_Q;
	}
	for (i = 0; i < ar; i++) {
		size_t start = pos, rdlen;
		uint16_t type;

		pos = skip_name(w, len, pos);
		if (pos == 0 || pos + 10 > len) {
			return QP_FORMERR_Q;
		}
		type = (uint16_t)((w[pos] << 8) | w[pos + 1]);
		rdlen = ((size_t)w[pos + 8] << 8) | w[pos + 9];
		if (pos + 10 + rdlen > len) {
			return QP_FORMERR_Q;
		}
		if (type == T_OPT) {
			const uint8_t *o = w + pos + 10;
			size_t op = 0;

			if (++opts > 1 || pos != start + 1 || w[start] != 0) {
				q->edns = false;
				return QP_FORMERR_Q;	/* RFC 6891 §6.1.1 */
			}
			q->edns = true;
			q->udp_size = (uint16_t)((w[pos + 2] << 8) | w[pos + 3]);
			q->ext_rcode = w[pos + 4];
			q->version = w[pos + 5];
			q->dnssec_ok = (w[pos + 6] & 0x80) != 0;
			while (op < rdlen) {
				uint16_t code, olen;

				if (op + 4 > rdlen) {
					return QP_FORMERR_Q;
				}
				code = (uint16_t)((o[op] << 8) | o[op + 1]);
				olen = (uint16_t)((o[op + 2] << 8) | o[op + 3]);
				if (op + 4 + olen > rdlen) {
					return QP_FORMERR_Q;
				}
				if (code == OPT_NSID) {
					q->nsid = true;
				} else if (code == OPT_COOKIE) {
					/* RFC 7873 §5.2.2 */
					if (olen != 8 && (olen < 16 ||
					    olen > 40)) {
						return QP_FORMERR_Q;
					}
					q->cookie = o + op + 4;
					q->cookie_len = olen;
				}
				op += 4u + olen;
			}
		}
		pos += 10 + rdlen;
	}
	if (pos != len) {
		return QP_FORMERR_Q;
	}
	return QP_OK;
}

/* ---- the packet writer ---------------------------------------------- */

struct pkt {
	uint8_t *b;
	size_t len;
	size_t limit;
	uint16_t cnt[4];
	uint16_t comp[COMP_MAX];
	unsigned ncomp;
};

/* Is the (maybe compressed) name at b[off] equal to `n` (uncompressed)? */
static bool
name_at_eq(const struct pkt *p, size_t off, const uint8_t *n, size_t nlen)
{
	size_t i = 0;
	int hops = 0;

	while (off < p->len && i < nlen) {
		uint8_t c = p->b[off];
		size_t k;

		if ((c & 0xc0) == 0xc0) {
			if (++hops > 64 || off + 1 >= p->len) {
				return false;
			}
			off = ((size_t)(c & 0x3f) << 8) | p->b[off + 1];
			continue;
		}
		if (c != n[i]) {
			return false;
		}
		if (c == 0) {
			return true;
		}
		if (off + 1 + c > p->len || i + 1 + c > nlen) {
			return false;
		}
		for (k = 1; k <= c; k++) {
			if (lower(p->b[off + k]) != lower(n[i + k])) {
				return false;
			}
		}
		off += 1 + c;
		i += 1 + c;
	}
	return false;
}

static bool
room(const struct pkt *p, size_t n)
{
	return p->len + n <= p->limit;
}

static void
put16(struct pkt *p, uint16_t v)
{
	p->b[p->len++] = (uint8_t)(v >> 8);
	p->b[p->len++] = (uint8_t)v;
}

static void
put32(struct pkt *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p, (uint16_t)v);
}

/* Write a name with compression; false when it does not fit. */
static bool
put_name(struct pkt *p, const uint8_t *n, size_t len, bool compress)
{
	size_t s = 0, k;
	unsigned c;

	while (compress && s < len && n[s] != 0) {
		for (c = 0; c < p->ncomp; c++) {
			if (name_at_eq(p, p->comp[c], n + s, len - s)) {
				if (!room(p, s + 2)) {
					return false;
				}
				for (k = 0; k < s;) {
					if (p->len + (k) < 0x3fff &&
					    p->ncomp < COMP_MAX) {
						p->comp[p->ncomp++] =
						    (uint16_t)(p->len + k);
					}
					k += 1 + n[k];
				}
				memcpy(p->b + p->len, n, s);
				p->len += s;
				put16(p, (uint16_t)(0xc000 | p->comp[c]));
				return true;
			}
		}
		s += 1 + n[s];
	}
	if (!room(p, len)) {
		return false;
	}
	for (k = 0; k < len && n[k] != 0;) {
		if (p->len + k < 0x3fff && p->ncomp < COMP_MAX) {
			p->comp[p->ncomp++] = (uint16_t)(p->len + k);
		}
		k += 1 + n[k];
	}
	memcpy(p->b + p->len, n, len);
	p->len += len;
	return true;
}

/* Length of the uncompressed name at d[0..len), or 0. */
static size_t
rd_name_len(const uint8_t *d, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		if (d[pos] == 0) {
			return pos + 1;
		}
		if (d[pos] & 0xc0) {
			return 0;
		}
		pos += 1 + d[pos];
	}
	return 0;
}

/* Write one record; false when it does not fit (caller rolls back). */
static bool
put_rr(struct pkt *p, const uint8_t *owner, size_t olen, uint16_t type,
    uint32_t ttl, const uint8_t *rd, size_t rdlen)
{
	size_t rdpos, n1, n2;

	if (!put_name(p, owner, olen, true) || !room(p, 10)) {
		return false;
	}
	put16(p, type);
	put16(p, 1);
	put32(p, ttl);
	put16(p, 0);
	rdpos = p->len;
	switch (type) {
	case T_NS:
	case T_CNAME:
	case T_PTR:
		n1 = rd_name_len(rd, rdlen);
		if (n1 == rdlen && n1 > 0) {
			if (!put_name(p, rd, n1, true)) {
				return false;
			}
			goto done;
		}
		break;
	case T_MX:
		n1 = rdlen > 2 ? rd_name_len(rd + 2, rdlen - 2) : 0;
		if (n1 > 0 && n1 + 2 == rdlen) {
			if (!room(p, 2)) {
				return false;
			}
			memcpy(p->b + p->len, rd, 2);
			p->len += 2;
			if (!put_name(p, rd + 2, n1, true)) {
				return false;
			}
			goto done;
		}
		break;
	case T_SOA:
		n1 = rd_name_len(rd, rdlen);
		n2 = n1 > 0 ? rd_name_len(rd + n1, rdlen - n1) : 0;
		if (n2 > 0 && n1 + n2 + 20 == rdlen) {
			if (!put_name(p, rd, n1, true) ||
			    !put_name(p, rd + n1, n2, true) || !room(p, 20)) {
				return false;
			}
			memcpy(p->b + p->len, rd + n1 + n2, 20);
			p->len += 20;
			goto done;
		}
		break;
	default:
		break;
	}
	if (!room(p, rdlen)) {
		return false;
	}
	memcpy(p->b + p->len, rd, rdlen);
	p->len += rdlen;
done:
	p->b[rdpos - 2] = (uint8_t)((p->len - rdpos) >> 8);
	p->b[rdpos - 1] = (uint8_t)(p->len - rdpos);
	return true;
}

/* ---- what goes into the answer -------------------------------------- */

enum {
	IT_SIGS = 1,		/* add the covering RRSIGs */
	IT_NEG_SOA = 2,		/* SOA of a negative answer: TTL min */
	IT_OPTIONAL = 4,	/* leave out without TC when it does not fit */
};

struct item {
	const struct dnstk_sz_zone *z;
	const struct dnstk_sz_rrset *s;	/* NULL: the synthesized CNAME */
	const uint8_t *owner;
	uint8_t olen;
	uint8_t sec;
	uint8_t flags;
	const uint8_t *rdata;	/* synthesized CNAME: target, TTL */
	uint16_t rdlen;
	uint32_t ttl;
};

struct ans {
	const struct dnstk_serve_conf *c;
	const struct query *q;
	bool do_bit;
	bool aa;
	unsigned rcode;
	struct item it[ITEMS_MAX];
	unsigned nit;
	uint8_t synth[CNAME_MAX + 1][256];	/* DNAME-made names */
	unsigned nsynth;
};

static bool
name_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i;

	if (alen != blen) {
		return false;
	}
	for (i = 0; i < alen; i++) {
		if (lower(a[i]) != lower(b[i])) {
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

static void resolve(struct ans *a, const struct dnstk_sz_zone *z,
    const uint8_t *qname, size_t qlen, unsigned depth);

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
		nl = rd_name_len(rd + off, r->len - off);
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
		size_t tl = rd_name_len(rd, z->rr[s->rr].len);
		const struct dnstk_sz_zone *tz;

		if (tl == 0 || depth >= CNAME_MAX) {
			return;
		}
		tz = dnstk_sz_find_zone(a->c->zones, rd, tl, NULL);
		if (tz != NULL) {
			resolve(a, tz, rd, tl, depth + 1);
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
	size_t tl = rd_name_len(rd, z->rr[s->rr].len), nl = off + tl;
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
		resolve(a, tz, nn, nl, depth + 1);
	}
}

/* Answer qname (lowercased or not) within zone z. */
static void
resolve(struct ans *a, const struct dnstk_sz_zone *z, const uint8_t *qname,
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

/* ---- EDNS, cookies -------------------------------------------------- */

int
dnstk_serve_conf_init(struct dnstk_serve_conf *c,
    const struct dnstk_sz_zones *zones)
{
	memset(c, 0, sizeof(*c));
	c->zones = zones;
	c->max_udp = DNSTK_SERVE_UDP_DEFAULT;
	if (getrandom(c->secret, sizeof(c->secret), 0) !=
	    (ssize_t)sizeof(c->secret)) {
		return -errno;
	}
	return 0;
}

/* hash[8] of the RFC 9018 §4.3 fields, with HMAC-SHA256 in place of SipHash. */
static void
cookie_hash(const struct dnstk_serve_conf *c, const uint8_t *client,
    const uint8_t *vrt, const struct sockaddr *peer, uint8_t out[8])
{
	uint8_t in[8 + 8 + 16], md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	size_t n = 16;

	memcpy(in, client, 8);
	memcpy(in + 8, vrt, 8);
	if (peer != NULL && peer->sa_family == AF_INET) {
		memcpy(in + n, &((const struct sockaddr_in *)peer)->sin_addr,
		    4);
		n += 4;
	} else if (peer != NULL && peer->sa_family == AF_INET6) {
		memcpy(in + n,
		    &((const struct sockaddr_in6 *)peer)->sin6_addr, 16);
		n += 16;
	}
	memset(md, 0, sizeof(md));
	HMAC(EVP_sha256(), c->secret, sizeof(c->secret), in, n, md, &mdlen);
	memcpy(out, md, 8);
}

static uint32_t
now32(const struct dnstk_serve_conf *c)
{
	return (uint32_t)(c->now != 0 ? c->now : (int64_t)time(NULL));
}

/* A new 16-octet server cookie: version 1, reserved, timestamp, hash. */
static void
cookie_make(const struct dnstk_serve_conf *c, const uint8_t *client,
    const struct sockaddr *peer, uint8_t out[16])
{
	uint32_t t = now32(c);

	out[0] = 1;
	out[1] = out[2] = out[3] = 0;
	out[4] = (uint8_t)(t >> 24);
	out[5] = (uint8_t)(t >> 16);
	out[6] = (uint8_t)(t >> 8);
	out[7] = (uint8_t)t;
	cookie_hash(c, client, out, peer, out + 8);
}

static bool
cookie_valid(const struct dnstk_serve_conf *c, const struct query *q,
    const struct sockaddr *peer)
{
	const uint8_t *sc = q->cookie + 8;
	uint8_t h[8];
	uint32_t t, now = now32(c);

	if (q->cookie_len != 24 || sc[0] != 1) {
		return false;
	}
	t = ((uint32_t)sc[4] << 24) | ((uint32_t)sc[5] << 16) |
	    ((uint32_t)sc[6] << 8) | sc[7];
	/* RFC 9018 §4.3: not more than an hour old, 5 minutes ahead */
	if ((int32_t)(now - t) > 3600 || (int32_t)(t - now) > 300) {
		return false;
	}
	cookie_hash(c, q->cookie, sc, peer, h);
	return memcmp(h, sc + 8, 8) == 0;
}

/* Size of our OPT record for query q. */
static size_t
opt_size(const struct dnstk_serve_conf *c, const struct query *q)
{
	size_t n = 11;

	if (q->nsid && c->nsid_len > 0) {
		n += 4 + c->nsid_len;
	}
	if (q->cookie != NULL) {
		n += 4 + 8 + 16;
	}
	return n;
}

static void
put_opt(struct pkt *p, const struct dnstk_serve_conf *c, const struct query *q,
    unsigned rcode, const struct sockaddr *peer,
    const struct dnstk_sval_verdict *ede)
{
	size_t rdpos;

	p->b[p->len++] = 0;
	put16(p, T_OPT);
	put16(p, c->max_udp);
	p->b[p->len++] = (uint8_t)(rcode >> 4);
	p->b[p->len++] = 0;	/* version 0 */
	put16(p, q->dnssec_ok ? 0x8000 : 0);
	put16(p, 0);
	rdpos = p->len;
	if (q->nsid && c->nsid_len > 0) {
		put16(p, OPT_NSID);
		put16(p, (uint16_t)c->nsid_len);
		memcpy(p->b + p->len, c->nsid, c->nsid_len);
		p->len += c->nsid_len;
	}
	if (q->cookie != NULL) {
		put16(p, OPT_COOKIE);
		put16(p, 24);
		memcpy(p->b + p->len, q->cookie, 8);
		p->len += 8;
		cookie_make(c, q->cookie, peer, p->b + p->len);
		p->len += 16;
	}
	if (ede != NULL && ede->ede != 0) {
		/* RFC 8914: INFO-CODE, then EXTRA-TEXT (UTF-8, no NUL) */
		size_t tl = strlen(ede->reason);

		put16(p, OPT_EDE);
		put16(p, (uint16_t)(2 + tl));
		put16(p, ede->ede);
		memcpy(p->b + p->len, ede->reason, tl);
		p->len += tl;
	}
	p->b[rdpos - 2] = (uint8_t)((p->len - rdpos) >> 8);
	p->b[rdpos - 1] = (uint8_t)(p->len - rdpos);
	p->cnt[DNSTK_SEC_ADDITIONAL]++;
}

/* ---- assembling ----------------------------------------------------- */

static void
put_header(struct pkt *p, const struct query *q, bool aa, bool tc,
    unsigned rcode)
{
	uint16_t f = 0x8000 | (q->flags & 0x7800) | (q->flags & 0x0100) |
	    (q->flags & 0x0010) | (rcode & 0xf);

	if (aa) {
		f |= 0x0400;
	}
	if (tc) {
		f |= 0x0200;
	}
	p->b[0] = (uint8_t)(q->id >> 8);
	p->b[1] = (uint8_t)q->id;
	p->b[2] = (uint8_t)(f >> 8);
	p->b[3] = (uint8_t)f;
	p->b[4] = 0;
	p->b[5] = q->qname != NULL ? 1 : 0;
	p->b[6] = (uint8_t)(p->cnt[1] >> 8);
	p->b[7] = (uint8_t)p->cnt[1];
	p->b[8] = (uint8_t)(p->cnt[2] >> 8);
	p->b[9] = (uint8_t)p->cnt[2];
	p->b[10] = (uint8_t)(p->cnt[3] >> 8);
	p->b[11] = (uint8_t)p->cnt[3];
}

static void
put_question(struct pkt *p, const struct query *q)
{
	p->len = 12;
	if (q->qname != NULL) {
		put_name(p, q->qname, q->qname_len, false);
		put16(p, q->qtype);
		put16(p, q->qclass);
	}
}

/* Write item i; false when it did not fit (rolled back). */
static bool
put_item(struct pkt *p, const struct item *it)
{
	const struct dnstk_sz_zone *z = it->z;
	const struct dnstk_sz_rrset *s = it->s;
	size_t mark = p->len, i;
	unsigned ncomp = p->ncomp;
	uint16_t n = 0;

	if (s == NULL) {	/* the CNAME a DNAME makes (RFC 6672 §3.3) */
		if (!put_rr(p, it->owner, it->olen, T_CNAME, it->ttl,
		    it->rdata, it->rdlen)) {
			return false;
		}
		p->cnt[it->sec]++;
		return true;
	}

	for (i = 0; i < s->nrr; i++) {
		const struct dnstk_sz_rr *r = &z->rr[s->rr + i];
		uint32_t ttl = (it->flags & IT_NEG_SOA) ? z->soa_ttl : r->ttl;

		if (!put_rr(p, it->owner, it->olen, s->type, ttl,
		    (const uint8_t *)z->data.data + r->off, r->len)) {
			goto undo;
		}
		n++;
	}
	for (i = 0; (it->flags & IT_SIGS) && i < s->nsig; i++) {
		const struct dnstk_sz_rr *r = &z->rr[s->sig + i];
		uint32_t ttl = (it->flags & IT_NEG_SOA) ? z->soa_ttl : r->ttl;

		if (!put_rr(p, it->owner, it->olen, T_RRSIG, ttl,
		    (const uint8_t *)z->data.data + r->off, r->len)) {
			goto undo;
		}
		n++;
	}
	p->cnt[it->sec] += n;
	return true;
undo:
	p->len = mark;
	p->ncomp = ncomp;
	return false;
}

/* Build the response for a parsed query into p. */
static void
build(struct ans *a, struct pkt *p)
{
	unsigned sec, i;
	bool tc = false, stop = false;

	/* the additional section: every A first, then AAAA (as NSD) */
	for (sec = DNSTK_SEC_ANSWER; sec <= DNSTK_SEC_ADDITIONAL + 1 && !stop;
	    sec++) {
		for (i = 0; i < a->nit && !stop; i++) {
			const struct item *it = &a->it[i];

			if (sec <= DNSTK_SEC_ADDITIONAL && it->sec != sec) {
				continue;
			}
			if (sec >= DNSTK_SEC_ADDITIONAL &&
			    (it->sec != DNSTK_SEC_ADDITIONAL ||
			    (it->s->type == T_A) !=
			    (sec == DNSTK_SEC_ADDITIONAL))) {
				continue;
			}
			if (put_item(p, it)) {
				continue;
			}
			/*
			 * RFC 2181 §9: TC only when needed data is missing,
			 * and then nothing more; optional data that does not
			 * fit is left out, and smaller RRsets after it may
			 * still go in (as NSD does).
			 */
			if (!(it->flags & IT_OPTIONAL) &&
			    sec < DNSTK_SEC_ADDITIONAL) {
				tc = true;
				stop = true;
			}
		}
	}
	put_header(p, a->q, a->aa, tc, a->rcode);
}

/* Append one AXFR message being built in p (see axfr). */
static void
axfr_end(struct pkt *p, const struct query *q, struct dnstk_buf *out,
    size_t base)
{
	put_header(p, q, true, false, 0);
	out->data[base] = (char)(p->len >> 8);
	out->data[base + 1] = (char)p->len;
	out->len = base + 2 + p->len;
	out->data[out->len] = '\0';
}

static int
axfr_begin(struct pkt *p, const struct query *q, struct dnstk_buf *out,
    size_t *base, bool question)
{
	if (dnstk_buf_grow(out, 2 + AXFR_MSG) != 0) {
		return DNSTK_ENOMEM;
	}
	*base = out->len;
	memset(p, 0, sizeof(*p));
	p->b = (uint8_t *)out->data + *base + 2;
	p->limit = AXFR_MSG;
	p->len = 12;
	if (question) {
		put_question(p, q);
	}
	return 0;
}

/* One record into the AXFR stream, starting a new message when full. */
static int
axfr_rr(struct pkt *p, const struct query *q, struct dnstk_buf *out,
    size_t *base, const struct dnstk_sz_zone *z, const uint8_t *name,
    size_t nlen, uint16_t type, const struct dnstk_sz_rr *rr)
{
	const uint8_t *rd = (const uint8_t *)z->data.data + rr->off;

	if (!put_rr(p, name, nlen, type, rr->ttl, rd, rr->len)) {
		axfr_end(p, q, out, *base);
		if (axfr_begin(p, q, out, base, false) != 0) {
			return DNSTK_ENOMEM;
		}
		if (!put_rr(p, name, nlen, type, rr->ttl, rd, rr->len)) {
			return DNSTK_EINPUT;
		}
	}
	p->cnt[DNSTK_SEC_ANSWER]++;
	return 0;
}

/* AXFR (RFC 5936) of zone z over TCP: every record, the SOA first and last. */
static int
axfr(const struct query *q, const struct dnstk_sz_zone *z,
    struct dnstk_buf *out)
{
	const struct dnstk_sz_rrset *soa = dnstk_sz_rrset(z, z->apex, T_SOA);
	const uint8_t *apex = z->origin;
	struct pkt p;
	size_t base, n, k, r;
	int rc;

	rc = axfr_begin(&p, q, out, &base, true);
	if (rc == 0) {
		rc = axfr_rr(&p, q, out, &base, z, apex, z->origin_len, T_SOA,
		    &z->rr[soa->rr]);
	}
	for (n = 0; n < z->nnode && rc == 0; n++) {
		const struct dnstk_sz_node *nd = &z->node[n];
		const uint8_t *name = (const uint8_t *)z->data.data + nd->name;

		for (k = 0; k < nd->nset && rc == 0; k++) {
			const struct dnstk_sz_rrset *s = &z->set[nd->set + k];

			for (r = 0; s != soa && r < s->nrr && rc == 0; r++) {
				rc = axfr_rr(&p, q, out, &base, z, name,
				    nd->name_len, s->type, &z->rr[s->rr + r]);
			}
		}
	}
	if (rc == 0) {
		rc = axfr_rr(&p, q, out, &base, z, apex, z->origin_len, T_SOA,
		    &z->rr[soa->rr]);
	}
	if (rc == 0) {
		axfr_end(&p, q, out, base);
	}
	return rc;
}

/*
 * The end of the RRset starting at record i of `l`: the records with its
 * owner and type, then the RRSIGs of that owner covering the type (as
 * upstream servers order them).
 */
static size_t
rrset_run(const ldns_rr_list *l, size_t i)
{
	size_t n = ldns_rr_list_rr_count(l), j = i + 1;
	const ldns_rr *a = ldns_rr_list_rr(l, i);
	ldns_rr_type t = ldns_rr_get_type(a);

	while (j < n) {
		const ldns_rr *b = ldns_rr_list_rr(l, j);
		ldns_rr_type bt = ldns_rr_get_type(b);

		if (ldns_dname_compare(ldns_rr_owner(a), ldns_rr_owner(b)) !=
		    0) {
			break;
		}
		if (bt == t || (bt == LDNS_RR_TYPE_RRSIG &&
		    t != LDNS_RR_TYPE_RRSIG &&
		    ldns_rr_rrsig_typecovered(b) != NULL &&
		    ldns_rdf2rr_type(ldns_rr_rrsig_typecovered(b)) == t)) {
			j++;
			continue;
		}
		break;
	}
	return j;
}

/* Write records [i, j) of `l` whole, or nothing (false). */
static bool
put_run(struct pkt *p, const ldns_rr_list *l, size_t i, size_t j,
    ldns_buffer *rd)
{
	size_t mark = p->len, k;
	unsigned ncomp = p->ncomp;

	for (k = i; k < j; k++) {
		const ldns_rr *rr = ldns_rr_list_rr(l, k);
		const ldns_rdf *o = ldns_rr_owner(rr);

		ldns_buffer_clear(rd);
		if (ldns_rr_rdata2buffer_wire(rd, rr) != LDNS_STATUS_OK ||
		    !put_rr(p, ldns_rdf_data(o), ldns_rdf_size(o),
		    (uint16_t)ldns_rr_get_type(rr), ldns_rr_ttl(rr),
		    ldns_buffer_begin(rd), ldns_buffer_position(rd))) {
			p->len = mark;
			p->ncomp = ncomp;
			return false;
		}
	}
	return true;
}

/* Is `t` a DNSSEC type a client without DO gets only when it asks? */
static bool
dnssec_only(uint16_t t)
{
	return t == T_RRSIG || t == T_NSEC || t == T_NSEC3;
}

/*
 * Answer q from the upstream (--forward): its records, whole RRsets that
 * fit (with compression, as for our own zones), without DNSSEC records unless the client set DO
 * or asked for the type (RFC 4035 §3.2.1), RA set, AA clear.  With
 * --validate (c->sval) and CD clear, the answer is judged first: bogus
 * gives SERVFAIL and an Extended DNS Error in *ede, secure sets AD for
 * clients that set DO or AD, anything else passes without AD.  AD is
 * never set on an answer not validated here.  Returns the RCODE;
 * SERVFAIL when the upstream gives no answer.
 */
static unsigned
forward(const struct dnstk_serve_conf *c, const struct query *q,
    struct pkt *p, struct dnstk_sval_verdict *ede)
{
	struct dnstk_buf resp;
	struct dnstk_msg *m = NULL;
	struct dnstk_err err;
	ldns_buffer *rd = NULL;
	unsigned rcode = RC_SERVFAIL, sec;
	bool tc = false, ad = false;
	size_t i;

	dnstk_buf_init(&resp);
	if (dnstk_fwd_query(c->fwd, q->qname, q->qname_len, q->qtype,
	    &resp) != 0 || dnstk_msg_from_wire(&m, (const uint8_t *)resp.data,
	    resp.len, &err) != 0) {
		goto out;
	}
	/* --validate, unless the client said CD (RFC 4035 §3.2.2) */
	if (c->sval != NULL && !(q->flags & DNSTK_FLAG_CD)) {
		uint32_t ttl = UINT32_MAX;

		for (sec = DNSTK_SEC_ANSWER; sec < DNSTK_SEC_COUNT; sec++) {
			for (i = 0; i < ldns_rr_list_rr_count(m->sec[sec]);
			    i++) {
				ldns_rr *rr = ldns_rr_list_rr(m->sec[sec], i);

				if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_OPT &&
				    ldns_rr_ttl(rr) < ttl) {
					ttl = ldns_rr_ttl(rr);
				}
			}
		}
		if (dnstk_sval_check(c->sval, q->qname, q->qname_len,
		    q->qtype, ttl == UINT32_MAX ? 0 : ttl, ede) != 0) {
			goto out;
		}
		if (ede->state == DNSTK_DNSSEC_BOGUS) {
			goto out;	/* SERVFAIL with the EDE */
		}
		ede->ede = 0;
		/* RFC 6840 §5.8: AD for clients that set DO or AD */
		ad = ede->state == DNSTK_DNSSEC_SECURE &&
		    (q->dnssec_ok || (q->flags & DNSTK_FLAG_AD));
	}
	for (sec = DNSTK_SEC_ANSWER; sec < DNSTK_SEC_COUNT; sec++) {
		ldns_rr_list *l = m->sec[sec];
		size_t n = ldns_rr_list_rr_count(l), kept = 0;

		for (i = 0; i < n; i++) {	/* keep the order */
			ldns_rr *rr = ldns_rr_list_rr(l, i);
			uint16_t t = (uint16_t)ldns_rr_get_type(rr);

			/*
			 * DS in a referral is DNSSEC data too (§3.1.4); a
			 * type asked for is kept in the answer section only.
			 */
			if (t == T_OPT || (!q->dnssec_ok && (dnssec_only(t) ||
			    (t == T_DS && sec == DNSTK_SEC_AUTHORITY)) &&
			    (t != q->qtype || sec != DNSTK_SEC_ANSWER))) {
				ldns_rr_free(rr);
			} else {
				ldns_rr_list_set_rr(l, rr, kept++);
			}
		}
		ldns_rr_list_set_rr_count(l, kept);
	}
	rd = ldns_buffer_new(512);
	if (rd == NULL) {
		goto out;
	}
	for (sec = DNSTK_SEC_ANSWER; sec < DNSTK_SEC_COUNT && !tc; sec++) {
		ldns_rr_list *l = m->sec[sec];
		size_t n = ldns_rr_list_rr_count(l), j;

		for (i = 0; i < n && !tc; i = j) {
			j = rrset_run(l, i);
			if (!put_run(p, l, i, j, rd)) {
				/* RFC 2181 §9, as for our own zones */
				if (sec != DNSTK_SEC_ADDITIONAL) {
					tc = true;
				}
				continue;
			}
			p->cnt[sec] += (uint16_t)(j - i);
		}
	}
	rcode = m->flags & 0xf;
out:
	if (rcode == RC_SERVFAIL) {
		p->cnt[1] = p->cnt[2] = p->cnt[3] = 0;
		p->len = q->question_end;
	}
	put_header(p, q, false, tc, rcode);
	p->b[3] |= 0x80;	/* RA: we recurse, through the upstream */
	if (ad && rcode != RC_SERVFAIL) {
		p->b[3] |= 0x20;	/* AD: validated here, secure */
	}
	ldns_buffer_free(rd);
	dnstk_msg_free(m);
	dnstk_buf_release(&resp);
	return rcode;
}

int
dnstk_serve_answer(const struct dnstk_serve_conf *c, const uint8_t *wire,
    size_t len, bool tcp, const struct sockaddr *peer, struct dnstk_buf *out,
    struct dnstk_serve_info *info)
{
	struct query q;
	struct ans a;
	struct pkt p;
	enum qparse qp;
	size_t base, limit, optsz = 0;
	bool with_opt = false, built = false;
	struct dnstk_sval_verdict ede;
	const struct dnstk_sz_zone *z;
	unsigned rcode = RC_NOERROR;

	memset(&ede, 0, sizeof(ede));
	qp = query_parse(&q, wire, len);
	if (info != NULL) {
		memset(info, 0, sizeof(*info));
		info->parsed = q.qname != NULL;
		if (q.qname != NULL) {
			memcpy(info->qname, q.qname, q.qname_len);
			info->qname_len = q.qname_len;
			info->qtype = q.qtype;
		}
		info->edns = q.edns;
		info->dnssec_ok = q.dnssec_ok;
	}
	if (qp == QP_DROP) {
		return 0;
	}
	if (dnstk_buf_grow(out, 2 + DNSTK_MSG_MAX) != 0) {
		return DNSTK_ENOMEM;
	}
	base = out->len;
	memset(&p, 0, sizeof(p));
	p.b = (uint8_t *)out->data + base + 2;
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.q = &q;
	a.do_bit = q.dnssec_ok;
	a.aa = false;
	if (qp == QP_FORMERR) {
		q.qname = NULL;	/* nothing readable to echo */
		q.edns = false;
	}
	with_opt = q.edns;
	if (with_opt) {
		optsz = opt_size(c, &q);
	}
	if (tcp) {
		limit = DNSTK_MSG_MAX;
	} else if (q.edns) {
		limit = q.udp_size < 512 ? 512 : q.udp_size;
		if (limit > c->max_udp) {
			limit = c->max_udp;
		}
	} else {
		limit = 512;
	}
	p.limit = limit - optsz;
	put_question(&p, &q);
	if (qp != QP_OK) {
		rcode = RC_FORMERR;
	} else if (q.edns && q.version > 0) {
		rcode = RC_BADVERS;	/* RFC 6891 §6.1.3 */
	} else if (q.edns && q.cookie != NULL && c->require_cookie && !tcp &&
	    !cookie_valid(c, &q, peer)) {
		rcode = RC_BADCOOKIE;	/* RFC 7873 §5.2.3 */
	} else if (((q.flags >> 11) & 0xf) == 4) {
		rcode = RC_REFUSED;	/* NOTIFY: we are nobody's secondary */
	} else if (((q.flags >> 11) & 0xf) != 0) {
		rcode = RC_NOTIMP;
	} else if (q.qclass != 1 && q.qclass != 255) {
		rcode = RC_REFUSED;
	} else if (q.qtype == T_AXFR || q.qtype == T_IXFR) {
		z = dnstk_sz_find_zone(c->zones, q.lname, q.qname_len, NULL);
		if (!tcp || q.qtype == T_IXFR) {
			rcode = RC_NOTIMP;
		} else if (z == NULL || z->origin_len != q.qname_len) {
			rcode = RC_NOTAUTH;
		} else {
			if (info != NULL) {
				info->rcode = 0;
			}
			return axfr(&q, z, out);
		}
	} else if (q.qtype == T_OPT || (q.qtype >= 128 && q.qtype < 255)) {
		rcode = RC_FORMERR;
	} else {
		z = dnstk_sz_find_zone(c->zones, q.lname, q.qname_len, NULL);
		if (z != NULL && q.qtype == T_DS &&
		    z->origin_len == q.qname_len) {
			const struct dnstk_sz_zone *pz = dnstk_sz_find_zone(
			    c->zones, q.lname, q.qname_len, z);

			if (pz != NULL) {
				z = pz;
			}
		}
		if (z == NULL && c->fwd != NULL) {
			rcode = forward(c, &q, &p, &ede);
			built = true;
		} else if (z == NULL) {
			rcode = RC_REFUSED;
		} else {
			a.aa = true;
			resolve(&a, z, q.qname, q.qname_len, 0);
			build(&a, &p);
			rcode = a.rcode;
			built = true;
		}
	}
	if (!built) {
		p.cnt[1] = p.cnt[2] = p.cnt[3] = 0;
		put_header(&p, &q, false, false, rcode);
	}
	if (with_opt) {
		p.limit = DNSTK_MSG_MAX;
		put_opt(&p, c, &q, rcode, peer, ede.ede != 0 ? &ede : NULL);
		p.b[10] = (uint8_t)(p.cnt[3] >> 8);
		p.b[11] = (uint8_t)p.cnt[3];
	}
	out->data[base] = (char)(p.len >> 8);
	out->data[base + 1] = (char)p.len;
	out->len = base + 2 + p.len;
	out->data[out->len] = '\0';
	if (info != NULL) {
		info->rcode = rcode;
		info->size = p.len;
		info->tc = (p.b[2] & 0x02) != 0;
	}
	return 0;
}
