/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inside dnstk_serve_answer (answer.c): the parsed query, the packet
 * writer, the answer being gathered, and the steps each file of lib/serve
 * gives the others (answer_query.c: the query and its EDNS and cookies;
 * answer_pkt.c: writing records, assembling a response, AXFR;
 * answer_lookup.c: what goes into an answer from the zones;
 * answer_forward.c: answers from the upstream).  Not for use outside
 * lib/serve.
 */
#ifndef DNSTK_SERVE_ANSWER_INT_H
#define DNSTK_SERVE_ANSWER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "dns/msg.h"
#include "serve/answer.h"
#include "serve/sutil.h"

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

enum qparse {
	QP_OK = 0,
	QP_DROP,	/* no header, or a response: no answer at all */
	QP_FORMERR,	/* header readable, the rest is not */
	QP_FORMERR_Q,	/* question readable, the rest is not */
};

/* ---- the packet writer ---------------------------------------------- */

struct pkt {
	uint8_t *b;
	size_t len;
	size_t limit;
	uint16_t cnt[4];
	uint16_t comp[COMP_MAX];
	unsigned ncomp;
};

static inline bool
room(const struct pkt *p, size_t n)
{
	return p->len + n <= p->limit;
}

static inline void
put16(struct pkt *p, uint16_t v)
{
	p->b[p->len++] = (uint8_t)(v >> 8);
	p->b[p->len++] = (uint8_t)v;
}

static inline void
put32(struct pkt *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p, (uint16_t)v);
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

/* ---- answer_query.c ------------------------------------------------- */

/* Read query `w` (`len` bytes) into q; how far it could be read. */
enum qparse sa_query_parse(struct query *q, const uint8_t *w, size_t len);

/* Does the query carry a valid server cookie of ours (RFC 7873)? */
bool sa_cookie_valid(const struct dnstk_serve_conf *c, const struct query *q,
    const struct sockaddr *peer);

/* Size of our OPT record for query q. */
size_t sa_opt_size(const struct dnstk_serve_conf *c, const struct query *q);

/* Append our OPT record (NSID, cookie, EDE when `ede` is not NULL); the
 * caller has kept sa_opt_size() octets free. */
void sa_put_opt(struct pkt *p, const struct dnstk_serve_conf *c,
    const struct query *q, unsigned rcode, const struct sockaddr *peer,
    const struct dnstk_sval_verdict *ede);

/* ---- answer_pkt.c --------------------------------------------------- */

/* Length of the uncompressed name at d[0..len), or 0. */
size_t sa_rd_name_len(const uint8_t *d, size_t len);

/* Write a name, compressed when `compress`; false when it does not fit. */
bool sa_put_name(struct pkt *p, const uint8_t *n, size_t len, bool compress);

/* Write one record; false when it does not fit (caller rolls back). */
bool sa_put_rr(struct pkt *p, const uint8_t *owner, size_t olen,
    uint16_t type, uint32_t ttl, const uint8_t *rd, size_t rdlen);

/* Write the header for q with the counts of p. */
void sa_put_header(struct pkt *p, const struct query *q, bool aa, bool tc,
    unsigned rcode);

/* Start p after the header, with q's question when it has one. */
void sa_put_question(struct pkt *p, const struct query *q);

/* Write the gathered answer `a` into p, RRset by RRset, and its header. */
void sa_build(struct ans *a, struct pkt *p);

/* AXFR (RFC 5936) of zone z over TCP, appended to `out` as messages
 * with their length; 0, DNSTK_ENOMEM or DNSTK_EINPUT. */
int sa_axfr(const struct query *q, const struct dnstk_sz_zone *z,
    struct dnstk_buf *out);

/* ---- answer_lookup.c ------------------------------------------------ */

/* Gather the answer for qname from zone z into `a` (CNAME and DNAME
 * chains followed to `depth` CNAME_MAX). */
void sa_resolve(struct ans *a, const struct dnstk_sz_zone *z,
    const uint8_t *qname, size_t qlen, unsigned depth);

/* ---- answer_forward.c ----------------------------------------------- */

/* Answer q from the upstream into p; the RCODE (see the file). */
unsigned sa_forward(const struct dnstk_serve_conf *c, const struct query *q,
    struct pkt *p, struct dnstk_sval_verdict *ede);

#endif
