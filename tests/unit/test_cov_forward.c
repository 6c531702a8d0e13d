/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/serve/forward: the address parser, and the
 * forwarder against a scripted upstream on 127.0.0.1 (UDP and TCP on one
 * port) that answers, stays silent, answers with the wrong ID, truncates,
 * breaks off over TCP, sends malformed records, or sits on a dead port.
 * The cache is checked by counting the queries the upstream saw.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/forward.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

#define TIMEOUT_MS 150

enum mode {
	M_ANSWER,	/* one A record, TTL `ttl`, RCODE `rcode` */
	M_SILENT,	/* no reply */
	M_WRONG_ID,	/* a reply with another ID, then the right one */
	M_NOT_QR,	/* a "reply" without QR: not an answer */
	M_TC,		/* truncated over UDP, the answer over TCP */
	M_TC_SHORT,	/* truncated; TCP promises 100 octets, sends 5 */
	M_MALFORMED,	/* ANCOUNT 1 and no record */
	M_NEG,		/* NXDOMAIN, SOA TTL 3600, MINIMUM `ttl` */
};

static struct {
	_Atomic int mode;
	_Atomic unsigned ttl;
	_Atomic int rcode;
	_Atomic int udp_seen;
	_Atomic int tcp_seen;
	_Atomic int stop;
	int udp, tcp;
	uint16_t port;
} up;

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Build the reply to query `q` for the current mode into `r`. */
static size_t
reply(uint8_t *r, const uint8_t *q, size_t qlen, int tc, int over_tcp)
{
	size_t pos = 12, n;
	int mode = atomic_load(&up.mode);
	unsigned ttl = atomic_load(&up.ttl);

	while (pos < qlen && q[pos] != 0) {
		pos += 1u + q[pos];
	}
	pos += 5;	/* root label, type, class */
	if (pos > qlen) {
		return 0;
	}
	memcpy(r, q, pos);
	r[2] = (uint8_t)(0x81 | (tc ? 0x02 : 0));	/* QR RD (TC) */
	r[3] = (uint8_t)(0x80 | (atomic_load(&up.rcode) & 0xf));
	put16(r + 4, 1);
	put16(r + 6, 0);
	put16(r + 8, 0);
	put16(r + 10, 0);
	n = pos;
	if (mode == M_NOT_QR) {
		r[2] &= 0x7f;
	}
	if (mode == M_MALFORMED) {
		put16(r + 6, 1);	/* promised, never sent */
		return n;
	}
	if (mode == M_NEG) {
		static const uint8_t soa_rdata[] = {
			0, 0,	/* mname ".", rname "." */
			0, 0, 0, 1, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10,
			0, 0x12, 0x75, 0, 0, 0, 0, 0,
		};

		r[3] = 0x83;	/* RA, NXDOMAIN */
		put16(r + 8, 1);
		r[n++] = 0;	/* owner: the root */
		put16(r + n, 6);
		put16(r + n + 2, 1);
		put32(r + n + 4, 3600);
		put16(r + n + 8, sizeof(soa_rdata));
		n += 10;
		memcpy(r + n, soa_rdata, sizeof(soa_rdata));
		put32(r + n + sizeof(soa_rdata) - 4, ttl);	/* MINIMUM */
		return n + sizeof(soa_rdata);
	}
	if (tc && !over_tcp) {
		return n;
	}
	put16(r + 6, 1);
	r[n++] = 0xc0;
	r[n++] = 12;
	put16(r + n, 1);
	put16(r + n + 2, 1);
	put32(r + n + 4, ttl);
	put16(r + n + 8, 4);
	n += 10;
	memcpy(r + n, "\xc0\x00\x02\x01", 4);
	return n + 4;
}

