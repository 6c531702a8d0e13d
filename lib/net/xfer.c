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

#include <ldns/ldns.h>

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

/*
 * After a read or write failed with errno: 1 to try again (interrupted,
 * or `events` came before `deadline`), 0 timeout, or -errno.
 */
static int
retry(int fd, short events, int64_t deadline)
{
	if (errno == EINTR) {
		return 1;
	}
	if (errno != EAGAIN && errno != EWOULDBLOCK) {
		return -errno;
	}
	return wait_fd(fd, events, deadline);
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
		w = retry(fd, POLLIN, deadline);
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
		w = n < 0 ? retry(fd, POLLOUT, deadline) :
		    wait_fd(fd, POLLOUT, deadline);
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

/* Where a zone transfer is: the SOAs seen decide when it is over. */
struct xfr_state {
	bool ixfr;
	bool incremental;	/* IXFR answered with differences */
	unsigned long rrs;	/* answer records so far */
	uint32_t serial;	/* of the first SOA */
	unsigned seen;		/* SOAs with that serial (incremental) */
	size_t bytes;
};

/*
 * Take one message of a transfer into account.  1 when the transfer is
 * complete, 0 when more is to come, DNSTK_EINPUT when a later message
 * does not parse (a first one that does not is the whole answer).
 * ldns parses the message; only the answer section's SOAs matter here.
 */
static int
xfr_feed(struct xfr_state *x, const uint8_t *w, size_t n)
{
	ldns_pkt *pkt = NULL;
	ldns_rr_list *an;
	ldns_rr *rr;
	uint32_t serial;
	size_t i, count;
	bool first = x->rrs == 0;
	int done = 0;

	if (ldns_wire2pkt(&pkt, w, n) != LDNS_STATUS_OK) {
		/* The first is the answer, shown as any malformed one. */
		return first ? 1 : DNSTK_EINPUT;
	}
	an = ldns_pkt_answer(pkt);
	count = ldns_rr_list_rr_count(an);
	if (first && (ldns_pkt_get_rcode(pkt) != 0 || count == 0)) {
		done = 1;	/* refused, not authoritative ...: that is all */
	}
	for (i = 0; i < count && !done; i++, x->rrs++) {
		rr = ldns_rr_list_rr(an, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
		    ldns_rr_rd_count(rr) < 3) {
			if (x->rrs == 0) {
				done = 1;	/* not a transfer */
			}
			continue;
		}
		serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
		if (x->rrs == 0) {
			x->serial = serial;
			x->seen = 1;
		} else if (x->rrs == 1 && x->ixfr) {
			x->incremental = true;	/* the old SOA of a difference */
		} else if (!x->incremental) {
			done = 1;		/* the closing SOA */
		} else if (serial == x->serial && ++x->seen == 3) {
			done = 1;
		}
	}
	/* An IXFR answered with the SOA alone: the copy is up to date. */
	if (first && x->ixfr && x->rrs == 1) {
		done = 1;
	}
	ldns_pkt_free(pkt);
	return done;
}

uint16_t
dnstk_net_qtype(const uint8_t *q, size_t qlen)
{
	size_t i = HDR;

	if (qlen < HDR || get16(q + 4) == 0) {
		return 0;
	}
	while (i < qlen && q[i] != 0) {
		if (q[i] > 63) {
			return 0;	/* compressed or bad: not ours to send */
		}
		i += q[i] + 1u;
	}
	return i + 3 <= qlen ? (uint16_t)get16(q + i + 1) : 0;
}

/* A TCP connection to `s`, made by `deadline`; the socket, or -errno. */
static int
tcp_open(const struct dnstk_server *s, int64_t deadline)
{
	socklen_t elen = sizeof(int);
	int fd, r, e = 0;

	fd = socket(s->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return -errno;
	}
	if (connect(fd, (const struct sockaddr *)&s->addr, s->addrlen) != 0 &&
	    errno != EINPROGRESS) {
		r = -errno;
	} else if ((r = wait_fd(fd, POLLOUT, deadline)) <= 0) {
		r = r == 0 ? -ETIMEDOUT : r;
	} else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0 ||
	    e != 0) {
		r = e != 0 ? -e : -errno;
	} else {
		return fd;
	}
	close(fd);
	return r;
}

/*
 * Whether the message body[0..n) answers query q: the first in full,
 * later messages of a transfer (`got`) by ID and QR alone.
 */
