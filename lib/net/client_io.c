/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The client engine's sockets: a fresh one per attempt, or a pool of
 * sockets each on its own random port, rotated after a bounded number of
 * queries, with sends and receives batched by sendmmsg()/recvmmsg() and
 * answers found by (socket, ID) and then matched on source, ID and
 * question.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/client_int.h"

/* ---- descriptors and the socket pool -------------------------------- */

/* How many sockets this process may still open, roughly. */
unsigned
client_fd_budget(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > 1u << 20) {
		return 1u << 20;
	}
	return rl.rlim_cur > FD_RESERVE + 1 ? (unsigned)rl.rlim_cur -
	    FD_RESERVE : 1;
}

static unsigned
hash_key(unsigned sock, uint16_t id, unsigned nbucket)
{
	return ((sock * 0x9e3779b1u) ^ (id * 0x85ebca6bu)) & (nbucket - 1);
}

static void
hash_del(struct dnstk_client *c, int ji)
{
	struct job *j = &c->jobs[ji];
	int *p = &c->bucket[hash_key((unsigned)j->sock, j->spec.id,
	    c->nbucket)];

	while (*p >= 0 && *p != ji) {
		p = &c->jobs[*p].hnext;
	}
	if (*p == ji) {
		*p = j->hnext;
	}
	j->hnext = -1;
}

int
client_hash_find(const struct dnstk_client *c, unsigned sock, uint16_t id)
{
	int i = c->bucket[hash_key(sock, id, c->nbucket)];

	while (i >= 0 && (c->jobs[i].sock != (int)sock ||
	    c->jobs[i].spec.id != id)) {
		i = c->jobs[i].hnext;
	}
	return i;
}

void
client_hash_add(struct dnstk_client *c, int ji)
{
	struct job *j = &c->jobs[ji];
	struct psock *s = &c->socks[j->sock];
	unsigned h = hash_key((unsigned)j->sock, j->spec.id, c->nbucket);

	s->used++;
	s->inflight++;
	j->hnext = c->bucket[h];
	c->bucket[h] = ji;
}

/*
 * Replace an idle pool socket by a new one: the new socket gets a new
 * random port on its first send.  0, or -errno (the old one stays, to be
 * rotated on a later try).
 */
static int
rotate(const struct dnstk_client *c, struct psock *s)
{
	int fd = dnstk_udp_open(&c->server);

	if (fd < 0) {
		return fd;
	}
	close(s->fd);
	s->fd = fd;
	s->used = 0;
	return 0;
}

/* Leave the job's socket: close its own, or release its pool place. */
void
client_job_unsock(struct dnstk_client *c, struct job *j)
{
	struct psock *s;

	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
		c->nown--;
	}
	if (j->sock < 0) {
		return;
	}
	hash_del(c, (int)(j - c->jobs));
	s = &c->socks[j->sock];
	j->sock = -1;
	s->inflight--;
	if (s->inflight == 0 && s->used >= c->o.rotate) {
		(void)rotate(c, s);
	}
}

/* A pool socket with room for one more query, or -1. */
int
client_pool_pick(struct dnstk_client *c)
{
	unsigned k, i;

	for (k = 0; k < c->nsocks; k++) {
		i = (c->rr + k) % c->nsocks;
		if (c->socks[i].used >= c->o.rotate &&
		    c->socks[i].inflight == 0) {
			(void)rotate(c, &c->socks[i]);	/* a failed rotation */
		}
		if (c->socks[i].used < c->o.rotate) {
			c->rr = i + 1;
			return (int)i;
		}
	}
	return -1;
}

/* ---- the loop ---------------------------------------------------------- */

/* Send `n` queued queries of pool socket `s` with sendmmsg(). */
static void
send_batch(struct dnstk_client *c, unsigned s, const int *idx, int n)
{
	struct mmsghdr mh[MMSG];
	struct iovec iov[MMSG];
	struct job *j;
	char w[96];
	int k, r;

	for (k = 0; k < n; k++) {
		j = &c->jobs[idx[k]];
		iov[k].iov_base = j->query.data;
		iov[k].iov_len = j->query.len;
		memset(&mh[k], 0, sizeof(mh[k]));
		mh[k].msg_hdr.msg_name = &c->server.addr;
		mh[k].msg_hdr.msg_namelen = c->server.addrlen;
		mh[k].msg_hdr.msg_iov = &iov[k];
		mh[k].msg_hdr.msg_iovlen = 1;
	}
	for (k = 0; k < n;) {
		r = sendmmsg(c->socks[s].fd, mh + k, (unsigned)(n - k), 0);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			/* The first one failed: fail it, go on with the rest. */
			client_job_finish(c, &c->jobs[idx[k++]], DNSTK_ENET,
			    "query to %s failed: %s", client_where(c, w, sizeof(w)),
			    strerror(r < 0 ? errno : EIO));
			continue;
		}
		while (r-- > 0) {
			c->jobs[idx[k++]].state = JOB_UDP;
		}
	}
}

