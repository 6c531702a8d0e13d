/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query: a small engine that keeps up to N queries in flight on
 * non-blocking UDP sockets (one fresh socket, hence source port, per
 * attempt), applies the TCP and EDNS fallbacks of RFC 6891 per query, and
 * prints results in input order.  A single query is a batch of one.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "cli/cli.h"
#include "dns/edns_check.h"
#include "dns/edns_opt.h"
#include "dns/msg.h"
#include "in/reader.h"
#include "net/qmsg.h"
#include "net/server.h"
#include "net/xfer.h"
#include "tool/query.h"
#include "util/num.h"

#define RCODE_FORMERR 1
#define RCODE_NOTIMP 4
#define RCODE_BADVERS 16
#define LABEL_MAX 300

void
dnstk_query_args_init(struct dnstk_query_args *a)
{
	memset(a, 0, sizeof(*a));
	a->resolv_conf = DNSTK_RESOLV_CONF;
	a->port = 53;
	a->family = AF_UNSPEC;
	a->qtype = LDNS_RR_TYPE_A;
	a->qclass = LDNS_RR_CLASS_IN;
	a->flags = DNSTK_FLAG_RD;
	a->edns = true;
	a->udp_size = DNSTK_QUERY_DEFAULT_BUFSIZE;
	dnstk_buf_init(&a->options);
	a->timeout_ms = 5000;
	a->tries = 2;
	a->form = DNSTK_FORM_TEXT;
	a->raw_in = DNSTK_FORM_AUTO;
}

void
dnstk_query_args_release(struct dnstk_query_args *a)
{
	dnstk_buf_release(&a->options);
}

enum job_state {
	JOB_EMPTY = 0,
	JOB_ACTIVE,	/* waiting on its UDP socket */
	JOB_DONE,	/* answered or failed, waiting to be printed */
};

/* One query and everything learned while asking it. */
struct job {
	enum job_state state;
	char label[LABEL_MAX];	/* "NAME TYPE" or "stdin:LINE", for messages */
	struct dnstk_qspec spec;	/* question; EDNS fields per attempt */
	bool raw;
	bool tcp;
	bool badvers_retried;
	int tries_left;
	int fd;
	int64_t sent_ms;
	int64_t deadline;
	int64_t elapsed_ms;
	struct dnstk_buf query;	/* the wire form of the current attempt */
	struct dnstk_buf resp;
	struct dnstk_buf notes;	/* fallback reports, one per line */
	struct dnstk_msg *msg;	/* the parsed answer, once accepted */
	struct dnstk_net_stats st;
	int rc;			/* 0 answered, else a DNSTK_E* code */
	char errmsg[DNSTK_ERR_MSG_MAX];
};

/* Where jobs come from: one question, batch lines or raw messages. */
enum source_kind {
	SOURCE_SINGLE,
	SOURCE_BATCH,
	SOURCE_RAW,
};

struct source {
	enum source_kind kind;
	bool done;
	FILE *fp;
	const char *fname;
	unsigned long line;
	char *buf;
	size_t cap;
	struct dnstk_reader reader;
	bool reader_open;
};

struct render_queue;

struct engine {
	const struct dnstk_query_args *a;
	struct dnstk_server server;
	FILE *out;
	FILE *log;
	struct job *slots;
	size_t nslots;
	struct dnstk_buf opts;	/* the options every query carries */
	struct dnstk_buf text;	/* rendering scratch (of the renderer) */
	struct render_queue *queue;	/* NULL: print inline */
	/* learned from the server (RFC 6891 §6.2.5, §6.2.2) */
	bool edns;
	uint16_t udp_size;
	int worst;
	int write_error;
	int fatal;		/* a raw input error: stop reading */
	struct dnstk_err fatal_err;
};

static void
note(struct job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)dnstk_buf_vaddf(&j->notes, fmt, ap);
	va_end(ap);
	(void)dnstk_buf_addc(&j->notes, '\n');
}

static void
job_fail(struct job *j, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
job_fail(struct job *j, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->errmsg, sizeof(j->errmsg), fmt, ap);
	va_end(ap);
	j->rc = rc;
	j->state = JOB_DONE;
}

static void
job_close(struct job *j)
{
	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
	}
}

/* Build the wire form of the next attempt (raw queries stay verbatim). */
static int
job_build(struct engine *e, struct job *j)
{
	if (j->raw) {
		return 0;
	}
	if (dnstk_random(&j->spec.id, sizeof(j->spec.id)) != 0) {
		return DNSTK_ESYS;
	}
	j->spec.options = j->spec.edns ? (const uint8_t *)e->opts.data : NULL;
	j->spec.options_len = j->spec.edns ? e->opts.len : 0;
	j->spec.padding = j->spec.edns ? e->a->padding : 0;
	dnstk_buf_reset(&j->query);
	return dnstk_qspec_build(&j->query, &j->spec);
}

