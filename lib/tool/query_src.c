/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query's sources of questions: the one on the command line, the
 * NAME [TYPE] [CLASS] lines of --batch (bounded lines, text only), or the
 * messages of --raw.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <idn2.h>
#include <ldns/ldns.h>

#include "tool/query_int.h"

const char query_why_nomem[] = "out of memory";

const char *
query_qname(struct dnstk_qspec *q, const char *name)
{
	const unsigned char *p;
	static _Thread_local char why[128];
	char *alabels = NULL;
	int rc;

	for (p = (const unsigned char *)name; *p != '\0' && *p < 0x80; p++) {
	}
	if (*p == '\0') {
		rc = dnstk_qname_parse(q, name);
		return rc == DNSTK_ENOMEM ? query_why_nomem : rc != 0 ?
		    "bad domain name" : NULL;
	}
	rc = idn2_to_ascii_8z(name, &alabels, IDN2_NONTRANSITIONAL |
	    IDN2_NFC_INPUT);
	if (rc != IDN2_OK) {
		snprintf(why, sizeof(why), "bad internationalized domain "
		    "name (%s)", idn2_strerror(rc));
		return why;
	}
	rc = dnstk_qname_parse(q, alabels);
	idn2_free(alabels);
	return rc == DNSTK_ENOMEM ? query_why_nomem : rc != 0 ?
	    "bad domain name" : NULL;
}

const char *
query_set_question(struct dnstk_qspec *q, const char *name, const char *w1,
    const char *w2)
{
	const char *w[2] = { w1, w2 };
	bool have_type = false, have_class = false;
	ldns_rr_type t;
	ldns_rr_class c;
	int i;

	const char *why = query_qname(q, name);

	if (why != NULL) {
		return why;
	}
	for (i = 0; i < 2 && w[i] != NULL; i++) {
		t = ldns_get_rr_type_by_name(w[i]);
		c = ldns_get_rr_class_by_name(w[i]);
		if (!have_type && (t != 0 || strcasecmp(w[i], "TYPE0") == 0)) {
			q->qtype = (uint16_t)t;
			have_type = true;
		} else if (!have_class && c != 0) {
			q->qclass = (uint16_t)c;
			have_class = true;
		} else {
			return have_type && t != 0 ? "two types given" :
			    "unknown type";
		}
	}
	return NULL;
}

