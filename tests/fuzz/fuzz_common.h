/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared oracle for the reader fuzz targets: whatever parses must render
 * in every form (a render failure is a finding, not a skip) and read back
 * to the same thing.
 */
#ifndef DNSTK_FUZZ_COMMON_H
#define DNSTK_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "in/reader.h"
#include "out/render.h"

static const enum dnstk_form fuzz_forms[] = {
	DNSTK_FORM_TEXT, DNSTK_FORM_HEX, DNSTK_FORM_JSON,
};

/* A render failure: abort so libFuzzer keeps the input. */
static void
fuzz_render_failed(const char *what, size_t form, int rc)
{
	fprintf(stderr, "%s did not render in form %zu: %d\n", what, form,
	    rc);
	abort();
}

/*
 * Render `m` as text, hex and JSON; read each back and require the same
 * text rendering.  Any difference is a bug: abort so libFuzzer keeps it.
 * The one render failure allowed is hex of a message that does not fit
 * 65,535 bytes without the compression it was read with.
 */
static void
fuzz_roundtrip(const struct dnstk_msg *m)
{
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
	rc = dnstk_render_msg(&want, m, DNSTK_FORM_TEXT);
	if (rc != 0) {
		fuzz_render_failed("message", 0, rc);
	}
	for (i = 0; i < sizeof(fuzz_forms) / sizeof(fuzz_forms[0]); i++) {
		dnstk_buf_reset(&tmp);
		rc = dnstk_render_msg(&tmp, m, fuzz_forms[i]);
		if (rc == DNSTK_EINPUT && fuzz_forms[i] == DNSTK_FORM_HEX) {
			continue;	/* over 65535 bytes uncompressed */
		}
		if (rc != 0) {
			fuzz_render_failed("message", i, rc);
		}
		fp = fmemopen(tmp.data, tmp.len, "r");
		if (fp == NULL || dnstk_reader_init(&r, fp, "fuzz",
		    fuzz_forms[i]) != 0) {
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
		rc = dnstk_render_msg(&got, back, DNSTK_FORM_TEXT);
		if (rc != 0) {
			fuzz_render_failed("read-back message", i, rc);
		}
		if (strcmp(got.data, want.data) != 0) {
			fprintf(stderr, "form %zu changed the message:\n%s\n"
			    "became\n%s", i, want.data, got.data);
			abort();
		}
		dnstk_msg_free(back);
		dnstk_reader_release(&r);
		fclose(fp);
	}
	dnstk_buf_release(&want);
	dnstk_buf_release(&got);
	dnstk_buf_release(&tmp);
}

/*
 * Render record `rr` in every form and read each back: the same wire
 * record (RFC 3597 keeps unknown and odd rdata exact).
 */
static void
fuzz_rr_roundtrip(const ldns_rr *rr)
{
	struct dnstk_buf want, got, tmp;
	struct dnstk_reader r;
	struct dnstk_err err;
	ldns_rr *back;
	size_t i;
	FILE *fp;
	int rc;

	dnstk_buf_init(&want);
	dnstk_buf_init(&got);
	dnstk_buf_init(&tmp);
	rc = dnstk_render_rr(&want, rr, DNSTK_FORM_HEX);
	if (rc != 0) {
		fuzz_render_failed("record", 1, rc);
	}
	for (i = 0; i < sizeof(fuzz_forms) / sizeof(fuzz_forms[0]); i++) {
		dnstk_buf_reset(&tmp);
		rc = dnstk_render_rr(&tmp, rr, fuzz_forms[i]);
		if (rc != 0) {
			fuzz_render_failed("record", i, rc);
		}
		fp = fmemopen(tmp.data, tmp.len, "r");
		if (fp == NULL || dnstk_reader_init(&r, fp, "fuzz",
		    fuzz_forms[i]) != 0) {
			abort();
		}
		back = NULL;
		rc = dnstk_reader_rr(&r, &back, &err);
		if (rc != 1) {
			fprintf(stderr, "record form %zu did not read back: "
			    "%s\n%s", i, err.msg, tmp.data);
			abort();
		}
		dnstk_buf_reset(&got);
		rc = dnstk_render_rr(&got, back, DNSTK_FORM_HEX);
		if (rc != 0) {
			fuzz_render_failed("read-back record", i, rc);
		}
		if (strcmp(got.data, want.data) != 0) {
			fprintf(stderr, "record form %zu changed the record:\n"
			    "%s\nbecame\n%s", i, want.data, got.data);
			abort();
		}
		ldns_rr_free(back);
		dnstk_reader_release(&r);
		fclose(fp);
	}
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
			fuzz_rr_roundtrip(rec);
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
