/* SPDX-License-Identifier: BSD-3-Clause */
/* DNS transport: UDP on a fresh port per query, TCP framing, matching. */
#ifndef DNSTK_NET_XFER_H
#define DNSTK_NET_XFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/server.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * Packets that reached a query's socket but were not its answer, by
 * reason.  Caller-owned counters; the functions below only add to them.
 */
struct dnstk_net_stats {
	unsigned long wrong_source;	/* from another address or port */
	unsigned long wrong_id;
	unsigned long wrong_question;
	unsigned long not_response;	/* QR clear, or shorter than a header */
};

/* The sum of all counters of `st`. */
unsigned long dnstk_net_dropped(const struct dnstk_net_stats *st);

/* Why a packet is not the answer to a query (0: it is). */
enum dnstk_match {
	DNSTK_MATCH_OK = 0,
	DNSTK_MATCH_NOT_RESPONSE,
	DNSTK_MATCH_ID,
	DNSTK_MATCH_QUESTION,
};

/*
 * Compare response `r` with query `q` (both wire form): QR must be set,
 * the IDs equal and the question sections equal (names compared without
 * regard to ASCII case; a compressed question name never matches).
 */
enum dnstk_match dnstk_net_match(const uint8_t *q, size_t qlen,
    const uint8_t *r, size_t rlen);

/* Milliseconds of the monotonic clock. */
int64_t dnstk_net_now_ms(void);

/*
 * Open a new non-blocking UDP socket for `s`'s family; its first send
 * binds it to a fresh port the kernel picks at random (as bind() to port
 * 0 would).  Returns the descriptor (the caller closes it) or -errno.
 */
int dnstk_udp_open(const struct dnstk_server *s);

/* Send `q` to `s` on `fd`.  Returns 0 or -errno. */
int dnstk_udp_send(int fd, const struct dnstk_server *s, const uint8_t *q,
    size_t qlen);

/*
 * Read every datagram waiting on `fd` (never blocks).  A datagram from
 * `s`'s address and port that matches `q` is stored in `resp` (replacing
 * its contents) and 1 is returned at once; every other datagram is
 * dropped and counted in `st`.  Returns 0 when nothing matched, or
 * -errno on a socket error (-ECONNREFUSED and the like).
 */
int dnstk_udp_recv(int fd, const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, struct dnstk_buf *resp, struct dnstk_net_stats *st);

/*
 * Send `q` over TCP with the 2-byte length prefix and wait for its
 * answer until `timeout_ms` has passed.  Messages on the connection that
 * do not match are dropped and counted.  Returns 0 with the answer in
 * `resp`, DNSTK_ETIMEOUT, or DNSTK_ENET (refused, reset, closed before an
 * answer) with err set.
 */
int dnstk_tcp_exchange(const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, int timeout_ms, struct dnstk_buf *resp,
    struct dnstk_net_stats *st, struct dnstk_err *err);

#define DNSTK_XFR_MAX_BYTES (256u << 20)	/* a transfer larger is refused */

/* The QTYPE of query `q` (wire form), or 0 when it has no question. */
uint16_t dnstk_net_qtype(const uint8_t *q, size_t qlen);

/*
 * A zone transfer (AXFR, RFC 5936, or IXFR, RFC 1995) over TCP: send
 * `q`, take the first matching message into `resp` and each further one
 * (matched on ID and QR: they need not repeat the question) into `more`
 * with its 2-byte length in front, until the transfer is complete: the
 * closing SOA (AXFR, or an IXFR answered in AXFR form), the third SOA
 * with the new serial (incremental IXFR), a lone SOA (IXFR: up to
 * date), a first message with an error RCODE or without a leading SOA.
 * Each message may take `timeout_ms`.  Returns 0, DNSTK_ETIMEOUT,
 * DNSTK_ENET (refused, reset, closed before the end) or DNSTK_EINPUT (a
 * message that does not parse, a transfer over DNSTK_XFR_MAX_BYTES),
 * err set; what came before a failure stays in `resp` and `more`.
 */
int dnstk_tcp_xfr(const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, int timeout_ms, struct dnstk_buf *resp,
    struct dnstk_buf *more, struct dnstk_net_stats *st,
    struct dnstk_err *err);

/*
 * One query, no fallbacks: over TCP when `tcp`, else over UDP up to
 * `tries` times, each on a new socket and waiting `timeout_ms`.  Returns
 * 0 with the answer in `resp`, DNSTK_ETIMEOUT or DNSTK_ENET (err set).
 */
int dnstk_net_exchange(const struct dnstk_server *s, const uint8_t *q,
    size_t qlen, bool tcp, int timeout_ms, int tries,
    struct dnstk_buf *resp, struct dnstk_net_stats *st,
    struct dnstk_err *err);

#endif
