/* SPDX-License-Identifier: BSD-3-Clause */
/* Load zones through the reader and the record table; build the answering index. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dns/rrset.h"
#include "in/reader.h"
#include "serve/sutil.h"
#include "serve/zone.h"

#define T_NS 2
#define T_SOA 6
#define T_RRSIG 46
#define T_DNSKEY 48
#define T_NSEC3 50
#define T_NSEC3PARAM 51
#define N3_ITER_MAX 2500	/* RFC 5155 §10.3 limits for big keys */

static uint32_t
name_hash(const uint8_t *name, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= dnstk_su_lower(name[i]);
		h *= 16777619u;
	}
	return h;
}

/* Label count (root not counted), or -1 for a malformed name. */
static int
name_labels(const uint8_t *name, size_t len)
{
	size_t pos = 0;
	int n = 0;

	while (pos < len) {
		if (name[pos] == 0) {
			return pos + 1 == len ? n : -1;
		}
		if (name[pos] > 63) {
			return -1;
		}
		pos += 1 + name[pos];
		n++;
	}
	return -1;
}

static int
key_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0) {
		return c;
	}
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

void
dnstk_sz_zones_init(struct dnstk_sz_zones *zs)
{
	zs->z = NULL;
	zs->n = 0;
}

static void
zone_free(struct dnstk_sz_zone *z)
{
	if (z == NULL) {
		return;
	}
	dnstk_buf_release(&z->data);
	free(z->rr);
	free(z->set);
	free(z->node);
	free(z->hash);
	free(z->n3);
	free(z);
}

void
dnstk_sz_zones_release(struct dnstk_sz_zones *zs)
{
	size_t i;

	for (i = 0; i < zs->n; i++) {
		zone_free(zs->z[i]);
	}
	free(zs->z);
	dnstk_sz_zones_init(zs);
}

/* ---- building ------------------------------------------------------- */

struct build {
	struct dnstk_sz_zone *z;
	size_t cap_rr, cap_set, cap_node;
};

static int
grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t nc;

	if (n < *cap) {
		return 0;
	}
	nc = *cap == 0 ? 64 : *cap * 2;
	q = realloc(*p, nc * size);
	if (q == NULL) {
		return DNSTK_ENOMEM;
	}
	*p = q;
	*cap = nc;
	return 0;
}

static uint32_t
hash_lookup(const struct dnstk_sz_zone *z, const uint8_t *name, size_t len)
{
	size_t i;

	if (z->hash == NULL) {
		return DNSTK_SZ_NONE;
	}
	i = name_hash(name, len) & z->hash_mask;
	for (;;) {
		uint32_t n = z->hash[i];
		const struct dnstk_sz_node *nd;

		if (n == DNSTK_SZ_NONE) {
			return DNSTK_SZ_NONE;
		}
		nd = &z->node[n];
		if (nd->name_len == len) {
			const uint8_t *a = (const uint8_t *)z->data.data +
			    nd->name;
			size_t k;

			for (k = 0; k < len; k++) {
				if (a[k] != dnstk_su_lower(name[k])) {
					break;
				}
			}
			if (k == len) {
				return n;
			}
		}
		i = (i + 1) & z->hash_mask;
	}
}

/* (Re)build the hash table for the current nodes. */
static int
hash_build(struct dnstk_sz_zone *z, size_t want)
{
	size_t size = 16, i;

	while (size < 2 * want) {
		size *= 2;
	}
	free(z->hash);
	z->hash = malloc(size * sizeof(*z->hash));
	if (z->hash == NULL) {
		return DNSTK_ENOMEM;
	}
	memset(z->hash, 0xff, size * sizeof(*z->hash));
	z->hash_mask = size - 1;
	for (i = 0; i < z->nnode; i++) {
		const struct dnstk_sz_node *nd = &z->node[i];
		size_t h = name_hash((const uint8_t *)z->data.data + nd->name,
		    nd->name_len) & z->hash_mask;

		while (z->hash[h] != DNSTK_SZ_NONE) {
			h = (h + 1) & z->hash_mask;
		}
		z->hash[h] = (uint32_t)i;
	}
	return 0;
}

