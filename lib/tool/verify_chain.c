/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-verify-chain: gather records, validate, render the trace. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "dnssec/fetch.h"
#include "dnssec/validate.h"
#include "net/server.h"
#include "tool/verify_chain.h"
#include "util/buf.h"
#include "util/jsonw.h"

void
dnstk_vc_args_init(struct dnstk_vc_args *a)
{
	memset(a, 0, sizeof(*a));
	a->type = "A";
	a->in = DNSTK_FORM_AUTO;
	dnstk_val_opts_init(&a->val);
	a->color = DNSTK_VC_COLOR_AUTO;
	a->port = 53;
	a->timeout_ms = 5000;
	a->tries = 2;
}

int
dnstk_vc_operands(struct dnstk_vc_args *a, int argc, char *argv[],
    const char **why)
{
	int i, nop = 0;

	*why = NULL;
	for (i = 0; i < argc && *why == NULL; i++) {
		if (argv[i][0] == '@') {
			if (a->server != NULL) {
				*why = "more than one server given";
			}
			a->server = argv[i] + 1;
		} else if (nop == 0) {
			a->name = argv[i];
			nop++;
		} else if (nop == 1) {
			a->type = argv[i];
			nop++;
		} else {
			*why = "too many operands";
		}
	}
	if (*why == NULL && a->name == NULL) {
		*why = "no NAME given";
	} else if (*why == NULL && a->offline && (a->server != NULL ||
	    a->dump || a->tcp)) {
		*why = "--offline excludes a server, --dump and --tcp";
	} else if (*why == NULL && a->records != NULL && !a->offline) {
		*why = "--records needs --offline";
	} else if (*why == NULL && ((a->json && a->quiet) ||
	    (a->dump && (a->json || a->quiet)))) {
		*why = "-j, -q and --dump exclude each other";
	}
	return *why == NULL ? 0 : DNSTK_EUSAGE;
}

/* Names of the trace's enums in JSON and text. */
static const char *const kind_names[] = {
	[DNSTK_VAL_ANCHOR] = "anchor", [DNSTK_VAL_DS] = "ds",
	[DNSTK_VAL_DNSKEY] = "dnskey", [DNSTK_VAL_RRSIG] = "rrsig",
	[DNSTK_VAL_DENIAL] = "denial", [DNSTK_VAL_ANSWER] = "answer",
	[DNSTK_VAL_NOTE] = "note",
};
static const char *const mark_names[] = {
	[DNSTK_VAL_OK] = "ok", [DNSTK_VAL_FAIL] = "fail",
	[DNSTK_VAL_UNSUPP] = "insecure", [DNSTK_VAL_INFO] = "info",
};
static const char *const answer_names[] = {
	[DNSTK_ANSWER_DATA] = "data", [DNSTK_ANSWER_NODATA] = "nodata",
	[DNSTK_ANSWER_NXDOMAIN] = "nxdomain",
	[DNSTK_ANSWER_UNKNOWN] = "unknown",
};

/* names[v], or `dflt` for a value past the table. */
static const char *
enum_name(const char *const *names, size_t n, unsigned v, const char *dflt)
{
	return v < n && names[v] != NULL ? names[v] : dflt;
}

#define NAME_OF(tab, v, dflt) \
	enum_name(tab, sizeof(tab) / sizeof(tab[0]), (unsigned)(v), dflt)
#define KIND_NAME(k) NAME_OF(kind_names, k, "note")
#define MARK_NAME(m) NAME_OF(mark_names, m, "info")
#define ANSWER_NAME(a) NAME_OF(answer_names, a, "unknown")

static int
render_json(struct dnstk_buf *out, const struct dnstk_val_result *r,
    const char *name, const char *type)
{
	struct dnstk_jsonw w;
	struct dnstk_buf *v;

	dnstk_jsonw_init(&w, out);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_kstring(&w, "name", name);
	dnstk_jsonw_kstring(&w, "type", type);
	dnstk_jsonw_kstring(&w, "verdict", dnstk_dnssec_state_name(r->verdict));
	dnstk_jsonw_kstring(&w, "answer", ANSWER_NAME(r->answer_kind));
	dnstk_jsonw_kstring(&w, "reason", r->reason ? r->reason : "");
	dnstk_jsonw_key(&w, "failingStep");
	if (r->fail == SIZE_MAX) {
		dnstk_jsonw_null(&w);
	} else {
		dnstk_jsonw_uint(&w, r->fail);
	}
	dnstk_jsonw_key(&w, "steps");
	dnstk_jsonw_array(&w);
	for (size_t i = 0; i < r->nsteps; i++) {
		dnstk_jsonw_object(&w);
		dnstk_jsonw_kstring(&w, "zone", r->steps[i].zone);
		dnstk_jsonw_kstring(&w, "kind", KIND_NAME(r->steps[i].kind));
		dnstk_jsonw_kstring(&w, "mark", MARK_NAME(r->steps[i].mark));
		dnstk_jsonw_kstring(&w, "text", r->steps[i].text);
		dnstk_jsonw_end(&w);
	}
	dnstk_jsonw_end(&w);
	dnstk_jsonw_key(&w, "answerRRs");
	dnstk_jsonw_array(&w);
	for (size_t i = 0; r->answer && i < ldns_rr_list_rr_count(r->answer);
	    i++) {
		if ((v = dnstk_jsonw_value(&w)) != NULL) {
			dnstk_jsonw_status(&w, dnstk_json_rr(v,
			    ldns_rr_list_rr(r->answer, i), false));
		}
	}
	return dnstk_jsonw_close_line(&w);
}

