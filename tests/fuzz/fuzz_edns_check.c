/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the EDNS violation checker and the finding renderer: the input is
 * read as a wire message and checked with dnstk_edns_check_msg(), and
 * (after a first byte choosing query or response rules) as raw OPT
 * RDATA for dnstk_edns_check_options().  Every violation found becomes
 * a finding and is rendered in every text and JSON style.  The oracles:
 * no crash, every render succeeds, the JSON is balanced, and the ERROR
 * findings are exactly the checker's MUST violations.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dns/edns_check.h"
#include "dns/msg.h"
#include "out/finding.h"
#include "util/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct dnstk_finding_style *const texts[] = {
	&DNSTK_FINDING_TEXT_OPTDUMP, &DNSTK_FINDING_TEXT_QUERY,
	&DNSTK_FINDING_TEXT_PROBE, &DNSTK_FINDING_TEXT_VERDICT,
	&DNSTK_FINDING_TEXT_CANON, &DNSTK_FINDING_TEXT_ZONE,
};
static const struct dnstk_finding_json_style *const jsons[] = {
	&DNSTK_FINDING_JSON_EDNS, &DNSTK_FINDING_JSON_VERDICT,
	&DNSTK_FINDING_JSON_ZONE,
};

static void
bug(const char *what, int rc)
{
	fprintf(stderr, "fuzz_edns_check: %s (%d)\n", what, rc);
	abort();
}

/* Turn `vs` into findings and render them in every style. */
static void
render_all(const struct dnstk_violations *vs)
{
	struct dnstk_findings fs;
	struct dnstk_jsonw w;
	struct dnstk_buf b;
	size_t i, j;
	int rc;

	dnstk_findings_init(&fs);
	dnstk_buf_init(&b);
	if (dnstk_findings_from_violations(&fs, vs) != 0) {
		goto out;	/* out of memory: nothing to check */
	}
	if (fs.count != vs->count || dnstk_findings_count(&fs,
	    DNSTK_SEV_ERROR) != dnstk_violations_errors(vs)) {
		bug("findings do not match the violations", 0);
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		rc = dnstk_findings_text(&b, &fs, texts[i], "fuzz");
		if (rc != 0 && rc != DNSTK_ENOMEM) {
			bug("text render failed", rc);
		}
	}
	for (i = 0; i < sizeof(jsons) / sizeof(jsons[0]); i++) {
		rc = dnstk_findings_json_lines(&b, &fs, jsons[i], 1);
		if (rc != 0 && rc != DNSTK_ENOMEM) {
			bug("JSON Lines render failed", rc);
		}
		dnstk_jsonw_init(&w, &b);
		dnstk_jsonw_array(&w);
		for (j = 0; j < fs.count; j++) {
			dnstk_finding_json(&w, &fs.f[j], jsons[i]);
		}
		dnstk_jsonw_end(&w);
		rc = dnstk_jsonw_finish(&w);
		if (rc != 0 && rc != DNSTK_ENOMEM) {
			bug("JSON writer left unbalanced", rc);
		}
	}
out:
	dnstk_buf_release(&b);
	dnstk_findings_release(&fs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_violations vs;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_msg *m = NULL;

	if (size > 70000) {
		return 0;
	}
	dnstk_violations_init(&vs);
	if (dnstk_msg_from_wire(&m, data, size, &err) == 0) {
		(void)dnstk_edns_check_msg(&vs, m);
		render_all(&vs);
		dnstk_msg_free(m);
	}
	dnstk_violations_release(&vs);
	if (size > 0) {
		dnstk_violations_init(&vs);
		(void)dnstk_edns_check_options(&vs, data + 1, size - 1,
		    data[0] & 1);
		render_all(&vs);
		dnstk_violations_release(&vs);
	}
	return 0;
}
