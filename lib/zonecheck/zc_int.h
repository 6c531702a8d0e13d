/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to lib/zonecheck: the state of a check run (struct zc) and
 * what its parts share.  The parts: check.c (loading, the run, --sorted),
 * base.c (names, findings), names.c (structure: names, cuts, duplicates,
 * TTLs, delegations), sigs.c (keys, signatures, coverage), nsec.c,
 * nsec3.c, zonemd.c (ZONEMD and --ds).  Not for use outside.
 */
#ifndef DNSTK_ZONECHECK_ZC_INT_H
#define DNSTK_ZONECHECK_ZC_INT_H

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>
#include <openssl/evp.h>

#include "dns/rrset.h"
#include "in/reader.h"
#include "zone/zone.h"
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
	bool bad;		/* its public key cannot be read */
	bool signs_dnskey;	/* a valid RRSIG by it covers DNSKEY */
};

/* Per RRSIG entry. */
struct zc_sig {
	size_t ent;
	uint32_t key[4];	/* candidate keys (indexes into keys) */
	int8_t status;		/* 0 unchecked, 1 verified, -1 bogus */
	int8_t nkeys;
	int8_t good_key;	/* index into key[] that verified, or -1 */
	bool early;		/* its name's early verdict may be used */
	bool over_dnskey;	/* it covers the DNSKEY RRset */
};

struct zc {
	const struct dnstk_zc_opts *o;
	struct dnstk_zc_result *res;
	struct dnstk_rrtab t;
	struct zc_name *names;
	size_t nnames;
	/* by entry of t, from zc_build_names() until t changes (NULL
	 * before): its type, and where owners and RRsets start (ZC_B_*),
	 * so that the walks over the table need not read its records */
	uint16_t *ty;
	uint8_t *brk;
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
	bool chain_done;	/* the NSEC(3) chain's end check was run */
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
	struct zc_n3 *n3;	/* the NSEC3 chain kept (nsec3.c) */
	struct zc_early *early;	/* verifying while loading (early.c) */
	bool oom;		/* an allocation failed where no rc could go */
	struct dnstk_zone_sources srcs;	/* file names by entry src */
	struct dnstk_buf tgt;	/* NS targets: length byte, wire name */
	const uint8_t **tgt_v;	/* sorted pointers into tgt */
	size_t tgt_n;
	bool tgt_done;		/* indexed for this table */
	/* worker state */
	size_t next_job;
	pthread_mutex_t lock;
	int work_rc;
};

/* An NSEC3PARAM (or the parameters of an NSEC3). */
struct n3_param {
	uint8_t alg, flags;
	uint16_t iter;
	uint8_t salt_len;
	uint8_t salt[255];
};

/* ---- small helpers on wire names and entries --------------------------- */

static inline uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

