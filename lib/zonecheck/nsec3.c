/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zone-check: the NSEC3 chain (see zc_int.h).  Fed table by table in
 * canonical order (the whole zone, or the chunks of --sorted), it keeps
 * a compact record of each name the chain must cover (its hash, its name
 * and types) and of each NSEC3 record (hashes, flags, where it is, its
 * bitmap), about 100 bytes a name, and checks the chain at the end:
 * --sorted checks it too, in memory that grows with the names only.
 */
#include "util/num.h"
#include "zonecheck/zc_int.h"

#define N3_LABELS 130	/* a path from the origin: at most 127 labels */

/* Flags of a name (first octet of its pool record). */
enum { NF_ENT = 1, NF_OPTIONAL = 2, NF_REL = 4 };

/* Flags of an NSEC3 record. */
enum { RF_OPTOUT = 1, RF_USED = 2, RF_LOWER = 4, RF_UPPER = 8 };

/*
 * A name the chain must cover.  Its pool record: flags, the name's
 * length and wire form (without the apex part when NF_REL), the number
 * of types (2 octets) and the types present (2 octets each).
 */
struct n3_name {
	uint8_t hash[20];
	uint32_t at;
};

/*
 * An NSEC3 record.  Its pool record: the owner (length and wire form)
 * unless it is the hash's base32hex label in lowercase (RF_LOWER) or
 * uppercase (RF_UPPER) on the apex; the bitmap's length (2 octets) and
 * the bitmap.
 */
struct n3_rec {
	uint8_t hash[20];
	uint8_t next[20];
	uint32_t at;
	uint32_t line;
	uint32_t src;
	uint8_t flags;
};

/* A name on the path from the origin to the last name fed. */
struct n3_step {
	uint8_t w[255];
	uint8_t wl;
	uint32_t ent;		/* pool record of an ENT, or UINT32_MAX */
};

struct zc_n3 {
	struct n3_param p;	/* the apex's first NSEC3PARAM */
	bool usable;		/* SHA-1, iterations within bounds */
	bool mismatch;		/* an NSEC3 with other parameters */
	struct n3_name *names;
	size_t nn, ncap;
	struct n3_rec *recs;
	size_t nr, rcap;
	struct dnstk_buf pool;
	uint8_t apex[255];	/* the apex as written */
	size_t apex_len;
	struct n3_step path[N3_LABELS];
	size_t depth;
	EVP_MD_CTX *ctx;
	EVP_MD *md;
};

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


/* base32hex of a 20-octet hash (32 characters), in lower or upper case. */
static void
b32hex_encode(char out[32], const uint8_t h[20], bool upper)
{
	const char *d = upper ? "0123456789ABCDEFGHIJKLMNOPQRSTUV" :
	    "0123456789abcdefghijklmnopqrstuv";
	size_t i, bit;

	for (i = 0; i < 32; i++) {
		bit = i * 5;
		out[i] = d[((h[bit / 8] << 8 | (bit / 8 + 1 < 20 ?
		    h[bit / 8 + 1] : 0)) >> (11 - bit % 8)) & 31];
	}
}

static int
pool_add(struct zc_n3 *s, const void *p, size_t n)
{
	return dnstk_buf_add(&s->pool, p, n) != 0 ? DNSTK_ENOMEM : 0;
}

