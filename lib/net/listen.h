/* SPDX-License-Identifier: BSD-3-Clause */
/* A DNS listener: UDP and TCP sockets, worker threads, one handler call per query. */
#ifndef DNSTK_NET_LISTEN_H
#define DNSTK_NET_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/buf.h"
#include "util/err.h"

#define DNSTK_LISTEN_ADDRS_MAX 16	/* -l given at most this often */
#define DNSTK_LISTEN_THREADS_MAX 64
#define DNSTK_LISTEN_TCP_MAX 256	/* open TCP connections at once */

/* One query as the handler sees it. */
struct dnstk_listen_query {
	const uint8_t *wire;	/* the query bytes (no TCP length prefix) */
	size_t len;
	bool tcp;
	const struct sockaddr *peer;	/* the client's address */
	socklen_t peerlen;
	unsigned thread;	/* worker index, 0 .. threads-1 */
};

/*
 * The handler: answer `q` by appending zero or more responses to `out`,
 * each as a two-octet length then the message (the TCP form; over UDP the
 * listener sends the first one without its prefix).  Appending nothing
 * drops the query.  It runs on several threads at once and must not
 * keep `q`'s pointers.  Returns 0, or a negative code (the query is then
 * dropped; the listener keeps going).
 */
typedef int (*dnstk_listen_fn)(void *arg, const struct dnstk_listen_query *q,
    struct dnstk_buf *out);

/* What to listen on and how.  Caller-owned; set up by dnstk_listen_conf_init. */
struct dnstk_listen_conf {
	struct sockaddr_storage addr[DNSTK_LISTEN_ADDRS_MAX];
	socklen_t addrlen[DNSTK_LISTEN_ADDRS_MAX];
	size_t naddr;
	unsigned optional;	/* bit i: skip address i if the host lacks it */
	uint16_t port;
	unsigned threads;	/* UDP worker threads (1 .. THREADS_MAX) */
	unsigned tcp_idle_ms;	/* close a silent TCP connection after this */
	dnstk_listen_fn fn;
	void *arg;
};

/* Defaults: no address, port 53, one thread, 10 s TCP idle timeout. */
void dnstk_listen_conf_init(struct dnstk_listen_conf *c);

/*
 * Add address `text` (IPv4 or IPv6, brackets allowed) to `c`.  Returns 0,
 * or DNSTK_EUSAGE with err set when it is no numeric address or there are
 * too many.
 */
int dnstk_listen_conf_add(struct dnstk_listen_conf *c, const char *text,
    struct dnstk_err *err);

/* A running listener (opaque); owned by the caller of dnstk_listen_start. */
struct dnstk_listener;

/*
 * Bind a UDP socket per thread (SO_REUSEPORT) and a TCP socket for every
 * address of `c`, then start the worker threads (`c` is copied).  Port 0
 * picks a free port, the same for every address.  An address marked
 * optional that the host does not have (EADDRNOTAVAIL, EAFNOSUPPORT: no
 * IPv6) is left out; dnstk_listen_count() says how many are bound.  Returns 0 with *out
 * set (stop it with dnstk_listen_stop, free with dnstk_listen_free), or
 * DNSTK_ENET / DNSTK_ESYS / DNSTK_ENOMEM with err naming the address.
 * Nothing runs on failure.
 */
int dnstk_listen_start(struct dnstk_listener **out,
    const struct dnstk_listen_conf *c, struct dnstk_err *err);

/*
 * The "ADDR#PORT" of bound address i (i < number of addresses), as
 * "127.0.0.1#53" or "::1#53", into dst of cap bytes.  Returns dst, or NULL
 * when i is out of range.
 */
const char *dnstk_listen_name(const struct dnstk_listener *l, size_t i,
    char *dst, size_t cap);

/* The number of addresses bound (names 0 .. count-1). */
size_t dnstk_listen_count(const struct dnstk_listener *l);

/* The port actually bound (useful with port 0). */
uint16_t dnstk_listen_port(const struct dnstk_listener *l);

/*
 * Ask every worker to finish and wait for them (bounded by the poll
 * interval).  Safe to call once from any thread other than the workers.
 */
void dnstk_listen_stop(struct dnstk_listener *l);

/* Close the sockets and free `l` (stopping it first if needed); NULL is fine. */
void dnstk_listen_free(struct dnstk_listener *l);

/*
 * Render a peer address as "ADDR#PORT" into dst of cap bytes (for query
 * logs).  Returns dst.
 */
const char *dnstk_listen_peer_str(char *dst, size_t cap,
    const struct sockaddr *sa);

#endif
