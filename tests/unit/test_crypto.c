/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for lib/crypto: DNSKEY keys, RRSIG verification (one-shot and
 * the verifier), hashes, key tags, DS digests, windows, NSEC3 hashes.
 */
#include <string.h>

#include <ldns/ldns.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "crypto/crypto.h"
#include "tap.h"
#include "util/err.h"

/*
 * Sign with ldns (its own key encoding and signing code) and verify here:
 * DNSKEY rdata from ldns_key2rr, RRSIG from ldns_sign_public, signed data
 * = RRSIG rdata without signature + the RRset in canonical form.
 */
static void
test_ldns(ldns_signing_algorithm la, unsigned alg, uint16_t bits,
    const char *name)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_key *k = ldns_key_new_frm_algorithm(la, bits);
	ldns_key_list *kl = ldns_key_list_new();
	ldns_rr_list *set = ldns_rr_list_new(), *sigs = NULL;
	ldns_rr *rr = NULL, *dnskey = NULL, *canon;
	ldns_buffer *buf = ldns_buffer_new(4096);
	ldns_rdf *keyrdf, *sigrdf;
	EVP_PKEY *pk = NULL;
	uint8_t *data;
	int rc;

	if (k == NULL) {
		tap_ok(1, "%s: ldns cannot make such keys here # SKIP", name);
		goto out;
	}
	ldns_key_set_pubkey_owner(k, ldns_dname_new_frm_str("example."));
	ldns_key_set_inception(k, 1700000000);
	ldns_key_set_expiration(k, 2000000000);
	ldns_key_set_flags(k, 256);
	ldns_key_list_push_key(kl, k);
	ldns_rr_new_frm_str(&rr, "a.example. 300 IN A 192.0.2.1", 0, NULL,
	    NULL);
	ldns_rr_list_push_rr(set, rr);
	sigs = ldns_sign_public(set, kl);
	dnskey = ldns_key2rr(k);
	if (sigs == NULL || ldns_rr_list_rr_count(sigs) != 1 ||
	    dnskey == NULL) {
		tap_ok(0, "%s: ldns signs", name);
		goto out;
	}
	keyrdf = ldns_rr_rdf(dnskey, 3);
	rc = dnstk_crypto_dnskey(&pk, alg, ldns_rdf_data(keyrdf),
	    ldns_rdf_size(keyrdf), &err);
	tap_int(rc, 0, name);
	if (rc != 0) {
		tap_str(err.msg, "", "the error");
		goto out;
	}
	ldns_rrsig2buffer_wire(buf, ldns_rr_list_rr(sigs, 0));
	canon = ldns_rr_clone(rr);
	ldns_rr2canonical(canon);
	ldns_rr2buffer_wire_canonical(buf, canon, LDNS_SECTION_ANSWER);
	ldns_rr_free(canon);
	sigrdf = ldns_rr_rdf(ldns_rr_list_rr(sigs, 0), 8);	/* Signature */
	data = ldns_buffer_begin(buf);
	tap_int(dnstk_crypto_verify(pk, alg, data, ldns_buffer_position(buf),
	    ldns_rdf_data(sigrdf), ldns_rdf_size(sigrdf), &err), 0,
	    "verify: ldns's signature verifies");
	data[ldns_buffer_position(buf) - 1] ^= 1;	/* 192.0.2.0 */
	tap_int(dnstk_crypto_verify(pk, alg, data, ldns_buffer_position(buf),
	    ldns_rdf_data(sigrdf), ldns_rdf_size(sigrdf), &err), DNSTK_EFAIL,
	    "verify: other data fails");
	tap_str(err.msg, "signature does not verify", "verify: says so");
	tap_ok(ERR_peek_error() == 0, "verify: OpenSSL's queue left empty");
out:
	EVP_PKEY_free(pk);
	ldns_rr_free(dnskey);
	ldns_rr_list_deep_free(sigs);
	ldns_rr_list_deep_free(set);
	ldns_key_list_free(kl);	/* and the key */
	ldns_buffer_free(buf);
}