static void *
udp_run(void *arg)
{
	uint8_t q[1500], r[1500];
	struct sockaddr_storage from;
	socklen_t fl;
	ssize_t n;
	size_t rl;

	(void)arg;
	while (!atomic_load(&up.stop)) {
		struct pollfd p = { up.udp, POLLIN, 0 };
		int mode;

		if (poll(&p, 1, 50) <= 0) {
			continue;
		}
		fl = sizeof(from);
		n = recvfrom(up.udp, q, sizeof(q), 0, (struct sockaddr *)&from,
		    &fl);
		if (n < 12) {
			continue;
		}
		atomic_fetch_add(&up.udp_seen, 1);
		mode = atomic_load(&up.mode);
		if (mode == M_SILENT) {
			continue;
		}
		rl = reply(r, q, (size_t)n, mode == M_TC || mode == M_TC_SHORT,
		    0);
		if (mode == M_WRONG_ID) {
			r[1] ^= 0x5a;
			sendto(up.udp, r, rl, 0, (struct sockaddr *)&from, fl);
			r[1] ^= 0x5a;
		}
		sendto(up.udp, r, rl, 0, (struct sockaddr *)&from, fl);
	}
	return NULL;
}

static void *
tcp_run(void *arg)
{
	uint8_t q[1500], r[1500];

	(void)arg;
	while (!atomic_load(&up.stop)) {
		struct pollfd p = { up.tcp, POLLIN, 0 };
		size_t got = 0, want = 2, rl;
		int c;

		if (poll(&p, 1, 50) <= 0) {
			continue;
		}
		c = accept(up.tcp, NULL, NULL);
		if (c < 0) {
			continue;
		}
		atomic_fetch_add(&up.tcp_seen, 1);
		while (got < want) {
			struct pollfd cp = { c, POLLIN, 0 };
			ssize_t n;

			if (poll(&cp, 1, 2000) <= 0) {
				break;
			}
			n = read(c, q + got, want - got);
			if (n <= 0) {
				break;
			}
			got += (size_t)n;
			if (got == 2 && want == 2) {
				want = 2 + (((size_t)q[0] << 8) | q[1]);
				if (want > sizeof(q)) {
					break;
				}
			}
		}
		if (got == want && want > 14) {
			rl = reply(r + 2, q + 2, want - 2, 0, 1);
			if (atomic_load(&up.mode) == M_TC_SHORT) {
				put16(r, 100);
				rl = 5;
			} else {
				put16(r, (unsigned)rl);
			}
			if (write(c, r, rl + 2) < 0) {
				/* the client is gone: nothing to do */
			}
		}
		close(c);
	}
	return NULL;
}

