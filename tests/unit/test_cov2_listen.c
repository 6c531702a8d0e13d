/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * More coverage tests for lib/net/listen: a listener on ::1 port 0, a UDP
 * datagram too big to be a query, a handler that writes a length prefix
 * longer than its answer, more TCP clients than the listener keeps, and
 * clients still connected when it stops.  Every wait is bounded (and an
 * alarm ends the whole test if a stop ever hangs).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
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
 * The handler: the query back with QR set; when the first ID octet is
 * 0xbb, a length prefix two octets longer than the message written.
 */
static int
echo(void *arg, const struct dnstk_listen_query *q, struct dnstk_buf *out)
{
	size_t len = q->len + (q->len >= 12 && q->wire[0] == 0xbb ? 2 : 0);
	uint8_t l[2] = { (uint8_t)(len >> 8), (uint8_t)len };
	size_t at = out->len;
	int r;

	(void)arg;
	if (q->len < 12) {
		return 0;
	}
	r = dnstk_buf_add(out, l, 2);
	r = r ? r : dnstk_buf_add(out, q->wire, q->len);
	if (r == 0) {
		out->data[at + 2 + 2] |= (char)0x80;	/* QR */
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

static int
readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, ms) > 0;
}

/* A socket of `family` connected to the loopback at `port`; -1. */
static int
sock_to(int family, int type, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = socket(family, type, 0);

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		a->sin6_addr = in6addr_loopback;
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*a);
	}
	if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, len) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Start a listener on `addr` port 0 (retrying a port taken over TCP). */
static struct dnstk_listener *
start(const char *addr, unsigned idle_ms)
{
	struct dnstk_listen_conf c;
	struct dnstk_listener *l = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	int r = DNSTK_ENET, i;

	dnstk_listen_conf_init(&c);
	c.port = 0;
	c.tcp_idle_ms = idle_ms;
	c.fn = echo;
	if (dnstk_listen_conf_add(&c, addr, &e) != 0) {
		return NULL;
	}
	for (i = 0; i < 10 && r == DNSTK_ENET; i++) {
		r = dnstk_listen_start(&l, &c, &e);
	}
	return r == 0 ? l : NULL;
}

static void
test_ipv6(void)
{
	struct dnstk_listener *l = start("::1", 10000);
	uint8_t q[17], r[64];
	char name[64], want[64];
	ssize_t n;
	int u;

	if (l == NULL) {
		tap_ok(1, "ipv6: no ::1 here # SKIP");
		return;
	}
	tap_ok(dnstk_listen_port(l) != 0, "ipv6: port 0 picked a port (%u)",
	    dnstk_listen_port(l));
	snprintf(want, sizeof(want), "::1#%u", dnstk_listen_port(l));
	tap_str(dnstk_listen_name(l, 0, name, sizeof(name)), want,
	    "ipv6: the name of the bound address");
	u = sock_to(AF_INET6, SOCK_DGRAM, dnstk_listen_port(l));
	query(q, 0x61, 0x66);
	n = u >= 0 && send(u, q, sizeof(q), 0) == sizeof(q) &&
	    readable(u, WAIT_MS) ? recv(u, r, sizeof(r), 0) : -1;
	tap_ok(n == sizeof(q) && r[0] == 0x61 && r[1] == 0x66 &&
	    (r[2] & 0x80), "ipv6: a UDP query over ::1 is answered");
	if (u >= 0) {
		close(u);
	}
	dnstk_listen_free(l);
}

static void
test_udp_oddities(void)
{
	struct dnstk_listener *l = start("127.0.0.1", 10000);
	static uint8_t big[5000];
	uint8_t q[17], r[64];
	ssize_t n;
	int u;

	tap_ok(l != NULL, "udp: started");
	if (l == NULL) {
		return;
	}
	u = sock_to(AF_INET, SOCK_DGRAM, dnstk_listen_port(l));
	/* 5000 octets: more than a UDP query may be; dropped unread. */
	query(big, 0x42, 0x42);
	tap_ok(send(u, big, sizeof(big), 0) == (ssize_t)sizeof(big),
	    "udp: a 5000-octet datagram sent");
	tap_ok(!readable(u, 300), "udp: the oversized datagram is dropped");
	/* A handler's length prefix past its answer: nothing is sent. */
	query(q, 0xbb, 0);
	send(u, q, sizeof(q), 0);
	tap_ok(!readable(u, 300), "udp: a bad length prefix sends nothing");
	query(q, 0x12, 0x36);
	send(u, q, sizeof(q), 0);
	n = readable(u, WAIT_MS) ? recv(u, r, sizeof(r), 0) : -1;
	tap_ok(n == sizeof(q) && r[0] == 0x12 && r[1] == 0x36,
	    "udp: the next query is answered");
	close(u);
	dnstk_listen_free(l);
}

