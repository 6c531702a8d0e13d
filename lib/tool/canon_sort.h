/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-canon-sort: records in DNSSEC canonical order, RRset checks. */
#ifndef DNSTK_TOOL_CANON_SORT_H
#define DNSTK_TOOL_CANON_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "out/render.h"
#include "util/err.h"

#define DNSTK_CANON_ALL_SECTIONS (-1)

struct dnstk_canon_args {
	enum dnstk_form in;	/* AUTO to detect per input */
	enum dnstk_form out;	/* TEXT, HEX (canonical wire) or JSON */
	int section;		/* DNSTK_SEC_ANSWER.. or ALL_SECTIONS */
	bool section_given;	/* --section: inputs are messages */
	bool canonical;		/* print records in canonical form */
	bool rrsets;		/* comment line before, blank line after */
	bool keep_dups;		/* do not remove duplicates */
	bool check;		/* report, print no records */
	bool fix_ttl;		/* each RRset's TTL to its lowest */
	bool signed_data;	/* print what each RRSIG covers, in hex */
	char **files;		/* inputs; none means stdin; "-" is stdin */
	int nfiles;
	const char *prog;	/* program name for --check lines */
};

/* What a run found, for the command's messages. */
struct dnstk_canon_stats {
	size_t records;		/* records read */
	size_t duplicates;	/* duplicates found (removed unless kept) */
	size_t ttl_rrsets;	/* RRsets whose TTLs differ (before fixing) */
};

/*
 * Set the defaults: detect input, text output, all sections, stdin, prog
 * "dnstk-canon-sort".
 */
void dnstk_canon_args_init(struct dnstk_canon_args *a);

/*
 * Read every record of every input (zone files, dig output, or messages
 * in any stream form: a text input with a ";; ->>HEADER<<-" line, a JSON
 * input whose first object has "ID", or a hex input whose first line is
 * a whole message holds messages; their question sections and OPT
 * records are skipped), sort them in canonical order and write them to
 * `out`.  Sorting needs all input, so on bad input nothing is written:
 * returns DNSTK_EINPUT with err holding SOURCE:LINE.  With `check`,
 * writes one "PROG: SOURCE:LINE: ..." line per duplicate and per record
 * whose TTL differs from the rest of its RRset to `diag` and no records
 * to `out` (with JSON output, one DNSTK_FINDING_JSON_ZONE object a line
 * to `out` instead), and returns DNSTK_EFAIL when there is any.  Otherwise
 * returns 0, -errno when a file cannot be opened or `out` written, or
 * DNSTK_ENOMEM; `stats` (may be NULL) says what was found.
 */
int dnstk_canon_sort(const struct dnstk_canon_args *a, FILE *out, FILE *diag,
    struct dnstk_canon_stats *stats, struct dnstk_err *err);

#endif
