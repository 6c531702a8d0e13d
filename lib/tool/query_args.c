/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query's command line as dig users type it: the questions (NAME
 * operands in either TYPE NAME or NAME TYPE order, several per command
 * line, -q NAME, -x ADDR, -t TYPE, -c CLASS) and dig's "+word" options,
 * each mapped onto a long option of the command's table.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "tool/query_int.h"
#include "util/num.h"

#define QUERY_QS_MAX 1024	/* questions on one command line */

/*
 * dig's `ixfr=N`: an IXFR question saying the client has serial N (RFC
 * 1995 §3); true with *serial set when `s` is one.
 */
static bool
ixfr_word(const char *s, uint32_t *serial)
{
	long long v;
	const char *why;

	if (strncasecmp(s, "ixfr=", 5) != 0 ||
	    dnstk_strtonum(&v, s + 5, 0, UINT32_MAX, &why) != 0) {
		return false;
	}
	*serial = (uint32_t)v;
	return true;
}

/* The record type named `s` (a mnemonic or TYPEnnn); false if none. */
static bool
type_by_name(uint16_t *t, const char *s)
{
	ldns_rr_type v = ldns_get_rr_type_by_name(s);
	uint32_t serial;

	if (ixfr_word(s, &serial)) {
		*t = LDNS_RR_TYPE_IXFR;
		return true;
	}

	if (v == 0 && strcasecmp(s, "TYPE0") != 0) {
		return false;
	}
	*t = (uint16_t)v;
	return true;
}

/* The class named `s` (IN, CH, HS, NONE, ANY or CLASSnnn); false if none. */
static bool
class_by_name(uint16_t *c, const char *s)
{
	ldns_rr_class v = ldns_get_rr_class_by_name(s);

	if (v == 0) {
		return false;
	}
	*c = (uint16_t)v;
	return true;
}

int
dnstk_query_parse_type(uint16_t *t, const char *s)
{
	return type_by_name(t, s) ? 0 : DNSTK_EUSAGE;
}

void
dnstk_query_ixfr_word(struct dnstk_query_args *a, const char *s)
{
	uint32_t serial;

	if (ixfr_word(s, &serial)) {
		a->ixfr_soa = true;
		a->ixfr_serial = serial;
	}
}

int
dnstk_query_parse_class(uint16_t *c, const char *s)
{
	return class_by_name(c, s) ? 0 : DNSTK_EUSAGE;
}

int
dnstk_query_reverse(char *out, size_t cap, const char *addr,
    const char **why)
{
	unsigned char bin[16];
	ldns_rdf *a = NULL, *rev = NULL;
	char *s = NULL;
	int rc = DNSTK_EUSAGE;

	*why = "not an IPv4 or IPv6 address";
	if (inet_pton(AF_INET, addr, bin) == 1) {
		a = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, 4, bin);
	} else if (inet_pton(AF_INET6, addr, bin) == 1) {
		a = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_AAAA, 16, bin);
	} else {
		return DNSTK_EUSAGE;
	}
	*why = "out of memory";
	rc = DNSTK_ENOMEM;
	if (a == NULL || (rev = ldns_rdf_address_reverse(a)) == NULL ||
	    (s = ldns_rdf2str(rev)) == NULL) {
		goto out;
	}
	if (strlen(s) >= cap) {
		*why = "reverse name too long";
		rc = DNSTK_EUSAGE;
		goto out;
	}
	memcpy(out, s, strlen(s) + 1);
	*why = NULL;
	rc = 0;
out:
	free(s);
	ldns_rdf_deep_free(rev);
	ldns_rdf_deep_free(a);
	return rc;
}

int
dnstk_query_add_q(struct dnstk_query_args *a, const char *name,
    struct dnstk_query_q **added)
{
	struct dnstk_query_q *qs, *q;

	if (a->nqs >= QUERY_QS_MAX) {
		return DNSTK_EUSAGE;
	}
	if (strlen(name) >= sizeof(qs->name)) {
		return DNSTK_EINPUT;
	}
	qs = realloc(a->qs, (a->nqs + 1) * sizeof(*qs));
	if (qs == NULL) {
		return DNSTK_ENOMEM;
	}
	a->qs = qs;
	q = &qs[a->nqs++];
	memset(q, 0, sizeof(*q));
	memcpy(q->name, name, strlen(name) + 1);
	if (added != NULL) {
		*added = q;
	}
	return 0;
}

enum word_kind { W_NAME, W_TYPE, W_CLASS };

static enum word_kind
word_kind(const char *w, uint16_t *v)
{
	if (type_by_name(v, w)) {
		return W_TYPE;
	}
	return class_by_name(v, w) ? W_CLASS : W_NAME;
}

/* Give question `q` the type or class `v`; false if it has one. */
static bool
give(struct dnstk_query_q *q, enum word_kind k, uint16_t v)
{
	if (k == W_TYPE && !q->has_type) {
		q->qtype = v;
		q->has_type = true;
		return true;
	}
	if (k == W_CLASS && !q->has_class) {
		q->qclass = v;
		q->has_class = true;
		return true;
	}
	return false;
}

/*
 * The words (operands without @SERVER and +options) into questions.  A
 * TYPE or CLASS goes with the question before it (NAME TYPE), or, when
 * that has one already or there is none, with the next (TYPE NAME).  A
 * word that is neither is a NAME; after the first question it must have
 * a dot (a typo of a type is not taken for a name).  When no word is a
 * NAME and no -q or -x was given, the first word is one (`ns`, `a mx`).
 */