static int
pool_add16(struct zc_n3 *s, size_t v)
{
	uint8_t o[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	return pool_add(s, o, 2);
}

/* Is w[0..wl) the apex written the same way under some labels? */
static bool
on_apex(const struct zc_n3 *s, const uint8_t *w, size_t wl)
{
	return wl >= s->apex_len && memcmp(w + wl - s->apex_len, s->apex,
	    s->apex_len) == 0;
}

void
zc_nsec3_release(struct zc *c)
{
	struct zc_n3 *s = c->n3;

	if (s == NULL) {
		return;
	}
	free(s->names);
	free(s->recs);
	dnstk_buf_release(&s->pool);
	EVP_MD_free(s->md);
	EVP_MD_CTX_free(s->ctx);
	free(s);
	c->n3 = NULL;
}

int
zc_nsec3_start(struct zc *c)
{
	const struct zc_name *apex = &c->names[c->apex];
	struct zc_n3 *s;
	const uint8_t *rd;
	size_t i, rdlen;

	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return DNSTK_ENOMEM;
	}
	c->n3 = s;
	dnstk_buf_init(&s->pool);
	s->ctx = EVP_MD_CTX_new();
	s->md = EVP_MD_fetch(NULL, "SHA1", NULL);
	if (s->ctx == NULL || s->md == NULL) {
		return DNSTK_ENOMEM;
	}
	s->apex_len = c->t.ent[apex->first].owner_len;
	memcpy(s->apex, ent_wire(c, apex->first), s->apex_len);
	for (i = apex->first; i < apex->end; i++) {
		if (ztype(c, i) == LDNS_RR_TYPE_NSEC3PARAM) {
			break;
		}
	}
	if (i == apex->end) {
		return 0;
	}
	/* judged (with findings) at the end: zc_nsec3param_check() */
	rd = ent_rdata(c, i, &rdlen);
	s->usable = n3_param_read(&s->p, rd, rdlen) == 0 && s->p.alg == 1 &&
	    s->p.iter <= NSEC3_ITER_MAX;
	return 0;
}

/* Keep NSEC3 record i of the table; malformed ones are findings now. */
static int
feed_record(struct zc *c, size_t i)
{
	struct zc_n3 *s = c->n3;
	const uint8_t *w = ent_wire(c, i), *rd;
	size_t rdlen, wl = c->t.ent[i].owner_len, bl;
	struct n3_param q;
	struct n3_rec *r;
	int rc = 0;

	r = dnstk_array_grow(s->recs, s->nr, &s->rcap, sizeof(*s->recs),
	    1024);
	if (r == NULL) {
		return DNSTK_ENOMEM;
	}
	s->recs = r;
	r = &s->recs[s->nr];
	memset(r, 0, sizeof(*r));
	rd = ent_rdata(c, i, &rdlen);
	if (n3_param_read(&q, rd, rdlen) != 0 ||
	    rdlen < 6u + q.salt_len || rd[5 + q.salt_len] != 20 ||
	    rdlen < 26u + q.salt_len ||
	    dnstk_b32hex_decode(r->hash, 20, (const char *)w + 1,
	    w[0]) != 20) {
		return zc_finding(c, DNSTK_ZC_ERROR, "nsec3-malformed", i,
		    LDNS_RR_TYPE_NSEC3, "the NSEC3 record or its owner hash "
		    "is malformed");
	}
	if (q.alg != s->p.alg || q.iter != s->p.iter ||
	    q.salt_len != s->p.salt_len ||
	    memcmp(q.salt, s->p.salt, s->p.salt_len) != 0) {
		s->mismatch = true;
	}
	memcpy(r->next, rd + 6 + q.salt_len, 20);
	r->flags = (q.flags & 1) != 0 ? RF_OPTOUT : 0;
	r->line = c->t.ent[i].line;
	r->src = c->t.ent[i].src;
	r->at = (uint32_t)s->pool.len;
	if (w[0] == 32 && wl == 33 + s->apex_len && on_apex(s, w, wl)) {
		/* the label is the hash's own encoding (it decoded to 20
		 * octets from 32 digits): in lowercase unless it has a
		 * capital, in uppercase unless it has a small letter */
		bool cap = false, small = false;
		size_t k;

		for (k = 1; k <= 32; k++) {
			cap |= w[k] >= 'A' && w[k] <= 'Z';
			small |= w[k] >= 'a' && w[k] <= 'z';
		}
		r->flags |= cap ? 0 : RF_LOWER;
		r->flags |= small ? 0 : RF_UPPER;
	}
	if (!(r->flags & (RF_LOWER | RF_UPPER))) {
		uint8_t n = (uint8_t)wl;

		rc = pool_add(s, &n, 1);
		rc = rc ? rc : pool_add(s, w, wl);
	}
	bl = rdlen - 26 - q.salt_len;
	rc = rc ? rc : pool_add16(s, bl);
	rc = rc ? rc : pool_add(s, rd + 26 + q.salt_len, bl);
	if (rc == 0) {
		s->nr++;
	}
	return rc;
}