/* Sign with OpenSSL directly, encode the key by the RFCs here. */
static void
test_openssl(const char *type, const char *param, unsigned alg,
    const EVP_MD *md, const char *name)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	EVP_PKEY *k = NULL, *pk = NULL;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t key[600], sig[600], der[200], *d = der;
	size_t klen = 0, slen = sizeof(der), half;
	const unsigned char *dp;
	const char data[] = "signed data";
	ECDSA_SIG *es;
	BIGNUM *n = NULL, *e = NULL;

	if (strcmp(type, "RSA") == 0) {
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	} else if (strcmp(type, "EC") == 0) {
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", param);
	} else {
		k = EVP_PKEY_Q_keygen(NULL, NULL, type);
	}
	if (k == NULL || ctx == NULL) {
		tap_ok(0, "%s: key generated", name);
		goto out;
	}
	if (strcmp(type, "RSA") == 0) {	/* RFC 3110: len, e, n */
		EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n);
		EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e);
		key[0] = (uint8_t)BN_num_bytes(e);
		BN_bn2bin(e, key + 1);
		BN_bn2bin(n, key + 1 + key[0]);
		klen = 1 + (size_t)key[0] + (size_t)BN_num_bytes(n);
	} else if (strcmp(type, "EC") == 0) {	/* RFC 6605: X | Y */
		uint8_t pt[200];
		size_t plen = 0;

		EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pt,
		    sizeof(pt), &plen);
		memcpy(key, pt + 1, plen - 1);
		klen = plen - 1;
	} else {
		klen = sizeof(key);
		EVP_PKEY_get_raw_public_key(k, key, &klen);
	}
	EVP_DigestSignInit(ctx, NULL, md, NULL, k);
	EVP_DigestSign(ctx, der, &slen, (const uint8_t *)data, sizeof(data));
	if (strcmp(type, "EC") == 0) {	/* DER to r | s */
		half = alg == DNSTK_ALG_ECDSAP256 ? 32 : 48;
		dp = der;
		es = d2i_ECDSA_SIG(NULL, &dp, (long)slen);
		BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, (int)half);
		BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + half, (int)half);
		ECDSA_SIG_free(es);
		slen = 2 * half;
	} else {
		memcpy(sig, d, slen);
	}
	tap_int(dnstk_crypto_dnskey(&pk, alg, key, klen, &err), 0, name);
	tap_int(dnstk_crypto_verify(pk, alg, (const uint8_t *)data,
	    sizeof(data), sig, slen, &err), 0, "verify: OpenSSL's signature");
	sig[slen / 2] ^= 0x10;
	tap_int(dnstk_crypto_verify(pk, alg, (const uint8_t *)data,
	    sizeof(data), sig, slen, &err), DNSTK_EFAIL,
	    "verify: a changed signature fails");
	tap_int(dnstk_crypto_verify(pk, alg, (const uint8_t *)data,
	    sizeof(data), sig, slen - 1, &err), strcmp(type, "EC") == 0 ?
	    DNSTK_EINPUT : DNSTK_EFAIL, "verify: a short signature");
	tap_int(dnstk_crypto_verify(pk, alg == DNSTK_ALG_ED25519 ?
	    DNSTK_ALG_RSASHA256 : DNSTK_ALG_ED25519, (const uint8_t *)data,
	    sizeof(data), sig, slen, &err), DNSTK_EINPUT,
	    "verify: a key of another algorithm is refused");
	if (strcmp(type, "RSA") != 0) {
		EVP_PKEY *short_key = NULL;

		tap_int(dnstk_crypto_dnskey(&short_key, alg, key, klen - 1,
		    &err), DNSTK_EINPUT, "key: one octet short is refused");
		EVP_PKEY_free(short_key);
	}
out:
	BN_free(n);
	BN_free(e);
	EVP_PKEY_free(k);
	EVP_PKEY_free(pk);
	EVP_MD_CTX_free(ctx);
}

static void
test_bad_keys(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	EVP_PKEY *pk = NULL;
	uint8_t k[300];

	memset(k, 0x11, sizeof(k));
	k[0] = 200;	/* exponent longer than the rest */
	tap_int(dnstk_crypto_dnskey(&pk, 8, k, 100, &err), DNSTK_EINPUT,
	    "rsa: exponent length past the key");
	k[0] = 0;
	k[1] = 0;
	k[2] = 0;
	tap_int(dnstk_crypto_dnskey(&pk, 8, k, 100, &err), DNSTK_EINPUT,
	    "rsa: a zero three-octet exponent length");
	k[0] = 3;
	tap_int(dnstk_crypto_dnskey(&pk, 8, k, 30, &err), DNSTK_EINPUT,
	    "rsa: a modulus under 512 bits");
	tap_int(dnstk_crypto_dnskey(&pk, 8, k, 0, &err), DNSTK_EINPUT,
	    "rsa: empty");
	tap_int(dnstk_crypto_dnskey(&pk, 13, k, 64, &err), DNSTK_EINPUT,
	    "ecdsa: a point not on the curve");
	tap_ok(strstr(err.msg, "bad DNSKEY public key") != NULL,
	    "ecdsa: OpenSSL's reason comes with it: %s", err.msg);
	tap_ok(ERR_peek_error() == 0, "ecdsa: OpenSSL's queue emptied");
	tap_int(dnstk_crypto_dnskey(&pk, 3, k, 64, &err), DNSTK_EINPUT,
	    "DSA (3) is not supported");
	tap_int(dnstk_crypto_dnskey(&pk, 15, k, 31, &err), DNSTK_EINPUT,
	    "ed25519: 31 octets");
	tap_ok(pk == NULL, "no key after the failures");
	tap_int(dnstk_crypto_alg_supported(16), 1, "alg: 16 supported");
	tap_int(dnstk_crypto_alg_supported(12), 0, "alg: 12 (GOST) not");
}