/* Send the queued pooled queries, one sendmmsg() per socket. */
void
client_flush_sends(struct dnstk_client *c)
{
	int idx[MMSG], n;
	unsigned s, i;

	for (s = 0; s < c->nsocks && c->nsend != 0; s++) {
		n = 0;
		for (i = 0; i < c->nsend; i++) {
			if (c->jobs[c->sendq[i]].sock != (int)s ||
			    c->jobs[c->sendq[i]].state != JOB_SEND) {
				continue;
			}
			idx[n++] = c->sendq[i];
			if (n == MMSG) {
				send_batch(c, s, idx, n);
				n = 0;
			}
		}
		if (n != 0) {
			send_batch(c, s, idx, n);
		}
	}
	c->nsend = 0;
}

/* Hand one datagram from pool socket `s` to the query it answers. */
static void
pool_deliver(struct dnstk_client *c, unsigned s, const uint8_t *p,
    size_t n, const struct sockaddr_storage *from, int64_t now)
{
	enum dnstk_match m;
	struct job *j;
	int ji;

	if (!dnstk_server_same(&c->server, from)) {
		c->stray.wrong_source++;
		return;
	}
	if (n < 12 || !(p[2] & 0x80)) {
		c->stray.not_response++;
		return;
	}
	ji = client_hash_find(c, s, (uint16_t)((p[0] << 8) | p[1]));
	if (ji < 0 || c->jobs[ji].state != JOB_UDP) {
		c->stray.wrong_id++;
		return;
	}
	j = &c->jobs[ji];
	m = dnstk_net_match((uint8_t *)j->query.data, j->query.len, p, n);
	if (m == DNSTK_MATCH_QUESTION) {
		j->ans->st.wrong_question++;
		return;
	}
	if (m != DNSTK_MATCH_OK) {
		j->ans->st.not_response++;
		return;
	}
	dnstk_buf_reset(&j->ans->wire);
	if (dnstk_buf_add(&j->ans->wire, p, n) != 0) {
		client_job_finish(c, j, DNSTK_ENOMEM, "out of memory");
		return;
	}
	j->ans->elapsed_ms = now - j->sent_ms;
	client_job_answer(c, j);
}

/*
 * An ICMP error (port or host unreachable) came to pool socket `s`: the
 * server cannot be reached, so the queries waiting on that socket fail
 * now, as they would on their own sockets.  The error queue is drained
 * (it would keep poll() waking up).
 */
static void
pool_error(struct dnstk_client *c, unsigned s, int e)
{
	uint8_t buf[512];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m;
	char w[96];
	unsigned i;
	int n = 0;

	do {
		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
	} while (recvmsg(c->socks[s].fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) >=
	    0 && ++n < 1000);
	for (i = 0; i < c->njobs; i++) {
		if (c->jobs[i].state == JOB_UDP && c->jobs[i].sock == (int)s) {
			client_job_finish(c, &c->jobs[i], DNSTK_ENET,
			    "query to %s failed: %s", client_where(c, w,
			    sizeof(w)), strerror(e));
		}
	}
}

/* Read what waits on pool socket `s`, MMSG datagrams per call. */
void
client_pool_recv(struct dnstk_client *c, unsigned s, int64_t now)
{
	struct mmsghdr mh[MMSG];
	struct iovec iov[MMSG];
	struct sockaddr_storage from[MMSG];
	int i, r;

	for (;;) {
		for (i = 0; i < MMSG; i++) {
			iov[i].iov_base = c->pkts + (size_t)i * PKT_MAX;
			iov[i].iov_len = PKT_MAX;
			memset(&mh[i], 0, sizeof(mh[i]));
			mh[i].msg_hdr.msg_name = &from[i];
			mh[i].msg_hdr.msg_namelen = sizeof(from[i]);
			mh[i].msg_hdr.msg_iov = &iov[i];
			mh[i].msg_hdr.msg_iovlen = 1;
		}
		r = recvmmsg(c->socks[s].fd, mh, MMSG, MSG_DONTWAIT, NULL);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			pool_error(c, s, errno);
			return;
		}
		if (r <= 0) {
			return;
		}
		for (i = 0; i < r; i++) {
			pool_deliver(c, s, iov[i].iov_base, mh[i].msg_len,
			    &from[i], now);
		}
		if (r < MMSG) {
			return;
		}
	}
}

