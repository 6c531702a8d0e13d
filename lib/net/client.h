/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DNS client engine: queries to one server with the fallbacks of RFC
 * 6891 (TC -> TCP, payload 512, no EDNS; never without EDNS when DO is
 * set), many in flight at once, answers returned as data.  Nothing here
 * renders or prints.
 */
#ifndef DNSTK_NET_CLIENT_H
#define DNSTK_NET_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "net/server.h"
#include "net/xfer.h"
#include "util/buf.h"
#include "util/err.h"

#define DNSTK_CLIENT_ROTATE 128	/* queries per pooled socket, then a new port */
#define DNSTK_CLIENT_RELEARN_MS 30000	/* what was learned expires after this */

/*
 * How to ask.  Caller-owned; `options` (option TLVs in wire form) is
 * copied by dnstk_client_new().  Fill with dnstk_client_opts_init().
 */
struct dnstk_client_opts {
	uint16_t flags;		/* header flags: RD, AD, CD (DNSTK_FLAG_*) */
	bool edns;
	uint8_t edns_version;
	uint16_t edns_flags;	/* DNSTK_EDNS_DO */
	uint16_t udp_size;
	const uint8_t *options;
	size_t options_len;
	unsigned padding;	/* 0: no PADDING option */
	/* IXFR queries carry an SOA with this serial (see dnstk_qspec) */
	bool ixfr_soa;
	uint32_t ixfr_serial;
	bool tcp;		/* TCP from the start */
	bool ignore_tc;		/* keep truncated UDP answers */
	bool fallback;		/* apply the EDNS fallbacks (default true) */
	int timeout_ms;
	/*
	 * Attempts per server in all: each timeout uses one and moves to
	 * the next fallback step (payload 512, then no EDNS) while there
	 * is one, so a dead server costs tries * timeout_ms, as in dig.
	 */
	int tries;
	/*
	 * UDP sockets shared by the queries in flight, each on its own
	 * random source port, replaced after `rotate` queries.  0: a fresh
	 * socket (and port) for every attempt, as dig does.
	 */
	unsigned sockets;
	unsigned rotate;	/* 0: DNSTK_CLIENT_ROTATE */
	int relearn_ms;		/* 0: DNSTK_CLIENT_RELEARN_MS */
};

/*
 * One finished query.  Owned by the caller once returned; free it with
 * dnstk_answer_free().  `wire` is the answer as received (empty when
 * status is not 0); `msg` is its parsed form when the engine parsed it
 * (see dnstk_answer_msg()); `notes` holds the fallbacks taken and what
 * was learned about the server, one line each, without newlines inside.
 */
struct dnstk_answer {
	void *user;		/* as given to submit */
	int status;		/* 0: answered (any RCODE); else DNSTK_E* */
	char errmsg[DNSTK_ERR_MSG_MAX];
	struct dnstk_buf wire;
	/*
	 * A zone transfer (AXFR, IXFR: always over TCP) has its messages
	 * after the first here, each with its 2-byte length in front.
	 */
	struct dnstk_buf more;
	struct dnstk_msg *msg;
	struct dnstk_buf notes;
	/*
	 * What the engine learned about the server while answering this
	 * query (or that it forgot), one line each: worth reporting when
	 * many queries are asked.
	 */
	struct dnstk_buf learned;
	struct dnstk_net_stats st;
	int64_t elapsed_ms;	/* of the attempt that was answered */
	/*
	 * The server of the last attempt (the one that answered, or the
	 * last one tried when none did): a copy, valid after the client is
	 * freed.
	 */
	struct dnstk_server server;
	int64_t when;		/* wall clock of the answer, ms since 1970 */
	bool tcp;		/* answered over TCP */
	bool edns;		/* the last attempt carried an OPT record */
	struct dnstk_answer *next;	/* internal */
};

/*
 * A new empty answer (status 0, empty buffers), for callers that need to
 * hand a failure along with real answers.  NULL when out of memory.
 */