static int
upstream_start(pthread_t *tu, pthread_t *tt)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	int one = 1;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	up.udp = socket(AF_INET, SOCK_DGRAM, 0);
	up.tcp = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(up.tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(up.udp, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(up.udp, (struct sockaddr *)&a, &l) != 0 ||
	    bind(up.tcp, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(up.tcp, 8) != 0) {
		return -1;
	}
	up.port = ntohs(a.sin_port);
	pthread_create(tu, NULL, udp_run, NULL);
	pthread_create(tt, NULL, tcp_run, NULL);
	return 0;
}

/* Wire form of a name given as "www.example". */
static size_t
wire_name(uint8_t *dst, const char *name)
{
	size_t n = 0;

	while (*name != '\0') {
		const char *dot = strchr(name, '.');
		size_t l = dot != NULL ? (size_t)(dot - name) : strlen(name);

		dst[n++] = (uint8_t)l;
		memcpy(dst + n, name, l);
		n += l;
		name += l + (dot != NULL);
	}
	dst[n++] = 0;
	return n;
}

static int
ask(struct dnstk_fwd *f, const char *name, uint16_t type,
    struct dnstk_buf *resp)
{
	uint8_t w[256];
	size_t l = wire_name(w, name);

	return dnstk_fwd_query(f, w, l, type, resp);
}

/* The TTL of the first answer record (after a one-name question). */
static long long
first_ttl(const struct dnstk_buf *r)
{
	const uint8_t *w = (const uint8_t *)r->data;
	size_t pos = 12;

	while (pos < r->len && w[pos] != 0) {
		pos += 1u + w[pos];
	}
	pos += 5 + 2 + 4;	/* question end, answer's pointer, type, class */
	if (pos + 4 > r->len) {
		return -1;
	}
	return ((long long)w[pos] << 24) | (w[pos + 1] << 16) |
	    (w[pos + 2] << 8) | w[pos + 3];
}

static void
test_spec(void)
{
	struct dnstk_fwd *f = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;

	tap_int(dnstk_fwd_new(&f, "[::1]#5353", 100, &e), 0,
	    "spec: [IPv6]#port");
	dnstk_fwd_free(f);
	f = NULL;
	tap_int(dnstk_fwd_new(&f, "::1", 100, &e), 0, "spec: bare IPv6");
	dnstk_fwd_free(f);
	f = NULL;
	dnstk_fwd_free(NULL);
	tap_int(dnstk_fwd_new(&f, "192.0.2.1#0", 100, &e), DNSTK_EUSAGE,
	    "spec: port 0");
	tap_str(e.msg, "--forward: bad port in '192.0.2.1#0'",
	    "spec: port 0 named");
	tap_int(dnstk_fwd_new(&f, "192.0.2.1#65536", 100, &e), DNSTK_EUSAGE,
	    "spec: port 65536");
	tap_int(dnstk_fwd_new(&f, "192.0.2.1#", 100, &e), DNSTK_EUSAGE,
	    "spec: empty port");
	tap_int(dnstk_fwd_new(&f, "192.0.2.1#53x", 100, &e), DNSTK_EUSAGE,
	    "spec: port with garbage");
	tap_int(dnstk_fwd_new(&f, "#53", 100, &e), DNSTK_EUSAGE,
	    "spec: no address");
	tap_str(e.msg, "--forward: '#53' is not an address",
	    "spec: no address named");
	tap_int(dnstk_fwd_new(&f, "[]", 100, &e), DNSTK_EUSAGE,
	    "spec: empty brackets");
	tap_str(e.msg, "--forward: '[]' is not an address",
	    "spec: the message quotes the whole argument");
	tap_int(dnstk_fwd_new(&f, "ns.example", 100, &e), DNSTK_EUSAGE,
	    "spec: a host name");
	tap_str(e.msg,
	    "--forward: 'ns.example' is not an IPv4 or IPv6 address",
	    "spec: host name named");
	tap_ok(f == NULL, "spec: *out untouched on failure");
}

static void
test_upstream(void)
{
	struct dnstk_fwd *f = NULL, *dead = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	struct dnstk_buf r;
	char spec[64];
	uint8_t big[300];
	int before;

	dnstk_buf_init(&r);
	snprintf(spec, sizeof(spec), "127.0.0.1#%u", up.port);
	if (dnstk_fwd_new(&f, spec, TIMEOUT_MS, &e) != 0) {
		tap_ok(0, "forward: set up (%s)", e.msg);
		return;
	}

	memset(big, 1, sizeof(big));
	tap_int(dnstk_fwd_query(f, big, sizeof(big), 1, &r), DNSTK_EINPUT,
	    "query: a name longer than 255 octets");

	atomic_store(&up.mode, M_ANSWER);
	atomic_store(&up.ttl, 300);
	tap_int(ask(f, "www.example", 1, &r), 0, "answer: over UDP");
	tap_ok(r.len > 12 && (r.data[2] & 0x80) && (r.data[3] & 0xf) == 0,
	    "answer: a NOERROR response");
	tap_int(first_ttl(&r), 300, "answer: TTL as sent");
	before = atomic_load(&up.udp_seen);
	tap_int(ask(f, "WWW.Example", 1, &r), 0, "cache: same name, other case");
	tap_int(atomic_load(&up.udp_seen), before,
	    "cache: served without asking upstream");
	tap_ok(first_ttl(&r) <= 300 && first_ttl(&r) >= 298,
	    "cache: TTL aged, never grown");
	tap_int(ask(f, "www.example", 28, &r), 0, "cache: another type");
	tap_int(atomic_load(&up.udp_seen), before + 1,
	    "cache: another type is another entry");

	atomic_store(&up.ttl, 0);
	before = atomic_load(&up.udp_seen);
	ask(f, "ttl0.example", 1, &r);
	tap_int(ask(f, "ttl0.example", 1, &r), 0, "ttl 0: answered");
	tap_int(atomic_load(&up.udp_seen), before + 2,
	    "ttl 0: never cached");

	atomic_store(&up.ttl, 300);
	atomic_store(&up.rcode, 2);
	before = atomic_load(&up.udp_seen);
	ask(f, "fail.example", 1, &r);
	tap_int(ask(f, "fail.example", 1, &r), 0, "servfail: passed on");
	tap_int(r.data[3] & 0xf, 2, "servfail: rcode 2");
	tap_int(atomic_load(&up.udp_seen), before + 2,
	    "servfail: never cached");
	atomic_store(&up.rcode, 0);

	atomic_store(&up.mode, M_WRONG_ID);
	tap_int(ask(f, "id.example", 1, &r), 0,
	    "wrong id: ignored, the right one taken");

	atomic_store(&up.mode, M_TC);
	before = atomic_load(&up.tcp_seen);
	tap_int(ask(f, "tc.example", 1, &r), 0, "truncated: retried over TCP");
	tap_int(atomic_load(&up.tcp_seen), before + 1,
	    "truncated: one TCP connection");
	tap_ok((r.data[2] & 0x02) == 0 && first_ttl(&r) == 300,
	    "truncated: the TCP answer, whole");

	atomic_store(&up.mode, M_TC_SHORT);
	tap_int(ask(f, "tcshort.example", 1, &r), DNSTK_ENET,
	    "truncated: a TCP answer cut short fails");

	atomic_store(&up.mode, M_MALFORMED);
	tap_int(ask(f, "bad.example", 1, &r), DNSTK_ENET,
	    "malformed: a missing record fails");

	atomic_store(&up.mode, M_SILENT);
	before = atomic_load(&up.udp_seen);
	tap_int(ask(f, "silent.example", 1, &r), DNSTK_ETIMEOUT,
	    "silent: times out");
	tap_int(atomic_load(&up.udp_seen), before + 2,
	    "silent: two UDP attempts");

	atomic_store(&up.mode, M_NOT_QR);
	tap_int(ask(f, "noqr.example", 1, &r), DNSTK_ETIMEOUT,
	    "no QR: not taken for an answer");

	/* A negative answer lives for min(SOA TTL, MINIMUM): 1 second. */
	atomic_store(&up.mode, M_NEG);
	atomic_store(&up.ttl, 1);
	before = atomic_load(&up.udp_seen);
	tap_int(ask(f, "nx.example", 1, &r), 0, "negative: answered");
	tap_int(r.data[3] & 0xf, 3, "negative: NXDOMAIN");
	ask(f, "nx.example", 1, &r);
	tap_int(atomic_load(&up.udp_seen), before + 1,
	    "negative: cached at first");
	sleep(2);
	ask(f, "nx.example", 1, &r);
	tap_int(atomic_load(&up.udp_seen), before + 2,
	    "negative: gone after MINIMUM seconds, not the SOA's 3600");

	dnstk_fwd_free(f);

	/* A dead port: ICMP port unreachable, at once. */
	snprintf(spec, sizeof(spec), "127.0.0.1#%u", up.port);
	atomic_store(&up.stop, 1);
	usleep(120000);
	close(up.udp);
	close(up.tcp);
	if (dnstk_fwd_new(&dead, spec, 2000, &e) == 0) {
		tap_int(ask(dead, "dead.example", 1, &r), DNSTK_ENET,
		    "dead port: refused, not a timeout");
	}
	dnstk_fwd_free(dead);
	dnstk_buf_release(&r);
}

int
main(void)
{
	pthread_t tu, tt;

	test_spec();
	if (upstream_start(&tu, &tt) != 0) {
		tap_ok(0, "upstream: listen on 127.0.0.1");
		return tap_done();
	}
	test_upstream();
	atomic_store(&up.stop, 1);
	pthread_join(tu, NULL);
	pthread_join(tt, NULL);
	return tap_done();
}
