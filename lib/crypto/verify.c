/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RRSIG verification with OpenSSL (see crypto.h): one implementation for
 * the validator, zone-check and the one-shot dnstk_crypto_verify().  The
 * digest is computed apart and checked with a cached EVP_PKEY_CTX per
 * key (RSA, ECDSA); EdDSA, which has no pre-hashed form, goes through
 * EVP_DigestVerify().
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>

#include "crypto/crypto.h"

static const char *const md_names[4] = {
	[DNSTK_HASH_SHA1] = "SHA1",
	[DNSTK_HASH_SHA256] = "SHA256",
	[DNSTK_HASH_SHA384] = "SHA384",
	[DNSTK_HASH_SHA512] = "SHA512",
};

int
dnstk_crypto_verifier_init(struct dnstk_crypto_verifier *v,
    struct dnstk_err *err)
{
	int rc = dnstk_crypto_init(err);

	memset(v, 0, sizeof(*v));
	if (rc != 0) {
		return rc;
	}
	v->ctx = EVP_MD_CTX_new();
	if (v->ctx == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	return 0;
}

void
dnstk_crypto_verifier_release(struct dnstk_crypto_verifier *v)
{
	int i;

	EVP_MD_CTX_free(v->ctx);
	v->ctx = NULL;
	for (i = 0; i < DNSTK_CRYPTO_CTX_CACHE; i++) {
		EVP_PKEY_CTX_free(v->cache[i].pctx);
		v->cache[i].pctx = NULL;
		v->cache[i].key = NULL;
		v->cache[i].md = NULL;
	}
	for (i = 0; i < 4; i++) {
		EVP_MD_free(v->md[i]);
		v->md[i] = NULL;
	}
	v->fetched = 0;
}

const EVP_MD *
dnstk_crypto_verifier_md(struct dnstk_crypto_verifier *v, int h)
{
	if (h < 0 || h > DNSTK_HASH_SHA512) {
		return NULL;
	}
	if ((v->fetched & (1u << h)) == 0) {
		v->md[h] = EVP_MD_fetch(NULL, md_names[h], NULL);
		v->fetched |= 1u << h;
	}
	return v->md[h];
}

/* What algorithm `alg` needs: its digest (-1: EdDSA), key type, r|s half. */
static int
alg_params(unsigned alg, int *hash, int *key_id, size_t *half)
{
	*hash = -1;
	*half = 0;
	switch (alg) {
	case DNSTK_ALG_RSASHA1:
	case DNSTK_ALG_RSASHA1_NSEC3:
		*hash = DNSTK_HASH_SHA1;
		*key_id = EVP_PKEY_RSA;
		return 0;
	case DNSTK_ALG_RSASHA256:
		*hash = DNSTK_HASH_SHA256;
		*key_id = EVP_PKEY_RSA;
		return 0;
	case DNSTK_ALG_RSASHA512:
		*hash = DNSTK_HASH_SHA512;
		*key_id = EVP_PKEY_RSA;
		return 0;
	case DNSTK_ALG_ECDSAP256:
		*hash = DNSTK_HASH_SHA256;
		*key_id = EVP_PKEY_EC;
		*half = 32;
		return 0;
	case DNSTK_ALG_ECDSAP384:
		*hash = DNSTK_HASH_SHA384;
		*key_id = EVP_PKEY_EC;
		*half = 48;
		return 0;
	case DNSTK_ALG_ED25519:
		*key_id = EVP_PKEY_ED25519;
		return 0;
	case DNSTK_ALG_ED448:
		*key_id = EVP_PKEY_ED448;
		return 0;
	default:
		return -1;
	}
}

/*
 * RFC 6605 §4 signatures are r and s as fixed-size integers; OpenSSL
 * wants an ASN.1 ECDSA-Sig-Value.  Returns its length in der[], 0 when
 * out of memory.
 */
static size_t
ecdsa_der(uint8_t *der, size_t cap, const uint8_t *sig, size_t half)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(sig + half, (int)half, NULL);
	unsigned char *p = der;
	int n = 0;

