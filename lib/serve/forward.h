/* SPDX-License-Identifier: BSD-3-Clause */
/* Forwarding to an upstream server, with a small cache that honours TTLs. */
#ifndef DNSTK_SERVE_FORWARD_H
#define DNSTK_SERVE_FORWARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/buf.h"
#include "util/err.h"

#define DNSTK_FWD_CACHE_MAX 4096	/* cached responses, at most */

/*
 * A forwarder: one upstream server, asked with DO and CD set (so every
 * client, with or without DO, is served from the same answer), over UDP
 * with EDNS payload 1232 and over TCP when the answer is truncated.
 * Whole responses are cached (never merged with one another: RFC 2181
 * §5.4.1) for the smallest TTL they hold (for a negative answer, the
 * SOA's TTL and MINIMUM), and given out with their TTLs aged.
 * Thread-safe.  Owned by the caller of dnstk_fwd_new.
 */
struct dnstk_fwd;

/*
 * Parse "ADDR[#PORT]" (IPv4 or IPv6, port 53 by default) and set up a
 * forwarder with a `timeout_ms` per attempt.  Returns 0 with *out set
 * (free with dnstk_fwd_free), DNSTK_EUSAGE with err set for a bad
 * address, or DNSTK_ENOMEM.
 */
int dnstk_fwd_new(struct dnstk_fwd **out, const char *spec,
    unsigned timeout_ms, struct dnstk_err *err);

/* Free the forwarder and its cache; NULL is fine. */
void dnstk_fwd_free(struct dnstk_fwd *f);

/*
 * Get the upstream's response for (qname, qtype, class IN): from the cache
 * with its TTLs aged, or asked now.  `qname` is an uncompressed wire name.
 * On success *resp holds the response message (wire form, TTLs already
 * aged).  Returns 0, DNSTK_ETIMEOUT / DNSTK_ENET when the upstream gave
 * no usable answer, or DNSTK_ENOMEM.  This function blocks for at most
 * two UDP attempts of `timeout_ms` (and one over TCP).
 */
int dnstk_fwd_query(struct dnstk_fwd *f, const uint8_t *qname, size_t qlen,
    uint16_t qtype, struct dnstk_buf *resp);

#endif
