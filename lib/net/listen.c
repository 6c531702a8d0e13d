/* SPDX-License-Identifier: BSD-3-Clause */
/* A DNS listener: UDP workers with recvmmsg/sendmmsg and one TCP worker. */
#define _GNU_SOURCE 1 /* recvmmsg, sendmmsg, accept4, pipe2 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/listen.h"
#include "net/server.h"

#define UDP_BATCH 32		/* datagrams per recvmmsg */
#define UDP_BUF 4096		/* a bigger UDP query is not a DNS query */
#define TCP_MSG_MAX 65535
#define TCP_OUT_MAX (1024 * 1024)	/* answers waiting for one client */

struct udp_worker {
	struct dnstk_listener *l;
	unsigned index;
	int fd[DNSTK_LISTEN_ADDRS_MAX];
	uint8_t (*bufs)[UDP_BUF];	/* UDP_BATCH of them */
	pthread_t tid;
	bool started;
};

struct tcp_conn {
	int fd;
	struct sockaddr_storage peer;
	socklen_t peerlen;
	struct dnstk_buf in;
	struct dnstk_buf out;
	size_t out_off;
	long long last_ms;
	bool eof;
};

struct dnstk_listener {
	struct dnstk_listen_conf conf;
	uint16_t port;
	struct udp_worker *udp;
	int tcp_fd[DNSTK_LISTEN_ADDRS_MAX];
	pthread_t tcp_tid;
	bool tcp_started;
	/* the TCP thread's connections and poll set */
	struct tcp_conn *conns;
	struct pollfd *pfd;
	int stop_pipe[2];
	atomic_bool stopping;
	bool stopped;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
dnstk_listen_conf_init(struct dnstk_listen_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->port = 53;
	c->threads = 1;
	c->tcp_idle_ms = 10000;
}

int
dnstk_listen_conf_add(struct dnstk_listen_conf *c, const char *text,
    struct dnstk_err *err)
{
	char tmp[INET6_ADDRSTRLEN];

	if (c->naddr >= DNSTK_LISTEN_ADDRS_MAX) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "more than %d listen addresses", DNSTK_LISTEN_ADDRS_MAX);
	}
	if (dnstk_addr_unbracket(tmp, sizeof(tmp), text) &&
	    dnstk_addr_parse(&c->addr[c->naddr], &c->addrlen[c->naddr],
	    tmp)) {
		c->naddr++;
		return 0;
	}
	return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
	    "'%s' is not an IPv4 or IPv6 address", text);
}

const char *
dnstk_listen_peer_str(char *dst, size_t cap, const struct sockaddr *sa)
{
	char a[INET6_ADDRSTRLEN];
	unsigned port = 0;

	a[0] = '\0';
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &v4->sin_addr, a, sizeof(a));
		port = ntohs(v4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *v6 =
		    (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &v6->sin6_addr, a, sizeof(a));
		port = ntohs(v6->sin6_port);
	}
	snprintf(dst, cap, "%s#%u", a[0] != '\0' ? a : "?", port);
	return dst;
}

static uint16_t
get_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		return 0;
	}
	if (ss.ss_family == AF_INET) {
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	}
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Open and bind one socket; returns the fd or a negative code (err set). */
static int
open_socket(struct dnstk_listener *l, size_t i, int type,
    struct dnstk_err *err)
{
	struct sockaddr_storage ss = l->conf.addr[i];
	char name[INET6_ADDRSTRLEN + 8];
	int fd, one = 1, e;

