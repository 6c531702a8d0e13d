/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: record fields, names and text, verdict order. */
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

/* ---- small helpers --------------------------------------------------- */

const char *
dnstk_dnssec_state_name(enum dnstk_dnssec_state s)
{
	switch (s) {
	case DNSTK_DNSSEC_SECURE:
		return "secure";
	case DNSTK_DNSSEC_INSECURE:
		return "insecure";
	case DNSTK_DNSSEC_BOGUS:
		return "bogus";
	case DNSTK_DNSSEC_INDETERMINATE:
		return "indeterminate";
	}
	return "indeterminate";
}

/* Weakest-link order: secure < insecure < indeterminate < bogus. */
static int
state_rank(enum dnstk_dnssec_state s)
{
	switch (s) {
	case DNSTK_DNSSEC_SECURE:
		return 0;
	case DNSTK_DNSSEC_INSECURE:
		return 1;
	case DNSTK_DNSSEC_INDETERMINATE:
		return 2;
	case DNSTK_DNSSEC_BOGUS:
		return 3;
	}
	return 3;
}

enum dnstk_dnssec_state
dnstk_dnssec_weakest(enum dnstk_dnssec_state a, enum dnstk_dnssec_state b)
{
	return state_rank(a) >= state_rank(b) ? a : b;
}

bool
dnstk_dnssec_alg_supported(uint8_t alg)
{
	return dnstk_crypto_alg_supported(alg) != 0;
}

bool
dnstk_ds_digest_supported(uint8_t digest)
{
	return digest == LDNS_SHA1 || digest == LDNS_SHA256 ||
	    digest == LDNS_SHA384;
}

uint32_t
dnstk_rdf_uint(const ldns_rr *rr, size_t i, size_t width)
{
	const ldns_rdf *f = ldns_rr_rdf(rr, i);
	uint32_t v = 0;

	if (f == NULL || ldns_rdf_size(f) < width) {
		return 0;
	}
	for (size_t k = 0; k < width; k++) {
		v = v << 8 | ldns_rdf_data(f)[k];
	}
	return v;
}

uint32_t
dnstk_rdf_u32(const ldns_rr *rr, size_t i)
{
	return dnstk_rdf_uint(rr, i, 4);
}

size_t
dnstk_dnskey_rdata(uint8_t *buf, size_t cap, const ldns_rr *k)
{
	size_t len = 0;

	for (size_t i = 0; i < ldns_rr_rd_count(k); i++) {
		const ldns_rdf *f = ldns_rr_rdf(k, i);

		if (ldns_rdf_size(f) > cap - len) {
			return 0;
		}
		memcpy(buf + len, ldns_rdf_data(f), ldns_rdf_size(f));
		len += ldns_rdf_size(f);
	}
	return len;
}

uint16_t
dnstk_dnskey_tag(const ldns_rr *k)
{
	uint8_t rd[DNSTK_DNSKEY_RDATA_MAX];
	size_t len;

	if (ldns_rr_get_type(k) != LDNS_RR_TYPE_DNSKEY) {
		return 0;
	}
	len = dnstk_dnskey_rdata(rd, sizeof(rd), k);
	/* a key past the buffer is past anything verified here */
	return len > 0 ? dnstk_crypto_keytag(rd, len) : ldns_calc_keytag(k);
}

const ldns_rdf *
dnstk_rrsig_signer(const ldns_rr *s)
{
	const ldns_rdf *f = ldns_rr_rdf(s, 7);

	if (f == NULL || ldns_rdf_get_type(f) != LDNS_RDF_TYPE_DNAME) {
		return NULL;
	}
	return f;
}

/* Is `sub` equal to or below `parent`?  (ldns's test is strict.) */
bool
dnstk_name_under(const ldns_rdf *sub, const ldns_rdf *parent)
{
	if (sub == NULL || parent == NULL) {
		return false;
	}
	return ldns_dname_compare(sub, parent) == 0 ||
	    ldns_dname_is_subdomain(sub, parent);
}

char *
dnstk_name_str(const ldns_rdf *name)
{
	char *s;
	size_t n;

	if (name == NULL) {
		return strdup("?");
	}
	s = ldns_rdf2str(name);
	if (s == NULL) {
		return NULL;
	}
	/* ldns writes the root as "." and others with a final dot. */
	n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z') {
			s[i] = (char)(s[i] - 'A' + 'a');
		}
	}
	return s;
}

/* "A", "DNSKEY", "TYPE65534" into a static-free caller buffer. */
void
dnstk_type_str(char *dst, size_t cap, uint16_t t)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(t);

	if (d != NULL && d->_name != NULL) {
		snprintf(dst, cap, "%s", d->_name);
	} else {
		snprintf(dst, cap, "TYPE%u", (unsigned)t);
	}
}

/* "2025-01-03 12:00:00" (UTC) of Unix time `t`. */
void
dnstk_time_str(char *dst, size_t cap, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(dst, cap, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		snprintf(dst, cap, "@%lld", (long long)t);
	}
}

/* "4 days", "3 hours", "12 minutes", "5 seconds" of |d| seconds. */
void
dnstk_span_str(char *dst, size_t cap, int64_t d)
{
	if (d < 0) {
		d = -d;
	}
	if (d >= 2 * 86400) {
		snprintf(dst, cap, "%lld days", (long long)(d / 86400));
	} else if (d >= 2 * 3600) {
		snprintf(dst, cap, "%lld hours", (long long)(d / 3600));
	} else if (d >= 120) {
		snprintf(dst, cap, "%lld minutes", (long long)(d / 60));
	} else {
		snprintf(dst, cap, "%lld seconds", (long long)d);
	}
}
