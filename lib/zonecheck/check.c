/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The zone-check engine (see zonecheck.h).  The zone is read once into a
 * record table (lib/dns/rrset.h) that keeps canonical wire forms and sort
 * keys; every check walks that table in canonical order.  Signatures are
 * verified by worker threads (verify.c's job list); findings are sorted
 * at the end so that the output never depends on the thread count.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>
#include <openssl/evp.h>

#include "dns/rrset.h"
#include "in/reader.h"
#include "zonecheck/sigverify.h"
#include "zonecheck/zonecheck.h"

#define NSEC3_ITER_MAX 2500	/* RFC 5155 §10.3 bound for 4096-bit keys */
#define SIG_BATCH 64
#define PROGRESS_EVERY 65536	/* records between progress calls */

enum {
	N_INZONE = 1,		/* at or below the origin */
	N_APEX = 2,
	N_CUT = 4,		/* a delegation point (NS, not apex) */
	N_BELOW = 8,		/* below a delegation: glue or occluded */
	N_NSEC3 = 16,		/* only NSEC3 (and its RRSIGs) here */
	N_INSECURE = 32,	/* a delegation without DS */
};

struct zc_name {
	size_t first, end;	/* entries [first, end) in the table */
	unsigned flags;
};

struct zc_key {
	size_t ent;
	uint16_t flags, tag;
	uint8_t alg;
	EVP_PKEY *pkey;
	bool signs_dnskey;	/* a valid RRSIG by it covers DNSKEY */
};

/* Per RRSIG entry. */
struct zc_sig {
	size_t ent;
	int status;		/* 0 unchecked, 1 verified, -1 bogus */
	int nkeys;
	size_t key[4];		/* candidate keys (indexes into keys) */
	int good_key;		/* index into key[] that verified, or -1 */
};

struct zc {
	const struct dnstk_zc_opts *o;
	struct dnstk_zc_result *res;
	struct dnstk_rrtab t;
	struct zc_name *names;
	size_t nnames;
	uint8_t origin[256];
	size_t origin_len;
	struct dnstk_buf okey;	/* origin's canonical key */
	struct zc_key *keys;
	size_t nkeys;
	struct zc_sig *sigs;
	size_t nsigs;
	bool signed_zone;
	size_t apex;		/* index into names of the apex, or SIZE_MAX */
	/* whole-zone state, kept across the chunks of --sorted */
	bool stream;		/* --sorted: the table is one chunk */
	struct dnstk_rrtab apex_t;	/* --sorted: the apex records */
	bool apex_seen, dnssec, nsec_mode;
	bool have_param;
	struct nsec_state {
		bool have_prev;		/* an NSEC waits for the next name */
		struct dnstk_buf next;	/* its next name's key */
		char *next_s;
		struct zc_where {
			const char *source;	/* owned by the zc */
			char *owner;
			uint8_t *key;
			size_t key_len;
			unsigned long line;
		} prev;
		struct dnstk_buf gap;	/* names before this key: in a gap */
		bool gap_to_end;
	} ns;
	EVP_MD_CTX *zm[3];	/* ZONEMD digests (SHA-384, SHA-512) */
	struct dnstk_buf zw;
	bool oom;		/* an allocation failed where no rc could go */
	char **sources;		/* file names by entry src ($INCLUDE) */
	size_t nsources;
	struct dnstk_buf tgt;	/* NS targets: length byte, wire name */
	const uint8_t **tgt_v;	/* sorted pointers into tgt */
	size_t tgt_n;
	bool tgt_done;		/* indexed for this table */
	/* worker state */
	size_t next_job;
	pthread_mutex_t lock;
	int work_rc;
};

/* ---- small helpers on wire names ----------------------------------- */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

/* Length of the wire name at p (within len), 0 if malformed. */
static size_t
name_len(const uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len && p[i] != 0) {
		if (p[i] > 63) {
			return 0;
		}
		i += 1u + p[i];
	}
	return i < len && i + 1 <= 255 ? i + 1 : 0;
}

/* Wire names equal, ASCII case ignored (label lengths compare as is). */
static bool
name_eq(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	size_t i;

	if (al != bl) {
		return false;
	}
	for (i = 0; i < al; i++) {
		uint8_t x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z') {
			x |= 0x20;
		}
		if (y >= 'A' && y <= 'Z') {
			y |= 0x20;
		}
		if (x != y) {
			return false;
		}
	}
	return true;
}

/* True when `n` equals or is below `parent` (both wire names). */
static bool
name_under(const uint8_t *n, size_t nl, const uint8_t *parent, size_t pl)
{
	while (nl > pl) {
		nl -= 1u + n[0];
		n += 1u + n[0];
	}
	return nl == pl && name_eq(n, nl, parent, pl);
}

static const uint8_t *
ent_wire(const struct zc *c, size_t i)
{
	return dnstk_rrtab_wire(&c->t, i);
}

static const uint8_t *
ent_rdata(const struct zc *c, size_t i, size_t *len)
{
	const uint8_t *w = ent_wire(c, i) + c->t.ent[i].owner_len;

	*len = get16(w + 8);
	return w + 10;
}

static char *
name_str(const uint8_t *w, size_t len)
{
	ldns_rdf *r = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, len, w);
	char *s = r != NULL ? ldns_rdf2str(r) : NULL;

	ldns_rdf_deep_free(r);
	return s;
}

/* name_str() that remembers a failure: the run then ends in ENOMEM. */
static char *
zname(struct zc *c, const uint8_t *w, size_t len)
{
	char *s = name_str(w, len);

	if (s == NULL) {
		c->oom = true;
	}
	return s;
}

/* dnstk_rrtab_find() as a yes/no; a failure is remembered in c->oom. */
static bool
zfind(struct zc *c, size_t *at, const uint8_t *w, size_t wl, uint16_t type)
{
	int rc = dnstk_rrtab_find(at, &c->t, w, wl, LDNS_RR_CLASS_IN, type);

	if (rc == DNSTK_ENOMEM) {
		c->oom = true;
	}
	return rc == 0 && *at < c->t.n;
}

/* The type of entry i (dnstk_rrtab_type without a call: a hot path). */
static inline uint16_t
ztype(const struct zc *c, size_t i)
{
	return get16(ent_wire(c, i) + c->t.ent[i].owner_len);
}

/*
 * The first entry of RRset (IN, type) among the entries of name n, as
 * zfind() finds it, without a search of the whole table.
 */
static bool
name_find(const struct zc *c, const struct zc_name *n, uint16_t type,
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

static void
type_str(char *out, size_t cap, uint16_t t)
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
	if (t < sizeof(common) / sizeof(common[0]) && common[t] != NULL) {
		snprintf(out, cap, "%s", common[t]);
		return;
	}
	s = ldns_rr_type2str((ldns_rr_type)t);

	snprintf(out, cap, "%s", s != NULL ? s : "?");
	free(s);
}

/* ---- findings -------------------------------------------------------- */

static void
where_release(struct zc_where *w)
{
	free(w->owner);
	free(w->key);
	memset(w, 0, sizeof(*w));
}

