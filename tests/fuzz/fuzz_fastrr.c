/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Differential fuzzing of the master-file fast path (lib/in/fastrr.c):
 * the same text read through ldns (dnstk_reader_rr) and through the fast
 * path (dnstk_reader_rr_wire) must give the same records, byte for byte,
 * or fail at the same place with the same message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "in/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
differ(const char *what, unsigned long line)
{
	fprintf(stderr, "fast path and ldns differ (%s) at line %lu\n", what,
	    line);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_reader r1, r2;
	struct dnstk_err e1 = DNSTK_ERR_INIT, e2 = DNSTK_ERR_INIT;
	struct dnstk_buf w;
	FILE *f1, *f2;
	ldns_rr *rr;
	uint8_t *ref;
	size_t refn;
	int a, b;

	f1 = fmemopen((void *)(uintptr_t)data, size, "r");
	f2 = fmemopen((void *)(uintptr_t)data, size, "r");
	if (size == 0 || f1 == NULL || f2 == NULL ||
	    dnstk_reader_init(&r1, f1, "fuzz", DNSTK_FORM_TEXT) != 0) {
		goto files;
	}
	if (dnstk_reader_init(&r2, f2, "fuzz", DNSTK_FORM_TEXT) != 0) {
		dnstk_reader_release(&r1);
		goto files;
	}
	dnstk_buf_init(&w);
	do {
		rr = NULL;
		ref = NULL;
		refn = 0;
		a = dnstk_reader_rr(&r1, &rr, &e1);
		b = dnstk_reader_rr_wire(&r2, &w, &e2);
		if (a != b) {
			differ("outcome", r1.unit_line);
		}
		if (a == 1 && (ldns_rr2wire(&ref, rr, LDNS_SECTION_ANSWER,
		    &refn) != LDNS_STATUS_OK || refn != w.len ||
		    memcmp(ref, w.data, refn) != 0)) {
			differ("wire", r1.unit_line);
		}
		if (a < 0 && a != DNSTK_ENOMEM && strcmp(e1.msg, e2.msg) != 0) {
			differ(e1.msg, r1.unit_line);
		}
		free(ref);
		ldns_rr_free(rr);
	} while (a == 1);
	dnstk_buf_release(&w);
	dnstk_reader_release(&r1);
	dnstk_reader_release(&r2);
files:
	if (f1 != NULL) {
		fclose(f1);
	}
	if (f2 != NULL) {
		fclose(f2);
	}
	return 0;
}
