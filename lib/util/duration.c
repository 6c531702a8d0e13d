/* SPDX-License-Identifier: BSD-3-Clause */
/* Decimal seconds to milliseconds, for --timeout and the like. */
#include <string.h>

#include "util/duration.h"
#include "util/err.h"
#include "util/num.h"

int
dnstk_parse_ms(int *ms, const char *text, long long max_ms, const char **why)
{
	char whole[16];
	const char *dot = strchr(text, '.');
	size_t n = dot != NULL ? (size_t)(dot - text) : strlen(text);
	long long sec = 0, frac = 0;
	int digits = 0;

	if (n >= sizeof(whole) || (n == 0 && dot == NULL)) {
		*why = "not a number";
		return DNSTK_EINPUT;
	}
	memcpy(whole, text, n);
	whole[n] = '\0';
	if (n > 0 && dnstk_strtonum(&sec, whole, 0, max_ms / 1000, why) != 0) {
		return DNSTK_EINPUT;
	}
	if (dot != NULL) {
		for (dot++; *dot != '\0'; dot++, digits++) {
			if (*dot < '0' || *dot > '9' || digits >= 3) {
				*why = "not a number of seconds (at most "
				    "3 decimals)";
				return DNSTK_EINPUT;
			}
			frac = frac * 10 + (*dot - '0');
		}
		if (digits == 0) {
			*why = "not a number";
			return DNSTK_EINPUT;
		}
		while (digits++ < 3) {
			frac *= 10;
		}
	}
	if (sec * 1000 + frac == 0) {
		*why = "too small";
		return DNSTK_EINPUT;
	}
	if (sec * 1000 + frac > max_ms) {
		*why = "too large";
		return DNSTK_EINPUT;
	}
	*ms = (int)(sec * 1000 + frac);
	return 0;
}

int
dnstk_duration_parse_ms(int *ms, const char *text, const char **why)
{
	return dnstk_parse_ms(ms, text, 3600000, why);
}