static void
test_hash(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	uint8_t out[DNSTK_HASH_MAX];
	size_t n = 0;
	/* FIPS 180-2 test vector: SHA-256("abc") */
	static const uint8_t abc256[] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41,
		0x40, 0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3,
		0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00,
		0x15, 0xad,
	};

	tap_int(dnstk_crypto_hash(DNSTK_HASH_SHA256, "abc", 3, out, &n, &err),
	    0, "hash: sha-256");
	tap_mem(out, n, abc256, sizeof(abc256), "hash: sha-256 of abc");
	tap_int(dnstk_crypto_hash(DNSTK_HASH_SHA384, "abc", 3, out, &n, &err),
	    0, "hash: sha-384");
	tap_int(n, 48, "hash: 48 octets");
	tap_int(dnstk_crypto_ds_hash(2), DNSTK_HASH_SHA256, "ds: 2");
	tap_int(dnstk_crypto_ds_hash(3), -1, "ds: 3 (GOST) none");
	tap_int(dnstk_crypto_tlsa_hash(2), DNSTK_HASH_SHA512, "tlsa: 2");
	tap_int(dnstk_crypto_tlsa_hash(0), -1, "tlsa: 0 is Full, no hash");
}

/*
 * RFC 4034 §5.4 and RFC 4509 §2.3: the DNSKEY of dskey.example.com (key
 * tag 60485) and its DS digests, SHA-1 and SHA-256.
 */
static void
test_ds_keytag(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rr *key = NULL;
	ldns_buffer *rd = ldns_buffer_new(1024);
	uint8_t out[DNSTK_HASH_MAX], want[DNSTK_HASH_MAX];
	uint8_t upper[64];
	const ldns_rdf *owner;
	size_t n = 0, wn;

	ldns_rr_new_frm_str(&key, "dskey.example.com. 86400 IN DNSKEY 256 3 5 "
	    "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMz"
	    "NXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6Dhwe"
	    "JBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==", 0, NULL, NULL);
	if (key == NULL || rd == NULL ||
	    ldns_rr_rdata2buffer_wire(rd, key) != LDNS_STATUS_OK) {
		tap_ok(0, "ds: the RFC 4034 key parses");
		goto out;
	}
	owner = ldns_rr_owner(key);
	tap_int(dnstk_crypto_keytag(ldns_buffer_begin(rd),
	    ldns_buffer_position(rd)), 60485, "keytag: RFC 4034 5.4 key 60485");
	tap_int(dnstk_crypto_keytag(ldns_buffer_begin(rd), 3), 0,
	    "keytag: under 4 octets is 0");
	tap_int(dnstk_crypto_ds_digest(out, &n, 1, ldns_rdf_data(owner),
	    ldns_rdf_size(owner), ldns_buffer_begin(rd),
	    ldns_buffer_position(rd), &err), 0, "ds: SHA-1 digest");
	wn = tap_hex(want, sizeof(want),
	    "2bb183af5f22588179a53b0a98631fad1a292118");
	tap_mem(out, n, want, wn, "ds: SHA-1 as RFC 4034 5.4");
	/* the owner is lowercased first (RFC 4034 §6.2) */
	memcpy(upper, ldns_rdf_data(owner), ldns_rdf_size(owner));
	for (size_t i = 0; i < ldns_rdf_size(owner); i++) {
		if (upper[i] >= 'a' && upper[i] <= 'z') {
			upper[i] = (uint8_t)(upper[i] - 32);
		}
	}
	tap_int(dnstk_crypto_ds_digest(out, &n, 2, upper, ldns_rdf_size(owner),
	    ldns_buffer_begin(rd), ldns_buffer_position(rd), &err), 0,
	    "ds: SHA-256 digest of an uppercase owner");
	wn = tap_hex(want, sizeof(want), "d4b7d520e7bb5f0f67674a0cceb1e3e0"
	    "614b93c4f9e99b8383f6a1e4469da50a");
	tap_mem(out, n, want, wn, "ds: SHA-256 as RFC 4509 2.3");
	tap_int(dnstk_crypto_ds_digest(out, &n, 3, upper, ldns_rdf_size(owner),
	    ldns_buffer_begin(rd), ldns_buffer_position(rd), &err),
	    DNSTK_EINPUT, "ds: type 3 (GOST) refused");
out:
	ldns_rr_free(key);
	ldns_buffer_free(rd);
}

