/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The client engine: up to N queries in flight to one server over
 * non-blocking UDP (a fresh socket per attempt, or a pool of sockets each
 * on its own random port, rotated), TCP when asked or after TC, and the
 * EDNS fallbacks of RFC 6891 §6.2.2 and §6.2.5 per query.  What one
 * query teaches about the server (no EDNS, payload 512) is reused for
 * the next ones only on evidence, expires, and is reported.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "dns/edns_opt.h"
#include "net/client.h"
#include "net/client_int.h"
#include "net/qmsg.h"

struct dnstk_answer *
dnstk_answer_new(void *user)
{
	struct dnstk_answer *a = calloc(1, sizeof(*a));

	if (a == NULL) {
		return NULL;
	}
	dnstk_buf_init(&a->wire);
	dnstk_buf_init(&a->more);
	dnstk_buf_init(&a->notes);
	dnstk_buf_init(&a->learned);
	a->user = user;
	return a;
}

void
dnstk_answer_free(struct dnstk_answer *a)
{
	if (a == NULL) {
		return;
	}
	dnstk_buf_release(&a->wire);
	dnstk_buf_release(&a->more);
	dnstk_buf_release(&a->notes);
	dnstk_buf_release(&a->learned);
	dnstk_msg_free(a->msg);
	free(a);
}

int
dnstk_answer_msg(struct dnstk_answer *a, const struct dnstk_msg **m,
    struct dnstk_err *err)
{
	int r;

	if (a->status != 0) {
		return a->status;
	}
	if (a->msg == NULL) {
		r = dnstk_msg_from_wire(&a->msg, (uint8_t *)a->wire.data,
		    a->wire.len, err);
		if (r != 0) {
			a->msg = NULL;
			return DNSTK_EINPUT;
		}
	}
	*m = a->msg;
	return 0;
}

void
dnstk_client_opts_init(struct dnstk_client_opts *o)
{
	*o = (struct dnstk_client_opts){
		.flags = DNSTK_FLAG_RD,
		.edns = true,
		.udp_size = 1232,
		.fallback = true,
		.timeout_ms = 5000,
		.tries = 2,
	};
}

static void
note(struct dnstk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct dnstk_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)dnstk_buf_vaddf(b, fmt, ap);
	va_end(ap);
	(void)dnstk_buf_addc(b, '\n');
}

const char *
client_where(const struct dnstk_client *c, char *buf, size_t cap)
{
	return dnstk_server_str(buf, cap, &c->server);
}

const struct dnstk_server *
client_job_server(const struct dnstk_client *c, const struct job *j)
{
	return &c->servers[j->srv];
}

const char *
client_job_where(const struct dnstk_client *c, const struct job *j,
    char *buf, size_t cap)
{
	return dnstk_server_str(buf, cap, client_job_server(c, j));
}

static void job_failover(struct dnstk_client *c, struct job *j,
    const char *why);

/* ---- attempts ---------------------------------------------------------- */

void
client_job_finish(struct dnstk_client *c, struct job *j, int status,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The query is over: hand its answer to the done list, free the slot. */
void
client_job_finish(struct dnstk_client *c, struct job *j, int status,
    const char *fmt, ...)
{
	struct dnstk_answer *a = j->ans;
	struct timespec ts;
	va_list ap;

	client_job_unsock(c, j);
	a->status = status;
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(a->errmsg, sizeof(a->errmsg), fmt, ap);
		va_end(ap);
	}
	if ((status == DNSTK_ETIMEOUT || status == DNSTK_ENET) &&
	    j->srv + 1 < c->nservers) {
		job_failover(c, j, a->errmsg);
		return;
	}
	if (status != 0) {
		dnstk_buf_reset(&a->wire);
		dnstk_buf_reset(&a->more);
	}
	a->server = c->servers[j->srv];
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0) {
		a->when = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	a->tcp = j->tcp;
	a->edns = !j->raw && j->spec.edns;
	a->next = NULL;
	if (c->done_tail != NULL) {
		c->done_tail->next = a;
	} else {
		c->done_head = a;
	}
	c->done_tail = a;
	j->ans = NULL;
	j->state = JOB_FREE;
	c->active--;
}

