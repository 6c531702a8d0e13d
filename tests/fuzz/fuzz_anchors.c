/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the trust-anchor reader: DS or DNSKEY records in any stream form,
 * or an RFC 7958 root-anchors.xml document.  What it accepts is a
 * non-empty set of DS and DNSKEY records; what it refuses has a message.
 */
#include <stdio.h>
#include <stdlib.h>

#include <ldns/ldns.h>

#include "dnssec/validate.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_anchors a;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rr_type t;
	FILE *fp;
	size_t i, n;
	int r;

	if (size == 0) {
		return 0;
	}
	fp = fmemopen((void *)data, size, "r");
	if (fp == NULL) {
		abort();
	}
	dnstk_anchors_init(&a);
	/* 2026-01-01: inside the validity of today's root KSKs */
	r = dnstk_anchors_read(&a, fp, "fuzz", DNSTK_FORM_AUTO, 1767225600,
	    &err);
	n = a.rrs != NULL ? ldns_rr_list_rr_count(a.rrs) : 0;
	if (r == 0 && n == 0) {
		abort();
	}
	if (r != 0 && err.msg[0] == '\0') {
		abort();
	}
	for (i = 0; i < n; i++) {
		t = ldns_rr_get_type(ldns_rr_list_rr(a.rrs, i));
		if (t != LDNS_RR_TYPE_DS && t != LDNS_RR_TYPE_DNSKEY) {
			abort();
		}
	}
	dnstk_anchors_release(&a);
	fclose(fp);
	return 0;
}