static enum dnstk_match
tcp_match(const uint8_t *q, size_t qlen, const uint8_t *body, size_t n,
    bool got, bool xfr)
{
	enum dnstk_match m;

	if (got) {
		return n < HDR || !(body[2] & 0x80) ?
		    DNSTK_MATCH_NOT_RESPONSE : memcmp(body, q, 2) != 0 ?
		    DNSTK_MATCH_ID : DNSTK_MATCH_OK;
	}
	m = dnstk_net_match(q, qlen, body, n);
	/*
	 * An IXFR without the client's SOA is answered by some servers
	 * (NSD) as an AXFR, question included: over TCP the ID is enough
	 * to take it.
	 */
	return xfr && m == DNSTK_MATCH_QUESTION ? DNSTK_MATCH_OK : m;
}

/* tcp_session()'s end: r 2 is an answer; the rest become `err`. */
static int
tcp_result(const struct dnstk_server *s, int r, bool got,
    struct dnstk_err *err)
{
	char where[96];

	if (r == 2) {
		return 0;
	}
	if (r == -ENOMEM) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	if (r == -EFBIG || r == DNSTK_EINPUT) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "zone transfer from %s: %s", dnstk_server_str(where,
		    sizeof(where), s), r == -EFBIG ? "larger than 256 MiB" :
		    "a message does not parse");
	}
	if (got && r == -EPIPE) {
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "zone transfer from %s: connection closed before the "
		    "closing SOA", dnstk_server_str(where, sizeof(where), s));
	}
	return tcp_fail(err, s, r);
}

/*
 * Send `q` over TCP and read its answer into `resp`; with `x`, the rest
 * of a zone transfer into `more`.  Returns 0 or DNSTK_E* (err set).
 */
static int
tcp_session(const struct dnstk_server *s, const uint8_t *q, size_t qlen,
    int timeout_ms, struct dnstk_buf *resp, struct xfr_state *x,
    struct dnstk_buf *more, struct dnstk_net_stats *st,
    struct dnstk_err *err)
{
	int64_t deadline = dnstk_net_now_ms() + timeout_ms;
	uint8_t lenbuf[2], *frame = NULL, *body = NULL;
	bool got = false;
	size_t n;
	int fd, r;

	fd = tcp_open(s, deadline);
	if (fd < 0) {
		return tcp_fail(err, s, fd == -ETIMEDOUT ? 0 : fd);
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
		n = get16(lenbuf);
		if (r <= 0 || (r = read_full(fd, body, n, deadline)) <= 0) {
			break;
		}
		if ((r = tcp_match(q, qlen, body, n, got, x != NULL)) !=
		    DNSTK_MATCH_OK) {
			count(st, (enum dnstk_match)r);
			r = 1;
			continue;
		}
		if (!got) {
			dnstk_buf_reset(resp);
			r = dnstk_buf_add(resp, body, n) == 0 ? 2 : -ENOMEM;
		} else {
			r = dnstk_buf_add(more, lenbuf, 2) == 0 &&
			    dnstk_buf_add(more, body, n) == 0 ? 2 : -ENOMEM;
		}
		got = true;
		if (r != 2 || x == NULL) {
			break;
		}
		x->bytes += n + 2;
		r = x->bytes > DNSTK_XFR_MAX_BYTES ? -EFBIG : xfr_feed(x, body, n);
		if (r != 0) {
			r = r == 1 ? 2 : r;
			break;
		}
		r = 1;
		deadline = dnstk_net_now_ms() + timeout_ms;
	}
out:
	free(frame);
	free(body);
	close(fd);
	return tcp_result(s, r, got, err);
}

int
dnstk_tcp_exchange(const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, int timeout_ms, struct dnstk_buf *resp,
    struct dnstk_net_stats *st, struct dnstk_err *err)
{
	return tcp_session(s, q, qlen, timeout_ms, resp, NULL, NULL, st, err);
}

int
dnstk_tcp_xfr(const struct dnstk_server *s, const uint8_t *q, size_t qlen,
    int timeout_ms, struct dnstk_buf *resp, struct dnstk_buf *more,
    struct dnstk_net_stats *st, struct dnstk_err *err)
{
	struct xfr_state x;

	memset(&x, 0, sizeof(x));
	x.ixfr = dnstk_net_qtype(q, qlen) == LDNS_RR_TYPE_IXFR;
	dnstk_buf_reset(more);
	return tcp_session(s, q, qlen, timeout_ms, resp, &x, more, st, err);
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
