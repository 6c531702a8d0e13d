/* SPDX-License-Identifier: BSD-3-Clause */
/* Validation of forwarded answers for dnstk-serve --validate, over lib/dnssec. */
#ifndef DNSTK_SERVE_VALIDATE_H
#define DNSTK_SERVE_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "dnssec/validate.h"
#include "util/err.h"

#define DNSTK_SVAL_REASON_MAX 200

/* The verdict on one answer and, when bogus, its RFC 8914 error. */
struct dnstk_sval_verdict {
	enum dnstk_dnssec_state state;
	uint16_t ede;		/* INFO-CODE when bogus (6, 7, 8, 9, 10, 12) */
	char reason[DNSTK_SVAL_REASON_MAX];	/* EXTRA-TEXT, plain words */
};

/*
 * A validator for the forwarder: it gathers the chain from the upstream
 * (lib/dnssec fetch: DO and CD queries for the answer, the DNSKEY and DS
 * RRsets up to the anchors), validates it from the anchors, and caches
 * verdicts for as long as the answers they judged (at most an hour).
 * Thread-safe.  Owned by the caller of dnstk_sval_new.
 */
struct dnstk_sval;

/*
 * Set up a validator asking `upstream` ("ADDR[#PORT]") with anchors read
 * from `anchor_file` (DS or DNSKEY records, or root-anchors.xml; NULL:
 * the IANA root anchors), judging signature windows at `now` (0: the
 * clock at each validation).  Returns 0 with *out set, DNSTK_EUSAGE /
 * DNSTK_EINPUT with err set, or DNSTK_ENOMEM.
 */
int dnstk_sval_new(struct dnstk_sval **out, const char *upstream,
    const char *anchor_file, int64_t now, struct dnstk_err *err);

/* Free the validator; NULL is fine. */
void dnstk_sval_free(struct dnstk_sval *v);

/*
 * Judge the answer to (qname, qtype): `qname` an uncompressed wire name,
 * `ttl` how long the answer may be cached.  Fills *out; an upstream
 * that cannot be asked gives BOGUS with EDE 23 (Network Error).  Returns
 * 0 or DNSTK_ENOMEM.  Blocks while it fetches (at most 128 queries).
 */
int dnstk_sval_check(struct dnstk_sval *v, const uint8_t *qname,
    size_t qlen, uint16_t qtype, uint32_t ttl,
    struct dnstk_sval_verdict *out);

#endif
