/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The verdict of a DANE check: the word, the library code and the line
 * in words, from the records, the verification and the DNSSEC status.
 */
#ifndef DNSTK_DANE_VERDICT_H
#define DNSTK_DANE_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "dane/lookup.h"
#include "dane/verify.h"

struct dnstk_dane_verdict {
	const char *word;	/* match, no-match, bogus, ... (static) */
	int code;		/* 0, DNSTK_EFAIL, _EINSECURE, _EINDETERMINATE */
	char text[2048];	/* "WORD: what; TLSA how" */
};

/*
 * Decide the verdict of a check over `nrec` records with verification
 * result `res` (empty when no chain was checked) and DNSSEC status `s`
 * (`why` says it in words for the insecure cases); `insecure_ok` accepts
 * records DNSSEC does not vouch for.  Cannot fail.
 */
void dnstk_dane_decide(struct dnstk_dane_verdict *v, size_t nrec,
    const struct dnstk_dane_result *res, enum dnstk_dane_dnssec s,
    const char *why, bool insecure_ok);

#endif
