/* SPDX-License-Identifier: BSD-3-Clause */
/* Small pieces the files of lib/serve share. */
#include <time.h>

#include "serve/sutil.h"
#include "util/err.h"

size_t
dnstk_su_skip_name(const uint8_t *w, size_t len, size_t pos)
{
	size_t total = 0;

	while (pos < len) {
		uint8_t c = w[pos];

		if ((c & 0xc0) == 0xc0) {
			return pos + 2 <= len ? pos + 2 : 0;
		}
		if (c & 0xc0) {
			return 0;
		}
		total += c + 1;
		if (total > 255) {
			return 0;
		}
		if (c == 0) {
			return pos + 1;
		}
		pos += 1 + c;
	}
	return 0;
}

int
dnstk_su_cache_key(uint8_t *key, size_t *klen, uint32_t *hash,
    const uint8_t *qname, size_t qlen, uint16_t qtype)
{
	uint32_t h = 2166136261u;
	size_t k;

	if (qlen > 255) {
		return DNSTK_EINPUT;
	}
	for (k = 0; k < qlen; k++) {
		key[k] = dnstk_su_lower(qname[k]);
	}
	key[qlen] = (uint8_t)(qtype >> 8);
	key[qlen + 1] = (uint8_t)qtype;
	*klen = qlen + 2;
	for (k = 0; k < *klen; k++) {
		h = (h ^ key[k]) * 16777619u;
	}
	*hash = h;
	return 0;
}

long long
dnstk_su_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}