/* Add a node for `name` (any case; stored lowercased). */
static int
node_add(struct build *b, const uint8_t *name, size_t len, uint16_t flags)
{
	struct dnstk_sz_zone *z = b->z;
	struct dnstk_sz_node *nd;
	uint8_t key[2 * 255 + 1];
	size_t klen, i;

	if (grow((void **)&z->node, &b->cap_node, z->nnode,
	    sizeof(*z->node)) != 0) {
		return DNSTK_ENOMEM;
	}
	nd = &z->node[z->nnode];
	memset(nd, 0, sizeof(*nd));
	nd->name = (uint32_t)z->data.len;
	nd->name_len = (uint8_t)len;
	nd->labels = (uint8_t)name_labels(name, len);
	nd->flags = flags;
	nd->set = (uint32_t)z->nset;
	if (dnstk_buf_add(&z->data, name, len) != 0) {
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < len; i++) {
		z->data.data[nd->name + i] = (char)dnstk_su_lower(name[i]);
	}
	klen = dnstk_name_key_to(key, name, len);
	nd->key = (uint32_t)z->data.len;
	nd->key_len = (uint16_t)klen;
	if (dnstk_buf_add(&z->data, key, klen) != 0) {
		return DNSTK_ENOMEM;
	}
	if (len >= 2 && name[0] == 1 && name[1] == '*') {
		nd->flags |= DNSTK_SZN_WILD;
	}
	z->nnode++;
	return 0;
}

static int
rr_add(struct build *b, const uint8_t *rdata, size_t len, uint32_t ttl)
{
	struct dnstk_sz_zone *z = b->z;
	struct dnstk_sz_rr *r;

	if (grow((void **)&z->rr, &b->cap_rr, z->nrr, sizeof(*z->rr)) != 0) {
		return DNSTK_ENOMEM;
	}
	r = &z->rr[z->nrr++];
	r->off = (uint32_t)z->data.len;
	r->len = (uint16_t)len;
	r->ttl = ttl;
	return dnstk_buf_add(&z->data, rdata, len);
}

/* Build the node of table entries [i, j) (one owner). */
static int
owner_add(struct build *b, const struct dnstk_rrtab *t, size_t i, size_t j)
{
	struct dnstk_sz_zone *z = b->z;
	const uint8_t *w = dnstk_rrtab_wire(t, i);
	size_t k, e, sig_first = SIZE_MAX, sig_end = 0, node;
	int rc;

	rc = node_add(b, w, t->ent[i].owner_len, 0);
	if (rc != 0) {
		return rc;
	}
	node = z->nnode - 1;
	for (k = i; k < j; k = e) {
		uint16_t type = dnstk_rrtab_type(t, k);
		struct dnstk_sz_rrset *s;
		size_t m;

		e = dnstk_rrtab_rrset_end(t, k);
		if (grow((void **)&z->set, &b->cap_set, z->nset,
		    sizeof(*z->set)) != 0) {
			return DNSTK_ENOMEM;
		}
		s = &z->set[z->nset++];
		memset(s, 0, sizeof(*s));
		s->type = type;
		s->rr = (uint32_t)z->nrr;
		for (m = k; m < e; m++) {
			const uint8_t *rw = dnstk_rrtab_wire(t, m);
			size_t ol = t->ent[m].owner_len;
			size_t rdlen = ((size_t)rw[ol + 8] << 8) | rw[ol + 9];

			rc = rr_add(b, rw + ol + 10, rdlen, t->ent[m].ttl);
			if (rc != 0) {
				return rc;
			}
			s->nrr++;
		}
		if (type == T_RRSIG) {
			sig_first = s->rr;
			sig_end = s->rr + s->nrr;
		}
		z->node[node].nset++;
	}
	/* RRSIGs sort by their RDATA, which starts with the type covered */
	for (k = sig_first; sig_first != SIZE_MAX && k < sig_end; k = e) {
		const uint8_t *rd = (const uint8_t *)z->data.data +
		    z->rr[k].off;
		uint16_t cov = z->rr[k].len >= 2 ?
		    (uint16_t)((rd[0] << 8) | rd[1]) : 0;
		size_t s;

		for (e = k + 1; e < sig_end; e++) {
			const uint8_t *r2 = (const uint8_t *)z->data.data +
			    z->rr[e].off;

			if (z->rr[e].len < 2 ||
			    (uint16_t)((r2[0] << 8) | r2[1]) != cov) {
				break;
			}
		}
		for (s = z->node[node].set;
		    s < z->node[node].set + z->node[node].nset; s++) {
			if (z->set[s].type == cov && cov != T_RRSIG) {
				z->set[s].sig = (uint32_t)k;
				z->set[s].nsig = (uint16_t)(e - k);
			}
		}
	}
	return 0;
}