	dnstk_addr_set_port(&ss, l->port);
	fd = socket(ss.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		e = errno;
		goto fail;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (type == SOCK_DGRAM) {
		int rcvbuf = 4 * 1024 * 1024;	/* bursts at full rate */

		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	}
	if (ss.ss_family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	}
	if (bind(fd, (struct sockaddr *)&ss, l->conf.addrlen[i]) != 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (type == SOCK_STREAM && listen(fd, 128) != 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (l->port == 0) {
		l->port = get_port(fd);
	}
	return fd;
fail:
	dnstk_listen_peer_str(name, sizeof(name),
	    (struct sockaddr *)&ss);
	dnstk_err_set(err, DNSTK_ENET, NULL, 0, "cannot listen on "
	    "%s (%s): %s", name, type == SOCK_DGRAM ? "udp" : "tcp",
	    strerror(e));
	errno = e;
	return DNSTK_ENET;
}

/*
 * poll() a worker's descriptors, pfd[0] being the stop pipe: 1 when some
 * are ready, 0 on a timeout or a signal, -1 to stop (the pipe spoke or
 * poll failed).
 */
static int
wait_ready(struct pollfd *pfd, nfds_t n, int timeout_ms)
{
	int r = poll(pfd, n, timeout_ms);

	if (r < 0 && errno != EINTR) {
		return -1;
	}
	if (r <= 0) {
		return 0;
	}
	return pfd[0].revents != 0 ? -1 : 1;
}

/* ---- UDP ------------------------------------------------------------ */

static void
udp_serve_fd(struct udp_worker *w, int fd, uint8_t (*bufs)[UDP_BUF],
    struct dnstk_buf *outs)
{
	struct mmsghdr in[UDP_BATCH], out[UDP_BATCH];
	struct iovec iov[UDP_BATCH], oiov[UDP_BATCH];
	struct sockaddr_storage peers[UDP_BATCH];
	struct dnstk_listen_query q;
	int n, i, nout, rounds;

	for (rounds = 0; rounds < 64; rounds++) {
		memset(in, 0, sizeof(in));
		for (i = 0; i < UDP_BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = UDP_BUF;
			in[i].msg_hdr.msg_iov = &iov[i];
			in[i].msg_hdr.msg_iovlen = 1;
			in[i].msg_hdr.msg_name = &peers[i];
			in[i].msg_hdr.msg_namelen = sizeof(peers[i]);
		}
		n = recvmmsg(fd, in, UDP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0) {
			return;
		}
		nout = 0;
		for (i = 0; i < n; i++) {
			struct dnstk_buf *o = &outs[i];
			size_t mlen;

			if (in[i].msg_hdr.msg_flags & MSG_TRUNC) {
				continue;
			}
			dnstk_buf_reset(o);
			q.wire = bufs[i];
			q.len = in[i].msg_len;
			q.tcp = false;
			q.peer = (struct sockaddr *)&peers[i];
			q.peerlen = in[i].msg_hdr.msg_namelen;
			q.thread = w->index;
			if (w->l->conf.fn(w->l->conf.arg, &q, o) != 0 ||
			    o->len < 2) {
				continue;
			}
			mlen = ((size_t)(uint8_t)o->data[0] << 8) |
			    (uint8_t)o->data[1];
			if (mlen + 2 > o->len) {
				continue;
			}
			memset(&out[nout], 0, sizeof(out[nout]));
			oiov[nout].iov_base = o->data + 2;
			oiov[nout].iov_len = mlen;
			out[nout].msg_hdr.msg_iov = &oiov[nout];
			out[nout].msg_hdr.msg_iovlen = 1;
			out[nout].msg_hdr.msg_name = &peers[i];
			out[nout].msg_hdr.msg_namelen =
			    in[i].msg_hdr.msg_namelen;
			nout++;
		}
		i = 0;
		while (i < nout) {
			int s = sendmmsg(fd, out + i, nout - i, 0);

			if (s <= 0) {
				if (s < 0 && errno == EINTR) {
					continue;
				}
				i++;	/* skip the one that failed */
				continue;
			}
			i += s;
		}
		if (n < UDP_BATCH) {
			return;
		}
	}
}

static void *
udp_main(void *p)
{
	struct udp_worker *w = p;
	struct dnstk_listener *l = w->l;
	struct pollfd pfd[DNSTK_LISTEN_ADDRS_MAX + 1];
	uint8_t (*bufs)[UDP_BUF] = w->bufs;
	struct dnstk_buf outs[UDP_BATCH];
	size_t i, n = l->conf.naddr;

	for (i = 0; i < UDP_BATCH; i++) {
		dnstk_buf_init(&outs[i]);
	}
	pfd[0].fd = l->stop_pipe[0];
	pfd[0].events = POLLIN;
	for (i = 0; i < n; i++) {
		pfd[i + 1].fd = w->fd[i];
		pfd[i + 1].events = POLLIN;
	}
	while (!atomic_load(&l->stopping)) {
		int r = wait_ready(pfd, n + 1, 1000);

		if (r < 0) {
			break;
		}
		if (r == 0) {
			continue;
		}
		for (i = 0; i < n; i++) {
			if (pfd[i + 1].revents & POLLIN) {
				udp_serve_fd(w, w->fd[i], bufs, outs);
			}
		}
	}
	for (i = 0; i < UDP_BATCH; i++) {
		dnstk_buf_release(&outs[i]);
	}
	return NULL;
}

/* ---- TCP (RFC 7766) ------------------------------------------------- */

static void
conn_close(struct tcp_conn *c)
{
	close(c->fd);
	dnstk_buf_release(&c->in);
	dnstk_buf_release(&c->out);
	c->fd = -1;
}

/* Answer every whole message in c->in; 0, or -1 to close the connection. */
static int
conn_handle(struct dnstk_listener *l, struct tcp_conn *c)
{
	struct dnstk_listen_query q;
	size_t off = 0;

	while (c->in.len - off >= 2) {
		const uint8_t *p = (const uint8_t *)c->in.data + off;
		size_t mlen = ((size_t)p[0] << 8) | p[1];

		if (c->in.len - off - 2 < mlen) {
			break;
		}
		q.wire = p + 2;
		q.len = mlen;
		q.tcp = true;
		q.peer = (struct sockaddr *)&c->peer;
		q.peerlen = c->peerlen;
		q.thread = l->conf.threads;
		(void)l->conf.fn(l->conf.arg, &q, &c->out);
		off += 2 + mlen;
	}
	if (off > 0) {
		memmove(c->in.data, c->in.data + off, c->in.len - off);
		dnstk_buf_truncate(&c->in, c->in.len - off);
	}
	return 0;
}

/* Read what is there; -1 to close. */
static int
conn_read(struct dnstk_listener *l, struct tcp_conn *c)
{
	for (;;) {
		ssize_t r;

		if (dnstk_buf_grow(&c->in, 4096) != 0) {
			return -1;
		}
		r = read(c->fd, c->in.data + c->in.len,
		    c->in.cap - c->in.len - 1);
		if (r < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				break;
			}
			return -1;
		}
		if (r == 0) {
			c->eof = true;
			break;
		}
		c->in.len += (size_t)r;
		c->in.data[c->in.len] = '\0';
		if (c->in.len > 2 * (TCP_MSG_MAX + 2)) {
			break;
		}
	}
	return conn_handle(l, c);
}

/* Write what is pending; -1 to close. */
static int
conn_write(struct tcp_conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t w = send(c->fd, c->out.data + c->out_off,
		    c->out.len - c->out_off, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				return 0;
			}
			return -1;
		}
		c->out_off += (size_t)w;
	}
	dnstk_buf_reset(&c->out);
	c->out_off = 0;
	return 0;
}

