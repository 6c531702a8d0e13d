/* SPDX-License-Identifier: BSD-3-Clause */
/* Error codes and error context shared by all of libdnstk. */
#ifndef DNSTK_UTIL_ERR_H
#define DNSTK_UTIL_ERR_H

#include <errno.h>

/*
 * Library functions return 0 on success or a negative code below; errno
 * values are returned negated (-ENOMEM).  None of them prints or exits.
 */
enum dnstk_error {
	DNSTK_EOK = 0,
	DNSTK_ENOMEM = -ENOMEM,
	DNSTK_EINPUT = -1000,	/* unparsable input (exit 2) */
	DNSTK_EUSAGE = -1001,	/* bad options or operands (exit 2) */
	DNSTK_ENET = -1002,	/* network failure (exit 3) */
	DNSTK_ETIMEOUT = -1003,	/* no answer in time (exit 3) */
	DNSTK_ESYS = -1004,	/* other system error (exit 3) */
	DNSTK_EFAIL = -1005,	/* the check ran and failed (exit 1) */
	DNSTK_EINSECURE = -1006,	/* provably insecure (exit 4) */
	DNSTK_EINDETERMINATE = -1007,	/* no trust anchor (exit 5) */
};

/* Exit status of every tool, as in CLI.md. */
enum dnstk_exit {
	DNSTK_EXIT_OK = 0,
	DNSTK_EXIT_FAIL = 1,
	DNSTK_EXIT_USAGE = 2,
	DNSTK_EXIT_NET = 3,
	DNSTK_EXIT_INSECURE = 4,
	DNSTK_EXIT_INDETERMINATE = 5,
};

/*
 * The exit status (CLI.md) of a library return code: 0 for 0, 1 for
 * DNSTK_EFAIL, 2 for DNSTK_EINPUT and DNSTK_EUSAGE, 4 for
 * DNSTK_EINSECURE, 5 for DNSTK_EINDETERMINATE, 3 for every other code
 * (network, system, out of memory).  The one mapping: the tools' exits
 * and the "exit" member of JSON reports both use it.
 */
int dnstk_exit_status(int code);

#define DNSTK_ERR_MSG_MAX 512
#define DNSTK_ERR_SOURCE_MAX 256

/*
 * Context for the last error: where it happened and what it was.  `line`
 * is 0 when the error has no input position.  Caller-owned; no heap.
 */
struct dnstk_err {
	int code;
	unsigned long line;
	char source[DNSTK_ERR_SOURCE_MAX];
	char msg[DNSTK_ERR_MSG_MAX];
};

#define DNSTK_ERR_INIT { 0, 0, { '\0' }, { '\0' } }

/* Reset `err` to the no-error state. */
void dnstk_err_init(struct dnstk_err *err);

/*
 * Record an error.  `source` may be NULL (no position); `fmt` is printf
 * style.  Returns `code` so callers can write `return dnstk_err_set(...)`.
 * `err` may be NULL, in which case only `code` is returned.
 */
int dnstk_err_set(struct dnstk_err *err, int code, const char *source,
    unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A short static description of `code` ("out of memory", ...). */
const char *dnstk_strerror(int code);

#endif