int
dnstk_vc_render(struct dnstk_buf *out, const struct dnstk_val_result *r,
    const char *name, const char *type, bool json, bool quiet, bool color)
{
	const char *prev = NULL;
	const char *red = color ? "\033[1;31m" : "";
	const char *green = color ? "\033[32m" : "";
	const char *yellow = color ? "\033[33m" : "";
	const char *bold = color ? "\033[1m" : "";
	const char *off = color ? "\033[0m" : "";
	int rc = 0;

	if (quiet) {
		return dnstk_buf_addf(out, "%s\n",
		    dnstk_dnssec_state_name(r->verdict));
	}
	if (json) {
		return render_json(out, r, name, type);
	}
	for (size_t i = 0; i < r->nsteps && rc == 0; i++) {
		const struct dnstk_val_step *s = &r->steps[i];
		const char *c = "", *tag;

		if (prev == NULL || strcmp(prev, s->zone) != 0) {
			rc |= dnstk_buf_addf(out, "%szone %s%s\n", bold,
			    s->zone, off);
			prev = s->zone;
		}
		switch (s->mark) {
		case DNSTK_VAL_OK:
			c = green;
			tag = "ok  ";
			break;
		case DNSTK_VAL_FAIL:
			c = red;
			tag = "FAIL";
			break;
		case DNSTK_VAL_UNSUPP:
			c = yellow;
			tag = "insc";
			break;
		default:
			tag = "    ";
			break;
		}
		rc |= dnstk_buf_addf(out, "  %s%s%s %-6s %s%s%s%s\n", c, tag,
		    off, KIND_NAME(s->kind), i == r->fail ? red : "", s->text,
		    i == r->fail ? "   <== first failing link" : "",
		    i == r->fail ? off : "");
	}
	{
		const char *vc = r->verdict == DNSTK_DNSSEC_SECURE ? green :
		    r->verdict == DNSTK_DNSSEC_BOGUS ? red : yellow;

		rc |= dnstk_buf_addf(out, "%s%s%s %s/%s (%s): %s\n", vc,
		    dnstk_dnssec_state_name(r->verdict), off, name, type,
		    ANSWER_NAME(r->answer_kind), r->reason ? r->reason : "");
	}
	return rc ? DNSTK_ENOMEM : 0;
}

static int
read_file(const char *path, bool is_stdin_ok,
    int (*fn)(void *, FILE *, const char *, struct dnstk_err *), void *arg,
    struct dnstk_err *err)
{
	FILE *fp;
	int rc;

	if (path == NULL || (is_stdin_ok && strcmp(path, "-") == 0)) {
		return fn(arg, stdin, "stdin", err);
	}
	fp = fopen(path, "r");
	if (fp == NULL) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "cannot open '%s': %s", path, strerror(errno));
	}
	rc = fn(arg, fp, path, err);
	fclose(fp);
	return rc;
}

struct rd {
	const struct dnstk_vc_args *a;
	struct dnstk_anchors *anchors;
	struct dnstk_rrpool *pool;
};

static int
anchor_fn(void *arg, FILE *fp, const char *src, struct dnstk_err *err)
{
	struct rd *d = arg;

	return dnstk_anchors_read(d->anchors, fp, src, DNSTK_FORM_AUTO,
	    d->a->val.now, err);
}

static int
pool_fn(void *arg, FILE *fp, const char *src, struct dnstk_err *err)
{
	struct rd *d = arg;

	return dnstk_rrpool_read(d->pool, fp, src, d->a->in, err);
}