static void
item_fail(struct query_item *it, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
item_fail(struct query_item *it, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(it->errmsg, sizeof(it->errmsg), fmt, ap);
	va_end(ap);
	it->rc = rc;
}

/*
 * Read one line of at most QUERY_LINE_MAX bytes into s->buf.  Returns 1
 * with the line (NUL-terminated, newline dropped), 0 at the end, or
 * -errno on a read error.  *why is set for a line that is too long or
 * not text (a NUL or another control byte); the rest of such a line is
 * skipped.
 */
static int
read_line(struct query_src *s, const char **why)
{
	size_t n = 0;
	int ch, got = 0;

	*why = NULL;
	while ((ch = getc_unlocked(s->fp)) != EOF) {
		got = 1;
		if (ch == '\n') {
			break;
		}
		if (ch == '\0') {
			*why = *why != NULL ? *why : "NUL byte in the line";
		} else if ((ch < 0x20 && ch != '\t' && ch != '\r') ||
		    ch == 0x7f) {
			*why = *why != NULL ? *why : "control byte in the line "
			    "(not text)";
		}
		if (n < QUERY_LINE_MAX) {
			s->buf[n++] = (char)ch;
		} else if (*why == NULL) {
			*why = "line too long (over 2048 bytes)";
		}
	}
	s->buf[n] = '\0';
	if (ch == EOF && ferror(s->fp)) {
		return errno != 0 ? -errno : -EIO;
	}
	return got;
}

/* One batch line into `it`; returns 0 for a blank or comment line. */
static int
batch_line(struct query_src *s, struct query_item *it, char *line)
{
	char *tok[4], *save = NULL, *p;
	const char *why;
	size_t len;
	int n = 0;

	p = strpbrk(line, "#;\r\n");
	if (p != NULL) {
		*p = '\0';
	}
	for (p = strtok_r(line, " \t", &save); p != NULL && n < 4;
	    p = strtok_r(NULL, " \t", &save)) {
		tok[n++] = p;
	}
	if (n == 0) {
		return 0;
	}
	it->spec.qtype = s->a->qtype;
	it->spec.qclass = s->a->qclass;
	dnstk_str_escape(it->label, sizeof(it->label) - 80, tok[0]);
	len = strlen(it->label);
	it->label[len++] = ' ';
	dnstk_str_escape(it->label + len, sizeof(it->label) - len, n > 1 ?
	    tok[1] : "A");
	why = n > 3 ? "too many fields (want NAME [TYPE] [CLASS])" :
	    query_set_question(&it->spec, tok[0], n > 1 ? tok[1] : NULL,
	    n > 2 ? tok[2] : NULL);
	if (why != NULL) {
		item_fail(it, why == query_why_nomem ? DNSTK_ENOMEM :
		    DNSTK_EINPUT, "%s:%lu: %s", s->fname, s->line, why);
	}
	return 1;
}

static int
batch_next(struct query_src *s, struct query_item *it)
{
	const char *why;
	int r;

	for (;;) {
		r = read_line(s, &why);
		if (r <= 0) {
			s->done = true;
			if (r < 0) {
				s->fatal = dnstk_err_set(&s->fatal_err,
				    r, NULL, 0, "cannot read '%s': "
				    "%s", s->fname, strerror(-r));
			}
			return 0;
		}
		s->line++;
		if (why != NULL) {
			snprintf(it->label, sizeof(it->label), "%s:%lu",
			    s->fname, s->line);
			item_fail(it, DNSTK_EINPUT, "%s:%lu: %s", s->fname,
			    s->line, why);
			return 1;
		}
		if (batch_line(s, it, s->buf)) {
			return 1;
		}
	}
}

static int
raw_next(struct query_src *s, struct query_item *it)
{
	struct dnstk_msg *m = NULL;
	int r;

	r = dnstk_reader_msg(&s->reader, &m, &s->fatal_err);
	if (r != 1) {
		s->done = true;
		s->fatal = r < 0 ? r : 0;
		return 0;
	}
	snprintf(it->label, sizeof(it->label), "%s:%lu", s->reader.source,
	    s->reader.unit_line);
	dnstk_buf_reset(&it->raw);
	r = dnstk_msg_to_wire(&it->raw, m);
	dnstk_msg_free(m);
	if (r != 0) {
		item_fail(it, r, "%s: cannot encode the message: %s",
		    it->label, dnstk_strerror(r));
	} else if (it->raw.len > 65535 || it->raw.len < 12) {
		item_fail(it, DNSTK_EINPUT, "%s: message too short or too "
		    "long", it->label);
	}
	return 1;
}

/*
 * The next question of the command line: a->qs in order (a->name, with
 * a->qtype and a->qclass, when the caller filled no list).
 */
static int
single_next(struct query_src *s, struct query_item *it)
{
	const struct dnstk_query_args *a = s->a;
	const char *name = a->name, *why;
	char esc[QUERY_LABEL_MAX], *tname;
	size_t n = a->nqs != 0 ? a->nqs : 1;

	it->spec.qtype = a->qtype;
	it->spec.qclass = a->qclass;
	if (a->nqs != 0) {
		name = a->qs[s->line].name;
		it->spec.qtype = a->qs[s->line].qtype;
		it->spec.qclass = a->qs[s->line].qclass;
	}
	s->done = ++s->line >= n;
	dnstk_str_escape(esc, sizeof(esc) - 24, name);
	why = query_qname(&it->spec, name);
	if (why != NULL) {
		item_fail(it, why == query_why_nomem ? DNSTK_ENOMEM :
		    DNSTK_EINPUT, "'%s': %s", esc, why);
	}
	if (n > 1) {
		tname = ldns_rr_type2str((ldns_rr_type)it->spec.qtype);
		snprintf(it->label, sizeof(it->label), "%.250s %.40s", esc,
		    tname != NULL ? tname : "?");
		free(tname);
	} else {
		snprintf(it->label, sizeof(it->label), "%s", esc);
	}
	return 1;
}

int
query_src_next(struct query_src *s, struct query_item *it)
{
	it->rc = 0;
	it->errmsg[0] = '\0';
	if (s->done) {
		return 0;
	}
	if (s->kind == QUERY_SRC_BATCH) {
		return batch_next(s, it);
	}
	if (s->kind == QUERY_SRC_RAW) {
		return raw_next(s, it);
	}
	return single_next(s, it);
}

static int
batch_open(struct query_src *s, const char *path, struct dnstk_err *err)
{
	struct stat st;

	s->kind = QUERY_SRC_BATCH;
	s->fname = strcmp(path, "-") == 0 ? "stdin" : path;
	s->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (s->fp == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0,
		    "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fileno(s->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		return dnstk_err_set(err, -EISDIR, NULL, 0,
		    "cannot read '%s': %s", path, strerror(EISDIR));
	}
	return 0;
}

int
query_src_open_fp(struct query_src *s, const struct dnstk_query_args *a,
    FILE *fp, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	dnstk_err_init(&s->fatal_err);
	s->kind = a->raw ? QUERY_SRC_RAW : QUERY_SRC_BATCH;
	s->fname = name;
	s->borrowed = true;
	if (!a->raw) {
		s->fp = fp;
		return 0;
	}
	if (dnstk_reader_init(&s->reader, fp, name, a->raw_in) != 0) {
		return DNSTK_ENOMEM;
	}
	s->reader_open = true;
	return 0;
}

int
query_src_open(struct query_src *s, const struct dnstk_query_args *a,
    struct dnstk_err *err)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	dnstk_err_init(&s->fatal_err);
	if (a->batch != NULL) {
		return batch_open(s, a->batch, err);
	}
	if (a->raw) {
		s->kind = QUERY_SRC_RAW;
		if (dnstk_reader_init(&s->reader, stdin, "stdin",
		    a->raw_in) != 0) {
			return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
			    "out of memory");
		}
		s->reader_open = true;
		return 0;
	}
	s->kind = QUERY_SRC_SINGLE;
	return 0;
}

void
query_src_close(struct query_src *s)
{
	if (s->fp != NULL && s->fp != stdin && !s->borrowed) {
		fclose(s->fp);
	}
	if (s->reader_open) {
		dnstk_reader_release(&s->reader);
	}
}
