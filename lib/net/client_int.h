/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The client engine's insides, shared by lib/net/client.c (the state
 * machine of each query) and lib/net/client_io.c (sockets, the pool,
 * batched sends and receives).  Not for use outside lib/net/client*.c.
 */
#ifndef DNSTK_NET_CLIENT_INT_H
#define DNSTK_NET_CLIENT_INT_H

#include <poll.h>

#include "net/client.h"
#include "net/qmsg.h"

#define RCODE_FORMERR 1
#define RCODE_NOTIMP 4
#define RCODE_BADVERS 16
#define FD_RESERVE 24		/* descriptors left for everything else */
#define MMSG 32			/* datagrams per recvmmsg/sendmmsg */
#define PKT_MAX 65536

enum job_state {
	JOB_FREE = 0,
	JOB_UDP,	/* waiting for its UDP answer */
	JOB_SEND,	/* queued on a pooled socket, not yet sent */
	JOB_WAITFD,	/* no descriptor free: waits for one */
};

struct job {
	enum job_state state;
	struct dnstk_qspec spec;
	bool raw;
	bool tcp;
	bool badvers_retried;
	bool edns_timeouts;	/* an EDNS attempt went unanswered */
	unsigned srv;		/* index into the client's servers */
	int tries_left;
	int fd;			/* own socket (no pool), or -1 */
	int sock;		/* pool socket index, or -1 */
	int hnext;		/* hash chain (pool), -1 at the end */
	int64_t sent_ms;
	int64_t deadline;
	struct dnstk_buf query;
	struct dnstk_answer *ans;
};

struct psock {
	int fd;
	unsigned used;		/* queries sent on this port */
	unsigned inflight;
};

struct dnstk_client {
	struct dnstk_server server;	/* the first of `servers` */
	struct dnstk_server *servers;	/* tried in turn on failure */
	unsigned nservers;
	struct dnstk_client_opts o;
	struct dnstk_buf opts;
	struct job *jobs;
	unsigned njobs;
	unsigned active;
	unsigned next_free;
	struct psock *socks;
	unsigned nsocks;
	unsigned rr;		/* next pool socket */
	int *bucket;		/* (socket, ID) -> job, pool only */
	unsigned nbucket;
	int *sendq;		/* jobs in JOB_SEND, in order */
	unsigned nsend;
	unsigned nown;		/* jobs holding their own socket */
	unsigned nwait;		/* jobs in JOB_WAITFD */
	int64_t min_deadline;	/* no attempt times out before this */
	struct pollfd *pfd;
	int *pjob;		/* pfd index -> job (-1: pool socket) */
	uint8_t *pkts;		/* MMSG receive buffers */
	struct dnstk_answer *done_head, *done_tail;
	struct dnstk_net_stats stray;	/* matched no query in flight */
	/* learned about the server, with the evidence's time */
	int64_t no_edns_until;
	int64_t small_until;
	int64_t edns_seen_ms;	/* last answer carrying OPT */
	int64_t big_seen_ms;	/* last answer to a payload above 512 */
	bool edns_seen, big_seen;
};

/* client.c */
void client_job_finish(struct dnstk_client *c, struct job *j, int status,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void client_job_answer(struct dnstk_client *c, struct job *j);
const char *client_where(const struct dnstk_client *c, char *buf,
    size_t cap);
const struct dnstk_server *client_job_server(const struct dnstk_client *c,
    const struct job *j);
const char *client_job_where(const struct dnstk_client *c,
    const struct job *j, char *buf, size_t cap);

/* client_io.c */
unsigned client_fd_budget(void);
int client_alloc(struct dnstk_client *c, unsigned inflight);
int client_hash_find(const struct dnstk_client *c, unsigned sock,
    uint16_t id);
void client_hash_add(struct dnstk_client *c, int ji);
void client_job_unsock(struct dnstk_client *c, struct job *j);
int client_pool_pick(struct dnstk_client *c);
void client_flush_sends(struct dnstk_client *c);
void client_pool_recv(struct dnstk_client *c, unsigned s, int64_t now);
void client_own_recv(struct dnstk_client *c, struct job *j, int64_t now);
size_t client_poll_setup(struct dnstk_client *c, int64_t now, int *wait);

#endif