/* Where entry `ent` is (SIZE_MAX: the apex), copied.  0 or ENOMEM. */
static int
where_of(struct zc_where *w, const struct zc *c, size_t ent)
{
	memset(w, 0, sizeof(*w));
	if (ent != SIZE_MAX) {
		const struct dnstk_rrtab_ent *e = &c->t.ent[ent];

		w->line = e->line;
		w->source = e->src < c->nsources ? c->sources[e->src] :
		    c->res->source;
		w->owner = name_str(ent_wire(c, ent), e->owner_len);
		w->key = malloc(e->okey_len + 1u);
		if (w->key != NULL) {
			memcpy(w->key, dnstk_rrtab_key(&c->t, ent), e->okey_len);
			w->key_len = e->okey_len;
		}
	} else {
		w->source = c->res->source;
		w->owner = name_str(c->origin, c->origin_len);
		w->key = malloc(1);
	}
	if (w->owner == NULL || w->key == NULL) {
		where_release(w);
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

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		void *p = realloc(r->f, cap * sizeof(*r->f));

		if (p == NULL) {
			return DNSTK_ENOMEM;
		}
		r->f = p;
		r->cap = cap;
	}
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
	type_str(f->type, sizeof(f->type), type);
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
static int
finding_at(struct zc *c, enum dnstk_zc_sev sev, const char *code,
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
static int
finding(struct zc *c, enum dnstk_zc_sev sev, const char *code, size_t ent,
    uint16_t type, const char *fmt, ...)
{
	struct zc_where w;
	va_list ap;
	int rc;

	if (where_of(&w, c, ent) != 0) {
		return DNSTK_ENOMEM;
	}
	va_start(ap, fmt);
	rc = finding_v(c, sev, code, &w, type, fmt, ap);
	va_end(ap);
	where_release(&w);
	return rc;
}

static int
finding_cmp(const void *pa, const void *pb)
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

/* ---- loading ---------------------------------------------------------- */

/*
 * The index of source file `name` (the reader's current one: $INCLUDE
 * switches it), added when new.  Returns 0 with *src set, or ENOMEM.
 */
static int
src_index(struct zc *c, const char *name, uint32_t *src)
{
	size_t i;
	char **v;

	for (i = c->nsources; i > 0; i--) {
		if (strcmp(c->sources[i - 1], name) == 0) {
			*src = (uint32_t)(i - 1);
			return 0;
		}
	}
	v = realloc(c->sources, (c->nsources + 1) * sizeof(*v));
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	c->sources = v;
	if ((v[c->nsources] = strdup(name)) == NULL) {
		return DNSTK_ENOMEM;
	}
	*src = (uint32_t)c->nsources++;
	return 0;
}

/* The owner length of a record's wire form (valid: the reader made it). */
static size_t
rec_owner_len(const struct dnstk_buf *rec)
{
	return name_len((const uint8_t *)rec->data, rec->len);
}

static int
load(struct zc *c, FILE *fp, const char *source, struct dnstk_err *err)
{
	struct dnstk_reader r;
	struct dnstk_buf rec;
	uint8_t soa[256];
	size_t soa_len = 0, ol;
	uint32_t src;
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
		if (soa_len == 0 && ol > 0 && get16((const uint8_t *)rec.data +
		    ol) == LDNS_RR_TYPE_SOA) {
			memcpy(soa, rec.data, ol);
			soa_len = ol;
		}
		rc = src_index(c, r.source, &src);
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

/* ---- structure: names, cuts, duplicates, TTLs ------------------------- */

static bool
same_owner(const struct zc *c, size_t i, size_t j)
{
	const struct dnstk_rrtab_ent *a = &c->t.ent[i], *b = &c->t.ent[j];

	return a->okey_len == b->okey_len && memcmp(dnstk_rrtab_key(&c->t, i),
	    dnstk_rrtab_key(&c->t, j), a->okey_len) == 0;
}

static bool
name_has(const struct zc *c, const struct zc_name *n, uint16_t type)
{
	size_t i;

	for (i = n->first; i < n->end; i++) {
		if (ztype(c, i) == type) {
			return true;
		}
	}
	return false;
}

static int
duplicates(struct zc *c)
{
	size_t i;
	int rc;

	for (i = 1; i < c->t.n; i++) {
		if (dnstk_rrtab_same_rr(&c->t, i - 1, i)) {
			rc = finding(c, DNSTK_ZC_WARNING, "duplicate-record", i,
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

static int
build_names(struct zc *c)
{
	size_t i, j, cut = SIZE_MAX;

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

		for (j = i; j < c->t.n && same_owner(c, i, j); j++) {
			uint16_t t = ztype(c, j);

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
		if (only3 && name_has(c, n, LDNS_RR_TYPE_NSEC3)) {
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
		    name_has(c, n, LDNS_RR_TYPE_NS)) {
			n->flags |= N_CUT;
			if (!name_has(c, n, LDNS_RR_TYPE_DS)) {
				n->flags |= N_INSECURE;
			}
			cut = c->nnames;
		}
		c->nnames++;
	}
	return 0;
}

/* Authoritative RRset of type t at name n (RFC 4035 §2.2). */
static bool
authoritative(const struct zc_name *n, uint16_t t)
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

	return zfind(c, &at, w, wl, LDNS_RR_TYPE_A) ||
	    zfind(c, &at, w, wl, LDNS_RR_TYPE_AAAA);
}

/* True when `w` is below a delegation point of the zone. */
static bool
below_a_cut(struct zc *c, const uint8_t *w, size_t wl)
{
	size_t at;

	while (wl > c->origin_len && w[0] != 0) {
		if (zfind(c, &at, w, wl, LDNS_RR_TYPE_NS)) {
			return true;
		}
		wl -= 1u + w[0];
		w += 1u + w[0];
	}
	return false;
}

static int
data_checks(struct zc *c)
{
	size_t k, i, end;
	int rc = 0;

	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];
		size_t cname = SIZE_MAX;
		bool other = false;

		for (i = n->first; i < n->end && rc == 0; i = end) {
			uint16_t t = ztype(c, i);
			const uint8_t *w = ent_wire(c, i);

			end = dnstk_rrtab_rrset_end(&c->t, i);
			c->res->rrsets++;
			if ((n->flags & N_INZONE) == 0) {
				rc = finding(c, DNSTK_ZC_WARNING, "out-of-zone",
				    i, t, "the record is not in the zone");
				continue;
			}
			if (t == LDNS_RR_TYPE_CNAME) {
				cname = i;
			} else if (t != LDNS_RR_TYPE_RRSIG &&
			    t != LDNS_RR_TYPE_NSEC) {
				other = true;
			}
			if (t != LDNS_RR_TYPE_RRSIG &&
			    dnstk_rrtab_ttl_differs(&c->t, i, end)) {
				size_t j = i + 1;

				while (j < end && c->t.ent[j].ttl ==
				    c->t.ent[i].ttl) {
					j++;
				}
				rc = finding(c, DNSTK_ZC_WARNING, "ttl-mismatch",
				    j, t, "TTL %lu differs from the RRset's TTL "
				    "%lu (line %lu); RFC 2181 5.2",
				    (unsigned long)c->t.ent[j].ttl,
				    (unsigned long)c->t.ent[i].ttl,
				    (unsigned long)c->t.ent[i].line);
			}
			if (rc == 0 && t == LDNS_RR_TYPE_NS &&
			    (n->flags & N_BELOW) == 0) {
				size_t j;

				for (j = i; j < end && rc == 0; j++) {
					size_t rdlen, nl;
					const uint8_t *rd = ent_rdata(c, j,
					    &rdlen);
					char *s;

					nl = name_len(rd, rdlen);
					if (nl == 0 || !name_under(rd, nl,
					    c->origin, c->origin_len) ||
					    !below_a_cut(c, rd, nl) ||
					    has_address(c, rd, nl)) {
						continue;
					}
					s = zname(c, rd, nl);
					rc = finding(c, DNSTK_ZC_ERROR,
					    "missing-glue", j, t, "name server "
					    "%s is below a delegation and has no "
					    "address record (glue)",
					    s != NULL ? s : "?");
					free(s);
				}
			}
			if (rc == 0 && (n->flags & N_BELOW) &&
			    t != LDNS_RR_TYPE_RRSIG) {
				bool addr = t == LDNS_RR_TYPE_A ||
				    t == LDNS_RR_TYPE_AAAA;

				if (addr && !c->tgt_done) {
					rc = targets_index(c);
					c->tgt_done = rc == 0;
				}
				if (rc == 0 && addr && !ns_target(c, w,
				    c->t.ent[i].owner_len)) {
					rc = finding(c, DNSTK_ZC_WARNING,
					    "glue-without-delegation", i, t,
					    "address record below a delegation "
					    "that no NS record names");
				} else if (rc == 0 && !addr &&
				    t != LDNS_RR_TYPE_NS &&
				    t != LDNS_RR_TYPE_NSEC) {
					rc = finding(c, DNSTK_ZC_WARNING,
					    "occluded-data", i, t, "data below "
					    "a delegation is not served");
				}
			}
		}
		if (rc == 0 && cname != SIZE_MAX && other) {
			rc = finding(c, DNSTK_ZC_ERROR, "cname-and-other-data",
			    cname, LDNS_RR_TYPE_CNAME, "a CNAME cannot be "
			    "beside other data (RFC 2181 10.1)");
		}
	}
	return rc;
}

/* ---- keys and signatures ---------------------------------------------- */

static uint16_t
keytag(const uint8_t *rd, size_t len)
{
	uint32_t ac = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		ac += (i & 1) ? rd[i] : (uint32_t)rd[i] << 8;
	}
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

static int
load_keys(struct zc *c)
{
	struct zc_name *apex = &c->names[c->apex];
	size_t i, rdlen;
	int rc = 0;

	c->keys = calloc(apex->end - apex->first + 1, sizeof(*c->keys));
	if (c->keys == NULL) {
		return DNSTK_ENOMEM;
	}
	for (i = apex->first; i < apex->end && rc == 0; i++) {
		const uint8_t *rd;
		struct zc_key *k;

		if (ztype(c, i) != LDNS_RR_TYPE_DNSKEY) {
			continue;
		}
		rd = ent_rdata(c, i, &rdlen);
		if (rdlen < 4) {
			continue;
		}
		k = &c->keys[c->nkeys];
		k->ent = i;
		k->flags = get16(rd);
		k->alg = rd[3];
		k->tag = keytag(rd, rdlen);
		if (rd[2] != 3 || (k->flags & 0x0100) == 0) {
			continue;	/* not a zone key */
		}
		c->nkeys++;
		if (k->alg == 5 || k->alg == 7) {
			rc = finding(c, DNSTK_ZC_WARNING,
			    "dnskey-algorithm-deprecated", i,
			    LDNS_RR_TYPE_DNSKEY, "key %u uses algorithm %u "
			    "(RSASHA1), which must not be used for signing "
			    "(RFC 8624)", k->tag, k->alg);
		}
		if (rc == 0 && dnstk_sig_alg_supported(k->alg) &&
		    dnstk_sig_key_new(&k->pkey, k->alg, rd + 4, rdlen - 4) !=
		    0) {
			rc = finding(c, DNSTK_ZC_ERROR, "dnskey-malformed", i,
			    LDNS_RR_TYPE_DNSKEY, "key %u: the public key of "
			    "algorithm %u cannot be read", k->tag, k->alg);
		}
	}
	return rc;
}

static void
rrsig_verify_one(struct zc *c, struct dnstk_sig_verifier *v,
    struct dnstk_buf *data, struct zc_sig *s)
{
	const uint8_t *rd;
	size_t rdlen, count, slen;
	const char *why;
	int k, r;

	dnstk_buf_reset(data);
	r = dnstk_rrtab_signed_data(data, &c->t, s->ent, &count, &why);
	if (r == DNSTK_ENOMEM) {
		s->status = -2;	/* no verdict: the run fails */
		return;
	}
	if (r != 0 || count == 0) {
		s->status = -1;
		return;
	}
	rd = ent_rdata(c, s->ent, &rdlen);
	slen = name_len(rd + 18, rdlen - 18);
	for (k = 0; k < s->nkeys; k++) {
		struct zc_key *key = &c->keys[s->key[k]];

		r = dnstk_sig_verify(v, key->pkey, key->alg,
		    (const uint8_t *)data->data, data->len, rd + 18 + slen,
		    rdlen - 18 - slen);
		if (r == 1) {
			s->status = 1;
			s->good_key = k;
			return;
		}
		if (r < 0) {
			s->status = -2;
			return;
		}
	}
	s->status = -1;
}

static void *
worker(void *arg)
{
	struct zc *c = arg;
	struct dnstk_sig_verifier v;
	struct dnstk_buf data;
	size_t i, from;

	if (dnstk_sig_verifier_init(&v) != 0) {
		pthread_mutex_lock(&c->lock);
		c->work_rc = DNSTK_ENOMEM;
		pthread_mutex_unlock(&c->lock);
		return NULL;
	}
	dnstk_buf_init(&data);
	for (;;) {
		from = __atomic_fetch_add(&c->next_job, SIG_BATCH,
		    __ATOMIC_RELAXED);
		if (from >= c->nsigs) {
			break;
		}
		for (i = from; i < from + SIG_BATCH && i < c->nsigs; i++) {
			if (c->sigs[i].nkeys > 0) {
				rrsig_verify_one(c, &v, &data, &c->sigs[i]);
			}
		}
	}
	dnstk_buf_release(&data);
	dnstk_sig_verifier_release(&v);
	return NULL;
}

static int
verify_all(struct zc *c)
{
	unsigned n = c->o->jobs, i;
	pthread_t tid[64];
	long cores;

	if (n == 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		n = cores > 0 ? (unsigned)cores : 1;
	}
	if (n > 64) {
		n = 64;
	}
	c->next_job = 0;
	pthread_mutex_init(&c->lock, NULL);
	if (n == 1) {
		worker(c);
	} else {
		for (i = 0; i < n; i++) {
			if (pthread_create(&tid[i], NULL, worker, c) != 0) {
				break;
			}
		}
		if (i == 0) {
			worker(c);	/* no thread: do it here */
		}
		while (i > 0) {
			pthread_join(tid[--i], NULL);
		}
	}
	pthread_mutex_destroy(&c->lock);
	return c->work_rc;
}

/* Human date of a 32-bit RRSIG time near `now` (RFC 1982). */
static void
date_str(char *out, size_t cap, int64_t now, uint32_t when)
{
	int64_t t = now + (int32_t)(when - (uint32_t)now);
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, cap, "%Y%m%d%H%M%S", &tm) == 0) {
		snprintf(out, cap, "%lu", (unsigned long)when);
	}
}

/* Structural checks of one RRSIG; queue it for verification. */
static int
rrsig_check(struct zc *c, const struct zc_name *n, struct zc_sig *s)
{
	size_t i = s->ent, rdlen, slen, at, k;
	const uint8_t *rd = ent_rdata(c, i, &rdlen), *w = ent_wire(c, i);
	size_t wl = c->t.ent[i].owner_len;
	uint16_t covered, tag;
	uint32_t ottl, exp, inc, now32 = (uint32_t)c->o->now;
	int32_t left;
	unsigned nl;
	char tb[16], date[32];
	int rc = 0;
	const uint16_t T = LDNS_RR_TYPE_RRSIG;

	if (rdlen < 19 || (slen = name_len(rd + 18, rdlen - 18)) == 0) {
		return finding(c, DNSTK_ZC_ERROR, "rrsig-malformed", i, T,
		    "the RRSIG RDATA is malformed");
	}
	covered = get16(rd);
	type_str(tb, sizeof(tb), covered);
	ottl = get32(rd + 4);
	exp = get32(rd + 8);
	inc = get32(rd + 12);
	tag = get16(rd + 16);
	if ((n->flags & N_BELOW) || ((n->flags & N_CUT) &&
	    covered != LDNS_RR_TYPE_DS && covered != LDNS_RR_TYPE_NSEC)) {
		return finding(c, DNSTK_ZC_ERROR, "rrsig-below-cut", i, T,
		    "%s is not authoritative here (%s): it must not be "
		    "signed", tb, (n->flags & N_BELOW) ?
		    "below a delegation" : "at a delegation");
	}
	if (!name_find(c, n, covered, &at)) {
		return finding(c, DNSTK_ZC_ERROR, "rrsig-orphan", i, T,
		    "covers %s, which has no records at this name", tb);
	}
	if (!name_eq(rd + 18, slen, c->origin, c->origin_len)) {
		char *sn = zname(c, rd + 18, slen);

		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-signer", i, T,
		    "signer %s is not the zone apex", sn ? sn : "?");
		free(sn);
	}
	nl = (unsigned)dnstk_name_labels(w, wl);
	if (wl > 2 && w[0] == 1 && w[1] == '*') {
		nl--;
	}
	if (rc == 0 && rd[3] != nl) {
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-labels", i, T,
		    "label count %u, but the owner has %u labels", rd[3], nl);
	}
	if (rc == 0 && c->t.ent[i].ttl != c->t.ent[at].ttl) {
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-ttl", i, T,
		    "RRSIG TTL %lu differs from the TTL %lu of the %s RRset",
		    (unsigned long)c->t.ent[i].ttl,
		    (unsigned long)c->t.ent[at].ttl, tb);
	}
	if (rc == 0 && ottl != c->t.ent[at].ttl) {
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-original-ttl", i, T,
		    "original TTL %lu differs from the TTL %lu of the %s "
		    "RRset", (unsigned long)ottl,
		    (unsigned long)c->t.ent[at].ttl, tb);
	}
	/* windows in RFC 1982 serial arithmetic: right past 2038 */
	if (rc == 0 && (int32_t)(now32 - inc) < 0) {
		date_str(date, sizeof(date), c->o->now, inc);
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-not-yet-valid", i, T,
		    "signature over %s is valid only from %s", tb, date);
	}
	left = (int32_t)(exp - now32);
	date_str(date, sizeof(date), c->o->now, exp);
	if (rc == 0 && left < 0) {
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-expired", i, T,
		    "signature over %s expired at %s", tb, date);
	} else if (rc == 0 && c->o->expire_within > 0 &&
	    (uint32_t)left < c->o->expire_within) {
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-expires-soon", i, T,
		    "signature over %s expires at %s, within %lu seconds",
		    tb, date, (unsigned long)c->o->expire_within);
	} else if (rc == 0 && c->o->expire_warn > 0 &&
	    (uint32_t)left < c->o->expire_warn) {
		rc = finding(c, DNSTK_ZC_WARNING, "rrsig-expires-soon", i, T,
		    "signature over %s expires at %s, within %lu seconds",
		    tb, date, (unsigned long)c->o->expire_warn);
	}
	if (rc != 0) {
		return rc;
	}
	for (k = 0; k < c->nkeys && s->nkeys < 4; k++) {
		if (c->keys[k].tag == tag && c->keys[k].alg == rd[2]) {
			s->key[s->nkeys++] = k;
		}
	}
	if (s->nkeys == 0) {
		return finding(c, DNSTK_ZC_ERROR, "rrsig-no-key", i, T,
		    "no zone key with tag %u and algorithm %u in the apex "
		    "DNSKEY RRset", tag, rd[2]);
	}
	if (!dnstk_sig_alg_supported(rd[2]) ||
	    c->keys[s->key[0]].pkey == NULL) {
		s->nkeys = 0;
		return finding(c, DNSTK_ZC_WARNING,
		    "rrsig-algorithm-unsupported", i, T, "algorithm %u "
		    "cannot be verified", rd[2]);
	}
	return 0;
}

