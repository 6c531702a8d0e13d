/* SPDX-License-Identifier: BSD-3-Clause */
/* The zone engine's duplicate and TTL checks (RFC 2181 §5) as findings. */
#ifndef DNSTK_ZONE_ZONE_FINDINGS_H
#define DNSTK_ZONE_ZONE_FINDINGS_H

#include <stdbool.h>

#include "out/finding.h"
#include "zone/zone.h"

/*
 * Called once per finding; the finding and its strings are valid during
 * the call only.  A non-zero return stops the check with it.
 */
typedef int (*dnstk_zone_finding_fn)(void *ctx,
    const struct dnstk_finding *f);

/*
 * Run dnstk_zone_check() on `z` and hand each issue to `fn` as a finding:
 * severity ERROR, code "duplicate-record" (message "duplicate record")
 * or "ttl-mismatch" (message "TTL N differs from TTL M"), the source and
 * line of the record at fault, related = "SOURCE:LINE" of the record it
 * is measured against, owner = "NAME CLASS TYPE" of its RRset or, with
 * `split`, owner = NAME and type = TYPE (the JSON form).  Returns 0,
 * DNSTK_ENOMEM, or what `fn` returned; `st` (not NULL) says what was
 * found, as for dnstk_zone_check().
 */
int dnstk_zone_check_findings(const struct dnstk_zone *z, bool split,
    dnstk_zone_finding_fn fn, void *ctx, struct dnstk_zone_check_stats *st);

#endif
