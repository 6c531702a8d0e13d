/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check: names, cuts, duplicates, TTLs, delegations (zc_int.h). */
#include "zonecheck/zc_int.h"

/* ---- structure: names, cuts, duplicates, TTLs ------------------------- */

bool
zc_name_has(const struct zc *c, const struct zc_name *n, uint16_t type)
{
	size_t i;

	for (i = n->first; i < n->end; i++) {
		if (ztype(c, i) == type) {
			return true;
		}
	}
	return false;
}

int
zc_duplicates(struct zc *c)
{
	size_t i;
	int rc;

	for (i = 1; i < c->t.n; i++) {
		if (i + ZC_AHEAD < c->t.n) {
			__builtin_prefetch(dnstk_rrtab_key(&c->t, i + ZC_AHEAD));
		}
		if (dnstk_rrtab_same_rr(&c->t, i - 1, i)) {
			rc = zc_finding(c, DNSTK_ZC_WARNING, "duplicate-record", i,
			    ztype(c, i), "the record is "
			    "listed twice (also on line %lu)",
			    (unsigned long)c->t.ent[i - 1].line);
			if (rc != 0) {
				return rc;
			}
		}
	}
	dnstk_rrtab_dedup(&c->t);
	return 0;
}

/* The types and the owner and RRset starts of the table (c->ty,
 * c->brk), each key compared once, with the one before it. */
static int
table_marks(struct zc *c)
{
	size_t i;

	free(c->ty);
	free(c->brk);
	c->ty = malloc((c->t.n + 1) * sizeof(*c->ty));
	c->brk = malloc(c->t.n + 1);
	if (c->ty == NULL || c->brk == NULL) {
		free(c->ty);
		free(c->brk);
		c->ty = NULL;
		c->brk = NULL;
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < c->t.n; i++) {
		const struct dnstk_rrtab_ent *a = &c->t.ent[i], *b = a - 1;
		const uint8_t *ka, *kb;

		zc_prefetch(c, i + ZC_AHEAD);
		if (i + ZC_AHEAD < c->t.n) {
			__builtin_prefetch(dnstk_rrtab_key(&c->t, i + ZC_AHEAD));
		}
		c->ty[i] = get16(ent_wire(c, i) + a->owner_len);
		if (i == 0 || a->okey_len != b->okey_len) {
			c->brk[i] = ZC_B_OWNER | ZC_B_RRSET;
			continue;
		}
		ka = dnstk_rrtab_key(&c->t, i);
		kb = dnstk_rrtab_key(&c->t, i - 1);
		if (memcmp(ka + a->okey_len, kb + a->okey_len, 4) == 0 &&
		    memcmp(ka, kb, a->okey_len) == 0) {
			c->brk[i] = 0;
		} else {
			c->brk[i] = memcmp(ka, kb, a->okey_len) != 0 ?
			    ZC_B_OWNER | ZC_B_RRSET : ZC_B_RRSET;
		}
	}
	return 0;
}

void
zc_names_release(struct zc *c)
{
	free(c->names);
	free(c->ty);
	free(c->brk);
	c->names = NULL;
	c->ty = NULL;
	c->brk = NULL;
	c->nnames = 0;
}

int
zc_build_names(struct zc *c)
{
	size_t i, j, cut = SIZE_MAX;
	int rc;

	if ((rc = table_marks(c)) != 0) {
		return rc;
	}
	c->names = calloc(c->t.n + 1, sizeof(*c->names));
	if (c->names == NULL) {
		return DNSTK_ENOMEM;
	}
	c->apex = SIZE_MAX;
	for (i = 0; i < c->t.n; i = j) {
		struct zc_name *n = &c->names[c->nnames];
		const uint8_t *w = ent_wire(c, i);
		size_t wl = c->t.ent[i].owner_len;
		bool only3 = true;

		zc_prefetch(c, i + ZC_AHEAD);

		for (j = i; j < c->t.n && (j == i ||
		    (c->brk[j] & ZC_B_OWNER) == 0); j++) {
			uint16_t t = c->ty[j];

			if (t != LDNS_RR_TYPE_NSEC3 &&
			    t != LDNS_RR_TYPE_RRSIG) {
				only3 = false;
			}
		}
		n->first = i;
		n->end = j;
		if (name_under(w, wl, c->origin, c->origin_len)) {
			n->flags |= N_INZONE;
		}
		if (wl == c->origin_len && name_eq(w, wl, c->origin, wl)) {
			n->flags |= N_APEX;
			c->apex = c->nnames;
		}
		if (only3 && zc_name_has(c, n, LDNS_RR_TYPE_NSEC3)) {
			n->flags |= N_NSEC3;
		}
		if (cut != SIZE_MAX) {
			size_t cf = c->names[cut].first;

			if (name_under(w, wl, ent_wire(c, cf),
			    c->t.ent[cf].owner_len)) {
				n->flags |= N_BELOW;
			} else {
				cut = SIZE_MAX;
			}
		}
		if ((n->flags & (N_INZONE | N_APEX | N_BELOW)) == N_INZONE &&
		    zc_name_has(c, n, LDNS_RR_TYPE_NS)) {
			n->flags |= N_CUT;
			if (!zc_name_has(c, n, LDNS_RR_TYPE_DS)) {
				n->flags |= N_INSECURE;
			}
			cut = c->nnames;
		}
		c->nnames++;
	}
	return 0;
}