static int
signatures(struct zc *c)
{
	size_t k, i, j;
	int rc = 0;

	free(c->sigs);
	c->nsigs = 0;
	c->sigs = calloc(c->t.n + 1, sizeof(*c->sigs));
	if (c->sigs == NULL) {
		return DNSTK_ENOMEM;
	}
	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];

		if ((n->flags & N_INZONE) == 0) {
			continue;
		}
		for (i = n->first; i < n->end && rc == 0; i++) {
			if (ztype(c, i) == LDNS_RR_TYPE_RRSIG) {
				struct zc_sig *s = &c->sigs[c->nsigs++];

				s->ent = i;
				s->good_key = -1;
				rc = rrsig_check(c, n, s);
			}
		}
	}
	if (rc == 0 && c->o->progress != NULL && !c->stream &&
	    c->nsigs >= PROGRESS_EVERY) {
		c->o->progress(c->o->progress_arg, "signatures to verify",
		    c->nsigs);
	}
	if (rc == 0) {
		rc = verify_all(c);
	}
	for (j = 0; j < c->nsigs && rc == 0; j++) {
		struct zc_sig *s = &c->sigs[j];
		const uint8_t *rd;
		size_t rdlen;
		char tb[16];

		if (s->nkeys == 0) {
			continue;
		}
		if (s->status == -2) {
			rc = DNSTK_ENOMEM;
			break;
		}
		c->res->signatures++;
		rd = ent_rdata(c, s->ent, &rdlen);
		if (s->status == 1) {
			struct zc_key *key = &c->keys[s->key[s->good_key]];

			if (get16(rd) == LDNS_RR_TYPE_DNSKEY) {
				key->signs_dnskey = true;
			}
			continue;
		}
		type_str(tb, sizeof(tb), get16(rd));
		rc = finding(c, DNSTK_ZC_ERROR, "rrsig-bogus", s->ent,
		    LDNS_RR_TYPE_RRSIG, "signature over %s does not verify "
		    "with key %u (algorithm %u)", tb, get16(rd + 16), rd[2]);
	}
	return rc;
}

