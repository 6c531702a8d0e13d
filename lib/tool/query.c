/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query: questions from the source (query_src.c) go to the client
 * engine (lib/net/client.c), which keeps many in flight and applies the
 * fallbacks; answers are printed in input order (query_out.c).  A single
 * query is a batch of one.
 */
#include <errno.h>
#ifdef __linux__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "dns/edns_opt.h"
#include "dns/msg.h"
#include "tool/query_int.h"

#define SOCKETS_MAX 64
#define QUERIES_PER_SOCKET 16	/* in flight, for the default pool size */

/* One place in the ring of queries between start and print. */
struct slot {
	struct query_result *res;
	bool done;
};

struct run {
	const struct dnstk_query_args *a;
	struct dnstk_server server;	/* the first one asked */
	struct dnstk_resolv rv;		/* the servers, in turn */
	struct dnstk_buf opts;
	struct dnstk_client *client;
	struct query_src src;
	struct query_out out;
	struct query_item item;
	struct slot *ring;
	size_t n;
	size_t next_print, next_start;
};

/* The options every query carries: a cookie, then the ones given. */
static int
build_opts(struct run *r, struct dnstk_err *err)
{
	const struct dnstk_query_args *a = r->a;
	uint8_t cookie[8];
	int rc;

	if (a->cookie) {
		if (a->cookie_len == 0 && dnstk_random(cookie,
		    sizeof(cookie)) != 0) {
			return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
			    "no random bytes: %s", strerror(errno));
		}
		rc = dnstk_opt_append(&r->opts, LDNS_EDNS_COOKIE,
		    a->cookie_len ? a->cookie_data : cookie,
		    a->cookie_len ? a->cookie_len : sizeof(cookie));
		if (rc != 0) {
			return dnstk_err_set(err, rc, NULL, 0, "out of memory");
		}
	}
	if (dnstk_buf_add(&r->opts, a->options.data, a->options.len) != 0) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	return 0;
}

/* The engine's options from the tool's. */
static void
client_opts(const struct run *r, struct dnstk_client_opts *o, unsigned n)
{
	const struct dnstk_query_args *a = r->a;

	dnstk_client_opts_init(o);
	o->flags = a->flags;
	o->edns = a->edns;
	o->edns_version = a->edns_version;
	o->edns_flags = a->edns_flags;
	o->udp_size = a->udp_size;
	o->options = (const uint8_t *)r->opts.data;
	o->options_len = r->opts.len;
	o->padding = a->padding;
	o->ixfr_soa = a->ixfr_soa;
	o->ixfr_serial = a->ixfr_serial;
	o->tcp = a->tcp;
	o->ignore_tc = a->ignore_tc;
	o->timeout_ms = a->timeout_ms > 0 ? a->timeout_ms :
	    r->rv.timeout_ms > 0 ? r->rv.timeout_ms :
	    DNSTK_QUERY_DEFAULT_TIMEOUT_MS;
	o->tries = a->tries > 0 ? a->tries : r->rv.attempts > 0 ?
	    r->rv.attempts : DNSTK_QUERY_DEFAULT_TRIES;
	if (a->sockets >= 0) {
		o->sockets = (unsigned)a->sockets;
	} else if (n > 1) {
		o->sockets = (n + QUERIES_PER_SOCKET - 1) / QUERIES_PER_SOCKET;
		o->sockets = o->sockets > SOCKETS_MAX ? SOCKETS_MAX :
		    o->sockets;
	}
}

/*
 * The servers to ask: the one given, or every nameserver of resolv.conf
 * in turn; resolv.conf's timeout and attempts options either way (as
 * dig reads them), unless the command line set them.
 */