struct keyref {
	const uint8_t *key;
	size_t len;
	uint32_t idx;
};

static int
keyref_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;

	return key_cmp(x->key, x->len, y->key, y->len);
}

/* Put the nodes in canonical order. */
static int
nodes_sort(struct dnstk_sz_zone *z)
{
	struct keyref *kr = malloc((z->nnode + 1) * sizeof(*kr));
	struct dnstk_sz_node *nn = malloc((z->nnode + 1) * sizeof(*nn));
	size_t i;

	if (kr == NULL || nn == NULL) {
		free(kr);
		free(nn);
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < z->nnode; i++) {
		kr[i].key = (const uint8_t *)z->data.data + z->node[i].key;
		kr[i].len = z->node[i].key_len;
		kr[i].idx = (uint32_t)i;
	}
	qsort(kr, z->nnode, sizeof(*kr), keyref_cmp);
	for (i = 0; i < z->nnode; i++) {
		nn[i] = z->node[kr[i].idx];
	}
	free(z->node);
	z->node = nn;
	free(kr);
	return 0;
}

/* Empty non-terminals: every name between a node and the origin exists. */
static int
ents_add(struct build *b)
{
	struct dnstk_sz_zone *z = b->z;
	size_t i, n = z->nnode;
	int rc;

	rc = hash_build(z, n * 4);
	if (rc != 0) {
		return rc;
	}
	for (i = 0; i < n; i++) {
		uint8_t name[255];
		size_t len = z->node[i].name_len, pos = 0;

		memcpy(name, z->data.data + z->node[i].name, len);
		while (len - pos > z->origin_len) {
			pos += 1 + name[pos];
			if (len - pos < z->origin_len ||
			    hash_lookup(z, name + pos, len - pos) !=
			    DNSTK_SZ_NONE) {
				break;
			}
			rc = node_add(b, name + pos, len - pos, DNSTK_SZN_ENT);
			if (rc == 0 && z->nnode * 2 > z->hash_mask) {
				rc = hash_build(z, z->nnode * 2);
			} else if (rc == 0) {
				size_t h = name_hash(name + pos, len - pos) &
				    z->hash_mask;

				while (z->hash[h] != DNSTK_SZ_NONE) {
					h = (h + 1) & z->hash_mask;
				}
				z->hash[h] = (uint32_t)(z->nnode - 1);
			}
			if (rc != 0) {
				return rc;
			}
		}
	}
	return 0;
}

static int
b32hex_val(uint8_t c)
{
	c = dnstk_su_lower(c);
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'v') {
		return c - 'a' + 10;
	}
	return -1;
}

/* Decode a base32hex label (RFC 4648 §7, no padding); -1 when it is not. */
static int
b32hex_decode(uint8_t *out, size_t cap, const uint8_t *s, size_t len)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		int v = b32hex_val(s[i]);

		if (v < 0) {
			return -1;
		}
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n >= cap) {
				return -1;
			}
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return (int)n;
}

static int
n3_cmp(const void *a, const void *b)
{
	const struct dnstk_sz_nsec3 *x = a, *y = b;

	return key_cmp(x->hash, x->hash_len, y->hash, y->hash_len);
}

/* Flags, apex facts and the NSEC3 table, on the sorted nodes. */
static int
zone_finish(struct dnstk_sz_zone *z, const char *path,
    struct dnstk_err *err)
{
	const struct dnstk_sz_rrset *s;
	size_t i, k;
	int rc;

