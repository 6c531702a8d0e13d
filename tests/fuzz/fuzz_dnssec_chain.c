/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz the DNSSEC chain builder: no crash, unsigned input never secure. */
#include "fuzz_dnssec_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_validate(data, size, 0);
	return 0;
}
