/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RRsets: the umbrella of canonical form (dns/canon.h), record tables
 * (dns/rrtab.h) and signed data (dns/sigdata.h), and message truncation.
 */
#ifndef DNSTK_DNS_RRSET_H
#define DNSTK_DNS_RRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dns/canon.h"
#include "dns/msg.h"
#include "dns/rrtab.h"
#include "dns/sigdata.h"
#include "util/buf.h"

/* ---- truncation (RFC 2181 §9) -------------------------------------- */

/*
 * Shrink `m` to fit `limit` bytes of uncompressed wire form by dropping
 * whole RRsets only, from the end: first from the additional section,
 * then authority, then answer.  OPT, TSIG and SIG(0) records of the
 * additional section are always kept (their room is reserved first).
 * *tc is set to true when an RRset of the answer or authority section
 * had to go (the TC bit must be set), false otherwise; dropping
 * additional data does not set it.  Returns 0, or DNSTK_EINPUT when even
 * the header, question and kept records exceed `limit`.
 */
int dnstk_rrset_fit(struct dnstk_msg *m, size_t limit, bool *tc);

#endif