	rc = hash_build(z, z->nnode);
	if (rc != 0) {
		return rc;
	}
	z->apex = hash_lookup(z, z->origin, z->origin_len);
	s = z->apex == DNSTK_SZ_NONE ? NULL :
	    dnstk_sz_rrset(z, z->apex, T_SOA);
	if (s == NULL || s->nrr != 1 || z->rr[s->rr].len < 22) {
		return dnstk_err_set(err, DNSTK_EINPUT, path, 0,
		    "no SOA record at the zone's origin");
	} else {
		const uint8_t *rd = (const uint8_t *)z->data.data +
		    z->rr[s->rr].off + z->rr[s->rr].len - 4;
		uint32_t min = ((uint32_t)rd[0] << 24) | (rd[1] << 16) |
		    (rd[2] << 8) | rd[3];

		z->soa_ttl = z->rr[s->rr].ttl < min ? z->rr[s->rr].ttl : min;
	}
	z->secure = dnstk_sz_rrset(z, z->apex, T_DNSKEY) != NULL;
	s = dnstk_sz_rrset(z, z->apex, T_NSEC3PARAM);
	if (s != NULL && z->rr[s->rr].len >= 5) {
		const uint8_t *rd = (const uint8_t *)z->data.data +
		    z->rr[s->rr].off;

		z->nsec3 = true;
		z->n3_alg = rd[0];
		z->n3_iter = (uint16_t)((rd[2] << 8) | rd[3]);
		z->n3_salt_len = rd[4];
		if (5u + rd[4] > z->rr[s->rr].len || z->n3_iter > N3_ITER_MAX) {
			return dnstk_err_set(err, DNSTK_EINPUT, path, 0,
			    "unusable NSEC3PARAM record");
		}
		memcpy(z->n3_salt, rd + 5, rd[4]);
	}
	for (i = 0; i < z->nnode; i++) {
		struct dnstk_sz_node *nd = &z->node[i];
		const uint8_t *name = (const uint8_t *)z->data.data + nd->name;
		bool only3 = true, has3 = false;

		if (i != z->apex && nd->name_len > z->origin_len) {
			uint32_t p = hash_lookup(z, name + 1 + name[0],
			    nd->name_len - 1 - name[0]);

			if (p != DNSTK_SZ_NONE && p != z->apex &&
			    (z->node[p].flags &
			    (DNSTK_SZN_DELEG | DNSTK_SZN_BELOW))) {
				nd->flags |= DNSTK_SZN_BELOW;
			}
			if (dnstk_sz_rrset(z, (uint32_t)i, T_NS) != NULL) {
				nd->flags |= DNSTK_SZN_DELEG;
			}
		}
		for (k = 0; k < nd->nset; k++) {
			uint16_t t = z->set[nd->set + k].type;

			if (t == T_NSEC3) {
				has3 = true;
			} else if (t != T_RRSIG) {
				only3 = false;
			}
		}
		if (has3 && only3 && nd->labels == z->origin_labels + 1) {
			struct dnstk_sz_nsec3 *e;
			void *q;
			int n;

			nd->flags |= DNSTK_SZN_NSEC3;
			q = realloc(z->n3, (z->nn3 + 1) * sizeof(*z->n3));
			if (q == NULL) {
				return DNSTK_ENOMEM;
			}
			z->n3 = q;
			e = &z->n3[z->nn3];
			n = b32hex_decode(e->hash, sizeof(e->hash), name + 1,
			    name[0]);
			if (n > 0) {
				e->hash_len = (uint8_t)n;
				e->node = (uint32_t)i;
				z->nn3++;
			}
		}
	}
	if (z->nn3 > 0) {
		qsort(z->n3, z->nn3, sizeof(*z->n3), n3_cmp);
	}
	return 0;
}

