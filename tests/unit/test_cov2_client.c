/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/net/client: the engine's refusals (server
 * counts, question lengths, raw messages too short or too long, a bad
 * name), an answer that failed, a client freed with queries in flight and
 * answers not taken, and queries that wait for a file descriptor when the
 * process has none left (RLIMIT_NOFILE).  Answers come from the dnsdouble
 * test responder (A 192.0.2.1 for every name), started here.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "net/client.h"
#include "tap.h"

static pid_t double_pid = -1;
static struct dnstk_server server;

/* Start dnsdouble (next to this binary); 0 or -1. */
static int
double_start(void)
{
	char self[PATH_MAX], path[PATH_MAX + 16], port[16];
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
	double_pid = fork();
	if (double_pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		execl(path, path, "--lifetime=60", (char *)NULL);
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
	o->timeout_ms = 500;
	o->tries = 3;
}

/* "www.example." in wire form. */
static const uint8_t www[] = "\3www\7example";
#define WWW_LEN 13

/* 1 when answer a is NOERROR with the double's A 192.0.2.1. */
static int
answered(struct dnstk_answer *a)
{
	const struct dnstk_msg *m = NULL;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rr *rr;

	if (a == NULL || a->status != 0 ||
	    dnstk_answer_msg(a, &m, &err) != 0 || m == NULL ||
	    ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]) != 1) {
		return 0;
	}
	rr = ldns_rr_list_rr(m->sec[DNSTK_SEC_ANSWER], 0);
	return ldns_rr_get_type(rr) == LDNS_RR_TYPE_A &&
	    ldns_rdf_size(ldns_rr_rdf(rr, 0)) == 4 &&
	    memcmp(ldns_rdf_data(ldns_rr_rdf(rr, 0)), "\300\0\2\1", 4) == 0;
}

static void
test_refusals(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_client_opts o;
	struct dnstk_client *c = NULL;
	struct dnstk_answer *a = NULL;
	struct dnstk_server many[256];
	uint8_t big[300], raw[70000];

	fast_opts(&o);
	tap_int(dnstk_client_new_multi(&c, &server, 0, &o, 1, &err),
	    DNSTK_EUSAGE, "refuse: no server");
	tap_str(err.msg, "0 servers: 1 to 255 can be asked",
	    "refuse: says how many may be asked");
	for (int i = 0; i < 256; i++) {
		many[i] = server;
	}
	tap_int(dnstk_client_new_multi(&c, many, 256, &o, 1, &err),
	    DNSTK_EUSAGE, "refuse: 256 servers");
	tap_ok(c == NULL, "refuse: no client made");

	if (dnstk_client_new(&c, &server, &o, 2, &err) != 0) {
		tap_ok(0, "client: made");
		return;
	}
	memset(big, 1, sizeof(big));
	tap_int(dnstk_client_submit(c, www, 0, LDNS_RR_TYPE_A,
	    LDNS_RR_CLASS_IN, NULL), DNSTK_EINPUT, "submit: an empty name");
	tap_int(dnstk_client_submit(c, big, sizeof(big), LDNS_RR_TYPE_A,
	    LDNS_RR_CLASS_IN, NULL), DNSTK_EINPUT,
	    "submit: a name past 255 octets");
	memset(raw, 0, sizeof(raw));
	tap_int(dnstk_client_submit_raw(c, raw, 11, NULL), DNSTK_EINPUT,
	    "submit raw: 11 octets are no message");
	tap_int(dnstk_client_submit_raw(c, raw, 65536, NULL), DNSTK_EINPUT,
	    "submit raw: 65536 octets cannot go over TCP");
	dnstk_client_free(c);

	tap_int(dnstk_client_query(&server, &o, "a..b", LDNS_RR_TYPE_A,
	    LDNS_RR_CLASS_IN, &a, &err), DNSTK_EINPUT,
	    "query: a bad domain name");
	tap_str(err.msg, "'a..b': bad domain name", "query: names it");
	tap_ok(a == NULL, "query: no answer");
}

