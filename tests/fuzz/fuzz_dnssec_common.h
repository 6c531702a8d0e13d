/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared oracle of the DNSSEC fuzz targets: no crash, unsigned is never secure. */
#ifndef DNSTK_FUZZ_DNSSEC_COMMON_H
#define DNSTK_FUZZ_DNSSEC_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnssec/validate.h"

/*
 * Read records from `data` (any stream form) into a pool; the first DS
 * or DNSKEY record is the anchor; validate the owner of the last record
 * (with "nx." in front when `negative`) for its type, or for a private
 * type when `negative`.  A pool without a single RRSIG must never come
 * out secure: abort so libFuzzer keeps the input.
 */
static void
fuzz_validate(const uint8_t *data, size_t size, int negative)
{
	struct dnstk_rrpool pool;
	struct dnstk_anchors anchors;
	struct dnstk_val_opts o;
	struct dnstk_val_result r;
	struct dnstk_err err;
	ldns_rdf *qname = NULL, *nx = NULL;
	ldns_rr_type qtype;
	size_t n, sigs = 0;
	FILE *fp;

	if (size == 0 || size > 65536) {
		return;
	}
	fp = fmemopen((void *)data, size, "r");
	if (fp == NULL) {
		return;
	}
	dnstk_rrpool_init(&pool);
	dnstk_anchors_init(&anchors);
	dnstk_val_opts_init(&o);
	dnstk_val_result_init(&r);
	o.now = 1780000000;
	(void)dnstk_rrpool_read(&pool, fp, "fuzz", DNSTK_FORM_AUTO, &err);
	fclose(fp);
	n = pool.rrs ? ldns_rr_list_rr_count(pool.rrs) : 0;
	if (n == 0) {
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(pool.rrs, i);
		ldns_rr_type t = ldns_rr_get_type(rr);

		if (t == LDNS_RR_TYPE_RRSIG) {
			sigs++;
		}
		if ((t == LDNS_RR_TYPE_DS || t == LDNS_RR_TYPE_DNSKEY) &&
		    anchors.rrs == NULL) {
			(void)dnstk_anchors_add_rr(&anchors, rr, &err);
		}
	}
	qname = ldns_rr_owner(ldns_rr_list_rr(pool.rrs, n - 1));
	qtype = ldns_rr_get_type(ldns_rr_list_rr(pool.rrs, n - 1));
	if (negative) {
		ldns_rdf *label = ldns_dname_new_frm_str("nx");

		if (label != NULL) {
			nx = ldns_dname_cat_clone(label, qname);
			ldns_rdf_deep_free(label);
		}
		if (nx != NULL) {
			qname = nx;
		}
		qtype = (ldns_rr_type)65280;
	}
	if (dnstk_validate(&r, &pool, &anchors, qname, qtype, &o, &err) == 0 &&
	    sigs == 0 && r.verdict == DNSTK_DNSSEC_SECURE) {
		abort();
	}
out:
	ldns_rdf_deep_free(nx);
	dnstk_val_result_release(&r);
	dnstk_anchors_release(&anchors);
	dnstk_rrpool_release(&pool);
}

#endif
