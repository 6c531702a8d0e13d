/* SPDX-License-Identifier: BSD-3-Clause */
/* Fetch the answer and the DS/DNSKEY chain from a server, rounds in parallel. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "dnssec/fetch.h"
#include "dnssec/internal.h"
#include "net/qmsg.h"
#include "net/xfer.h"
#include "out/render.h"

/*
 * The only file of lib/dnssec that touches the network, over today's
 * lib/net calls (xfer.h, qmsg.h); a client engine may replace them here.
 */

#define MAX_QUERIES 128
#define ROUND_MAX 16

struct fq {
	ldns_rdf *name;
	ldns_rr_type type;
	struct dnstk_buf q;
	struct dnstk_buf resp;
	int fd;
	int tries;
	int64_t deadline;
	bool done;
};

static int
build_query(struct fq *f)
{
	struct dnstk_qspec qs;
	uint16_t id;

	memset(&qs, 0, sizeof(qs));
	if (dnstk_random(&id, sizeof(id)) != 0) {
		id = (uint16_t)getpid();
	}
	qs.id = id;
	qs.flags = DNSTK_FLAG_RD | DNSTK_FLAG_CD;
	if (ldns_rdf_size(f->name) > sizeof(qs.qname)) {
		return DNSTK_EINPUT;
	}
	memcpy(qs.qname, ldns_rdf_data(f->name), ldns_rdf_size(f->name));
	qs.qname_len = ldns_rdf_size(f->name);
	qs.qtype = f->type;
	qs.qclass = LDNS_RR_CLASS_IN;
	qs.edns = true;
	qs.edns_flags = DNSTK_EDNS_DO;
	qs.udp_size = 1232;
	return dnstk_qspec_build(&f->q, &qs);
}

/* Send a round of queries together over UDP; retry the silent ones. */
static int
round_udp(struct fq *fqs, size_t n, const struct dnstk_fetch_opts *fo,
    struct dnstk_net_stats *st, struct dnstk_err *err)
{
	struct pollfd pfd[ROUND_MAX];
	size_t left = n;
	int rc;

	for (size_t i = 0; i < n; i++) {
		fqs[i].fd = -1;
		fqs[i].tries = 0;
	}
	while (left > 0) {
		int64_t now = dnstk_net_now_ms(), wait = -1;
		size_t np = 0;
		size_t idx[ROUND_MAX];

		for (size_t i = 0; i < n; i++) {
			struct fq *f = &fqs[i];

			if (f->done) {
				continue;
			}
			if (f->fd < 0 || now >= f->deadline) {
				if (f->fd >= 0) {
					close(f->fd);
					f->fd = -1;
				}
				if (f->tries >= fo->tries) {
					char *ns = dnstk_name_str(f->name);
					char tn[16];

					dnstk_type_str(tn, sizeof(tn), f->type);
					rc = dnstk_err_set(err, DNSTK_ETIMEOUT,
					    NULL, 0, "no answer from %s for %s "
					    "%s", fo->server->text,
					    ns ? ns : "?", tn);
					free(ns);
					return rc;
				}
				f->fd = dnstk_udp_open(fo->server);
				if (f->fd < 0) {
					return dnstk_err_set(err, DNSTK_ENET,
					    NULL, 0, "cannot open a socket: %s",
					    strerror(-f->fd));
				}
				rc = dnstk_udp_send(f->fd, fo->server,
				    (const uint8_t *)f->q.data, f->q.len);
				if (rc < 0) {
					return dnstk_err_set(err, DNSTK_ENET,
					    NULL, 0, "cannot send to %s: %s",
					    fo->server->text, strerror(-rc));
				}
				f->tries++;
				f->deadline = now + fo->timeout_ms;
			}
			pfd[np].fd = f->fd;
			pfd[np].events = POLLIN;
			pfd[np].revents = 0;
			idx[np++] = i;
			if (wait < 0 || f->deadline - now < wait) {
				wait = f->deadline - now;
			}
		}
		if (np == 0) {
			break;
		}
		rc = poll(pfd, np, wait < 0 ? 0 : (int)wait);
		if (rc < 0 && errno != EINTR) {
			return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
			    "poll: %s", strerror(errno));
		}
		for (size_t k = 0; k < np && rc > 0; k++) {
			struct fq *f = &fqs[idx[k]];
			int r;

			if (pfd[k].revents == 0) {
				continue;
			}
			r = dnstk_udp_recv(f->fd, fo->server,
			    (const uint8_t *)f->q.data, f->q.len, &f->resp, st);
			if (r == 1) {
				f->done = true;
				close(f->fd);
				f->fd = -1;
				left--;
			} else if (r < 0) {
				return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
				    "no answer from %s: %s", fo->server->text,
				    strerror(-r));
			}
		}
	}
	return 0;
}

