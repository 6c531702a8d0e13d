/* SPDX-License-Identifier: BSD-3-Clause */
/* Durations typed on a command line: "5", "0.25", "1.5" seconds. */
#ifndef DNSTK_UTIL_DURATION_H
#define DNSTK_UTIL_DURATION_H

/*
 * Parse decimal seconds with at most three decimals ("2", "0.5", ".25")
 * into *ms, which must come out between 1 and `max_ms`.  Returns 0, or
 * DNSTK_EINPUT with *why a static reason ("not a number", "too small",
 * "too large", ...); *ms is untouched then.
 */
int dnstk_parse_ms(int *ms, const char *text, long long max_ms,
    const char **why);

/*
 * dnstk_parse_ms with the range of --timeout: 1 ms to one hour.  Same
 * returns and *why as dnstk_parse_ms.
 */
int dnstk_duration_parse_ms(int *ms, const char *text, const char **why);

#endif
