/* SPDX-License-Identifier: BSD-3-Clause */
/* Fetch the answer and the DS/DNSKEY chain from a server, rounds in parallel. */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "dnssec/fetch.h"
#include "dnssec/internal.h"
#include "net/client.h"
#include "out/render.h"
#include "util/buf.h"

/*
 * The only file of lib/dnssec that touches the network, through the
 * client engine (net/client.h): one client for the whole fetch, a round
 * of queries in flight together, TCP after TC by the engine.
 */

#define MAX_QUERIES 128
#define ROUND_MAX 16

struct fq {
	ldns_rdf *name;
	ldns_rr_type type;
	struct dnstk_answer *ans;
};

/* What every fetch query asks with: RD, CD, EDNS with DO, payload 1232. */
static void
fetch_client_opts(struct dnstk_client_opts *co,
    const struct dnstk_fetch_opts *fo)
{
	dnstk_client_opts_init(co);
	co->flags = DNSTK_FLAG_RD | DNSTK_FLAG_CD;
	co->edns = true;
	co->edns_flags = DNSTK_EDNS_DO;
	co->udp_size = 1232;
	co->fallback = false;	/* DO queries never go without EDNS */
	co->tcp = fo->tcp;
	co->timeout_ms = fo->timeout_ms;
	co->tries = fo->tries;
}

/* Why query `f` failed, in err: the status of its answer. */
static int
query_failed(const struct fq *f, const struct dnstk_fetch_opts *fo,
    struct dnstk_err *err)
{
	char *ns;
	char tn[16];
	int rc;
	const char *why = strstr(f->ans->errmsg, " failed: ");

	if (f->ans->status == DNSTK_ENET && why != NULL) {
		/* the engine's "query to S failed: R", worded as before */
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0, "no answer from "
		    "%s: %s", fo->server->text, why + strlen(" failed: "));
	}
	if (f->ans->status != DNSTK_ETIMEOUT) {
		return dnstk_err_set(err, f->ans->status, NULL, 0, "%s",
		    f->ans->errmsg);
	}
	ns = dnstk_name_str(f->name);
	dnstk_type_str(tn, sizeof(tn), f->type);
	rc = dnstk_err_set(err, DNSTK_ETIMEOUT, NULL, 0, "no answer from %s "
	    "for %s %s", fo->server->text, ns ? ns : "?", tn);
	free(ns);
	return rc;
}

/* Ask the `n` queries of `fqs` together; every one gets its answer. */
static int
round_ask(struct dnstk_client *cl, struct fq *fqs, size_t n,
    const struct dnstk_fetch_opts *fo, struct dnstk_err *err)
{
	struct dnstk_answer *a;
	int rc = 0, r;

	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = dnstk_client_submit(cl, ldns_rdf_data(fqs[i].name),
		    ldns_rdf_size(fqs[i].name), fqs[i].type, LDNS_RR_CLASS_IN,
		    &fqs[i]);
		if (rc != 0) {
			rc = dnstk_err_set(err, rc, NULL, 0, "%s",
			    rc == DNSTK_ENOMEM ? "out of memory" :
			    "cannot ask for this name");
		}
	}
	while ((r = dnstk_client_next(cl, &a, err)) == 1) {
		((struct fq *)a->user)->ans = a;
	}
	if (rc == 0 && r < 0) {
		rc = r;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (fqs[i].ans == NULL) {
			rc = dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
			    "no answer came back for a query");
		} else if (fqs[i].ans->status != 0) {
			rc = query_failed(&fqs[i], fo, err);
		}
	}
	return rc;
}

/* Record the answer of `f` in the pool and the dump. */
static int
take(struct dnstk_rrpool *pool, struct dnstk_buf *dump, struct fq *f,
    const struct dnstk_fetch_opts *fo, struct dnstk_err *err)
{
	const struct dnstk_msg *m = NULL;
	struct dnstk_err e2 = DNSTK_ERR_INIT;
	int rc;

	rc = dnstk_answer_msg(f->ans, &m, &e2);
	if (rc != 0) {
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0, "unparsable "
		    "answer from %s: %s", fo->server->text, e2.msg);
	}
	if (dump != NULL) {
		char *ns = dnstk_name_str(f->name), tn[16];

		dnstk_type_str(tn, sizeof(tn), f->type);
		rc = dnstk_buf_addf(dump, "; %s %s: %s\n", ns ? ns : "?", tn,
		    dnstk_rcode_name(dnstk_msg_rcode(m)));
		free(ns);
		for (int s = DNSTK_SEC_ANSWER; rc == 0 && s < DNSTK_SEC_COUNT;
		    s++) {
			for (size_t i = 0; rc == 0 &&
			    i < ldns_rr_list_rr_count(m->sec[s]); i++) {
				ldns_rr *rr = ldns_rr_list_rr(m->sec[s], i);

				if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT) {
					continue;
				}
				rc = dnstk_text_rr(dump, rr);
				if (rc == 0 && (dump->len == 0 ||
				    dump->data[dump->len - 1] != '\n')) {
					rc = dnstk_buf_addc(dump, '\n');
				}
			}
		}
		if (rc != 0) {
			return DNSTK_ENOMEM;
		}
	}
	rc = dnstk_rrpool_add_msg(pool, m);
	return rc < 0 ? rc : 0;
}

struct qlist {
	struct fq *q;
	size_t n;
	size_t cap;
};