/* Build the wire form of the next attempt (raw queries stay verbatim). */
static int
job_build(struct dnstk_client *c, struct job *j)
{
	bool e = j->spec.edns;

	if (j->raw) {
		return 0;
	}
	do {
		if (dnstk_random(&j->spec.id, sizeof(j->spec.id)) != 0) {
			return DNSTK_ESYS;
		}
	} while (j->sock >= 0 && client_hash_find(c, (unsigned)j->sock,
	    j->spec.id) >= 0);
	j->spec.options = e ? (const uint8_t *)c->opts.data : NULL;
	j->spec.options_len = e ? c->opts.len : 0;
	j->spec.padding = e ? c->o.padding : 0;
	dnstk_buf_reset(&j->query);
	return dnstk_qspec_build(&j->query, &j->spec);
}


/* AXFR or IXFR: these go over TCP whatever was asked. */
static bool
job_is_xfr(const struct job *j)
{
	uint16_t t = j->raw ? dnstk_net_qtype((const uint8_t *)j->query.data,
	    j->query.len) : j->spec.qtype;

	return t == LDNS_RR_TYPE_AXFR || t == LDNS_RR_TYPE_IXFR;
}

/*
 * One TCP exchange (or zone transfer), run to its end here (as dig does,
 * one at a time).
 */
static void
job_tcp(struct dnstk_client *c, struct job *j)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	int r;

	for (;;) {
		r = job_is_xfr(j) ? dnstk_tcp_xfr(client_job_server(c, j),
		    (uint8_t *)j->query.data, j->query.len, c->o.timeout_ms,
		    &j->ans->wire, &j->ans->more, &j->ans->st, &err) :
		    dnstk_tcp_exchange(client_job_server(c, j),
		    (uint8_t *)j->query.data,
		    j->query.len, c->o.timeout_ms, &j->ans->wire, &j->ans->st,
		    &err);
		j->ans->elapsed_ms = dnstk_net_now_ms() - j->sent_ms;
		if (r == 0) {
			client_job_answer(c, j);
			return;
		}
		if (r != DNSTK_ETIMEOUT || --j->tries_left <= 0) {
			client_job_finish(c, j, r, "%s", err.msg);
			return;
		}
		j->sent_ms = dnstk_net_now_ms();
	}
}

/* Put the attempt on a UDP socket: the pool's, or a fresh one. */
static int
job_udp(struct dnstk_client *c, struct job *j)
{
	int r;

	j->deadline = j->sent_ms + c->o.timeout_ms;
	if (j->deadline < c->min_deadline) {
		c->min_deadline = j->deadline;
	}
	if (j->sock >= 0) {
		j->state = JOB_SEND;	/* sent in a batch by client_flush_sends() */
		c->sendq[c->nsend++] = (int)(j - c->jobs);
		return 0;
	}
	r = dnstk_udp_open(client_job_server(c, j));
	if (r == -EMFILE || r == -ENFILE) {
		j->state = JOB_WAITFD;
		c->nwait++;
		return 0;
	}
	if (r >= 0) {
		j->fd = r;
		c->nown++;
		r = dnstk_udp_send(j->fd, client_job_server(c, j),
		    (uint8_t *)j->query.data, j->query.len);
	}
	if (r < 0) {
		return r;
	}
	j->state = JOB_UDP;
	return 0;
}