static void job_answer(struct engine *e, struct job *j);

/* Start (or restart) an attempt: TCP runs to completion here. */
static void
job_send(struct engine *e, struct job *j)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	int r;

	r = job_build(e, j);
	if (r != 0) {
		job_fail(j, r, "cannot build the query: %s",
		    dnstk_strerror(r));
		return;
	}
	j->sent_ms = dnstk_net_now_ms();
	if (j->tcp) {
		r = dnstk_tcp_exchange(&e->server, (uint8_t *)j->query.data,
		    j->query.len, e->a->timeout_ms, &j->resp, &j->st, &err);
		j->elapsed_ms = dnstk_net_now_ms() - j->sent_ms;
		if (r == 0) {
			job_answer(e, j);
		} else if (r == DNSTK_ETIMEOUT && --j->tries_left > 0) {
			job_send(e, j);
		} else {
			job_fail(j, r, "%s", err.msg);
		}
		return;
	}
	job_close(j);
	r = dnstk_udp_open(&e->server);
	if (r >= 0) {
		j->fd = r;
		r = dnstk_udp_send(j->fd, &e->server,
		    (uint8_t *)j->query.data, j->query.len);
	}
	if (r < 0) {
		char where[96];

		job_close(j);
		job_fail(j, DNSTK_ENET, "query to %s failed: %s",
		    dnstk_server_str(where, sizeof(where), &e->server),
		    strerror(-r));
		return;
	}
	j->deadline = j->sent_ms + e->a->timeout_ms;
	j->state = JOB_ACTIVE;
}

/* Restart with fresh tries after a fallback changed the query. */
static void
job_retry(struct engine *e, struct job *j)
{
	j->tries_left = e->a->tries;
	job_send(e, j);
}

/* The OPT version of a response, or -1 without OPT. */
static int
resp_edns(const struct dnstk_msg *m, struct dnstk_edns *ed)
{
	dnstk_msg_edns(m, ed);
	return ed->present ? ed->version : -1;
}

/*
 * The EDNS fallbacks that need the parsed answer (FORMERR or NOTIMP
 * without OPT, BADVERS).  Returns true when the query was sent again;
 * otherwise keeps the parsed answer in j->msg (NULL when it does not
 * parse: the renderer reports that).
 */
static bool
job_edns_fallback(struct engine *e, struct job *j)
{
	struct dnstk_msg *m = NULL;
	struct dnstk_edns ed;
	unsigned rcode;
	int v;

	if (dnstk_msg_from_wire(&m, (uint8_t *)j->resp.data, j->resp.len,
	    NULL) != 0) {
		return false;
	}
	rcode = dnstk_msg_rcode(m);
	v = resp_edns(m, &ed);
	if ((rcode == RCODE_FORMERR || rcode == RCODE_NOTIMP) && v < 0) {
		if (j->spec.edns_flags & DNSTK_EDNS_DO) {
			note(j, "%s to an EDNS query with DO set: not "
			    "retrying without EDNS", rcode == RCODE_FORMERR ?
			    "FORMERR" : "NOTIMP");
		} else {
			note(j, "%s to an EDNS query, retrying without EDNS",
			    rcode == RCODE_FORMERR ? "FORMERR" : "NOTIMP");
			j->spec.edns = false;
			dnstk_msg_free(m);
			job_retry(e, j);
			return true;
		}
	}
	if (rcode == RCODE_BADVERS && v >= 0 && v < j->spec.edns_version &&
	    !j->badvers_retried) {
		note(j, "BADVERS: the server speaks EDNS version %d, retrying "
		    "with it", v);
		j->spec.edns_version = (uint8_t)v;
		j->badvers_retried = true;
		dnstk_msg_free(m);
		job_retry(e, j);
		return true;
	}
	j->msg = m;
	return false;
}

/*
 * An answer matched the query.  Only the header decides on the TCP
 * fallback and on whether an EDNS fallback can apply at all; parsing
 * the whole answer is otherwise left to the renderer (which runs on its
 * own thread in batch mode).
 */
static void
job_answer(struct engine *e, struct job *j)
{
	const uint8_t *w = (const uint8_t *)j->resp.data;
	unsigned hrcode = w[3] & 0xfu;	/* >= 12 bytes: matched */

	job_close(j);
	j->state = JOB_DONE;
	if (!j->tcp && (w[2] & 0x02) && !e->a->ignore_tc) {
		note(j, "truncated answer over UDP, retrying over TCP");
		j->tcp = true;
		job_retry(e, j);
		return;
	}
	if (!j->raw && j->spec.edns && (hrcode == RCODE_FORMERR ||
	    hrcode == RCODE_NOTIMP || j->spec.edns_version > 0) &&
	    job_edns_fallback(e, j)) {
		return;
	}
	j->rc = 0;
	/* Reuse what this answer taught about the server. */
	if (!j->raw && !j->spec.edns) {
		e->edns = false;
	} else if (!j->raw && !j->tcp && j->spec.udp_size < e->udp_size) {
		e->udp_size = j->spec.udp_size;
	}
}

