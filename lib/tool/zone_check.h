/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-zone-check: check a zone, print every finding. */
#ifndef DNSTK_TOOL_ZONE_CHECK_H
#define DNSTK_TOOL_ZONE_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "out/render.h"
#include "util/err.h"
#include "zonecheck/zonecheck.h"

struct dnstk_zonecheck_args {
	struct dnstk_zc_opts opts;
	const char *file;	/* NULL or "-": stdin */
	enum dnstk_form out;	/* TEXT or JSON */
	bool quiet;		/* the summary only */
	const char *junit;	/* NULL: no JUnit file */
};

/*
 * Parse a duration: "30d", "12h", "90m", "3600s", "2w" or plain seconds,
 * from 1 second to 68 years.  Returns 0 with *out set, or DNSTK_EUSAGE.
 */
int dnstk_zonecheck_duration(uint32_t *out, const char *s);

/* Defaults: stdin, text, --now = the current time, every core. */
void dnstk_zonecheck_args_init(struct dnstk_zonecheck_args *a);

/*
 * Check the zone and write findings and summary to `out` (and the JUnit
 * file).  With opts.zonemd, writes only the ZONEMD records the zone
 * should carry (and the summary unless quiet is off... see the man page).
 * Returns 0 when no error-severity finding, DNSTK_EFAIL when there is
 * one, DNSTK_EINPUT (err at SOURCE:LINE) for a zone that cannot be
 * parsed, $INCLUDE refused, -errno for files that cannot be opened or
 * written, DNSTK_ENOMEM.
 */
int dnstk_zonecheck(const struct dnstk_zonecheck_args *a, FILE *out,
    struct dnstk_err *err);

#endif
