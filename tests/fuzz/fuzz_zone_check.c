/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the zone-check engine on arbitrary zone text: never a crash, a
 * hang or a leak; the result is an error code or a sorted findings list.
 */
#include <stdio.h>
#include <stdlib.h>

#include "zonecheck/zonecheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_zc_opts o = { 0 };
	struct dnstk_zc_result res;
	struct dnstk_err err;
	struct dnstk_buf out;
	FILE *fp;
	int rc;

	if (size < 2) {
		return 0;
	}
	/* the first byte picks the mode: whole zone or --sorted stream */
	o.sorted = data[0] & 1;
	o.origin = o.sorted ? "example.test." : NULL;
	data++;
	size--;
	fp = fmemopen((void *)(uintptr_t)data, size, "r");
	if (fp == NULL) {
		return 0;
	}
	o.now = 1795000000;	/* 2026-11-18 */
	o.jobs = 1;
	o.zonemd = true;
	o.expire_warn = 86400;
	dnstk_zc_result_init(&res);
	dnstk_buf_init(&out);
	rc = dnstk_zc_check(&res, fp, "fuzz", &o, &err);
	if (rc == 0) {
		if (dnstk_zc_render_text(&out, &res, false, 0) != 0 ||
		    dnstk_zc_render_json(&out, &res, false, 0) != 0 ||
		    dnstk_zc_render_junit(&out, &res, 0) != 0) {
			abort();	/* only out of memory may fail */
		}
		if (res.errors + res.warnings != res.n) {
			abort();
		}
	}
	dnstk_buf_release(&out);
	dnstk_zc_result_release(&res);
	fclose(fp);
	return 0;
}