/* An answer (or an error) on a query's own socket. */
void
client_own_recv(struct dnstk_client *c, struct job *j, int64_t now)
{
	char w[96];
	int r;

	r = dnstk_udp_recv(j->fd, client_job_server(c, j),
	    (uint8_t *)j->query.data,
	    j->query.len, &j->ans->wire, &j->ans->st);
	if (r == 1) {
		j->ans->elapsed_ms = now - j->sent_ms;
		client_job_answer(c, j);
	} else if (r < 0) {
		/* out of memory is ours, not the network's */
		client_job_finish(c, j, r == DNSTK_ENOMEM ? r : DNSTK_ENET,
		    "query to %s failed: %s",
		    client_job_where(c, j, w, sizeof(w)), strerror(-r));
	}
}

/* Fill the poll set; returns its size and the wait in *wait. */
size_t
client_poll_setup(struct dnstk_client *c, int64_t now, int *wait)
{
	int64_t w = -1;
	size_t n = 0;
	unsigned i;

	for (i = 0; i < c->nsocks; i++) {
		if (c->socks[i].inflight != 0) {
			c->pfd[n].fd = c->socks[i].fd;
			c->pfd[n].events = POLLIN;
			c->pjob[n++] = -1 - (int)i;
		}
	}
	for (i = 0; c->nown != 0 && i < c->njobs; i++) {
		if (c->jobs[i].state == JOB_UDP && c->jobs[i].fd >= 0) {
			c->pfd[n].fd = c->jobs[i].fd;
			c->pfd[n].events = POLLIN;
			c->pjob[n++] = (int)i;
		}
	}
	if (c->min_deadline != INT64_MAX) {
		w = c->min_deadline > now ? c->min_deadline - now : 0;
	}
	if (c->nwait != 0 && (w < 0 || w > 10)) {
		w = 10;	/* poll for a free descriptor or pool place */
	}
	*wait = (int)w;
	return n;
}

/* Time out what is due, retry what waits; recompute the next deadline. */
int
client_alloc(struct dnstk_client *c, unsigned inflight)
{
	unsigned i, budget = client_fd_budget();

	if (c->o.sockets == 0 && inflight > budget) {
		inflight = budget;	/* a query waits for a descriptor */
	}
	if (c->o.sockets > budget / 2 + 1) {
		c->o.sockets = budget / 2 + 1;
	}
	c->njobs = inflight != 0 ? inflight : 1;
	c->nsocks = c->o.sockets;
	c->min_deadline = INT64_MAX;
	c->jobs = calloc(c->njobs, sizeof(*c->jobs));
	c->sendq = calloc(c->njobs, sizeof(*c->sendq));
	c->pfd = calloc(c->njobs + c->nsocks, sizeof(*c->pfd));
	c->pjob = calloc(c->njobs + c->nsocks, sizeof(*c->pjob));
	if (c->jobs == NULL || c->sendq == NULL || c->pfd == NULL ||
	    c->pjob == NULL) {
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < c->njobs; i++) {
		c->jobs[i].fd = -1;
		c->jobs[i].sock = -1;
		c->jobs[i].hnext = -1;
		dnstk_buf_init(&c->jobs[i].query);
	}
	if (c->nsocks == 0) {
		return 0;
	}
	for (c->nbucket = 64; c->nbucket < 2 * c->njobs; c->nbucket *= 2) {
		continue;
	}
	c->bucket = malloc(c->nbucket * sizeof(*c->bucket));
	c->socks = calloc(c->nsocks, sizeof(*c->socks));
	c->pkts = malloc((size_t)MMSG * PKT_MAX);
	if (c->bucket == NULL || c->socks == NULL || c->pkts == NULL) {
		return DNSTK_ENOMEM;
	}
	memset(c->bucket, 0xff, c->nbucket * sizeof(*c->bucket));
	for (i = 0; i < c->nsocks; i++) {
		/* Staggered, so that the sockets do not all rotate at once. */
		c->socks[i].used = (unsigned)((unsigned long)c->o.rotate * i /
		    c->nsocks);
		c->socks[i].fd = dnstk_udp_open(&c->server);
		if (c->socks[i].fd < 0) {
			return c->socks[i].fd;
		}
	}
	return 0;
}

