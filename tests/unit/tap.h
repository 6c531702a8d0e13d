/* SPDX-License-Identifier: BSD-3-Clause */
/* A tiny TAP producer for the unit tests; keeps going after a failure. */
#ifndef DNSTK_TESTS_TAP_H
#define DNSTK_TESTS_TAP_H

#include <stddef.h>
#include <stdint.h>

/* Report one check; returns `cond`. */
int tap_ok(int cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Compare two strings; prints both on failure. */
int tap_str(const char *got, const char *want, const char *name);
/* Compare two byte strings; prints both in hex on failure. */
int tap_mem(const void *got, size_t glen, const void *want, size_t wlen,
    const char *name);
/* Compare two integers. */
int tap_int(long long got, long long want, const char *name);
/* Print the plan and return the exit status (1 if any check failed). */
int tap_done(void);
/* Decode a hex string (spaces allowed) into `out`; returns its length. */
size_t tap_hex(uint8_t *out, size_t cap, const char *hex);

#endif
