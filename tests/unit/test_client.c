/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the client engine (lib/net/client.c) against the
 * dnsdouble test responder, started here once per mode and stopped by
 * its PID: fallbacks, TCP, many queries in flight on a socket pool, what
 * is learned about a server and when it is forgotten.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "net/client.h"
#include "net/qmsg.h"
#include "net/xfer.h"
#include "tap.h"

static pid_t double_pid = -1;
static struct dnstk_server server;

/* Start dnsdouble (next to this binary) in `mode`; 0 or -1. */
static int
double_start(const char *mode)
{
	char self[PATH_MAX], path[PATH_MAX + 16], mopt[128], port[16];
	struct dnstk_err err = DNSTK_ERR_INIT;
	int pfd[2];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0 || pipe(pfd) != 0) {
		return -1;
	}
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/dnsdouble", self);
	snprintf(mopt, sizeof(mopt), "--mode=%s", mode);
	double_pid = fork();
	if (double_pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		execl(path, path, "--lifetime=60", mode[0] ? mopt : (char *)NULL,
		    (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	memset(port, 0, sizeof(port));
	n = read(pfd[0], port, sizeof(port) - 1);	/* blocks until ready */
	close(pfd[0]);
	if (n <= 0) {
		return -1;
	}
	return dnstk_server_resolve(&server, "127.0.0.1",
	    (uint16_t)atoi(port), AF_UNSPEC, &err) == 0 ? 0 : -1;
}

static void
double_stop(void)
{
	if (double_pid > 0) {
		kill(double_pid, SIGTERM);
		waitpid(double_pid, NULL, 0);
		double_pid = -1;
	}
}

static void
fast_opts(struct dnstk_client_opts *o)
{
	dnstk_client_opts_init(o);
	o->timeout_ms = 200;
	o->tries = 3;	/* one per fallback step: 1232, 512, no EDNS */
}

/* One query for NAME A; the answer (caller frees) or NULL. */
static struct dnstk_answer *
ask(const struct dnstk_client_opts *o, const char *name)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_answer *a = NULL;

	if (dnstk_client_query(&server, o, name, LDNS_RR_TYPE_A,
	    LDNS_RR_CLASS_IN, &a, &err) != 0) {
		return NULL;
	}
	return a;
}

static int
has(const struct dnstk_buf *b, const char *s)
{
	return b->data != NULL && strstr(b->data, s) != NULL;
}

static void
test_plain(void)
{
	struct dnstk_client_opts o;
	struct dnstk_answer *a;

	fast_opts(&o);
	if (double_start("") != 0) {
		tap_ok(0, "dnsdouble starts");
		return;
	}
	a = ask(&o, "www.example.test");
	tap_ok(a != NULL && a->status == 0, "compliant: answered");
	tap_ok(a != NULL && a->msg != NULL && ldns_rr_list_rr_count(
	    a->msg->sec[DNSTK_SEC_ANSWER]) == 1, "compliant: parsed, one A");
	tap_ok(a != NULL && a->edns && !a->tcp && a->notes.len == 0,
	    "compliant: EDNS over UDP, no fallback");
	dnstk_answer_free(a);
	o.tcp = true;
	a = ask(&o, "www.example.test");
	tap_ok(a != NULL && a->status == 0 && a->tcp, "--tcp: over TCP");
	dnstk_answer_free(a);
	tap_ok(ask(&o, "a..b") == NULL, "bad name refused");
	double_stop();
}

/* The old one-exchange call, now a wrapper over the engine. */
static void
test_exchange(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_net_stats st;
	struct dnstk_buf q, resp;
	struct dnstk_qspec spec;

	memset(&spec, 0, sizeof(spec));
	memset(&st, 0, sizeof(st));
	dnstk_buf_init(&q);
	dnstk_buf_init(&resp);
	dnstk_qname_parse(&spec, "www.example.test");
	spec.id = 0x4242;
	spec.qtype = 1;
	spec.qclass = 1;
	dnstk_qspec_build(&q, &spec);
	if (double_start("always-tc,wrong-id") == 0) {
		tap_int(dnstk_net_exchange(&server, (uint8_t *)q.data, q.len,
		    false, 500, 1, &resp, &st, &err), 0, "exchange: answered");
		tap_ok(resp.len >= 12 && (resp.data[2] & 0x02) &&
		    (uint8_t)resp.data[0] == 0x42, "exchange: TC kept, own ID");
		tap_int((long long)st.wrong_id, 1, "exchange: wrong ID counted");
		double_stop();
	}
	if (double_start("drop-all") == 0) {
		tap_int(dnstk_net_exchange(&server, (uint8_t *)q.data, q.len,
		    false, 100, 2, &resp, &st, &err), DNSTK_ETIMEOUT,
		    "exchange: timeout");
		tap_ok(strstr(err.msg, "timed out") != NULL, "exchange: says so");
		double_stop();
	}
	dnstk_buf_release(&q);
	dnstk_buf_release(&resp);
}

static void
test_fallbacks(void)
{
	struct dnstk_client_opts o;
	struct dnstk_answer *a;

	fast_opts(&o);
	if (double_start("drop-edns") == 0) {
		a = ask(&o, "www.example.test");
		tap_ok(a != NULL && a->status == 0 && !a->edns,
		    "drop-edns: answered without EDNS");
		tap_ok(a != NULL && has(&a->notes, "retrying with 512") &&
		    has(&a->notes, "retrying without EDNS"),
		    "drop-edns: both fallbacks noted");
		dnstk_answer_free(a);
		o.edns_flags = DNSTK_EDNS_DO;
		a = ask(&o, "www.example.test");
		tap_ok(a != NULL && a->status == DNSTK_ETIMEOUT,
		    "drop-edns, DO set: no retry without EDNS, timeout");
		tap_ok(a != NULL && has(&a->notes, "with DO set"),
		    "drop-edns, DO set: noted");
		dnstk_answer_free(a);
		o.edns_flags = 0;
		o.fallback = false;
		a = ask(&o, "www.example.test");
		tap_ok(a != NULL && a->status == DNSTK_ETIMEOUT &&
		    a->notes.len == 0, "fallbacks off: just a timeout");
		dnstk_answer_free(a);
		o.fallback = true;
		double_stop();
	}
	if (double_start("always-tc") == 0) {
		a = ask(&o, "www.example.test");
		tap_ok(a != NULL && a->status == 0 && a->tcp,
		    "TC: retried over TCP");
		dnstk_answer_free(a);
		double_stop();
	}
	if (double_start("formerr-edns") == 0) {
		a = ask(&o, "www.example.test");
		tap_ok(a != NULL && a->status == 0 && !a->edns &&
		    has(&a->notes, "FORMERR to an EDNS query"),
		    "FORMERR: retried without EDNS");
		dnstk_answer_free(a);
		double_stop();
	}
}

/* Submit `n` queries q0..q(n-1) and check each answer is its own. */
static void
many(struct dnstk_client *c, int n, int *ok, int *mismatch)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_answer *a;
	struct dnstk_qspec q;
	char name[64], got[300];
	int sent = 0, i;
	ldns_rdf *qn;

	*ok = *mismatch = 0;
	for (;;) {
		while (sent < n && dnstk_client_room(c) > 0) {
			snprintf(name, sizeof(name), "q%d.example.test", sent);
			dnstk_qname_parse(&q, name);
			if (dnstk_client_submit(c, q.qname, q.qname_len, 1, 1,
			    (void *)(long)sent) != 0) {
				(*mismatch)++;	/* counted as a failure */
			}
			sent++;
		}
		i = dnstk_client_next(c, &a, &err);
		if (i != 1) {
			break;
		}
		i = (int)(long)a->user;
		snprintf(name, sizeof(name), "q%d.example.test.", i);
		if (a->status == 0 && a->msg == NULL) {
			const struct dnstk_msg *m;

			(void)dnstk_answer_msg(a, &m, NULL);
		}
		qn = a->msg != NULL ? ldns_rr_owner(ldns_rr_list_rr(
		    a->msg->sec[DNSTK_SEC_QUESTION], 0)) : NULL;
		got[0] = '\0';
		if (qn != NULL) {
			char *t = ldns_rdf2str(qn);

			snprintf(got, sizeof(got), "%s", t);
			free(t);
		}
		*ok += a->status == 0;
		*mismatch += a->status == 0 && strcmp(got, name) != 0;
		dnstk_answer_free(a);
	}
}

