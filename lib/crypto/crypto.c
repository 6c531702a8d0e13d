/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * OpenSSL 3 glue: one-time set-up, error queue to dnstk_err, DNSKEY public
 * keys to EVP_PKEY, hashes.  RRSIG verification is in verify.c, the
 * DNSSEC record arithmetic in dnssec.c.  ldns can verify RRSIGs too, but
 * its time check is a 32-bit compare, it hides which step failed and it
 * builds a new key for every signature; these are the small steps the
 * DNSSEC, zone-check and DANE engines compose.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include "crypto/crypto.h"

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;
static int crypto_ok;

static void
crypto_setup(void)
{
	crypto_ok = OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS |
	    OPENSSL_INIT_LOAD_CONFIG, NULL) == 1;
}

int
dnstk_crypto_init(struct dnstk_err *err)
{
	if (pthread_once(&crypto_once, crypto_setup) != 0 || !crypto_ok) {
		return dnstk_crypto_err(err, DNSTK_ESYS,
		    "cannot set up OpenSSL");
	}
	return 0;
}

int
dnstk_crypto_err(struct dnstk_err *err, int code, const char *what)
{
	unsigned long e = ERR_get_error();	/* the oldest: first cause */
	const char *reason, *lib;

	if (e == 0) {
		ERR_clear_error();
		return dnstk_err_set(err, code, NULL, 0, "%s", what);
	}
	reason = ERR_reason_error_string(e);
	lib = ERR_lib_error_string(e);
	ERR_clear_error();
	return dnstk_err_set(err, code, NULL, 0, "%s: %s (%s)", what,
	    reason != NULL ? reason : "unknown error",
	    lib != NULL ? lib : "OpenSSL");
}

int
dnstk_crypto_alg_supported(unsigned alg)
{
	switch (alg) {
	case DNSTK_ALG_RSASHA1:
	case DNSTK_ALG_RSASHA1_NSEC3:
	case DNSTK_ALG_RSASHA256:
	case DNSTK_ALG_RSASHA512:
	case DNSTK_ALG_ECDSAP256:
	case DNSTK_ALG_ECDSAP384:
	case DNSTK_ALG_ED25519:
	case DNSTK_ALG_ED448:
		return 1;
	default:
		return 0;
	}
}

/* Build a key from OSSL_PARAMs (`type` "RSA" or "EC"). */
static int
from_params(EVP_PKEY **out, const char *type, OSSL_PARAM_BLD *bld,
    struct dnstk_err *err)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = NULL;
	int rc = 0;

	*out = NULL;
	if (params == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		rc = dnstk_crypto_err(err, DNSTK_EINPUT,
		    "bad DNSKEY public key");
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return rc;
}

/* RFC 3110 §2: exponent length (1 octet, or 0 and 2 octets), e, n. */
static int
rsa_key(EVP_PKEY **out, const uint8_t *k, size_t len, struct dnstk_err *err)
{
	size_t elen, off = 1, nlen;
	BIGNUM *e = NULL, *n = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	int rc;

	if (len < 1) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "RSA DNSKEY: empty key");
	}
	elen = k[0];
	if (elen == 0) {
		if (len < 3) {
			return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
			    "RSA DNSKEY: key too short");
		}
		elen = (size_t)k[1] << 8 | k[2];
		off = 3;
	}
	if (elen == 0 || elen > len - off) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "RSA DNSKEY: exponent length %zu past the key", elen);
	}
	nlen = len - off - elen;
	/* RFC 3110 allows 512 to 4096 bits; OpenSSL wants at least 512 */
	if (nlen < 64 || nlen > 512) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "RSA DNSKEY: modulus of %zu octets (64 to 512)", nlen);
	}
	e = BN_bin2bn(k + off, (int)elen, NULL);
	n = BN_bin2bn(k + off + elen, (int)nlen, NULL);
	bld = OSSL_PARAM_BLD_new();
	if (e == NULL || n == NULL || bld == NULL ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) != 1) {
		rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "out of memory");
	} else {
		rc = from_params(out, "RSA", bld, err);
	}
	OSSL_PARAM_BLD_free(bld);
	BN_free(e);
	BN_free(n);
	return rc;
}

/* RFC 6605 §4: X | Y, as an uncompressed point 04 | X | Y. */
static int
ec_key(EVP_PKEY **out, const char *curve, size_t want, const uint8_t *k,
    size_t len, struct dnstk_err *err)
{
	uint8_t point[1 + 96];
	OSSL_PARAM_BLD *bld;
	int rc;

	if (len != want) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "ECDSA DNSKEY: %zu octets, not %zu", len, want);
	}
	point[0] = 0x04;
	memcpy(point + 1, k, len);
	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL || OSSL_PARAM_BLD_push_utf8_string(bld,
	    OSSL_PKEY_PARAM_GROUP_NAME, curve, 0) != 1 ||
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    point, len + 1) != 1) {
		rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "out of memory");
	} else {
		rc = from_params(out, "EC", bld, err);
	}
	OSSL_PARAM_BLD_free(bld);
	return rc;
}

