/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/net/listen: address parsing and its refusals,
 * start-up refusals, and a listener on 127.0.0.1 port 0 driven over UDP
 * and TCP: answers, dropped queries, a failing handler, two responses to
 * one query, pipelined TCP queries, a client that leaves mid-message, an
 * idle client cut off, an address the host does not have.  Every wait is
 * bounded.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/listen.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

#define WAIT_MS 3000

/*
 * The handler: the query back with QR set, except when its first ID
 * octet says otherwise: 0xee drop, 0xdd fail, 0xcc two responses.
 */
static int
echo(void *arg, const struct dnstk_listen_query *q, struct dnstk_buf *out)
{
	uint8_t l[2] = { (uint8_t)(q->len >> 8), (uint8_t)q->len };
	int copies = 1, i, r = 0;

	(void)arg;
	if (q->len < 12 || q->wire[0] == 0xee) {
		return 0;
	}
	if (q->wire[0] == 0xdd) {
		return DNSTK_EINPUT;
	}
	if (q->wire[0] == 0xcc) {
		copies = 2;
	}
	for (i = 0; i < copies; i++) {
		size_t at = out->len;

		r |= dnstk_buf_add(out, l, 2);
		r |= dnstk_buf_add(out, q->wire, q->len);
		if (r == 0) {
			out->data[at + 2 + 2] |= (char)0x80;	/* QR */
			if (copies == 2) {
				out->data[at + 2 + 1] = (char)i;	/* which */
			}
		}
	}
	return r;
}

static void
query(uint8_t *q, uint8_t id0, uint8_t id1)
{
	static const uint8_t base[17] = {
		0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		0, 0, 1, 0, 1,	/* root, A, IN */
	};

	memcpy(q, base, sizeof(base));
	q[0] = id0;
	q[1] = id1;
}

/* Wait for `fd` to be readable: 1 yes, 0 no within ms. */
static int
readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, ms) > 0;
}

static int
udp_to(uint16_t port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	return fd;
}

