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
#include "out/render.h"
#include "tool/query_int.h"

#define PROG "dnstk-query"

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

static void
text_tail(const struct query_out *o, struct dnstk_buf *b,
    const struct dnstk_answer *a)
{
	const struct dnstk_net_stats *st = &a->st;
	const struct dnstk_server *s = o->server;

	(void)dnstk_buf_addf(b, ";; Query time: %lld msec\n",
	    (long long)a->elapsed_ms);
	(void)dnstk_buf_addf(b, ";; SERVER: %s#%u(", s->text,
	    (unsigned)s->port);
	(void)query_add_escaped(b, s->name);
	(void)dnstk_buf_addf(b, ") (%s)\n", a->tcp ? "TCP" : "UDP");
	(void)dnstk_buf_addf(b, ";; MSG SIZE  rcvd: %zu\n", a->wire.len);
	if (dnstk_net_dropped(st) != 0) {
		(void)dnstk_buf_addf(b, ";; DROPPED: %lu unexpected packet%s "
		    "(wrong source %lu, wrong ID %lu, wrong question %lu, "
		    "not a response %lu)\n", dnstk_net_dropped(st),
		    dnstk_net_dropped(st) == 1 ? "" : "s",
		    st->wrong_source, st->wrong_id, st->wrong_question,
		    st->not_response);
	}
	(void)dnstk_buf_addc(b, '\n');
}

/* The rdata of the answer section, one line each; 0 or the first error. */
static int
render_short(struct dnstk_buf *b, const struct dnstk_msg *m)
{
	ldns_rr_list *an = m->sec[DNSTK_SEC_ANSWER];
	size_t i;
	int r;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		r = dnstk_text_rdata(b, ldns_rr_list_rr(an, i));
		if (r != 0) {
			return r;
		}
		(void)dnstk_buf_addc(b, '\n');
	}
	return 0;
}

/* Each line of `lines` on the log, after PROG and (batch) the label. */
static void
log_lines(const struct query_out *o, const struct query_result *res,
    const struct dnstk_buf *lines)
{
	const char *p, *nl;

	for (p = lines->data; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(o->log, "%s: %s%s%.*s\n", PROG,
		    o->batch ? res->label : "", o->batch ? ": " : "",
		    (int)(nl - p), p);
	}
}

/* Print the notes, drops and error of `res` on the log. */
static void
log_result(const struct query_out *o, const struct query_result *res)
{
	const struct dnstk_answer *a = res->ans;
	const struct dnstk_net_stats *st = &a->st;

	log_lines(o, res, &a->notes);
	if (o->batch) {
		log_lines(o, res, &a->learned);
	}
	if (dnstk_net_dropped(st) != 0) {
		fprintf(o->log, "%s: %s%sdropped %lu unexpected packet%s "
		    "(wrong source %lu, wrong ID %lu, wrong question %lu, "
		    "not a response %lu)\n", PROG,
		    o->batch ? res->label : "", o->batch ? ": " : "",
		    dnstk_net_dropped(st), dnstk_net_dropped(st) == 1 ? "" : "s",
		    st->wrong_source, st->wrong_id, st->wrong_question,
		    st->not_response);
	}
	if (a->status != 0) {
		if (a->status == DNSTK_EINPUT || !o->batch) {
			fprintf(o->log, "%s: %s\n", PROG, a->errmsg);
		} else {
			fprintf(o->log, "%s: %s: %s\n", PROG, res->label,
			    a->errmsg);
		}
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
	const struct dnstk_violation *v;
	const struct dnstk_msg *m;
	size_t i;

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
	(void)dnstk_edns_check_msg(&vs, m);
	for (i = 0; i < vs.count; i++) {
		v = &vs.v[i];
		(void)dnstk_buf_addf(&a->notes, "answer %s %s: %s (%s)\n",
		    v->level == DNSTK_VIOLATION_MUST ? "violates" : "warning",
		    v->id, v->detail, v->ref);
	}
	dnstk_violations_release(&vs);
}

/*
 * Render the answer of `a` into `b` in the chosen form.  A renderer
 * failure is never ignored: the query fails with what went wrong.
 */
static void
render_answer(const struct query_out *o, struct dnstk_buf *b,
    struct dnstk_answer *a)
{
	bool text = o->a->form == DNSTK_FORM_TEXT && !o->a->short_form;
	size_t start = b->len;
	int r;

	if (o->a->form == DNSTK_FORM_HEX && !o->a->short_form) {
		r = dnstk_buf_addhex(b, (uint8_t *)a->wire.data, a->wire.len);
		r = r == 0 ? dnstk_buf_addc(b, '\n') : r;
	} else if (o->a->short_form) {
		r = render_short(b, a->msg);
	} else {
		r = dnstk_render_msg(b, a->msg, o->a->form);
	}
	if (r != 0) {
		dnstk_buf_truncate(b, start);
		a->status = r == DNSTK_ENOMEM ? r : DNSTK_EINPUT;
		snprintf(a->errmsg, sizeof(a->errmsg), "cannot print the "
		    "answer: %s", dnstk_strerror(r));
		return;
	}
	if (text) {
		dnstk_buf_truncate(b, b->len - 1);
		text_tail(o, b, a);
	}
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
 * Print a finished query: notes and errors on the log, the answer (or a
 * ";;" error line in text form) on the output, rendered whole into `b`
 * first.  Returns the query's outcome; a write error goes to
 * o->write_error.
 */
static int
render_result(struct query_out *o, struct dnstk_buf *b,
    struct query_result *res)
{
	struct dnstk_answer *a = res->ans;
	bool text = o->a->form == DNSTK_FORM_TEXT && !o->a->short_form;
	const char *p, *nl;
	int r;

	result_finish(o, a);
	dnstk_buf_reset(b);
	if (a->status == 0) {
		render_answer(o, b, a);
	}
	log_result(o, res);
	if (text) {
		struct dnstk_buf head;

		dnstk_buf_init(&head);
		for (p = a->notes.data; p != NULL && *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			(void)dnstk_buf_addf(&head, ";; %.*s\n", (int)(nl - p),
			    p);
		}
		if (a->status != 0) {
			(void)dnstk_buf_addf(&head, ";; %s: %s\n\n",
			    res->label, a->errmsg);
			dnstk_buf_reset(b);
		}
		r = dnstk_buf_write(&head, o->out);
		dnstk_buf_release(&head);
		set_write_error(o, r);
	}
	set_write_error(o, dnstk_buf_write(b, o->out));
	return a->status;
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
	o->batch = a->batch != NULL || a->raw;
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