/* Length of the wire name at p (within len), 0 if malformed. */
static inline size_t
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
static inline bool
name_eq(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	size_t i;

	if (al != bl) {
		return false;
	}
	if (memcmp(a, b, al) == 0) {
		return true;	/* the usual case: as written */
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
static inline bool
name_under(const uint8_t *n, size_t nl, const uint8_t *parent, size_t pl)
{
	while (nl > pl) {
		nl -= 1u + n[0];
		n += 1u + n[0];
	}
	return nl == pl && name_eq(n, nl, parent, pl);
}

static inline const uint8_t *
ent_wire(const struct zc *c, size_t i)
{
	return dnstk_rrtab_wire(&c->t, i);
}

static inline const uint8_t *
ent_rdata(const struct zc *c, size_t i, size_t *len)
{
	const uint8_t *w = ent_wire(c, i) + c->t.ent[i].owner_len;

	*len = get16(w + 8);
	return w + 10;
}

/* The type of entry i (dnstk_rrtab_type without a call: a hot path). */
static inline uint16_t
ztype(const struct zc *c, size_t i)
{
	if (c->ty != NULL) {
		return c->ty[i];
	}
	return get16(ent_wire(c, i) + c->t.ent[i].owner_len);
}

/*
 * Ask for entry i's record to be brought into the cache (if i is in the
 * table): walks in canonical order reach records all over the data (the
 * NSEC3 names come in hash order), so they ask some entries ahead.
 */
#define ZC_AHEAD 8
static inline void
zc_prefetch(const struct zc *c, size_t i)
{
	if (i < c->t.n) {
		__builtin_prefetch(ent_wire(c, i));
	}
}

enum {
	ZC_B_OWNER = 1,		/* the entry starts a name (an owner) */
	ZC_B_RRSET = 2,		/* the entry starts an RRset */
};

/* After zc_build_names(): the index just past the RRset that starts at
 * i (dnstk_rrtab_rrset_end without reading the keys). */
static inline size_t
zc_rrset_end(const struct zc *c, size_t i)
{
	size_t j = i + 1;

	while (j < c->t.n && (c->brk[j] & ZC_B_RRSET) == 0) {
		j++;
	}
	return j;
}

static inline int
key_cmp(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	int d = memcmp(a, b, al < bl ? al : bl);

	return d != 0 ? d : (al < bl ? -1 : al > bl);
}

static inline bool
nsec_name(const struct zc_name *n)
{
	return (n->flags & N_INZONE) && !(n->flags & N_BELOW) &&
	    !(n->flags & N_NSEC3);
}

/*
 * base.c: names as text, findings and where they point.  Strings
 * returned are the caller's to free (NULL: out of memory; zc_zname also
 * sets c->oom).  Findings return 0 or DNSTK_ENOMEM.
 */
char *zc_name_str(const uint8_t *w, size_t len);
char *zc_zname(struct zc *c, const uint8_t *w, size_t len);
/* The first entry of RRset (owner w, IN, type) in the whole table. */
bool zc_zfind(struct zc *c, size_t *at, const uint8_t *w, size_t wl,
    uint16_t type);
/* The same among name n's entries only. */
bool zc_name_find(const struct zc *c, const struct zc_name *n, uint16_t type,
    size_t *at);
/* A type's mnemonic (TYPEn for the unknown). */
void zc_type_str(char *out, size_t cap, uint16_t t);
/* Where entry ent is (SIZE_MAX: the apex), copied; 0 or ENOMEM. */
int zc_where_of(struct zc_where *w, const struct zc *c, size_t ent);
void zc_where_release(struct zc_where *w);
/* A finding at `where` / at table entry `ent`, of type `type`. */
__attribute__((format(printf, 6, 7)))
int zc_finding_at(struct zc *c, enum dnstk_zc_sev sev, const char *code,
    const struct zc_where *where, uint16_t type, const char *fmt, ...);
__attribute__((format(printf, 6, 7)))
int zc_finding(struct zc *c, enum dnstk_zc_sev sev, const char *code,
    size_t ent, uint16_t type, const char *fmt, ...);
/* The order of findings: owner key, type, code, line, message. */
int zc_finding_cmp(const void *pa, const void *pb);

/*
 * names.c: the structure of a table.  zc_build_names() groups the sorted
 * table by owner and flags each name (N_*); zc_duplicates() reports and
 * drops duplicates; zc_data_checks() judges TTLs, CNAMEs, glue and
 * delegations.  0 or DNSTK_ENOMEM.
 */
bool zc_name_has(const struct zc *c, const struct zc_name *n, uint16_t type);
int zc_duplicates(struct zc *c);
int zc_build_names(struct zc *c);
/* Free what zc_build_names() made (names, types, starts); none left. */
void zc_names_release(struct zc *c);
/* Is type t at name n authoritative data (signed, in the chains)? */
bool zc_authoritative(const struct zc_name *n, uint16_t t);
int zc_data_checks(struct zc *c);

/*
 * sigs.c: the apex keys (zc_load_keys, from the apex DNSKEY RRset), every
 * RRSIG checked and verified on worker threads (zc_signatures), every
 * authoritative RRset signed with each key algorithm (zc_coverage), the
 * DNSKEY RRset signed by a SEP key (zc_sep_check).  0 or DNSTK_ENOMEM.
 */
int zc_load_keys(struct zc *c);
/* The zone keys among entries [first, end) of table t (an apex, sorted,
 * without duplicates), in table order, into *out (the caller frees each
 * pkey and the array; a key that cannot be read has pkey NULL and bad
 * set) and *n.  0 or DNSTK_ENOMEM. */
int zc_keys_build(const struct dnstk_rrtab *t, size_t first, size_t end,
    struct zc_key **out, size_t *n);
/* The keys an RRSIG with key tag `tag` and algorithm `alg` may be by
 * (at most 4, in key order) into s->key; true when it can be verified
 * (some key, an algorithm verified here, a key that could be read). */
bool zc_sig_candidates(const struct zc_key *keys, size_t nkeys,
    uint16_t tag, uint8_t alg, struct zc_sig *s);
/* Verify RRSIG s->ent of table t (sorted, without duplicates) with its
 * candidate keys: s->status 1 (and s->good_key), -1 bogus, -2 out of
 * memory.  `data` is scratch.  Thread-safe with one verifier a thread. */
void zc_sig_verify(const struct dnstk_rrtab *t, const struct zc_key *keys,
    struct dnstk_sig_verifier *v, struct dnstk_buf *data, struct zc_sig *s);
int zc_signatures(struct zc *c);
int zc_coverage(struct zc *c);
int zc_sep_check(struct zc *c);

/*
 * early.c: signatures verified while a whole zone loads.  The loader
 * calls zc_early_first_run() when the first run of records with one
 * owner ends at entry `end` and that owner is the apex,
 * zc_early_run_end() when any later run ends, zc_early_room() before it
 * adds a record of wire length len, and zc_early_load_done() at the end
 * of the input.  After the sort, zc_early_collect() waits for the
 * workers (and helps them); then zc_early_name() tells whether name n's
 * verdicts can be used, and zc_early_verdict() fills in s->status and
 * s->good_key when it has one.  zc_early_release() stops and frees it
 * all.  Functions returning int return 0 or DNSTK_ENOMEM.
 */
int zc_early_first_run(struct zc *c, size_t end);
int zc_early_run_end(struct zc *c, size_t end);
int zc_early_room(struct zc *c, size_t len);
int zc_early_load_done(struct zc *c);
void zc_early_collect(struct zc *c);
bool zc_early_name(struct zc *c, const struct zc_name *n);
bool zc_early_verdict(struct zc *c, struct zc_sig *s);
void zc_early_release(struct zc *c);

/*
 * nsec.c: type bitmaps (the types at a name, a bitmap decoded, how two
 * differ in words) and the NSEC chain, fed table by table in canonical
 * order and closed at the end.  0 or DNSTK_ENOMEM.
 */
size_t zc_types_at(const struct zc *c, const struct zc_name *n, uint16_t *out,
    bool nsec3);
long zc_bitmap_types(const uint8_t *p, size_t len, uint16_t *out, size_t cap);
int zc_bitmap_diff(struct dnstk_buf *out, const uint16_t *want, size_t nw,
    const uint16_t *got, size_t ng);
int zc_nsec_feed(struct zc *c);
int zc_nsec_end(struct zc *c);
void zc_nsec_state_release(struct nsec_state *st);

/* nsec3.c: the NSEC3 chain */
/* Judge the NSEC3PARAM at param_ent into *p (findings); p->alg is 0 when
 * the chain cannot be checked.  0 or ENOMEM. */
int zc_nsec3param_check(struct zc *c, size_t param_ent, struct n3_param *p);
/* Read the apex's NSEC3PARAM (c->t holds the apex): the chain is kept
 * from here on.  0 or ENOMEM. */
int zc_nsec3_start(struct zc *c);
/* Keep what the chain check needs of the table's names and NSEC3
 * records (malformed ones are findings now).  0 or ENOMEM. */
int zc_nsec3_feed(struct zc *c);
/* Check the chain kept (c->t holds the apex; the NSEC3PARAM is entry
 * param_ent).  0 or ENOMEM. */
int zc_nsec3_end(struct zc *c, size_t param_ent);
void zc_nsec3_release(struct zc *c);

/*
 * zonemd.c: ZONEMD (RFC 8976): digests started at the apex, fed table by
 * table, checked (or printed, --zonemd) at the end; and the DS records of
 * --ds against the apex keys.  0, DNSTK_ENOMEM, or for zc_ds_check a
 * file that cannot be read or parsed (err set).
 */
int zc_zonemd_start(struct zc *c);
int zc_zonemd_feed(struct zc *c);
int zc_zonemd_finish(struct zc *c);
int zc_ds_check(struct zc *c, struct dnstk_err *err);

#endif
