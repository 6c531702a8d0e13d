/* SPDX-License-Identifier: BSD-3-Clause */
/* Answer queries from the served zones; responses are built fresh in wire form. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "serve/answer_int.h"

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

/* What `info` says about the question, before any answer. */
static void
note_query(struct dnstk_serve_info *info, const struct query *q)
{
	memset(info, 0, sizeof(*info));
	info->parsed = q->qname != NULL;
	if (q->qname != NULL) {
		memcpy(info->qname, q->qname, q->qname_len);
		info->qname_len = q->qname_len;
		info->qtype = q->qtype;
	}
	info->edns = q->edns;
	info->dnssec_ok = q->dnssec_ok;
}

/* The largest response: TCP's, or the UDP size both sides accept. */
static size_t
size_limit(const struct dnstk_serve_conf *c, const struct query *q, bool tcp)
{
	size_t limit;

	if (tcp) {
		return DNSTK_MSG_MAX;
	}
	if (!q->edns) {
		return 512;
	}
	limit = q->udp_size < 512 ? 512 : q->udp_size;
	return limit > c->max_udp ? c->max_udp : limit;
}

/*
 * The RCODE of a query answered without a lookup, in this order, or
 * NOERROR: FORMERR, BADVERS (RFC 6891 §6.1.3), BADCOOKIE (RFC 7873
 * §5.2.3), REFUSED for NOTIFY (we are nobody's secondary), NOTIMP for
 * other opcodes, REFUSED for classes other than IN and ANY, FORMERR for
 * OPT and meta types other than AXFR and IXFR.
 */
static unsigned
refusal(const struct dnstk_serve_conf *c, const struct query *q,
    enum qparse qp, bool tcp, const struct sockaddr *peer)
{
	unsigned opcode = (q->flags >> 11) & 0xf;

	if (qp != QP_OK) {
		return RC_FORMERR;
	}
	if (q->edns && q->version > 0) {
		return RC_BADVERS;
	}
	if (q->edns && q->cookie != NULL && c->require_cookie && !tcp &&
	    !sa_cookie_valid(c, q, peer)) {
		return RC_BADCOOKIE;
	}
	if (opcode == 4) {
		return RC_REFUSED;
	}
	if (opcode != 0) {
		return RC_NOTIMP;
	}
	if (q->qclass != 1 && q->qclass != 255) {
		return RC_REFUSED;
	}
	if (q->qtype == T_OPT || (q->qtype >= 128 && q->qtype < 255 &&
	    q->qtype != T_AXFR && q->qtype != T_IXFR)) {
		return RC_FORMERR;
	}
	return RC_NOERROR;
}

/*
 * Answer q from our zones, or from the upstream for names outside them
 * (RFC 4035 §3.1.4.1: DS at a zone's apex from the parent zone we
 * serve).  Returns the RCODE; *built when p holds a whole response.
 */
static unsigned
lookup(const struct dnstk_serve_conf *c, const struct query *q,
    struct pkt *p, struct dnstk_sval_verdict *ede, bool *built)
{
	const struct dnstk_sz_zone *z, *pz;
	struct ans a;

	z = dnstk_sz_find_zone(c->zones, q->lname, q->qname_len, NULL);
	if (z != NULL && q->qtype == T_DS && z->origin_len == q->qname_len) {
		pz = dnstk_sz_find_zone(c->zones, q->lname, q->qname_len, z);
		if (pz != NULL) {
			z = pz;
		}
	}
	if (z == NULL && c->fwd != NULL) {
		*built = true;
		return sa_forward(c, q, p, ede);
	}
	if (z == NULL) {
		return RC_REFUSED;
	}
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.q = q;
	a.do_bit = q->dnssec_ok;
	a.aa = true;
	sa_resolve(&a, z, q->qname, q->qname_len, 0);
	sa_build(&a, p);
	*built = true;
	return a.rcode;
}

/*
 * AXFR and IXFR: NOTIMP but for AXFR of a zone we serve over TCP (else
 * NOTAUTH), which is appended to `out` whole (*sent, and the result in
 * *rc).
 */
static unsigned
xfr(const struct dnstk_serve_conf *c, const struct query *q, bool tcp,
    struct dnstk_buf *out, bool *sent, int *rc)
{
	const struct dnstk_sz_zone *z;

	z = dnstk_sz_find_zone(c->zones, q->lname, q->qname_len, NULL);
	if (!tcp || q->qtype == T_IXFR) {
		return RC_NOTIMP;
	}
	if (z == NULL || z->origin_len != q->qname_len) {
		return RC_NOTAUTH;
	}
	*sent = true;
	*rc = sa_axfr(q, z, out);
	return RC_NOERROR;
}

int
dnstk_serve_answer(const struct dnstk_serve_conf *c, const uint8_t *wire,
    size_t len, bool tcp, const struct sockaddr *peer, struct dnstk_buf *out,
    struct dnstk_serve_info *info)
{
	struct query q;
	struct pkt p;
	enum qparse qp;
	size_t base, optsz = 0;
	bool built = false, sent = false;
	struct dnstk_sval_verdict ede;
	unsigned rcode;
	int rc = 0;

	memset(&ede, 0, sizeof(ede));
	qp = sa_query_parse(&q, wire, len);
	if (info != NULL) {
		note_query(info, &q);
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
	if (qp == QP_FORMERR) {
		q.qname = NULL;	/* nothing readable to echo */
		q.edns = false;
	}
	if (q.edns) {
		optsz = sa_opt_size(c, &q);
	}
	p.limit = size_limit(c, &q, tcp) - optsz;
	sa_put_question(&p, &q);
	rcode = refusal(c, &q, qp, tcp, peer);
	if (rcode == RC_NOERROR && (q.qtype == T_AXFR || q.qtype == T_IXFR)) {
		rcode = xfr(c, &q, tcp, out, &sent, &rc);
		if (sent) {
			if (info != NULL) {
				info->rcode = 0;
			}
			return rc;
		}
	} else if (rcode == RC_NOERROR) {
		rcode = lookup(c, &q, &p, &ede, &built);
	}
	if (!built) {
		p.cnt[1] = p.cnt[2] = p.cnt[3] = 0;
		sa_put_header(&p, &q, false, false, rcode);
	}
	if (q.edns) {
		p.limit = DNSTK_MSG_MAX;
		sa_put_opt(&p, c, &q, rcode, peer, ede.ede != 0 ? &ede : NULL);
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
