/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Printing the client engine's answers (lib/net/client.h) the way
 * dnstk-query shows them: dig-like text with ";;" notes and a tail
 * (query time, server, size, dropped packets), hex, JSON, or only the
 * answer rdata; notes, what was learned and failures on the log.
 */
#ifndef DNSTK_OUT_ANSWER_H
#define DNSTK_OUT_ANSWER_H

#include <stdbool.h>
#include <stdio.h>

#include "net/client.h"
#include "net/server.h"
#include "out/render.h"
#include "util/buf.h"

/* How answers are shown.  Caller-owned. */
struct dnstk_answer_view {
	enum dnstk_form form;
	bool short_form;	/* rdata of the answer section only */
	unsigned hide;		/* text: enum dnstk_show parts not shown */
	bool idnout;		/* text: U-labels (out/text_show.h) */
	bool batch;		/* many queries: log lines name the query */
	const char *prog;	/* prefix of log lines, e.g. "dnstk-query" */
	const struct dnstk_server *server;	/* for the text tail */
	/*
	 * batch: a failed query leaves no mark in JSON, hex or --short
	 * output (by default an error object or an empty line).
	 */
	bool skip_failed;
};

/*
 * The question a query asked, for the mark a failed one leaves in batch
 * output.  Caller-owned.
 */
struct dnstk_answer_question {
	const uint8_t *qname;	/* wire form; NULL: not known (bad input) */
	size_t qname_len;
	uint16_t qtype;
	uint16_t qclass;
};

/*
 * Print answer `a` of the query called `label`: its notes, (batch) what
 * was learned, dropped packets and its failure on `log`; on `out` the
 * answer in the view's form, with the notes as ";;" lines first in
 * text.  In batch mode (v->batch) a failed query leaves its mark at its
 * place on `out`, so that output lines up with input: in JSON an object {"error": MESSAGE,
 * "query": {NAME, TYPE, TYPEname, CLASS, CLASSname}} (or {"text": LABEL}
 * when the question could not be read: `q` NULL or q->qname NULL), an
 * empty line in hex and --short output (none with v->skip_failed), and
 * in text a ";; LABEL: error" line.  `scratch` is a buffer the caller
 * keeps between calls.  A renderer failure is never ignored: the
 * answer's status and errmsg say "cannot print the answer".  Returns 0
 * or -errno from writing `out`.  Needs a->msg parsed for every form but
 * hex.
 */
int dnstk_answer_print_q(FILE *out, FILE *log,
    const struct dnstk_answer_view *v, const char *label,
    const struct dnstk_answer_question *q, struct dnstk_answer *a,
    struct dnstk_buf *scratch);

/* Report packets that matched no query (dnstk_client_stray()) on `log`. */
void dnstk_answer_log_stray(FILE *log, const char *prog,
    const struct dnstk_net_stats *st);

#endif
