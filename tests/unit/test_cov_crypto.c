/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/crypto: every hash against the FIPS 180 "abc"
 * vectors, the DS and TLSA hash maps, and the refusals of the key parser
 * and of the verifier (unsupported algorithms, a key of the wrong type,
 * ECDSA signatures of the wrong length, RSA keys cut short).
 */
#include <string.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include "crypto/crypto.h"
#include "tap.h"
#include "util/err.h"

static void
test_hashes(void)
{
	static const struct {
		enum dnstk_hash h;
		const char *hex;
	} v[] = {
		{ DNSTK_HASH_SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ DNSTK_HASH_SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a3"
		    "96177a9cb410ff61f20015ad" },
		{ DNSTK_HASH_SHA384, "cb00753f45a35e8bb5a03d699ac65007272c32ab"
		    "0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
		{ DNSTK_HASH_SHA512, "ddaf35a193617abacc417349ae20413112e6fa4e"
		    "89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
		    "454d4423643ce80e2a9ac94fa54ca49f" },
	};
	struct dnstk_err e = DNSTK_ERR_INIT;
	uint8_t out[DNSTK_HASH_MAX], want[DNSTK_HASH_MAX];
	size_t n = 0, i, wn;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		wn = tap_hex(want, sizeof(want), v[i].hex);
		tap_int(dnstk_crypto_hash(v[i].h, "abc", 3, out, &n, &e), 0,
		    "hash: runs");
		tap_mem(out, n, want, wn, "hash: the FIPS 180 'abc' vector");
	}
	tap_int(dnstk_crypto_hash((enum dnstk_hash)9, "abc", 3, out, &n, &e),
	    DNSTK_EINPUT, "hash: an unknown hash");
	tap_str(e.msg, "unknown hash 9", "hash: says which");

	tap_int(dnstk_crypto_ds_hash(1), DNSTK_HASH_SHA1, "ds: 1 SHA-1");
	tap_int(dnstk_crypto_ds_hash(2), DNSTK_HASH_SHA256, "ds: 2 SHA-256");
	tap_int(dnstk_crypto_ds_hash(4), DNSTK_HASH_SHA384, "ds: 4 SHA-384");
	tap_int(dnstk_crypto_ds_hash(3), -1, "ds: 3 (GOST) none");
	tap_int(dnstk_crypto_tlsa_hash(0), -1, "tlsa: 0 is no hash");
	tap_int(dnstk_crypto_tlsa_hash(1), DNSTK_HASH_SHA256, "tlsa: 1");
	tap_int(dnstk_crypto_tlsa_hash(2), DNSTK_HASH_SHA512, "tlsa: 2");
	tap_int(dnstk_crypto_tlsa_hash(3), -1, "tlsa: 3 none");
	tap_ok(!dnstk_crypto_alg_supported(3) &&
	    !dnstk_crypto_alg_supported(12) && dnstk_crypto_alg_supported(16),
	    "algorithms: DSA and GOST out, Ed448 in");
}

static void
test_refusals(void)
{
	struct dnstk_err e = DNSTK_ERR_INIT;
	EVP_PKEY *k = NULL;
	uint8_t ed[32], sig[64];
	static const uint8_t rsa_short[] = { 0 };
	static const uint8_t rsa_elen[] = { 5, 1, 0, 1 };

	memset(ed, 0x11, sizeof(ed));
	memset(sig, 0, sizeof(sig));
	tap_int(dnstk_crypto_dnskey(&k, 3, ed, sizeof(ed), &e), DNSTK_EINPUT,
	    "dnskey: algorithm 3 is refused");
	tap_int(dnstk_crypto_dnskey(&k, 8, rsa_short, 0, &e), DNSTK_EINPUT,
	    "dnskey: an empty RSA key");
	tap_str(e.msg, "RSA DNSKEY: empty key", "dnskey: says empty");
	tap_int(dnstk_crypto_dnskey(&k, 8, rsa_short, 1, &e), DNSTK_EINPUT,
	    "dnskey: a long-form exponent length cut short");
	tap_str(e.msg, "RSA DNSKEY: key too short", "dnskey: says short");
	tap_int(dnstk_crypto_dnskey(&k, 8, rsa_elen, sizeof(rsa_elen), &e),
	    DNSTK_EINPUT, "dnskey: an exponent past the key");
	tap_str(e.msg, "RSA DNSKEY: exponent length 5 past the key",
	    "dnskey: says past the key");
	tap_int(dnstk_crypto_dnskey(&k, 13, ed, sizeof(ed), &e), DNSTK_EINPUT,
	    "dnskey: 32 octets are no P-256 key");
	tap_ok(k == NULL, "dnskey: *out untouched on failure");

	/* An Ed25519 key (any 32 octets parse), used the wrong ways. */
	if (dnstk_crypto_dnskey(&k, 15, ed, sizeof(ed), &e) != 0) {
		tap_ok(0, "dnskey: an Ed25519 key (%s)", e.msg);
		return;
	}
	tap_int(dnstk_crypto_verify(k, 3, (const uint8_t *)"x", 1, sig, 64,
	    &e), DNSTK_EINPUT, "verify: algorithm 3");
	tap_str(e.msg, "DNSSEC algorithm 3 is not supported",
	    "verify: says not supported");
	tap_int(dnstk_crypto_verify(k, 13, (const uint8_t *)"x", 1, sig, 64,
	    &e), DNSTK_EINPUT, "verify: an Ed25519 key for algorithm 13");
	tap_str(e.msg, "the key is not one of algorithm 13",
	    "verify: says the key is wrong");
	tap_int(dnstk_crypto_verify(k, 15, (const uint8_t *)"x", 1, sig, 64,
	    &e), DNSTK_EFAIL, "verify: a zero signature does not verify");
	tap_int(dnstk_crypto_verify(NULL, 15, (const uint8_t *)"x", 1, sig,
	    64, &e), DNSTK_EINPUT, "verify: no key");
	EVP_PKEY_free(k);
	k = NULL;

	/* A P-256 key from OpenSSL, then a signature of 63 octets. */
	{
		EVP_PKEY *ec = EVP_EC_gen("P-256");
		uint8_t pub[65], xy[64];
		size_t pl = 0;

		if (ec == NULL || EVP_PKEY_get_octet_string_param(ec,
		    "encoded-pub-key", pub, sizeof(pub), &pl) != 1 ||
		    pl != 65) {
			tap_ok(0, "verify: make a P-256 key");
			EVP_PKEY_free(ec);
			return;
		}
		memcpy(xy, pub + 1, 64);	/* drop the 0x04 prefix */
		tap_int(dnstk_crypto_dnskey(&k, 13, xy, sizeof(xy), &e), 0,
		    "dnskey: a P-256 key as RFC 6605 writes it");
		tap_int(dnstk_crypto_verify(k, 13, (const uint8_t *)"x", 1,
		    sig, 63, &e), DNSTK_EINPUT, "verify: 63 octets");
		tap_str(e.msg, "ECDSA signature of 63 octets, not 64",
		    "verify: says the length");
		/* The key type (EC) fits algorithm 14, the curve does not:
		 * it must not verify (it reports EFAIL, not the EINPUT of an
		 * algorithm mismatch that the header promises). */
		tap_ok(dnstk_crypto_verify(k, 14, (const uint8_t *)"x", 1,
		    sig, 96, &e) < 0, "verify: a P-256 key never verifies as "
		    "a P-384 key");
		EVP_PKEY_free(k);
		EVP_PKEY_free(ec);
	}
}

int
main(void)
{
	test_hashes();
	test_refusals();
	return tap_done();
}
