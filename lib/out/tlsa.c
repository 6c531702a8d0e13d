/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The report of dnstk-tlsa-check (moved out of lib/tool/tlsa_check.c):
 * text lines and one JSON object through lib/util/jsonw.
 */
#include <stdio.h>
#include <string.h>

#include "out/tlsa.h"
#include "util/err.h"
#include "util/jsonw.h"

/* The data of a record for display: long data shortened. */
static int
add_data(struct dnstk_buf *b, const struct dnstk_tlsa *t)
{
	if (t->len > 64) {
		int r = dnstk_buf_addhex(b, t->data, 32);

		return r != 0 ? r : dnstk_buf_addf(b, "...(%zu octets)",
		    t->len);
	}
	return dnstk_buf_addhex(b, t->data, t->len);
}

static const char *
field_name(const char *name, char *tmp, size_t cap, unsigned v)
{
	if (name != NULL) {
		return name;
	}
	snprintf(tmp, cap, "%u", v);
	return tmp;
}

static int
text_record(struct dnstk_buf *b, const struct dnstk_tlsa_report *rp,
    size_t i)
{
	const struct dnstk_tlsa *t = &rp->set->v[i];
	const struct dnstk_dane_result *res = rp->res;
	char t1[8], t2[8], t3[8];
	int r;

	r = dnstk_buf_addf(b, "record %zu: %u %u %u ", i + 1, t->usage,
	    t->selector, t->mtype);
	if (r == 0) {
		r = add_data(b, t);
	}
	if (r == 0) {
		r = dnstk_buf_addf(b, " (%s %s %s)\n",
		    field_name(dnstk_tlsa_usage_name(t->usage), t1,
		    sizeof(t1), t->usage),
		    field_name(dnstk_tlsa_selector_name(t->selector), t2,
		    sizeof(t2), t->selector),
		    field_name(dnstk_tlsa_mtype_name(t->mtype), t3,
		    sizeof(t3), t->mtype));
	}
	if (r == 0 && i < res->n) {
		r = dnstk_buf_addf(b, "  %s: %s\n",
		    dnstk_dane_outcome_name(res->rec[i].outcome),
		    res->rec[i].reason);
	}
	return r;
}

int
dnstk_tlsa_report_text(struct dnstk_buf *b,
    const struct dnstk_tlsa_report *rp)
{
	const struct dnstk_dane_result *res = rp->res;
	size_t i, n = rp->set->n;
	int r = 0;

	if (rp->quiet) {
		return dnstk_buf_addf(b, "verdict: %s\n", rp->v->text);
	}
	r = dnstk_buf_addf(b, "tlsa: %s %zu record%s, dnssec %s\n",
	    rp->owner, n, n == 1 ? "" : "s",
	    dnstk_dane_dnssec_name(rp->dnssec));
	for (i = 0; r == 0 && i < n; i++) {
		r = text_record(b, rp, i);
	}
	if (r == 0 && res->chain_len > 0) {
		r = dnstk_buf_addf(b, "chain: %zu certificate%s\n",
		    res->chain_len, res->chain_len == 1 ? "" : "s");
	}
	for (i = 0; r == 0 && i < res->chain_len; i++) {
		const struct dnstk_dane_cert_info *c = &res->chain[i];

		r = dnstk_buf_addf(b, "  depth %zu: %s\n    issuer: %s\n"
		    "    valid: %s to %s\n    spki-sha256: ", i, c->subject,
		    c->issuer, c->not_before, c->not_after);
		if (r == 0) {
			r = dnstk_buf_addhex(b, c->spki_sha256, 32);
		}
		if (r == 0) {
			r = dnstk_buf_addc(b, '\n');
		}
	}
	if (r == 0) {
		r = dnstk_buf_addf(b, "verdict: %s\n", rp->v->text);
	}
	return r;
}

/* A member whose value is a hex string. */
static void
khex(struct dnstk_jsonw *w, const char *k, const unsigned char *p,
    size_t n)
{
	struct dnstk_buf *b;
	int r;

	dnstk_jsonw_key(w, k);
	b = dnstk_jsonw_value(w);
	if (b == NULL) {
		return;
	}
	r = dnstk_buf_addc(b, '"');
	if (r == 0) {
		r = dnstk_buf_addhex(b, p, n);
	}
	if (r == 0) {
		r = dnstk_buf_addc(b, '"');
	}
	dnstk_jsonw_status(w, r);
}

int
dnstk_tlsa_report_json(struct dnstk_buf *b,
    const struct dnstk_tlsa_report *rp, int exit_code)
{
	const struct dnstk_dane_result *res = rp->res;
	struct dnstk_jsonw w;
	size_t i;

	dnstk_jsonw_init(&w, b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_kstring(&w, "owner", rp->owner);
	dnstk_jsonw_kstring(&w, "dnssec", dnstk_dane_dnssec_name(rp->dnssec));
	dnstk_jsonw_key(&w, "records");
	dnstk_jsonw_array(&w);
	for (i = 0; i < rp->set->n; i++) {
		const struct dnstk_tlsa *t = &rp->set->v[i];

		dnstk_jsonw_object(&w);
		dnstk_jsonw_kuint(&w, "usage", t->usage);
		dnstk_jsonw_kuint(&w, "selector", t->selector);
		dnstk_jsonw_kuint(&w, "mtype", t->mtype);
		khex(&w, "data", t->data, t->len);
		if (i < res->n) {
			dnstk_jsonw_kstring(&w, "outcome",
			    dnstk_dane_outcome_name(res->rec[i].outcome));
			dnstk_jsonw_kint(&w, "depth", res->rec[i].depth);
			dnstk_jsonw_kstring(&w, "reason", res->rec[i].reason);
		}
		dnstk_jsonw_end(&w);
	}
	dnstk_jsonw_end(&w);
	dnstk_jsonw_key(&w, "chain");
	dnstk_jsonw_array(&w);
	for (i = 0; i < res->chain_len; i++) {
		const struct dnstk_dane_cert_info *c = &res->chain[i];

		dnstk_jsonw_object(&w);
		dnstk_jsonw_kuint(&w, "depth", i);
		dnstk_jsonw_kstring(&w, "subject", c->subject);
		dnstk_jsonw_kstring(&w, "issuer", c->issuer);
		dnstk_jsonw_kstring(&w, "notBefore", c->not_before);
		dnstk_jsonw_kstring(&w, "notAfter", c->not_after);
		khex(&w, "spkiSha256", c->spki_sha256, 32);
		dnstk_jsonw_end(&w);
	}
	dnstk_jsonw_end(&w);
	dnstk_jsonw_kbool(&w, "matched", res->matched);
	dnstk_jsonw_kint(&w, "depth", res->depth);
	dnstk_jsonw_kstring(&w, "verdict", rp->v->word);
	dnstk_jsonw_kstring(&w, "reason", rp->v->text);
	dnstk_jsonw_kint(&w, "exit", exit_code);
	return dnstk_jsonw_close_line(&w);
}

void
dnstk_out_warning(FILE *log, const char *prog, const char *source,
    unsigned long line, const char *msg)
{
	if (line != 0) {
		fprintf(log, "%s: %s:%lu: warning: %s\n", prog, source, line,
		    msg);
	} else {
		fprintf(log, "%s: %s: warning: %s\n", prog, source, msg);
	}
}
