/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The zone-check engine (see zonecheck.h).  The zone is read once into a
 * record table (lib/dns/rrset.h) that keeps canonical wire forms and sort
 * keys; every check walks that table in canonical order.  Signatures are
 * verified by worker threads (sigs.c); findings are sorted at the end so
 * that the output never depends on the thread count.  This file: loading,
 * the run over one table or over the chunks of a sorted stream.
 */
#include "zonecheck/zc_int.h"

/* ---- loading ---------------------------------------------------------- */

/* The number of source file `name` (the reader's current one) into
 * *src, which holds the last record's.  0 or ENOMEM. */
static int
rec_source(struct zc *c, const char *name, uint32_t *src)
{
	if (*src < c->srcs.n && strcmp(c->srcs.v[*src], name) == 0) {
		return 0;
	}
	return dnstk_zone_sources_number(&c->srcs, name, 0, src);
}

/* The owner length of a record's wire form (valid: the reader made it). */
static size_t
rec_owner_len(const struct dnstk_buf *rec)
{
	return name_len((const uint8_t *)rec->data, rec->len);
}

/* The owner of the run of records being read (all with one owner). */
struct zc_run {
	uint8_t owner[256];
	size_t len;		/* 0: no record yet */
	bool first;		/* the first run is still going */
};

/*
 * A record of owner w is read: when it ends a run, hand the run over
 * for early verification (the first run only when it is the apex: the
 * origin given, or the owner of the zone's first SOA).  0 or ENOMEM.
 */
static int
run_bound(struct zc *c, struct zc_run *run, const uint8_t *w, size_t wl,
    const uint8_t *soa, size_t soa_len)
{
	int rc = 0;

	if (run->len != 0 && name_eq(w, wl, run->owner, run->len)) {
		return 0;
	}
	if (run->len != 0 && run->first) {
		run->first = false;
		if (soa_len != 0 && name_eq(run->owner, run->len, soa,
		    soa_len)) {
			rc = zc_early_first_run(c, c->t.n);
		}
	} else if (run->len != 0) {
		rc = zc_early_run_end(c, c->t.n);
	}
	if (wl > 0 && wl <= sizeof(run->owner)) {
		memcpy(run->owner, w, wl);
		run->len = wl;
	}
	return rc;
}

static int
load(struct zc *c, FILE *fp, const char *source, struct dnstk_err *err)
{
	struct zc_run run = { .len = 0, .first = true };
	struct dnstk_reader r;
	struct dnstk_buf rec;
	uint8_t soa[256];
	size_t soa_len = 0, ol;
	uint32_t src = 0;
	int rc;

	dnstk_buf_init(&rec);
	rc = dnstk_reader_init(&r, fp, source, DNSTK_FORM_AUTO);
	if (rc != 0) {
		return dnstk_err_set(err, rc, NULL, 0, "out of memory");
	}
	if (c->o->origin != NULL) {
		ldns_rdf *o = ldns_dname_new_frm_str(c->o->origin);

		if (o == NULL) {
			dnstk_reader_release(&r);
			return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--origin: '%s' is not a domain name",
			    c->o->origin);
		}
		ldns_rdf_deep_free(r.origin);
		r.origin = o;
		soa_len = ldns_rdf_size(o);
		memcpy(soa, ldns_rdf_data(o), soa_len);
	}
	for (;;) {
		rc = dnstk_reader_rr_wire(&r, &rec, err);
		if (rc != 1) {
			break;
		}
		ol = rec_owner_len(&rec);
		rc = run_bound(c, &run, (const uint8_t *)rec.data, ol, soa,
		    soa_len);
		if (soa_len == 0 && ol > 0 && get16((const uint8_t *)rec.data +
		    ol) == LDNS_RR_TYPE_SOA) {
			memcpy(soa, rec.data, ol);
			soa_len = ol;
		}
		rc = rc ? rc : rec_source(c, r.source, &src);
		rc = rc ? rc : zc_early_room(c, rec.len);
		rc = rc ? rc : dnstk_rrtab_add_wire(&c->t,
		    (const uint8_t *)rec.data, rec.len, src,
		    (uint32_t)r.unit_line);
		if (c->o->progress != NULL && c->t.n % PROGRESS_EVERY == 0) {
			c->o->progress(c->o->progress_arg, "records read",
			    c->t.n);
		}
		if (rc == DNSTK_EINPUT) {
			rc = dnstk_err_set(err, rc, r.source, r.unit_line,
			    "record cannot be stored (RDATA too long)");
		}
		if (rc != 0) {
			break;
		}
	}
	if (rc == 0) {
		rc = zc_early_load_done(c);
	}
	if (rc == 0 && soa_len == 0 && c->t.n > 0) {
		soa_len = ldns_rdf_size(r.origin);
		memcpy(soa, ldns_rdf_data(r.origin), soa_len);
		if (soa_len == 1) {
			soa_len = 0;
			rc = dnstk_err_set(err, DNSTK_EINPUT, source, 0,
			    "no SOA record and no $ORIGIN: give the origin "
			    "with -o");
		}
	}
	if (soa_len != 0) {
		c->origin_len = soa_len;
		memcpy(c->origin, soa, c->origin_len);
		dnstk_name_lower(c->origin, c->origin_len);
	}
	dnstk_buf_release(&rec);
	dnstk_reader_release(&r);
	return rc;
}