static int
words_to_questions(struct dnstk_query_args *a, char **w, int n,
    const char **why)
{
	struct dnstk_query_q pend, *cur = NULL;
	enum word_kind k;
	bool any_name = false, have_pend = false;
	uint16_t v;
	int i, rc;

	memset(&pend, 0, sizeof(pend));
	for (i = 0; i < n; i++) {
		any_name |= word_kind(w[i], &v) == W_NAME;
	}
	if (a->nqs > 0) {
		cur = &a->qs[a->nqs - 1];	/* -q NAME TYPE */
	}
	for (i = 0; i < n; i++) {
		k = word_kind(w[i], &v);
		if (i == 0 && !any_name && a->nqs == 0) {
			k = W_NAME;
		}
		if (k != W_NAME) {
			dnstk_query_ixfr_word(a, w[i]);
			if ((have_pend || cur == NULL || !give(cur, k, v)) &&
			    !give(&pend, k, v)) {
				*why = k == W_TYPE ? "two types given" :
				    "two classes given";
				return DNSTK_EUSAGE;
			}
			have_pend = pend.has_type || pend.has_class;
			continue;
		}
		if (cur != NULL && strchr(w[i], '.') == NULL) {
			*why = "unknown type (a NAME here needs a dot)";
			return DNSTK_EUSAGE;
		}
		rc = dnstk_query_add_q(a, w[i], &cur);
		if (rc != 0) {
			*why = rc == DNSTK_ENOMEM ? "out of memory" :
			    rc == DNSTK_EINPUT ? "bad domain name (too long)" :
			    "too many questions";
			return rc;
		}
		if (have_pend) {
			cur->qtype = pend.qtype;
			cur->has_type = pend.has_type;
			cur->qclass = pend.qclass;
			cur->has_class = pend.has_class;
			memset(&pend, 0, sizeof(pend));
			have_pend = false;
		}
	}
	if (have_pend) {
		*why = a->nqs == 0 ? "no NAME given" : pend.has_type ?
		    "two types given" : "two classes given";
		return DNSTK_EUSAGE;
	}
	return 0;
}

int
dnstk_query_operands(struct dnstk_query_args *a, int argc, char *argv[],
    bool need_name, const char **why)
{
	static _Thread_local char msg[DNSTK_ERR_MSG_MAX];
	struct dnstk_qspec spec;
	struct dnstk_query_q *q;
	char esc[300], **w;
	int i, n = 0, rc;
	size_t k;

	w = calloc((size_t)argc + 1, sizeof(*w));
	if (w == NULL) {
		*why = "out of memory";
		return DNSTK_ENOMEM;
	}
	rc = 0;
	for (i = 0; i < argc && rc == 0; i++) {
		if (argv[i][0] != '@') {
			w[n++] = argv[i];
		} else if (argv[i][1] == '\0' || a->server != NULL) {
			*why = argv[i][1] == '\0' ? "empty @SERVER" :
			    "more than one server given";
			rc = DNSTK_EINPUT;
		} else {
			a->server = argv[i] + 1;
		}
	}
	if (rc == 0 && !need_name && (n != 0 || a->nqs != 0)) {
		*why = "no NAME, -q or -x is taken with --raw or --batch";
		rc = DNSTK_EINPUT;
	} else if (rc == 0 && need_name) {
		rc = words_to_questions(a, w, n, why);
		if (rc == 0 && a->nqs == 0) {
			*why = "no NAME given";
			rc = DNSTK_EINPUT;
		}
	}
	free(w);
	for (k = 0; rc == 0 && need_name && k < a->nqs; k++) {
		q = &a->qs[k];
		q->qtype = q->has_type ? q->qtype : a->qtype;
		q->qclass = q->has_class ? q->qclass : a->qclass;
		memset(&spec, 0, sizeof(spec));
		*why = query_qname(&spec, q->name);
		if (*why != NULL) {
			snprintf(msg, sizeof(msg), "'%s': %s", dnstk_str_escape(esc,
			    sizeof(esc), q->name), *why);
			rc = *why == query_why_nomem ? DNSTK_ENOMEM :
			    DNSTK_EINPUT;
			*why = msg;
		}
	}
	if (rc == 0 && need_name) {
		a->name = a->qs[0].name;
		a->qtype = a->qs[0].qtype;
		a->qclass = a->qs[0].qclass;
	}
	return rc;
}

void
dnstk_query_args_init(struct dnstk_query_args *a)
{
	memset(a, 0, sizeof(*a));
	a->resolv_conf = dnstk_resolv_conf_path();
	a->port = 53;
	a->family = AF_UNSPEC;
	a->qtype = LDNS_RR_TYPE_A;
	a->qclass = LDNS_RR_CLASS_IN;
	a->flags = DNSTK_FLAG_RD;
	a->edns = true;
	a->udp_size = DNSTK_QUERY_DEFAULT_BUFSIZE;
	dnstk_buf_init(&a->options);
	a->timeout_ms = 0;	/* resolv.conf's timeout:, or 5 s */
	a->tries = 0;		/* resolv.conf's attempts:, or 3 */
	a->form = DNSTK_FORM_TEXT;
	a->raw_in = DNSTK_FORM_AUTO;
	a->sockets = -1;
}

void
dnstk_query_args_release(struct dnstk_query_args *a)
{
	dnstk_buf_release(&a->options);
	free(a->qs);
	a->qs = NULL;
	a->nqs = 0;
}