static void
job_timeout(struct engine *e, struct job *j)
{
	char where[96];

	job_close(j);
	if (--j->tries_left > 0) {
		job_send(e, j);
		return;
	}
	if (!j->raw && j->spec.edns && j->spec.udp_size > 512) {
		note(j, "no answer to EDNS query with payload %u, retrying "
		    "with 512", j->spec.udp_size);
		j->spec.udp_size = 512;
		job_retry(e, j);
		return;
	}
	if (!j->raw && j->spec.edns) {
		if (j->spec.edns_flags & DNSTK_EDNS_DO) {
			note(j, "no answer to EDNS query with DO set: not "
			    "retrying without EDNS");
		} else {
			note(j, "no answer to EDNS query, retrying without "
			    "EDNS");
			j->spec.edns = false;
			job_retry(e, j);
			return;
		}
	}
	job_fail(j, DNSTK_ETIMEOUT, "no answer from %s: timed out",
	    dnstk_server_str(where, sizeof(where), &e->server));
}

/* Set up job `j` for a question and start it. */
static void
job_start(struct engine *e, struct job *j)
{
	const struct dnstk_query_args *a = e->a;

	j->tcp = a->tcp;
	j->tries_left = a->tries;
	j->badvers_retried = false;
	if (!j->raw) {
		j->spec.flags = a->flags;
		j->spec.edns = a->edns && e->edns;
		j->spec.edns_version = a->edns_version;
		j->spec.edns_flags = a->edns_flags;
		j->spec.udp_size = a->udp_size < e->udp_size ? a->udp_size :
		    e->udp_size;
	}
	job_send(e, j);
}

static void
job_reset(struct job *j)
{
	job_close(j);
	dnstk_msg_free(j->msg);
	j->msg = NULL;
	j->state = JOB_EMPTY;
	j->raw = false;
	j->rc = 0;
	j->errmsg[0] = '\0';
	j->label[0] = '\0';
	j->elapsed_ms = 0;
	memset(&j->st, 0, sizeof(j->st));
	dnstk_buf_reset(&j->query);
	dnstk_buf_reset(&j->resp);
	dnstk_buf_reset(&j->notes);
}

/*
 * Fill `j`'s question from NAME [TYPE] [CLASS], TYPE and CLASS in either
 * order as dig allows (a word that is both, like ANY, is the type first).
 * Returns NULL or what is wrong.
 */
static const char *
set_question(struct job *j, const char *name, const char *w1,
    const char *w2)
{
	const char *w[2] = { w1, w2 };
	bool have_type = false, have_class = false;
	ldns_rr_type t;
	ldns_rr_class c;
	int i;

	if (dnstk_qname_parse(&j->spec, name) != 0) {
		return "bad domain name";
	}
	for (i = 0; i < 2 && w[i] != NULL; i++) {
		t = ldns_get_rr_type_by_name(w[i]);
		c = ldns_get_rr_class_by_name(w[i]);
		if (!have_type && (t != 0 || strcasecmp(w[i], "TYPE0") == 0)) {
			j->spec.qtype = (uint16_t)t;
			have_type = true;
		} else if (!have_class && c != 0) {
			j->spec.qclass = (uint16_t)c;
			have_class = true;
		} else {
			return have_type && t != 0 ? "two types given" :
			    "unknown type";
		}
	}
	return NULL;
}

static void
set_label(struct job *j, const char *name, const char *type)
{
	snprintf(j->label, sizeof(j->label), "%s %s", name,
	    type != NULL ? type : "A");
}

/* One batch line into `j`; returns 0 for a blank or comment line. */
static int
batch_line(struct engine *e, struct source *s, struct job *j, char *line)
{
	char *tok[4], *save = NULL, *p;
	const char *why;
	int n = 0;

	p = strpbrk(line, "#;\r\n");
	if (p != NULL) {
		*p = '\0';
	}
	for (p = strtok_r(line, " \t", &save); p != NULL;
	    p = strtok_r(NULL, " \t", &save)) {
		if (n == 4) {
			break;
		}
		tok[n++] = p;
	}
	if (n == 0) {
		return 0;
	}
	j->spec.qtype = e->a->qtype;
	j->spec.qclass = e->a->qclass;
	set_label(j, tok[0], n > 1 ? tok[1] : NULL);
	why = n > 3 ? "too many fields (want NAME [TYPE] [CLASS])" :
	    set_question(j, tok[0], n > 1 ? tok[1] : NULL,
	    n > 2 ? tok[2] : NULL);
	if (why != NULL) {
		job_fail(j, DNSTK_EINPUT, "%s:%lu: %s", s->fname, s->line,
		    why);
	}
	return 1;
}

