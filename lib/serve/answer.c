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
	qp = sa_query_parse(&q, wire, len);
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
		optsz = sa_opt_size(c, &q);
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
	sa_put_question(&p, &q);
	if (qp != QP_OK) {
		rcode = RC_FORMERR;
	} else if (q.edns && q.version > 0) {
		rcode = RC_BADVERS;	/* RFC 6891 §6.1.3 */
	} else if (q.edns && q.cookie != NULL && c->require_cookie && !tcp &&
	    !sa_cookie_valid(c, &q, peer)) {
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
			return sa_axfr(&q, z, out);
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
			rcode = sa_forward(c, &q, &p, &ede);
			built = true;
		} else if (z == NULL) {
			rcode = RC_REFUSED;
		} else {
			a.aa = true;
			sa_resolve(&a, z, q.qname, q.qname_len, 0);
			sa_build(&a, &p);
			rcode = a.rcode;
			built = true;
		}
	}
	if (!built) {
		p.cnt[1] = p.cnt[2] = p.cnt[3] = 0;
		sa_put_header(&p, &q, false, false, rcode);
	}
	if (with_opt) {
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
