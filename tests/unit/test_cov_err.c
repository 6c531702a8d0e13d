/* SPDX-License-Identifier: BSD-3-Clause */
/* Coverage tests for lib/util/err: every code's message, the context. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "cli/cli.h"
#include "util/err.h"

/*
 * Every dnstk code has a message of its own: none of them may fall
 * through to strerror(), whose text for 1000..1007 is "Unknown error".
 */
static void
test_messages(void)
{
	static const struct {
		int code;
		const char *msg;
		int exit;
	} rows[] = {
		{ DNSTK_EOK, "success", DNSTK_EXIT_OK },
		{ DNSTK_ENOMEM, "out of memory", DNSTK_EXIT_NET },
		{ DNSTK_EINPUT, "invalid input", DNSTK_EXIT_USAGE },
		{ DNSTK_EUSAGE, "usage error", DNSTK_EXIT_USAGE },
		{ DNSTK_ENET, "network error", DNSTK_EXIT_NET },
		{ DNSTK_ETIMEOUT, "timed out", DNSTK_EXIT_NET },
		{ DNSTK_ESYS, "system error", DNSTK_EXIT_NET },
		{ DNSTK_EFAIL, "check failed", DNSTK_EXIT_FAIL },
		{ DNSTK_EINSECURE, "insecure", DNSTK_EXIT_INSECURE },
		{ DNSTK_EINDETERMINATE, "indeterminate",
		    DNSTK_EXIT_INDETERMINATE },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *m = dnstk_strerror(rows[i].code);

		tap_str(m, rows[i].msg, "strerror: the code's own message");
		tap_ok(strstr(m, "Unknown") == NULL,
		    "strerror(%d) is not strerror's \"Unknown error\"",
		    rows[i].code);
		tap_int(dnstk_exit_status(rows[i].code), rows[i].exit,
		    "exit status for the code");
	}
	/* errno values come from the C library, whatever its wording. */
	tap_str(dnstk_strerror(-EPIPE), strerror(EPIPE), "strerror: -EPIPE");
	tap_str(dnstk_strerror(-ECONNREFUSED), strerror(ECONNREFUSED),
	    "strerror: -ECONNREFUSED");
	tap_str(dnstk_strerror(-1), strerror(1), "strerror: -1 is EPERM");
	{
		/* strerror's text of an unknown errno lasts only until the
		 * next call: keep a copy. */
		char got[128];

		snprintf(got, sizeof(got), "%s", dnstk_strerror(-4095));
		tap_str(got, strerror(4095),
		    "strerror: the last errno-sized code");
	}
	/* Outside the negative errno range: no errno text to borrow. */
	tap_str(dnstk_strerror(-4096), "system error",
	    "strerror: -4096 is past errno's range");
	tap_str(dnstk_strerror(-70000), "system error",
	    "strerror: a large negative code");
	tap_str(dnstk_strerror(7), "system error",
	    "strerror: a positive code is not an errno");
	tap_int(dnstk_exit_status(-ENOENT), DNSTK_EXIT_NET,
	    "exit status for an errno value is 3");
}

static void
test_context(void)
{
	struct dnstk_err e = DNSTK_ERR_INIT;
	char big[DNSTK_ERR_MSG_MAX * 2];
	char src[DNSTK_ERR_SOURCE_MAX * 2];

	tap_int(dnstk_err_set(NULL, DNSTK_EINPUT, "x", 1, "y"), DNSTK_EINPUT,
	    "err_set: NULL err still returns the code");
	tap_int(dnstk_err_set(&e, DNSTK_EINPUT, "zone.db", 12, "bad %s %d",
	    "TTL", 7), DNSTK_EINPUT, "err_set: returns the code");
	tap_int(e.code, DNSTK_EINPUT, "err_set: code");
	tap_int((long long)e.line, 12, "err_set: line");
	tap_str(e.source, "zone.db", "err_set: source");
	tap_str(e.msg, "bad TTL 7", "err_set: formatted message");
	dnstk_err_set(&e, DNSTK_ENET, NULL, 0, "%s", "refused");
	tap_str(e.source, "", "err_set: NULL source is empty");
	tap_int((long long)e.line, 0, "err_set: no line");
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(src, 's', sizeof(src) - 1);
	src[sizeof(src) - 1] = '\0';
	dnstk_err_set(&e, DNSTK_EINPUT, src, 1, "%s", big);
	tap_int((long long)strlen(e.msg), DNSTK_ERR_MSG_MAX - 1,
	    "err_set: a long message is cut to the buffer");
	tap_int((long long)strlen(e.source), DNSTK_ERR_SOURCE_MAX - 1,
	    "err_set: a long source is cut to the buffer");
	dnstk_err_init(&e);
	tap_ok(e.code == 0 && e.line == 0 && e.source[0] == '\0' &&
	    e.msg[0] == '\0', "err_init: back to no error");
}

int
main(void)
{
	test_messages();
	test_context();
	return tap_done();
}
