/* SPDX-License-Identifier: BSD-3-Clause */
/* The report of a TLSA check, as text or JSON, and its warning lines. */
#ifndef DNSTK_OUT_TLSA_H
#define DNSTK_OUT_TLSA_H

#include <stdbool.h>
#include <stdio.h>

#include "dane/lookup.h"
#include "dane/tlsa.h"
#include "dane/verdict.h"
#include "dane/verify.h"
#include "util/buf.h"

/* What a report shows; every pointer is borrowed. */
struct dnstk_tlsa_report {
	const char *owner;			/* the TLSA owner name */
	const struct dnstk_tlsa_set *set;	/* the records */
	enum dnstk_dane_dnssec dnssec;
	const struct dnstk_dane_result *res;	/* per record, the chain */
	const struct dnstk_dane_verdict *v;
	bool quiet;				/* text: the verdict line only */
};

/*
 * Append the report `r` to `b`: text (records, outcomes, chain, verdict
 * line) or one JSON object and "\n" with `exit_code` as "exit".  Returns
 * 0 or DNSTK_ENOMEM (b keeps what was appended).
 */
int dnstk_tlsa_report_text(struct dnstk_buf *b,
    const struct dnstk_tlsa_report *r);
int dnstk_tlsa_report_json(struct dnstk_buf *b,
    const struct dnstk_tlsa_report *r, int exit_code);

/*
 * Print "PROG: SOURCE:LINE: warning: MSG" (without ":LINE" when line is
 * 0) on `log`.  Cannot fail (a write error is the stream's).
 */
void dnstk_out_warning(FILE *log, const char *prog, const char *source,
    unsigned long line, const char *msg);

#endif