static void
tcp_accept(struct dnstk_listener *l, int lfd, struct tcp_conn *conns,
    size_t *nconn)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		struct tcp_conn *c;
		int fd, one = 1;

		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			return;
		}
		if (*nconn >= DNSTK_LISTEN_TCP_MAX) {
			close(fd);	/* full: RFC 7766 §6.2.2 lets us */
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = &conns[(*nconn)++];
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->peer = ss;
		c->peerlen = len;
		dnstk_buf_init(&c->in);
		dnstk_buf_init(&c->out);
		c->last_ms = now_ms();
		(void)l;
	}
}

static void *
tcp_main(void *p)
{
	struct dnstk_listener *l = p;
	size_t nl = l->conf.naddr, nconn = 0, i;
	struct tcp_conn *conns = l->conns;
	struct pollfd *pfd = l->pfd;

	while (!atomic_load(&l->stopping)) {
		long long now = now_ms(), wait = 1000;
		size_t n = 0;
		int r;

		/* close idle connections (RFC 7766 §6.2.3) and dead ones */
		for (i = 0; i < nconn;) {
			struct tcp_conn *c = &conns[i];
			bool idle = now - c->last_ms >=
			    (long long)l->conf.tcp_idle_ms;

			/* idle: nothing read or written for tcp_idle_ms */
			if (c->fd < 0 || idle || (c->eof && c->out.len == 0)) {
				if (c->fd >= 0) {
					conn_close(c);
				}
				conns[i] = conns[--nconn];
				continue;
			}
			if (!idle && l->conf.tcp_idle_ms -
			    (now - c->last_ms) < wait) {
				wait = l->conf.tcp_idle_ms -
				    (now - c->last_ms);
			}
			i++;
		}
		pfd[n].fd = l->stop_pipe[0];
		pfd[n++].events = POLLIN;
		for (i = 0; i < nl; i++) {
			pfd[n].fd = l->tcp_fd[i];
			pfd[n++].events = POLLIN;
		}
		for (i = 0; i < nconn; i++) {
			pfd[n].fd = conns[i].fd;
			/* a client that does not read stops being read */
			pfd[n++].events = (conns[i].eof ||
			    conns[i].out.len > TCP_OUT_MAX ? 0 : POLLIN) |
			    (conns[i].out.len > 0 ? POLLOUT : 0);
		}
		r = wait_ready(pfd, n, (int)(wait < 1 ? 1 : wait));
		if (r < 0) {
			break;
		}
		if (r == 0) {
			continue;
		}
		/* connections first: accepting may move them around */
		for (i = 0; i < nconn; i++) {
			struct tcp_conn *c = &conns[i];
			short re = pfd[1 + nl + i].revents;

			if (re == 0) {
				continue;
			}
			c->last_ms = now_ms();
			if ((re & (POLLIN | POLLHUP | POLLERR)) && !c->eof &&
			    conn_read(l, c) != 0) {
				conn_close(c);
				continue;
			}
			if (c->out.len > 0 && conn_write(c) != 0) {
				conn_close(c);
				continue;
			}
			if ((re & (POLLERR | POLLNVAL)) != 0) {
				conn_close(c);
			}
		}
		for (i = 0; i < nl; i++) {
			if (pfd[1 + i].revents & POLLIN) {
				tcp_accept(l, l->tcp_fd[i], conns, &nconn);
			}
		}
	}
	for (i = 0; i < nconn; i++) {
		if (conns[i].fd >= 0) {
			conn_close(&conns[i]);
		}
	}
	return NULL;
}

