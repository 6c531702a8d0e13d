/* SPDX-License-Identifier: BSD-3-Clause */
/* UDP and TCP exchanges with poll() timeouts and strict answer matching. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/client.h"
#include "net/xfer.h"

#define HDR 12

unsigned long
dnstk_net_dropped(const struct dnstk_net_stats *st)
{
	return st->wrong_source + st->wrong_id + st->wrong_question +
	    st->not_response;
}

int64_t
dnstk_net_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned
get16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8) | p[1];
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/*
 * Compare the uncompressed name at q[*qi] with r[*ri], ignoring ASCII
 * case, and step both past it.  0 when equal.
 */
static int
name_cmp(const uint8_t *q, size_t qlen, size_t *qi, const uint8_t *r,
    size_t rlen, size_t *ri)
{
	size_t a = *qi, b = *ri, n, k;

	for (;;) {
		if (a >= qlen || b >= rlen || q[a] != r[b] || q[a] > 63) {
			return -1;
		}
		n = q[a];
		if (a + 1 + n > qlen || b + 1 + n > rlen) {
			return -1;
		}
		for (k = 1; k <= n; k++) {
			if (lower(q[a + k]) != lower(r[b + k])) {
				return -1;
			}
		}
		a += n + 1;
		b += n + 1;
		if (n == 0) {
			break;
		}
	}
	*qi = a;
	*ri = b;
	return 0;
}

enum dnstk_match
dnstk_net_match(const uint8_t *q, size_t qlen, const uint8_t *r, size_t rlen)
{
	size_t qi = HDR, ri = HDR;
	unsigned n, i;

	if (rlen < HDR || (r[2] & 0x80) == 0) {
		return DNSTK_MATCH_NOT_RESPONSE;
	}
	if (qlen < HDR || q[0] != r[0] || q[1] != r[1]) {
		return DNSTK_MATCH_ID;
	}
	n = get16(q + 4);
	if (get16(r + 4) != n) {
		return DNSTK_MATCH_QUESTION;
	}
	for (i = 0; i < n; i++) {
		if (name_cmp(q, qlen, &qi, r, rlen, &ri) != 0 ||
		    qi + 4 > qlen || ri + 4 > rlen ||
		    memcmp(q + qi, r + ri, 4) != 0) {
			return DNSTK_MATCH_QUESTION;
		}
		qi += 4;
		ri += 4;
	}
	return DNSTK_MATCH_OK;
}

int
dnstk_udp_open(const struct dnstk_server *s)
{
	int fd;

	/*
	 * No bind(): the first sendto() on a new socket binds it to a port
	 * the kernel picks at random from the ephemeral range, which is what
	 * bind() to port 0 would do, one system call cheaper.
	 */
	int on = 1;

	fd = socket(s->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return -errno;
	}
	/*
	 * An unconnected socket (kept so that packets from other sources
	 * can be seen and counted) hears of ICMP port unreachable only with
	 * IP_RECVERR; then recvfrom() fails with ECONNREFUSED, as a
	 * connected socket's would.
	 */
	if (s->addr.ss_family == AF_INET6) {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on,
		    sizeof(on));
	} else {
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
	}
	return fd;
}

int
dnstk_udp_send(int fd, const struct dnstk_server *s, const uint8_t *q,
    size_t qlen)
{
	ssize_t n;

	n = sendto(fd, q, qlen, 0, (const struct sockaddr *)&s->addr,
	    s->addrlen);
	if (n < 0) {
		return -errno;
	}
	return (size_t)n == qlen ? 0 : -EMSGSIZE;
}

static void
count(struct dnstk_net_stats *st, enum dnstk_match m)
{
	switch (m) {
	case DNSTK_MATCH_ID:
		st->wrong_id++;
		break;
	case DNSTK_MATCH_QUESTION:
		st->wrong_question++;
		break;
	default:
		st->not_response++;
		break;
	}
}

int
dnstk_udp_recv(int fd, const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, struct dnstk_buf *resp, struct dnstk_net_stats *st)
{
	uint8_t pkt[65536];
	struct sockaddr_storage from;
	socklen_t flen;
	enum dnstk_match m;
	ssize_t n;

	for (;;) {
		flen = sizeof(from);
		n = recvfrom(fd, pkt, sizeof(pkt), MSG_DONTWAIT,
		    (struct sockaddr *)&from, &flen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				return 0;
			}
			if (errno == EINTR) {
				continue;
			}
			return -errno;
		}
		if (!dnstk_server_same(s, &from)) {
			st->wrong_source++;
			continue;
		}
		m = dnstk_net_match(q, qlen, pkt, (size_t)n);
		if (m != DNSTK_MATCH_OK) {
			count(st, m);
			continue;
		}
		dnstk_buf_reset(resp);
		if (dnstk_buf_add(resp, pkt, (size_t)n) != 0) {
			return -ENOMEM;
		}
		return 1;
	}
}

/* Wait for `events` on fd until `deadline`; 1 ready, 0 timeout, -errno. */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p;
	int64_t left;
	int n;

	for (;;) {
		left = deadline - dnstk_net_now_ms();
		if (left <= 0) {
			return 0;
		}
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		n = poll(&p, 1, (int)left);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return -errno;
		}
		return n > 0;
	}
}

