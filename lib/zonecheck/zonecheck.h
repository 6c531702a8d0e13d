/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The zone-check engine: load a zone, check it (signatures, windows,
 * coverage, NSEC/NSEC3 chains, DS, TTLs, ZONEMD, delegations) and return
 * every finding in a deterministic order.  Never prints.
 */
#ifndef DNSTK_ZONECHECK_ZONECHECK_H
#define DNSTK_ZONECHECK_ZONECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/err.h"

enum dnstk_zc_sev { DNSTK_ZC_ERROR, DNSTK_ZC_WARNING };

/* One finding.  Strings are owned by the result. */
struct dnstk_zc_finding {
	enum dnstk_zc_sev sev;
	const char *code;	/* stable code, e.g. "rrsig-expired" (static) */
	char *owner;		/* presentation form, fully qualified */
	char type[16];		/* type mnemonic of the record at fault */
	char *source;		/* its file ($INCLUDE'd files have theirs) */
	unsigned long line;	/* line of the record at fault (0: none) */
	char *msg;		/* plain words */
	/* sort key: canonical owner key, type, code (see the .c) */
	uint8_t *key;
	size_t key_len;
	uint16_t type_num;
};

/* Options of a check run.  Zeroed means the defaults. */
struct dnstk_zc_opts {
	const char *origin;	/* NULL: the SOA owner or $ORIGIN */
	int64_t now;		/* Unix time the windows are checked at */
	uint32_t expire_within;	/* seconds; 0: no such check */
	uint32_t expire_warn;	/* seconds; 0: no such check */
	const char *ds_file;	/* NULL: no DS check */
	unsigned jobs;		/* verification threads; 0: every core */
	bool zonemd;		/* compute the ZONEMD records to print */
	bool sorted;		/* input in canonical order: stream it */
	/*
	 * Called now and then on a large zone (NULL: never): `what` is
	 * "records read" or "signatures to verify", `n` how many; the
	 * tool calls it with NULL when the check is over.
	 */
	void (*progress)(void *arg, const char *what, size_t n);
	void *progress_arg;
};

/* What a run found.  dnstk_zc_result_init() / _release(). */
struct dnstk_zc_result {
	struct dnstk_zc_finding *f;
	size_t n, cap;
	char source[DNSTK_ERR_SOURCE_MAX];
	size_t records, rrsets, signatures;
	size_t errors, warnings;
	struct dnstk_buf zonemd;	/* ZONEMD records in text, one a line */
};

void dnstk_zc_result_init(struct dnstk_zc_result *r);
void dnstk_zc_result_release(struct dnstk_zc_result *r);

/*
 * Read the zone from `fp` (named `source` in findings; not closed) and
 * check it.  Returns 0 with every finding in `res` sorted by canonical
 * owner, type number, code (then line and message), whatever
 * `o->jobs`; DNSTK_EINPUT with err at SOURCE:LINE when the zone (or the
 * DS file) cannot be parsed; -errno when a file cannot be read;
 * DNSTK_ENOMEM.
 */
int dnstk_zc_check(struct dnstk_zc_result *res, FILE *fp, const char *source,
    const struct dnstk_zc_opts *o, struct dnstk_err *err);

/* Render a result: text lines, JSON Lines, or a JUnit XML document. */
int dnstk_zc_render_text(struct dnstk_buf *out,
    const struct dnstk_zc_result *r, bool quiet, double secs);
int dnstk_zc_render_json(struct dnstk_buf *out,
    const struct dnstk_zc_result *r, bool quiet, double secs);
int dnstk_zc_render_junit(struct dnstk_buf *out,
    const struct dnstk_zc_result *r, double secs);

/* The check family of a finding code ("signatures", "nsec-chain"...). */
const char *dnstk_zc_family(const char *code);

#endif