/* Start (or restart) an attempt. */
static void
job_send(struct dnstk_client *c, struct job *j)
{
	char w[96];
	int r, ji = (int)(j - c->jobs);

	client_job_unsock(c, j);
	if (c->nsocks != 0 && !j->raw && !j->tcp && j->srv == 0) {
		j->sock = client_pool_pick(c);
		if (j->sock < 0) {
			j->state = JOB_WAITFD;
			c->nwait++;
			return;
		}
	}
	r = job_build(c, j);
	if (r != 0) {
		/* not counted on the pool socket yet (client_hash_add) */
		j->sock = -1;
		client_job_finish(c, j, r, "cannot build the query: %s",
		    dnstk_strerror(r));
		return;
	}
	if (j->sock >= 0) {
		client_hash_add(c, ji);
	}
	j->sent_ms = dnstk_net_now_ms();
	if (j->tcp) {
		job_tcp(c, j);
		return;
	}
	r = job_udp(c, j);
	if (r < 0) {
		/* out of memory is ours, not the network's */
		client_job_finish(c, j, r == DNSTK_ENOMEM ? r : DNSTK_ENET,
		    "query to %s failed: %s",
		    client_job_where(c, j, w, sizeof(w)), strerror(-r));
	}
}

/* Restart with fresh tries after a fallback changed the query. */
static void
job_retry(struct dnstk_client *c, struct job *j)
{
	j->tries_left = c->o.tries;
	job_send(c, j);
}

/* ---- learning about the server ---------------------------------------- */

static void
learn_no_edns(struct dnstk_client *c, struct job *j, const char *why)
{
	char w[96];

	if (c->no_edns_until != 0) {
		return;
	}
	c->no_edns_until = dnstk_net_now_ms() + c->o.relearn_ms;
	note(&j->ans->learned, "%s %s: sending the next queries without "
	    "EDNS for %d s", client_where(c, w, sizeof(w)), why,
	    c->o.relearn_ms / 1000);
}

/*
 * What this answer says about the server.  A plain answer after EDNS
 * attempts went unanswered is evidence of no EDNS only when no answer
 * with OPT came lately (under load, lost packets are not evidence).
 */
static void
learn_from(struct dnstk_client *c, struct job *j, const uint8_t *w,
    size_t n)
{
	int64_t now = dnstk_net_now_ms();
	char s[96];

	if (j->raw || j->srv != 0) {
		return;
	}
	if (j->spec.edns) {
		/* An OPT record is the last additional record in practice. */
		if (n >= 12 && (w[10] | w[11]) != 0) {
			c->edns_seen = true;
			c->edns_seen_ms = now;
		}
		if (j->spec.udp_size > 512) {
			c->big_seen = true;
			c->big_seen_ms = now;
		} else if (!j->tcp && j->spec.udp_size < c->o.udp_size &&
		    c->small_until == 0 && (!c->big_seen ||
		    now - c->big_seen_ms > c->o.relearn_ms)) {
			c->small_until = now + c->o.relearn_ms;
			note(&j->ans->learned, "%s answered only with payload "
			    "512: using 512 for the next queries for %d s",
			    client_where(c, s, sizeof(s)), c->o.relearn_ms / 1000);
		}
	} else if (j->edns_timeouts && c->o.edns && (!c->edns_seen ||
	    now - c->edns_seen_ms > c->o.relearn_ms)) {
		learn_no_edns(c, j, "answered only without EDNS");
	}
}

/*
 * The query as the options say, before any fallback; `learned` applies
 * what was learned about the first server.
 */
static void
job_reset(struct dnstk_client *c, struct job *j, bool learned)
{
	j->tcp = c->o.tcp || job_is_xfr(j);
	j->tries_left = c->o.tries;
	j->badvers_retried = false;
	j->edns_timeouts = false;
	if (j->raw) {
		return;
	}
	j->spec.flags = c->o.flags;
	j->spec.edns = c->o.edns && (!learned || c->no_edns_until == 0 ||
	    (c->o.edns_flags & DNSTK_EDNS_DO));
	j->spec.edns_version = c->o.edns_version;
	j->spec.edns_flags = c->o.edns_flags;
	j->spec.ixfr_soa = c->o.ixfr_soa;
	j->spec.ixfr_serial = c->o.ixfr_serial;
	j->spec.udp_size = learned && c->small_until != 0 &&
	    c->o.udp_size > 512 ? 512 : c->o.udp_size;
}