/* A name to cover: hashed now, kept with its name and types. */
static int
add_name(struct zc *c, const uint8_t *w, size_t wl, unsigned flags,
    const uint16_t *types, size_t nt, uint32_t *at)
{
	struct zc_n3 *s = c->n3;
	struct n3_name *m;
	uint8_t low[255], f, l;
	size_t i;
	int rc;

	m = dnstk_array_grow(s->names, s->nn, &s->ncap, sizeof(*s->names),
	    1024);
	if (m == NULL) {
		return DNSTK_ENOMEM;
	}
	s->names = m;
	m = &s->names[s->nn];
	memcpy(low, w, wl);
	dnstk_name_lower(low, wl);
	rc = n3_hash(m->hash, low, wl, &s->p, s->ctx, s->md);
	m->at = *at = (uint32_t)s->pool.len;
	if (wl > s->apex_len && on_apex(s, w, wl)) {
		flags |= NF_REL;
		wl -= s->apex_len;
	}
	f = (uint8_t)flags;
	l = (uint8_t)wl;
	rc = rc ? rc : pool_add(s, &f, 1);
	rc = rc ? rc : pool_add(s, &l, 1);
	rc = rc ? rc : pool_add(s, w, wl);
	rc = rc ? rc : pool_add16(s, nt);
	for (i = 0; i < nt && rc == 0; i++) {
		rc = pool_add16(s, types[i]);
	}
	if (rc == 0) {
		s->nn++;
	}
	return rc;
}

/* Put w on the path, which holds ancestors of w only, in depth order. */
static void
path_put(struct zc_n3 *s, const uint8_t *w, size_t wl, uint32_t ent)
{
	size_t k = s->depth;

	if (k == N3_LABELS) {
		return;		/* cannot happen: names have <= 127 labels */
	}
	while (k > 0 && s->path[k - 1].wl > wl) {
		s->path[k] = s->path[k - 1];
		k--;
	}
	memcpy(s->path[k].w, w, wl);
	s->path[k].wl = (uint8_t)wl;
	s->path[k].ent = ent;
	s->depth++;
}

/*
 * The ancestors of name w between the origin and it that hold no data
 * are empty non-terminals: each is a name to cover, once.  It may be
 * left out under opt-out only while every name below it may.
 */
static int
feed_ents(struct zc *c, const uint8_t *w, size_t wl, bool optional)
{
	struct zc_n3 *s = c->n3;
	size_t k;
	uint32_t at;
	int rc;

	while (wl > c->origin_len) {
		wl -= 1u + w[0];
		w += 1u + w[0];
		if (wl <= c->origin_len) {
			break;
		}
		for (k = 0; k < s->depth; k++) {
			if (s->path[k].wl == wl &&
			    name_eq(s->path[k].w, wl, w, wl)) {
				break;
			}
		}
		if (k < s->depth) {
			if (s->path[k].ent != UINT32_MAX && !optional) {
				s->pool.data[s->path[k].ent] &= ~NF_OPTIONAL;
			}
			continue;
		}
		rc = add_name(c, w, wl, NF_ENT | (optional ? NF_OPTIONAL : 0),
		    NULL, 0, &at);
		if (rc != 0) {
			return rc;
		}
		path_put(s, w, wl, at);
	}
	return 0;
}

