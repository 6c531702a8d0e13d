/* SPDX-License-Identifier: BSD-3-Clause */
/* Gather the records a validation needs from one server (DO+CD queries). */
#ifndef DNSTK_DNSSEC_FETCH_H
#define DNSTK_DNSSEC_FETCH_H

#include <stdbool.h>

#include <ldns/ldns.h>

#include "dnssec/validate.h"
#include "net/server.h"
#include "util/buf.h"
#include "util/err.h"

/* How to reach the server.  Caller-owned, no heap. */
struct dnstk_fetch_opts {
	const struct dnstk_server *server;
	bool tcp;		/* TCP only (else UDP, TCP after TC) */
	int timeout_ms;		/* per attempt */
	int tries;		/* UDP attempts per query */
};

/*
 * Ask `fo->server` (a recursive resolver, or an authoritative server for
 * every zone) with DO and CD set for `qname`/`qtype`, the targets of its
 * CNAMEs, and the DNSKEY and DS RRsets of every zone the answers show
 * (signer names, SOA owners, NSEC3 zones) up to the anchors, and add
 * every record to `pool`.  Queries of one round are in flight together.
 * When `dump` is not NULL, every answer's records are appended to it as
 * text, each answer after a "; QNAME TYPE: RCODE" comment line, ready for
 * --offline.  Returns 0, DNSTK_ETIMEOUT or DNSTK_ENET (err says which
 * query), DNSTK_ENOMEM.  Work is bounded: at most 128 queries.
 */
int dnstk_dnssec_fetch(struct dnstk_rrpool *pool, struct dnstk_buf *dump,
    const struct dnstk_anchors *anchors, const ldns_rdf *qname,
    ldns_rr_type qtype, const struct dnstk_fetch_opts *fo,
    struct dnstk_err *err);

#endif
