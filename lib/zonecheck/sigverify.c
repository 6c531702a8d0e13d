/* SPDX-License-Identifier: BSD-3-Clause */
/* Fast DNSSEC signature verification with OpenSSL (see sigverify.h). */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>

#include "util/err.h"
#include "zonecheck/sigverify.h"

bool
dnstk_sig_alg_supported(uint8_t alg)
{
	switch (alg) {
	case 5: case 7: case 8: case 10: case 13: case 14: case 15: case 16:
		return true;
	default:
		return false;
	}
}

static const char *md_names[4] = { "SHA1", "SHA256", "SHA384", "SHA512" };

/* The digest (index in md_names) an algorithm signs with; -1: EdDSA. */
static int
alg_md(uint8_t alg)
{
	switch (alg) {
	case 5: case 7:
		return 0;
	case 8: case 13:
		return 1;
	case 14:
		return 2;
	case 10:
		return 3;
	default:
		return -1;
	}
}

static EVP_PKEY *
from_params(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *k = NULL;

	if (params != NULL && ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1
	    && EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		k = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return k;
}

/* RFC 3110 §2: exponent length (1 or 3 octets), exponent, modulus. */
static EVP_PKEY *
rsa_key(const uint8_t *pk, size_t len)
{
	OSSL_PARAM_BLD *bld;
	BIGNUM *n = NULL, *e = NULL;
	EVP_PKEY *k = NULL;
	size_t el, off = 1;

	if (len < 3) {
		return NULL;
	}
	el = pk[0];
	if (el == 0) {
		el = ((size_t)pk[1] << 8) | pk[2];
		off = 3;
	}
	if (el == 0 || off + el >= len || len - off - el > 4096 / 8 * 4) {
		return NULL;
	}
	bld = OSSL_PARAM_BLD_new();
	e = BN_bin2bn(pk + off, (int)el, NULL);
	n = BN_bin2bn(pk + off + el, (int)(len - off - el), NULL);
	if (bld != NULL && e != NULL && n != NULL &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1) {
		k = from_params("RSA", bld);
	}
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return k;
}

/* RFC 6605 §4: the point's x and y, without the 0x04 prefix. */
static EVP_PKEY *
ec_key(const char *group, size_t want, const uint8_t *pk, size_t len)
{
	OSSL_PARAM_BLD *bld;
	uint8_t point[1 + 96];
	EVP_PKEY *k = NULL;

	if (len != want) {
		return NULL;
	}
	point[0] = 0x04;
	memcpy(point + 1, pk, len);
	bld = OSSL_PARAM_BLD_new();
	if (bld != NULL && OSSL_PARAM_BLD_push_utf8_string(bld,
	    OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    point, len + 1) == 1) {
		k = from_params("EC", bld);
	}
	OSSL_PARAM_BLD_free(bld);
	return k;
}

int
dnstk_sig_key_new(EVP_PKEY **out, uint8_t alg, const uint8_t *pk,
    size_t len)
{
	EVP_PKEY *k = NULL;

	*out = NULL;
	switch (alg) {
	case 5: case 7: case 8: case 10:
		k = rsa_key(pk, len);
		break;
	case 13:
		k = ec_key("prime256v1", 64, pk, len);
		break;
	case 14:
		k = ec_key("secp384r1", 96, pk, len);
		break;
	case 15:
		k = len == 32 ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519,
		    NULL, pk, len) : NULL;
		break;
	case 16:
		k = len == 57 ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED448,
		    NULL, pk, len) : NULL;
		break;
	default:
		return DNSTK_EINPUT;
	}
	if (k == NULL) {
		return DNSTK_EINPUT;
	}
	*out = k;
	return 0;
}

/*
 * The digests are fetched once per verifier: an implicit fetch on every
 * EVP_DigestVerifyInit() takes a lock that the threads would share.
 */
int
dnstk_sig_verifier_init(struct dnstk_sig_verifier *v)
{
	int i;

	memset(v, 0, sizeof(*v));
	v->ctx = EVP_MD_CTX_new();
	for (i = 0; i < 4; i++) {
		v->md[i] = EVP_MD_fetch(NULL, md_names[i], NULL);
	}
	if (v->ctx == NULL || v->md[1] == NULL) {
		dnstk_sig_verifier_release(v);
		return DNSTK_ENOMEM;
	}
	return 0;
}

