/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check: names as text, findings and where they point (see zc_int.h). */
#include "zonecheck/zc_int.h"

/* ---- small helpers on wire names ----------------------------------- */








char *
zc_name_str(const uint8_t *w, size_t len)
{
	ldns_rdf *r = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, len, w);
	char *s = r != NULL ? ldns_rdf2str(r) : NULL;

	ldns_rdf_deep_free(r);
	return s;
}

/* zc_name_str() that remembers a failure: the run then ends in ENOMEM. */
char *
zc_zname(struct zc *c, const uint8_t *w, size_t len)
{
	char *s = zc_name_str(w, len);

	if (s == NULL) {
		c->oom = true;
	}
	return s;
}

/* dnstk_rrtab_find() as a yes/no; a failure is remembered in c->oom. */
bool
zc_zfind(struct zc *c, size_t *at, const uint8_t *w, size_t wl, uint16_t type)
{
	int rc = dnstk_rrtab_find(at, &c->t, w, wl, LDNS_RR_CLASS_IN, type);

	if (rc == DNSTK_ENOMEM) {
		c->oom = true;
	}
	return rc == 0 && *at < c->t.n;
}


/*
 * The first entry of RRset (IN, type) among the entries of name n, as
 * zc_zfind() finds it, without a search of the whole table.
 */
bool
zc_name_find(const struct zc *c, const struct zc_name *n, uint16_t type,
    size_t *at)
{
	size_t i;
	const uint8_t *w;

	for (i = n->first; i < n->end; i++) {
		w = ent_wire(c, i) + c->t.ent[i].owner_len;
		if (get16(w) == type && get16(w + 2) == LDNS_RR_CLASS_IN) {
			*at = i;
			return true;
		}
	}
	return false;
}

void
zc_type_str(char *out, size_t cap, uint16_t t)
{
	static const char *const common[] = {
		[LDNS_RR_TYPE_A] = "A", [LDNS_RR_TYPE_NS] = "NS",
		[LDNS_RR_TYPE_CNAME] = "CNAME", [LDNS_RR_TYPE_SOA] = "SOA",
		[LDNS_RR_TYPE_MX] = "MX", [LDNS_RR_TYPE_TXT] = "TXT",
		[LDNS_RR_TYPE_AAAA] = "AAAA", [LDNS_RR_TYPE_DS] = "DS",
		[LDNS_RR_TYPE_RRSIG] = "RRSIG", [LDNS_RR_TYPE_NSEC] = "NSEC",
		[LDNS_RR_TYPE_DNSKEY] = "DNSKEY", [LDNS_RR_TYPE_NSEC3] = "NSEC3",
		[LDNS_RR_TYPE_NSEC3PARAM] = "NSEC3PARAM",
	};
	char *s;

	/* the usual ones without ldns's allocations: one per signature */
	if (t < sizeof(common) / sizeof(common[0]) && common[t] != NULL &&
	    strlen(common[t]) < cap) {
		memcpy(out, common[t], strlen(common[t]) + 1);
		return;
	}
	s = ldns_rr_type2str((ldns_rr_type)t);

	snprintf(out, cap, "%s", s != NULL ? s : "?");
	free(s);
}

/* ---- findings -------------------------------------------------------- */

void
zc_where_release(struct zc_where *w)
{
	free(w->owner);
	free(w->key);
	memset(w, 0, sizeof(*w));
}

