/* SPDX-License-Identifier: BSD-3-Clause */
/* Durations given on the command line: decimal seconds. */
#ifndef DNSTK_UTIL_DURATION_H
#define DNSTK_UTIL_DURATION_H

/*
 * Parse SECONDS (decimal, at most 3 fraction digits, 0.001 to 3600) into
 * milliseconds.  Returns 0, or DNSTK_EINPUT with *why set.
 */
int dnstk_duration_parse_ms(int *ms, const char *text, const char **why);

#endif
