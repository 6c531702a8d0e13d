/* SPDX-License-Identifier: BSD-3-Clause */
/* EDNS(0) protocol checks: named violations of RFC 6891 and the option RFCs. */
#ifndef DNSTK_DNS_EDNS_CHECK_H
#define DNSTK_DNS_EDNS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"

/*
 * The violation ids, each with the rule it breaks.  "MUST" ids are
 * errors; "SHOULD" ids are warnings (dnstk-opt-dump lists them but they
 * do not change its exit status).
 *
 * Message level (RFC 6891):
 *   multiple-opt             more than one OPT record (§6.1.1)
 *   opt-outside-additional   OPT in the answer or authority section (§6.1.1)
 *   opt-owner-not-root       OPT owner name is not the root (§6.1.2)
 *   option-overrun           an option header or body runs past the OPT
 *                            RDLENGTH (§6.1.2)
 *   badcookie-without-cookie a BADCOOKIE response without a COOKIE option
 *                            (RFC 7873 §5.2.3, §5.2.4)
 * Option bodies:
 *   nsid-query-not-empty     NSID in a query carries data (RFC 5001 §2.1)
 *   ecs-bad-length           CLIENT-SUBNET shorter than 4 octets
 *                            (RFC 7871 §6)
 *   ecs-bad-family           FAMILY is not 1 (IPv4) or 2 (IPv6), other
 *                            than the all-zero family 0 form (RFC 7871 §6)
 *   ecs-prefix-too-long      SOURCE or SCOPE PREFIX-LENGTH longer than the
 *                            address (RFC 7871 §6)
 *   ecs-address-too-long     more ADDRESS octets than SOURCE PREFIX-LENGTH
 *                            needs (RFC 7871 §6)
 *   ecs-address-too-short    fewer ADDRESS octets than it needs
 *                            (RFC 7871 §6)
 *   ecs-address-not-masked   ADDRESS bits past SOURCE PREFIX-LENGTH are
 *                            not zero (RFC 7871 §6)
 *   ecs-scope-in-query       SCOPE PREFIX-LENGTH not 0 in a query
 *                            (RFC 7871 §6)
 *   expire-bad-length        EXPIRE not empty in a query or not 4 octets
 *                            in a response (RFC 7314 §2)
 *   cookie-bad-length        COOKIE not 8 octets or 16 to 40 octets
 *                            (RFC 7873 §4, §5.2.2)
 *   keepalive-bad-length     TCP-KEEPALIVE not empty in a query or not 2
 *                            octets in a response (RFC 7828 §3.1)
 *   padding-nonzero          PADDING octets not zero; SHOULD (RFC 7830 §3)
 *   chain-bad-name           CHAIN is not one uncompressed fully qualified
 *                            name (RFC 7901 §4)
 *   keytag-bad-length        KEY-TAG empty or of odd length (RFC 8145 §4.1)
 *   ede-bad-length           EDE shorter than its 2-octet INFO-CODE
 *                            (RFC 8914 §2)
 *   report-channel-bad-name  REPORT-CHANNEL is not one uncompressed fully
 *                            qualified name (RFC 9567 §5)
 *   zoneversion-bad-length   ZONEVERSION not empty in a query, shorter
 *                            than 2 octets, or type 0 (SOA-SERIAL) without
 *                            a 4-octet serial (RFC 9660 §2)
 */

enum dnstk_violation_level {
	DNSTK_VIOLATION_MUST = 0,	/* an error: the message is broken */
	DNSTK_VIOLATION_SHOULD,		/* a warning */
};

#define DNSTK_VIOLATION_DETAIL_MAX 160

/* One violation: a static id and RFC reference, and what was seen. */
struct dnstk_violation {
	const char *id;		/* "multiple-opt" ... (static) */
	const char *ref;	/* "RFC 6891 §6.1.1" (static, UTF-8) */
	enum dnstk_violation_level level;
	char detail[DNSTK_VIOLATION_DETAIL_MAX];	/* "2 OPT records" */
};

/* A growable list of violations, caller-owned. */
struct dnstk_violations {
	struct dnstk_violation *v;
	size_t count;
	size_t cap;
};

/* Set up an empty list (no allocation). */
void dnstk_violations_init(struct dnstk_violations *vs);

/* Free the list's storage and re-init it. */
void dnstk_violations_release(struct dnstk_violations *vs);

/* The number of MUST-level violations in the list. */
size_t dnstk_violations_errors(const struct dnstk_violations *vs);

/*
 * Append to `vs` every EDNS violation of message `m`: the OPT records
 * wherever they are (count, section, owner, options running past
 * RDLENGTH), every option body of every OPT record (see
 * dnstk_edns_check_option; a message with the QR bit clear is a query),
 * and BADCOOKIE without a COOKIE.  A message without OPT has none of
 * these.  Returns 0 or DNSTK_ENOMEM (the list then holds what was found
 * so far).
 */
int dnstk_edns_check_msg(struct dnstk_violations *vs,
    const struct dnstk_msg *m);

/*
 * Append the violations of one option body (code, d[0..len)); `response`
 * selects the rules for responses (else those for queries).  Codes
 * without rules add nothing.  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_edns_check_option(struct dnstk_violations *vs, uint16_t code,
    const uint8_t *d, size_t len, bool response);

/*
 * Check an OPT record's options (its whole RDATA, `len` octets):
 * option-overrun plus dnstk_edns_check_option for each option.
 * Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_edns_check_options(struct dnstk_violations *vs,
    const uint8_t *opts, size_t len, bool response);

#endif
