/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: reading a query, and the EDNS and cookies of its answer. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "serve/answer_int.h"

/*
 * The OPT record whose TYPE is at `r` (RDLENGTH `rdlen`, all in the
 * message): the EDNS fields and the options we answer (NSID, COOKIE).
 * Returns 0, or -1 when an option is malformed (FORMERR).
 */
static int
read_opt(struct query *q, const uint8_t *r, size_t rdlen)
{
	const uint8_t *o = r + 10;
	size_t op = 0;
	uint16_t code, olen;

	q->edns = true;
	q->udp_size = (uint16_t)((r[2] << 8) | r[3]);
	q->ext_rcode = r[4];
	q->version = r[5];
	q->dnssec_ok = (r[6] & 0x80) != 0;
	while (op < rdlen) {
		if (op + 4 > rdlen) {
			return -1;
		}
		code = (uint16_t)((o[op] << 8) | o[op + 1]);
		olen = (uint16_t)((o[op + 2] << 8) | o[op + 3]);
		if (op + 4 + olen > rdlen) {
			return -1;
		}
		if (code == OPT_NSID) {
			q->nsid = true;
		} else if (code == OPT_COOKIE) {
			/* RFC 7873 §5.2.2 */
			if (olen != 8 && (olen < 16 || olen > 40)) {
				return -1;
			}
			q->cookie = o + op + 4;
			q->cookie_len = olen;
		}
		op += 4u + olen;
	}
	return 0;
}

enum qparse
sa_query_parse(struct query *q, const uint8_t *w, size_t len)
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
		q->lname[k] = dnstk_su_lower(q->qname[k]);
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

		pos = dnstk_su_skip_name(w, len, pos);
		if (pos == 0 || pos + 10 > len) {
			return QP_FORMERR_Q;
		}
		type = (uint16_t)((w[pos] << 8) | w[pos + 1]);
		rdlen = ((size_t)w[pos + 8] << 8) | w[pos + 9];
		if (pos + 10 + rdlen > len) {
			return QP_FORMERR_Q;
		}
		if (type == T_OPT) {
			if (++opts > 1 || pos != start + 1 || w[start] != 0) {
				q->edns = false;
				return QP_FORMERR_Q;	/* RFC 6891 §6.1.1 */
			}
			if (read_opt(q, w + pos, rdlen) != 0) {
				return QP_FORMERR_Q;
			}
		}
		pos += 10 + rdlen;
	}
	if (pos != len) {
		return QP_FORMERR_Q;
	}
	return QP_OK;
}

/* ---- EDNS, cookies -------------------------------------------------- */

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

bool
sa_cookie_valid(const struct dnstk_serve_conf *c, const struct query *q,
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
size_t
sa_opt_size(const struct dnstk_serve_conf *c, const struct query *q)
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

void
sa_put_opt(struct pkt *p, const struct dnstk_serve_conf *c,
    const struct query *q, unsigned rcode, const struct sockaddr *peer,
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
