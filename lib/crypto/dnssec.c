/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DNSSEC record arithmetic on wire data (see crypto.h): key tags, RFC
 * 1982 signature windows and NSEC3 hashes (DS digests are in crypto.c),
 * once for the validator, zone-check and the server.  ldns has an NSEC3
 * helper too, but on ldns_rdf objects, allocating per call; these take
 * raw fields so that table-driven engines need not build records.
 */
#include <string.h>

#include <ldns/ldns.h>
#include <openssl/evp.h>

#include "crypto/crypto.h"

uint16_t
dnstk_crypto_keytag(const uint8_t *rdata, size_t len)
{
	return ldns_calc_keytag_raw(rdata, len);
}

int64_t
dnstk_crypto_serial_time(uint32_t t, int64_t now)
{
	int32_t delta = (int32_t)(t - (uint32_t)now);

	return now + delta;
}

int
dnstk_crypto_window(uint32_t inception, uint32_t expiration, int64_t now,
    int64_t *inception_out, int64_t *expiration_out)
{
	int64_t inc = dnstk_crypto_serial_time(inception, now);
	int64_t exp = dnstk_crypto_serial_time(expiration, now);

	if (inception_out != NULL) {
		*inception_out = inc;
	}
	if (expiration_out != NULL) {
		*expiration_out = exp;
	}
	if (now < inc) {
		return -1;
	}
	if (now > exp) {
		return 1;
	}
	return 0;
}

int
dnstk_crypto_lower_name(uint8_t buf[256], const uint8_t *name, size_t len)
{
	size_t i;

	if (len > 255) {
		return -1;
	}
	for (i = 0; i < len; i++) {
		uint8_t ch = name[i];

		buf[i] = ch >= 'A' && ch <= 'Z' ? (uint8_t)(ch + 32) : ch;
	}
	return 0;
}

/* RFC 5155 §5: H(x) iterated over a lowercased name, with `ctx` and `md`. */
static int
nsec3_iterate(EVP_MD_CTX *ctx, const EVP_MD *md, uint8_t out[20],
    const uint8_t *name, size_t len, const uint8_t *salt, size_t saltlen,
    unsigned iterations)
{
	unsigned hlen;

	for (unsigned i = 0; i <= iterations; i++) {
		if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
		    EVP_DigestUpdate(ctx, i == 0 ? name : out,
		    i == 0 ? len : DNSTK_NSEC3_HASH_LEN) != 1 ||
		    EVP_DigestUpdate(ctx, salt, saltlen) != 1 ||
		    EVP_DigestFinal_ex(ctx, out, &hlen) != 1) {
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

int
dnstk_crypto_nsec3_hash(struct dnstk_crypto_verifier *v,
    uint8_t out[DNSTK_NSEC3_HASH_LEN], const uint8_t *name, size_t len,
    const uint8_t *salt, size_t saltlen, unsigned iterations,
    struct dnstk_err *err)
{
	struct dnstk_crypto_verifier own;
	const EVP_MD *md;
	uint8_t lname[256];
	int rc;

	if (dnstk_crypto_lower_name(lname, name, len) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "name of %zu octets (at most 255)", len);
	}
	if (v == NULL) {
		rc = dnstk_crypto_verifier_init(&own, err);
		if (rc == 0) {
			rc = dnstk_crypto_nsec3_hash(&own, out, name, len, salt,
			    saltlen, iterations, err);
		}
		dnstk_crypto_verifier_release(&own);
		return rc;
	}
	md = dnstk_crypto_verifier_md(v, DNSTK_HASH_SHA1);
	if (md == NULL) {
		return dnstk_crypto_err(err, DNSTK_EINPUT, "SHA-1 is not "
		    "available");
	}
	if (nsec3_iterate(v->ctx, md, out, lname, len,
	    salt, saltlen, iterations) != 0) {
		return dnstk_crypto_err(err, DNSTK_ENOMEM, "cannot hash");
	}
	return 0;
}