	if (es != NULL && r != NULL && s != NULL &&
	    ECDSA_SIG_set0(es, r, s) == 1) {
		r = s = NULL;	/* owned by es now */
		if (i2d_ECDSA_SIG(es, NULL) <= (int)cap) {
			n = i2d_ECDSA_SIG(es, &p);
		}
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	return n > 0 ? (size_t)n : 0;
}

/*
 * The verification context of `key` with digest `md` in the verifier's
 * cache, set up on first use (the digest named too, for RSA's DigestInfo
 * check).  NULL when the cache is full or OpenSSL fails: the caller falls
 * back to EVP_DigestVerify().
 */
static EVP_PKEY_CTX *
cached_ctx(struct dnstk_crypto_verifier *v, EVP_PKEY *key, const EVP_MD *md)
{
	EVP_PKEY_CTX *pctx;
	int i;

	for (i = 0; i < DNSTK_CRYPTO_CTX_CACHE && v->cache[i].key != NULL;
	    i++) {
		if (v->cache[i].key == key && v->cache[i].md == md) {
			return v->cache[i].pctx;
		}
	}
	if (i == DNSTK_CRYPTO_CTX_CACHE) {
		return NULL;
	}
	pctx = EVP_PKEY_CTX_new(key, NULL);
	if (pctx == NULL || EVP_PKEY_verify_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(pctx, md) != 1) {
		EVP_PKEY_CTX_free(pctx);
		ERR_clear_error();
		return NULL;
	}
	v->cache[i].key = key;
	v->cache[i].md = md;
	v->cache[i].pctx = pctx;
	return pctx;
}

/* Hash `data` with `md`, verify the digest with `pctx`: 1 yes, 0 no, <0. */
static int
verify_digest(struct dnstk_crypto_verifier *v, EVP_PKEY_CTX *pctx,
    const EVP_MD *md, const uint8_t *data, size_t len, const uint8_t *sig,
    size_t siglen)
{
	uint8_t hash[EVP_MAX_MD_SIZE];
	unsigned hlen;

	if (EVP_DigestInit_ex(v->ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(v->ctx, data, len) != 1 ||
	    EVP_DigestFinal_ex(v->ctx, hash, &hlen) != 1) {
		return DNSTK_ENOMEM;
	}
	return EVP_PKEY_verify(pctx, sig, siglen, hash, hlen) == 1;
}

/* One shot through EVP_DigestVerify() (EdDSA, or a full cache). */
static int
verify_oneshot(struct dnstk_crypto_verifier *v, EVP_PKEY *key,
    const EVP_MD *md, const uint8_t *data, size_t len, const uint8_t *sig,
    size_t siglen)
{
	EVP_MD_CTX_reset(v->ctx);
	if (EVP_DigestVerifyInit(v->ctx, NULL, md, NULL, key) != 1) {
		return DNSTK_ENOMEM;
	}
	return EVP_DigestVerify(v->ctx, sig, siglen, data, len) == 1;
}

int
dnstk_crypto_verifier_check(struct dnstk_crypto_verifier *v,
    EVP_PKEY *key, unsigned alg, const uint8_t *data, size_t len,
    const uint8_t *sig, size_t siglen, struct dnstk_err *err)
{
	const EVP_MD *md = NULL;
	EVP_PKEY_CTX *pctx;
	int hash, key_id, ok;
	size_t half;

	if (alg_params(alg, &hash, &key_id, &half) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "DNSSEC algorithm %u is not supported", alg);
	}
	if (key == NULL || EVP_PKEY_get_base_id(key) != key_id) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "the key is not one of algorithm %u", alg);
	}
	if (half != 0) {
		if (siglen != 2 * half) {
			return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
			    "ECDSA signature of %zu octets, not %zu", siglen,
			    2 * half);
		}
		siglen = ecdsa_der(v->der, sizeof(v->der), sig, half);
		if (siglen == 0) {
			return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
			    "out of memory");
		}
		sig = v->der;
	}
	if (hash >= 0 && (md = dnstk_crypto_verifier_md(v, hash)) == NULL) {
		return dnstk_crypto_err(err, DNSTK_EINPUT, "the digest of "
		    "this algorithm is not available");
	}
	if (md != NULL && (pctx = cached_ctx(v, key, md)) != NULL) {
		ok = verify_digest(v, pctx, md, data, len, sig, siglen);
	} else {
		ok = verify_oneshot(v, key, md, data, len, sig, siglen);
	}
	if (ok < 0) {
		return dnstk_crypto_err(err, DNSTK_ENOMEM,
		    "cannot set up the verification");
	}
	if (ok == 0) {
		ERR_clear_error();
		return dnstk_err_set(err, DNSTK_EFAIL, NULL, 0,
		    "signature does not verify");
	}
	return 0;
}

int
dnstk_crypto_verify(EVP_PKEY *key, unsigned alg, const uint8_t *data,
    size_t len, const uint8_t *sig, size_t siglen, struct dnstk_err *err)
{
	struct dnstk_crypto_verifier v;
	int rc;

	rc = dnstk_crypto_verifier_init(&v, err);
	if (rc == 0) {
		rc = dnstk_crypto_verifier_check(&v, key, alg, data, len, sig,
		    siglen, err);
	}
	dnstk_crypto_verifier_release(&v);
	return rc;
}
