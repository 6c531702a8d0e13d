/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLSA lookups validated by lib/dnssec: fetch the TLSA RRset and the
 * chain of DNSKEY and DS records from one server (DO and CD set), then
 * validate from the trust anchors.  The server's AD bit is never trusted.
 */
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dane/lookup.h"
#include "dnssec/fetch.h"
#include "dnssec/validate.h"
#include "net/server.h"

const char *
dnstk_dane_dnssec_name(enum dnstk_dane_dnssec s)
{
	static const char *const names[] = {
		"given", "secure", "insecure", "bogus", "indeterminate",
		"unvalidated",
	};

	return (unsigned)s < sizeof(names) / sizeof(*names) ? names[s] :
	    "unknown";
}

/* Add the TLSA records of `list` owned by `name` to `out`. */
static int
take(struct dnstk_tlsa_set *out, const ldns_rr_list *list,
    const ldns_rdf *name)
{
	struct dnstk_tlsa t;
	size_t i;
	int r;

	for (i = 0; list != NULL && i < ldns_rr_list_rr_count(list); i++) {
		ldns_rr *rr = ldns_rr_list_rr(list, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TLSA ||
		    (name != NULL &&
		    ldns_dname_compare(ldns_rr_owner(rr), name) != 0)) {
			continue;
		}
		r = dnstk_tlsa_from_rr(&t, rr);
		if (r == DNSTK_EINPUT) {
			continue;	/* short rdata: not a usable record */
		}
		if (r == 0) {
			r = dnstk_tlsa_set_add(out, &t);
		}
		dnstk_tlsa_release(&t);
		if (r != 0) {
			return r;
		}
	}
	return 0;
}

static int
read_anchors(struct dnstk_anchors *a, const struct dnstk_dane_lookup_opts *o,
    int64_t now, struct dnstk_err *err)
{
	FILE *fp;
	int r;

	if (o->anchor == NULL) {
		return dnstk_anchors_add_builtin(a);
	}
	fp = fopen(o->anchor, "r");
	if (fp == NULL) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "cannot open '%s': %s", o->anchor, strerror(errno));
	}
	r = dnstk_anchors_read(a, fp, o->anchor, DNSTK_FORM_AUTO, now, err);
	fclose(fp);
	if (r != 0 && r != DNSTK_ENOMEM) {
		r = DNSTK_EINPUT;
	}
	return r;
}

int
dnstk_dane_lookup_tlsa(struct dnstk_tlsa_set *out,
    struct dnstk_dane_lookup *res, const char *owner,
    const struct dnstk_dane_lookup_opts *o, struct dnstk_err *err)
{
	struct dnstk_server srv;
	struct dnstk_anchors anchors;
	struct dnstk_rrpool pool;
	struct dnstk_val_result vr;
	struct dnstk_val_opts vo;
	struct dnstk_fetch_opts fo;
	ldns_rdf *name = NULL;
	ldns_rr_list *found = NULL;
	int64_t now = o->have_now ? o->now : (int64_t)time(NULL);
	int r;

	memset(res, 0, sizeof(*res));
	res->dnssec = DNSTK_DANE_DNSSEC_UNVALIDATED;
	dnstk_anchors_init(&anchors);
	dnstk_rrpool_init(&pool);
	dnstk_val_result_init(&vr);
	if (ldns_str2rdf_dname(&name, owner) != LDNS_STATUS_OK) {
		r = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "bad TLSA owner '%s'", owner);
		goto out;
	}
	ldns_dname2canonical(name);
	r = read_anchors(&anchors, o, now, err);
	if (r != 0) {
		goto out;
	}
	if (o->server != NULL) {
		r = dnstk_server_resolve(&srv, o->server, o->port, AF_UNSPEC,
		    err);
	} else {
		r = dnstk_server_default(&srv, o->resolv_conf != NULL ?
		    o->resolv_conf : dnstk_resolv_conf_path(), o->port, AF_UNSPEC,
		    err);
	}
	if (r != 0) {
		goto out;
	}
	memset(&fo, 0, sizeof(fo));
	fo.server = &srv;
	fo.timeout_ms = o->timeout_ms;
	fo.tries = o->tries > 0 ? o->tries : 1;
	r = dnstk_dnssec_fetch(&pool, NULL, &anchors, name, LDNS_RR_TYPE_TLSA,
	    &fo, err);
	if (r != 0) {
		goto out;
	}
	dnstk_val_opts_init(&vo);
	vo.now = now;
	r = dnstk_validate(&vr, &pool, &anchors, name, LDNS_RR_TYPE_TLSA, &vo,
	    err);
	if (r != 0) {
		goto out;
	}
	switch (vr.verdict) {
	case DNSTK_DNSSEC_SECURE:
		res->dnssec = DNSTK_DANE_DNSSEC_SECURE;
		break;
	case DNSTK_DNSSEC_INSECURE:
		res->dnssec = DNSTK_DANE_DNSSEC_INSECURE;
		break;
	case DNSTK_DNSSEC_BOGUS:
		res->dnssec = DNSTK_DANE_DNSSEC_BOGUS;
		break;
	default:
		res->dnssec = DNSTK_DANE_DNSSEC_INDETERMINATE;
		break;
	}
	snprintf(res->why, sizeof(res->why), "DNSSEC %s: %s",
	    dnstk_dnssec_state_name(vr.verdict),
	    vr.reason != NULL ? vr.reason : "");
	if (vr.answer != NULL && ldns_rr_list_rr_count(vr.answer) > 0) {
		/* The validated RRset (at the end of any CNAME chain). */
		r = take(out, vr.answer, NULL);
	} else if (vr.verdict != DNSTK_DNSSEC_SECURE) {
		/* Not secure: show what the server sent, never trusted. */
		found = dnstk_rrpool_find(&pool, name, LDNS_RR_TYPE_TLSA,
		    false);
		r = found == NULL ? DNSTK_ENOMEM : take(out, found, name);
	}
	if (r != 0) {
		goto out;
	}
	res->denied = out->n == 0;
	res->rcode = vr.answer_kind == DNSTK_ANSWER_NXDOMAIN ? 3 : 0;
out:
	ldns_rr_list_free(found);
	dnstk_val_result_release(&vr);
	dnstk_rrpool_release(&pool);
	dnstk_anchors_release(&anchors);
	ldns_rdf_deep_free(name);
	return r;
}
