/* SPDX-License-Identifier: BSD-3-Clause */
/* The data an RRSIG signs (RFC 4034 §3.1.8.1, RFC 4035 §5.3). */
#include <string.h>

#include <ldns/ldns.h>

#include "dns/canon_int.h"
#include "dns/sigdata.h"

/* Static messages for *why: the label-count checks of RFC 4035 §5.3.1. */
static const char *const why_labels_over =
    "RRSIG Labels field exceeds the labels of its owner name "
    "(RFC 4035 section 5.3.1)";
static const char *const why_labels_under =
    "RRSIG Labels field is below the labels of its signer name: the "
    "wildcard it names lies outside the signer's zone "
    "(RFC 4035 section 5.3.1)";

/*
 * Check the RRSIG's label count `labels` against its owner (`nl` labels,
 * a leading "*" not counted) and its signer name (`slabels` labels): the
 * count may not exceed the owner's, and the wildcard owner it names
 * (RFC 4035 §5.3.2) must lie in the signer's zone, so it may not be below
 * the signer's.  Returns 0 or DNSTK_EINPUT with *why set.
 */
static int
check_labels(unsigned labels, int nl, size_t slabels, const char **why)
{
	if (labels > (unsigned)nl) {
		*why = why_labels_over;
		return DNSTK_EINPUT;
	}
	if (labels < slabels) {
		*why = why_labels_under;
		return DNSTK_EINPUT;
	}
	return 0;
}

int
dnstk_rrtab_signed_data(struct dnstk_buf *out, const struct dnstk_rrtab *t,
    size_t sig, size_t *count, const char **why)
{
	const struct dnstk_rrtab_ent *e = &t->ent[sig];
	const uint8_t *w = dnstk_rrtab_wire(t, sig), *rd;
	uint8_t starts[DNSTK_LABELS_MAX + 1], owner[DNSTK_NAME_MAX_WIRE + 2];
	size_t rdlen, slen, olen, i, end, start = out->len;
	uint32_t ottl;
	int nl, skip = 0, r;

	*count = 0;
	rd = dnstk_rrtab_canon_rdata(t, sig, &rdlen);
	if (dnstk_rrtab_type(t, sig) != LDNS_RR_TYPE_RRSIG || rdlen < 19) {
		*why = "not an RRSIG record";
		return DNSTK_EINPUT;
	}
	/* the signer name ends the part that is signed */
	slen = 0;
	while (18 + slen < rdlen && rd[18 + slen] != 0) {
		slen += 1u + rd[18 + slen];
	}
	slen++;
	if (18 + slen > rdlen) {
		*why = "RRSIG signer name runs past the RDATA";
		return DNSTK_EINPUT;
	}
	ottl = get32(rd + 4);

	/* owner: the RRSIG's, or the wildcard its label count names */
	memcpy(owner, w, e->owner_len);
	olen = e->owner_len;
	dnstk_name_lower(owner, olen);
	nl = dnstk_name_label_starts(starts, owner, olen);
	if (nl < 0) {
		*why = "bad RRSIG owner name";
		return DNSTK_EINPUT;
	}
	/* the root label starts where the name ends: starts[nl] */
	starts[nl] = (uint8_t)(olen - 1);
	if (nl > 0 && owner[0] == 1 && owner[1] == '*') {
		nl--;
		skip = 1;
	}
	if (check_labels(rd[3], nl, dnstk_name_labels(rd + 18, slen),
	    why) != 0) {
		return DNSTK_EINPUT;
	}
	r = dnstk_rrtab_find(&i, t, w, e->owner_len,
	    dnstk_rrtab_class(t, sig), get16(rd));
	if (r != 0) {
		if (r == DNSTK_EINPUT) {
			*why = "RRSIG owner is not a valid name";
		}
		return r;
	}
	if (i == t->n) {
		return 0;
	}
	if (rd[3] < nl || skip) {
		/* keep the rightmost rd[3] labels (and the root) */
		size_t from = starts[nl + skip - rd[3]];

		owner[0] = 1;
		owner[1] = '*';
		memmove(owner + 2, owner + from, olen - from);
		olen = 2 + olen - from;
	}

	if (dnstk_buf_add(out, rd, 18 + slen) != 0) {
		return DNSTK_ENOMEM;
	}
	end = dnstk_rrtab_rrset_end(t, i);
	for (; i < end; i++) {
		const uint8_t *crd;
		size_t crdlen;
		uint8_t fixed[10];

		if (i > 0 && dnstk_rrtab_same_rr(t, i - 1, i) &&
		    *count > 0) {
			continue;	/* a duplicate is signed once */
		}
		crd = dnstk_rrtab_canon_rdata(t, i, &crdlen);
		memcpy(fixed, dnstk_rrtab_wire(t, i) + t->ent[i].owner_len, 4);
		put32(fixed + 4, ottl);
		put16(fixed + 8, (uint16_t)crdlen);
		if (dnstk_buf_add(out, owner, olen) != 0 ||
		    dnstk_buf_add(out, fixed, sizeof(fixed)) != 0 ||
		    dnstk_buf_add(out, crd, crdlen) != 0) {
			dnstk_buf_truncate(out, start);
			*count = 0;
			return DNSTK_ENOMEM;
		}
		(*count)++;
	}
	return 0;
}
