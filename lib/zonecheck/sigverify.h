/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DNSSEC signature verification for zone checks: the names zone-check
 * has always used, now thin wrappers over lib/crypto (crypto/crypto.h),
 * which holds the one implementation: each DNSKEY becomes an OpenSSL
 * EVP_PKEY once, and every RRSIG is checked by a per-thread verifier
 * that hashes apart and reuses one verification context per key.
 * New code should call dnstk_crypto_dnskey() and the
 * dnstk_crypto_verifier_*() functions directly.
 */
#ifndef DNSTK_ZONECHECK_SIGVERIFY_H
#define DNSTK_ZONECHECK_SIGVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "crypto/crypto.h"

/* True for the algorithms verified here: 5, 7, 8, 10, 13, 14, 15, 16. */
bool dnstk_sig_alg_supported(uint8_t alg);

/*
 * Build the public key of DNSKEY algorithm `alg` from its RDATA public
 * key field (`pk`, `len` bytes) with dnstk_crypto_dnskey().  Returns 0
 * with *out set (caller frees with EVP_PKEY_free), DNSTK_EINPUT for a
 * malformed key or unsupported algorithm, or DNSTK_ENOMEM.
 */
int dnstk_sig_key_new(EVP_PKEY **out, uint8_t alg, const uint8_t *pk,
    size_t len);

/*
 * A verifier: one per thread (a struct dnstk_crypto_verifier).
 * dnstk_sig_verifier_init() returns 0 or DNSTK_ENOMEM.
 */
#define DNSTK_SIG_CTX_CACHE DNSTK_CRYPTO_CTX_CACHE

struct dnstk_sig_verifier {
	struct dnstk_crypto_verifier v;
};
int dnstk_sig_verifier_init(struct dnstk_sig_verifier *v);
void dnstk_sig_verifier_release(struct dnstk_sig_verifier *v);

/*
 * Verify signature `sig` (RRSIG wire encoding) of `data` with `key` of
 * algorithm `alg` (dnstk_crypto_verifier_check()).  Returns 1 when it
 * verifies, 0 when it does not (a malformed signature or an OpenSSL
 * failure included).  Thread-safe for one verifier per thread; keys are
 * shared.
 */
int dnstk_sig_verify(struct dnstk_sig_verifier *v, EVP_PKEY *key,
    uint8_t alg, const uint8_t *data, size_t len, const uint8_t *sig,
    size_t siglen);

#endif
