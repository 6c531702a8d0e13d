/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check: type bitmaps and the NSEC chain (see zc_int.h). */
#include "zonecheck/zc_int.h"

/* ---- NSEC ------------------------------------------------------------- */

/* Types present at a name, as a sorted list; NSEC3 left out if asked. */
size_t
zc_types_at(const struct zc *c, const struct zc_name *n, uint16_t *out,
    bool nsec3)
{
	size_t i, m = 0;

	for (i = n->first; i < n->end; i++) {
		uint16_t t = ztype(c, i);

		if (nsec3 && t == LDNS_RR_TYPE_NSEC3) {
			continue;
		}
		if (m == 0 || out[m - 1] != t) {
			out[m++] = t;
		}
	}
	return m;
}

/* Decode an RFC 4034 §4.1.2 bitmap; -1 when malformed. */
long
zc_bitmap_types(const uint8_t *p, size_t len, uint16_t *out, size_t cap)
{
	size_t i = 0, m = 0, b;

	while (i < len) {
		unsigned win, blen;

		if (i + 2 > len) {
			return -1;
		}
		win = p[i];
		blen = p[i + 1];
		if (blen == 0 || blen > 32 || i + 2 + blen > len) {
			return -1;
		}
		for (b = 0; b < blen * 8u; b++) {
			if (p[i + 2 + b / 8] & (0x80 >> (b % 8))) {
				if (m == cap) {
					return -1;
				}
				out[m++] = (uint16_t)(win * 256 + b);
			}
		}
		i += 2u + blen;
	}
	return (long)m;
}

/* Describe how bitmap `got` differs from `want` into `out`: 0, ENOMEM. */
int
zc_bitmap_diff(struct dnstk_buf *out, const uint16_t *want, size_t nw,
    const uint16_t *got, size_t ng)
{
	size_t i, j;
	char tb[16];
	bool first = true;
	int rc = 0;

	for (i = 0; i < ng; i++) {
		for (j = 0; j < nw && want[j] != got[i]; j++) {
		}
		if (j == nw) {
			zc_type_str(tb, sizeof(tb), got[i]);
			rc |= dnstk_buf_addf(out, "%s%s", first ? "lists " :
			    " ", tb);
			first = false;
		}
	}
	if (!first) {
		rc |= dnstk_buf_adds(out, " (not present)");
	}
	first = true;
	for (j = 0; j < nw; j++) {
		for (i = 0; i < ng && want[j] != got[i]; i++) {
		}
		if (i == ng) {
			zc_type_str(tb, sizeof(tb), want[j]);
			rc |= dnstk_buf_addf(out, "%s%s", first ? (out->len ?
			    "; misses " : "misses ") : " ", tb);
			first = false;
		}
	}
	return rc ? DNSTK_ENOMEM : 0;
}



/*
 * The NSEC chain, fed name by name in canonical order (one table or the
 * chunks of --sorted): each NSEC's next name must be the next
 * authoritative name; the last one must point back to the apex.  An NSEC
 * waits in c->ns until that next name is seen.
 */
/* The NSEC waiting for the next name meets name n (key, klen). */
static int
nsec_close_prev(struct zc *c, const struct zc_name *n, const uint8_t *key,
    size_t klen)
{
	struct nsec_state *st = &c->ns;
	int d = key_cmp((const uint8_t *)st->next.data, st->next.len, key,
	    klen), rc = 0;
	bool to_apex = key_cmp((const uint8_t *)st->next.data, st->next.len,
	    (const uint8_t *)c->okey.data, c->okey.len) == 0;
	char *here = zc_zname(c, ent_wire(c, n->first),
	    c->t.ent[n->first].owner_len);

	if (d != 0 && (d > 0 || to_apex)) {
		dnstk_buf_reset(&st->gap);
		st->gap_to_end = to_apex;
		rc = dnstk_buf_add(&st->gap, st->next.data, st->next.len);
		rc = rc ? rc : zc_finding_at(c, DNSTK_ZC_ERROR,
		    "nsec-chain-gap", &st->prev, LDNS_RR_TYPE_NSEC, "the "
		    "chain skips %s: this NSEC points to %s", here ? here : "?",
		    st->next_s ? st->next_s : "?");
	} else if (d != 0) {
		rc = zc_finding_at(c, DNSTK_ZC_ERROR, "nsec-next-wrong",
		    &st->prev, LDNS_RR_TYPE_NSEC, "next name %s does not "
		    "exist; the next name of the zone is %s",
		    st->next_s ? st->next_s : "?", here ? here : "?");
	}
	free(here);
	st->have_prev = false;
	return rc;
}