/* RFC 1982 windows: inside, before, after, and across 2038 and 2106. */
static void
test_window(void)
{
	int64_t inc = 0, exp = 0;

	/* 2025-01-01 to 2060-01-01: the expiration is past 2^31 */
	tap_int(dnstk_crypto_window(1735689600u, 2840140800u, 1780000000,
	    &inc, &exp), 0, "window: inside");
	tap_int(exp, 2840140800LL, "window: expiration past 2038");
	tap_int(dnstk_crypto_window(1735689600u, 2840140800u, 1735689599,
	    NULL, NULL), -1, "window: a second before the inception");
	tap_int(dnstk_crypto_window(1735689600u, 2840140800u, 2840140801LL,
	    NULL, NULL), 1, "window: a second after the expiration");
	tap_int(dnstk_crypto_window(1735689600u, 2840140800u, 2840140800LL,
	    NULL, NULL), 0, "window: the expiration second itself");
	/* near 2106 the 32-bit field wraps: 100 is just ahead of now */
	tap_int(dnstk_crypto_serial_time(100, 4294967000LL), 4294967396LL,
	    "serial: a wrapped time lies ahead");
	tap_int(dnstk_crypto_serial_time(4294967000u, 4294967396LL),
	    4294967000LL, "serial: and back");
}

/* RFC 5155 Appendix A: H(example), H(a.example) with salt aabbccdd, 12. */
static void
test_nsec3(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_crypto_verifier v;
	static const uint8_t example[] = "\7example";
	static const uint8_t a_example[] = "\1a\7EXAMPLE";
	static const uint8_t salt[] = { 0xaa, 0xbb, 0xcc, 0xdd };
	uint8_t h[DNSTK_NSEC3_HASH_LEN], big[300];
	char b32[40];
	int n;

	tap_int(dnstk_crypto_nsec3_hash(NULL, h, example, sizeof(example),
	    salt, sizeof(salt), 12, &err), 0, "nsec3: H(example)");
	n = ldns_b32_ntop_extended_hex(h, sizeof(h), b32, sizeof(b32));
	b32[n > 0 ? n : 0] = '\0';
	tap_str(b32, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", "nsec3: RFC 5155 A");
	tap_int(dnstk_crypto_verifier_init(&v, &err), 0, "nsec3: a verifier");
	tap_int(dnstk_crypto_nsec3_hash(&v, h, a_example, sizeof(a_example),
	    salt, sizeof(salt), 12, &err), 0, "nsec3: H(a.EXAMPLE)");
	n = ldns_b32_ntop_extended_hex(h, sizeof(h), b32, sizeof(b32));
	b32[n > 0 ? n : 0] = '\0';
	tap_str(b32, "35mthgpgcu1qg68fab165klnsnk3dpvl",
	    "nsec3: any case hashes as lowercase");
	memset(big, 1, sizeof(big));
	tap_int(dnstk_crypto_nsec3_hash(&v, h, big, sizeof(big), salt,
	    sizeof(salt), 0, &err), DNSTK_EINPUT, "nsec3: a name over 255");
	dnstk_crypto_verifier_release(&v);
}

/* Sign `data` with RSA key `k` and digest `md`; the signature's length. */
static size_t
rsa_sign(EVP_PKEY *k, const EVP_MD *md, const char *data, uint8_t *sig,
    size_t cap)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = cap;

	if (ctx == NULL || EVP_DigestSignInit(ctx, NULL, md, NULL, k) != 1 ||
	    EVP_DigestSign(ctx, sig, &n, (const uint8_t *)data,
	    strlen(data)) != 1) {
		n = 0;
	}
	EVP_MD_CTX_free(ctx);
	return n;
}