/* Every authoritative RRset signed with every apex key algorithm. */
static int
coverage(struct zc *c)
{
	bool need[256] = { false };
	size_t k, i, end, j;
	int rc = 0;

	for (k = 0; k < c->nkeys; k++) {
		need[c->keys[k].alg] = true;
	}
	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];

		for (i = n->first; i < n->end && rc == 0; i = end) {
			uint16_t t = ztype(c, i);
			bool have[256] = { false }, any = false;
			char tb[16];
			unsigned a;

			end = dnstk_rrtab_rrset_end(&c->t, i);
			if (!authoritative(n, t)) {
				continue;
			}
			for (j = n->first; j < n->end; j++) {
				size_t rdlen;
				const uint8_t *rd;

				if (ztype(c, j) !=
				    LDNS_RR_TYPE_RRSIG) {
					continue;
				}
				rd = ent_rdata(c, j, &rdlen);
				if (rdlen >= 4 && get16(rd) == t) {
					have[rd[2]] = true;
					any = true;
				}
			}
			type_str(tb, sizeof(tb), t);
			if (!any) {
				rc = finding(c, DNSTK_ZC_ERROR, "rrset-unsigned",
				    i, t, "the %s RRset has no signature", tb);
				continue;
			}
			for (a = 0; a < 256 && rc == 0; a++) {
				if (need[a] && !have[a]) {
					rc = finding(c, DNSTK_ZC_ERROR,
					    "rrset-algorithm-missing", i, t,
					    "the %s RRset has no signature of "
					    "algorithm %u, which the apex "
					    "DNSKEY RRset has (RFC 6840 5.11)",
					    tb, a);
				}
			}
		}
	}
	return rc;
}

