/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: one RRSIG over one RRset, one DS over one DNSKEY. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "crypto/crypto.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"

/* ---- signatures ------------------------------------------------------ */

/*
 * RFC 1982 serial arithmetic on 32-bit times: the Unix time nearest to
 * `now` whose low 32 bits are `t`.
 */
static int64_t
serial_near(uint32_t t, int64_t now)
{
	int32_t delta = (int32_t)(t - (uint32_t)now);

	return now + delta;
}

int
dnstk_rrsig_window(const ldns_rr *rrsig, int64_t now, int64_t *inception,
    int64_t *expiration)
{
	int64_t inc = serial_near(dnstk_rdf_u32(rrsig, 5), now);
	int64_t exp = serial_near(dnstk_rdf_u32(rrsig, 4), now);

	if (inception != NULL) {
		*inception = inc;
	}
	if (expiration != NULL) {
		*expiration = exp;
	}
	if (now < inc) {
		return -1;
	}
	if (now > exp) {
		return 1;
	}
	return 0;
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

enum dnstk_sig_status
dnstk_rrsig_check(const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rr_list *keys, const ldns_rdf *zone, int64_t now,
    const ldns_rr **key, bool *wildcard, char *why, size_t whylen)
{
	const ldns_rr *first;
	const ldns_rdf *signer;
	ldns_rr_list *one = NULL;
	enum dnstk_sig_status st = DNSTK_SIG_NO_KEY;
	size_t owner_labels, nkeys;
	int64_t inc, exp;
	int w;
	char tbuf[32], sbuf[32];
	bool tag_seen = false;

	if (key != NULL) {
		*key = NULL;
	}
	if (wildcard != NULL) {
		*wildcard = false;
	}
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
	owner_labels = ldns_dname_label_count(ldns_rr_owner(first));
	if (ldns_dname_is_wildcard(ldns_rr_owner(first))) {
		owner_labels--;
	}
	if (dnstk_rrsig_labels(rrsig) > owner_labels) {
		why_set(why, whylen, "label count %u exceeds the owner's %zu",
		    dnstk_rrsig_labels(rrsig), owner_labels);
		return DNSTK_SIG_MISMATCH;
	}
	if (!dnstk_dnssec_alg_supported(dnstk_rrsig_alg(rrsig))) {
		why_set(why, whylen, "algorithm %u is not supported",
		    dnstk_rrsig_alg(rrsig));
		return DNSTK_SIG_UNSUPPORTED;
	}
	w = dnstk_rrsig_window(rrsig, now, &inc, &exp);
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
	nkeys = ldns_rr_list_rr_count(keys);
	if (nkeys > 4096) {
		nkeys = 4096;
	}
	for (size_t i = 0; i < nkeys; i++) {
		ldns_rr *k = ldns_rr_list_rr(keys, i);
		ldns_status ls;

		if (ldns_rr_get_type(k) != LDNS_RR_TYPE_DNSKEY ||
		    dnstk_dnskey_alg(k) != dnstk_rrsig_alg(rrsig) ||
		    ldns_calc_keytag(k) != dnstk_rrsig_tag(rrsig) ||
		    ldns_dname_compare(ldns_rr_owner(k), zone) != 0) {
			continue;
		}
		tag_seen = true;
		if ((dnstk_dnskey_flags(k) & LDNS_KEY_ZONE_KEY) == 0) {
			continue;
		}
		one = ldns_rr_list_new();
		if (one == NULL || !ldns_rr_list_push_rr(one, k)) {
			ldns_rr_list_free(one);
			why_set(why, whylen, "out of memory");
			return DNSTK_SIG_BAD;
		}
		/* ldns checks the times with a 32-bit compare; ours are above. */
		ls = ldns_verify_rrsig_keylist_notime(rrset, rrsig, one, NULL);
		ldns_rr_list_free(one);
		one = NULL;
		if (ls == LDNS_STATUS_OK) {
			if (key != NULL) {
				*key = k;
			}
			if (wildcard != NULL) {
				*wildcard = dnstk_rrsig_labels(rrsig) <
				    owner_labels;
			}
			return DNSTK_SIG_OK;
		}
		st = DNSTK_SIG_BAD;
	}
	if (st == DNSTK_SIG_BAD) {
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

int
dnstk_ds_match(const ldns_rr *ds, const ldns_rr *key)
{
	ldns_rr *calc;
	const ldns_rdf *a, *b;
	int ok;

	if (!dnstk_ds_digest_supported(dnstk_ds_digest(ds))) {
		return -1;
	}
	if (ldns_rr_rd_count(ds) < 4 ||
	    ldns_dname_compare(ldns_rr_owner(ds), ldns_rr_owner(key)) != 0 ||
	    dnstk_ds_alg(ds) != dnstk_dnskey_alg(key) ||
	    dnstk_ds_tag(ds) != ldns_calc_keytag(key)) {
		return 0;
	}
	calc = ldns_key_rr2ds(key, (ldns_hash)dnstk_ds_digest(ds));
	if (calc == NULL) {
		return -1;
	}
	a = ldns_rr_rdf(ds, 3);
	b = ldns_rr_rdf(calc, 3);
	ok = a != NULL && b != NULL && ldns_rdf_size(a) == ldns_rdf_size(b) &&
	    memcmp(ldns_rdf_data(a), ldns_rdf_data(b), ldns_rdf_size(a)) == 0;
	ldns_rr_free(calc);
	return ok ? 1 : 0;
}
