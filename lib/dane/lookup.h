/* SPDX-License-Identifier: BSD-3-Clause */
/* Look up a TLSA RRset and say how far DNSSEC vouches for it. */
#ifndef DNSTK_DANE_LOOKUP_H
#define DNSTK_DANE_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "dane/tlsa.h"
#include "util/err.h"

/* How the TLSA RRset was obtained and what DNSSEC says about it. */
enum dnstk_dane_dnssec {
	DNSTK_DANE_DNSSEC_GIVEN = 0,	/* records given by the user */
	DNSTK_DANE_DNSSEC_SECURE,	/* validated */
	DNSTK_DANE_DNSSEC_INSECURE,	/* provably unsigned */
	DNSTK_DANE_DNSSEC_BOGUS,	/* validation failed */
	DNSTK_DANE_DNSSEC_INDETERMINATE,	/* no anchor covers it */
	DNSTK_DANE_DNSSEC_UNVALIDATED,	/* looked up, not validated (unused now) */
};

/* "given", "secure", "insecure", "bogus", "indeterminate", "unvalidated". */
const char *dnstk_dane_dnssec_name(enum dnstk_dane_dnssec s);

/* Where and how to look up. */
struct dnstk_dane_lookup_opts {
	const char *server;	/* address or name; NULL: resolv_conf */
	const char *resolv_conf;
	uint16_t port;		/* DNS port (53) */
	int timeout_ms;
	int tries;
	const char *anchor;	/* trust anchor file for validation */
	bool have_now;
	int64_t now;
};

/* The answer: the records (owner `owner` only) and their status. */
struct dnstk_dane_lookup {
	enum dnstk_dane_dnssec dnssec;
	unsigned rcode;		/* 0 NOERROR, 3 NXDOMAIN ... */
	bool denied;		/* NXDOMAIN or NODATA (proven if secure) */
	bool ad;		/* the server set AD (not trusted, shown) */
	char why[512];		/* the validation status in words */
};

/*
 * Look up `owner` TLSA on one server (DO and CD set; a resolver, or an
 * authoritative server for every zone on the way), fetch the DNSKEY and
 * DS records up to the trust anchors (o->anchor, a file of DS or DNSKEY
 * records or root-anchors.xml; else IANA's root anchors) and validate
 * with lib/dnssec at o->now.  The records of a secure answer, or what the
 * server sent otherwise (for display; never trusted), are appended to
 * `out`; res says secure, insecure, bogus or indeterminate and why.
 * Returns 0 whatever the verdict, or DNSTK_ENET / DNSTK_ETIMEOUT (server
 * down), DNSTK_EINPUT (bad owner, unreadable anchor file), DNSTK_ENOMEM
 * with err set.
 */
int dnstk_dane_lookup_tlsa(struct dnstk_tlsa_set *out,
    struct dnstk_dane_lookup *res, const char *owner,
    const struct dnstk_dane_lookup_opts *o, struct dnstk_err *err);

#endif