/* The DNSKEY RRset signed by a SEP key (after the apex was checked). */
static int
sep_check(struct zc *c)
{
	bool sep = false, sep_signs = false;
	size_t k;

	for (k = 0; k < c->nkeys; k++) {
		if (c->keys[k].flags & 1) {
			sep = true;
			sep_signs |= c->keys[k].signs_dnskey;
		}
	}
	if (sep_signs || c->nkeys == 0) {
		return 0;
	}
	return finding(c, DNSTK_ZC_ERROR, "dnskey-not-signed-by-sep",
	    c->keys[0].ent, LDNS_RR_TYPE_DNSKEY, sep ?
	    "no key with the SEP bit signs the DNSKEY RRset" :
	    "no key has the SEP bit (a KSK)");
}

/* ---- NSEC ------------------------------------------------------------- */

/* Types present at a name, as a sorted list; NSEC3 left out if asked. */
static size_t
types_at(const struct zc *c, const struct zc_name *n, uint16_t *out,
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
static long
bitmap_types(const uint8_t *p, size_t len, uint16_t *out, size_t cap)
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
static int
bitmap_diff(struct dnstk_buf *out, const uint16_t *want, size_t nw,
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
			type_str(tb, sizeof(tb), got[i]);
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
			type_str(tb, sizeof(tb), want[j]);
			rc |= dnstk_buf_addf(out, "%s%s", first ? (out->len ?
			    "; misses " : "misses ") : " ", tb);
			first = false;
		}
	}
	return rc ? DNSTK_ENOMEM : 0;
}

static int
key_cmp(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	int d = memcmp(a, b, al < bl ? al : bl);

	return d != 0 ? d : (al < bl ? -1 : al > bl);
}

static bool
nsec_name(const struct zc_name *n)
{
	return (n->flags & N_INZONE) && !(n->flags & N_BELOW) &&
	    !(n->flags & N_NSEC3);
}

/*
 * The NSEC chain, fed name by name in canonical order (one table or the
 * chunks of --sorted): each NSEC's next name must be the next
 * authoritative name; the last one must point back to the apex.  An NSEC
 * waits in c->ns until that next name is seen.
 */
static int
nsec_feed(struct zc *c)
{
	struct nsec_state *st = &c->ns;
	uint16_t want[512], got[512];
	struct dnstk_buf nk, msg;
	size_t k, i;
	int rc = 0;

	dnstk_buf_init(&nk);
	dnstk_buf_init(&msg);
	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];
		const uint8_t *key = dnstk_rrtab_key(&c->t, n->first);
		size_t klen = c->t.ent[n->first].okey_len;
		size_t ns = SIZE_MAX, rdlen, nl, nw;
		const uint8_t *rd;
		long ng;

		for (i = n->first; i < n->end; i++) {
			if (ztype(c, i) == LDNS_RR_TYPE_NSEC) {
				ns = i;
			}
		}
		if (!nsec_name(n)) {
			if (ns != SIZE_MAX) {
				rc = finding(c, DNSTK_ZC_ERROR,
				    "nsec-unexpected", ns, LDNS_RR_TYPE_NSEC,
				    "an NSEC record where the zone has no "
				    "authoritative data");
			}
			continue;
		}
		if (st->have_prev) {
			int d = key_cmp((const uint8_t *)st->next.data,
			    st->next.len, key, klen);
			bool to_apex = key_cmp((const uint8_t *)st->next.data,
			    st->next.len, (const uint8_t *)c->okey.data,
			    c->okey.len) == 0;
			char *here = zname(c, ent_wire(c, n->first),
			    c->t.ent[n->first].owner_len);

			if (d != 0 && (d > 0 || to_apex)) {
				dnstk_buf_reset(&st->gap);
				st->gap_to_end = to_apex;
				rc = dnstk_buf_add(&st->gap, st->next.data,
				    st->next.len);
				rc = rc ? rc : finding_at(c, DNSTK_ZC_ERROR,
				    "nsec-chain-gap", &st->prev,
				    LDNS_RR_TYPE_NSEC, "the chain skips %s: "
				    "this NSEC points to %s", here ? here : "?",
				    st->next_s ? st->next_s : "?");
			} else if (d != 0) {
				rc = finding_at(c, DNSTK_ZC_ERROR,
				    "nsec-next-wrong", &st->prev,
				    LDNS_RR_TYPE_NSEC, "next name %s does not "
				    "exist; the next name of the zone is %s",
				    st->next_s ? st->next_s : "?",
				    here ? here : "?");
			}
			free(here);
			st->have_prev = false;
			if (rc != 0) {
				break;
			}
		}
		if (ns == SIZE_MAX) {
			if (st->gap_to_end || key_cmp(key, klen,
			    (const uint8_t *)st->gap.data, st->gap.len) < 0) {
				continue;	/* named by the gap finding */
			}
			rc = finding(c, DNSTK_ZC_ERROR, "nsec-missing",
			    n->first, ztype(c, n->first),
			    "the name has no NSEC record");
			continue;
		}
		rd = ent_rdata(c, ns, &rdlen);
		nl = name_len(rd, rdlen);
		dnstk_buf_reset(&nk);
		rc = nl == 0 ? DNSTK_EINPUT : dnstk_name_key(&nk, rd, nl);
		if (rc == DNSTK_ENOMEM) {
			break;
		}
		if (rc != 0) {
			rc = finding(c, DNSTK_ZC_ERROR, "nsec-malformed", ns,
			    LDNS_RR_TYPE_NSEC, "the next owner name is bad");
			continue;
		}
		ng = bitmap_types(rd + nl, rdlen - nl, got, 512);
		nw = types_at(c, n, want, false);
		dnstk_buf_reset(&msg);
		if (ng < 0) {
			rc = dnstk_buf_adds(&msg, "the type bitmap is "
			    "malformed");
		} else {
			rc = bitmap_diff(&msg, want, nw, got, (size_t)ng);
		}
		if (rc == 0 && msg.len > 0) {
			rc = finding(c, DNSTK_ZC_ERROR, "nsec-bitmap", ns,
			    LDNS_RR_TYPE_NSEC, "type bitmap %s", msg.data);
		}
		/* this NSEC now waits for the next authoritative name */
		where_release(&st->prev);
		free(st->next_s);
		dnstk_buf_reset(&st->next);
		st->next_s = zname(c, rd, nl);
		rc = rc ? rc : where_of(&st->prev, c, ns);
		rc = rc ? rc : dnstk_buf_add(&st->next, nk.data, nk.len);
		st->have_prev = rc == 0;
	}
	dnstk_buf_release(&nk);
	dnstk_buf_release(&msg);
	return rc;
}

/* The end of the chain: the last NSEC must point back to the apex. */
static int
nsec_end(struct zc *c)
{
	struct nsec_state *st = &c->ns;
	char *apex;
	int rc = 0;

	if (!st->have_prev || key_cmp((const uint8_t *)st->next.data,
	    st->next.len, (const uint8_t *)c->okey.data, c->okey.len) == 0) {
		return 0;
	}
	apex = zname(c, c->origin, c->origin_len);
	rc = finding_at(c, DNSTK_ZC_ERROR, "nsec-chain-open", &st->prev,
	    LDNS_RR_TYPE_NSEC, "the last NSEC points to %s, not back to the "
	    "apex %s", st->next_s ? st->next_s : "?", apex ? apex : "?");
	free(apex);
	return rc;
}