static int
name_to_wire(uint8_t *out, size_t *len, const char *text)
{
	ldns_rdf *d = NULL;
	char buf[1100];
	size_t n = strlen(text);

	if (n == 0 || n + 2 > sizeof(buf)) {
		return DNSTK_EINPUT;
	}
	memcpy(buf, text, n + 1);
	if (buf[n - 1] != '.' || (n >= 2 && buf[n - 2] == '\\')) {
		buf[n] = '.';
		buf[n + 1] = '\0';
	}
	if (strcmp(buf, "..") == 0) {
		buf[1] = '\0';
	}
	if (ldns_str2rdf_dname(&d, buf) != LDNS_STATUS_OK) {
		return DNSTK_EINPUT;
	}
	*len = ldns_rdf_size(d);
	memcpy(out, ldns_rdf_data(d), *len);
	ldns_rdf_deep_free(d);
	return 0;
}

static bool
name_is_below(const uint8_t *name, size_t len, const uint8_t *origin,
    size_t olen)
{
	size_t pos = 0, k;

	while (len - pos > olen) {
		pos += 1 + name[pos];
	}
	if (len - pos != olen) {
		return false;
	}
	for (k = 0; k < olen; k++) {
		if (dnstk_su_lower(name[pos + k]) !=
		    dnstk_su_lower(origin[k])) {
			return false;
		}
	}
	return true;
}

/* FILE=ORIGIN: the origin of the zone and of the reader's relative names. */
static int
set_origin(struct dnstk_sz_zone *z, struct dnstk_reader *r, const char *path,
    const char *origin, struct dnstk_err *err)
{
	ldns_rdf *o;

	if (name_to_wire(z->origin, &z->origin_len, origin) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, path, 0,
		    "'%s' is not a domain name", origin);
	}
	o = ldns_dname_new_frm_data((uint16_t)z->origin_len, z->origin);
	if (o == NULL) {
		return DNSTK_ENOMEM;
	}
	ldns_rdf_deep_free(r->origin);
	r->origin = o;
	return 0;
}

/*
 * Is record rr (at `line`) one the zone may hold: class IN, below the
 * origin (taken from the first record, which must be the SOA, when not
 * given), at most one SOA and that at the origin?  0 or DNSTK_EINPUT.
 */
static int
check_rr(struct dnstk_sz_zone *z, bool *have_origin, size_t *nsoa,
    const ldns_rr *rr, const char *path, size_t line, struct dnstk_err *err)
{
	const ldns_rdf *owner = ldns_rr_owner(rr);

	if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN) {
		return dnstk_err_set(err, DNSTK_EINPUT, path, line,
		    "record of class other than IN");
	}
	if (!*have_origin) {
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA) {
			return dnstk_err_set(err, DNSTK_EINPUT, path, line,
			    "the first record is not the SOA: give the origin "
			    "as FILE=ORIGIN");
		}
		z->origin_len = ldns_rdf_size(owner);
		memcpy(z->origin, ldns_rdf_data(owner), z->origin_len);
		*have_origin = true;
	}
	if (!name_is_below(ldns_rdf_data(owner), ldns_rdf_size(owner),
	    z->origin, z->origin_len)) {
		return dnstk_err_set(err, DNSTK_EINPUT, path, line,
		    "record outside the zone");
	}
	if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA &&
	    (ldns_rdf_size(owner) != z->origin_len || ++*nsoa > 1)) {
		return dnstk_err_set(err, DNSTK_EINPUT, path, line,
		    *nsoa > 1 ? "a second SOA record" :
		    "SOA record not at the zone's origin");
	}
	return 0;
}

/* Every record of the file into t, checked; the zone's origin known. */
static int
read_records(struct dnstk_sz_zone *z, struct dnstk_rrtab *t,
    struct dnstk_reader *r, bool have_origin, const char *path,
    struct dnstk_err *err)
{
	ldns_rr *rr = NULL;
	size_t nsoa = 0;
	int rc;

