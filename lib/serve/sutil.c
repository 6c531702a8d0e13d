/* SPDX-License-Identifier: BSD-3-Clause */
/* Small pieces the files of lib/serve share. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

int
dnstk_su_host_port(const char *spec, char *host, size_t cap,
    uint16_t *port, struct dnstk_err *err)
{
	const char *arg = spec;	/* as given, for messages */
	const char *hash = strrchr(spec, '#');
	size_t n = hash != NULL ? (size_t)(hash - spec) : strlen(spec);
	unsigned long p = 53;
	char *end;

	if (hash != NULL) {
		errno = 0;
		p = strtoul(hash + 1, &end, 10);
		if (errno != 0 || *end != '\0' || end == hash + 1 || p == 0 ||
		    p > 65535) {
			return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--forward: bad port in '%s'", spec);
		}
	}
	if (n >= 2 && spec[0] == '[' && spec[n - 1] == ']') {
		spec++;
		n -= 2;
	}
	if (n == 0 || n >= cap) {
		/* the argument as given ('[]', not ']') */
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--forward: '%s' is not an address", arg);
	}
	memcpy(host, spec, n);
	host[n] = '\0';
	*port = (uint16_t)p;
	return 0;
}

long long
dnstk_su_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}