static void
nsec_state_release(struct nsec_state *st)
{
	where_release(&st->prev);
	free(st->next_s);
	dnstk_buf_release(&st->next);
	dnstk_buf_release(&st->gap);
	memset(st, 0, sizeof(*st));
}

/* ---- NSEC3 ------------------------------------------------------------ */

struct n3_param {
	uint8_t alg, flags;
	uint16_t iter;
	uint8_t salt_len;
	uint8_t salt[255];
};

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
static int
nsec3param_check(struct zc *c, size_t param_ent, struct n3_param *p)
{
	const uint8_t *rd;
	size_t rdlen;
	int rc = 0;

	rd = ent_rdata(c, param_ent, &rdlen);
	if (n3_param_read(p, rd, rdlen) != 0) {
		p->alg = 0;
		return finding(c, DNSTK_ZC_ERROR, "nsec3param-malformed",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "NSEC3PARAM is "
		    "malformed");
	}
	if (p->alg != 1) {
		rc = finding(c, DNSTK_ZC_ERROR, "nsec3param-unsupported",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "hash algorithm %u "
		    "is not SHA-1", p->alg);
		p->alg = 0;
		return rc;
	}
	if (p->iter > 0 || p->salt_len > 0) {
		rc = finding(c, DNSTK_ZC_WARNING, "nsec3param-not-recommended",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "%u extra iterations "
		    "and a salt of %u octets: RFC 9276 asks for 0 and none",
		    p->iter, p->salt_len);
	}
	if (rc == 0 && p->iter > NSEC3_ITER_MAX) {
		rc = finding(c, DNSTK_ZC_ERROR, "nsec3param-iterations",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "%u iterations is "
		    "above %u: the chain is not checked", p->iter,
		    NSEC3_ITER_MAX);
	}
	return rc;
}

