/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-opt-dump: report the EDNS(0) OPT records of DNS messages. */
#ifndef DNSTK_TOOL_OPT_DUMP_H
#define DNSTK_TOOL_OPT_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dns/msg.h"
#include "out/render.h"
#include "util/buf.h"
#include "util/err.h"

struct dnstk_optdump_args {
	enum dnstk_form in;	/* AUTO to detect per input */
	enum dnstk_form out;	/* JSON: one object per message; else TEXT */
	char **files;		/* inputs; none means stdin; "-" is stdin */
	int nfiles;
};

/* Set the defaults: detect the input form, text output, stdin. */
void dnstk_optdump_args_init(struct dnstk_optdump_args *a);

/*
 * Append the report of message number `index` (from 1), read at
 * `source`:`line`, to `out`: the header line, the EDNS fields of the
 * first OPT of the additional section and every option decoded (or "no
 * OPT record"), any other OPT record, and the violations of
 * dnstk_edns_check_msg; as text ending with a blank line, or as one JSON
 * object and a newline.  *errors gets the number of MUST-level
 * violations.  Returns 0 or DNSTK_ENOMEM (`out` as it was).
 */
int dnstk_optdump_msg(struct dnstk_buf *out, const struct dnstk_msg *m,
    unsigned long index, const char *source, unsigned long line,
    bool json, size_t *errors);

/*
 * Report every message of every input on `out`, one whole report at a
 * time.  Returns 0 when no message has a MUST-level violation,
 * DNSTK_EFAIL when some has (err left empty), or the first input error
 * (DNSTK_EINPUT with SOURCE:LINE in err, -errno when a file cannot be
 * opened or `out` written); the reports of the messages before a bad
 * one have been written whole.
 */
int dnstk_optdump(const struct dnstk_optdump_args *a, FILE *out,
    struct dnstk_err *err);

#endif
