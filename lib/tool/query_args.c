/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query's command line as dig users type it: the questions (NAME
 * operands in either TYPE NAME or NAME TYPE order, several per command
 * line, -q NAME, -x ADDR, -t TYPE, -c CLASS) and dig's "+word" options,
 * each mapped onto a long option of the command's table.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "cli/cli.h"
#include "tool/query_int.h"

#define QUERY_QS_MAX 1024	/* questions on one command line */

/* The record type named `s` (a mnemonic or TYPEnnn); false if none. */
static bool
type_by_name(uint16_t *t, const char *s)
{
	ldns_rr_type v = ldns_get_rr_type_by_name(s);

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
			snprintf(msg, sizeof(msg), "'%s': %s", query_escape(esc,
			    sizeof(esc), q->name), *why);
			*why = msg;
			rc = DNSTK_EINPUT;
		}
	}
	if (rc == 0 && need_name) {
		a->name = a->qs[0].name;
		a->qtype = a->qs[0].qtype;
		a->qclass = a->qs[0].qclass;
	}
	return rc;
}

/*
 * dig's "+word" options.  Each maps onto a long option of dnstk-query:
 * `opt` with the argument after '=' (`arg`: none, optional, required),
 * or with a fixed argument (`fixed`, for the section words); "+noword"
 * undoes it (PLUS_NO), or applies `opt` as it is where `opt` is itself
 * the "no" form (PLUS_INVERT: +norec is --no-rd, +rec undoes it).
 */
enum {
	PLUS_NO = 0x1,		/* a "+noword" form exists */
	PLUS_INVERT = 0x2,	/* `opt` is what "+noword" means */
	PLUS_ARG = 0x4,		/* "=VALUE" taken */
	PLUS_ARG_REQ = 0x8,	/* "=VALUE" needed */
};

static const struct plus_word {
	const char *word;
	const char *opt;
	unsigned flags;
	const char *fixed;	/* the argument, for --show/--hide */
	const char *with_value;	/* the option when "=VALUE" is given */
} plus_words[] = {
	{ "short", "short", PLUS_NO, NULL, NULL },
	{ "json", "json", 0, NULL, NULL },
	{ "dnssec", "dnssec", PLUS_NO, NULL, NULL },
	{ "cd", "cd", PLUS_NO, NULL, NULL },
	{ "cdflag", "cd", PLUS_NO, NULL, NULL },
	{ "adflag", "ad", PLUS_NO, NULL, NULL },
	{ "rec", "no-rd", PLUS_NO | PLUS_INVERT, NULL, NULL },
	{ "recurse", "no-rd", PLUS_NO | PLUS_INVERT, NULL, NULL },
	{ "tcp", "tcp", PLUS_NO, NULL, NULL },
	{ "vc", "tcp", PLUS_NO, NULL, NULL },
	{ "ignore", "ignore-tc", PLUS_NO, NULL, NULL },
	{ "nsid", "nsid", PLUS_NO, NULL, NULL },
	{ "cookie", "cookie", PLUS_NO | PLUS_ARG, NULL, NULL },
	{ "subnet", "subnet", PLUS_NO | PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "padding", "padding", PLUS_NO | PLUS_ARG, NULL, NULL },
	{ "ednsopt", "ednsopt", PLUS_NO | PLUS_ARG | PLUS_ARG_REQ, NULL,
	  NULL },
	{ "edns", "no-edns", PLUS_NO | PLUS_INVERT | PLUS_ARG, NULL,
	  "edns-version" },
	{ "bufsize", "bufsize", PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "time", "timeout", PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "tries", "tries", PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "idnout", "idnout", PLUS_NO, NULL, NULL },
	{ "all", "show", PLUS_NO, "all", NULL },
	{ "comments", "show", PLUS_NO, "comments", NULL },
	{ "question", "show", PLUS_NO, "question", NULL },
	{ "answer", "show", PLUS_NO, "answer", NULL },
	{ "authority", "show", PLUS_NO, "authority", NULL },
	{ "additional", "show", PLUS_NO, "additional", NULL },
	{ "stats", "show", PLUS_NO, "stats", NULL },
	/* dnstk-query never echoes its command line: +nocmd is nothing */
	{ "cmd", NULL, PLUS_NO, NULL, NULL },
};

