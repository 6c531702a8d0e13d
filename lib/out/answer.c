/* SPDX-License-Identifier: BSD-3-Clause */
/* Printing the client engine's answers, dig-like, and what they noted. */
#include <string.h>

#include <ldns/ldns.h>

#include "out/answer.h"
#include "out/text_show.h"

/* Append `s` with bytes outside printable ASCII as \DDD. */
static int
add_escaped(struct dnstk_buf *b, const char *s)
{
	const unsigned char *p;
	int r = 0;

	for (p = (const unsigned char *)s; *p != '\0' && r == 0; p++) {
		if (*p < 0x20 || *p >= 0x7f) {
			r = dnstk_buf_addf(b, "\\%03u", *p);
		} else {
			r = dnstk_buf_addc(b, (char)*p);
		}
	}
	return r;
}

static void
text_tail(const struct dnstk_answer_view *o, struct dnstk_buf *b,
    const struct dnstk_answer *a)
{
	const struct dnstk_net_stats *st = &a->st;
	const struct dnstk_server *s = o->server;

	(void)dnstk_buf_addf(b, ";; Query time: %lld msec\n",
	    (long long)a->elapsed_ms);
	(void)dnstk_buf_addf(b, ";; SERVER: %s#%u(", s->text,
	    (unsigned)s->port);
	(void)add_escaped(b, s->name);
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

/* Each line of `lines` on the log, after the prog and (batch) the label. */
static void
log_lines(FILE *log, const struct dnstk_answer_view *o, const char *label,
    const struct dnstk_buf *lines)
{
	const char *p, *nl;

	for (p = lines->data; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(log, "%s: %s%s%.*s\n", o->prog,
		    o->batch ? label : "", o->batch ? ": " : "",
		    (int)(nl - p), p);
	}
}

/* Print the notes, drops and error of `a` on the log. */
static void
log_result(FILE *log, const struct dnstk_answer_view *o, const char *label,
    const struct dnstk_answer *a)
{
	const struct dnstk_net_stats *st = &a->st;

	log_lines(log, o, label, &a->notes);
	if (o->batch) {
		log_lines(log, o, label, &a->learned);
	}
	if (dnstk_net_dropped(st) != 0) {
		fprintf(log, "%s: %s%sdropped %lu unexpected packet%s "
		    "(wrong source %lu, wrong ID %lu, wrong question %lu, "
		    "not a response %lu)\n", o->prog,
		    o->batch ? label : "", o->batch ? ": " : "",
		    dnstk_net_dropped(st), dnstk_net_dropped(st) == 1 ? "" : "s",
		    st->wrong_source, st->wrong_id, st->wrong_question,
		    st->not_response);
	}
	if (a->status != 0) {
		if (a->status == DNSTK_EINPUT || !o->batch) {
			fprintf(log, "%s: %s\n", o->prog, a->errmsg);
		} else {
			fprintf(log, "%s: %s: %s\n", o->prog, label,
			    a->errmsg);
		}
	}
}

/*
 * Render the answer of `a` into `b` in the chosen form.  A renderer
 * failure is never ignored: the query fails with what went wrong.
 */
static void
render_answer(const struct dnstk_answer_view *o, struct dnstk_buf *b,
    struct dnstk_answer *a)
{
	bool text = o->form == DNSTK_FORM_TEXT && !o->short_form;
	size_t start = b->len;
	int r;

	if (o->form == DNSTK_FORM_HEX && !o->short_form) {
		r = dnstk_buf_addhex(b, (uint8_t *)a->wire.data, a->wire.len);
		r = r == 0 ? dnstk_buf_addc(b, '\n') : r;
	} else if (o->short_form) {
		r = render_short(b, a->msg);
	} else {
		r = dnstk_render_msg(b, a->msg, o->form);
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
	/* dig's +noall +answer ..., +idnout (out/text_show.h) */
	if ((text && o->hide != 0) || ((text || o->short_form) &&
	    o->idnout)) {
		r = dnstk_text_show(b, start, o->short_form ? DNSTK_SHOW_ALL :
		    DNSTK_SHOW_ALL & ~o->hide, o->idnout);
		if (r != 0) {
			dnstk_buf_truncate(b, start);
			a->status = r;
			snprintf(a->errmsg, sizeof(a->errmsg), "cannot print "
			    "the answer: %s", dnstk_strerror(r));
		}
	}
}

int
dnstk_answer_print(FILE *out, FILE *log, const struct dnstk_answer_view *v,
    const char *label, struct dnstk_answer *a, struct dnstk_buf *b)
{
	bool text = v->form == DNSTK_FORM_TEXT && !v->short_form;
	struct dnstk_buf head;
	const char *p, *nl;
	int r = 0;

	dnstk_buf_reset(b);
	if (a->status == 0) {
		render_answer(v, b, a);
	}
	log_result(log, v, label, a);
	if (text) {
		dnstk_buf_init(&head);
		for (p = a->notes.data; p != NULL && *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			(void)dnstk_buf_addf(&head, ";; %.*s\n", (int)(nl - p),
			    p);
		}
		if (a->status != 0) {
			(void)dnstk_buf_addf(&head, ";; %s: %s\n\n", label,
			    a->errmsg);
			dnstk_buf_reset(b);
		}
		r = dnstk_buf_write(&head, out);
		dnstk_buf_release(&head);
	}
	if (r == 0) {
		r = dnstk_buf_write(b, out);
	}
	return r;
}

void
dnstk_answer_log_stray(FILE *log, const char *prog,
    const struct dnstk_net_stats *st)
{
	unsigned long n = dnstk_net_dropped(st);

	if (n != 0) {
		fprintf(log, "%s: dropped %lu unexpected packet%s matching no "
		    "query in flight (wrong source %lu, wrong ID %lu, not a "
		    "response %lu)\n", prog, n, n == 1 ? "" : "s",
		    st->wrong_source, st->wrong_id, st->not_response);
	}
}
