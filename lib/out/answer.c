/* SPDX-License-Identifier: BSD-3-Clause */
/* Printing the client engine's answers, dig-like, and what they noted. */
#include <string.h>
#include <time.h>

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

/* The messages of a zone transfer: the first and those in `more`. */
static size_t
xfr_messages(const struct dnstk_answer *a)
{
	size_t n = 1, at = 0, len;
	const uint8_t *p = (const uint8_t *)a->more.data;

	while (at + 2 <= a->more.len) {
		len = ((size_t)p[at] << 8) | p[at + 1];
		at += 2 + len;
		n++;
	}
	return n;
}

/* The answer records of all the messages (ANCOUNT of each). */
static size_t
xfr_records(const struct dnstk_answer *a)
{
	const uint8_t *w = (const uint8_t *)a->wire.data;
	const uint8_t *p = (const uint8_t *)a->more.data;
	size_t n = 0, at = 0, len;

	if (a->wire.len >= 12) {
		n = ((size_t)w[6] << 8) | w[7];
	}
	while (at + 2 <= a->more.len) {
		len = ((size_t)p[at] << 8) | p[at + 1];
		if (len >= 12 && at + 2 + len <= a->more.len) {
			n += ((size_t)p[at + 8] << 8) | p[at + 9];
		}
		at += 2 + len;
	}
	return n;
}