/* Authoritative RRset of type t at name n (RFC 4035 §2.2). */
bool
zc_authoritative(const struct zc_name *n, uint16_t t)
{
	if ((n->flags & N_INZONE) == 0 || (n->flags & N_BELOW) != 0) {
		return false;
	}
	if (n->flags & N_CUT) {
		return t == LDNS_RR_TYPE_DS || t == LDNS_RR_TYPE_NSEC;
	}
	return t != LDNS_RR_TYPE_RRSIG;
}

/* Order of two lowercased wire names in the target index. */
static int
target_cmp(const void *a, const void *b)
{
	const uint8_t *x = *(const uint8_t *const *)a;
	const uint8_t *y = *(const uint8_t *const *)b;

	if (x[0] != y[0]) {
		return x[0] < y[0] ? -1 : 1;	/* length first */
	}
	return memcmp(x + 1, y + 1, x[0]);
}

/*
 * Index the NS targets of the table (and of the apex, in --sorted) once:
 * each as a length byte and the lowercased wire name, sorted.
 */
static int
targets_index(struct zc *c)
{
	const struct dnstk_rrtab *tabs[2] = { &c->t, &c->apex_t };
	size_t i, k, n = 0, off;
	int ti;

	dnstk_buf_reset(&c->tgt);
	for (ti = 0; ti < 2; ti++) {
		const struct dnstk_rrtab *t = tabs[ti];

		for (i = 0; i < t->n; i++) {
			const uint8_t *w = dnstk_rrtab_wire(t, i);
			const uint8_t *rd = w + t->ent[i].owner_len + 10;
			size_t rdlen = get16(w + t->ent[i].owner_len + 8);
			size_t nl = name_len(rd, rdlen);
			uint8_t len = (uint8_t)nl;

			if (dnstk_rrtab_type(t, i) != LDNS_RR_TYPE_NS ||
			    nl == 0) {
				continue;
			}
			if (dnstk_buf_add(&c->tgt, &len, 1) != 0 ||
			    dnstk_buf_add(&c->tgt, rd, nl) != 0) {
				return DNSTK_ENOMEM;
			}
			dnstk_name_lower((uint8_t *)c->tgt.data + c->tgt.len -
			    nl, nl);
			n++;
		}
	}
	free(c->tgt_v);
	c->tgt_v = calloc(n + 1, sizeof(*c->tgt_v));
	if (c->tgt_v == NULL) {
		return DNSTK_ENOMEM;
	}
	for (k = 0, off = 0; k < n; k++) {
		c->tgt_v[k] = (const uint8_t *)c->tgt.data + off;
		off += 1u + c->tgt_v[k][0];
	}
	c->tgt_n = n;
	if (n > 1) {
		qsort(c->tgt_v, n, sizeof(*c->tgt_v), target_cmp);
	}
	return 0;
}

/* True when an NS target names `w` (targets_index() done). */
static bool
ns_target(struct zc *c, const uint8_t *w, size_t wl)
{
	uint8_t key[256];
	const uint8_t *kp = key;

	if (wl > 255 || c->tgt_v == NULL) {
		return false;
	}
	key[0] = (uint8_t)wl;
	memcpy(key + 1, w, wl);
	dnstk_name_lower(key + 1, wl);
	return bsearch(&kp, c->tgt_v, c->tgt_n, sizeof(*c->tgt_v),
	    target_cmp) != NULL;
}

static bool
has_address(struct zc *c, const uint8_t *w, size_t wl)
{
	size_t at;

	return zc_zfind(c, &at, w, wl, LDNS_RR_TYPE_A) ||
	    zc_zfind(c, &at, w, wl, LDNS_RR_TYPE_AAAA);
}

/* True when `w` is below a delegation point of the zone. */
static bool
below_a_cut(struct zc *c, const uint8_t *w, size_t wl)
{
	size_t at;

	while (wl > c->origin_len && w[0] != 0) {
		if (zc_zfind(c, &at, w, wl, LDNS_RR_TYPE_NS)) {
			return true;
		}
		wl -= 1u + w[0];
		w += 1u + w[0];
	}
	return false;
}

