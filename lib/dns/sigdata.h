/* SPDX-License-Identifier: BSD-3-Clause */
/* The data an RRSIG signs (RFC 4034 §3.1.8.1, RFC 4035 §5.3). */
#ifndef DNSTK_DNS_SIGDATA_H
#define DNSTK_DNS_SIGDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dns/rrtab.h"
#include "util/buf.h"

/*
 * Append the data an RRSIG's signature covers (RFC 4034 §3.1.8.1, RFC
 * 4035 §5.3.2): the RRSIG RDATA up to the signer name (lowercased), then
 * every record of the covered RRset in canonical order, without
 * duplicates, with the original TTL and, when the RRSIG's label count is
 * below the owner's, the wildcard owner "*.<rightmost labels>".  `sig` is
 * the RRSIG's index in the sorted, deduplicated table.  Returns 0 with
 * *count set to the number of covered records (0: none in the table, and
 * nothing appended), DNSTK_ENOMEM, or DNSTK_EINPUT with *why set when the
 * RRSIG is malformed: its signer name runs past the RDATA, or its Labels
 * field is above the owner's labels (a leading "*" not counted) or below
 * the signer's, which RFC 4035 §5.3.1 forbids (the wildcard it names
 * would lie outside the signer's zone).  *why is a static string.
 */
int dnstk_rrtab_signed_data(struct dnstk_buf *out, const struct dnstk_rrtab *t,
    size_t sig, size_t *count, const char **why);

#endif
