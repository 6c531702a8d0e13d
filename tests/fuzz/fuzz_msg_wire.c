/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz the wire parser: parse, then require every form to round-trip. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_msg *m = NULL;
	struct dnstk_err err;

	if (dnstk_msg_from_wire(&m, data, size, &err) == 0) {
		fuzz_roundtrip(m);
		dnstk_msg_free(m);
	}
	return 0;
}