/* Render the trace of `r` on `out`; return the verdict as a code. */
static int
finish(const struct dnstk_vc_args *a, const struct dnstk_val_result *r,
    const ldns_rdf *qname, ldns_rr_type qtype, struct dnstk_buf *text,
    FILE *out)
{
	const ldns_rr_descriptor *desc = ldns_rr_descript(qtype);
	bool color = a->color == DNSTK_VC_COLOR_ALWAYS ||
	    (a->color == DNSTK_VC_COLOR_AUTO && isatty(fileno(out)));
	char *ns = ldns_rdf2str(qname), tn[32];
	int rc;

	if (desc != NULL && desc->_name != NULL) {
		snprintf(tn, sizeof(tn), "%s", desc->_name);
	} else {
		snprintf(tn, sizeof(tn), "TYPE%u", (unsigned)qtype);
	}
	rc = ns == NULL ? DNSTK_ENOMEM : dnstk_vc_render(text, r, ns, tn,
	    a->json, a->quiet, color);
	free(ns);
	if (rc == 0) {
		rc = dnstk_buf_write(text, out);
	}
	if (rc == 0) {
		switch (r->verdict) {
		case DNSTK_DNSSEC_SECURE:
			rc = 0;
			break;
		case DNSTK_DNSSEC_BOGUS:
			rc = DNSTK_EFAIL;
			break;
		case DNSTK_DNSSEC_INSECURE:
			rc = DNSTK_EINSECURE;
			break;
		case DNSTK_DNSSEC_INDETERMINATE:
			rc = DNSTK_EINDETERMINATE;
			break;
		}
	}
	return rc;
}

/* The question: NAME as a canonical dname, TYPE as a number. */
static int
vc_question(const struct dnstk_vc_args *a, ldns_rdf **qname,
    ldns_rr_type *qtype, struct dnstk_err *err)
{
	*qtype = ldns_get_rr_type_by_name(a->type);
	if (*qtype == 0 || strlen(a->name) > 1004 ||
	    ldns_str2rdf_dname(qname, a->name) != LDNS_STATUS_OK) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0, *qtype == 0 ?
		    "'%s' is not a record type" : "'%s' is not a domain name",
		    *qtype == 0 ? a->type : a->name);
	}
	ldns_dname2canonical(*qname);
	return 0;
}

/* The anchors of --anchor, or the built-in root anchors. */
static int
vc_anchors(const struct dnstk_vc_args *a, struct rd *d,
    struct dnstk_err *err)
{
	int rc = 0;

	for (int i = 0; i < a->nanchors && rc == 0; i++) {
		rc = read_file(a->anchors[i], false, anchor_fn, d, err);
	}
	if (a->nanchors == 0) {
		rc = dnstk_anchors_add_builtin(d->anchors);
	}
	return rc;
}

/* Ask the server for what the validation needs (--dump: into `text`). */
static int
vc_fetch(const struct dnstk_vc_args *a, struct rd *d, const ldns_rdf *qname,
    ldns_rr_type qtype, struct dnstk_buf *text, struct dnstk_err *err)
{
	struct dnstk_server server;
	struct dnstk_fetch_opts fo;
	int rc;

	rc = a->server != NULL ?
	    dnstk_server_resolve(&server, a->server, a->port, AF_UNSPEC, err) :
	    dnstk_server_default(&server, dnstk_resolv_conf_path(), a->port,
	    AF_UNSPEC, err);
	if (rc != 0) {
		return rc;
	}
	fo.server = &server;
	fo.tcp = a->tcp;
	fo.timeout_ms = a->timeout_ms;
	fo.tries = a->tries;
	return dnstk_dnssec_fetch(d->pool, a->dump ? text : NULL, d->anchors,
	    qname, qtype, &fo, err);
}

int
dnstk_verify_chain(const struct dnstk_vc_args *a, FILE *out,
    struct dnstk_err *err)
{
	struct dnstk_anchors anchors;
	struct dnstk_rrpool pool;
	struct dnstk_val_result r;
	struct dnstk_buf text;
	struct rd d = { a, &anchors, &pool };
	ldns_rdf *qname = NULL;
	ldns_rr_type qtype;
	int rc;

	dnstk_anchors_init(&anchors);
	dnstk_rrpool_init(&pool);
	dnstk_val_result_init(&r);
	dnstk_buf_init(&text);
	rc = vc_question(a, &qname, &qtype, err);
	if (rc == 0) {
		rc = vc_anchors(a, &d, err);
	}
	if (rc == 0 && a->offline) {
		rc = read_file(a->records, true, pool_fn, &d, err);
	} else if (rc == 0) {
		rc = vc_fetch(a, &d, qname, qtype, &text, err);
		if (rc == 0 && a->dump) {
			rc = dnstk_buf_write(&text, out);
			goto out;
		}
	}
	if (rc == 0) {
		rc = dnstk_validate(&r, &pool, &anchors, qname, qtype, &a->val,
		    err);
	}
	if (rc == 0) {
		rc = finish(a, &r, qname, qtype, &text, out);
	}
out:
	ldns_rdf_deep_free(qname);
	dnstk_val_result_release(&r);
	dnstk_rrpool_release(&pool);
	dnstk_anchors_release(&anchors);
	dnstk_buf_release(&text);
	return rc;
}
