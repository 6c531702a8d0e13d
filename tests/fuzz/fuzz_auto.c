/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz form detection (the reader's AUTO mode) on both unit kinds: the
 * first byte picks messages or records, the rest is the stream.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2) {
		return 0;
	}
	fuzz_stream(data + 1, size - 1, DNSTK_FORM_AUTO, data[0] & 1);
	return 0;
}