static int
tcp_to(uint16_t port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read exactly n bytes within WAIT_MS; 0 or -1. */
static int
read_n(int fd, uint8_t *dst, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r;

		if (!readable(fd, WAIT_MS)) {
			return -1;
		}
		r = read(fd, dst + got, n - got);
		if (r <= 0) {
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static void
test_conf(void)
{
	struct dnstk_listen_conf c;
	struct dnstk_listener *l = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	char longname[120];
	int i;

	dnstk_listen_conf_init(&c);
	tap_int(c.port, 53, "conf: port 53 by default");
	tap_int(dnstk_listen_conf_add(&c, "[::1]", &e), 0,
	    "conf: a bracketed IPv6 address");
	tap_int(c.addr[0].ss_family, AF_INET6, "conf: ... is IPv6");
	tap_int(dnstk_listen_conf_add(&c, "nope", &e), DNSTK_EUSAGE,
	    "conf: a name is no address");
	tap_str(e.msg, "'nope' is not an IPv4 or IPv6 address",
	    "conf: says so");
	memset(longname, '1', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	tap_int(dnstk_listen_conf_add(&c, longname, &e), DNSTK_EUSAGE,
	    "conf: an overlong address");
	tap_int(dnstk_listen_conf_add(&c, "[]", &e), DNSTK_EUSAGE,
	    "conf: empty brackets");
	for (i = 1; i < DNSTK_LISTEN_ADDRS_MAX; i++) {
		dnstk_listen_conf_add(&c, "127.0.0.1", &e);
	}
	tap_int((long long)c.naddr, DNSTK_LISTEN_ADDRS_MAX,
	    "conf: 16 addresses taken");
	tap_int(dnstk_listen_conf_add(&c, "127.0.0.1", &e), DNSTK_EUSAGE,
	    "conf: a 17th is refused");
	tap_str(e.msg, "more than 16 listen addresses", "conf: says how many");

	dnstk_listen_conf_init(&c);
	c.fn = echo;
	tap_int(dnstk_listen_start(&l, &c, &e), DNSTK_EUSAGE,
	    "start: no address");
	tap_str(e.msg, "nothing to listen on", "start: says so");
	dnstk_listen_conf_add(&c, "127.0.0.1", &e);
	c.threads = DNSTK_LISTEN_THREADS_MAX + 1;
	tap_int(dnstk_listen_start(&l, &c, &e), DNSTK_EUSAGE,
	    "start: too many threads");
	c.threads = 1;
	c.fn = NULL;
	tap_int(dnstk_listen_start(&l, &c, &e), DNSTK_EUSAGE,
	    "start: no handler");
	tap_ok(l == NULL, "start: *out untouched on failure");
	dnstk_listen_free(NULL);
}

static void
test_bind_failures(void)
{
	struct dnstk_listen_conf c;
	struct dnstk_listener *l = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	int r;

	/* 192.0.2.1 (TEST-NET-1) is no address of this host. */
	dnstk_listen_conf_init(&c);
	c.fn = echo;
	c.port = 0;
	dnstk_listen_conf_add(&c, "192.0.2.1", &e);
	r = dnstk_listen_start(&l, &c, &e);
	tap_int(r, DNSTK_ENET, "bind: an address the host lacks");
	tap_ok(strstr(e.msg, "192.0.2.1") != NULL,
	    "bind: '%s' names the address", e.msg);
	if (r == 0) {
		dnstk_listen_free(l);
		l = NULL;
	}
	/* Marked optional, it is left out; another address still works. */
	dnstk_listen_conf_add(&c, "127.0.0.1", &e);
	c.optional = 1;
	for (int try = 0; try < 10; try++) {	/* port 0: see below */
		r = dnstk_listen_start(&l, &c, &e);
		if (r != DNSTK_ENET) {
			break;
		}
	}
	tap_int(r, 0, "bind: an optional missing address is skipped");
	if (r == 0) {
		char name[64];

		tap_int((long long)dnstk_listen_count(l), 1,
		    "bind: one address bound");
		snprintf(name, sizeof(name), "127.0.0.1#%u",
		    dnstk_listen_port(l));
		tap_str(dnstk_listen_name(l, 0, name, sizeof(name)) ? name :
		    "", name, "bind: its name");
		dnstk_listen_free(l);
	}
}

static void
test_traffic(void)
{
	struct dnstk_listen_conf c;
	struct dnstk_listener *l = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	uint8_t q[17], r[600], two[2 * 19];
	char name[64], want[64];
	uint16_t port;
	int u, t, rc;
	ssize_t n;

	dnstk_listen_conf_init(&c);
	c.port = 0;
	c.threads = 2;
	c.tcp_idle_ms = 300;
	c.fn = echo;
	dnstk_listen_conf_add(&c, "127.0.0.1", &e);
	/*
	 * Port 0: the UDP sockets pick a port, then TCP binds the same
	 * number, which another program may hold over TCP (tests run in
	 * parallel): try again then, as tests/helpers/serve.bash does.
	 */
	for (int try = 0; try < 10; try++) {
		rc = dnstk_listen_start(&l, &c, &e);
		if (rc != DNSTK_ENET) {
			break;
		}
	}
	tap_int(rc, 0, "listen: started on 127.0.0.1 port 0");
	if (rc != 0) {
		return;
	}
	port = dnstk_listen_port(l);
	tap_ok(port != 0, "listen: a port was picked (%u)", port);
	snprintf(want, sizeof(want), "127.0.0.1#%u", port);
	tap_str(dnstk_listen_name(l, 0, name, sizeof(name)), want,
	    "listen: name of address 0");
	tap_ok(dnstk_listen_name(l, 1, name, sizeof(name)) == NULL,
	    "listen: no address 1");

	/* UDP */
	u = udp_to(port);
	query(q, 0x12, 0x34);
	send(u, q, sizeof(q), 0);
	n = readable(u, WAIT_MS) ? recv(u, r, sizeof(r), 0) : -1;
	tap_int(n, sizeof(q), "udp: an answer as long as the query");
	tap_ok(n > 2 && r[0] == 0x12 && r[1] == 0x34 && (r[2] & 0x80),
	    "udp: same ID, QR set");
	query(q, 0xcc, 0);
	send(u, q, sizeof(q), 0);
	n = readable(u, WAIT_MS) ? recv(u, r, sizeof(r), 0) : -1;
	tap_ok(n == sizeof(q) && r[1] == 0, "udp: the first of two responses");
	tap_ok(!readable(u, 200), "udp: and only the first");
	query(q, 0xee, 0);
	send(u, q, sizeof(q), 0);
	query(q, 0xdd, 0);
	send(u, q, sizeof(q), 0);
	tap_ok(!readable(u, 300), "udp: dropped and failed queries: silence");
	send(u, q, 5, 0);	/* a runt */
	query(q, 0x12, 0x35);
	send(u, q, sizeof(q), 0);
	n = readable(u, WAIT_MS) ? recv(u, r, sizeof(r), 0) : -1;
	tap_ok(n == sizeof(q) && r[0] == 0x12 && r[1] == 0x35,
	    "udp: still answering after all that");
	close(u);

	/* TCP: two pipelined queries in one write, then two responses. */
	t = tcp_to(port);
	two[0] = 0;
	two[1] = 17;
	query(two + 2, 0x01, 0x01);
	two[19] = 0;
	two[20] = 17;
	query(two + 21, 0xcc, 0x02);
	tap_ok(t >= 0 && write(t, two, sizeof(two)) == (ssize_t)sizeof(two),
	    "tcp: connected, two queries written at once");
	rc = read_n(t, r, 19);
	tap_ok(rc == 0 && r[1] == 17 && r[2] == 0x01 && (r[4] & 0x80),
	    "tcp: the first answer, length-prefixed");
	rc = read_n(t, r, 19) | read_n(t, r + 19, 19);
	tap_ok(rc == 0 && r[2] == 0xcc && r[3] == 0 && r[21] == 0xcc &&
	    r[22] == 1, "tcp: both responses to the second query");
	/* Silent now: cut off after tcp_idle_ms. */
	tap_ok(readable(t, WAIT_MS) && read(t, r, sizeof(r)) == 0,
	    "tcp: an idle client is disconnected");
	close(t);

	/* A client that leaves mid-message harms nobody. */
	t = tcp_to(port);
	if (t >= 0) {
		tap_ok(write(t, "\x00\x11\x12", 3) == 3,
		    "tcp: half a message written");
		close(t);
	}
	t = tcp_to(port);
	query(two + 2, 0x07, 0x07);
	if (t >= 0 && write(t, two, 19) == 19 && read_n(t, r, 19) == 0) {
		tap_ok(r[2] == 0x07, "tcp: the next client is answered");
	} else {
		tap_ok(0, "tcp: the next client is answered");
	}
	if (t >= 0) {
		close(t);
	}
	dnstk_listen_stop(l);
	dnstk_listen_free(l);
}

static void
test_peer_str(void)
{
	struct sockaddr_in a;
	struct sockaddr_in6 b;
	char s[64];

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(5353);
	inet_pton(AF_INET, "192.0.2.7", &a.sin_addr);
	tap_str(dnstk_listen_peer_str(s, sizeof(s), (struct sockaddr *)&a),
	    "192.0.2.7#5353", "peer: IPv4");
	memset(&b, 0, sizeof(b));
	b.sin6_family = AF_INET6;
	b.sin6_port = htons(53);
	inet_pton(AF_INET6, "2001:db8::1", &b.sin6_addr);
	tap_str(dnstk_listen_peer_str(s, sizeof(s), (struct sockaddr *)&b),
	    "2001:db8::1#53", "peer: IPv6");
}

int
main(void)
{
	test_conf();
	test_bind_failures();
	test_traffic();
	test_peer_str();
	return tap_done();
}
