/* SPDX-License-Identifier: BSD-3-Clause */
/* The verdict of a DANE check (moved out of lib/tool/tlsa_check.c). */
#include <stdio.h>

#include "dane/verdict.h"
#include "util/err.h"

void
dnstk_dane_decide(struct dnstk_dane_verdict *v, size_t nrec,
    const struct dnstk_dane_result *res, enum dnstk_dane_dnssec s,
    const char *why, bool insecure_ok)
{
	bool matched = res->matched;
	const char *what;

	if (nrec == 0) {
		v->word = "no-tlsa";
		what = s == DNSTK_DANE_DNSSEC_SECURE ? "no TLSA records "
		    "(securely denied)" : "no TLSA records";
	} else if (res->usable == 0) {
		v->word = "no-usable-record";
		what = "no usable TLSA record";
	} else if (matched) {
		v->word = "match";
		what = res->reason;
	} else {
		v->word = "no-match";
		what = res->reason;
	}
	switch (s) {
	case DNSTK_DANE_DNSSEC_GIVEN:
	case DNSTK_DANE_DNSSEC_SECURE:
		v->code = matched ? 0 : DNSTK_EFAIL;
		break;
	case DNSTK_DANE_DNSSEC_BOGUS:
		v->word = "bogus";
		v->code = DNSTK_EFAIL;
		break;
	case DNSTK_DANE_DNSSEC_INSECURE:
		if (!insecure_ok) {
			v->word = "insecure";
		}
		v->code = insecure_ok ? (matched ? 0 : DNSTK_EFAIL) :
		    DNSTK_EINSECURE;
		break;
	case DNSTK_DANE_DNSSEC_INDETERMINATE:
	case DNSTK_DANE_DNSSEC_UNVALIDATED:
		if (!insecure_ok) {
			v->word = s == DNSTK_DANE_DNSSEC_UNVALIDATED ?
			    "unvalidated" : "indeterminate";
		}
		v->code = insecure_ok ? (matched ? 0 : DNSTK_EFAIL) :
		    DNSTK_EINDETERMINATE;
		break;
	}
	snprintf(v->text, sizeof(v->text), "%s: %s; TLSA %s", v->word, what,
	    s == DNSTK_DANE_DNSSEC_GIVEN ? "given with --tlsa (not "
	    "DNSSEC-validated)" : s == DNSTK_DANE_DNSSEC_SECURE ?
	    "DNSSEC-secure" : why);
}
