/* SPDX-License-Identifier: BSD-3-Clause */
/* Error context: record where and why an operation failed. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

void
dnstk_err_init(struct dnstk_err *err)
{
	memset(err, 0, sizeof(*err));
}

int
dnstk_err_set(struct dnstk_err *err, int code, const char *source,
    unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return code;
	}
	err->code = code;
	err->line = line;
	snprintf(err->source, sizeof(err->source), "%s",
	    source != NULL ? source : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *
dnstk_strerror(int code)
{
	switch (code) {
	case DNSTK_EOK:
		return "success";
	case DNSTK_ENOMEM:
		return "out of memory";
	case DNSTK_EINPUT:
		return "invalid input";
	case DNSTK_EUSAGE:
		return "usage error";
	case DNSTK_ENET:
		return "network error";
	case DNSTK_ETIMEOUT:
		return "timed out";
	case DNSTK_ESYS:
		return "system error";
	case DNSTK_EFAIL:
		return "check failed";
	case DNSTK_EINSECURE:
		return "insecure";
	case DNSTK_EINDETERMINATE:
		return "indeterminate";
	default:
		if (code < 0 && code > -4096) {
			return strerror(-code);
		}
		return "system error";
	}
}

int
dnstk_exit_status(int code)
{
	switch (code) {
	case 0:
		return DNSTK_EXIT_OK;
	case DNSTK_EFAIL:
		return DNSTK_EXIT_FAIL;
	case DNSTK_EINPUT:
	case DNSTK_EUSAGE:
		return DNSTK_EXIT_USAGE;
	case DNSTK_EINSECURE:
		return DNSTK_EXIT_INSECURE;
	case DNSTK_EINDETERMINATE:
		return DNSTK_EXIT_INDETERMINATE;
	default:
		return DNSTK_EXIT_NET;
	}
}