	while ((rc = dnstk_reader_rr(r, &rr, err)) == 1) {
		rc = check_rr(z, &have_origin, &nsoa, rr, path, r->unit_line,
		    err);
		if (rc == 0) {
			rc = dnstk_rrtab_add(t, rr, 0, (uint32_t)r->unit_line);
			if (rc == DNSTK_EINPUT) {
				dnstk_err_set(err, rc, path, r->unit_line,
				    "unusable record");
			}
		}
		ldns_rr_free(rr);
		rr = NULL;
		if (rc != 0) {
			return rc;
		}
	}
	if (rc < 0) {
		return rc;
	}
	if (!have_origin) {
		return dnstk_err_set(err, DNSTK_EINPUT, path, r->line,
		    "no SOA record: the zone is empty");
	}
	return 0;
}

/* The records of t, sorted, as the nodes and RRsets of the zone b->z. */
static int
index_records(struct build *b, struct dnstk_rrtab *t, const char *path,
    struct dnstk_err *err)
{
	size_t i, j;
	int rc;

	dnstk_rrtab_sort(t);
	dnstk_rrtab_dedup(t);
	for (i = 0; i < t->n; i = j) {
		for (j = i + 1; j < t->n; j++) {
			if (t->ent[j].okey_len != t->ent[i].okey_len ||
			    memcmp(dnstk_rrtab_key(t, i),
			    dnstk_rrtab_key(t, j), t->ent[i].okey_len) != 0) {
				break;
			}
		}
		rc = owner_add(b, t, i, j);
		if (rc != 0) {
			return rc;
		}
	}
	rc = ents_add(b);
	if (rc == 0) {
		rc = nodes_sort(b->z);
	}
	if (rc == 0) {
		rc = zone_finish(b->z, path, err);
	}
	return rc;
}

/* Is a zone with z's origin loaded already?  0 or DNSTK_EINPUT. */
static int
check_new(const struct dnstk_sz_zones *zs, const struct dnstk_sz_zone *z,
    const char *path, struct dnstk_err *err)
{
	size_t i;

	for (i = 0; i < zs->n; i++) {
		if (zs->z[i]->origin_len == z->origin_len &&
		    memcmp(zs->z[i]->origin, z->origin, z->origin_len) == 0) {
			return dnstk_err_set(err, DNSTK_EINPUT, path, 0,
			    "a zone with this origin is already loaded");
		}
	}
	return 0;
}

/* Read the zone file `fp` into z. */
static int
load_file(struct dnstk_sz_zone *z, const struct dnstk_sz_zones *zs,
    struct dnstk_rrtab *t, FILE *fp, const char *path, const char *origin,
    struct dnstk_err *err)
{
	struct dnstk_reader r;
	int rc;

	rc = dnstk_reader_init(&r, fp, path, DNSTK_FORM_TEXT);
	if (rc != 0) {
		return rc;
	}
	if (origin != NULL) {
		rc = set_origin(z, &r, path, origin, err);
	}
	if (rc == 0) {
		rc = read_records(z, t, &r, origin != NULL, path, err);
	}
	if (rc == 0) {
		dnstk_name_lower(z->origin, z->origin_len);
		z->origin_labels = (unsigned)name_labels(z->origin,
		    z->origin_len);
		rc = check_new(zs, z, path, err);
	}
	dnstk_reader_release(&r);
	return rc;
}