/* What to ask a new query with: the options, less what was learned. */
static void
job_setup(struct dnstk_client *c, struct job *j)
{
	int64_t now = dnstk_net_now_ms();
	char w[96];

	if (c->no_edns_until != 0 && now >= c->no_edns_until) {
		c->no_edns_until = 0;
		note(&j->ans->learned, "%s: trying EDNS again",
		    client_where(c, w, sizeof(w)));
	}
	if (c->small_until != 0 && now >= c->small_until) {
		c->small_until = 0;
	}
	j->srv = 0;
	job_reset(c, j, true);
}

/*
 * The query got no answer from its server (`why`): ask the next one,
 * from the start, with its own tries, and note it once.
 */
static void
job_failover(struct dnstk_client *c, struct job *j, const char *why)
{
	char w[96];

	j->srv++;
	note(&j->ans->notes, "%s; trying the next server, %s", why,
	    client_job_where(c, j, w, sizeof(w)));
	j->ans->errmsg[0] = '\0';
	j->ans->status = 0;
	dnstk_buf_reset(&j->ans->wire);
	dnstk_buf_reset(&j->ans->more);
	job_reset(c, j, false);
	job_send(c, j);
}

/* ---- answers and timeouts ---------------------------------------------- */

/* The OPT version of a response, or -1 without OPT. */
static int
resp_edns(const struct dnstk_msg *m)
{
	struct dnstk_edns ed;

	dnstk_msg_edns(m, &ed);
	return ed.present ? ed.version : -1;
}

/*
 * The EDNS fallbacks that need the parsed answer (FORMERR or NOTIMP
 * without OPT, BADVERS).  Returns true when the query was sent again;
 * otherwise keeps the parsed answer (NULL when it does not parse).
 */
static bool
job_edns_fallback(struct dnstk_client *c, struct job *j)
{
	struct dnstk_answer *a = j->ans;
	struct dnstk_msg *m = NULL;
	const char *rc;
	unsigned rcode;
	int v;

	if (dnstk_msg_from_wire(&m, (uint8_t *)a->wire.data, a->wire.len,
	    NULL) != 0) {
		return false;
	}
	rcode = dnstk_msg_rcode(m);
	v = resp_edns(m);
	rc = rcode == RCODE_FORMERR ? "FORMERR" : "NOTIMP";
	if ((rcode == RCODE_FORMERR || rcode == RCODE_NOTIMP) && v < 0) {
		if (j->spec.edns_flags & DNSTK_EDNS_DO) {
			note(&a->notes, "%s to an EDNS query with DO set: not "
			    "retrying without EDNS", rc);
		} else {
			note(&a->notes, "%s to an EDNS query, retrying "
			    "without EDNS", rc);
			learn_no_edns(c, j, rcode == RCODE_FORMERR ?
			    "answered FORMERR to EDNS" :
			    "answered NOTIMP to EDNS");
			j->spec.edns = false;
			dnstk_msg_free(m);
			job_retry(c, j);
			return true;
		}
	}
	if (rcode == RCODE_BADVERS && v >= 0 && v < j->spec.edns_version &&
	    !j->badvers_retried) {
		note(&a->notes, "BADVERS: the server speaks EDNS version %d, "
		    "retrying with it", v);
		j->spec.edns_version = (uint8_t)v;
		j->badvers_retried = true;
		dnstk_msg_free(m);
		job_retry(c, j);
		return true;
	}
	dnstk_msg_free(a->msg);
	a->msg = m;
	return false;
}

