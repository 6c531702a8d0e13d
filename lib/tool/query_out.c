/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query's printer: each finished query in input order, its notes
 * and errors on the log, its answer in the chosen form on the output.
 * In batch mode rendering (ldns text forms, as costly as the network
 * loop) runs on its own thread behind a bounded queue.
 */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/edns_check.h"
#include "out/answer.h"
#include "out/finding.h"
#include "tool/query_int.h"

int
query_exit_rank(int rc)
{
	switch (rc) {
	case 0:
		return 0;
	case DNSTK_EFAIL:
		return 1;
	case DNSTK_EINPUT:
	case DNSTK_EUSAGE:
		return 2;
	default:
		return 3;
	}
}

/*
 * Parse the answer if the engine did not, and note its EDNS violations.
 * A malformed answer is noted (hex output still shows its bytes) or, for
 * the other forms, makes the query fail.
 */
static void
result_finish(const struct query_out *o, struct dnstk_answer *a)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_violations vs;
	struct dnstk_findings fs;
	const struct dnstk_msg *m;

	if (a->status != 0) {
		return;
	}
	if (dnstk_answer_msg(a, &m, &err) != 0) {
		if (o->a->form == DNSTK_FORM_HEX && !o->a->short_form) {
			(void)dnstk_buf_addf(&a->notes,
			    "malformed answer: %s\n", err.msg);
		} else {
			a->status = DNSTK_ENET;
			snprintf(a->errmsg, sizeof(a->errmsg),
			    "malformed answer: %.400s", err.msg);
		}
		return;
	}
	dnstk_violations_init(&vs);
	dnstk_findings_init(&fs);
	(void)dnstk_edns_check_msg(&vs, m);
	/* the notes are best effort, as before: out of memory drops them */
	if (dnstk_findings_from_violations(&fs, &vs) == 0) {
		(void)dnstk_findings_text(&a->notes, &fs,
		    &DNSTK_FINDING_TEXT_QUERY, NULL);
	}
	dnstk_findings_release(&fs);
	dnstk_violations_release(&vs);
}

/* Keep the first write error, where the reading thread sees it. */
static void
set_write_error(struct query_out *o, int r)
{
	if (r == 0) {
		return;
	}
	if (o->threaded) {
		pthread_mutex_lock(&o->mu);
	}
	if (o->write_error == 0) {
		o->write_error = r;
	}
	if (o->threaded) {
		pthread_mutex_unlock(&o->mu);
	}
}

/*
 * Print a finished query (lib/out/answer.c does the printing).  Returns
 * the query's outcome; a write error goes to o->write_error.
 */
static int
render_result(struct query_out *o, struct dnstk_buf *b,
    struct query_result *res)
{
	struct dnstk_answer_question q = {
		res->qlen != 0 ? res->qname : NULL, res->qlen, res->qtype,
		res->qclass,
	};

	result_finish(o, res->ans);
	set_write_error(o, dnstk_answer_print_q(o->out, o->log, &o->view,
	    res->label, &q, res->ans, b));
	return res->ans->status;
}

static void
print_one(struct query_out *o, struct query_result *res)
{
	int rc = render_result(o, &o->text, res);

	dnstk_answer_free(res->ans);
	free(res);
	if (query_exit_rank(rc) > query_exit_rank(o->worst)) {
		o->worst = rc;
	}
}

static void *
render_main(void *arg)
{
	struct query_out *o = arg;
	struct query_result *res, *next;

	for (;;) {
		pthread_mutex_lock(&o->mu);
		while (o->head == NULL && !o->closed) {
			pthread_cond_wait(&o->have_item, &o->mu);
		}
		/* Take the whole queue: one wake-up per batch, not per item. */
		res = o->head;
		o->head = o->tail = NULL;
		o->n = 0;
		pthread_cond_signal(&o->have_space);
		pthread_mutex_unlock(&o->mu);
		if (res == NULL) {
			break;
		}
		for (; res != NULL; res = next) {
			next = res->next;
			print_one(o, res);	/* only this thread prints */
		}
	}
	return NULL;
}

void
query_out_init(struct query_out *o, const struct dnstk_query_args *a,
    const struct dnstk_server *server, FILE *out, FILE *log)
{
	memset(o, 0, sizeof(*o));
	o->a = a;
	o->server = server;
	o->out = out;
	o->log = log;
	o->batch = a->batch != NULL || a->raw || a->nqs > 1;
	o->view.form = a->form;
	o->view.short_form = a->short_form;
	o->view.hide = a->hide;
	o->view.idnout = a->idnout;
	o->view.batch = o->batch;
	o->view.prog = "dnstk-query";
	o->view.server = server;
	o->view.skip_failed = a->skip_failed;
	dnstk_buf_init(&o->text);
}

bool
query_out_start(struct query_out *o, size_t max)
{
	o->max = max;
	if (pthread_mutex_init(&o->mu, NULL) != 0) {
		return false;
	}
	if (pthread_cond_init(&o->have_item, NULL) != 0) {
		pthread_mutex_destroy(&o->mu);
		return false;
	}
	if (pthread_cond_init(&o->have_space, NULL) != 0) {
		pthread_cond_destroy(&o->have_item);
		pthread_mutex_destroy(&o->mu);
		return false;
	}
	if (pthread_create(&o->thread, NULL, render_main, o) != 0) {
		pthread_cond_destroy(&o->have_space);
		pthread_cond_destroy(&o->have_item);
		pthread_mutex_destroy(&o->mu);
		return false;
	}
	o->threaded = true;
	return true;
}

void
query_out_emit(struct query_out *o, struct query_result *r)
{
	struct query_result *last, *next;
	size_t n = 1;

	if (!o->threaded) {
		for (; r != NULL; r = next) {
			next = r->next;
			print_one(o, r);
		}
		return;
	}
	for (last = r; last->next != NULL; last = last->next) {
		n++;
	}
	pthread_mutex_lock(&o->mu);
	while (o->n >= o->max) {
		pthread_cond_wait(&o->have_space, &o->mu);
	}
	if (o->tail != NULL) {
		o->tail->next = r;
	} else {
		o->head = r;
	}
	o->tail = last;
	o->n += n;
	pthread_cond_signal(&o->have_item);
	pthread_mutex_unlock(&o->mu);
}

void
query_out_stop(struct query_out *o)
{
	if (o->threaded) {
		pthread_mutex_lock(&o->mu);
		o->closed = true;
		pthread_cond_signal(&o->have_item);
		pthread_mutex_unlock(&o->mu);
		pthread_join(o->thread, NULL);
		pthread_cond_destroy(&o->have_space);
		pthread_cond_destroy(&o->have_item);
		pthread_mutex_destroy(&o->mu);
		o->threaded = false;
	}
	dnstk_buf_release(&o->text);
}

int
query_out_write_error(struct query_out *o)
{
	int r;

	if (!o->threaded) {
		return o->write_error;
	}
	pthread_mutex_lock(&o->mu);
	r = o->write_error;
	pthread_mutex_unlock(&o->mu);
	return r;
}