/*
 * Fill the next job from the source: 1 when `j` holds a job (maybe
 * already failed), 0 at the end.
 */
static int
source_next(struct engine *e, struct source *s, struct job *j)
{
	struct dnstk_msg *m = NULL;
	ssize_t n;
	int r;

	if (s->done) {
		return 0;
	}
	if (s->kind == SOURCE_SINGLE) {
		s->done = true;
		j->spec.qtype = e->a->qtype;
		j->spec.qclass = e->a->qclass;
		if (dnstk_qname_parse(&j->spec, e->a->name) != 0) {
			job_fail(j, DNSTK_EINPUT, "'%s': bad domain name",
			    e->a->name);
		}
		snprintf(j->label, sizeof(j->label), "%s", e->a->name);
		return 1;
	}
	if (s->kind == SOURCE_BATCH) {
		for (;;) {
			n = getline(&s->buf, &s->cap, s->fp);
			if (n < 0) {
				s->done = true;
				return 0;
			}
			s->line++;
			if (batch_line(e, s, j, s->buf)) {
				return 1;
			}
		}
	}
	r = dnstk_reader_msg(&s->reader, &m, &e->fatal_err);
	if (r != 1) {
		s->done = true;
		if (r < 0) {
			e->fatal = r;
		}
		return 0;
	}
	j->raw = true;
	snprintf(j->label, sizeof(j->label), "%s:%lu", s->reader.source,
	    s->reader.unit_line);
	r = dnstk_msg_to_wire(&j->query, m);
	dnstk_msg_free(m);
	if (r != 0) {
		job_fail(j, r, "%s: cannot encode the message", j->label);
	} else if (j->query.len > 65535 || j->query.len < 12) {
		job_fail(j, DNSTK_EINPUT, "%s: message too short or too long",
		    j->label);
	}
	return 1;
}

static int
exit_rank(int rc)
{
	return rc == 0 ? 0 : dnstk_cli_exit_for(rc);
}

/*
 * A finished query, detached from its slot so that it can be printed
 * while the slot takes the next query (by the render thread in batch
 * mode).  Owns its buffers and message.
 */
struct result {
	struct result *next;
	char label[LABEL_MAX];
	struct dnstk_buf resp;
	struct dnstk_buf notes;
	struct dnstk_msg *msg;
	struct dnstk_net_stats st;
	int64_t elapsed_ms;
	bool tcp;
	int rc;
	char errmsg[DNSTK_ERR_MSG_MAX];
};

static void
result_free(struct result *r)
{
	if (r == NULL) {
		return;
	}
	dnstk_buf_release(&r->resp);
	dnstk_buf_release(&r->notes);
	dnstk_msg_free(r->msg);
	free(r);
}

/* Move what job `j` found into a new result; NULL on no memory. */
static struct result *
result_take(struct job *j)
{
	struct result *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		return NULL;
	}
	memcpy(r->label, j->label, sizeof(r->label));
	r->resp = j->resp;
	r->notes = j->notes;
	dnstk_buf_init(&j->resp);
	dnstk_buf_init(&j->notes);
	r->msg = j->msg;
	j->msg = NULL;
	r->st = j->st;
	r->elapsed_ms = j->elapsed_ms;
	r->tcp = j->tcp;
	r->rc = j->rc;
	memcpy(r->errmsg, j->errmsg, sizeof(r->errmsg));
	return r;
}

static void
render_text_tail(struct engine *e, struct dnstk_buf *b,
    const struct result *res)
{
	const struct dnstk_net_stats *st = &res->st;

	(void)dnstk_buf_addf(b, ";; Query time: %lld msec\n",
	    (long long)res->elapsed_ms);
	(void)dnstk_buf_addf(b, ";; SERVER: %s#%u(%s) (%s)\n", e->server.text,
	    (unsigned)e->server.port, e->server.name,
	    res->tcp ? "TCP" : "UDP");
	(void)dnstk_buf_addf(b, ";; MSG SIZE  rcvd: %zu\n", res->resp.len);
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

static void
render_short(struct dnstk_buf *b, const struct dnstk_msg *m)
{
	ldns_rr_list *an = m->sec[DNSTK_SEC_ANSWER];
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		(void)dnstk_text_rdata(b, ldns_rr_list_rr(an, i));
		(void)dnstk_buf_addc(b, '\n');
	}
}