struct dnstk_answer *dnstk_answer_new(void *user);

/* Free `a` and what it holds; NULL is fine. */
void dnstk_answer_free(struct dnstk_answer *a);

/*
 * The parsed answer, parsing it on first use.  Returns 0 with *m set
 * (owned by `a`), DNSTK_EINPUT for a malformed answer (err set) or the
 * query's own failure status.
 */
int dnstk_answer_msg(struct dnstk_answer *a, const struct dnstk_msg **m,
    struct dnstk_err *err);

/* Defaults: RD, EDNS0 payload 1232, fallbacks on, 5 s, 2 tries. */
void dnstk_client_opts_init(struct dnstk_client_opts *o);

struct dnstk_client;

/*
 * A client for server `s` with at most `inflight` queries at once (fewer
 * when the open-file limit does not allow that many sockets).  Returns 0
 * with *c set (free with dnstk_client_free()) or DNSTK_ENOMEM.
 */
int dnstk_client_new(struct dnstk_client **c, const struct dnstk_server *s,
    const struct dnstk_client_opts *o, unsigned inflight,
    struct dnstk_err *err);

/*
 * A client for the `n` (1 to 255) servers `s`, asked in turn: a query
 * that gets no answer from one (timeout, unreachable, a failed TCP
 * connection; each server gets the full `o->tries`) goes to the next,
 * and its notes say so ("...; trying the next server, ADDR#PORT").  An
 * answer of any RCODE ends the query, as dig does by default.  What is
 * learned about a server (see DNSTK_CLIENT_RELEARN_MS) is learned for
 * the first one only, and the socket pool serves the first one only.
 * Same returns as dnstk_client_new().
 */
int dnstk_client_new_multi(struct dnstk_client **c,
    const struct dnstk_server *s, unsigned n,
    const struct dnstk_client_opts *o, unsigned inflight,
    struct dnstk_err *err);

void dnstk_client_free(struct dnstk_client *c);

/* How many more queries can be submitted now. */
unsigned dnstk_client_room(const struct dnstk_client *c);

/*
 * Start a query for the name `qname` (wire form, `qlen` bytes), qtype and
 * qclass.  Returns 0, DNSTK_EINPUT for a bad name, or DNSTK_ENOMEM, or
 * -EBUSY when there is no room.  A query that fails at once still
 * returns 0 and comes back from dnstk_client_next() with its status.
 */
int dnstk_client_submit(struct dnstk_client *c, const uint8_t *qname,
    size_t qlen, uint16_t qtype, uint16_t qclass, void *user);

/*
 * Start a query sent verbatim (`wire`, 12 to 65535 bytes; no fallbacks
 * but TCP on TC).  Same returns as dnstk_client_submit().
 */
int dnstk_client_submit_raw(struct dnstk_client *c, const uint8_t *wire,
    size_t len, void *user);

/*
 * Packets on pooled sockets that matched no query in flight (late
 * answers to timed-out attempts, spoofs, other sources).  Owned by `c`.
 */
const struct dnstk_net_stats *dnstk_client_stray(const struct dnstk_client *c);

/*
 * Wait for the next finished query (in the order they finish).  Returns
 * 1 with *a set (caller-owned), 0 when no query is in flight, or
 * DNSTK_ESYS (poll failed; err set).
 */
int dnstk_client_next(struct dnstk_client *c, struct dnstk_answer **a,
    struct dnstk_err *err);

/*
 * One query, start to end: resolve nothing, ask `s` for NAME (text form)
 * and type/class, wait.  Returns 0 with *a set (caller-owned; its status
 * says whether an answer came, and its msg is parsed when it parses),
 * DNSTK_EINPUT for a bad name or DNSTK_ENOMEM (err set).
 */
int dnstk_client_query(const struct dnstk_server *s,
    const struct dnstk_client_opts *o, const char *name, uint16_t qtype,
    uint16_t qclass, struct dnstk_answer **a, struct dnstk_err *err);

#endif