/* ---- life cycle ----------------------------------------------------- */

static void
close_all(struct dnstk_listener *l)
{
	size_t i, t;

	for (i = 0; i < l->conf.naddr; i++) {
		if (l->tcp_fd[i] >= 0) {
			close(l->tcp_fd[i]);
			l->tcp_fd[i] = -1;
		}
		for (t = 0; l->udp != NULL && t < l->conf.threads; t++) {
			if (l->udp[t].fd[i] >= 0) {
				close(l->udp[t].fd[i]);
				l->udp[t].fd[i] = -1;
			}
		}
	}
	for (i = 0; i < 2; i++) {
		if (l->stop_pipe[i] >= 0) {
			close(l->stop_pipe[i]);
			l->stop_pipe[i] = -1;
		}
	}
}

/* Forget address i (nothing opened for it yet); shift the others down. */
static void
drop_addr(struct dnstk_listener *l, size_t i)
{
	struct dnstk_listen_conf *c = &l->conf;
	size_t k;
	unsigned low = c->optional & ((1u << i) - 1);

	for (k = i; k + 1 < c->naddr; k++) {
		c->addr[k] = c->addr[k + 1];
		c->addrlen[k] = c->addrlen[k + 1];
	}
	c->optional = low | ((c->optional >> (i + 1)) << i);
	c->naddr--;
}