/* Print the notes and the dropped-packet count of `res` on the log. */
static void
log_result(struct engine *e, const struct result *res, bool batch)
{
	const struct dnstk_net_stats *st = &res->st;
	const char *p, *nl;

	for (p = res->notes.data; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(e->log, "%s: %s%s%.*s\n", dnstk_cli_progname(),
		    batch ? res->label : "", batch ? ": " : "",
		    (int)(nl - p), p);
	}
	if (dnstk_net_dropped(st) != 0) {
		fprintf(e->log, "%s: %s%sdropped %lu unexpected packet%s "
		    "(wrong source %lu, wrong ID %lu, wrong question %lu, "
		    "not a response %lu)\n", dnstk_cli_progname(),
		    batch ? res->label : "", batch ? ": " : "",
		    dnstk_net_dropped(st), dnstk_net_dropped(st) == 1 ? "" : "s",
		    st->wrong_source, st->wrong_id, st->wrong_question,
		    st->not_response);
	}
	if (res->rc != 0) {
		if (res->rc == DNSTK_EINPUT || !batch) {
			fprintf(e->log, "%s: %s\n", dnstk_cli_progname(),
			    res->errmsg);
		} else {
			fprintf(e->log, "%s: %s: %s\n", dnstk_cli_progname(),
			    res->label, res->errmsg);
		}
	}
}

/*
 * Parse the answer if the network loop did not, and note its EDNS
 * violations.  A malformed answer is noted (hex output still shows its
 * bytes) or, for the other forms, makes the query fail.
 */
static void
result_finish(struct engine *e, struct result *res)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_violations vs;
	const struct dnstk_violation *v;
	size_t i;

	if (res->rc != 0) {
		return;
	}
	if (res->msg == NULL && dnstk_msg_from_wire(&res->msg,
	    (uint8_t *)res->resp.data, res->resp.len, &err) != 0) {
		if (e->a->form == DNSTK_FORM_HEX && !e->a->short_form) {
			(void)dnstk_buf_addf(&res->notes,
			    "malformed answer: %s\n", err.msg);
		} else {
			res->rc = DNSTK_ENET;
			snprintf(res->errmsg, sizeof(res->errmsg),
			    "malformed answer: %.400s", err.msg);
		}
		return;
	}
	dnstk_violations_init(&vs);
	(void)dnstk_edns_check_msg(&vs, res->msg);
	for (i = 0; i < vs.count; i++) {
		v = &vs.v[i];
		(void)dnstk_buf_addf(&res->notes, "answer %s %s: %s (%s)\n",
		    v->level == DNSTK_VIOLATION_MUST ? "violates" : "warning",
		    v->id, v->detail, v->ref);
	}
	dnstk_violations_release(&vs);
}

/*
 * Print a finished query: notes and errors on the log, the answer (or a
 * ";;" error line in text form) on the output, rendered whole into `b`
 * first.  Sets *rc to the query's outcome; returns 0 or -errno from
 * writing the output.
 */
static int
render_result(struct engine *e, struct dnstk_buf *b, struct result *res,
    int *rc)
{
	bool batch = e->a->batch != NULL || e->a->raw;
	bool text = e->a->form == DNSTK_FORM_TEXT && !e->a->short_form;
	const char *p, *nl;

	result_finish(e, res);
	*rc = res->rc;
	log_result(e, res, batch);
	dnstk_buf_reset(b);
	for (p = res->notes.data; text && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		(void)dnstk_buf_addf(b, ";; %.*s\n", (int)(nl - p), p);
	}
	if (res->rc != 0) {
		if (text) {
			(void)dnstk_buf_addf(b, ";; %s: %s\n\n", res->label,
			    res->errmsg);
		}
	} else if (e->a->form == DNSTK_FORM_HEX && !e->a->short_form) {
		(void)dnstk_buf_addhex(b, (uint8_t *)res->resp.data,
		    res->resp.len);
		(void)dnstk_buf_addc(b, '\n');
	} else if (e->a->short_form) {
		render_short(b, res->msg);
	} else if (dnstk_render_msg(b, res->msg, e->a->form) == 0 && text) {
		dnstk_buf_truncate(b, b->len - 1);
		render_text_tail(e, b, res);
	}
	return dnstk_buf_write(b, e->out);
}

/*
 * The render thread of batch mode: parsing answers is done by the
 * network loop, but rendering them (ldns text forms) costs as much
 * again, so it runs beside the loop, in input order, through a bounded
 * queue.
 */
struct render_queue {
	pthread_mutex_t mu;
	pthread_cond_t have_item;
	pthread_cond_t have_space;
	struct result *head;
	struct result *tail;
	size_t n;
	size_t max;
	bool closed;
	int write_error;
	int worst;		/* the worst outcome printed so far */
	pthread_t thread;
	bool running;
};

