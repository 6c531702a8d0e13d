/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSA records for a chain (moved out of lib/tool/tlsa_check.c). */
#include "dane/generate.h"
#include "dane/tlsa.h"
#include "dane/verify.h"

int
dnstk_dane_generate(struct dnstk_buf *out, STACK_OF(X509) *chain,
    const char *owner, uint32_t ttl, int usage0, int selector, int mtype,
    bool all)
{
	struct dnstk_tlsa t;
	int i, n = sk_X509_num(chain), r = 0;

	for (i = 0; i < (all ? n : 1); i++) {
		unsigned usage = (unsigned)usage0;
		/* Without --all, a TA usage names the top of the chain. */
		int at = !all && (usage0 == DNSTK_TLSA_DANE_TA ||
		    usage0 == DNSTK_TLSA_PKIX_TA) ? n - 1 : i;

		if (i > 0) {
			/* Issuers: the TA usage of the same family. */
			usage = usage0 == DNSTK_TLSA_PKIX_EE ||
			    usage0 == DNSTK_TLSA_PKIX_TA ?
			    DNSTK_TLSA_PKIX_TA : DNSTK_TLSA_DANE_TA;
		} else if (all && usage0 == DNSTK_TLSA_DANE_TA) {
			usage = DNSTK_TLSA_DANE_EE;
		} else if (all && usage0 == DNSTK_TLSA_PKIX_TA) {
			usage = DNSTK_TLSA_PKIX_EE;
		}
		r = dnstk_dane_cert_assoc(&t, sk_X509_value(chain, at),
		    (unsigned)selector, (unsigned)mtype);
		if (r != 0) {
			return r;
		}
		t.usage = (uint8_t)usage;
		r = dnstk_tlsa_format_rr(out, owner, ttl, &t);
		dnstk_tlsa_release(&t);
		if (r != 0) {
			return r;
		}
	}
	return 0;
}