/* Name n's NSEC (entry ns): its bitmap; it then waits for the next name. */
static int
nsec_take(struct zc *c, const struct zc_name *n, size_t ns,
    struct dnstk_buf *nk, struct dnstk_buf *msg)
{
	struct nsec_state *st = &c->ns;
	uint16_t want[512], got[512];
	size_t rdlen, nl, nw;
	const uint8_t *rd;
	long ng;
	int rc;

	rd = ent_rdata(c, ns, &rdlen);
	nl = name_len(rd, rdlen);
	dnstk_buf_reset(nk);
	rc = nl == 0 ? DNSTK_EINPUT : dnstk_name_key(nk, rd, nl);
	if (rc == DNSTK_ENOMEM) {
		return rc;
	}
	if (rc != 0) {
		return zc_finding(c, DNSTK_ZC_ERROR, "nsec-malformed", ns,
		    LDNS_RR_TYPE_NSEC, "the next owner name is bad");
	}
	ng = zc_bitmap_types(rd + nl, rdlen - nl, got, 512);
	nw = zc_types_at(c, n, want, false);
	dnstk_buf_reset(msg);
	if (ng < 0) {
		rc = dnstk_buf_adds(msg, "the type bitmap is malformed");
	} else {
		rc = zc_bitmap_diff(msg, want, nw, got, (size_t)ng);
	}
	if (rc == 0 && msg->len > 0) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec-bitmap", ns,
		    LDNS_RR_TYPE_NSEC, "type bitmap %s", msg->data);
	}
	/* this NSEC now waits for the next authoritative name */
	zc_where_release(&st->prev);
	free(st->next_s);
	dnstk_buf_reset(&st->next);
	st->next_s = zc_zname(c, rd, nl);
	rc = rc ? rc : zc_where_of(&st->prev, c, ns);
	rc = rc ? rc : dnstk_buf_add(&st->next, nk->data, nk->len);
	st->have_prev = rc == 0;
	return rc;
}

int
zc_nsec_feed(struct zc *c)
{
	struct nsec_state *st = &c->ns;
	struct dnstk_buf nk, msg;
	size_t k, i, ns;
	int rc = 0;

	dnstk_buf_init(&nk);
	dnstk_buf_init(&msg);
	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];
		const uint8_t *key = dnstk_rrtab_key(&c->t, n->first);
		size_t klen = c->t.ent[n->first].okey_len;

		for (i = n->first, ns = SIZE_MAX; i < n->end; i++) {
			if (ztype(c, i) == LDNS_RR_TYPE_NSEC) {
				ns = i;
			}
		}
		if (!nsec_name(n)) {
			if (ns != SIZE_MAX) {
				rc = zc_finding(c, DNSTK_ZC_ERROR,
				    "nsec-unexpected", ns, LDNS_RR_TYPE_NSEC,
				    "an NSEC record where the zone has no "
				    "authoritative data");
			}
			continue;
		}
		if (st->have_prev && (rc = nsec_close_prev(c, n, key, klen)) !=
		    0) {
			break;
		}
		if (ns == SIZE_MAX) {
			if (st->gap_to_end || key_cmp(key, klen,
			    (const uint8_t *)st->gap.data, st->gap.len) < 0) {
				continue;	/* named by the gap finding */
			}
			rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec-missing",
			    n->first, ztype(c, n->first),
			    "the name has no NSEC record");
			continue;
		}
		rc = nsec_take(c, n, ns, &nk, &msg);
	}
	dnstk_buf_release(&nk);
	dnstk_buf_release(&msg);
	return rc;
}

/* The end of the chain: the last NSEC must point back to the apex. */
int
zc_nsec_end(struct zc *c)
{
	struct nsec_state *st = &c->ns;
	char *apex;
	int rc = 0;

	if (!st->have_prev || key_cmp((const uint8_t *)st->next.data,
	    st->next.len, (const uint8_t *)c->okey.data, c->okey.len) == 0) {
		return 0;
	}
	apex = zc_zname(c, c->origin, c->origin_len);
	rc = zc_finding_at(c, DNSTK_ZC_ERROR, "nsec-chain-open", &st->prev,
	    LDNS_RR_TYPE_NSEC, "the last NSEC points to %s, not back to the "
	    "apex %s", st->next_s ? st->next_s : "?", apex ? apex : "?");
	free(apex);
	return rc;
}

void
zc_nsec_state_release(struct nsec_state *st)
{
	zc_where_release(&st->prev);
	free(st->next_s);
	dnstk_buf_release(&st->next);
	dnstk_buf_release(&st->gap);
	memset(st, 0, sizeof(*st));
}