/* ---- the run ---------------------------------------------------------- */

void
dnstk_zc_result_init(struct dnstk_zc_result *r)
{
	memset(r, 0, sizeof(*r));
	dnstk_buf_init(&r->zonemd);
}

void
dnstk_zc_result_release(struct dnstk_zc_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->f[i].owner);
		free(r->f[i].source);
		free(r->f[i].msg);
		free(r->f[i].key);
	}
	free(r->f);
	dnstk_buf_release(&r->zonemd);
	dnstk_zc_result_init(r);
}

/* ---- the run: one table, or chunks of a sorted stream ------------- */

/* Sort the table, report and drop duplicates, find the names. */
static int
prepare(struct zc *c, bool dups)
{
	size_t i;
	int rc = 0;

	zc_names_release(c);
	c->tgt_done = false;
	dnstk_rrtab_sort(&c->t);
	if (dups) {
		rc = zc_duplicates(c);
	} else {
		dnstk_rrtab_dedup(&c->t);
	}
	rc = rc ? rc : zc_build_names(c);
	for (i = 0; i < c->t.n && rc == 0; i++) {
		c->signed_zone |= ztype(c, i) ==
		    LDNS_RR_TYPE_RRSIG;
	}
	return rc;
}

/* The table holds the apex: keys, the denial mode, ZONEMD digests. */
static int
apex_phase(struct zc *c)
{
	struct zc_name *apex = &c->names[c->apex];
	int rc = 0;

	c->apex_seen = true;
	if (zc_name_has(c, apex, LDNS_RR_TYPE_DNSKEY)) {
		rc = zc_load_keys(c);
		c->dnssec = c->nkeys > 0;
	}
	c->nsec_mode = zc_name_has(c, apex, LDNS_RR_TYPE_NSEC);
	c->have_param = zc_name_has(c, apex, LDNS_RR_TYPE_NSEC3PARAM);
	if (rc == 0 && c->dnssec && c->have_param) {
		rc = zc_nsec3_start(c);
	}
	return rc ? rc : zc_zonemd_start(c);
}

/*
 * The NSEC or NSEC3 chain checked at its end, once, where finish()
 * would: the apex has its SOA and zone keys.  A whole zone's chain is
 * complete before its signatures are collected, so this runs then and
 * overlaps their verification.  0 or ENOMEM.
 */
static int
chain_end(struct zc *c)
{
	struct zc_name *apex;
	size_t i;

	if (c->chain_done || c->apex == SIZE_MAX || !c->dnssec ||
	    !zc_name_has(c, &c->names[c->apex], LDNS_RR_TYPE_SOA)) {
		return 0;
	}
	c->chain_done = true;
	apex = &c->names[c->apex];
	if (c->have_param) {
		for (i = apex->first; i < apex->end; i++) {
			if (ztype(c, i) == LDNS_RR_TYPE_NSEC3PARAM) {
				break;
			}
		}
		return zc_nsec3_end(c, i);
	}
	return c->nsec_mode ? zc_nsec_end(c) : 0;
}