/*
 * An answer matched the query (it is in j->ans->wire).  Only the header
 * decides on the TCP fallback and on whether an EDNS fallback can apply
 * at all; parsing the whole answer is otherwise left to the caller.
 */
void
client_job_answer(struct dnstk_client *c, struct job *j)
{
	const uint8_t *w = (const uint8_t *)j->ans->wire.data;
	size_t n = j->ans->wire.len;
	unsigned hrcode = w[3] & 0xfu;	/* >= 12 bytes: matched */

	client_job_unsock(c, j);
	if (!j->tcp && (w[2] & (DNSTK_FLAG_TC >> 8)) && !c->o.ignore_tc) {
		note(&j->ans->notes, "truncated answer over UDP, retrying "
		    "over TCP");
		j->tcp = true;
		job_retry(c, j);
		return;
	}
	if (!j->raw && j->spec.edns && c->o.fallback &&
	    (hrcode == RCODE_FORMERR || hrcode == RCODE_NOTIMP ||
	    j->spec.edns_version > 0) && job_edns_fallback(c, j)) {
		return;
	}
	learn_from(c, j, w, n);
	client_job_finish(c, j, 0, NULL);
}

/*
 * An attempt went unanswered.  The tries are one budget for the whole
 * query on this server, not one per fallback step: each timeout uses
 * one and moves to the next step (payload 512, then no EDNS) while
 * there is one.  So a dead server costs `tries` timeouts, as in dig
 * with the same +tries, however many steps there are.
 */
static void
job_timeout(struct dnstk_client *c, struct job *j)
{
	bool edns = !j->raw && j->spec.edns && c->o.fallback;
	bool do_set = (j->spec.edns_flags & DNSTK_EDNS_DO) != 0;
	char w[96];

	client_job_unsock(c, j);
	j->tries_left--;
	j->edns_timeouts |= !j->raw && j->spec.edns;
	if (j->tries_left <= 0) {
		if (edns && do_set && j->spec.udp_size <= 512) {
			note(&j->ans->notes, "no answer to EDNS query with DO "
			    "set: not retrying without EDNS");
		}
		client_job_finish(c, j, DNSTK_ETIMEOUT, "no answer from %s: "
		    "timed out", client_job_where(c, j, w, sizeof(w)));
		return;
	}
	if (edns && j->spec.udp_size > 512) {
		note(&j->ans->notes, "no answer to EDNS query with payload %u, "
		    "retrying with 512", j->spec.udp_size);
		j->spec.udp_size = 512;
	} else if (edns && !do_set) {
		note(&j->ans->notes, "no answer to EDNS query, retrying "
		    "without EDNS");
		j->spec.edns = false;
	}
	job_send(c, j);
}

static void
check_deadlines(struct dnstk_client *c, int64_t now)
{
	unsigned i;

	c->min_deadline = INT64_MAX;
	for (i = 0; i < c->njobs; i++) {
		struct job *j = &c->jobs[i];

		if (j->state == JOB_WAITFD) {
			c->nwait--;
			job_send(c, j);
		} else if (j->state == JOB_UDP && now >= j->deadline) {
			job_timeout(c, j);
		} else if ((j->state == JOB_UDP || j->state == JOB_SEND) &&
		    j->deadline < c->min_deadline) {
			c->min_deadline = j->deadline;
		}
	}
}

/* One round: send, wait, read, time out.  0 or DNSTK_ESYS. */
static int
client_round(struct dnstk_client *c, struct dnstk_err *err)
{
	int64_t now;
	size_t n, k;
	int wait, r;

	client_flush_sends(c);
	n = client_poll_setup(c, dnstk_net_now_ms(), &wait);
	if (n == 0 && wait < 0) {
		return 0;
	}
	r = poll(c->pfd, n, wait);
	if (r < 0 && errno != EINTR) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0, "poll: %s",
		    strerror(errno));
	}
	now = dnstk_net_now_ms();
	for (k = 0; r > 0 && k < n; k++) {
		if (c->pfd[k].revents == 0) {
			continue;
		}
		if (c->pjob[k] < 0) {
			client_pool_recv(c, (unsigned)(-1 - c->pjob[k]), now);
		} else if (c->jobs[c->pjob[k]].state == JOB_UDP) {
			client_own_recv(c, &c->jobs[c->pjob[k]], now);
		}
	}
	if (now >= c->min_deadline || c->nwait != 0) {
		check_deadlines(c, now);
	}
	return 0;
}

