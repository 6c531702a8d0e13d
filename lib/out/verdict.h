/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Verdicts of a test run (dnstk-edns-probe): one line per test and a
 * summary, as text or JSON Lines.  A verdict is a finding whose code is
 * the test's name and whose severity is OK (passed), ERROR (failed) or
 * NOTE (skipped); see out/finding.h.
 */
#ifndef DNSTK_OUT_VERDICT_H
#define DNSTK_OUT_VERDICT_H

#include <stddef.h>

#include "out/finding.h"
#include "out/render.h"
#include "util/buf.h"

/*
 * Append test `test`'s verdict to `out`: "TEST: ok\n" or "TEST: WHY\n"
 * in text, {"test","result","reason"} and a newline in JSON (`why` is
 * left out when `sev` is OK).  Returns 0 or DNSTK_ENOMEM (`out` may hold
 * part of the line).
 */
int dnstk_verdict_line(struct dnstk_buf *out, enum dnstk_form form,
    const char *test, enum dnstk_severity sev, const char *why);

/*
 * Append the summary of `tests` tests, n[] counting them by severity:
 * "N tests, N ok, N failed[, N skipped]\n" (skipped only when some
 * were), or {"tests","ok","failed","skipped"} and a newline in JSON.
 * Returns 0 or DNSTK_ENOMEM (`out` may hold part of the line).
 */
int dnstk_verdict_summary(struct dnstk_buf *out, enum dnstk_form form,
    size_t tests, const unsigned n[DNSTK_SEV_COUNT]);

#endif
