/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve's log lines. */
#include <stdlib.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "out/serve_log.h"

/* The question's name and type in presentation form, or "-" and "-". */
static void
question(char *name, size_t ncap, char *type, size_t tcap,
    const struct dnstk_serve_info *q)
{
	ldns_rdf *d;
	char *s, *t;

	if (!q->parsed) {
		snprintf(name, ncap, "-");
		snprintf(type, tcap, "-");
		return;
	}
	d = ldns_dname_new_frm_data((uint16_t)q->qname_len, q->qname);
	s = d != NULL ? ldns_rdf2str(d) : NULL;
	snprintf(name, ncap, "%s", s != NULL ? s : "?");
	free(s);
	ldns_rdf_deep_free(d);
	t = ldns_rr_type2str((ldns_rr_type)q->qtype);
	snprintf(type, tcap, "%s", t != NULL ? t : "?");
	free(t);
}

void
dnstk_query_log_write(FILE *log, const char *peer, bool tcp,
    const struct dnstk_serve_info *q)
{
	char name[1100], type[32];
	const char *rc = dnstk_rcode_name(q->rcode);

	question(name, sizeof(name), type, sizeof(type), q);
	/* one fprintf per line: stdio locks the stream, lines never mix */
	fprintf(log, "query: %s %s %s %s%s%s -> %s%s %zu\n", peer,
	    tcp ? "tcp" : "udp", name, type, q->edns ? " +edns" : "",
	    q->dnssec_ok ? " +do" : "", rc != NULL ? rc : "?",
	    q->tc ? " tc" : "", q->size);
}

void
dnstk_listening_write(FILE *log, const char *name)
{
	fprintf(log, "listening on %s\n", name);
}