/* Where entry `ent` is (SIZE_MAX: the apex), copied.  0 or ENOMEM. */
int
zc_where_of(struct zc_where *w, const struct zc *c, size_t ent)
{
	memset(w, 0, sizeof(*w));
	if (ent != SIZE_MAX) {
		const struct dnstk_rrtab_ent *e = &c->t.ent[ent];

		w->line = e->line;
		w->source = dnstk_zone_sources_name(&c->srcs, e->src,
		    c->res->source);
		w->owner = zc_name_str(ent_wire(c, ent), e->owner_len);
		w->key = malloc(e->okey_len + 1u);
		if (w->key != NULL) {
			memcpy(w->key, dnstk_rrtab_key(&c->t, ent), e->okey_len);
			w->key_len = e->okey_len;
		}
	} else {
		w->source = c->res->source;
		w->owner = zc_name_str(c->origin, c->origin_len);
		w->key = malloc(1);
	}
	if (w->owner == NULL || w->key == NULL) {
		zc_where_release(w);
		return DNSTK_ENOMEM;
	}
	return 0;
}

/*
 * Add a finding at `where` (its strings are copied).  `type` is the type
 * shown and sorted on.  Returns 0 or DNSTK_ENOMEM.
 */
static int
finding_v(struct zc *c, enum dnstk_zc_sev sev, const char *code,
    const struct zc_where *where, uint16_t type, const char *fmt, va_list ap)
{
	struct dnstk_zc_result *r = c->res;
	struct dnstk_zc_finding *f;
	struct dnstk_buf msg;
	int rc;

	f = dnstk_array_grow(r->f, r->n, &r->cap, sizeof(*r->f), 64);
	if (f == NULL) {
		return DNSTK_ENOMEM;
	}
	r->f = f;
	f = &r->f[r->n];
	memset(f, 0, sizeof(*f));
	dnstk_buf_init(&msg);
	rc = dnstk_buf_vaddf(&msg, fmt, ap);
	if (rc != 0) {
		return rc;
	}
	f->msg = msg.data;
	f->sev = sev;
	f->code = code;
	f->type_num = type;
	zc_type_str(f->type, sizeof(f->type), type);
	f->line = where->line;
	f->owner = strdup(where->owner);
	f->source = strdup(where->source != NULL ? where->source :
	    r->source);
	f->key = malloc(where->key_len + 1u);
	if (f->owner == NULL || f->key == NULL || f->source == NULL) {
		free(f->owner);
		free(f->source);
		free(f->key);
		free(f->msg);
		return DNSTK_ENOMEM;
	}
	memcpy(f->key, where->key, where->key_len);
	f->key_len = where->key_len;
	r->n++;
	if (sev == DNSTK_ZC_ERROR) {
		r->errors++;
	} else {
		r->warnings++;
	}
	return 0;
}

__attribute__((format(printf, 6, 7)))
int
zc_finding_at(struct zc *c, enum dnstk_zc_sev sev, const char *code,
    const struct zc_where *where, uint16_t type, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = finding_v(c, sev, code, where, type, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * Add a finding at table entry `ent` (SIZE_MAX: the zone as a whole).
 * Returns 0 or DNSTK_ENOMEM.
 */
__attribute__((format(printf, 6, 7)))
int
zc_finding(struct zc *c, enum dnstk_zc_sev sev, const char *code, size_t ent,
    uint16_t type, const char *fmt, ...)
{
	struct zc_where w;
	va_list ap;
	int rc;

	if (zc_where_of(&w, c, ent) != 0) {
		return DNSTK_ENOMEM;
	}
	va_start(ap, fmt);
	rc = finding_v(c, sev, code, &w, type, fmt, ap);
	va_end(ap);
	zc_where_release(&w);
	return rc;
}

int
zc_finding_cmp(const void *pa, const void *pb)
{
	const struct dnstk_zc_finding *a = pa, *b = pb;
	size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
	int d = memcmp(a->key, b->key, n);

	if (d != 0) {
		return d;
	}
	if (a->key_len != b->key_len) {
		return a->key_len < b->key_len ? -1 : 1;
	}
	if (a->type_num != b->type_num) {
		return a->type_num < b->type_num ? -1 : 1;
	}
	if ((d = strcmp(a->code, b->code)) != 0) {
		return d;
	}
	if (a->line != b->line) {
		return a->line < b->line ? -1 : 1;
	}
	return strcmp(a->msg, b->msg);
}