static void *
render_main(void *arg)
{
	struct engine *e = arg;
	struct render_queue *q = e->queue;
	struct result *res;
	int r, rc;

	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->head == NULL && !q->closed) {
			pthread_cond_wait(&q->have_item, &q->mu);
		}
		res = q->head;
		if (res != NULL) {
			q->head = res->next;
			if (q->head == NULL) {
				q->tail = NULL;
			}
			q->n--;
			pthread_cond_signal(&q->have_space);
		}
		pthread_mutex_unlock(&q->mu);
		if (res == NULL) {
			break;
		}
		r = render_result(e, &e->text, res, &rc);
		result_free(res);
		pthread_mutex_lock(&q->mu);
		if (r != 0 && q->write_error == 0) {
			q->write_error = r;
		}
		if (exit_rank(rc) > exit_rank(q->worst)) {
			q->worst = rc;
		}
		pthread_mutex_unlock(&q->mu);
	}
	return NULL;
}

/* Start the render thread; false when it cannot be (print inline). */
static bool
render_start(struct engine *e, struct render_queue *q)
{
	memset(q, 0, sizeof(*q));
	q->max = e->nslots * 4;
	if (pthread_mutex_init(&q->mu, NULL) != 0) {
		return false;
	}
	if (pthread_cond_init(&q->have_item, NULL) != 0) {
		pthread_mutex_destroy(&q->mu);
		return false;
	}
	if (pthread_cond_init(&q->have_space, NULL) != 0) {
		pthread_cond_destroy(&q->have_item);
		pthread_mutex_destroy(&q->mu);
		return false;
	}
	e->queue = q;
	if (pthread_create(&q->thread, NULL, render_main, e) != 0) {
		e->queue = NULL;
		pthread_cond_destroy(&q->have_space);
		pthread_cond_destroy(&q->have_item);
		pthread_mutex_destroy(&q->mu);
		return false;
	}
	q->running = true;
	return true;
}

/* Let the render thread print what is queued, then stop it. */
static void
render_stop(struct engine *e)
{
	struct render_queue *q = e->queue;

	if (q == NULL) {
		return;
	}
	pthread_mutex_lock(&q->mu);
	q->closed = true;
	pthread_cond_signal(&q->have_item);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	if (q->write_error != 0 && e->write_error == 0) {
		e->write_error = q->write_error;
	}
	if (exit_rank(q->worst) > exit_rank(e->worst)) {
		e->worst = q->worst;
	}
	pthread_cond_destroy(&q->have_space);
	pthread_cond_destroy(&q->have_item);
	pthread_mutex_destroy(&q->mu);
	e->queue = NULL;
}

/*
 * Hand a finished job over for printing (in input order) and remember
 * the worst outcome.
 */
static void
job_emit(struct engine *e, struct job *j)
{
	struct render_queue *q = e->queue;
	struct result *res;
	int r, rc;

	res = result_take(j);
	if (res == NULL) {
		e->write_error = -ENOMEM;
		return;
	}
	if (q == NULL) {
		r = render_result(e, &e->text, res, &rc);
		result_free(res);
		if (r != 0 && e->write_error == 0) {
			e->write_error = r;
		}
		if (exit_rank(rc) > exit_rank(e->worst)) {
			e->worst = rc;
		}
		return;
	}
	pthread_mutex_lock(&q->mu);
	while (q->n >= q->max) {
		pthread_cond_wait(&q->have_space, &q->mu);
	}
	if (q->tail != NULL) {
		q->tail->next = res;
	} else {
		q->head = res;
	}
	q->tail = res;
	q->n++;
	pthread_cond_signal(&q->have_item);
	if (q->write_error != 0 && e->write_error == 0) {
		e->write_error = q->write_error;
	}
	pthread_mutex_unlock(&q->mu);
}

static int
engine_setup(struct engine *e, const struct dnstk_query_args *a,
    struct dnstk_err *err)
{
	uint8_t cookie[8];
	size_t i;
	int r;

	e->edns = true;
	e->udp_size = a->udp_size;
	dnstk_buf_init(&e->opts);
	dnstk_buf_init(&e->text);
	if (a->server != NULL) {
		r = dnstk_server_resolve(&e->server, a->server, a->port,
		    a->family, err);
	} else {
		r = dnstk_server_default(&e->server, a->resolv_conf, a->port,
		    a->family, err);
	}
	if (r != 0) {
		return r;
	}
	if (a->cookie) {
		if (a->cookie_len == 0) {
			r = dnstk_random(cookie, sizeof(cookie));
			if (r != 0) {
				return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
				    "no random bytes: %s", strerror(-r));
			}
		}
		r = dnstk_opt_append(&e->opts, LDNS_EDNS_COOKIE,
		    a->cookie_len ? a->cookie_data : cookie,
		    a->cookie_len ? a->cookie_len : sizeof(cookie));
		if (r != 0) {
			return dnstk_err_set(err, r, NULL, 0, "out of memory");
		}
	}
	if (dnstk_buf_add(&e->opts, a->options.data, a->options.len) != 0) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	e->nslots = a->concurrency != 0 ? a->concurrency :
	    a->batch != NULL ? DNSTK_QUERY_DEFAULT_CONCURRENCY : 1;
	e->slots = calloc(e->nslots, sizeof(*e->slots));
	if (e->slots == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	for (i = 0; i < e->nslots; i++) {
		e->slots[i].fd = -1;
		dnstk_buf_init(&e->slots[i].query);
		dnstk_buf_init(&e->slots[i].resp);
		dnstk_buf_init(&e->slots[i].notes);
	}
	return 0;
}