/* The checks of one table (the zone, or a chunk of it). */
static int
table_checks(struct zc *c)
{
	int rc;

	if (c->apex != SIZE_MAX && !c->apex_seen) {
		rc = apex_phase(c);
		if (rc != 0) {
			return rc;
		}
	}
	rc = zc_data_checks(c);
	if (rc == 0 && c->dnssec) {
		rc = zc_coverage(c);
		if (rc == 0 && c->nsec_mode && !c->have_param) {
			rc = zc_nsec_feed(c);
		}
		if (rc == 0 && c->have_param) {
			rc = zc_nsec3_feed(c);
		}
	}
	rc = rc ? rc : zc_zonemd_feed(c);
	if (rc == 0 && !c->stream) {
		rc = chain_end(c);	/* the whole chain is in */
	}
	/* last: the early verification goes on meanwhile */
	return rc == 0 && c->dnssec ? zc_signatures(c) : rc;
}

/* After the last table; c->t holds the apex (or the whole zone). */
static int
finish(struct zc *c, struct dnstk_err *err)
{
	struct zc_name *apex;
	size_t soa;
	int rc = 0;

	if (c->apex == SIZE_MAX || !zc_name_has(c, &c->names[c->apex],
	    LDNS_RR_TYPE_SOA)) {
		return zc_finding(c, DNSTK_ZC_ERROR, "soa-missing", SIZE_MAX,
		    LDNS_RR_TYPE_SOA, "no SOA record at the zone apex");
	}
	apex = &c->names[c->apex];
	for (soa = apex->first; ztype(c, soa) !=
	    LDNS_RR_TYPE_SOA; soa++) {
	}
	if (!c->dnssec) {
		if (c->signed_zone) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "dnskey-missing", soa,
			    LDNS_RR_TYPE_SOA, "the zone has signatures but no "
			    "zone key at the apex");
		}
		return rc ? rc : zc_zonemd_finish(c);
	}
	rc = zc_sep_check(c);
	if (rc == 0 && (c->have_param || c->nsec_mode)) {
		rc = chain_end(c);	/* unless a whole zone's ran */
	} else if (rc == 0) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "denial-missing", soa,
		    LDNS_RR_TYPE_SOA, "the zone is signed but has neither "
		    "NSEC nor NSEC3PARAM at the apex");
	}
	if (rc == 0 && c->o->ds_file != NULL) {
		rc = zc_ds_check(c, err);
	}
	return rc ? rc : zc_zonemd_finish(c);
}

static void
zc_release(struct zc *c)
{
	size_t i;
	int h;

	zc_early_release(c);	/* first: its threads read the table */
	for (i = 0; i < c->nkeys; i++) {
		EVP_PKEY_free(c->keys[i].pkey);
	}
	for (h = 0; h < 3; h++) {
		EVP_MD_CTX_free(c->zm[h]);
	}
	dnstk_zone_sources_release(&c->srcs);
	free(c->keys);
	free(c->sigs);
	zc_names_release(c);
	zc_nsec_state_release(&c->ns);
	zc_nsec3_release(c);
	free(c->tgt_v);
	dnstk_buf_release(&c->tgt);
	dnstk_buf_release(&c->zw);
	dnstk_buf_release(&c->okey);
	dnstk_rrtab_release(&c->t);
	dnstk_rrtab_release(&c->apex_t);
}

static void
zc_init(struct zc *c, struct dnstk_zc_result *res, const char *source,
    const struct dnstk_zc_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->o = o;
	c->res = res;
	c->apex = SIZE_MAX;
	snprintf(res->source, sizeof(res->source), "%s", source);
	dnstk_rrtab_init(&c->t);
	dnstk_rrtab_init(&c->apex_t);
	dnstk_buf_init(&c->okey);
	dnstk_buf_init(&c->zw);
	dnstk_buf_init(&c->tgt);
	dnstk_buf_init(&c->ns.next);
	dnstk_buf_init(&c->ns.gap);
}

