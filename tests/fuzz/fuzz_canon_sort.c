/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz dnstk-canon-sort's engine: load a zone (any form), sort it, check
 * it, render every record in every form.  Oracles: a render failure is a
 * finding; the renderer's fast path gives the same bytes as its ldns path;
 * the checked text reads back into the same wire bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "in/reader.h"
#include "out/render.h"
#include "zone/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
no_issue(void *ctx, const struct dnstk_zone *z,
    const struct dnstk_zone_issue *is)
{
	(void)ctx;
	if (is->at >= z->tab.n || is->first >= z->tab.n) {
		abort();
	}
	return 0;
}

/* The text must read back into the record's wire bytes. */
static void
reads_back(const struct dnstk_buf *text, const ldns_rr *rr)
{
	struct dnstk_reader r;
	struct dnstk_err err;
	struct dnstk_buf a, b;
	ldns_rr *back = NULL;
	FILE *fp = fmemopen(text->data, text->len, "r");

	if (fp == NULL || dnstk_reader_init(&r, fp, "fuzz",
	    DNSTK_FORM_TEXT) != 0) {
		abort();
	}
	dnstk_buf_init(&a);
	dnstk_buf_init(&b);
	if (dnstk_reader_rr(&r, &back, &err) == 1) {
		if (dnstk_wire_rr(&a, rr, false) != 0 ||
		    dnstk_wire_rr(&b, back, false) != 0) {
			abort();
		}
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
			fprintf(stderr, "text does not read back: %s", text->data);
			abort();
		}
	}
	/* a text the reader refuses (a limit of its own) is its finding */
	ldns_rr_free(back);
	dnstk_buf_release(&a);
	dnstk_buf_release(&b);
	dnstk_reader_release(&r);
	fclose(fp);
}

static void
render_entry(const struct dnstk_zone *z, size_t i, bool canonical)
{
	static const enum dnstk_form forms[] = {
		DNSTK_FORM_TEXT, DNSTK_FORM_HEX, DNSTK_FORM_JSON,
	};
	const struct dnstk_rrtab_ent *e = &z->tab.ent[i];
	struct dnstk_buf fast, slow;
	ldns_rr *rr = NULL;
	size_t f;
	int r;

	if (dnstk_rrtab_rr(&rr, &z->tab, i, canonical) != 0) {
		return;	/* ldns refused the table's wire form */
	}
	dnstk_buf_init(&fast);
	dnstk_buf_init(&slow);
	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		dnstk_buf_reset(&slow);
		if (dnstk_render_rr(&slow, rr, forms[f]) != 0) {
			fprintf(stderr, "record %zu does not render\n", i);
			abort();
		}
	}
	dnstk_buf_reset(&slow);
	if (dnstk_render_rr(&slow, rr, DNSTK_FORM_TEXT) != 0) {
		abort();
	}
	r = dnstk_text_rr_wire(&fast, dnstk_rrtab_wire(&z->tab, i),
	    e->wire_len, e->owner_len, e->ttl, canonical);
	if (r < 0 || (r == 1 && strcmp(fast.data, slow.data) != 0)) {
		fprintf(stderr, "fast path differs:\n%s%s", fast.data,
		    slow.data);
		abort();
	}
	reads_back(&slow, rr);
	ldns_rr_free(rr);
	dnstk_buf_release(&fast);
	dnstk_buf_release(&slow);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_zone z;
	struct dnstk_zone_load_opts o;
	struct dnstk_zone_check_stats st;
	struct dnstk_err err;
	FILE *fp;
	size_t i, n;

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
		(void)dnstk_zone_check(&z, no_issue, NULL, &st);
		dnstk_rrtab_dedup(&z.tab);
		n = dnstk_zone_count(&z) < 256 ? dnstk_zone_count(&z) : 256;
		for (i = 0; i < n; i++) {
			render_entry(&z, i, false);
			render_entry(&z, i, true);
		}
	}
	dnstk_zone_release(&z);
	fclose(fp);
	return 0;
}