#define PLUS_N (sizeof(plus_words) / sizeof(plus_words[0]))

/* "+word" and "+noword" as option rows, for dnstk_cli_nearest(). */
static struct dnstk_opt plus_rows[2 * PLUS_N + 1];
static char plus_no[PLUS_N][24];

static const struct dnstk_cmd *
plus_cmd(void)
{
	static struct dnstk_cmd cmd = { "query", "", "", plus_rows };
	size_t i, n = 0;

	if (plus_rows[0].long_name != NULL) {
		return &cmd;
	}
	for (i = 0; i < PLUS_N; i++) {
		plus_rows[n++].long_name = plus_words[i].word;
		if (plus_words[i].flags & PLUS_NO) {
			snprintf(plus_no[i], sizeof(plus_no[i]), "no%s",
			    plus_words[i].word);
			plus_rows[n++].long_name = plus_no[i];
		}
	}
	return &cmd;
}

int
dnstk_query_plus(struct dnstk_cli_word *p, const char *word,
    const struct dnstk_cmd *cmd, char *msg, size_t cap)
{
	const struct plus_word *pw = NULL;
	const char *w = word + 1, *eq, *near;
	char esc[160], name[64];
	bool no = false;
	size_t i, n;

	memset(p, 0, sizeof(*p));
	eq = strchr(w, '=');
	n = eq != NULL ? (size_t)(eq - w) : strlen(w);
	for (i = 0; i < PLUS_N && n < sizeof(name); i++) {
		if (strlen(plus_words[i].word) == n &&
		    strncasecmp(w, plus_words[i].word, n) == 0) {
			pw = &plus_words[i];
			break;
		}
		if ((plus_words[i].flags & PLUS_NO) != 0 && n > 2 &&
		    strncasecmp(w, "no", 2) == 0 &&
		    strlen(plus_words[i].word) == n - 2 &&
		    strncasecmp(w + 2, plus_words[i].word, n - 2) == 0) {
			pw = &plus_words[i];
			no = true;
			break;
		}
	}
	query_escape(esc, sizeof(esc), word);
	if (pw == NULL) {
		snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63),
		    w);
		near = dnstk_cli_nearest(plus_cmd(), name);
		if (near != NULL) {
			snprintf(msg, cap, "unknown option '%s'; did you "
			    "mean '+%s'?", esc, near);
		} else if ((near = cmd != NULL ? dnstk_cli_nearest(cmd,
		    name) : NULL) != NULL) {
			snprintf(msg, cap, "unknown option '%s'; did you "
			    "mean '--%s'?", esc, near);
		} else {
			snprintf(msg, cap, "unknown option '%s' (dnstk-query "
			    "has no such dig option)", esc);
		}
		return DNSTK_EUSAGE;
	}
	if (eq != NULL && ((pw->flags & PLUS_ARG) == 0 || no)) {
		snprintf(msg, cap, "'%s' takes no value", esc);
		return DNSTK_EUSAGE;
	}
	if (eq == NULL && !no && (pw->flags & PLUS_ARG_REQ) != 0) {
		snprintf(msg, cap, "'%s' needs a value ('+%s=...')", esc,
		    pw->word);
		return DNSTK_EUSAGE;
	}
	if (pw->opt == NULL && !no) {
		snprintf(msg, cap, "'%s': dnstk-query has no such output "
		    "(only '+no%s')", esc, pw->word);
		return DNSTK_EUSAGE;
	}
	p->opt = pw->opt;
	p->arg = eq != NULL ? eq + 1 : NULL;
	p->negate = no;
	if (pw->fixed != NULL) {
		p->opt = no ? "hide" : "show";
		p->arg = pw->fixed;
		p->negate = false;
	} else if (eq != NULL && pw->with_value != NULL) {
		p->opt = pw->with_value;
	} else if ((pw->flags & PLUS_INVERT) != 0) {
		p->negate = !no;
	}
	return 0;
}
