/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fast DNSSEC signature verification for zone checks: each DNSKEY becomes
 * an OpenSSL EVP_PKEY once, and every RRSIG is checked with
 * EVP_DigestVerify over data built by dnstk_rrtab_signed_data().
 *
 * Why not ldns_verify_rrsig_keylist_notime(): ldns turns the DNSKEY RDATA
 * into a new EVP_PKEY for every signature it checks, which costs more
 * than the RSA verification itself and a large share of an ECDSA one; a
 * zone of 100k signatures spends most of its time there.  This file is
 * small on purpose so that lib/dnssec can share it later.
 */
#ifndef DNSTK_ZONECHECK_SIGVERIFY_H
#define DNSTK_ZONECHECK_SIGVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* True for the algorithms verified here: 5, 7, 8, 10, 13, 14, 15, 16. */
bool dnstk_sig_alg_supported(uint8_t alg);

/*
 * Build the public key of DNSKEY algorithm `alg` from its RDATA public
 * key field (`pk`, `len` bytes; RFC 3110, RFC 6605, RFC 8080 encodings).
 * Returns 0 with *out set (caller frees with EVP_PKEY_free),
 * DNSTK_EINPUT for a malformed key or unsupported algorithm, or
 * DNSTK_ENOMEM.
 */
int dnstk_sig_key_new(EVP_PKEY **out, uint8_t alg, const uint8_t *pk,
    size_t len);

/*
 * A verifier: one per thread (holds an EVP_MD_CTX and scratch space).
 * dnstk_sig_verifier_init() returns 0 or DNSTK_ENOMEM.
 */
#define DNSTK_SIG_CTX_CACHE 8

struct dnstk_sig_verifier {
	EVP_MD_CTX *ctx;
	EVP_MD *md[4];		/* SHA-1, -256, -384, -512, fetched once */
	/*
	 * RSA and ECDSA: one EVP_PKEY_CTX per key, set up for verification
	 * once and used for every signature of that key (the digest is
	 * computed apart); EVP_DigestVerifyInit() would set one up anew
	 * for every signature.
	 */
	struct {
		EVP_PKEY *key;
		EVP_PKEY_CTX *pctx;
	} cache[DNSTK_SIG_CTX_CACHE];
	uint8_t der[160];	/* ECDSA signature turned into DER */
};
int dnstk_sig_verifier_init(struct dnstk_sig_verifier *v);
void dnstk_sig_verifier_release(struct dnstk_sig_verifier *v);

/*
 * Verify signature `sig` (RRSIG wire encoding) of `data` with `key` of
 * algorithm `alg`.  Returns 1 when it verifies, 0 when it does not (a
 * malformed signature included), DNSTK_ENOMEM when OpenSSL ran out of
 * memory.  Thread-safe for one verifier per thread; keys are shared.
 */
int dnstk_sig_verify(struct dnstk_sig_verifier *v, EVP_PKEY *key,
    uint8_t alg, const uint8_t *data, size_t len, const uint8_t *sig,
    size_t siglen);

#endif