static int
nsec3_chain(struct zc *c, size_t param_ent)
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
	rc = nsec3param_check(c, param_ent, &p);
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
			rc = finding(c, DNSTK_ZC_ERROR, "nsec3-malformed", i,
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
		rc = finding(c, DNSTK_ZC_ERROR, "nsec3param-mismatch",
		    param_ent, LDNS_RR_TYPE_NSEC3PARAM, "the NSEC3 records "
		    "use other parameters (algorithm, iterations or salt) "
		    "than this NSEC3PARAM");
		goto out;
	}
	if (nr == 0) {
		rc = finding(c, DNSTK_ZC_ERROR, "nsec3-missing", param_ent,
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
			ng = bitmap_types(rd + 26 + rd[4], rdlen - 26 - rd[4],
			    got, 512);
			if (m->name != SIZE_MAX) {
				nw = types_at(c, &c->names[m->name], want,
				    true);
			}
			dnstk_buf_reset(&msg);
			if (ng < 0) {
				rc = dnstk_buf_adds(&msg, "is malformed");
			} else {
				rc = bitmap_diff(&msg, want, nw, got,
				    (size_t)ng);
			}
			if (rc == 0 && msg.len > 0) {
				char *s = zname(c, m->wire, m->wl);

				rc = finding(c, DNSTK_ZC_ERROR, "nsec3-bitmap",
				    r->ent, LDNS_RR_TYPE_NSEC3, "type bitmap "
				    "for %s %s", s ? s : "?", msg.data);
				free(s);
			}
			j++;
		}
		if (memcmp(r->next, nx->hash, 20) != 0) {
			rc = rc ? rc : finding(c, DNSTK_ZC_ERROR,
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
			s = zname(c, m->wire, m->wl);
			rc = finding(c, DNSTK_ZC_ERROR, "nsec3-chain-gap",
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
		s = zname(c, names[j].wire, names[j].wl);
		rc = finding(c, DNSTK_ZC_ERROR, "nsec3-chain-gap",
		    recs[nr - 1].ent, LDNS_RR_TYPE_NSEC3, "no NSEC3 record "
		    "for %s%s: this one covers it", s ? s : "?",
		    names[j].ent ? " (an empty non-terminal)" : "");
		free(s);
	}
	for (i = 0; i < nr && rc == 0; i++) {
		if (!recs[i].used) {
			rc = finding(c, DNSTK_ZC_ERROR, "nsec3-unexpected",
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

/* ---- ZONEMD (RFC 8976) ---------------------------------------------- */

/* Start the digests when the apex has ZONEMD or --zonemd asks. */
static int
zonemd_start(struct zc *c)
{
	static const char *mds[3] = { NULL, "SHA384", "SHA512" };
	struct zc_name *apex = &c->names[c->apex];
	int h;

	if (!c->o->zonemd && !name_has(c, apex, LDNS_RR_TYPE_ZONEMD)) {
		return 0;
	}
	for (h = 1; h <= 2; h++) {
		EVP_MD *md = EVP_MD_fetch(NULL, mds[h], NULL);

		c->zm[h] = EVP_MD_CTX_new();
		if (md == NULL || c->zm[h] == NULL ||
		    EVP_DigestInit_ex(c->zm[h], md, NULL) != 1) {
			EVP_MD_free(md);
			return DNSTK_ENOMEM;
		}
		EVP_MD_free(md);
	}
	return 0;
}

/*
 * Feed the table's in-zone records, in canonical order, to the digests
 * (RFC 8976 §3.3.1): all but the apex ZONEMD RRset and its RRSIGs.
 */
static int
zonemd_feed(struct zc *c)
{
	size_t i, rdlen;
	int h, rc = 0;

	if (c->zm[1] == NULL) {
		return 0;
	}
	for (i = 0; i < c->t.n && rc == 0; i++) {
		uint16_t t = ztype(c, i);
		const uint8_t *rd;
		bool at_apex = c->t.ent[i].owner_len == c->origin_len &&
		    name_eq(ent_wire(c, i), c->origin_len, c->origin,
		    c->origin_len);

		if (!name_under(ent_wire(c, i), c->t.ent[i].owner_len,
		    c->origin, c->origin_len)) {
			continue;
		}
		if (at_apex && t == LDNS_RR_TYPE_ZONEMD) {
			continue;
		}
		if (at_apex && t == LDNS_RR_TYPE_RRSIG) {
			rd = ent_rdata(c, i, &rdlen);
			if (rdlen >= 2 && get16(rd) == LDNS_RR_TYPE_ZONEMD) {
				continue;
			}
		}
		dnstk_buf_reset(&c->zw);
		rc = dnstk_rrtab_canon_wire(&c->zw, &c->t, i, NULL);
		for (h = 1; h <= 2 && rc == 0; h++) {
			if (EVP_DigestUpdate(c->zm[h], c->zw.data, c->zw.len) !=
			    1) {
				rc = DNSTK_ENOMEM;
			}
		}
	}
	return rc;
}

/* Finish the digests; print them (--zonemd); check the ZONEMD records. */
static int
zonemd_finish(struct zc *c)
{
	struct zc_name *apex = &c->names[c->apex];
	uint8_t dig[3][64];
	unsigned dlen[3] = { 0, 0, 0 };
	size_t i, rdlen, soa = SIZE_MAX;
	const uint8_t *rd;
	uint32_t serial;
	int h, rc = 0;

	if (c->zm[1] == NULL) {
		return 0;
	}
	for (i = apex->first; i < apex->end && soa == SIZE_MAX; i++) {
		if (ztype(c, i) == LDNS_RR_TYPE_SOA) {
			soa = i;
		}
	}
	for (h = 1; h <= 2 && rc == 0; h++) {
		if (EVP_DigestFinal_ex(c->zm[h], dig[h], &dlen[h]) != 1) {
			rc = DNSTK_ENOMEM;
		}
	}
	if (rc != 0 || soa == SIZE_MAX) {
		return rc;
	}
	rd = ent_rdata(c, soa, &rdlen);
	if (rdlen < 22) {
		return 0;
	}
	serial = get32(rd + rdlen - 20);
	if (c->o->zonemd) {
		char *o = zname(c, c->origin, c->origin_len);

		for (h = 1; h <= 2 && rc == 0; h++) {
			rc = dnstk_buf_addf(&c->res->zonemd, "%s %lu IN ZONEMD "
			    "%lu 1 %d ", o ? o : ".",
			    (unsigned long)c->t.ent[soa].ttl,
			    (unsigned long)serial, h);
			rc = rc ? rc : dnstk_buf_addhex(&c->res->zonemd,
			    dig[h], dlen[h]);
			rc = rc ? rc : dnstk_buf_addc(&c->res->zonemd, '\n');
		}
		free(o);
	}
	for (i = apex->first; i < apex->end && rc == 0; i++) {
		const uint8_t *z;
		size_t zl;

		if (ztype(c, i) != LDNS_RR_TYPE_ZONEMD) {
			continue;
		}
		z = ent_rdata(c, i, &zl);
		if (zl < 6) {
			rc = finding(c, DNSTK_ZC_ERROR, "zonemd-malformed", i,
			    LDNS_RR_TYPE_ZONEMD, "ZONEMD RDATA is too short");
		} else if (get32(z) != serial) {
			rc = finding(c, DNSTK_ZC_ERROR, "zonemd-serial", i,
			    LDNS_RR_TYPE_ZONEMD, "serial %lu is not the SOA "
			    "serial %lu", (unsigned long)get32(z),
			    (unsigned long)serial);
		} else if (z[4] != 1 || z[5] < 1 || z[5] > 2) {
			rc = finding(c, DNSTK_ZC_WARNING, "zonemd-unsupported",
			    i, LDNS_RR_TYPE_ZONEMD, "scheme %u hash %u cannot "
			    "be checked (SIMPLE with SHA-384 or SHA-512 can)",
			    z[4], z[5]);
		} else if (zl - 6 != dlen[z[5]] ||
		    memcmp(z + 6, dig[z[5]], dlen[z[5]]) != 0) {
			rc = finding(c, DNSTK_ZC_ERROR, "zonemd-mismatch", i,
			    LDNS_RR_TYPE_ZONEMD, "the %s digest does not match "
			    "the zone's data", z[5] == 1 ? "SHA-384" :
			    "SHA-512");
		}
	}
	return rc;
}

/* ---- DS (--ds=FILE) ------------------------------------------------- */

static int
ds_check(struct zc *c, struct dnstk_err *err)
{
	static const char *mds[5] = { NULL, "SHA1", "SHA256", NULL, "SHA384" };
	struct dnstk_reader r;
	FILE *fp;
	ldns_rr *rr;
	size_t first = c->keys[0].ent;
	int rc;

	if ((fp = fopen(c->o->ds_file, "r")) == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0, "cannot open '%s': "
		    "%s", c->o->ds_file, strerror(errno));
	}
	rc = dnstk_reader_init(&r, fp, c->o->ds_file, DNSTK_FORM_AUTO);
	if (rc != 0) {
		fclose(fp);
		return rc;
	}
	for (;;) {
		struct dnstk_buf d;
		uint16_t tag;
		uint8_t alg, dt, md[64];
		unsigned mlen;
		size_t k, n;
		ldns_rdf *dig;
		bool match = false;

		rr = NULL;
		rc = dnstk_reader_rr(&r, &rr, err);
		if (rc != 1) {
			break;
		}
		rc = 0;
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DS ||
		    ldns_rr_rd_count(rr) < 4) {
			ldns_rr_free(rr);
			continue;
		}
		tag = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		alg = ldns_rdf2native_int8(ldns_rr_rdf(rr, 1));
		dt = ldns_rdf2native_int8(ldns_rr_rdf(rr, 2));
		dig = ldns_rr_rdf(rr, 3);
		if (dt >= 5 || mds[dt] == NULL) {
			rc = finding(c, DNSTK_ZC_WARNING, "ds-digest-unsupported",
			    first, LDNS_RR_TYPE_DNSKEY, "DS %u: digest type %u "
			    "cannot be checked", tag, dt);
			ldns_rr_free(rr);
			if (rc != 0) {
				break;
			}
			continue;
		}
		dnstk_buf_init(&d);
		for (k = 0; k < c->nkeys && !match; k++) {
			struct zc_key *key = &c->keys[k];
			const uint8_t *rd;
			size_t rdlen;
			EVP_MD *m;

			if (key->tag != tag || key->alg != alg) {
				continue;
			}
			rd = ent_rdata(c, key->ent, &rdlen);
			dnstk_buf_reset(&d);
			if (dnstk_buf_add(&d, c->origin, c->origin_len) != 0 ||
			    dnstk_buf_add(&d, rd, rdlen) != 0) {
				c->oom = true;
				break;
			}
			m = EVP_MD_fetch(NULL, mds[dt], NULL);
			if (m == NULL || EVP_Digest(d.data, d.len, md, &mlen, m,
			    NULL) != 1) {
				EVP_MD_free(m);
				continue;
			}
			EVP_MD_free(m);
			n = ldns_rdf_size(dig);
			if (n != mlen || memcmp(ldns_rdf_data(dig), md, n) != 0) {
				continue;
			}
			match = true;
			if ((key->flags & 1) == 0) {
				rc = finding(c, DNSTK_ZC_ERROR, "ds-key-not-sep",
				    key->ent, LDNS_RR_TYPE_DNSKEY, "DS %u "
				    "matches key %u, which has no SEP bit", tag,
				    key->tag);
			} else if (!key->signs_dnskey) {
				rc = finding(c, DNSTK_ZC_ERROR,
				    "ds-key-not-signing", key->ent,
				    LDNS_RR_TYPE_DNSKEY, "DS %u matches key %u, "
				    "which does not sign the DNSKEY RRset",
				    tag, key->tag);
			}
		}
		dnstk_buf_release(&d);
		if (rc == 0 && !match) {
			rc = finding(c, DNSTK_ZC_ERROR, "ds-no-key", first,
			    LDNS_RR_TYPE_DNSKEY, "DS %u (algorithm %u) matches "
			    "no key of the apex DNSKEY RRset", tag, alg);
		}
		ldns_rr_free(rr);
		if (rc != 0) {
			break;
		}
	}
	dnstk_reader_release(&r);
	fclose(fp);
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

	free(c->names);
	c->names = NULL;
	c->nnames = 0;
	c->tgt_done = false;
	dnstk_rrtab_sort(&c->t);
	if (dups) {
		rc = duplicates(c);
	} else {
		dnstk_rrtab_dedup(&c->t);
	}
	rc = rc ? rc : build_names(c);
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
	if (name_has(c, apex, LDNS_RR_TYPE_DNSKEY)) {
		rc = load_keys(c);
		c->dnssec = c->nkeys > 0;
	}
	c->nsec_mode = name_has(c, apex, LDNS_RR_TYPE_NSEC);
	c->have_param = name_has(c, apex, LDNS_RR_TYPE_NSEC3PARAM);
	return rc ? rc : zonemd_start(c);
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
	rc = data_checks(c);
	if (rc == 0 && c->dnssec) {
		rc = signatures(c);
		rc = rc ? rc : coverage(c);
		if (rc == 0 && c->nsec_mode && !c->have_param) {
			rc = nsec_feed(c);
		}
	}
	return rc ? rc : zonemd_feed(c);
}

/* After the last table; c->t holds the apex (or the whole zone). */
static int
finish(struct zc *c, struct dnstk_err *err)
{
	struct zc_name *apex;
	size_t i, soa;
	int rc = 0;

	if (c->apex == SIZE_MAX || !name_has(c, &c->names[c->apex],
	    LDNS_RR_TYPE_SOA)) {
		return finding(c, DNSTK_ZC_ERROR, "soa-missing", SIZE_MAX,
		    LDNS_RR_TYPE_SOA, "no SOA record at the zone apex");
	}
	apex = &c->names[c->apex];
	for (soa = apex->first; ztype(c, soa) !=
	    LDNS_RR_TYPE_SOA; soa++) {
	}
	if (!c->dnssec) {
		if (c->signed_zone) {
			rc = finding(c, DNSTK_ZC_ERROR, "dnskey-missing", soa,
			    LDNS_RR_TYPE_SOA, "the zone has signatures but no "
			    "zone key at the apex");
		}
		return rc ? rc : zonemd_finish(c);
	}
	rc = sep_check(c);
	if (rc == 0 && c->have_param) {
		for (i = apex->first; i < apex->end; i++) {
			if (ztype(c, i) ==
			    LDNS_RR_TYPE_NSEC3PARAM) {
				break;
			}
		}
		if (!c->stream) {
			rc = nsec3_chain(c, i);
		} else {
			struct n3_param p;

			rc = nsec3param_check(c, i, &p);
			rc = rc ? rc : finding(c, DNSTK_ZC_WARNING,
			    "nsec3-not-checked",
			    i, LDNS_RR_TYPE_NSEC3PARAM, "--sorted checks "
			    "no NSEC3 chain (it needs the whole zone): run "
			    "without --sorted");
		}
	} else if (rc == 0 && c->nsec_mode) {
		rc = nsec_end(c);
	} else if (rc == 0) {
		rc = finding(c, DNSTK_ZC_ERROR, "denial-missing", soa,
		    LDNS_RR_TYPE_SOA, "the zone is signed but has neither "
		    "NSEC nor NSEC3PARAM at the apex");
	}
	if (rc == 0 && c->o->ds_file != NULL) {
		rc = ds_check(c, err);
	}
	return rc ? rc : zonemd_finish(c);
}

static void
zc_release(struct zc *c)
{
	size_t i;
	int h;

	for (i = 0; i < c->nkeys; i++) {
		EVP_PKEY_free(c->keys[i].pkey);
	}
	for (h = 0; h < 3; h++) {
		EVP_MD_CTX_free(c->zm[h]);
	}
	for (i = 0; i < c->nsources; i++) {
		free(c->sources[i]);
	}
	free(c->sources);
	free(c->keys);
	free(c->sigs);
	free(c->names);
	nsec_state_release(&c->ns);
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

static int
check_sorted(struct dnstk_zc_result *res, FILE *fp, const char *source,
    const struct dnstk_zc_opts *o, struct dnstk_err *err)
{
	struct dnstk_reader r;
	struct dnstk_buf prev, key, top, rec;
	struct zc c;
	bool top_cut = false, prev_apex = false, have_prev = false;
	int rc;

	zc_init(&c, res, source, o);
	c.stream = true;
	dnstk_buf_init(&prev);
	dnstk_buf_init(&key);
	dnstk_buf_init(&top);
	dnstk_buf_init(&rec);
	rc = dnstk_reader_init(&r, fp, source, DNSTK_FORM_AUTO);
	if (rc != 0) {
		rc = dnstk_err_set(err, rc, NULL, 0, "out of memory");
		goto out;
	}
	if (o->origin == NULL) {
		rc = dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0, "--sorted needs "
		    "the origin: give -o");
		goto out_reader;
	} else {
		ldns_rdf *or = ldns_dname_new_frm_str(o->origin);

		if (or == NULL) {
			rc = dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--origin: '%s' is not a domain name", o->origin);
			goto out_reader;
		}
		c.origin_len = ldns_rdf_size(or);
		memcpy(c.origin, ldns_rdf_data(or), c.origin_len);
		dnstk_name_lower(c.origin, c.origin_len);
		ldns_rdf_deep_free(r.origin);
		r.origin = or;
	}
	rc = dnstk_name_key(&c.okey, c.origin, c.origin_len);
	while (rc == 0 && (rc = dnstk_reader_rr_wire(&r, &rec, err)) == 1) {
		const uint8_t *w = (const uint8_t *)rec.data;
		size_t wl = rec_owner_len(&rec);
		bool apex = wl == c.origin_len && name_eq(w, wl, c.origin, wl);
		int d;

		dnstk_buf_reset(&key);
		rc = dnstk_name_key(&key, w, wl);
		d = have_prev ? key_cmp((const uint8_t *)key.data, key.len,
		    (const uint8_t *)prev.data, prev.len) : 1;
		if (rc == 0 && d < 0) {
			char *s = name_str(w, wl);

			rc = dnstk_err_set(err, DNSTK_EINPUT, r.source,
			    r.unit_line, "--sorted: %s is out of canonical "
			    "order (each name's records together, names in "
			    "RFC 4034 order)", s != NULL ? s : "the owner");
			free(s);
		}
		if (rc == 0 && d > 0) {
			/* a new name: may the chunk end before it? */
			bool under = top_cut && key.len > top.len &&
			    memcmp(key.data, top.data, top.len) == 0;

			if (!under && (c.t.n >= CHUNK_RECORDS || apex ||
			    prev_apex)) {
				rc = chunk_done(&c);
			}
			if (!under) {
				dnstk_buf_reset(&top);
				rc = rc ? rc : dnstk_buf_add(&top, key.data,
				    key.len);
				top_cut = false;
			}
			dnstk_buf_reset(&prev);
			rc = rc ? rc : dnstk_buf_add(&prev, key.data, key.len);
			have_prev = true;
			prev_apex = apex;
		}
		if (rc == 0 && !apex && get16(w + wl) ==
		    LDNS_RR_TYPE_NS && key.len == top.len &&
		    memcmp(key.data, top.data, top.len) == 0) {
			top_cut = true;	/* its subtree stays in the chunk */
		}
		if (rc == 0) {
			uint32_t src = 0;

			rc = src_index(&c, r.source, &src);
			rc = rc ? rc : dnstk_rrtab_add_wire(&c.t, w, rec.len,
			    src, (uint32_t)r.unit_line);
			if (rc == 0 && apex) {
				rc = dnstk_rrtab_add_wire(&c.apex_t, w,
				    rec.len, src, (uint32_t)r.unit_line);
			}
			if (rc == DNSTK_EINPUT) {
				rc = dnstk_err_set(err, rc, r.source,
				    r.unit_line, "record cannot be stored "
				    "(RDATA too long)");
			}
		}
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
out_reader:
	dnstk_reader_release(&r);
out:
	if (rc == 0 && c.oom) {
		rc = DNSTK_ENOMEM;
	}
	dnstk_buf_release(&prev);
	dnstk_buf_release(&key);
	dnstk_buf_release(&top);
	dnstk_buf_release(&rec);
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
		qsort(res->f, res->n, sizeof(*res->f), finding_cmp);
	}
	return rc;
}
