/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared oracle for the fuzz targets: whatever parses must round-trip. */
#ifndef DNSTK_FUZZ_COMMON_H
#define DNSTK_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "in/reader.h"
#include "out/render.h"

/*
 * Render `m` as text, hex and JSON; read each back and require the same
 * text rendering.  Any difference is a bug: abort so libFuzzer keeps it.
 */
static void
fuzz_roundtrip(const struct dnstk_msg *m)
{
	static const enum dnstk_form forms[] = {
		DNSTK_FORM_TEXT, DNSTK_FORM_HEX, DNSTK_FORM_JSON,
	};
	struct dnstk_buf want, got, tmp;
	struct dnstk_reader r;
	struct dnstk_err err;
	struct dnstk_msg *back;
	size_t i;
	FILE *fp;
	int rc;

	dnstk_buf_init(&want);
	dnstk_buf_init(&got);
	dnstk_buf_init(&tmp);
	if (dnstk_render_msg(&want, m, DNSTK_FORM_TEXT) != 0) {
		goto out;
	}
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		dnstk_buf_reset(&tmp);
		if (dnstk_render_msg(&tmp, m, forms[i]) != 0) {
			continue;	/* e.g. over 65535 bytes uncompressed */
		}
		fp = fmemopen(tmp.data, tmp.len, "r");
		if (fp == NULL || dnstk_reader_init(&r, fp, "fuzz",
		    forms[i]) != 0) {
			abort();
		}
		back = NULL;
		rc = dnstk_reader_msg(&r, &back, &err);
		if (rc != 1) {
			fprintf(stderr, "form %zu did not read back: %s\n%s",
			    i, err.msg, tmp.data);
			abort();
		}
		dnstk_buf_reset(&got);
		if (dnstk_render_msg(&got, back, DNSTK_FORM_TEXT) == 0 &&
		    strcmp(got.data, want.data) != 0) {
			fprintf(stderr, "form %zu changed the message:\n%s\n"
			    "became\n%s", i, want.data, got.data);
			abort();
		}
		dnstk_msg_free(back);
		dnstk_reader_release(&r);
		fclose(fp);
	}
out:
	dnstk_buf_release(&want);
	dnstk_buf_release(&got);
	dnstk_buf_release(&tmp);
}

/* Run a reader of form `form` over the input as a stream. */
static void
fuzz_stream(const uint8_t *data, size_t size, enum dnstk_form form, int rr)
{
	struct dnstk_reader r;
	struct dnstk_err err;
	struct dnstk_msg *m;
	ldns_rr *rec;
	FILE *fp;
	int n = 0;

	if (size == 0) {
		return;
	}
	fp = fmemopen((void *)data, size, "r");
	if (fp == NULL || dnstk_reader_init(&r, fp, "fuzz", form) != 0) {
		abort();
	}
	while (n++ < 64) {
		if (rr) {
			rec = NULL;
			if (dnstk_reader_rr(&r, &rec, &err) != 1) {
				break;
			}
			ldns_rr_free(rec);
		} else {
			m = NULL;
			if (dnstk_reader_msg(&r, &m, &err) != 1) {
				break;
			}
			fuzz_roundtrip(m);
			dnstk_msg_free(m);
		}
	}
	dnstk_reader_release(&r);
	fclose(fp);
}

#endif