static void
engine_release(struct engine *e)
{
	size_t i;

	for (i = 0; e->slots != NULL && i < e->nslots; i++) {
		job_close(&e->slots[i]);
		dnstk_msg_free(e->slots[i].msg);
		dnstk_buf_release(&e->slots[i].query);
		dnstk_buf_release(&e->slots[i].resp);
		dnstk_buf_release(&e->slots[i].notes);
	}
	free(e->slots);
	dnstk_buf_release(&e->opts);
	dnstk_buf_release(&e->text);
}

/* Wait for answers and deadlines of the active jobs. */
static int
engine_poll(struct engine *e, struct pollfd *pfd, size_t *idx)
{
	int64_t now = dnstk_net_now_ms(), wait = -1, left;
	size_t i, n = 0;
	struct job *j;
	int r;

	for (i = 0; i < e->nslots; i++) {
		j = &e->slots[i];
		if (j->state != JOB_ACTIVE) {
			continue;
		}
		left = j->deadline - now;
		if (left < 0) {
			left = 0;
		}
		if (wait < 0 || left < wait) {
			wait = left;
		}
		pfd[n].fd = j->fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		idx[n++] = i;
	}
	if (n == 0) {
		return 0;
	}
	r = poll(pfd, n, (int)wait);
	if (r < 0 && errno != EINTR) {
		return -errno;
	}
	now = dnstk_net_now_ms();
	for (i = 0; i < n; i++) {
		j = &e->slots[idx[i]];
		if (pfd[i].revents != 0) {
			r = dnstk_udp_recv(j->fd, &e->server,
			    (uint8_t *)j->query.data, j->query.len, &j->resp,
			    &j->st);
			if (r == 1) {
				j->elapsed_ms = now - j->sent_ms;
				job_answer(e, j);
				continue;
			}
			if (r < 0) {
				char where[96];

				job_close(j);
				job_fail(j, DNSTK_ENET, "query to %s failed: "
				    "%s", dnstk_server_str(where,
				    sizeof(where), &e->server), strerror(-r));
				continue;
			}
		}
		if (j->state == JOB_ACTIVE && now >= j->deadline) {
			job_timeout(e, j);
		}
	}
	return 0;
}

static int
source_open(struct source *s, const struct dnstk_query_args *a,
    struct dnstk_err *err)
{
	memset(s, 0, sizeof(*s));
	if (a->batch != NULL) {
		s->kind = SOURCE_BATCH;
		s->fname = strcmp(a->batch, "-") == 0 ? "stdin" : a->batch;
		s->fp = strcmp(a->batch, "-") == 0 ? stdin :
		    fopen(a->batch, "r");
		if (s->fp == NULL) {
			return dnstk_err_set(err, -errno, NULL, 0,
			    "cannot open '%s': %s", a->batch,
			    strerror(errno));
		}
	} else if (a->raw) {
		s->kind = SOURCE_RAW;
		if (dnstk_reader_init(&s->reader, stdin, "stdin",
		    a->raw_in) != 0) {
			return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
			    "out of memory");
		}
		s->reader_open = true;
	}
	return 0;
}

static void
source_close(struct source *s)
{
	if (s->fp != NULL && s->fp != stdin) {
		fclose(s->fp);
	}
	if (s->reader_open) {
		dnstk_reader_release(&s->reader);
	}
	free(s->buf);
}

int
dnstk_query(const struct dnstk_query_args *a, FILE *out, FILE *log,
    struct dnstk_err *err)
{
	struct engine e;
	struct source src;
	struct render_queue queue;
	struct pollfd *pfd = NULL;
	size_t *idx = NULL, next_print = 0, next_start = 0;
	struct job *j;
	int rc;