/* Read exactly `len` bytes; 1 done, 0 timeout, -errno (-EPIPE at EOF). */
static int
read_full(int fd, uint8_t *p, size_t len, int64_t deadline)
{
	size_t got = 0;
	ssize_t n;
	int w;

	while (got < len) {
		n = read(fd, p + got, len - got);
		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0) {
			return -EPIPE;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			return -errno;
		}
		w = wait_fd(fd, POLLIN, deadline);
		if (w <= 0) {
			return w;
		}
	}
	return 1;
}

static int
write_full(int fd, const uint8_t *p, size_t len, int64_t deadline)
{
	size_t done = 0;
	ssize_t n;
	int w;

	while (done < len) {
		n = send(fd, p + done, len - done, MSG_NOSIGNAL);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			return -errno;
		}
		w = wait_fd(fd, POLLOUT, deadline);
		if (w <= 0) {
			return w;
		}
	}
	return 1;
}

static int
tcp_fail(struct dnstk_err *err, const struct dnstk_server *s, int r)
{
	char where[96];

	dnstk_server_str(where, sizeof(where), s);
	if (r == 0) {
		return dnstk_err_set(err, DNSTK_ETIMEOUT, NULL, 0,
		    "no answer from %s over TCP: timed out", where);
	}
	return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
	    "TCP to %s failed: %s", where,
	    r == -EPIPE ? "connection closed" : strerror(-r));
}

int
dnstk_tcp_exchange(const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, int timeout_ms, struct dnstk_buf *resp,
    struct dnstk_net_stats *st, struct dnstk_err *err)
{
	int64_t deadline = dnstk_net_now_ms() + timeout_ms;
	uint8_t lenbuf[2], *frame = NULL, *body = NULL;
	enum dnstk_match m;
	socklen_t elen;
	size_t n;
	int fd, r, e = 0;

	fd = socket(s->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return tcp_fail(err, s, -errno);
	}
	if (connect(fd, (const struct sockaddr *)&s->addr, s->addrlen) != 0 &&
	    errno != EINPROGRESS) {
		r = -errno;
		goto out;
	}
	r = wait_fd(fd, POLLOUT, deadline);
	if (r <= 0) {
		goto out;
	}
	elen = sizeof(e);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0 || e != 0) {
		r = e != 0 ? -e : -errno;
		goto out;
	}
	r = -ENOMEM;
	frame = malloc(qlen + 2);
	body = malloc(65535);
	if (frame == NULL || body == NULL) {
		goto out;
	}
	frame[0] = (uint8_t)(qlen >> 8);
	frame[1] = (uint8_t)qlen;
	memcpy(frame + 2, q, qlen);
	r = write_full(fd, frame, qlen + 2, deadline);
	while (r > 0) {
		r = read_full(fd, lenbuf, 2, deadline);
		if (r <= 0) {
			break;
		}
		n = get16(lenbuf);
		r = read_full(fd, body, n, deadline);
		if (r <= 0) {
			break;
		}
		m = dnstk_net_match(q, qlen, body, n);
		if (m != DNSTK_MATCH_OK) {
			count(st, m);
			continue;
		}
		dnstk_buf_reset(resp);
		r = dnstk_buf_add(resp, body, n) == 0 ? 2 : -ENOMEM;
		break;
	}
out:
	free(frame);
	free(body);
	close(fd);
	if (r == 2) {
		return 0;
	}
	if (r == -ENOMEM) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	return tcp_fail(err, s, r);
}

/*
 * Kept for its callers as a thin wrapper over the client engine: one raw
 * query, no fallbacks, TC kept.
 */
int
dnstk_net_exchange(const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, bool tcp, int timeout_ms, int tries,
    struct dnstk_buf *resp, struct dnstk_net_stats *st,
    struct dnstk_err *err)
{
	struct dnstk_client_opts o;
	struct dnstk_client *c = NULL;
	struct dnstk_answer *a = NULL;
	int r;

	dnstk_client_opts_init(&o);
	o.tcp = tcp;
	o.ignore_tc = true;
	o.fallback = false;
	o.timeout_ms = timeout_ms;
	o.tries = tries;
	r = dnstk_client_new(&c, s, &o, 1, err);
	if (r == 0) {
		r = dnstk_client_submit_raw(c, q, qlen, NULL);
		r = r != 0 ? dnstk_err_set(err, r, NULL, 0, "%s",
		    dnstk_strerror(r)) : dnstk_client_next(c, &a, err);
	}
	if (r == 1) {
		st->wrong_source += a->st.wrong_source;
		st->wrong_id += a->st.wrong_id;
		st->wrong_question += a->st.wrong_question;
		st->not_response += a->st.not_response;
		r = a->status != 0 ? dnstk_err_set(err, a->status, NULL, 0,
		    "%s", a->errmsg) : 0;
		dnstk_buf_reset(resp);
		if (r == 0 && dnstk_buf_add(resp, a->wire.data,
		    a->wire.len) != 0) {
			r = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
			    "out of memory");
		}
	}
	dnstk_answer_free(a);
	dnstk_client_free(c);
	return r;
}
