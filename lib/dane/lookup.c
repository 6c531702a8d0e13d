/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSA lookups over ldns's resolver (one query, DO set, no recursion here). */
#include <string.h>

#include <ldns/ldns.h>

#include "dane/lookup.h"
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

int
dnstk_dane_lookup_tlsa(struct dnstk_tlsa_set *out,
    struct dnstk_dane_lookup *res, const char *owner,
    const struct dnstk_dane_lookup_opts *o, struct dnstk_err *err)
{
	struct dnstk_server srv;
	struct dnstk_tlsa t;
	ldns_resolver *rs = NULL;
	ldns_rdf *name = NULL, *ns = NULL;
	ldns_pkt *pkt = NULL;
	ldns_rr_list *ans;
	ldns_status st;
	char where[128];
	size_t i;
	int r;

	memset(res, 0, sizeof(*res));
	memset(&t, 0, sizeof(t));
	res->dnssec = DNSTK_DANE_DNSSEC_UNVALIDATED;
	if (o->server != NULL) {
		r = dnstk_server_resolve(&srv, o->server, o->port, AF_UNSPEC,
		    err);
	} else {
		r = dnstk_server_default(&srv, o->resolv_conf != NULL ?
		    o->resolv_conf : DNSTK_RESOLV_CONF, o->port, AF_UNSPEC,
		    err);
	}
	if (r != 0) {
		return r;
	}
	if (ldns_str2rdf_dname(&name, owner) != LDNS_STATUS_OK) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "bad TLSA owner '%s'", owner);
	}
	r = DNSTK_ENOMEM;
	rs = ldns_resolver_new();
	ns = ldns_sockaddr_storage2rdf(&srv.addr, NULL);
	if (rs == NULL || ns == NULL ||
	    ldns_resolver_push_nameserver(rs, ns) != LDNS_STATUS_OK) {
		goto out;
	}
	ldns_resolver_set_port(rs, srv.port);
	ldns_resolver_set_dnssec(rs, true);
	ldns_resolver_set_edns_udp_size(rs, 1232);
	ldns_resolver_set_retry(rs, (uint8_t)(o->tries > 0 ? o->tries : 1));
	ldns_resolver_set_retrans(rs, 1);
	ldns_resolver_set_timeout(rs, (struct timeval){
	    o->timeout_ms / 1000, (o->timeout_ms % 1000) * 1000 });
	ldns_resolver_set_recursive(rs, true);
	st = ldns_resolver_send(&pkt, rs, name, LDNS_RR_TYPE_TLSA,
	    LDNS_RR_CLASS_IN, LDNS_RD);
	if (st != LDNS_STATUS_OK || pkt == NULL) {
		dnstk_server_str(where, sizeof(where), &srv);
		r = dnstk_err_set(err, st == LDNS_STATUS_NETWORK_ERR ||
		    st == LDNS_STATUS_OK ? DNSTK_ETIMEOUT : DNSTK_ENET, NULL,
		    0, "no answer from %s for %s TLSA: %s", where, owner,
		    ldns_get_errorstr_by_id(st));
		goto out;
	}
	if (ldns_pkt_tc(pkt)) {
		/* Retry over TCP: ldns keeps the nameserver and timeout. */
		ldns_pkt_free(pkt);
		pkt = NULL;
		ldns_resolver_set_usevc(rs, true);
		st = ldns_resolver_send(&pkt, rs, name, LDNS_RR_TYPE_TLSA,
		    LDNS_RR_CLASS_IN, LDNS_RD);
		if (st != LDNS_STATUS_OK || pkt == NULL) {
			dnstk_server_str(where, sizeof(where), &srv);
			r = dnstk_err_set(err, DNSTK_ENET, NULL, 0,
			    "no TCP answer from %s: %s", where,
			    ldns_get_errorstr_by_id(st));
			goto out;
		}
	}
	res->rcode = ldns_pkt_get_rcode(pkt);
	res->ad = ldns_pkt_ad(pkt);
	if (res->rcode != LDNS_RCODE_NOERROR &&
	    res->rcode != LDNS_RCODE_NXDOMAIN) {
		dnstk_server_str(where, sizeof(where), &srv);
		r = dnstk_err_set(err, DNSTK_ENET, NULL, 0, "%s answered "
		    "rcode %u for %s TLSA", where, res->rcode, owner);
		goto out;
	}
	ans = ldns_pkt_answer(pkt);
	for (i = 0; i < ldns_rr_list_rr_count(ans); i++) {
		ldns_rr *rr = ldns_rr_list_rr(ans, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TLSA ||
		    ldns_dname_compare(ldns_rr_owner(rr), name) != 0) {
			continue;
		}
		r = dnstk_tlsa_from_rr(&t, rr);
		if (r == 0) {
			r = dnstk_tlsa_set_add(out, &t);
		}
		dnstk_tlsa_release(&t);
		if (r != 0) {
			goto out;
		}
	}
	res->denied = out->n == 0;
	snprintf(res->why, sizeof(res->why), "not validated: this build "
	    "has no DNSSEC validator yet%s", res->ad ?
	    " (the server set AD, which is not trusted)" : "");
	r = 0;
out:
	ldns_pkt_free(pkt);
	ldns_resolver_deep_free(rs);
	ldns_rdf_deep_free(ns);	/* push_nameserver took a copy */
	ldns_rdf_deep_free(name);
	return r;
}
