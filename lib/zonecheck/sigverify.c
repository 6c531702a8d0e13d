/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check's signature names over lib/crypto (see sigverify.h). */
#include "util/err.h"
#include "zonecheck/sigverify.h"

bool
dnstk_sig_alg_supported(uint8_t alg)
{
	return dnstk_crypto_alg_supported(alg) != 0;
}

int
dnstk_sig_key_new(EVP_PKEY **out, uint8_t alg, const uint8_t *pk,
    size_t len)
{
	struct dnstk_err err;
	int rc = dnstk_crypto_dnskey(out, alg, pk, len, &err);

	return rc == DNSTK_ENOMEM ? rc : rc != 0 ? DNSTK_EINPUT : 0;
}

int
dnstk_sig_verifier_init(struct dnstk_sig_verifier *v)
{
	return dnstk_crypto_verifier_init(&v->v, NULL) != 0 ? DNSTK_ENOMEM :
	    0;
}

void
dnstk_sig_verifier_release(struct dnstk_sig_verifier *v)
{
	dnstk_crypto_verifier_release(&v->v);
}

int
dnstk_sig_verify(struct dnstk_sig_verifier *v, EVP_PKEY *key,
    uint8_t alg, const uint8_t *data, size_t len, const uint8_t *sig,
    size_t siglen)
{
	return dnstk_crypto_verifier_check(&v->v, key, alg, data, len, sig,
	    siglen, NULL) == 0;
}