int
dnstk_sz_load(struct dnstk_sz_zones *zs, const char *path,
    const char *origin, struct dnstk_err *err)
{
	struct dnstk_rrtab t;
	struct build b;
	struct dnstk_sz_zone *z = NULL;
	FILE *fp = NULL;
	void *q;
	int rc;

	dnstk_rrtab_init(&t);
	memset(&b, 0, sizeof(b));
	z = calloc(1, sizeof(*z));
	if (z == NULL) {
		rc = DNSTK_ENOMEM;
		goto out;
	}
	dnstk_buf_init(&z->data);
	b.z = z;
	fp = fopen(path, "r");
	if (fp == NULL) {
		rc = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "cannot open zone file '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = load_file(z, zs, &t, fp, path, origin, err);
	if (rc == 0) {
		rc = index_records(&b, &t, path, err);
	}
	if (rc != 0) {
		goto out;
	}
	q = realloc(zs->z, (zs->n + 1) * sizeof(*zs->z));
	if (q == NULL) {
		rc = DNSTK_ENOMEM;
		goto out;
	}
	zs->z = q;
	zs->z[zs->n++] = z;
	z = NULL;
out:
	if (fp != NULL) {
		fclose(fp);
	}
	dnstk_rrtab_release(&t);
	zone_free(z);
	return rc;
}

/* ---- lookups -------------------------------------------------------- */

const struct dnstk_sz_zone *
dnstk_sz_find_zone(const struct dnstk_sz_zones *zs, const uint8_t *name,
    size_t len, const struct dnstk_sz_zone *below)
{
	const struct dnstk_sz_zone *best = NULL;
	size_t i;

	for (i = 0; i < zs->n; i++) {
		const struct dnstk_sz_zone *z = zs->z[i];

		if (z->origin_len > len ||
		    (best != NULL && z->origin_len <= best->origin_len) ||
		    (below != NULL && z->origin_len >= below->origin_len) ||
		    !name_is_below(name, len, z->origin, z->origin_len)) {
			continue;
		}
		best = z;
	}
	return best;
}

uint32_t
dnstk_sz_find(const struct dnstk_sz_zone *z, const uint8_t *name, size_t len)
{
	return hash_lookup(z, name, len);
}

const struct dnstk_sz_rrset *
dnstk_sz_rrset(const struct dnstk_sz_zone *z, uint32_t n, uint16_t type)
{
	const struct dnstk_sz_node *nd = &z->node[n];
	size_t k;

	for (k = 0; k < nd->nset; k++) {
		if (z->set[nd->set + k].type == type) {
			return &z->set[nd->set + k];
		}
	}
	return NULL;
}

uint32_t
dnstk_sz_nsec_cover(const struct dnstk_sz_zone *z, const uint8_t *name,
    size_t len)
{
	uint8_t key[2 * 255 + 1];
	size_t klen = dnstk_name_key_to(key, name, len), lo = 0, hi = z->nnode;

	/* the last node with key <= key */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct dnstk_sz_node *nd = &z->node[mid];

		if (key_cmp((const uint8_t *)z->data.data + nd->key,
		    nd->key_len, key, klen) <= 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	while (lo > 0) {
		lo--;
		if (dnstk_sz_rrset(z, (uint32_t)lo, 47) != NULL) {
			return (uint32_t)lo;
		}
	}
	return DNSTK_SZ_NONE;
}

int
dnstk_sz_nsec3_hash(const struct dnstk_sz_zone *z, const uint8_t *name,
    size_t len, uint8_t hash[20])
{
	uint8_t lname[255];
	EVP_MD_CTX *ctx;
	unsigned i, n;
	int ok = 1;

	if (z->n3_alg != 1 || len > sizeof(lname)) {
		return DNSTK_EINPUT;
	}
	for (i = 0; i < len; i++) {
		lname[i] = dnstk_su_lower(name[i]);
	}
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL) {
		return DNSTK_ENOMEM;
	}
	for (i = 0; i <= z->n3_iter && ok; i++) {
		ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
		    (i == 0 ? EVP_DigestUpdate(ctx, lname, len) :
		    EVP_DigestUpdate(ctx, hash, 20)) &&
		    EVP_DigestUpdate(ctx, z->n3_salt, z->n3_salt_len) &&
		    EVP_DigestFinal_ex(ctx, hash, &n);
	}
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : DNSTK_ENOMEM;
}

uint32_t
dnstk_sz_nsec3_find(const struct dnstk_sz_zone *z, const uint8_t hash[20],
    bool exact)
{
	size_t lo = 0, hi = z->nn3;

	if (z->nn3 == 0) {
		return DNSTK_SZ_NONE;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (key_cmp(z->n3[mid].hash, z->n3[mid].hash_len, hash, 20) <=
		    0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (exact) {
		if (lo > 0 && key_cmp(z->n3[lo - 1].hash,
		    z->n3[lo - 1].hash_len, hash, 20) == 0) {
			return z->n3[lo - 1].node;
		}
		return DNSTK_SZ_NONE;
	}
	return lo > 0 ? z->n3[lo - 1].node : z->n3[z->nn3 - 1].node;
}