static void
test_pool(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_client_opts o;
	struct dnstk_client *c = NULL;
	int ok, mismatch;

	fast_opts(&o);
	o.timeout_ms = 2000;
	o.sockets = 3;
	o.rotate = 7;	/* many rotations in 300 queries */
	if (double_start("") != 0) {
		return;
	}
	tap_int(dnstk_client_new(&c, &server, &o, 40, &err), 0, "pool client");
	tap_int(dnstk_client_room(c), 40, "room for 40 in flight");
	many(c, 300, &ok, &mismatch);
	tap_int(ok, 300, "pool: 300 of 300 answered");
	tap_int(mismatch, 0, "pool: every answer is its own query's");
	dnstk_client_free(c);
	double_stop();
	if (double_start("wrong-id") == 0) {
		c = NULL;
		tap_int(dnstk_client_new(&c, &server, &o, 8, &err), 0,
		    "pool client, wrong-id double");
		many(c, 20, &ok, &mismatch);
		tap_int(ok, 20, "wrong IDs first: still all answered");
		tap_int(mismatch, 0, "wrong IDs first: none taken");
		tap_ok(dnstk_client_stray(c)->wrong_id >= 20,
		    "wrong IDs counted as stray");
		dnstk_client_free(c);
		double_stop();
	}
}