int
dnstk_crypto_dnskey(EVP_PKEY **out, unsigned alg, const uint8_t *key,
    size_t len, struct dnstk_err *err)
{
	int rc, id;
	size_t want;

	*out = NULL;
	rc = dnstk_crypto_init(err);
	if (rc != 0) {
		return rc;
	}
	switch (alg) {
	case DNSTK_ALG_RSASHA1:
	case DNSTK_ALG_RSASHA1_NSEC3:
	case DNSTK_ALG_RSASHA256:
	case DNSTK_ALG_RSASHA512:
		return rsa_key(out, key, len, err);
	case DNSTK_ALG_ECDSAP256:
		return ec_key(out, "P-256", 64, key, len, err);
	case DNSTK_ALG_ECDSAP384:
		return ec_key(out, "P-384", 96, key, len, err);
	case DNSTK_ALG_ED25519:
	case DNSTK_ALG_ED448:
		id = alg == DNSTK_ALG_ED25519 ? EVP_PKEY_ED25519 :
		    EVP_PKEY_ED448;
		want = alg == DNSTK_ALG_ED25519 ? 32 : 57;
		if (len != want) {
			return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
			    "EdDSA DNSKEY: %zu octets, not %zu", len, want);
		}
		*out = EVP_PKEY_new_raw_public_key(id, NULL, key, len);
		return *out != NULL ? 0 : dnstk_crypto_err(err, DNSTK_EINPUT,
		    "bad DNSKEY public key");
	default:
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "DNSSEC algorithm %u is not supported", alg);
	}
}

/* Hash a | b with `h` into out[0..*outlen). */
static int
hash2(enum dnstk_hash h, const void *a, size_t alen, const void *b,
    size_t blen, uint8_t out[DNSTK_HASH_MAX], size_t *outlen,
    struct dnstk_err *err)
{
	const EVP_MD *md;
	EVP_MD_CTX *ctx;
	unsigned n = 0;
	int rc = dnstk_crypto_init(err);

	if (rc != 0) {
		return rc;
	}
	switch (h) {
	case DNSTK_HASH_SHA1:
		md = EVP_sha1();
		break;
	case DNSTK_HASH_SHA256:
		md = EVP_sha256();
		break;
	case DNSTK_HASH_SHA384:
		md = EVP_sha384();
		break;
	case DNSTK_HASH_SHA512:
		md = EVP_sha512();
		break;
	default:
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "unknown hash %d", (int)h);
	}
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    (blen > 0 && EVP_DigestUpdate(ctx, b, blen) != 1) ||
	    EVP_DigestFinal_ex(ctx, out, &n) != 1) {
		rc = dnstk_crypto_err(err, DNSTK_ESYS, "cannot hash");
	} else {
		*outlen = n;
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
dnstk_crypto_hash(enum dnstk_hash h, const void *data, size_t len,
    uint8_t out[DNSTK_HASH_MAX], size_t *outlen, struct dnstk_err *err)
{
	return hash2(h, data, len, NULL, 0, out, outlen, err);
}

int
dnstk_crypto_ds_digest(uint8_t out[DNSTK_HASH_MAX], size_t *outlen,
    unsigned type, const uint8_t *owner, size_t ownerlen,
    const uint8_t *rdata, size_t rdlen, struct dnstk_err *err)
{
	int h = dnstk_crypto_ds_hash(type);
	uint8_t lname[256];

	if (h < 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "DS digest type %u is not supported", type);
	}
	if (dnstk_crypto_lower_name(lname, owner, ownerlen) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "name of %zu octets (at most 255)", ownerlen);
	}
	return hash2((enum dnstk_hash)h, lname, ownerlen, rdata, rdlen, out,
	    outlen, err);
}

int
dnstk_crypto_ds_hash(unsigned type)
{
	switch (type) {
	case 1:
		return DNSTK_HASH_SHA1;
	case 2:
		return DNSTK_HASH_SHA256;
	case 4:
		return DNSTK_HASH_SHA384;
	default:
		return -1;
	}
}

int
dnstk_crypto_tlsa_hash(unsigned mtype)
{
	switch (mtype) {
	case 1:
		return DNSTK_HASH_SHA256;
	case 2:
		return DNSTK_HASH_SHA512;
	default:
		return -1;
	}
}