static void
test_failed_answer(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_client_opts o;
	struct dnstk_server dead;
	struct dnstk_answer *a = NULL;
	const struct dnstk_msg *m = NULL;
	int r;

	/* port 1 of the loopback over TCP: nothing listens, refused at once */
	dead = server;
	if (dnstk_server_resolve(&dead, "127.0.0.1", 1, AF_UNSPEC, &err) !=
	    0) {
		tap_ok(0, "dead: resolved");
		return;
	}
	fast_opts(&o);
	o.tcp = true;
	o.tries = 1;
	r = dnstk_client_query(&dead, &o, "www.example.", LDNS_RR_TYPE_A,
	    LDNS_RR_CLASS_IN, &a, &err);
	tap_int(r, 0, "dead: the query ran (its answer says how it failed)");
	tap_ok(a != NULL && a->status != 0, "dead: the answer failed (%d)",
	    a != NULL ? a->status : 0);
	if (a != NULL) {
		tap_int(dnstk_answer_msg(a, &m, &err), a->status,
		    "dead: no message, the failure instead");
		tap_ok(m == NULL, "dead: nothing to read");
	}
	dnstk_answer_free(a);
}

static void
test_free_busy(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_client_opts o;
	struct dnstk_client *c = NULL;
	struct dnstk_answer *a = NULL;
	int i, ok = 1;

	fast_opts(&o);
	if (dnstk_client_new(&c, &server, &o, 8, &err) != 0) {
		tap_ok(0, "busy: client made");
		return;
	}
	for (i = 0; i < 8; i++) {
		ok &= dnstk_client_submit(c, www, WWW_LEN, LDNS_RR_TYPE_A,
		    LDNS_RR_CLASS_IN, NULL) == 0;
	}
	tap_ok(ok, "busy: 8 queries submitted");
	tap_int(dnstk_client_next(c, &a, &err), 1, "busy: one answer taken");
	tap_ok(answered(a), "busy: it is the double's A record");
	dnstk_answer_free(a);
	/* let the others arrive; they are never read */
	usleep(200000);
	dnstk_client_free(c);
	tap_ok(1, "busy: freed with 7 answers not read");

	/* freed with queries still in flight (no answer can come yet) */
	if (dnstk_client_new(&c, &server, &o, 4, &err) == 0) {
		for (i = 0; i < 4; i++) {
			(void)dnstk_client_submit(c, www, WWW_LEN,
			    LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, NULL);
		}
		dnstk_client_free(c);
		tap_ok(1, "busy: freed with 4 queries submitted");
	}
}

/* The number of open file descriptors of this process. */
static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL) {
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		n += e->d_name[0] != '.';
	}
	closedir(d);
	return n - 1;	/* the directory's own */
}

static void
test_few_fds(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_client_opts o;
	struct dnstk_client *c = NULL;
	struct dnstk_answer *a = NULL;
	struct rlimit old, low;
	int i, n = 0, good = 0, r, used = open_fds();

	if (used < 0 || getrlimit(RLIMIT_NOFILE, &old) != 0) {
		tap_ok(1, "fds: no /proc or rlimit here # SKIP");
		return;
	}
	fast_opts(&o);
	o.sockets = 0;		/* a socket per query, as dig does */
	if (dnstk_client_new(&c, &server, &o, 24, &err) != 0) {
		tap_ok(0, "fds: client made");
		return;
	}
	/* room for three sockets at a time, for 24 queries in flight */
	low = old;
	low.rlim_cur = (rlim_t)used + 8;
	if (setrlimit(RLIMIT_NOFILE, &low) != 0) {
		tap_ok(1, "fds: cannot lower the limit # SKIP");
		dnstk_client_free(c);
		return;
	}
	for (i = 0; i < 24; i++) {
		n += dnstk_client_submit(c, www, WWW_LEN, LDNS_RR_TYPE_A,
		    LDNS_RR_CLASS_IN, NULL) == 0;
	}
	while ((r = dnstk_client_next(c, &a, &err)) == 1) {
		good += answered(a);
		dnstk_answer_free(a);
		a = NULL;
	}
	setrlimit(RLIMIT_NOFILE, &old);
	tap_int(n, 24, "fds: 24 queries submitted with few descriptors");
	tap_int(r, 0, "fds: the client ends cleanly");
	tap_int(good, 24, "fds: every query answered, in turn");
	dnstk_client_free(c);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	alarm(120);
	if (double_start() != 0) {
		tap_ok(0, "dnsdouble starts");
		return tap_done();
	}
	test_refusals();
	test_failed_answer();
	test_free_busy();
	test_few_fds();
	double_stop();
	return tap_done();
}