int
dnstk_client_next(struct dnstk_client *c, struct dnstk_answer **a,
    struct dnstk_err *err)
{
	int r;

	while (c->done_head == NULL) {
		if (c->active == 0) {
			return 0;
		}
		r = client_round(c, err);
		if (r != 0) {
			return r;
		}
	}
	*a = c->done_head;
	c->done_head = (*a)->next;
	if (c->done_head == NULL) {
		c->done_tail = NULL;
	}
	(*a)->next = NULL;
	return 1;
}

/* ---- set-up and submission -------------------------------------------- */

int
dnstk_client_new(struct dnstk_client **cp, const struct dnstk_server *s,
    const struct dnstk_client_opts *o, unsigned inflight,
    struct dnstk_err *err)
{
	return dnstk_client_new_multi(cp, s, 1, o, inflight, err);
}

int
dnstk_client_new_multi(struct dnstk_client **cp,
    const struct dnstk_server *s, unsigned ns,
    const struct dnstk_client_opts *o, unsigned inflight,
    struct dnstk_err *err)
{
	struct dnstk_client *c;
	int r;

	*cp = NULL;
	if (ns == 0 || ns > 255) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "%u servers: 1 to 255 can be asked", ns);
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->servers = calloc(ns,
	    sizeof(*c->servers))) == NULL) {
		free(c);
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	memcpy(c->servers, s, ns * sizeof(*s));
	c->nservers = ns;
	c->server = s[0];
	c->o = *o;
	c->o.rotate = o->rotate != 0 ? o->rotate : DNSTK_CLIENT_ROTATE;
	c->o.relearn_ms = o->relearn_ms > 0 ? o->relearn_ms :
	    DNSTK_CLIENT_RELEARN_MS;
	c->o.tries = o->tries > 0 ? o->tries : 1;
	c->o.options = NULL;
	dnstk_buf_init(&c->opts);
	r = dnstk_buf_add(&c->opts, o->options, o->options_len);
	if (r == 0) {
		r = client_alloc(c, inflight);
	}
	if (r != 0) {
		dnstk_client_free(c);
		return dnstk_err_set(err, r == DNSTK_ENOMEM ? r : DNSTK_ESYS,
		    NULL, 0, "cannot set up the client: %s", r == DNSTK_ENOMEM ?
		    "out of memory" : strerror(-r));
	}
	*cp = c;
	return 0;
}

void
dnstk_client_free(struct dnstk_client *c)
{
	struct dnstk_answer *a;
	unsigned i;

	if (c == NULL) {
		return;
	}
	for (i = 0; c->jobs != NULL && i < c->njobs; i++) {
		if (c->jobs[i].fd >= 0) {
			close(c->jobs[i].fd);
		}
		dnstk_answer_free(c->jobs[i].ans);
		dnstk_buf_release(&c->jobs[i].query);
	}
	for (i = 0; c->socks != NULL && i < c->nsocks; i++) {
		if (c->socks[i].fd >= 0) {
			close(c->socks[i].fd);
		}
	}
	while ((a = c->done_head) != NULL) {
		c->done_head = a->next;
		dnstk_answer_free(a);
	}
	free(c->jobs);
	free(c->sendq);
	free(c->socks);
	free(c->bucket);
	free(c->pfd);
	free(c->pjob);
	free(c->pkts);
	free(c->servers);
	dnstk_buf_release(&c->opts);
	free(c);
}

