/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query's parts, private to lib/tool/query*.c: where questions
 * come from (query_src.c), how finished ones are printed in input order
 * (query_out.c), and the loop over the client engine (query.c).
 */
#ifndef DNSTK_TOOL_QUERY_INT_H
#define DNSTK_TOOL_QUERY_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "in/reader.h"
#include "net/client.h"
#include "net/qmsg.h"
#include "net/server.h"
#include "out/answer.h"
#include "tool/query.h"
#include "util/str.h"

#define QUERY_LABEL_MAX 300
#define QUERY_LINE_MAX 2048	/* batch lines longer than this are refused */

enum query_src_kind {
	QUERY_SRC_SINGLE,
	QUERY_SRC_BATCH,
	QUERY_SRC_RAW,
};

/* One question taken from the source. */
struct query_item {
	char label[QUERY_LABEL_MAX];	/* "NAME TYPE" or "stdin:LINE" */
	struct dnstk_qspec spec;	/* qname, qtype, qclass */
	struct dnstk_buf raw;		/* raw mode: the message */
	int rc;				/* not 0: failed before sending */
	char errmsg[DNSTK_ERR_MSG_MAX];
};

/* Where questions come from: one question, batch lines or raw messages. */
struct query_src {
	enum query_src_kind kind;
	bool done;
	const struct dnstk_query_args *a;
	FILE *fp;
	const char *fname;
	unsigned long line;
	char buf[QUERY_LINE_MAX + 2];
	struct dnstk_reader reader;
	bool reader_open;
	bool borrowed;		/* fp is the caller's */
	int fatal;		/* a read error: stop reading */
	struct dnstk_err fatal_err;
};

int query_src_open(struct query_src *s, const struct dnstk_query_args *a,
    struct dnstk_err *err);
void query_src_close(struct query_src *s);

/*
 * A batch (or, with a->raw, raw-message) source reading the caller's
 * `fp` under the name `name` (for tests and fuzzing).  0 or DNSTK_ENOMEM.
 */
int query_src_open_fp(struct query_src *s, const struct dnstk_query_args *a,
    FILE *fp, const char *name);

/* The next question into `it`: 1, or 0 at the end (s->fatal on error). */
int query_src_next(struct query_src *s, struct query_item *it);

/*
 * Fill `q`'s question from NAME [TYPE] [CLASS] (TYPE and CLASS in either
 * order); NULL or what is wrong.
 */
const char *query_set_question(struct dnstk_qspec *q, const char *name,
    const char *w1, const char *w2);

/*
 * Parse `name` into q's qname; a name with non-ASCII bytes is taken as
 * UTF-8 and converted to its A-labels first (IDNA2008 with UTS #46
 * mapping, libidn2, as dig and kdig do).  NULL or what is wrong.
 */
const char *query_qname(struct dnstk_qspec *q, const char *name);

/* What query_qname() and query_set_question() say when out of memory. */
extern const char query_why_nomem[];


/* A finished query waiting to be printed. */
struct query_result {
	struct query_result *next;
	char label[QUERY_LABEL_MAX];
	struct dnstk_answer *ans;
	/* the question, for a failed query's mark (qlen 0: not read) */
	uint8_t qname[DNSTK_DNAME_MAX];
	size_t qlen;
	uint16_t qtype, qclass;
};

/* Prints results in the order they are handed over. */
struct query_out {
	const struct dnstk_query_args *a;
	const struct dnstk_server *server;
	FILE *out;
	FILE *log;
	bool batch;
	struct dnstk_answer_view view;
	struct dnstk_buf text;
	int worst;
	int write_error;
	/* the render thread (batch mode), when it runs */
	bool threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t have_item;
	pthread_cond_t have_space;
	struct query_result *head, *tail;
	size_t n, max;
	bool closed;
};

void query_out_init(struct query_out *o, const struct dnstk_query_args *a,
    const struct dnstk_server *server, FILE *out, FILE *log);

/* Start a render thread holding at most `max` results; false: inline. */
bool query_out_start(struct query_out *o, size_t max);

/*
 * Print (or queue) `r` and the results chained after it (through
 * `next`), which the printer then owns.
 */
void query_out_emit(struct query_out *o, struct query_result *r);

/* Print what is queued, stop the thread, release. */
void query_out_stop(struct query_out *o);

/* The first write error on the output (0: none so far). */
int query_out_write_error(struct query_out *o);

/* The exit rank of a DNSTK_E* code (0 for 0). */
int query_exit_rank(int rc);

#endif