/* Do the TTLs differ within the RRset [i, end) (not of RRSIGs, whose
 * TTL groups are by type covered: dnstk_rrtab_ttl_differs)? */
static bool
ttl_differs(const struct zc *c, size_t i, size_t end)
{
	size_t j;

	for (j = i + 1; j < end; j++) {
		if (c->t.ent[j].ttl != c->t.ent[i].ttl) {
			return true;
		}
	}
	return false;
}

/* The NS RRset [i, end) of an authoritative name: every name server
 * below a delegation of this zone has an address record (glue). */
static int
glue_checks(struct zc *c, size_t i, size_t end)
{
	size_t j;
	int rc = 0;

	for (j = i; j < end && rc == 0; j++) {
		size_t rdlen, nl;
		const uint8_t *rd = ent_rdata(c, j, &rdlen);
		char *s;

		nl = name_len(rd, rdlen);
		if (nl == 0 || !name_under(rd, nl, c->origin, c->origin_len) ||
		    !below_a_cut(c, rd, nl) || has_address(c, rd, nl)) {
			continue;
		}
		s = zc_zname(c, rd, nl);
		rc = zc_finding(c, DNSTK_ZC_ERROR, "missing-glue", j,
		    LDNS_RR_TYPE_NS, "name server %s is below a delegation "
		    "and has no address record (glue)", s != NULL ? s : "?");
		free(s);
	}
	return rc;
}

/* The RRset at i, of type t, below a zone cut: an address record there is
 * glue only when an NS record names it; other data is not served. */
static int
below_cut_checks(struct zc *c, size_t i, uint16_t t)
{
	bool addr = t == LDNS_RR_TYPE_A || t == LDNS_RR_TYPE_AAAA;
	int rc = 0;

	if (addr && !c->tgt_done) {
		rc = targets_index(c);
		c->tgt_done = rc == 0;
	}
	if (rc == 0 && addr &&
	    !ns_target(c, ent_wire(c, i), c->t.ent[i].owner_len)) {
		rc = zc_finding(c, DNSTK_ZC_WARNING, "glue-without-delegation",
		    i, t, "address record below a delegation that no NS "
		    "record names");
	} else if (rc == 0 && !addr && t != LDNS_RR_TYPE_NS &&
	    t != LDNS_RR_TYPE_NSEC) {
		rc = zc_finding(c, DNSTK_ZC_WARNING, "occluded-data", i, t,
		    "data below a delegation is not served");
	}
	return rc;
}

int
zc_data_checks(struct zc *c)
{
	size_t k, i, end;
	int rc = 0;

	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];
		size_t cname = SIZE_MAX;
		bool other = false;

		for (i = n->first; i < n->end && rc == 0; i = end) {
			uint16_t t = ztype(c, i);

			end = zc_rrset_end(c, i);
			c->res->rrsets++;
			if ((n->flags & N_INZONE) == 0) {
				rc = zc_finding(c, DNSTK_ZC_WARNING, "out-of-zone",
				    i, t, "the record is not in the zone");
				continue;
			}
			if (t == LDNS_RR_TYPE_DS && (n->flags & N_APEX)) {
				rc = zc_finding(c, DNSTK_ZC_ERROR, "ds-at-apex",
				    i, t, "a DS record belongs in the parent "
				    "zone, at the delegation, not at the zone "
				    "apex (RFC 4034 5)");
			}
			if (t == LDNS_RR_TYPE_CNAME) {
				cname = i;
			} else if (t != LDNS_RR_TYPE_RRSIG &&
			    t != LDNS_RR_TYPE_NSEC) {
				other = true;
			}
			if (t != LDNS_RR_TYPE_RRSIG && ttl_differs(c, i, end)) {
				size_t j = i + 1;

				while (j < end && c->t.ent[j].ttl ==
				    c->t.ent[i].ttl) {
					j++;
				}
				rc = zc_finding(c, DNSTK_ZC_WARNING, "ttl-mismatch",
				    j, t, "TTL %lu differs from the RRset's TTL "
				    "%lu (line %lu); RFC 2181 5.2",
				    (unsigned long)c->t.ent[j].ttl,
				    (unsigned long)c->t.ent[i].ttl,
				    (unsigned long)c->t.ent[i].line);
			}
			if (rc == 0 && t == LDNS_RR_TYPE_NS &&
			    (n->flags & N_BELOW) == 0) {
				rc = glue_checks(c, i, end);
			}
			if (rc == 0 && (n->flags & N_BELOW) &&
			    t != LDNS_RR_TYPE_RRSIG) {
				rc = below_cut_checks(c, i, t);
			}
		}
		if (rc == 0 && cname != SIZE_MAX && other) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "cname-and-other-data",
			    cname, LDNS_RR_TYPE_CNAME, "a CNAME cannot be "
			    "beside other data (RFC 2181 10.1)");
		}
	}
	return rc;
}