unsigned
dnstk_client_room(const struct dnstk_client *c)
{
	return c->njobs - c->active;
}

const struct dnstk_net_stats *
dnstk_client_stray(const struct dnstk_client *c)
{
	return &c->stray;
}

/* A free job with a fresh answer, or NULL (no room, no memory). */
static struct job *
job_take(struct dnstk_client *c, void *user, int *rc)
{
	struct job *j = NULL;
	unsigned k;

	*rc = -EBUSY;
	for (k = 0; c->active < c->njobs && k < c->njobs; k++) {
		j = &c->jobs[(c->next_free + k) % c->njobs];
		if (j->state == JOB_FREE && j->ans == NULL) {
			break;
		}
		j = NULL;
	}
	if (j == NULL) {
		return NULL;
	}
	c->next_free = (unsigned)(j - c->jobs) + 1;
	*rc = DNSTK_ENOMEM;
	j->ans = dnstk_answer_new(user);
	if (j->ans == NULL) {
		return NULL;
	}
	j->raw = false;
	c->active++;
	*rc = 0;
	return j;
}

int
dnstk_client_submit(struct dnstk_client *c, const uint8_t *qname,
    size_t qlen, uint16_t qtype, uint16_t qclass, void *user)
{
	struct job *j;
	int rc;

	if (qlen == 0 || qlen > sizeof(j->spec.qname)) {
		return DNSTK_EINPUT;
	}
	j = job_take(c, user, &rc);
	if (j == NULL) {
		return rc;
	}
	memset(&j->spec, 0, sizeof(j->spec));
	memcpy(j->spec.qname, qname, qlen);
	j->spec.qname_len = qlen;
	j->spec.qtype = qtype;
	j->spec.qclass = qclass;
	job_setup(c, j);
	job_send(c, j);
	return 0;
}

int
dnstk_client_submit_raw(struct dnstk_client *c, const uint8_t *wire,
    size_t len, void *user)
{
	struct job *j;
	int rc;

	if (len < 12 || len > 65535) {
		return DNSTK_EINPUT;
	}
	j = job_take(c, user, &rc);
	if (j == NULL) {
		return rc;
	}
	j->raw = true;
	dnstk_buf_reset(&j->query);
	if (dnstk_buf_add(&j->query, wire, len) != 0) {
		client_job_finish(c, j, DNSTK_ENOMEM, "out of memory");
		return 0;
	}
	job_setup(c, j);
	job_send(c, j);
	return 0;
}

int
dnstk_client_query(const struct dnstk_server *s,
    const struct dnstk_client_opts *o, const char *name, uint16_t qtype,
    uint16_t qclass, struct dnstk_answer **a, struct dnstk_err *err)
{
	struct dnstk_client *c = NULL;
	struct dnstk_qspec q;
	const struct dnstk_msg *m;
	int r;

	*a = NULL;
	r = dnstk_qname_parse(&q, name);
	if (r == DNSTK_ENOMEM) {
		return dnstk_err_set(err, r, NULL, 0, "out of memory");
	}
	if (r != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "'%s': bad domain name", name);
	}
	r = dnstk_client_new(&c, s, o, 1, err);
	if (r != 0) {
		return r;
	}
	r = dnstk_client_submit(c, q.qname, q.qname_len, qtype, qclass, NULL);
	if (r == 0) {
		r = dnstk_client_next(c, a, err);
		r = r == 1 ? 0 : r == 0 ? dnstk_err_set(err, DNSTK_ESYS, NULL,
		    0, "no query in flight") : r;
	} else {
		dnstk_err_set(err, r, NULL, 0, "%s", dnstk_strerror(r));
	}
	if (r == 0 && (*a)->status == 0) {
		(void)dnstk_answer_msg(*a, &m, NULL);
	}
	dnstk_client_free(c);
	return r;
}
