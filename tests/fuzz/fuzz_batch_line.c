/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz dnstk-query's --batch line parser (and, with a first byte that is
 * odd, the --raw message source): every line is a question or a clean
 * error with its place, never a crash; error messages hold no control
 * bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool/query_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_query_args a;
	struct query_src s;
	struct query_item it;
	const unsigned char *p;
	FILE *fp;
	int n = 0;

	if (size < 1) {
		return 0;
	}
	dnstk_query_args_init(&a);
	a.raw = (data[0] & 1) != 0;
	fp = fmemopen((void *)(data + 1), size - 1 == 0 ? 1 : size - 1, "r");
	if (fp == NULL || query_src_open_fp(&s, &a, fp, "fuzz") != 0) {
		abort();
	}
	memset(&it, 0, sizeof(it));
	dnstk_buf_init(&it.raw);
	while (n++ < 10000 && query_src_next(&s, &it) == 1) {
		for (p = (const unsigned char *)it.errmsg; *p != '\0'; p++) {
			if (*p < 0x20 && *p != '\t') {
				abort();	/* a control byte echoed */
			}
		}
		if (it.rc == 0 && !a.raw && (it.spec.qname_len == 0 ||
		    it.spec.qname_len > DNSTK_DNAME_MAX)) {
			abort();
		}
		memset(&it.spec, 0, sizeof(it.spec));
	}
	dnstk_buf_release(&it.raw);
	query_src_close(&s);
	fclose(fp);
	dnstk_query_args_release(&a);
	return 0;
}
