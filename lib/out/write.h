/* SPDX-License-Identifier: BSD-3-Clause */
/* Writing a whole rendered unit to a tool's output. */
#ifndef DNSTK_OUT_WRITE_H
#define DNSTK_OUT_WRITE_H

#include <stdio.h>

#include "util/buf.h"
#include "util/err.h"

/*
 * Write what `b` holds to `out` in one piece and empty `b`.  Returns 0,
 * or -errno with `err` saying "cannot write output: REASON" (the words
 * dnstk_cli_report() knows, so that the tool says it once).
 */
int dnstk_out_write(struct dnstk_buf *b, FILE *out, struct dnstk_err *err);

#endif
