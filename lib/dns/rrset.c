/* SPDX-License-Identifier: BSD-3-Clause */
/* RRsets in messages: truncation by whole RRsets (RFC 2181 §9). */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"

/* ---- truncation ------------------------------------------------------- */

static size_t
msg_size(const struct dnstk_msg *m)
{
	size_t n = 12, i;
	int s;

	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		for (i = 0; i < ldns_rr_list_rr_count(m->sec[s]); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(m->sec[s], i);

			n += s == DNSTK_SEC_QUESTION ?
			    ldns_rdf_size(ldns_rr_owner(rr)) + 4u :
			    ldns_rr_uncompressed_size(rr);
		}
	}
	return n;
}

static bool
pinned(const ldns_rr *rr)
{
	ldns_rr_type t = ldns_rr_get_type(rr);

	return t == LDNS_RR_TYPE_OPT || t == LDNS_RR_TYPE_TSIG ||
	    (t == LDNS_RR_TYPE_SIG && ldns_rr_rd_count(rr) > 0);
}

static bool
same_rrset(const ldns_rr *a, const ldns_rr *b)
{
	return ldns_rr_get_type(a) == ldns_rr_get_type(b) &&
	    ldns_rr_get_class(a) == ldns_rr_get_class(b) &&
	    ldns_dname_compare(ldns_rr_owner(a), ldns_rr_owner(b)) == 0;
}

/* Remove every record of the RRset of `victim` from `list`. */
static void
drop_rrset(ldns_rr_list *list, const ldns_rr *victim)
{
	ldns_rr *keep = ldns_rr_clone(victim);
	size_t i = ldns_rr_list_rr_count(list), j, n;
	ldns_rr *rr;

	/* without memory for `keep`, still make progress: drop the one */
	n = i;
	for (i = n; i-- > 0;) {
		rr = ldns_rr_list_rr(list, i);
		if (rr == victim || (keep != NULL && same_rrset(rr, keep))) {
			for (j = i; j + 1 < ldns_rr_list_rr_count(list); j++) {
				ldns_rr_list_set_rr(list,
				    ldns_rr_list_rr(list, j + 1), j);
			}
			ldns_rr_list_set_rr_count(list,
			    ldns_rr_list_rr_count(list) - 1);
			ldns_rr_free(rr);
		}
	}
	ldns_rr_free(keep);
}

int
dnstk_rrset_fit(struct dnstk_msg *m, size_t limit, bool *tc)
{
	int s;
	size_t i;
	ldns_rr *victim;

	*tc = false;
	for (s = DNSTK_SEC_ADDITIONAL; s >= DNSTK_SEC_ANSWER; s--) {
		while (msg_size(m) > limit) {
			victim = NULL;
			for (i = ldns_rr_list_rr_count(m->sec[s]); i-- > 0;) {
				ldns_rr *rr = ldns_rr_list_rr(m->sec[s], i);

				if (s != DNSTK_SEC_ADDITIONAL || !pinned(rr)) {
					victim = rr;
					break;
				}
			}
			if (victim == NULL) {
				break;
			}
			drop_rrset(m->sec[s], victim);
			dnstk_msg_touch(m);
			if (s != DNSTK_SEC_ADDITIONAL) {
				*tc = true;
			}
		}
	}
	return msg_size(m) > limit ? DNSTK_EINPUT : 0;
}