static void
test_tcp_limits(void)
{
	struct dnstk_listener *l = start("127.0.0.1", 10000);
	int fds[DNSTK_LISTEN_TCP_MAX + 1];
	uint8_t m[19], r[19];
	int i, n = 0, extra, ok;
	ssize_t got;

	tap_ok(l != NULL, "tcp: started");
	if (l == NULL) {
		return;
	}
	/* Fill every slot, each proven in use by one answered query. */
	m[0] = 0;
	m[1] = 17;
	ok = 1;
	for (i = 0; i < DNSTK_LISTEN_TCP_MAX; i++) {
		fds[i] = sock_to(AF_INET, SOCK_STREAM, dnstk_listen_port(l));
		if (fds[i] < 0) {
			ok = 0;
			break;
		}
		n++;
		query(m + 2, 0x70, (uint8_t)i);
		if (write(fds[i], m, sizeof(m)) != (ssize_t)sizeof(m) ||
		    !readable(fds[i], WAIT_MS) ||
		    read(fds[i], r, sizeof(r)) != (ssize_t)sizeof(r) ||
		    r[3] != (uint8_t)i) {
			ok = 0;
			break;
		}
	}
	tap_ok(ok, "tcp: %d connections each answered", n);
	/* One more: the kernel accepts it, the listener closes it at once. */
	extra = sock_to(AF_INET, SOCK_STREAM, dnstk_listen_port(l));
	tap_ok(extra >= 0 && readable(extra, WAIT_MS) &&
	    read(extra, r, sizeof(r)) == 0,
	    "tcp: connection %d is closed unanswered (RFC 7766 §6.2.2)",
	    DNSTK_LISTEN_TCP_MAX + 1);
	if (extra >= 0) {
		close(extra);
	}
	/* Freeing a slot makes room again. */
	close(fds[--n]);
	for (i = 0; i < 50; i++) {
		extra = sock_to(AF_INET, SOCK_STREAM, dnstk_listen_port(l));
		query(m + 2, 0x71, 0x71);
		got = -1;
		if (extra >= 0 && write(extra, m, sizeof(m)) ==
		    (ssize_t)sizeof(m) && readable(extra, WAIT_MS)) {
			got = read(extra, r, sizeof(r));
		}
		if (extra >= 0) {
			close(extra);
		}
		if (got == (ssize_t)sizeof(r)) {
			break;
		}
		usleep(20000);	/* the close may not be seen yet */
	}
	tap_ok(got == (ssize_t)sizeof(r) && r[2] == 0x71,
	    "tcp: after one leaves, a new client is answered");
	/* A client that resets its connection mid-message (SO_LINGER 0). */
	extra = sock_to(AF_INET, SOCK_STREAM, dnstk_listen_port(l));
	if (extra >= 0) {
		struct linger lg = { 1, 0 };

		query(m + 2, 0x72, 0x72);
		tap_ok(write(extra, m, 9) == 9, "tcp: half a query written");
		setsockopt(extra, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(extra);
	}
	query(m + 2, 0x73, 0x73);
	got = write(fds[0], m, sizeof(m)) == (ssize_t)sizeof(m) &&
	    readable(fds[0], WAIT_MS) ? read(fds[0], r, sizeof(r)) : -1;
	tap_ok(got == (ssize_t)sizeof(r) && r[2] == 0x73,
	    "tcp: a reset client harms nobody");
	/* Stop with all the other clients still connected. */
	dnstk_listen_stop(l);
	tap_ok(1, "tcp: stopped with %d clients connected", n);
	for (i = 0; i < n; i++) {
		got = readable(fds[i], WAIT_MS) ? read(fds[i], r, 1) : -1;
		if (got != 0) {
			break;
		}
	}
	tap_ok(i == n, "tcp: every client sees its connection closed");
	for (i = 0; i < n; i++) {
		close(fds[i]);
	}
	dnstk_listen_free(l);
}

int
main(void)
{
	alarm(120);	/* a hung stop fails the test instead of hanging it */
	signal(SIGPIPE, SIG_IGN);
	test_ipv6();
	test_udp_oddities();
	test_tcp_limits();
	return tap_done();
}
