/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz the text reader (message units); messages must round-trip. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_stream(data, size, DNSTK_FORM_TEXT, 0);
	return 0;
}