/* One name of the table, in canonical order after those fed before. */
static int
feed_name(struct zc *c, const struct zc_name *n)
{
	struct zc_n3 *s = c->n3;
	const uint8_t *w = ent_wire(c, n->first);
	size_t wl = c->t.ent[n->first].owner_len, nt;
	bool optional = (n->flags & N_INSECURE) != 0;
	uint16_t types[512];
	uint32_t at;
	int rc = 0;

	while (s->depth > 0 && !name_under(w, wl, s->path[s->depth - 1].w,
	    s->path[s->depth - 1].wl)) {
		s->depth--;
	}
	if (nsec_name(n)) {
		nt = zc_types_at(c, n, types, true);
		rc = add_name(c, w, wl, optional ? NF_OPTIONAL : 0, types, nt,
		    &at);
		rc = rc ? rc : feed_ents(c, w, wl, optional);
	}
	path_put(s, w, wl, UINT32_MAX);
	return rc;
}

int
zc_nsec3_feed(struct zc *c)
{
	size_t i;
	int rc = 0;

	if (c->n3 == NULL || !c->n3->usable) {
		return 0;
	}
	for (i = 0; i < c->t.n && rc == 0; i++) {
		if (i + ZC_AHEAD < c->t.n &&
		    ztype(c, i + ZC_AHEAD) == LDNS_RR_TYPE_NSEC3) {
			zc_prefetch(c, i + ZC_AHEAD);
		}
		if (ztype(c, i) == LDNS_RR_TYPE_NSEC3) {
			rc = feed_record(c, i);
		}
	}
	for (i = 0; i < c->nnames && rc == 0; i++) {
		if (i + ZC_AHEAD < c->nnames) {
			zc_prefetch(c, c->names[i + ZC_AHEAD].first);
		}
		rc = feed_name(c, &c->names[i]);
	}
	return rc;
}

/* ---- the chain, at the end ------------------------------------------- */

static int
name_hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 20);	/* the hash is the first member */
}

static int
rec_hash_cmp(const void *pa, const void *pb)
{
	const struct n3_rec *a = pa, *b = pb;
	int d = memcmp(a->hash, b->hash, 20);

	return d != 0 ? d : a->at < b->at ? -1 : a->at > b->at;
}

/* The wire form of a kept name (its pool record at `at`). */
static size_t
name_wire(const struct zc_n3 *s, uint32_t at, uint8_t out[255])
{
	const uint8_t *p = (const uint8_t *)s->pool.data + at;
	size_t wl = p[1];

	memcpy(out, p + 2, wl);
	if (p[0] & NF_REL) {
		memcpy(out + wl, s->apex, s->apex_len);
		wl += s->apex_len;
	}
	return wl;
}

/* The types kept for a name: their count, into out. */
static size_t
name_types(const struct zc_n3 *s, uint32_t at, uint16_t *out)
{
	const uint8_t *p = (const uint8_t *)s->pool.data + at;
	size_t i, nt;

	p += 2 + p[1];
	nt = get16(p);
	for (i = 0; i < nt; i++) {
		out[i] = get16(p + 2 + 2 * i);
	}
	return nt;
}

/* The presentation form of a kept name (NULL: out of memory). */
static char *
name_text(struct zc *c, uint32_t at)
{
	uint8_t w[255];
	size_t wl = name_wire(c->n3, at, w);

	return zc_zname(c, w, wl);
}

/* The bitmap kept for NSEC3 record r. */
static const uint8_t *
rec_bitmap(const struct zc_n3 *s, const struct n3_rec *r, size_t *bl)
{
	const uint8_t *p = (const uint8_t *)s->pool.data + r->at;

	if (!(r->flags & (RF_LOWER | RF_UPPER))) {
		p += 1 + p[0];
	}
	*bl = get16(p);
	return p + 2;
}

