/* SPDX-License-Identifier: BSD-3-Clause */
/* Verdict lines and summaries of a test run (see verdict.h). */
#include "out/verdict.h"
#include "util/jsonw.h"

int
dnstk_verdict_line(struct dnstk_buf *out, enum dnstk_form form,
    const char *test, enum dnstk_severity sev, const char *why)
{
	struct dnstk_finding f = { .code = test, .severity = sev,
	    .message = sev == DNSTK_SEV_OK ? NULL : why };
	struct dnstk_jsonw w;

	if (form != DNSTK_FORM_JSON) {
		return dnstk_finding_text(out, &f, &DNSTK_FINDING_TEXT_VERDICT,
		    NULL);
	}
	dnstk_jsonw_init(&w, out);
	dnstk_finding_json(&w, &f, &DNSTK_FINDING_JSON_VERDICT);
	dnstk_jsonw_newline(&w);
	return dnstk_jsonw_finish(&w);
}

int
dnstk_verdict_summary(struct dnstk_buf *out, enum dnstk_form form,
    size_t tests, const unsigned n[DNSTK_SEV_COUNT])
{
	struct dnstk_jsonw w;
	int r;

	if (form == DNSTK_FORM_JSON) {
		dnstk_jsonw_init(&w, out);
		dnstk_jsonw_object(&w);
		dnstk_jsonw_kuint(&w, "tests", tests);
		dnstk_jsonw_kuint(&w, "ok", n[DNSTK_SEV_OK]);
		dnstk_jsonw_kuint(&w, "failed", n[DNSTK_SEV_ERROR]);
		dnstk_jsonw_kuint(&w, "skipped", n[DNSTK_SEV_NOTE]);
		return dnstk_jsonw_close_line(&w);
	}
	r = dnstk_buf_addf(out, "%zu tests, %u ok, %u failed", tests,
	    n[DNSTK_SEV_OK], n[DNSTK_SEV_ERROR]);
	if (r == 0 && n[DNSTK_SEV_NOTE] != 0) {
		r = dnstk_buf_addf(out, ", %u skipped", n[DNSTK_SEV_NOTE]);
	}
	return r != 0 ? r : dnstk_buf_addc(out, '\n');
}