static int
check_whole(struct dnstk_zc_result *res, FILE *fp, const char *source,
    const struct dnstk_zc_opts *o, struct dnstk_err *err)
{
	struct zc c;
	int rc;

	zc_init(&c, res, source, o);
	rc = load(&c, fp, source, err);
	if (rc != 0 || c.t.n == 0) {
		goto out;
	}
	res->records = c.t.n;
	rc = dnstk_name_key(&c.okey, c.origin, c.origin_len);
	rc = rc ? rc : prepare(&c, true);
	rc = rc ? rc : table_checks(&c);
	rc = rc ? rc : finish(&c, err);
out:
	if (rc == 0 && c.oom) {
		rc = DNSTK_ENOMEM;
	}
	zc_release(&c);
	return rc;
}

/* ---- --sorted: a stream in canonical order, chunk by chunk ---------- */

#define CHUNK_RECORDS 4096

/* Check the chunk in c->t and empty it. */
static int
chunk_done(struct zc *c)
{
	int rc;

	if (c->t.n == 0) {
		return 0;
	}
	if (c->o->progress != NULL && c->res->records / PROGRESS_EVERY !=
	    (c->res->records + c->t.n) / PROGRESS_EVERY) {
		c->o->progress(c->o->progress_arg, "records checked",
		    c->res->records + c->t.n);
	}
	c->res->records += c->t.n;
	rc = prepare(c, true);
	rc = rc ? rc : table_checks(c);
	dnstk_rrtab_release(&c->t);
	dnstk_rrtab_init(&c->t);
	return rc;
}

/* Where a stream of names is: the last name's key, the top of the
 * subtree the chunk is in, and whether that top is a zone cut. */
struct zc_stream {
	struct dnstk_buf prev, key, top, rec;
	bool top_cut, prev_apex, have_prev;
};

/* The origin --sorted needs (-o), into c and the reader. */
static int
stream_origin(struct zc *c, struct dnstk_reader *r, struct dnstk_err *err)
{
	ldns_rdf *or;

	if (c->o->origin == NULL) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0, "--sorted "
		    "needs the origin: give -o");
	}
	or = ldns_dname_new_frm_str(c->o->origin);
	if (or == NULL) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--origin: '%s' is not a domain name", c->o->origin);
	}
	c->origin_len = ldns_rdf_size(or);
	memcpy(c->origin, ldns_rdf_data(or), c->origin_len);
	dnstk_name_lower(c->origin, c->origin_len);
	ldns_rdf_deep_free(r->origin);
	r->origin = or;
	return dnstk_name_key(&c->okey, c->origin, c->origin_len);
}

/*
 * A record of a new name (key in st->key): the chunk may end before it,
 * unless it is below the zone cut the chunk is in (a delegation's
 * subtree stays in one chunk), and the apex is a chunk of its own.
 */
static int
stream_new_name(struct zc *c, struct zc_stream *st, bool apex)
{
	bool under = st->top_cut && st->key.len > st->top.len &&
	    memcmp(st->key.data, st->top.data, st->top.len) == 0;
	int rc = 0;

	if (!under && (c->t.n >= CHUNK_RECORDS || apex || st->prev_apex)) {
		rc = chunk_done(c);
	}
	if (!under) {
		dnstk_buf_reset(&st->top);
		rc = rc ? rc : dnstk_buf_add(&st->top, st->key.data,
		    st->key.len);
		st->top_cut = false;
	}
	dnstk_buf_reset(&st->prev);
	rc = rc ? rc : dnstk_buf_add(&st->prev, st->key.data, st->key.len);
	st->have_prev = true;
	st->prev_apex = apex;
	return rc;
}

/* The record just read (st->rec): in order?  Then into the chunk. */
static int
stream_record(struct zc *c, struct zc_stream *st, struct dnstk_reader *r,
    struct dnstk_err *err)
{
	const uint8_t *w = (const uint8_t *)st->rec.data;
	size_t wl = rec_owner_len(&st->rec);
	bool apex = wl == c->origin_len && name_eq(w, wl, c->origin, wl);
	uint32_t src = 0;
	int d, rc;