static void
round_close(struct fq *fqs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fqs[i].fd >= 0) {
			close(fqs[i].fd);
			fqs[i].fd = -1;
		}
	}
}

/* Record the answer of `f` in the pool and the dump. */
static int
take(struct dnstk_rrpool *pool, struct dnstk_buf *dump, struct fq *f,
    const struct dnstk_fetch_opts *fo, struct dnstk_net_stats *st,
    struct dnstk_err *err)
{
	struct dnstk_msg *m = NULL;
	struct dnstk_err e2 = DNSTK_ERR_INIT;
	int rc;

	rc = dnstk_msg_from_wire(&m, (const uint8_t *)f->resp.data,
	    f->resp.len, &e2);
	if (rc == 0 && (m->flags & DNSTK_FLAG_TC) != 0) {
		dnstk_msg_free(m);
		m = NULL;
		dnstk_buf_reset(&f->resp);
		rc = dnstk_tcp_exchange(fo->server, (const uint8_t *)f->q.data,
		    f->q.len, fo->timeout_ms, &f->resp, st, err);
		if (rc != 0) {
			return rc;
		}
		rc = dnstk_msg_from_wire(&m, (const uint8_t *)f->resp.data,
		    f->resp.len, &e2);
	}
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
			dnstk_msg_free(m);
			return DNSTK_ENOMEM;
		}
	}
	rc = dnstk_rrpool_add_msg(pool, m);
	dnstk_msg_free(m);
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
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		f = realloc(l->q, nc * sizeof(*f));
		if (f == NULL) {
			return DNSTK_ENOMEM;
		}
		l->q = f;
		l->cap = nc;
	}
	f = &l->q[l->n];
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->type = type;
	f->name = ldns_rdf_clone(name);
	dnstk_buf_init(&f->q);
	dnstk_buf_init(&f->resp);
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
	struct dnstk_net_stats st;
	size_t next = 0;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = want(&l, qname, qtype);
	while (rc == 0 && next < l.n) {
		size_t end = l.n;

		/* One round: every query planned so far, ROUND_MAX at once. */
		while (rc == 0 && next < end) {
			size_t k = end - next > ROUND_MAX ? ROUND_MAX :
			    end - next;

			for (size_t i = next; rc == 0 && i < next + k; i++) {
				rc = build_query(&l.q[i]);
			}
			if (rc != 0) {
				break;
			}
			if (fo->tcp) {
				for (size_t i = next; rc == 0 && i < next + k;
				    i++) {
					rc = dnstk_tcp_exchange(fo->server,
					    (const uint8_t *)l.q[i].q.data,
					    l.q[i].q.len, fo->timeout_ms,
					    &l.q[i].resp, &st, err);
				}
			} else {
				rc = round_udp(&l.q[next], k, fo, &st, err);
				round_close(&l.q[next], k);
			}
			for (size_t i = next; rc == 0 && i < next + k; i++) {
				rc = take(pool, dump, &l.q[i], fo, &st, err);
			}
			next += k;
		}
		if (rc == 0) {
			rc = plan(&l, pool, anchors, qname, qtype);
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		ldns_rdf_deep_free(l.q[i].name);
		dnstk_buf_release(&l.q[i].q);
		dnstk_buf_release(&l.q[i].resp);
		if (l.q[i].fd >= 0) {
			close(l.q[i].fd);
		}
	}
	free(l.q);
	return rc;
}