void
dnstk_sig_verifier_release(struct dnstk_sig_verifier *v)
{
	int i;

	EVP_MD_CTX_free(v->ctx);
	v->ctx = NULL;
	for (i = 0; i < DNSTK_SIG_CTX_CACHE; i++) {
		EVP_PKEY_CTX_free(v->cache[i].pctx);
		v->cache[i].pctx = NULL;
		v->cache[i].key = NULL;
	}
	for (i = 0; i < 4; i++) {
		EVP_MD_free(v->md[i]);
		v->md[i] = NULL;
	}
}

/*
 * RFC 6605 §4 signatures are r and s as fixed-size integers; OpenSSL
 * wants an ASN.1 ECDSA-Sig-Value.  Returns its length, 0 on error.
 */
static size_t
ecdsa_der(uint8_t *der, size_t cap, const uint8_t *sig, size_t len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)(len / 2), NULL);
	BIGNUM *ss = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);
	unsigned char *p = der;
	int n = 0;

	if (s != NULL && r != NULL && ss != NULL &&
	    ECDSA_SIG_set0(s, r, ss) == 1) {
		r = ss = NULL;	/* owned by s now */
		if (i2d_ECDSA_SIG(s, NULL) <= (int)cap) {
			n = i2d_ECDSA_SIG(s, &p);
		}
	}
	BN_free(r);
	BN_free(ss);
	ECDSA_SIG_free(s);
	return n > 0 ? (size_t)n : 0;
}

/*
 * The verification context of `key` in the verifier's cache, set up on
 * first use (the digest named too, for RSA's DigestInfo check).  NULL
 * when the cache is full or OpenSSL fails: the caller falls back to
 * EVP_DigestVerify().
 */
static EVP_PKEY_CTX *
cached_ctx(struct dnstk_sig_verifier *v, EVP_PKEY *key, const EVP_MD *md)
{
	EVP_PKEY_CTX *pctx;
	int i;

	for (i = 0; i < DNSTK_SIG_CTX_CACHE && v->cache[i].key != NULL; i++) {
		if (v->cache[i].key == key) {
			return v->cache[i].pctx;
		}
	}
	if (i == DNSTK_SIG_CTX_CACHE) {
		return NULL;
	}
	pctx = EVP_PKEY_CTX_new(key, NULL);
	if (pctx == NULL || EVP_PKEY_verify_init(pctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(pctx, md) != 1) {
		EVP_PKEY_CTX_free(pctx);
		return NULL;
	}
	v->cache[i].key = key;
	v->cache[i].pctx = pctx;
	return pctx;
}

int
dnstk_sig_verify(struct dnstk_sig_verifier *v, EVP_PKEY *key,
    uint8_t alg, const uint8_t *data, size_t len, const uint8_t *sig,
    size_t siglen)
{
	int mi = alg_md(alg), ok;
	const EVP_MD *md = mi >= 0 ? v->md[mi] : NULL;
	EVP_PKEY_CTX *pctx;
	uint8_t hash[EVP_MAX_MD_SIZE];
	unsigned hlen;

	if (alg == 13 || alg == 14) {
		if (siglen != (alg == 13 ? 64u : 96u)) {
			return 0;
		}
		siglen = ecdsa_der(v->der, sizeof(v->der), sig, siglen);
		if (siglen == 0) {
			return 0;
		}
		sig = v->der;
	}
	if (mi >= 0 && md == NULL) {
		return 0;	/* SHA-1 disabled by the OpenSSL policy */
	}
	if (md != NULL && (pctx = cached_ctx(v, key, md)) != NULL) {
		if (EVP_DigestInit_ex(v->ctx, md, NULL) != 1 ||
		    EVP_DigestUpdate(v->ctx, data, len) != 1 ||
		    EVP_DigestFinal_ex(v->ctx, hash, &hlen) != 1) {
			return 0;
		}
		return EVP_PKEY_verify(pctx, sig, siglen, hash, hlen) == 1;
	}
	EVP_MD_CTX_reset(v->ctx);
	ok = EVP_DigestVerifyInit(v->ctx, NULL, md, NULL, key) == 1 &&
	    EVP_DigestVerify(v->ctx, sig, siglen, data, len) == 1;
	return ok ? 1 : 0;
}
