/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check: the NSEC3 chain (see zc_int.h). */
#include "zonecheck/zc_int.h"

/* ---- NSEC3 ------------------------------------------------------------ */


struct n3_name {	/* a name the chain must cover */
	uint8_t hash[20];
	uint8_t wire[256];
	size_t wl;
	bool ent;	/* empty non-terminal */
	bool optional;	/* may be left out under opt-out */
	size_t name;	/* index into names, or SIZE_MAX for an ENT */
};

struct n3_rec {		/* an NSEC3 record */
	uint8_t hash[20];
	uint8_t next[20];
	size_t ent;
	bool opt_out;
	bool used;
};

static int
b32hex_decode(uint8_t *out, size_t cap, const uint8_t *s, size_t len)
{
	size_t i, n = 0;
	unsigned acc = 0, bits = 0;

	for (i = 0; i < len; i++) {
		int ch = s[i], v;

		if (ch >= '0' && ch <= '9') {
			v = ch - '0';
		} else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'v') {
			v = (ch | 0x20) - 'a' + 10;
		} else {
			return -1;
		}
		acc = (acc << 5) | (unsigned)v;
		bits += 5;
		if (bits >= 8) {
			if (n == cap) {
				return -1;
			}
			out[n++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

/* RFC 5155 §5 hash of a lowercased wire name. */
static int
n3_hash(uint8_t out[20], const uint8_t *name, size_t nl,
    const struct n3_param *p, EVP_MD_CTX *ctx, const EVP_MD *md)
{
	unsigned len, i;

	for (i = 0; i <= p->iter; i++) {
		if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
		    EVP_DigestUpdate(ctx, i == 0 ? name : out,
		    i == 0 ? nl : 20) != 1 ||
		    EVP_DigestUpdate(ctx, p->salt, p->salt_len) != 1 ||
		    EVP_DigestFinal_ex(ctx, out, &len) != 1) {
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

static int
hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 20);	/* hash is the first member */
}

static int
n3_param_read(struct n3_param *p, const uint8_t *rd, size_t rdlen)
{
	if (rdlen < 5 || rdlen < 5u + rd[4]) {
		return -1;
	}
	p->alg = rd[0];
	p->flags = rd[1];
	p->iter = get16(rd + 2);
	p->salt_len = rd[4];
	memcpy(p->salt, rd + 5, rd[4]);
	return 0;
}

/*
 * Find the name `w` among the names: *at is its index or SIZE_MAX.
 * Returns 0 or DNSTK_ENOMEM.
 */
static int
find_name(const struct zc *c, size_t *at, const uint8_t *w, size_t wl)
{
	struct dnstk_buf k;
	size_t lo = 0, hi = c->nnames, mid;
	int d;

	*at = SIZE_MAX;
	dnstk_buf_init(&k);
	if (dnstk_name_key(&k, w, wl) != 0) {
		return DNSTK_ENOMEM;
	}
	while (lo < hi) {
		size_t f;

		mid = lo + (hi - lo) / 2;
		f = c->names[mid].first;
		d = key_cmp(dnstk_rrtab_key(&c->t, f), c->t.ent[f].okey_len,
		    (const uint8_t *)k.data, k.len);
		if (d == 0) {
			*at = mid;
			break;
		}
		if (d < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	dnstk_buf_release(&k);
	return 0;
}

/* Collect the names the chain must cover, ENTs included. */
static int
n3_expected(struct zc *c, struct n3_name **out, size_t *count)
{
	struct n3_name *v;
	size_t k, m = 0, cap = c->nnames * 2 + 8;

	v = calloc(cap, sizeof(*v));
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	/*
	 * The ENTs above the previous name.  An ENT's descendants are
	 * contiguous in canonical order, so an ENT seen before is among
	 * them: no search of the whole list.
	 */
	size_t recent[128], cur[128], nrecent = 0, ncur;

	for (k = 0; k < c->nnames; k++) {
		struct zc_name *n = &c->names[k];
		const uint8_t *w;
		size_t wl;
		bool optional;

		if (!nsec_name(n)) {
			continue;
		}
		ncur = 0;
		w = ent_wire(c, n->first);
		wl = c->t.ent[n->first].owner_len;
		optional = (n->flags & N_INSECURE) != 0;
		if (m + 1 >= cap) {
			void *p = realloc(v, (cap *= 2) * sizeof(*v));

			if (p == NULL) {
				free(v);
				return DNSTK_ENOMEM;
			}
			v = p;
		}
		memset(&v[m], 0, sizeof(v[m]));
		memcpy(v[m].wire, w, wl);
		v[m].wl = wl;
		v[m].optional = optional;
		v[m].name = k;
		m++;
		/* ancestors that hold no data are empty non-terminals */
		while (wl > c->origin_len) {
			size_t at, j;

			wl -= 1u + w[0];
			w += 1u + w[0];
			if (wl <= c->origin_len) {
				break;
			}
			if (find_name(c, &at, w, wl) != 0) {
				free(v);
				return DNSTK_ENOMEM;
			}
			if (at != SIZE_MAX) {
				continue;
			}
			for (j = 0; j < nrecent; j++) {
				struct n3_name *e = &v[recent[j]];

				if (e->wl == wl && name_eq(e->wire, wl, w, wl)) {
					break;
				}
			}
			if (j < nrecent) {
				if (!optional) {
					v[recent[j]].optional = false;
				}
				cur[ncur++] = recent[j];
				continue;
			}
			if (m + 1 >= cap) {
				void *p = realloc(v, (cap *= 2) * sizeof(*v));

				if (p == NULL) {
					free(v);
					return DNSTK_ENOMEM;
				}
				v = p;
			}
			memset(&v[m], 0, sizeof(v[m]));
			memcpy(v[m].wire, w, wl);
			v[m].wl = wl;
			v[m].ent = true;
			v[m].optional = optional;
			v[m].name = SIZE_MAX;
			cur[ncur++] = m;
			m++;
		}
		memcpy(recent, cur, ncur * sizeof(cur[0]));
		nrecent = ncur;
	}
	*out = v;
	*count = m;
	return 0;
}

/*
 * Read and judge the NSEC3PARAM at `param_ent` into *p.  p->alg is 0
 * when the chain cannot be checked (malformed, unknown hash), p->iter
 * above NSEC3_ITER_MAX when it must not be hashed.  0 or ENOMEM.
 */
int
zc_nsec3param_check(struct zc *c, size_t param_ent, struct n3_param *p)
{
	const uint8_t *rd;
	size_t rdlen;
	int rc = 0;

	rd = ent_rdata(c, param_ent, &rdlen);
	if (n3_param_read(p, rd, rdlen) != 0) {
		p->alg = 0;
		return zc_finding(c, DNSTK_ZC_ERROR, "nsec3param-malformed",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "NSEC3PARAM is "
		    "malformed");
	}
	if (p->alg != 1) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3param-unsupported",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "hash algorithm %u "
		    "is not SHA-1", p->alg);
		p->alg = 0;
		return rc;
	}
	if (p->iter > 0 || p->salt_len > 0) {
		rc = zc_finding(c, DNSTK_ZC_WARNING, "nsec3param-not-recommended",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "%u extra iterations "
		    "and a salt of %u octets: RFC 9276 asks for 0 and none",
		    p->iter, p->salt_len);
	}
	if (rc == 0 && p->iter > NSEC3_ITER_MAX) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3param-iterations",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "%u iterations is "
		    "above %u: the chain is not checked", p->iter,
		    NSEC3_ITER_MAX);
	}
	return rc;
}

int
zc_nsec3_chain(struct zc *c, size_t param_ent)
{
	struct n3_param p, q;
	struct n3_name *names = NULL;
	struct n3_rec *recs = NULL;
	size_t nn = 0, nr = 0, i, j, rdlen;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA1", NULL);
	uint16_t want[512], got[512];
	struct dnstk_buf msg;
	bool mismatch = false;
	const uint8_t *rd;
	int rc = 0;

	dnstk_buf_init(&msg);
	if (ctx == NULL || md == NULL) {
		rc = DNSTK_ENOMEM;
		goto out;
	}
	rc = zc_nsec3param_check(c, param_ent, &p);
	if (rc != 0 || p.alg != 1 || p.iter > NSEC3_ITER_MAX) {
		goto out;
	}
	/* the NSEC3 records */
	recs = calloc(c->t.n + 1, sizeof(*recs));
	if (recs == NULL || rc != 0) {
		rc = rc ? rc : DNSTK_ENOMEM;
		goto out;
	}
	for (i = 0; i < c->t.n; i++) {
		const uint8_t *w = ent_wire(c, i);
		struct n3_rec *r = &recs[nr];

		if (ztype(c, i) != LDNS_RR_TYPE_NSEC3) {
			continue;
		}
		rd = ent_rdata(c, i, &rdlen);
		if (n3_param_read(&q, rd, rdlen) != 0 ||
		    rdlen < 6u + q.salt_len || rd[5 + q.salt_len] != 20 ||
		    rdlen < 26u + q.salt_len ||
		    b32hex_decode(r->hash, 20, w + 1, w[0]) != 20) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3-malformed", i,
			    LDNS_RR_TYPE_NSEC3, "the NSEC3 record or its "
			    "owner hash is malformed");
			if (rc != 0) {
				goto out;
			}
			continue;
		}
		if (q.alg != p.alg || q.iter != p.iter ||
		    q.salt_len != p.salt_len ||
		    memcmp(q.salt, p.salt, p.salt_len) != 0) {
			mismatch = true;
		}
		memcpy(r->next, rd + 6 + q.salt_len, 20);
		r->opt_out = (q.flags & 1) != 0;
		r->ent = i;
		nr++;
	}
	if (mismatch) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3param-mismatch",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "the NSEC3 records "
		    "use other parameters (algorithm, iterations or salt) "
		    "than this NSEC3PARAM");
		goto out;
	}
	if (nr == 0) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3-missing", param_ent,
		    LDNS_RR_TYPE_NSEC3PARAM, "NSEC3PARAM but no NSEC3 "
		    "records");
		goto out;
	}
	qsort(recs, nr, sizeof(*recs), hash_cmp);
	rc = n3_expected(c, &names, &nn);
	for (i = 0; i < nn && rc == 0; i++) {
		uint8_t low[256];

		memcpy(low, names[i].wire, names[i].wl);
		dnstk_name_lower(low, names[i].wl);
		rc = n3_hash(names[i].hash, low, names[i].wl, &p, ctx, md);
	}
	if (rc != 0) {
		goto out;
	}
	qsort(names, nn, sizeof(*names), hash_cmp);
	/* walk the chain: what each NSEC3 skips, bitmaps, next hashes */
	for (i = 0, j = 0; i < nr && rc == 0; i++) {
		struct n3_rec *r = &recs[i];
		struct n3_rec *nx = &recs[(i + 1) % nr];
		bool last = i + 1 == nr;

		/* names hashing below this record's hash: not covered */
		while (j < nn && memcmp(names[j].hash, r->hash, 20) < 0) {
			j++;	/* before the first record: handled below */
		}
		if (j < nn && memcmp(names[j].hash, r->hash, 20) == 0) {
			struct n3_name *m = &names[j];
			long ng;
			size_t nw = 0;

			r->used = true;
			rd = ent_rdata(c, r->ent, &rdlen);
			ng = zc_bitmap_types(rd + 26 + rd[4], rdlen - 26 - rd[4],
			    got, 512);
			if (m->name != SIZE_MAX) {
				nw = zc_types_at(c, &c->names[m->name], want,
				    true);
			}
			dnstk_buf_reset(&msg);
			if (ng < 0) {
				rc = dnstk_buf_adds(&msg, "is malformed");
			} else {
				rc = zc_bitmap_diff(&msg, want, nw, got,
				    (size_t)ng);
			}
			if (rc == 0 && msg.len > 0) {
				char *s = zc_zname(c, m->wire, m->wl);

				rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3-bitmap",
				    r->ent, LDNS_RR_TYPE_NSEC3, "type bitmap "
				    "for %s %s", s ? s : "?", msg.data);
				free(s);
			}
			j++;
		}
		if (memcmp(r->next, nx->hash, 20) != 0) {
			rc = rc ? rc : zc_finding(c, DNSTK_ZC_ERROR,
			    "nsec3-next-wrong", r->ent, LDNS_RR_TYPE_NSEC3,
			    "the next hashed owner is not the next NSEC3 "
			    "record of the chain");
		}
		/* expected names strictly between this and the next */
		while (rc == 0 && j < nn && (last ||
		    memcmp(names[j].hash, nx->hash, 20) < 0)) {
			struct n3_name *m = &names[j++];
			char *s;

			if (m->optional && r->opt_out) {
				continue;
			}
			s = zc_zname(c, m->wire, m->wl);
			rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3-chain-gap",
			    r->ent, LDNS_RR_TYPE_NSEC3, "no NSEC3 record "
			    "for %s%s%s: this one covers it", s ? s : "?",
			    m->ent ? " (an empty non-terminal)" : "",
			    m->optional ? " (an insecure delegation, "
			    "without opt-out)" : "");
			free(s);
		}
	}
	/* names hashing before the first record: covered by the last */
	for (j = 0; j < nn && rc == 0 &&
	    memcmp(names[j].hash, recs[0].hash, 20) < 0; j++) {
		char *s;

		if (names[j].optional && recs[nr - 1].opt_out) {
			continue;
		}
		s = zc_zname(c, names[j].wire, names[j].wl);
		rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3-chain-gap",
		    recs[nr - 1].ent, LDNS_RR_TYPE_NSEC3, "no NSEC3 record "
		    "for %s%s: this one covers it", s ? s : "?",
		    names[j].ent ? " (an empty non-terminal)" : "");
		free(s);
	}
	for (i = 0; i < nr && rc == 0; i++) {
		if (!recs[i].used) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "nsec3-unexpected",
			    recs[i].ent, LDNS_RR_TYPE_NSEC3, "the owner hash "
			    "matches no name of the zone");
		}
	}
out:
	dnstk_buf_release(&msg);
	free(names);
	free(recs);
	EVP_MD_free(md);
	EVP_MD_CTX_free(ctx);
	return rc;
}
