/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OpenSSL set up once, its errors as dnstk_err, and the DNSSEC primitives
 * every tool shares: DNSKEY public keys, RRSIG verification (one-shot and
 * with a per-thread verifier), DS and TLSA digests, key tags, RFC 1982
 * signature windows and NSEC3 hashes.  Nothing here prints or exits.
 */
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
 * A verifier: per-thread scratch for signature checks and NSEC3 hashes (a
 * digest context, the digests fetched once on first use, and for RSA and
 * ECDSA one verification context per key, set up once and used for every
 * signature of that key).  Hashing apart and verifying the digest with a
 * cached EVP_PKEY_CTX is what makes a zone of 100k signatures fast:
 * EVP_DigestVerifyInit() would set a context up anew for every signature,
 * and an implicit digest fetch takes a lock the threads share.  Keys are
 * remembered by address: a key must outlive the verifier's use of it.
 * dnstk_crypto_verifier_init() returns 0, DNSTK_ENOMEM or DNSTK_ESYS
 * (err set); dnstk_crypto_verifier_release() frees what it holds (the keys
 * stay the caller's).
 */
#define DNSTK_CRYPTO_CTX_CACHE 8

struct dnstk_crypto_verifier {
	EVP_MD_CTX *ctx;
	EVP_MD *md[4];		/* by enum dnstk_hash, fetched on first use */
	unsigned fetched;	/* bit h: md[h] was looked up */
	struct {
		EVP_PKEY *key;
		const EVP_MD *md;
		EVP_PKEY_CTX *pctx;
	} cache[DNSTK_CRYPTO_CTX_CACHE];
	uint8_t der[160];	/* an ECDSA signature turned into DER */
};
int dnstk_crypto_verifier_init(struct dnstk_crypto_verifier *v,
    struct dnstk_err *err);
void dnstk_crypto_verifier_release(struct dnstk_crypto_verifier *v);

/*
 * The digest `h` of the verifier, fetched on first use (a fetch per call
 * would take a lock the threads share); NULL when OpenSSL has none (SHA-1
 * disabled by the policy, say).  Owned by the verifier.
 */
const EVP_MD *dnstk_crypto_verifier_md(struct dnstk_crypto_verifier *v,
    int h);

/*
 * dnstk_crypto_verify() with the verifier `v` (one per thread; keys may be
 * shared between threads).  Same arguments and results.
 */
int dnstk_crypto_verifier_check(struct dnstk_crypto_verifier *v,
    EVP_PKEY *key, unsigned alg, const uint8_t *data, size_t len,
    const uint8_t *sig, size_t siglen, struct dnstk_err *err);

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

/* ---- DNSSEC record arithmetic (RFC 4034, 1982, 5155) ------------------- */

/*
 * The key tag of a DNSKEY from its RDATA (flags, protocol, algorithm,
 * public key; RFC 4034 Appendix B, algorithm 1 as its B.1), by ldns's
 * ldns_calc_keytag_raw(); 0 for RDATA under 4 octets.
 */
uint16_t dnstk_crypto_keytag(const uint8_t *rdata, size_t len);

/*
 * The Unix time nearest to `now` whose low 32 bits are `t` (RFC 1982
 * serial arithmetic, RFC 4034 §3.1.5: right past 2038).
 */
int64_t dnstk_crypto_serial_time(uint32_t t, int64_t now);

/*
 * Where `now` lies against an RRSIG's window (its 32-bit Inception and
 * Expiration fields): 0 inside, -1 before the inception, 1 after the
 * expiration.  *inception and *expiration (may be NULL) get the window as
 * Unix times nearest to `now` (dnstk_crypto_serial_time()).
 */
int dnstk_crypto_window(uint32_t inception, uint32_t expiration,
    int64_t now, int64_t *inception_out, int64_t *expiration_out);

/*
 * The NSEC3 hash (RFC 5155 §5, SHA-1) of the wire name `name` (`len`
 * octets, lowercased here) with `salt` and `iterations` extra iterations,
 * into out[0..20).  `v` (may be NULL: a context is made for the call)
 * supplies the digest context; the caller bounds `iterations` (RFC 9276).
 * Returns 0, DNSTK_EINPUT (a name over 255 octets, or SHA-1 unavailable)
 * or DNSTK_ENOMEM, with `err` set.
 */
#define DNSTK_NSEC3_HASH_LEN 20
int dnstk_crypto_nsec3_hash(struct dnstk_crypto_verifier *v,
    uint8_t out[DNSTK_NSEC3_HASH_LEN], const uint8_t *name, size_t len,
    const uint8_t *salt, size_t saltlen, unsigned iterations,
    struct dnstk_err *err);

/*
 * A lowercased copy (ASCII letters) of the wire name `name` in buf[256]
 * (label lengths are below 64, so never touched).  0, or -1 when `len`
 * is over 255.
 */
int dnstk_crypto_lower_name(uint8_t buf[256], const uint8_t *name,
    size_t len);

/*
 * The digest of a DS record (RFC 4034 §5.1.4, RFC 4509, RFC 6605) of
 * digest type `type` (1, 2 or 4) over the owner `owner` (wire form,
 * lowercased here) and the DNSKEY RDATA `rdata`, into out[0..*outlen).
 * Returns 0, DNSTK_EINPUT (an unsupported type, a name over 255 octets)
 * or DNSTK_ESYS/DNSTK_ENOMEM, with `err` set.
 */
int dnstk_crypto_ds_digest(uint8_t out[DNSTK_HASH_MAX], size_t *outlen,
    unsigned type, const uint8_t *owner, size_t ownerlen,
    const uint8_t *rdata, size_t rdlen, struct dnstk_err *err);

#endif
