/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: answers from the upstream (--forward), validated or not. */
#include <string.h>

#include <ldns/ldns.h>

#include "serve/answer_int.h"
#include "serve/forward.h"

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
		    !sa_put_rr(p, ldns_rdf_data(o), ldns_rdf_size(o),
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

/* The verdict of --validate on the upstream's answer m to q, in *v. */
static int
judge(const struct dnstk_serve_conf *c, const struct query *q,
    const struct dnstk_msg *m, struct dnstk_sval_verdict *v)
{
	uint32_t ttl = UINT32_MAX;
	unsigned sec;
	size_t i;
	ldns_rr *rr;

	for (sec = DNSTK_SEC_ANSWER; sec < DNSTK_SEC_COUNT; sec++) {
		for (i = 0; i < ldns_rr_list_rr_count(m->sec[sec]); i++) {
			rr = ldns_rr_list_rr(m->sec[sec], i);
			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_OPT &&
			    ldns_rr_ttl(rr) < ttl) {
				ttl = ldns_rr_ttl(rr);
			}
		}
	}
	return dnstk_sval_check(c->sval, q->qname, q->qname_len, q->qtype,
	    ttl == UINT32_MAX ? 0 : ttl, v);
}

/*
 * Take the OPT out of m, and the DNSSEC records a client without DO did
 * not ask for (RFC 4035 §3.2.1), keeping the order of the rest.
 */
static void
drop_dnssec(const struct query *q, struct dnstk_msg *m)
{
	unsigned sec;
	size_t i;

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
unsigned
sa_forward(const struct dnstk_serve_conf *c, const struct query *q,
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
		if (judge(c, q, m, ede) != 0 ||
		    ede->state == DNSTK_DNSSEC_BOGUS) {
			goto out;	/* SERVFAIL, with the EDE if bogus */
		}
		ede->ede = 0;
		/* RFC 6840 §5.8: AD for clients that set DO or AD */
		ad = ede->state == DNSTK_DNSSEC_SECURE &&
		    (q->dnssec_ok || (q->flags & DNSTK_FLAG_AD));
	}
	drop_dnssec(q, m);
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
	sa_put_header(p, q, false, tc, rcode);
	p->b[3] |= 0x80;	/* RA: we recurse, through the upstream */
	if (ad && rcode != RC_SERVFAIL) {
		p->b[3] |= 0x20;	/* AD: validated here, secure */
	}
	ldns_buffer_free(rd);
	dnstk_msg_free(m);
	dnstk_buf_release(&resp);
	return rcode;
}
