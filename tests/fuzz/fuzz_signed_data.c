/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz dnstk-canon-sort --signed-data: the signed data of every RRSIG of
 * a loaded zone.  Oracles: no crash (the label count is attacker-
 * controlled), only DNSTK_EINPUT with a reason or data that starts with
 * the RRSIG RDATA and holds every covered record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zone/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
signed_data(const struct dnstk_zone *z, size_t i)
{
	struct dnstk_buf out;
	const char *why = NULL;
	size_t count = 0, rdlen;
	const uint8_t *rd;
	int r;

	dnstk_buf_init(&out);
	r = dnstk_zone_signed_data(&out, z, i, &count, &why);
	if (r == DNSTK_EINPUT) {
		if (why == NULL || out.len != 0) {
			abort();
		}
	} else if (r != 0) {
		abort();
	} else if (count > 0) {
		/* the RRSIG RDATA up to the signer starts the data */
		rd = dnstk_rrtab_canon_rdata(&z->tab, i, &rdlen);
		if (out.len < 18 || memcmp(out.data, rd, 18) != 0) {
			abort();
		}
	} else if (out.len != 0) {
		abort();
	}
	dnstk_buf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_zone z;
	struct dnstk_zone_load_opts o;
	struct dnstk_err err;
	FILE *fp;
	size_t i;

	if (size == 0) {
		return 0;
	}
	fp = fmemopen((void *)data, size, "r");
	if (fp == NULL) {
		abort();
	}
	dnstk_zone_load_opts_init(&o);
	dnstk_zone_init(&z);
	if (dnstk_zone_load(&z, fp, "fuzz", &o, &err) == 0 &&
	    dnstk_zone_sort(&z) == 0) {
		dnstk_rrtab_dedup(&z.tab);
		for (i = 0; i < dnstk_zone_count(&z); i++) {
			if (dnstk_rrtab_type(&z.tab, i) == LDNS_RR_TYPE_RRSIG) {
				signed_data(&z, i);
			}
		}
	}
	dnstk_zone_release(&z);
	fclose(fp);
	return 0;
}