/* Learning no EDNS needs evidence, is reported, and expires. */
static void
test_learning(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_client_opts o;
	struct dnstk_client *c = NULL;
	struct dnstk_answer *a;
	struct dnstk_qspec q;
	const char *names[] = { "a.test", "drop1.test", "c.test" };
	bool edns[3] = { false, false, false };
	struct timespec ts = { 0, 400 * 1000000L };
	int i;

	fast_opts(&o);
	if (double_start("drop-named") == 0) {
		dnstk_client_new(&c, &server, &o, 1, &err);
		for (i = 0; i < 3; i++) {
			dnstk_qname_parse(&q, names[i]);
			dnstk_client_submit(c, q.qname, q.qname_len, 1, 1, NULL);
			if (dnstk_client_next(c, &a, &err) == 1) {
				edns[i] = a->status == 0 && a->edns;
				tap_ok(a->learned.len == 0, "%s: nothing learned",
				    names[i]);
				dnstk_answer_free(a);
			}
		}
		tap_ok(edns[0] && !edns[1] && edns[2], "one lost query "
		    "falls back alone; the next asks with EDNS");
		dnstk_client_free(c);
		double_stop();
	}
	o.relearn_ms = 300;
	if (double_start("drop-edns") == 0) {
		c = NULL;
		dnstk_client_new(&c, &server, &o, 1, &err);
		dnstk_qname_parse(&q, "a.test");
		dnstk_client_submit(c, q.qname, q.qname_len, 1, 1, NULL);
		dnstk_client_next(c, &a, &err);
		tap_ok(has(&a->learned, "sending the next queries without "
		    "EDNS"), "no EDNS at all: learned and reported");
		dnstk_answer_free(a);
		dnstk_client_submit(c, q.qname, q.qname_len, 1, 1, NULL);
		dnstk_client_next(c, &a, &err);
		tap_ok(!a->edns && a->notes.len == 0, "then used at once");
		dnstk_answer_free(a);
		nanosleep(&ts, NULL);
		dnstk_client_submit(c, q.qname, q.qname_len, 1, 1, NULL);
		dnstk_client_next(c, &a, &err);
		tap_ok(has(&a->learned, "trying EDNS again"),
		    "forgotten after a while, and reported");
		dnstk_answer_free(a);
		dnstk_client_free(c);
		double_stop();
	}
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_plain();
	test_exchange();
	test_fallbacks();
	test_pool();
	test_learning();
	double_stop();
	return tap_done();
}