static void
text_tail(const struct dnstk_answer_view *o, struct dnstk_buf *b,
    const struct dnstk_answer *a)
{
	const struct dnstk_net_stats *st = &a->st;
	const struct dnstk_server *s = a->server.port != 0 ? &a->server :
	    o->server;

	(void)dnstk_buf_addf(b, ";; Query time: %lld msec\n",
	    (long long)a->elapsed_ms);
	(void)dnstk_buf_addf(b, ";; SERVER: %s#%u(", s->text,
	    (unsigned)s->port);
	(void)add_escaped(b, s->name);
	(void)dnstk_buf_addf(b, ") (%s)\n", a->tcp ? "TCP" : "UDP");
	if (a->more.len != 0) {
		(void)dnstk_buf_addf(b, ";; XFR size: %zu records (messages "
		    "%zu, bytes %zu)\n", xfr_records(a), xfr_messages(a),
		    a->wire.len + 2 + a->more.len);
	} else {
		(void)dnstk_buf_addf(b, ";; MSG SIZE  rcvd: %zu\n",
		    a->wire.len);
	}
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

/*
 * Print the notes, drops and error of `a` on the log.  The notes (the
 * fallbacks taken, EDNS violations) go there only when `out` does not
 * show them as ";;" lines: each is reported once.
 */
static void
log_result(FILE *log, const struct dnstk_answer_view *o, const char *label,
    const struct dnstk_answer *a)
{
	const struct dnstk_net_stats *st = &a->st;

	if (o->form != DNSTK_FORM_TEXT || o->short_form) {
		log_lines(log, o, label, &a->notes);
	}
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
 * What dig's footer says, as members of a JSON message object: the
 * server, port and protocol, the round-trip time, RFC 8427's
 * dateSeconds and dateString (when the answer came), and the effective
 * 12-bit RCODE with its name (RCODE is the header's 4 bits: filtering
 * on it would take BADVERS for NOERROR).
 */
static int
json_footer(struct dnstk_buf *b, const struct dnstk_answer_view *o,
    const struct dnstk_answer *a, const struct dnstk_msg *m)
{
	const struct dnstk_server *s = a->server.port != 0 ? &a->server :
	    o->server;
	unsigned rcode = dnstk_msg_rcode(m);
	const char *name = dnstk_rcode_name(rcode);
	time_t sec = (time_t)(a->when / 1000);
	struct tm tm;
	char date[32];
	int r;

	if (gmtime_r(&sec, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		date[0] = '\0';
	}
	r = dnstk_buf_adds(b, ",\"server\":");
	r |= dnstk_buf_addjson(b, s->text, strlen(s->text));
	r |= dnstk_buf_addf(b, ",\"port\":%u,\"protocol\":\"%s\","
	    "\"queryTimeMs\":%lld,\"dateSeconds\":%lld.%03d,"
	    "\"dateString\":\"%s.%03dZ\",\"effectiveRCODE\":%u",
	    (unsigned)s->port, a->tcp ? "tcp" : "udp",
	    (long long)a->elapsed_ms, (long long)(a->when / 1000),
	    (int)(a->when % 1000), date, (int)(a->when % 1000), rcode);
	if (name != NULL) {
		r |= dnstk_buf_addf(b, ",\"effectiveRCODEname\":\"%s\"",
		    name);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* Render one message (wire form `w`, parsed `m`) in the view's form. */
static int
render_one(const struct dnstk_answer_view *o, struct dnstk_buf *b,
    const struct dnstk_answer *a, const uint8_t *w, size_t n,
    const struct dnstk_msg *m)
{
	size_t start = b->len;
	int r;

	if (o->form == DNSTK_FORM_HEX && !o->short_form) {
		r = dnstk_buf_addhex(b, w, n);
		return r == 0 ? dnstk_buf_addc(b, '\n') : r;
	}
	if (o->short_form) {
		return render_short(b, m);
	}
	r = dnstk_render_msg(b, m, o->form);
	if (r != 0 || o->form != DNSTK_FORM_JSON) {
		return r;
	}
	/* The object ends "}\n": the footer goes in before the brace. */
	if (b->len < start + 2 || b->data[b->len - 2] != '}') {
		return DNSTK_EINPUT;
	}
	dnstk_buf_truncate(b, b->len - 2);
	r = json_footer(b, o, a, m);
	return r == 0 ? dnstk_buf_adds(b, "}\n") : r;
}

/* The messages of a zone transfer after the first, in order. */
static int
render_more(const struct dnstk_answer_view *o, struct dnstk_buf *b,
    const struct dnstk_answer *a)
{
	const uint8_t *p = (const uint8_t *)a->more.data;
	struct dnstk_msg *m;
	size_t at = 0, len;
	int r = 0;

	while (r == 0 && at + 2 <= a->more.len) {
		len = ((size_t)p[at] << 8) | p[at + 1];
		at += 2;
		if (at + len > a->more.len) {
			return DNSTK_EINPUT;
		}
		m = NULL;
		if (!(o->form == DNSTK_FORM_HEX && !o->short_form) &&
		    dnstk_msg_from_wire(&m, p + at, len, NULL) != 0) {
			return DNSTK_EINPUT;
		}
		r = render_one(o, b, a, p + at, len, m);
		dnstk_msg_free(m);
		at += len;
	}
	return r;
}

/*
 * Render the answer of `a` into `b` in the chosen form (every message of
 * a zone transfer).  A renderer failure is never ignored: the query
 * fails with what went wrong.
 */
static void
render_answer(const struct dnstk_answer_view *o, struct dnstk_buf *b,
    struct dnstk_answer *a)
{
	bool text = o->form == DNSTK_FORM_TEXT && !o->short_form;
	size_t start = b->len;
	int r;

	r = render_one(o, b, a, (const uint8_t *)a->wire.data, a->wire.len,
	    a->msg);
	if (r == 0 && a->more.len != 0) {
		r = render_more(o, b, a);
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

/* The JSON error object of a failed query (see dnstk_answer_print_q). */
static int
json_error(struct dnstk_buf *b, const char *label,
    const struct dnstk_answer_question *q, const struct dnstk_answer *a)
{
	ldns_rdf *d = NULL;
	char *name = NULL, *type = NULL, *cls = NULL;
	int r;

	r = dnstk_buf_adds(b, "{\"error\":");
	r |= dnstk_buf_addjson(b, a->errmsg, strlen(a->errmsg));
	if (q != NULL && q->qname != NULL) {
		d = ldns_dname_new_frm_data(q->qname_len, q->qname);
		name = d != NULL ? ldns_rdf2str(d) : NULL;
		type = ldns_rr_type2str((ldns_rr_type)q->qtype);
		cls = ldns_rr_class2str((ldns_rr_class)q->qclass);
	}
	if (name != NULL && type != NULL && cls != NULL) {
		r |= dnstk_buf_adds(b, ",\"query\":{\"NAME\":");
		r |= dnstk_buf_addjson(b, name, strlen(name));
		r |= dnstk_buf_addf(b, ",\"TYPE\":%u,\"TYPEname\":",
		    q->qtype);
		r |= dnstk_buf_addjson(b, type, strlen(type));
		r |= dnstk_buf_addf(b, ",\"CLASS\":%u,\"CLASSname\":",
		    q->qclass);
		r |= dnstk_buf_addjson(b, cls, strlen(cls));
		r |= dnstk_buf_adds(b, "}}\n");
	} else {
		r |= dnstk_buf_adds(b, ",\"query\":{\"text\":");
		r |= dnstk_buf_addjson(b, label, strlen(label));
		r |= dnstk_buf_adds(b, "}}\n");
	}
	LDNS_FREE(name);
	LDNS_FREE(type);
	LDNS_FREE(cls);
	ldns_rdf_deep_free(d);
	return r != 0 ? DNSTK_ENOMEM : 0;
}

int
dnstk_answer_print_q(FILE *out, FILE *log,
    const struct dnstk_answer_view *v, const char *label,
    const struct dnstk_answer_question *q, struct dnstk_answer *a,
    struct dnstk_buf *b)
{
	bool text = v->form == DNSTK_FORM_TEXT && !v->short_form;
	struct dnstk_buf head;
	const char *p, *nl;
	int r = 0;

	dnstk_buf_reset(b);
	if (a->status == 0) {
		render_answer(v, b, a);
	}
	/* A failed query's mark (a failed render has emptied b). */
	if (a->status != 0 && v->batch && !text && !v->skip_failed) {
		dnstk_buf_reset(b);
		if (v->form == DNSTK_FORM_JSON && !v->short_form) {
			(void)json_error(b, label, q, a);
		} else {
			(void)dnstk_buf_addc(b, '\n');
		}
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