	memset(&e, 0, sizeof(e));
	e.a = a;
	e.out = out;
	e.log = log;
	dnstk_err_init(&e.fatal_err);
	rc = source_open(&src, a, err);
	if (rc != 0) {
		memset(&src, 0, sizeof(src));
		goto out;
	}
	rc = engine_setup(&e, a, err);
	if (rc != 0) {
		goto out;
	}
	pfd = calloc(e.nslots, sizeof(*pfd));
	idx = calloc(e.nslots, sizeof(*idx));
	if (pfd == NULL || idx == NULL) {
		rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if (e.nslots > 1) {
		(void)render_start(&e, &queue);
	}
	for (;;) {
		/* Print finished jobs in input order. */
		while (next_print < next_start) {
			j = &e.slots[next_print % e.nslots];
			if (j->state != JOB_DONE) {
				break;
			}
			job_emit(&e, j);
			job_reset(j);
			next_print++;
		}
		/* Start new jobs in the slots that are free. */
		while (!src.done && e.write_error == 0) {
			j = &e.slots[next_start % e.nslots];
			if (j->state != JOB_EMPTY) {
				break;
			}
			if (source_next(&e, &src, j) == 0) {
				break;
			}
			next_start++;
			if (j->state != JOB_DONE) {
				job_start(&e, j);
			}
		}
		if (next_print == next_start && (src.done ||
		    e.write_error != 0)) {
			break;
		}
		rc = engine_poll(&e, pfd, idx);
		if (rc != 0) {
			rc = dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
			    "poll: %s", strerror(-rc));
			goto out;
		}
	}
	render_stop(&e);
	if (e.write_error != 0) {
		rc = dnstk_err_set(err, e.write_error, NULL, 0,
		    "cannot write output: %s", strerror(-e.write_error));
	} else if (e.fatal != 0) {
		*err = e.fatal_err;
		rc = e.fatal;
	} else {
		rc = e.worst;
	}
out:
	render_stop(&e);
	free(pfd);
	free(idx);
	source_close(&src);
	engine_release(&e);
	return rc;
}

int
dnstk_query_add_ednsopt(struct dnstk_query_args *a, const char *text,
    const char **why)
{
	return dnstk_edns_opt_parse_spec(&a->options, text, why);
}

int
dnstk_query_set_cookie(struct dnstk_query_args *a, const char *hex,
    const char **why)
{
	long n;

	n = dnstk_hex_decode(a->cookie_data, sizeof(a->cookie_data), hex,
	    strlen(hex));
	if (n < 0 || (n != 8 && (n < 16 || n > 40))) {
		*why = "not 8 bytes (client cookie) or 16 to 40 bytes (client "
		    "and server cookie) of hex";
		return DNSTK_EINPUT;
	}
	a->cookie = true;
	a->cookie_len = (size_t)n;
	return 0;
}

int
dnstk_query_parse_timeout(int *ms, const char *text, const char **why)
{
	char whole[16];
	const char *dot = strchr(text, '.');
	size_t n = dot != NULL ? (size_t)(dot - text) : strlen(text);
	long long sec = 0, frac = 0;
	int digits = 0;

	if (n >= sizeof(whole) || (n == 0 && dot == NULL)) {
		*why = "not a number";
		return DNSTK_EINPUT;
	}
	memcpy(whole, text, n);
	whole[n] = '\0';
	if (n > 0 && dnstk_strtonum(&sec, whole, 0, 3600, why) != 0) {
		return DNSTK_EINPUT;
	}
	if (dot != NULL) {
		for (dot++; *dot != '\0'; dot++, digits++) {
			if (*dot < '0' || *dot > '9' || digits >= 3) {
				*why = "not a number of seconds (at most "
				    "3 decimals)";
				return DNSTK_EINPUT;
			}
			frac = frac * 10 + (*dot - '0');
		}
		if (digits == 0) {
			*why = "not a number";
			return DNSTK_EINPUT;
		}
		while (digits++ < 3) {
			frac *= 10;
		}
	}
	if (sec * 1000 + frac == 0) {
		*why = "too small";
		return DNSTK_EINPUT;
	}
	*ms = (int)(sec * 1000 + frac);
	return 0;
}

int
dnstk_query_operands(struct dnstk_query_args *a, int argc, char *argv[],
    bool need_name, const char **why)
{
	struct job j;
	const char *rest[3] = { NULL, NULL, NULL };
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '@') {
			if (argv[i][1] == '\0' || a->server != NULL) {
				*why = argv[i][1] == '\0' ? "empty @SERVER" :
				    "more than one server given";
				return DNSTK_EINPUT;
			}
			a->server = argv[i] + 1;
		} else if (n == 3) {
			*why = "too many operands";
			return DNSTK_EINPUT;
		} else {
			rest[n++] = argv[i];
		}
	}
	if (!need_name) {
		if (n != 0) {
			*why = "no NAME operand is taken with --raw or --batch";
			return DNSTK_EINPUT;
		}
		return 0;
	}
	if (n == 0) {
		*why = "no NAME given";
		return DNSTK_EINPUT;
	}
	memset(&j, 0, sizeof(j));
	j.spec.qtype = a->qtype;
	j.spec.qclass = a->qclass;
	*why = set_question(&j, rest[0], rest[1], rest[2]);
	if (*why != NULL) {
		return DNSTK_EINPUT;
	}
	a->name = rest[0];
	a->qtype = j.spec.qtype;
	a->qclass = j.spec.qclass;
	return 0;
}
