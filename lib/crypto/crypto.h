/* SPDX-License-Identifier: BSD-3-Clause */
/* OpenSSL set up once, its errors as dnstk_err, DNSSEC keys and hashes. */
#ifndef DNSTK_CRYPTO_CRYPTO_H
#define DNSTK_CRYPTO_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "util/err.h"

/*
 * Set OpenSSL up (library init, error strings, the default configuration)
 * once per process; thread-safe and cheap to call again.  Every function
 * below calls it, so a tool need not.  Returns 0, or DNSTK_ESYS with
 * OpenSSL's reason in `err`.
 */
int dnstk_crypto_init(struct dnstk_err *err);

/*
 * Empty OpenSSL's error queue (for this thread) into `err`: "WHAT: reason
 * (library)" from the oldest error, which is the first cause; returns
 * `code` (so `return dnstk_crypto_err(err, DNSTK_EINPUT, "...")` works).
 * With an empty queue the message is `what` alone.
 */
int dnstk_crypto_err(struct dnstk_err *err, int code, const char *what);

/* The DNSSEC algorithms with a public key and verify here (RFC 8624). */
enum dnstk_dnssec_alg {
	DNSTK_ALG_RSASHA1 = 5,
	DNSTK_ALG_RSASHA1_NSEC3 = 7,
	DNSTK_ALG_RSASHA256 = 8,
	DNSTK_ALG_RSASHA512 = 10,
	DNSTK_ALG_ECDSAP256 = 13,
	DNSTK_ALG_ECDSAP384 = 14,
	DNSTK_ALG_ED25519 = 15,
	DNSTK_ALG_ED448 = 16,
};

/* Whether `alg` is one of the above. */
int dnstk_crypto_alg_supported(unsigned alg);

/*
 * Build a public key from the Public Key field of a DNSKEY (its rdata
 * from octet 4 on) for algorithm `alg`: RSA as RFC 3110 §2 (exponent
 * length, exponent, modulus; modulus 512 to 4096 bits), ECDSA as RFC 6605
 * §4 (X | Y, 64 or 96 octets), Ed25519/Ed448 as RFC 8080 §3 (32 or 57
 * octets).  On success *out is a new key the caller frees with
 * EVP_PKEY_free() and 0 is returned; else DNSTK_EINPUT (a bad or
 * unsupported key, reason in `err`) or DNSTK_ENOMEM.
 */
int dnstk_crypto_dnskey(EVP_PKEY **out, unsigned alg, const uint8_t *key,
    size_t len, struct dnstk_err *err);

/*
 * Verify the signature `sig` (the Signature field of an RRSIG, in its DNS
 * form: RSA as is, ECDSA as r | s (RFC 6605 §4), EdDSA as RFC 8080 §4)
 * over `data` (the signed data of RFC 4034 §3.1.8.1: RRSIG rdata without
 * the signature, then the RRset in canonical form) with `key` from
 * dnstk_crypto_dnskey() for the same `alg`.  Returns 0 when it verifies,
 * DNSTK_EFAIL when it does not (err: "signature does not verify"),
 * DNSTK_EINPUT for a malformed signature or an algorithm mismatch,
 * DNSTK_ENOMEM.  Validity times and key tags are the caller's to check.
 */
int dnstk_crypto_verify(EVP_PKEY *key, unsigned alg, const uint8_t *data,
    size_t len, const uint8_t *sig, size_t siglen, struct dnstk_err *err);

/* Hash functions of DS digests (RFC 4509, 6605) and TLSA matching (6698). */
enum dnstk_hash {
	DNSTK_HASH_SHA1,
	DNSTK_HASH_SHA256,
	DNSTK_HASH_SHA384,
	DNSTK_HASH_SHA512,
};

#define DNSTK_HASH_MAX 64	/* the longest digest, SHA-512 */

/*
 * Hash `data` with `h` into out[0..*outlen) (out has DNSTK_HASH_MAX
 * octets).  Returns 0 or DNSTK_ESYS/DNSTK_ENOMEM with `err` set.
 */
int dnstk_crypto_hash(enum dnstk_hash h, const void *data, size_t len,
    uint8_t out[DNSTK_HASH_MAX], size_t *outlen, struct dnstk_err *err);

/*
 * The hash of DS digest type `type` (1 SHA-1, 2 SHA-256, 4 SHA-384) or of
 * TLSA matching type `mtype` (1 SHA-256, 2 SHA-512); -1 for any other
 * (including TLSA 0, "Full", which is no hash).
 */
int dnstk_crypto_ds_hash(unsigned type);
int dnstk_crypto_tlsa_hash(unsigned mtype);

#endif