/* Where a kept NSEC3 record is; *bm its bitmap.  0 or ENOMEM. */
static int
rec_where(struct zc *c, const struct n3_rec *r, struct zc_where *wh,
    const uint8_t **bm, size_t *bl)
{
	struct zc_n3 *s = c->n3;
	const uint8_t *p = (const uint8_t *)s->pool.data + r->at;
	struct dnstk_buf k;
	uint8_t w[255];
	size_t wl;

	memset(wh, 0, sizeof(*wh));
	if (r->flags & (RF_LOWER | RF_UPPER)) {
		w[0] = 32;
		b32hex_encode((char *)w + 1, r->hash,
		    (r->flags & RF_UPPER) != 0);
		memcpy(w + 33, s->apex, s->apex_len);
		wl = 33 + s->apex_len;
	} else {
		wl = p[0];
		memcpy(w, p + 1, wl);
		p += 1 + wl;
	}
	*bl = get16(p);
	*bm = p + 2;
	wh->line = r->line;
	wh->source = dnstk_zone_sources_name(&c->srcs, r->src,
	    c->res->source);
	wh->owner = zc_name_str(w, wl);
	dnstk_buf_init(&k);
	if (wh->owner == NULL || dnstk_name_key(&k, w, wl) != 0) {
		free(wh->owner);
		dnstk_buf_release(&k);
		return DNSTK_ENOMEM;
	}
	wh->key = (uint8_t *)k.data;	/* the buffer's, now the where's */
	wh->key_len = k.len;
	return 0;
}

/* Does kept record r's bitmap list the types of kept name m? */
static int
check_bitmap(struct zc *c, const struct n3_rec *r, const struct n3_name *m,
    struct dnstk_buf *msg)
{
	uint16_t want[512], got[512];
	struct zc_where wh;
	const uint8_t *bm;
	size_t bl, nw;
	long ng;
	char *s;
	int rc;

	bm = rec_bitmap(c->n3, r, &bl);
	ng = zc_bitmap_types(bm, bl, got, 512);
	nw = name_types(c->n3, m->at, want);
	dnstk_buf_reset(msg);
	if (ng < 0) {
		rc = dnstk_buf_adds(msg, "is malformed") != 0 ? DNSTK_ENOMEM :
		    0;
	} else {
		rc = zc_bitmap_diff(msg, want, nw, got, (size_t)ng);
	}
	if (rc != 0 || msg->len == 0) {
		return rc;
	}
	if (rec_where(c, r, &wh, &bm, &bl) != 0) {
		return DNSTK_ENOMEM;
	}
	s = name_text(c, m->at);
	rc = zc_finding_at(c, DNSTK_ZC_ERROR, "nsec3-bitmap", &wh,
	    LDNS_RR_TYPE_NSEC3, "type bitmap for %s %s", s ? s : "?",
	    msg->data);
	free(s);
	zc_where_release(&wh);
	return rc;
}

/*
 * Kept name m has no NSEC3 record: r covers it.  `note_optional` adds
 * why an insecure delegation is not excused (no opt-out on r).
 */
static int
gap(struct zc *c, const struct n3_rec *r, const struct n3_name *m,
    bool note_optional)
{
	const uint8_t *p = (const uint8_t *)c->n3->pool.data + m->at, *bm;
	struct zc_where wh;
	size_t bl;
	char *s;
	int rc;

	if (rec_where(c, r, &wh, &bm, &bl) != 0) {
		return DNSTK_ENOMEM;
	}
	s = name_text(c, m->at);
	rc = zc_finding_at(c, DNSTK_ZC_ERROR, "nsec3-chain-gap", &wh,
	    LDNS_RR_TYPE_NSEC3, "no NSEC3 record for %s%s%s: this one "
	    "covers it", s ? s : "?", (p[0] & NF_ENT) ?
	    " (an empty non-terminal)" : "", note_optional &&
	    (p[0] & NF_OPTIONAL) ? " (an insecure delegation, without "
	    "opt-out)" : "");
	free(s);
	zc_where_release(&wh);
	return rc;
}