static int
pick_servers(struct run *r, struct dnstk_err *err)
{
	const struct dnstk_query_args *a = r->a;
	struct dnstk_err rerr = DNSTK_ERR_INIT;
	int rc;

	rc = dnstk_resolv_read(&r->rv, a->resolv_conf, a->port, a->family,
	    &rerr);
	if (a->server != NULL) {
		rc = dnstk_server_resolve(&r->rv.ns[0], a->server, a->port,
		    a->family, err);
		r->rv.n = 1;
	} else if (rc != 0) {
		rc = dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "no server given and %s", rerr.msg);
	} else if (r->rv.n == 0) {
		rc = dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "no server given and '%s' names no usable nameserver",
		    a->resolv_conf);
	}
	if (rc == 0) {
		r->server = r->rv.ns[0];
	}
	return rc;
}

static int
run_setup(struct run *r, struct dnstk_err *err)
{
	const struct dnstk_query_args *a = r->a;
	struct dnstk_client_opts o;
	int rc;

	rc = pick_servers(r, err);
	if (rc == 0) {
		rc = build_opts(r, err);
	}
	if (rc != 0) {
		return rc;
	}
	r->n = a->concurrency != 0 ? a->concurrency : a->batch != NULL ?
	    DNSTK_QUERY_DEFAULT_CONCURRENCY : 1;
	client_opts(r, &o, (unsigned)r->n);
	rc = dnstk_client_new_multi(&r->client, r->rv.ns, r->rv.n, &o,
	    (unsigned)r->n, err);
	if (rc != 0) {
		return rc;
	}
	/* The engine may allow fewer (the open-file limit). */
	r->n = dnstk_client_room(r->client);
	r->ring = calloc(r->n, sizeof(*r->ring));
	if (r->ring == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	return 0;
}

/*
 * Keep the question of `it` in `res` for the mark a failure leaves: the
 * parsed one, or a raw message's (an uncompressed first question).
 */
static void
keep_question(struct query_result *res, const struct query_item *it,
    bool raw)
{
	const uint8_t *w = (const uint8_t *)it->raw.data;
	size_t i = 12;

	res->qlen = 0;
	if (it->rc != 0) {
		return;
	}
	if (!raw) {
		memcpy(res->qname, it->spec.qname, it->spec.qname_len);
		res->qlen = it->spec.qname_len;
		res->qtype = it->spec.qtype;
		res->qclass = it->spec.qclass;
		return;
	}
	if (it->raw.len < 12 || (w[4] | w[5]) == 0) {
		return;
	}
	while (i < it->raw.len && w[i] != 0 && w[i] <= 63) {
		i += w[i] + 1u;
	}
	if (i + 5 > it->raw.len || w[i] != 0 || i + 1 - 12 > DNSTK_DNAME_MAX) {
		return;
	}
	res->qlen = i + 1 - 12;
	memcpy(res->qname, w + 12, res->qlen);
	res->qtype = (uint16_t)(w[i + 1] << 8 | w[i + 2]);
	res->qclass = (uint16_t)(w[i + 3] << 8 | w[i + 4]);
}

/* Start the next question of the source; false at its end. */
static bool
start_next(struct run *r)
{
	struct query_item *it = &r->item;
	struct slot *s = &r->ring[r->next_start % r->n];
	struct query_result *res;
	int rc;

	memset(&it->spec, 0, sizeof(it->spec));
	if (query_src_next(&r->src, it) == 0) {
		return false;
	}
	res = calloc(1, sizeof(*res));
	if (res == NULL || (res->ans = dnstk_answer_new(s)) == NULL) {
		free(res);
		r->src.fatal = dnstk_err_set(&r->src.fatal_err, DNSTK_ENOMEM,
		    NULL, 0, "out of memory");
		r->src.done = true;
		return false;
	}
	memcpy(res->label, it->label, sizeof(res->label));
	keep_question(res, it, r->src.kind == QUERY_SRC_RAW);
	s->res = res;
	s->done = false;
	r->next_start++;
	rc = it->rc;
	if (rc == 0) {
		dnstk_answer_free(res->ans);
		res->ans = NULL;
		rc = r->src.kind == QUERY_SRC_RAW ?
		    dnstk_client_submit_raw(r->client,
		    (const uint8_t *)it->raw.data, it->raw.len, s) :
		    dnstk_client_submit(r->client, it->spec.qname,
		    it->spec.qname_len, it->spec.qtype, it->spec.qclass, s);
		if (rc == 0) {
			return true;
		}
		res->ans = dnstk_answer_new(s);
		snprintf(it->errmsg, sizeof(it->errmsg), "%s: %s", it->label,
		    dnstk_strerror(rc));
	}
	if (res->ans == NULL) {
		r->src.done = true;
		return false;
	}
	res->ans->status = rc;
	memcpy(res->ans->errmsg, it->errmsg, sizeof(res->ans->errmsg));
	s->done = true;
	return true;
}

/* Print the finished queries at the head of the ring, in input order. */
static void
print_ready(struct run *r)
{
	struct query_result *head = NULL, **tail = &head;
	struct slot *s;

	while (r->next_print < r->next_start) {
		s = &r->ring[r->next_print % r->n];
		if (!s->done) {
			break;
		}
		s->res->next = NULL;
		*tail = s->res;
		tail = &s->res->next;
		s->res = NULL;
		s->done = false;
		r->next_print++;
	}
	if (head != NULL) {
		query_out_emit(&r->out, head);
	}
}

/* The loop: start, wait, print.  0 or a fatal DNSTK_E* (err set). */
static int
run_loop(struct run *r, struct dnstk_err *err)
{
	struct dnstk_answer *ans;
	struct slot *s;
	int rc;

	for (;;) {
		print_ready(r);
		while (!r->src.done && query_out_write_error(&r->out) == 0 &&
		    r->next_start - r->next_print < r->n &&
		    dnstk_client_room(r->client) > 0 && start_next(r)) {
			continue;
		}
		if (r->next_print == r->next_start && (r->src.done ||
		    query_out_write_error(&r->out) != 0)) {
			return 0;
		}
		rc = dnstk_client_next(r->client, &ans, err);
		if (rc < 0) {
			return rc;
		}
		if (rc == 1) {
			s = ans->user;
			s->res->ans = ans;
			s->done = true;
		}
	}
}

static void
run_release(struct run *r)
{
	size_t i;

	query_out_stop(&r->out);
	for (i = 0; r->ring != NULL && i < r->n; i++) {
		if (r->ring[i].res != NULL) {
			dnstk_answer_free(r->ring[i].res->ans);
			free(r->ring[i].res);
		}
	}
	free(r->ring);
	dnstk_client_free(r->client);
	query_src_close(&r->src);
	dnstk_buf_release(&r->item.raw);
	dnstk_buf_release(&r->opts);
}

int
dnstk_query(const struct dnstk_query_args *a, FILE *out, FILE *log,
    struct dnstk_err *err)
{
	struct run r;
	int rc, we;

#ifdef M_TRIM_THRESHOLD
	/* Without this glibc gives the heap top back after each answer's
	 * large ldns buffers: a third of a 10,000-answer batch's time. */
	(void)mallopt(M_TRIM_THRESHOLD, 4 << 20);
#endif
	memset(&r, 0, sizeof(r));
	r.a = a;
	dnstk_buf_init(&r.opts);
	dnstk_buf_init(&r.item.raw);
	query_out_init(&r.out, a, &r.server, out, log);
	rc = query_src_open(&r.src, a, err);
	if (rc == 0) {
		rc = run_setup(&r, err);
	}
	if (rc != 0) {
		goto out;
	}
	if (r.n > 1) {
		(void)query_out_start(&r.out, r.n * 4);
	}
	rc = run_loop(&r, err);
	query_out_stop(&r.out);
	dnstk_answer_log_stray(log, "dnstk-query",
	    dnstk_client_stray(r.client));
	we = r.out.write_error;
	if (rc != 0) {
		goto out;
	}
	if (we != 0) {
		rc = dnstk_err_set(err, we, NULL, 0,
		    "cannot write output: %s", strerror(-we));
	} else if (r.src.fatal != 0) {
		*err = r.src.fatal_err;
		rc = r.src.fatal;
	} else {
		rc = r.out.worst;
	}
out:
	run_release(&r);
	return rc;
}