/* Queue name/type unless it was asked already.  0 or DNSTK_ENOMEM. */
static int
want(struct qlist *l, const ldns_rdf *name, ldns_rr_type type)
{
	struct fq *f;

	for (size_t i = 0; i < l->n; i++) {
		if (l->q[i].type == type &&
		    ldns_dname_compare(l->q[i].name, name) == 0) {
			return 0;
		}
	}
	if (l->n >= MAX_QUERIES) {
		return 0;
	}
	f = dnstk_array_grow(l->q, l->n, &l->cap, sizeof(*f), 16);
	if (f == NULL) {
		return DNSTK_ENOMEM;
	}
	l->q = f;
	f = &l->q[l->n];
	memset(f, 0, sizeof(*f));
	f->type = type;
	f->name = ldns_rdf_clone(name);
	if (f->name == NULL) {
		return DNSTK_ENOMEM;
	}
	ldns_dname2canonical(f->name);
	l->n++;
	return 0;
}

static bool
anchored(const struct dnstk_anchors *anchors, const ldns_rdf *z)
{
	for (size_t a = 0; anchors->rrs &&
	    a < ldns_rr_list_rr_count(anchors->rrs); a++) {
		if (ldns_dname_compare(ldns_rr_owner(ldns_rr_list_rr(
		    anchors->rrs, a)), z) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Queue the DNSKEY and DS RRsets of zone `z`, and at once those of its
 * ancestors up to the covering anchor, so that the whole chain comes in
 * one round instead of one round per zone.  This only decides what to
 * ask: an ancestor that is no zone gets a NODATA answer, and the
 * validator takes zone cuts from the records alone.
 */
static int
want_zone(struct qlist *l, const struct dnstk_anchors *anchors,
    const ldns_rdf *z)
{
	const ldns_rdf *top = dnstk_anchors_cover(anchors, z);
	ldns_rdf *cur = ldns_rdf_clone(z), *up;
	int rc = 0;

	for (unsigned i = 0; cur != NULL && rc == 0 && i < 128; i++) {
		rc = want(l, cur, LDNS_RR_TYPE_DNSKEY);
		if (rc == 0 && ldns_dname_label_count(cur) > 0 &&
		    !anchored(anchors, cur)) {
			rc = want(l, cur, LDNS_RR_TYPE_DS);
		}
		if (top == NULL || ldns_dname_compare(cur, top) == 0 ||
		    ldns_dname_label_count(cur) == 0) {
			break;
		}
		up = ldns_dname_left_chop(cur);
		ldns_rdf_deep_free(cur);
		cur = up;
	}
	ldns_rdf_deep_free(cur);
	return rc;
}

/* Queue what the pool shows is needed next. */
static int
plan(struct qlist *l, const struct dnstk_rrpool *pool,
    const struct dnstk_anchors *anchors, const ldns_rdf *qname,
    ldns_rr_type qtype)
{
	size_t n = pool->rrs ? ldns_rr_list_rr_count(pool->rrs) : 0;
	int rc = 0;
	bool signed_answer = false;

	for (size_t i = 0; i < n && rc == 0; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(pool->rrs, i);
		const ldns_rdf *z = NULL;
		ldns_rdf *chop = NULL;

		switch (ldns_rr_get_type(rr)) {
		case LDNS_RR_TYPE_RRSIG:
			z = dnstk_rrsig_signer(rr);
			if (ldns_dname_compare(ldns_rr_owner(rr), qname) == 0) {
				signed_answer = true;
			}
			break;
		case LDNS_RR_TYPE_SOA:
			z = ldns_rr_owner(rr);
			break;
		case LDNS_RR_TYPE_NSEC3:
			chop = ldns_dname_left_chop(ldns_rr_owner(rr));
			z = chop;
			break;
		case LDNS_RR_TYPE_CNAME:
			/* Follow aliases whose owner we asked about. */
			for (size_t k = 0; k < l->n; k++) {
				if (l->q[k].type == qtype &&
				    ldns_dname_compare(l->q[k].name,
				    ldns_rr_owner(rr)) == 0 &&
				    ldns_rr_rdf(rr, 0) != NULL) {
					rc = want(l, ldns_rr_rdf(rr, 0), qtype);
					break;
				}
			}
			break;
		default:
			break;
		}
		if (z != NULL && rc == 0) {
			rc = want_zone(l, anchors, z);
		}
		ldns_rdf_deep_free(chop);
	}
	/* An unsigned answer: its zone shows in the SOA query's answer. */
	if (rc == 0 && !signed_answer && n > 0) {
		rc = want(l, qname, LDNS_RR_TYPE_SOA);
	}
	return rc;
}

int
dnstk_dnssec_fetch(struct dnstk_rrpool *pool, struct dnstk_buf *dump,
    const struct dnstk_anchors *anchors, const ldns_rdf *qname,
    ldns_rr_type qtype, const struct dnstk_fetch_opts *fo,
    struct dnstk_err *err)
{
	struct qlist l = { NULL, 0, 0 };
	struct dnstk_client_opts co;
	struct dnstk_client *cl = NULL;
	size_t next = 0;
	int rc;

	fetch_client_opts(&co, fo);
	rc = dnstk_client_new(&cl, fo->server, &co, ROUND_MAX, err);
	if (rc == 0) {
		rc = want(&l, qname, qtype);
	}
	while (rc == 0 && next < l.n) {
		size_t end = l.n;

		/* One round: every query planned so far, ROUND_MAX at once. */
		while (rc == 0 && next < end) {
			size_t k = end - next > ROUND_MAX ? ROUND_MAX :
			    end - next;

			rc = round_ask(cl, &l.q[next], k, fo, err);
			for (size_t i = next; rc == 0 && i < next + k; i++) {
				rc = take(pool, dump, &l.q[i], fo, err);
			}
			next += k;
		}
		if (rc == 0) {
			rc = plan(&l, pool, anchors, qname, qtype);
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		ldns_rdf_deep_free(l.q[i].name);
		dnstk_answer_free(l.q[i].ans);
	}
	free(l.q);
	dnstk_client_free(cl);
	return rc;
}