/* A finding at kept record r with a fixed message. */
static int
rec_finding(struct zc *c, const struct n3_rec *r, const char *code,
    const char *msg)
{
	struct zc_where wh;
	const uint8_t *bm;
	size_t bl;
	int rc;

	if (rec_where(c, r, &wh, &bm, &bl) != 0) {
		return DNSTK_ENOMEM;
	}
	rc = zc_finding_at(c, DNSTK_ZC_ERROR, code, &wh, LDNS_RR_TYPE_NSEC3,
	    "%s", msg);
	zc_where_release(&wh);
	return rc;
}

static bool
excused(const struct zc_n3 *s, const struct n3_name *m,
    const struct n3_rec *r)
{
	return (s->pool.data[m->at] & NF_OPTIONAL) && (r->flags & RF_OPTOUT);
}

/*
 * Walk the chain in hash order: the name each record is for (its
 * bitmap), the next hashed owner, the names between a record and the
 * next, which it covers and which have none.
 */
static int
walk(struct zc *c, struct dnstk_buf *msg)
{
	struct zc_n3 *s = c->n3;
	size_t i, j;
	int rc = 0;

	for (i = 0, j = 0; i < s->nr && rc == 0; i++) {
		struct n3_rec *r = &s->recs[i];
		const struct n3_rec *nx = &s->recs[(i + 1) % s->nr];
		bool last = i + 1 == s->nr;

		/* names before the first record: covered by the last */
		while (j < s->nn && memcmp(s->names[j].hash, r->hash, 20) < 0) {
			j++;
		}
		if (j < s->nn && memcmp(s->names[j].hash, r->hash, 20) == 0) {
			r->flags |= RF_USED;
			rc = check_bitmap(c, r, &s->names[j++], msg);
		}
		if (memcmp(r->next, nx->hash, 20) != 0) {
			rc = rc ? rc : rec_finding(c, r, "nsec3-next-wrong",
			    "the next hashed owner is not the next NSEC3 "
			    "record of the chain");
		}
		while (rc == 0 && j < s->nn && (last ||
		    memcmp(s->names[j].hash, nx->hash, 20) < 0)) {
			if (!excused(s, &s->names[j], r)) {
				rc = gap(c, r, &s->names[j], true);
			}
			j++;
		}
	}
	for (j = 0; j < s->nn && rc == 0 &&
	    memcmp(s->names[j].hash, s->recs[0].hash, 20) < 0; j++) {
		if (!excused(s, &s->names[j], &s->recs[s->nr - 1])) {
			rc = gap(c, &s->recs[s->nr - 1], &s->names[j], false);
		}
	}
	for (i = 0; i < s->nr && rc == 0; i++) {
		if (!(s->recs[i].flags & RF_USED)) {
			rc = rec_finding(c, &s->recs[i], "nsec3-unexpected",
			    "the owner hash matches no name of the zone");
		}
	}
	return rc;
}

int
zc_nsec3_end(struct zc *c, size_t param_ent)
{
	struct zc_n3 *s = c->n3;
	struct dnstk_buf msg;
	struct n3_param p;
	int rc;

	rc = zc_nsec3param_check(c, param_ent, &p);
	if (rc != 0 || p.alg != 1 || p.iter > NSEC3_ITER_MAX || s == NULL) {
		return rc;
	}
	if (s->mismatch) {
		return zc_finding(c, DNSTK_ZC_ERROR, "nsec3param-mismatch",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "the NSEC3 records "
		    "use other parameters (algorithm, iterations or salt) "
		    "than this NSEC3PARAM");
	}
	if (s->nr == 0) {
		return zc_finding(c, DNSTK_ZC_ERROR, "nsec3-missing", param_ent,
		    LDNS_RR_TYPE_NSEC3PARAM, "NSEC3PARAM but no NSEC3 "
		    "records");
	}
	qsort(s->recs, s->nr, sizeof(*s->recs), rec_hash_cmp);
	qsort(s->names, s->nn, sizeof(*s->names), name_hash_cmp);
	dnstk_buf_init(&msg);
	rc = walk(c, &msg);
	dnstk_buf_release(&msg);
	return rc;
}
