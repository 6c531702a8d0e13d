/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: one RRSIG over one RRset, one DS over one DNSKEY. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>
#include <openssl/evp.h>

#include "crypto/crypto.h"
#include "dns/canon.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"
#include "util/buf.h"

/* ---- signatures ------------------------------------------------------ */

int
dnstk_rrsig_window(const ldns_rr *rrsig, int64_t now, int64_t *inception,
    int64_t *expiration)
{
	return dnstk_crypto_window(dnstk_rdf_u32(rrsig, 5),
	    dnstk_rdf_u32(rrsig, 4), now, inception, expiration);
}

static void
why_set(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
why_set(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* Compare two records' canonical forms for qsort (RFC 4034 §6.3). */
static int
canon_cmp(const void *a, const void *b)
{
	return dnstk_rr_canon_compare(*(const ldns_rr *const *)a,
	    *(const ldns_rr *const *)b);
}

/* "*." + the rightmost `labels` labels of `owner` (new rdf or NULL). */
static ldns_rdf *
wildcard_owner(const ldns_rdf *owner, size_t labels)
{
	size_t have = ldns_dname_label_count(owner);
	ldns_rdf *cur = ldns_rdf_clone(owner), *up, *star, *w;

	while (cur != NULL && have > labels) {
		up = ldns_dname_left_chop(cur);
		ldns_rdf_deep_free(cur);
		cur = up;
		have--;
	}
	star = ldns_dname_new_frm_str("*");
	w = cur != NULL && star != NULL ? ldns_dname_cat_clone(star, cur) :
	    NULL;
	ldns_rdf_deep_free(star);
	ldns_rdf_deep_free(cur);
	return w;
}

/* Append `rr` in canonical form with TTL `ttl`, owned by `owner` if set. */
static int
put_canon(struct dnstk_buf *out, const ldns_rr *rr, const ldns_rdf *owner,
    uint32_t ttl)
{
	ldns_rr *copy;
	int rc;

	if (owner == NULL) {
		return dnstk_rr_canon_wire(out, rr, &ttl);
	}
	copy = ldns_rr_clone(rr);
	if (copy == NULL) {
		return DNSTK_ENOMEM;
	}
	ldns_rdf_deep_free(ldns_rr_owner(copy));
	ldns_rr_set_owner(copy, ldns_rdf_clone(owner));
	rc = ldns_rr_owner(copy) == NULL ? DNSTK_ENOMEM :
	    dnstk_rr_canon_wire(out, copy, &ttl);
	ldns_rr_free(copy);
	return rc;
}

/*
 * The data `rrsig` signs (RFC 4034 §3.1.8.1, RFC 4035 §5.3.2): its RDATA
 * without the signature (the signer lowercased), then the records of
 * `rrset` in canonical form and order with the original TTL, owned by
 * the wildcard the label count names when `wild`.  The validator's pool
 * holds no duplicates.  Returns 0, DNSTK_ENOMEM or DNSTK_EINPUT.
 */
static int
signed_data(struct dnstk_buf *out, const ldns_rr_list *rrset,
    const ldns_rr *rrsig, bool wild)
{
	size_t n = ldns_rr_list_rr_count(rrset), i;
	const ldns_rr **v = calloc(n, sizeof(*v));
	const ldns_rdf *f, *signer = dnstk_rrsig_signer(rrsig);
	ldns_rdf *owner = NULL;
	uint8_t name[256];
	int rc = 0;

	if (v == NULL || signer == NULL || ldns_rdf_size(signer) > 255) {
		free(v);
		return v == NULL ? DNSTK_ENOMEM : DNSTK_EINPUT;
	}
	for (i = 0; i < 7 && rc == 0; i++) {
		f = ldns_rr_rdf(rrsig, i);
		rc = dnstk_buf_add(out, ldns_rdf_data(f), ldns_rdf_size(f));
	}
	memcpy(name, ldns_rdf_data(signer), ldns_rdf_size(signer));
	dnstk_name_lower(name, ldns_rdf_size(signer));
	if (rc == 0) {
		rc = dnstk_buf_add(out, name, ldns_rdf_size(signer));
	}
	for (i = 0; i < n; i++) {
		v[i] = ldns_rr_list_rr(rrset, i);
	}
	qsort(v, n, sizeof(*v), canon_cmp);
	if (rc == 0 && wild) {
		owner = wildcard_owner(ldns_rr_owner(v[0]),
		    dnstk_rrsig_labels(rrsig));
		rc = owner == NULL ? DNSTK_ENOMEM : 0;
	}
	for (i = 0; i < n && rc == 0; i++) {
		rc = put_canon(out, v[i], owner, dnstk_rdf_u32(rrsig, 3));
	}
	ldns_rdf_deep_free(owner);
	free(v);
	return rc;
}

/*
 * Does `rrsig` belong to `rrset` of zone `zone`: well formed, signed by
 * the zone, over the right owner, type and class, with a label count that
 * fits and an algorithm verified here?  MISMATCH or UNSUPPORTED with a
 * reason, else OK with *owner_labels (a leading "*" not counted).
 */
static enum dnstk_sig_status
rrsig_fits(const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rdf *zone, size_t *owner_labels, char *why, size_t whylen)
{
	const ldns_rr *first;
	const ldns_rdf *signer;

	if (rrset == NULL || ldns_rr_list_rr_count(rrset) == 0 ||
	    ldns_rr_get_type(rrsig) != LDNS_RR_TYPE_RRSIG ||
	    ldns_rr_rd_count(rrsig) < 9) {
		why_set(why, whylen, "malformed RRSIG");
		return DNSTK_SIG_MISMATCH;
	}
	first = ldns_rr_list_rr(rrset, 0);
	signer = dnstk_rrsig_signer(rrsig);
	if (signer == NULL || ldns_dname_compare(signer, zone) != 0) {
		why_set(why, whylen, "signer is not the zone");
		return DNSTK_SIG_MISMATCH;
	}
	if (!dnstk_name_under(ldns_rr_owner(first), zone)) {
		why_set(why, whylen, "owner is outside the signer's zone");
		return DNSTK_SIG_MISMATCH;
	}
	if (dnstk_rrsig_covered(rrsig) != ldns_rr_get_type(first) ||
	    ldns_rr_get_class(rrsig) != ldns_rr_get_class(first)) {
		why_set(why, whylen, "type or class covered differs");
		return DNSTK_SIG_MISMATCH;
	}
	*owner_labels = ldns_dname_label_count(ldns_rr_owner(first));
	if (ldns_dname_is_wildcard(ldns_rr_owner(first))) {
		(*owner_labels)--;
	}
	if (dnstk_rrsig_labels(rrsig) > *owner_labels) {
		why_set(why, whylen, "label count %u exceeds the owner's %zu",
		    dnstk_rrsig_labels(rrsig), *owner_labels);
		return DNSTK_SIG_MISMATCH;
	}
	if (!dnstk_dnssec_alg_supported(dnstk_rrsig_alg(rrsig))) {
		why_set(why, whylen, "algorithm %u is not supported",
		    dnstk_rrsig_alg(rrsig));
		return DNSTK_SIG_UNSUPPORTED;
	}
	return DNSTK_SIG_OK;
}

/* Is `now` inside the window of `rrsig`?  EXPIRED or NOT_YET with why. */
static enum dnstk_sig_status
rrsig_in_window(const ldns_rr *rrsig, int64_t now, char *why,
    size_t whylen)
{
	char tbuf[32], sbuf[32];
	int64_t inc, exp;
	int w = dnstk_rrsig_window(rrsig, now, &inc, &exp);

	if (w > 0) {
		dnstk_time_str(tbuf, sizeof(tbuf), exp);
		dnstk_span_str(sbuf, sizeof(sbuf), now - exp);
		why_set(why, whylen, "expired %s, %s before now", tbuf, sbuf);
		return DNSTK_SIG_EXPIRED;
	}
	if (w < 0) {
		dnstk_time_str(tbuf, sizeof(tbuf), inc);
		dnstk_span_str(sbuf, sizeof(sbuf), inc - now);
		why_set(why, whylen, "not valid until %s, %s after now", tbuf,
		    sbuf);
		return DNSTK_SIG_NOT_YET;
	}
	return DNSTK_SIG_OK;
}

/* Does `data` verify with DNSKEY `k` under the signature of `rrsig`? */
static bool
key_verifies(const ldns_rr *k, const ldns_rr *rrsig,
    const struct dnstk_buf *data)
{
	const ldns_rdf *pk = ldns_rr_rdf(k, 3), *sig = ldns_rr_rdf(rrsig, 8);
	EVP_PKEY *key = NULL;
	bool ok;

	if (pk == NULL || sig == NULL ||
	    dnstk_crypto_dnskey(&key, dnstk_dnskey_alg(k), ldns_rdf_data(pk),
	    ldns_rdf_size(pk), NULL) != 0) {
		return false;
	}
	ok = dnstk_crypto_verify(key, dnstk_rrsig_alg(rrsig),
	    (const uint8_t *)data->data, data->len, ldns_rdf_data(sig),
	    ldns_rdf_size(sig), NULL) == 0;
	EVP_PKEY_free(key);
	return ok;
}

/*
 * Try the zone keys of `keys` with the tag and algorithm of `rrsig`; the
 * signed data (`wild`: of a wildcard expansion) is built for the first
 * one.  OK with *key set, else BAD (a key failed; *oom when the data
 * could not be built), NO_KEY with *tag_seen telling whether a key of
 * that tag exists at all.
 */
static enum dnstk_sig_status
rrsig_try_keys(const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rr_list *keys, const ldns_rdf *zone, bool wild,
    const ldns_rr **key, bool *tag_seen, bool *oom)
{
	enum dnstk_sig_status st = DNSTK_SIG_NO_KEY;
	size_t nkeys = ldns_rr_list_rr_count(keys);
	struct dnstk_buf data;
	bool built = false;

	*tag_seen = false;
	*oom = false;
	dnstk_buf_init(&data);
	if (nkeys > 4096) {
		nkeys = 4096;
	}
	for (size_t i = 0; i < nkeys; i++) {
		const ldns_rr *k = ldns_rr_list_rr(keys, i);

		if (ldns_rr_get_type(k) != LDNS_RR_TYPE_DNSKEY ||
		    dnstk_dnskey_alg(k) != dnstk_rrsig_alg(rrsig) ||
		    dnstk_dnskey_tag(k) != dnstk_rrsig_tag(rrsig) ||
		    ldns_dname_compare(ldns_rr_owner(k), zone) != 0) {
			continue;
		}
		*tag_seen = true;
		if ((dnstk_dnskey_flags(k) & LDNS_KEY_ZONE_KEY) == 0) {
			continue;
		}
		if (!built && signed_data(&data, rrset, rrsig, wild) != 0) {
			*oom = true;
			st = DNSTK_SIG_BAD;
			break;
		}
		built = true;
		if (key_verifies(k, rrsig, &data)) {
			*key = k;
			st = DNSTK_SIG_OK;
			break;
		}
		st = DNSTK_SIG_BAD;
	}
	dnstk_buf_release(&data);
	return st;
}

enum dnstk_sig_status
dnstk_rrsig_check_oom(const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rr_list *keys, const ldns_rdf *zone, int64_t now,
    const ldns_rr **key, bool *wildcard, char *why, size_t whylen,
    bool *oom)
{
	const ldns_rr *good = NULL;
	enum dnstk_sig_status st;
	size_t owner_labels = 0;
	bool tag_seen = false, wild;

	*oom = false;
	if (key != NULL) {
		*key = NULL;
	}
	if (wildcard != NULL) {
		*wildcard = false;
	}
	st = rrsig_fits(rrset, rrsig, zone, &owner_labels, why, whylen);
	if (st == DNSTK_SIG_OK) {
		st = rrsig_in_window(rrsig, now, why, whylen);
	}
	if (st != DNSTK_SIG_OK) {
		return st;
	}
	/* the window is checked above, in 64 bits (RFC 1982) */
	wild = dnstk_rrsig_labels(rrsig) < owner_labels;
	st = rrsig_try_keys(rrset, rrsig, keys, zone, wild, &good, &tag_seen,
	    oom);
	if (*oom) {
		why_set(why, whylen, "out of memory");
	} else if (st == DNSTK_SIG_OK) {
		if (key != NULL) {
			*key = good;
		}
		if (wildcard != NULL) {
			*wildcard = wild;
		}
	} else if (st == DNSTK_SIG_BAD) {
		why_set(why, whylen, "signature does not verify with key %u",
		    dnstk_rrsig_tag(rrsig));
	} else if (tag_seen) {
		why_set(why, whylen, "key %u is not a zone key",
		    dnstk_rrsig_tag(rrsig));
	} else {
		why_set(why, whylen, "no DNSKEY with tag %u and algorithm %u",
		    dnstk_rrsig_tag(rrsig), dnstk_rrsig_alg(rrsig));
	}
	return st;
}

enum dnstk_sig_status
dnstk_rrsig_check(const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rr_list *keys, const ldns_rdf *zone, int64_t now,
    const ldns_rr **key, bool *wildcard, char *why, size_t whylen)
{
	bool oom;

	return dnstk_rrsig_check_oom(rrset, rrsig, keys, zone, now, key,
	    wildcard, why, whylen, &oom);
}

enum dnstk_sig_status
dnstk_vsig(struct vctx *c, const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rr_list *keys, const ldns_rdf *zone, const ldns_rr **key,
    bool *wildcard, char *why, size_t whylen)
{
	enum dnstk_sig_status st;
	bool oom;

	st = dnstk_rrsig_check_oom(rrset, rrsig, keys, zone, c->o->now, key,
	    wildcard, why, whylen, &oom);
	if (oom) {
		c->nomem = 1;
	}
	return st;
}

int
dnstk_ds_match(const ldns_rr *ds, const ldns_rr *key)
{
	uint8_t md[DNSTK_HASH_MAX], rdata[DNSTK_DNSKEY_RDATA_MAX];
	size_t mdlen = 0, rdlen;
	const ldns_rdf *dig;

	if (!dnstk_ds_digest_supported(dnstk_ds_digest(ds))) {
		return -1;
	}
	if (ldns_rr_rd_count(ds) < 4 ||
	    ldns_dname_compare(ldns_rr_owner(ds), ldns_rr_owner(key)) != 0 ||
	    dnstk_ds_alg(ds) != dnstk_dnskey_alg(key) ||
	    dnstk_ds_tag(ds) != dnstk_dnskey_tag(key)) {
		return 0;
	}
	rdlen = dnstk_dnskey_rdata(rdata, sizeof(rdata), key);
	if (rdlen == 0 || dnstk_crypto_ds_digest(md, &mdlen,
	    dnstk_ds_digest(ds), ldns_rdf_data(ldns_rr_owner(key)),
	    ldns_rdf_size(ldns_rr_owner(key)), rdata, rdlen, NULL) != 0) {
		return -1;
	}
	dig = ldns_rr_rdf(ds, 3);
	return dig != NULL && ldns_rdf_size(dig) == mdlen &&
	    memcmp(ldns_rdf_data(dig), md, mdlen) == 0 ? 1 : 0;
}