	dnstk_buf_reset(&st->key);
	rc = dnstk_name_key(&st->key, w, wl);
	d = st->have_prev ? key_cmp((const uint8_t *)st->key.data,
	    st->key.len, (const uint8_t *)st->prev.data, st->prev.len) : 1;
	if (rc == 0 && d < 0) {
		char *s = zc_name_str(w, wl);

		rc = dnstk_err_set(err, DNSTK_EINPUT, r->source, r->unit_line,
		    "--sorted: %s is out of canonical order (each name's "
		    "records together, names in RFC 4034 order)",
		    s != NULL ? s : "the owner");
		free(s);
	}
	if (rc == 0 && d > 0) {
		rc = stream_new_name(c, st, apex);
	}
	if (rc == 0 && !apex && get16(w + wl) == LDNS_RR_TYPE_NS &&
	    st->key.len == st->top.len &&
	    memcmp(st->key.data, st->top.data, st->top.len) == 0) {
		st->top_cut = true;	/* its subtree stays in the chunk */
	}
	if (rc != 0) {
		return rc;
	}
	rc = rec_source(c, r->source, &src);
	rc = rc ? rc : dnstk_rrtab_add_wire(&c->t, w, st->rec.len, src,
	    (uint32_t)r->unit_line);
	if (rc == 0 && apex) {
		rc = dnstk_rrtab_add_wire(&c->apex_t, w, st->rec.len, src,
		    (uint32_t)r->unit_line);
	}
	if (rc == DNSTK_EINPUT) {
		rc = dnstk_err_set(err, rc, r->source, r->unit_line,
		    "record cannot be stored (RDATA too long)");
	}
	return rc;
}

static int
check_sorted(struct dnstk_zc_result *res, FILE *fp, const char *source,
    const struct dnstk_zc_opts *o, struct dnstk_err *err)
{
	struct zc_stream st = { .top_cut = false };
	struct dnstk_reader r;
	struct zc c;
	int rc;

	zc_init(&c, res, source, o);
	c.stream = true;
	dnstk_buf_init(&st.prev);
	dnstk_buf_init(&st.key);
	dnstk_buf_init(&st.top);
	dnstk_buf_init(&st.rec);
	rc = dnstk_reader_init(&r, fp, source, DNSTK_FORM_AUTO);
	if (rc != 0) {
		rc = dnstk_err_set(err, rc, NULL, 0, "out of memory");
		goto out;
	}
	rc = stream_origin(&c, &r, err);
	while (rc == 0 && (rc = dnstk_reader_rr_wire(&r, &st.rec, err)) == 1) {
		rc = stream_record(&c, &st, &r, err);
	}
	rc = rc ? rc : chunk_done(&c);
	if (rc == 0 && (res->records > 0)) {
		/* the apex alone, for the whole-zone checks */
		dnstk_rrtab_release(&c.t);
		c.t = c.apex_t;
		dnstk_rrtab_init(&c.apex_t);
		rc = prepare(&c, false);
		rc = rc ? rc : finish(&c, err);
	}
	dnstk_reader_release(&r);
out:
	if (rc == 0 && c.oom) {
		rc = DNSTK_ENOMEM;
	}
	dnstk_buf_release(&st.prev);
	dnstk_buf_release(&st.key);
	dnstk_buf_release(&st.top);
	dnstk_buf_release(&st.rec);
	zc_release(&c);
	return rc;
}

int
dnstk_zc_check(struct dnstk_zc_result *res, FILE *fp, const char *source,
    const struct dnstk_zc_opts *o, struct dnstk_err *err)
{
	int rc = o->sorted ? check_sorted(res, fp, source, o, err) :
	    check_whole(res, fp, source, o, err);

	if (rc == 0 && res->n > 1) {
		qsort(res->f, res->n, sizeof(*res->f), zc_finding_cmp);
	}
	return rc;
}
