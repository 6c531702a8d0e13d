/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the JSON record and message builders as tools call them (one
 * parsed value, no stream): whatever builds must render and read back.
 */
#include "fuzz_common.h"
#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_json *v = NULL;
	struct dnstk_msg *m = NULL;
	const char *why = "";
	ldns_rr *rr = NULL;

	if (dnstk_json_parse(&v, (const char *)data, size, &why) != 0) {
		return 0;
	}
	if (dnstk_rr_from_json(&rr, v, false, &why) == 0) {
		fuzz_rr_roundtrip(rr);
		ldns_rr_free(rr);
	}
	if (dnstk_rr_from_json(&rr, v, true, &why) == 0) {
		ldns_rr_free(rr);
	}
	if (dnstk_msg_from_json(&m, v, &why) == 0) {
		fuzz_roundtrip(m);
		dnstk_msg_free(m);
	}
	dnstk_json_free(v);
	return 0;
}