/*
 * One verifier for many signatures: the cached context of a key follows
 * the digest (one RSA key under algorithms 8 and 10), a full cache falls
 * back to one-shot verification.
 */
static void
test_verifier(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_crypto_verifier v;
	EVP_PKEY *k[DNSTK_CRYPTO_CTX_CACHE + 2] = { NULL };
	uint8_t s256[512], s512[512];
	size_t n256, n512, i;
	const char *data = "signed data";
	int ok = 1;

	for (i = 0; i < DNSTK_CRYPTO_CTX_CACHE + 2; i++) {
		k[i] = EVP_RSA_gen(1024);
	}
	n256 = rsa_sign(k[0], EVP_sha256(), data, s256, sizeof(s256));
	n512 = rsa_sign(k[0], EVP_sha512(), data, s512, sizeof(s512));
	tap_int(dnstk_crypto_verifier_init(&v, &err), 0, "verifier: init");
	tap_int(dnstk_crypto_verifier_check(&v, k[0], 8, (const uint8_t *)data,
	    strlen(data), s256, n256, &err), 0, "verifier: alg 8");
	tap_int(dnstk_crypto_verifier_check(&v, k[0], 8, (const uint8_t *)data,
	    strlen(data), s256, n256, &err), 0, "verifier: alg 8 again");
	tap_int(dnstk_crypto_verifier_check(&v, k[0], 10,
	    (const uint8_t *)data, strlen(data), s512, n512, &err), 0,
	    "verifier: the same key under alg 10");
	tap_int(dnstk_crypto_verifier_check(&v, k[0], 10,
	    (const uint8_t *)data, strlen(data), s256, n256, &err),
	    DNSTK_EFAIL, "verifier: a SHA-256 signature under alg 10 fails");
	tap_int(dnstk_crypto_verifier_check(&v, k[0], 13,
	    (const uint8_t *)data, strlen(data), s256, n256, &err),
	    DNSTK_EINPUT, "verifier: an RSA key under alg 13 is refused");
	/* more keys than the cache holds: every one still verifies */
	for (i = 1; i < DNSTK_CRYPTO_CTX_CACHE + 2; i++) {
		n256 = rsa_sign(k[i], EVP_sha256(), data, s256, sizeof(s256));
		ok &= dnstk_crypto_verifier_check(&v, k[i], 8,
		    (const uint8_t *)data, strlen(data), s256, n256,
		    &err) == 0;
		ok &= dnstk_crypto_verifier_check(&v, k[i], 8,
		    (const uint8_t *)data, strlen(data) - 1, s256, n256,
		    &err) == DNSTK_EFAIL;
	}
	tap_ok(ok, "verifier: keys past the cache verify and fail alike");
	tap_ok(ERR_peek_error() == 0, "verifier: OpenSSL's queue left empty");
	dnstk_crypto_verifier_release(&v);
	for (i = 0; i < DNSTK_CRYPTO_CTX_CACHE + 2; i++) {
		EVP_PKEY_free(k[i]);
	}
}

int
main(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;

	tap_int(dnstk_crypto_init(&err), 0, "init");
	tap_int(dnstk_crypto_init(&err), 0, "init again");
	test_ldns(LDNS_SIGN_RSASHA256, 8, 1024, "ldns rsasha256 key (8)");
	test_ldns(LDNS_SIGN_RSASHA1, 5, 1024, "ldns rsasha1 key (5)");
	test_ldns(LDNS_SIGN_ECDSAP256SHA256, 13, 256, "ldns p-256 key (13)");
	test_ldns(LDNS_SIGN_ECDSAP384SHA384, 14, 384, "ldns p-384 key (14)");
	test_ldns(LDNS_SIGN_ED25519, 15, 256, "ldns ed25519 key (15)");
	test_openssl("RSA", NULL, 7, EVP_sha1(), "rsasha1-nsec3 key (7)");
	test_openssl("RSA", NULL, 10, EVP_sha512(), "rsasha512 key (10)");
	test_openssl("EC", "P-256", 13, EVP_sha256(), "p-256 key (13)");
	test_openssl("EC", "P-384", 14, EVP_sha384(), "p-384 key (14)");
	test_openssl("ED25519", NULL, 15, NULL, "ed25519 key (15)");
	test_openssl("ED448", NULL, 16, NULL, "ed448 key (16)");
	test_bad_keys();
	test_hash();
	test_ds_keytag();
	test_window();
	test_nsec3();
	test_verifier();
	return tap_done();
}