int
dnstk_listen_start(struct dnstk_listener **out,
    const struct dnstk_listen_conf *c, struct dnstk_err *err)
{
	struct dnstk_listener *l;
	size_t i, t;
	int rc = 0, fd;

	if (c->naddr == 0 || c->threads == 0 ||
	    c->threads > DNSTK_LISTEN_THREADS_MAX || c->fn == NULL) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "nothing to listen on");
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		return DNSTK_ENOMEM;
	}
	l->conf = *c;
	l->port = c->port;
	l->stop_pipe[0] = l->stop_pipe[1] = -1;
	atomic_init(&l->stopping, false);
	for (i = 0; i < DNSTK_LISTEN_ADDRS_MAX; i++) {
		l->tcp_fd[i] = -1;
	}
	l->udp = calloc(c->threads, sizeof(*l->udp));
	if (l->udp == NULL) {
		rc = DNSTK_ENOMEM;
		goto out;
	}
	for (t = 0; t < c->threads; t++) {
		for (i = 0; i < DNSTK_LISTEN_ADDRS_MAX; i++) {
			l->udp[t].fd[i] = -1;
		}
	}
	if (pipe2(l->stop_pipe, O_CLOEXEC) != 0) {
		rc = dnstk_err_set(err, DNSTK_ESYS, NULL, 0, "pipe: %s",
		    strerror(errno));
		goto out;
	}
	for (i = 0; i < l->conf.naddr; i++) {
		for (t = 0; t < c->threads; t++) {
			fd = open_socket(l, i, SOCK_DGRAM, err);
			if (fd < 0 && t == 0 && (l->conf.optional & (1u << i)) &&
			    (errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT)) {
				/* a default address this host lacks (no ::1) */
				drop_addr(l, i);
				i--;
				break;
			}
			if (fd < 0) {
				rc = fd;
				goto out;
			}
			l->udp[t].fd[i] = fd;
		}
		if (t < c->threads) {
			continue;
		}
		fd = open_socket(l, i, SOCK_STREAM, err);
		if (fd < 0) {
			rc = fd;
			goto out;
		}
		l->tcp_fd[i] = fd;
	}
	/* the threads' memory: out of it, the server does not start */
	l->conns = calloc(DNSTK_LISTEN_TCP_MAX, sizeof(*l->conns));
	l->pfd = calloc(1 + l->conf.naddr + DNSTK_LISTEN_TCP_MAX,
	    sizeof(*l->pfd));
	rc = l->conns == NULL || l->pfd == NULL ? DNSTK_ENOMEM : 0;
	for (t = 0; rc == 0 && t < c->threads; t++) {
		l->udp[t].bufs = malloc(sizeof(*l->udp[t].bufs) * UDP_BATCH);
		rc = l->udp[t].bufs == NULL ? DNSTK_ENOMEM : 0;
	}
	if (rc != 0) {
		goto out;
	}
	for (t = 0; t < c->threads; t++) {
		l->udp[t].l = l;
		l->udp[t].index = (unsigned)t;
		if (pthread_create(&l->udp[t].tid, NULL, udp_main,
		    &l->udp[t]) != 0) {
			rc = dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
			    "cannot start a thread");
			goto out;
		}
		l->udp[t].started = true;
	}
	if (pthread_create(&l->tcp_tid, NULL, tcp_main, l) != 0) {
		rc = dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "cannot start a thread");
		goto out;
	}
	l->tcp_started = true;
	*out = l;
	l = NULL;
out:
	dnstk_listen_free(l);
	return rc;
}

const char *
dnstk_listen_name(const struct dnstk_listener *l, size_t i, char *dst,
    size_t cap)
{
	struct sockaddr_storage ss;

	if (i >= l->conf.naddr) {
		return NULL;
	}
	ss = l->conf.addr[i];
	dnstk_addr_set_port(&ss, l->port);
	return dnstk_listen_peer_str(dst, cap, (struct sockaddr *)&ss);
}

size_t
dnstk_listen_count(const struct dnstk_listener *l)
{
	return l->conf.naddr;
}

uint16_t
dnstk_listen_port(const struct dnstk_listener *l)
{
	return l->port;
}

void
dnstk_listen_stop(struct dnstk_listener *l)
{
	size_t t;
	char c = 'x';

	if (l == NULL || l->stopped) {
		return;
	}
	atomic_store(&l->stopping, true);
	if (l->stop_pipe[1] >= 0) {
		(void)!write(l->stop_pipe[1], &c, 1);
	}
	for (t = 0; l->udp != NULL && t < l->conf.threads; t++) {
		if (l->udp[t].started) {
			pthread_join(l->udp[t].tid, NULL);
			l->udp[t].started = false;
		}
	}
	if (l->tcp_started) {
		pthread_join(l->tcp_tid, NULL);
		l->tcp_started = false;
	}
	l->stopped = true;
}

void
dnstk_listen_free(struct dnstk_listener *l)
{
	size_t t;

	if (l == NULL) {
		return;
	}
	dnstk_listen_stop(l);
	close_all(l);
	for (t = 0; l->udp != NULL && t < l->conf.threads; t++) {
		free(l->udp[t].bufs);
	}
	free(l->udp);
	free(l->conns);
	free(l->pfd);
	free(l);
}
