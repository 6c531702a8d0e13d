/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: the packet writer, assembling a response, AXFR. */
#include <string.h>

#include "serve/answer_int.h"

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
			if (dnstk_su_lower(p->b[off + k]) !=
			    dnstk_su_lower(n[i + k])) {
				return false;
			}
		}
		off += 1 + c;
		i += 1 + c;
	}
	return false;
}

/* Write a name with compression; false when it does not fit. */
bool
sa_put_name(struct pkt *p, const uint8_t *n, size_t len, bool compress)
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
size_t
sa_rd_name_len(const uint8_t *d, size_t len)
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
bool
sa_put_rr(struct pkt *p, const uint8_t *owner, size_t olen, uint16_t type,
    uint32_t ttl, const uint8_t *rd, size_t rdlen)
{
	size_t rdpos, n1, n2;

	if (!sa_put_name(p, owner, olen, true) || !room(p, 10)) {
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
		n1 = sa_rd_name_len(rd, rdlen);
		if (n1 == rdlen && n1 > 0) {
			if (!sa_put_name(p, rd, n1, true)) {
				return false;
			}
			goto done;
		}
		break;
	case T_MX:
		n1 = rdlen > 2 ? sa_rd_name_len(rd + 2, rdlen - 2) : 0;
		if (n1 > 0 && n1 + 2 == rdlen) {
			if (!room(p, 2)) {
				return false;
			}
			memcpy(p->b + p->len, rd, 2);
			p->len += 2;
			if (!sa_put_name(p, rd + 2, n1, true)) {
				return false;
			}
			goto done;
		}
		break;
	case T_SOA:
		n1 = sa_rd_name_len(rd, rdlen);
		n2 = n1 > 0 ? sa_rd_name_len(rd + n1, rdlen - n1) : 0;
		if (n2 > 0 && n1 + n2 + 20 == rdlen) {
			if (!sa_put_name(p, rd, n1, true) ||
			    !sa_put_name(p, rd + n1, n2, true) || !room(p, 20)) {
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

/* ---- assembling ----------------------------------------------------- */

void
sa_put_header(struct pkt *p, const struct query *q, bool aa, bool tc,
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

void
sa_put_question(struct pkt *p, const struct query *q)
{
	p->len = 12;
	if (q->qname != NULL) {
		sa_put_name(p, q->qname, q->qname_len, false);
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
		if (!sa_put_rr(p, it->owner, it->olen, T_CNAME, it->ttl,
		    it->rdata, it->rdlen)) {
			return false;
		}
		p->cnt[it->sec]++;
		return true;
	}

	for (i = 0; i < s->nrr; i++) {
		const struct dnstk_sz_rr *r = &z->rr[s->rr + i];
		uint32_t ttl = (it->flags & IT_NEG_SOA) ? z->soa_ttl : r->ttl;

		if (!sa_put_rr(p, it->owner, it->olen, s->type, ttl,
		    (const uint8_t *)z->data.data + r->off, r->len)) {
			goto undo;
		}
		n++;
	}
	for (i = 0; (it->flags & IT_SIGS) && i < s->nsig; i++) {
		const struct dnstk_sz_rr *r = &z->rr[s->sig + i];
		uint32_t ttl = (it->flags & IT_NEG_SOA) ? z->soa_ttl : r->ttl;

		if (!sa_put_rr(p, it->owner, it->olen, T_RRSIG, ttl,
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
void
sa_build(struct ans *a, struct pkt *p)
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
	sa_put_header(p, a->q, a->aa, tc, a->rcode);
}

/* Append one AXFR message being built in p (see axfr). */
static void
axfr_end(struct pkt *p, const struct query *q, struct dnstk_buf *out,
    size_t base)
{
	sa_put_header(p, q, true, false, 0);
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
		sa_put_question(p, q);
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
	size_t mark = p->len;
	unsigned ncomp = p->ncomp;

	if (!sa_put_rr(p, name, nlen, type, rr->ttl, rd, rr->len)) {
		p->len = mark;	/* drop the part that did fit */
		p->ncomp = ncomp;
		axfr_end(p, q, out, *base);
		if (axfr_begin(p, q, out, base, true) != 0) {
			return DNSTK_ENOMEM;
		}
		if (!sa_put_rr(p, name, nlen, type, rr->ttl, rd, rr->len)) {
			return DNSTK_EINPUT;
		}
	}
	p->cnt[DNSTK_SEC_ANSWER]++;
	return 0;
}

/* AXFR (RFC 5936) of zone z over TCP: every record, the SOA first and last. */
int
sa_axfr(const struct query *q, const struct dnstk_sz_zone *z,
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
