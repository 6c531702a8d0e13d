/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check: keys, signatures and their coverage (see zc_int.h). */
#include "zonecheck/zc_int.h"

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

int
zc_keys_build(const struct dnstk_rrtab *t, size_t first, size_t end,
    struct zc_key **out, size_t *n)
{
	struct zc_key *keys, *k;
	const uint8_t *rd;
	size_t i, rdlen;

	*n = 0;
	keys = calloc(end - first + 1, sizeof(*keys));
	if ((*out = keys) == NULL) {
		return DNSTK_ENOMEM;
	}
	for (i = first; i < end; i++) {
		if (dnstk_rrtab_type(t, i) != LDNS_RR_TYPE_DNSKEY) {
			continue;
		}
		rd = dnstk_rrtab_wire(t, i) + t->ent[i].owner_len + 10;
		rdlen = get16(rd - 2);
		if (rdlen < 4) {
			continue;
		}
		k = &keys[*n];
		k->ent = i;
		k->flags = get16(rd);
		k->alg = rd[3];
		k->tag = keytag(rd, rdlen);
		if (rd[2] != 3 || (k->flags & 0x0100) == 0) {
			continue;	/* not a zone key */
		}
		(*n)++;
		k->bad = dnstk_sig_alg_supported(k->alg) &&
		    dnstk_sig_key_new(&k->pkey, k->alg, rd + 4, rdlen - 4) != 0;
	}
	return 0;
}

int
zc_load_keys(struct zc *c)
{
	struct zc_name *apex = &c->names[c->apex];
	size_t i;
	int rc;

	rc = zc_keys_build(&c->t, apex->first, apex->end, &c->keys,
	    &c->nkeys);
	for (i = apex->first; i < apex->end && rc == 0; i++) {
		const uint8_t *rd = NULL;
		size_t rdlen = 0;

		if (ztype(c, i) == LDNS_RR_TYPE_DNSKEY) {
			rd = ent_rdata(c, i, &rdlen);
		}
		if (rd != NULL && rdlen < 4) {	/* keys_build skips it */
			rc = zc_finding(c, DNSTK_ZC_ERROR, "dnskey-malformed", i,
			    LDNS_RR_TYPE_DNSKEY, "the DNSKEY RDATA has %zu "
			    "octets, fewer than the 4 of flags, protocol and "
			    "algorithm", rdlen);
		}
	}
	for (i = 0; i < c->nkeys && rc == 0; i++) {
		struct zc_key *k = &c->keys[i];

		if (k->alg == 5 || k->alg == 7) {
			rc = zc_finding(c, DNSTK_ZC_WARNING,
			    "dnskey-algorithm-deprecated", k->ent,
			    LDNS_RR_TYPE_DNSKEY, "key %u uses algorithm %u "
			    "(RSASHA1), which must not be used for signing "
			    "(RFC 8624)", k->tag, k->alg);
		}
		if (rc == 0 && k->bad) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "dnskey-malformed",
			    k->ent, LDNS_RR_TYPE_DNSKEY, "key %u: the public "
			    "key of algorithm %u cannot be read", k->tag,
			    k->alg);
		}
	}
	return rc;
}

bool
zc_sig_candidates(const struct zc_key *keys, size_t nkeys, uint16_t tag,
    uint8_t alg, struct zc_sig *s)
{
	size_t k;

	for (k = 0; k < nkeys && s->nkeys < 4; k++) {
		if (keys[k].tag == tag && keys[k].alg == alg) {
			s->key[s->nkeys++] = (uint32_t)k;
		}
	}
	return s->nkeys > 0 && dnstk_sig_alg_supported(alg) &&
	    keys[s->key[0]].pkey != NULL;
}

void
zc_sig_verify(const struct dnstk_rrtab *t, const struct zc_key *keys,
    struct dnstk_sig_verifier *v, struct dnstk_buf *data, struct zc_sig *s)
{
	const uint8_t *rd;
	size_t rdlen, count, slen;
	const char *why;
	int k, r;

	dnstk_buf_reset(data);
	r = dnstk_rrtab_signed_data(data, t, s->ent, &count, &why);
	if (r == DNSTK_ENOMEM) {
		s->status = -2;	/* no verdict: the run fails */
		return;
	}
	if (r != 0 || count == 0) {
		s->status = -1;
		return;
	}
	rd = dnstk_rrtab_wire(t, s->ent) + t->ent[s->ent].owner_len + 10;
	rdlen = get16(rd - 2);
	slen = name_len(rd + 18, rdlen - 18);
	for (k = 0; k < s->nkeys; k++) {
		const struct zc_key *key = &keys[s->key[k]];

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
			if (c->sigs[i].nkeys > 0 && c->sigs[i].status == 0) {
				zc_sig_verify(&c->t, c->keys, &v, &data,
				    &c->sigs[i]);
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

/* The validity window of RRSIG entry i (over type tb), in RFC 1982
 * serial arithmetic: right past 2038. */
static int
rrsig_window(struct zc *c, size_t i, const char *tb, uint32_t inc,
    uint32_t exp)
{
	uint32_t now32 = (uint32_t)c->o->now;
	const uint16_t T = LDNS_RR_TYPE_RRSIG;
	char date[32];
	int32_t left;
	int rc = 0;

	if ((int32_t)(now32 - inc) < 0) {
		date_str(date, sizeof(date), c->o->now, inc);
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-not-yet-valid", i, T,
		    "signature over %s is valid only from %s", tb, date);
	}
	left = (int32_t)(exp - now32);
	if (rc == 0 && (left < 0 || (uint32_t)left < c->o->expire_within ||
	    (uint32_t)left < c->o->expire_warn)) {
		date_str(date, sizeof(date), c->o->now, exp);	/* to say */
	}
	if (rc == 0 && left < 0) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-expired", i, T,
		    "signature over %s expired at %s", tb, date);
	} else if (rc == 0 && c->o->expire_within > 0 &&
	    (uint32_t)left < c->o->expire_within) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-expires-soon", i, T,
		    "signature over %s expires at %s, within %lu seconds",
		    tb, date, (unsigned long)c->o->expire_within);
	} else if (rc == 0 && c->o->expire_warn > 0 &&
	    (uint32_t)left < c->o->expire_warn) {
		rc = zc_finding(c, DNSTK_ZC_WARNING, "rrsig-expires-soon", i, T,
		    "signature over %s expires at %s, within %lu seconds",
		    tb, date, (unsigned long)c->o->expire_warn);
	}
	return rc;
}

/* Structural checks of one RRSIG; queue it for verification. */
static int
rrsig_check(struct zc *c, const struct zc_name *n, struct zc_sig *s)
{
	size_t i = s->ent, rdlen, slen, at;
	bool verifiable;
	const uint8_t *rd = ent_rdata(c, i, &rdlen), *w = ent_wire(c, i);
	size_t wl = c->t.ent[i].owner_len;
	uint16_t covered, tag;
	uint32_t ottl, exp, inc;
	unsigned nl;
	char tb[16];
	int rc = 0;
	const uint16_t T = LDNS_RR_TYPE_RRSIG;

	if (rdlen < 19 || (slen = name_len(rd + 18, rdlen - 18)) == 0) {
		return zc_finding(c, DNSTK_ZC_ERROR, "rrsig-malformed", i, T,
		    "the RRSIG RDATA is malformed");
	}
	covered = get16(rd);
	s->over_dnskey = covered == LDNS_RR_TYPE_DNSKEY;
	zc_type_str(tb, sizeof(tb), covered);
	ottl = get32(rd + 4);
	exp = get32(rd + 8);
	inc = get32(rd + 12);
	tag = get16(rd + 16);
	if ((n->flags & N_BELOW) || ((n->flags & N_CUT) &&
	    covered != LDNS_RR_TYPE_DS && covered != LDNS_RR_TYPE_NSEC)) {
		return zc_finding(c, DNSTK_ZC_ERROR, "rrsig-below-cut", i, T,
		    "%s is not authoritative here (%s): it must not be "
		    "signed", tb, (n->flags & N_BELOW) ?
		    "below a delegation" : "at a delegation");
	}
	if (!zc_name_find(c, n, covered, &at)) {
		return zc_finding(c, DNSTK_ZC_ERROR, "rrsig-orphan", i, T,
		    "covers %s, which has no records at this name", tb);
	}
	if (!name_eq(rd + 18, slen, c->origin, c->origin_len)) {
		char *sn = zc_zname(c, rd + 18, slen);

		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-signer", i, T,
		    "signer %s is not the zone apex", sn ? sn : "?");
		free(sn);
	}
	nl = (unsigned)dnstk_name_labels(w, wl);
	if (wl > 2 && w[0] == 1 && w[1] == '*') {
		nl--;
	}
	if (rc == 0 && rd[3] != nl) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-labels", i, T,
		    "label count %u, but the owner has %u labels", rd[3], nl);
	}
	if (rc == 0 && c->t.ent[i].ttl != c->t.ent[at].ttl) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-ttl", i, T,
		    "RRSIG TTL %lu differs from the TTL %lu of the %s RRset",
		    (unsigned long)c->t.ent[i].ttl,
		    (unsigned long)c->t.ent[at].ttl, tb);
	}
	if (rc == 0 && ottl != c->t.ent[at].ttl) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-original-ttl", i, T,
		    "original TTL %lu differs from the TTL %lu of the %s "
		    "RRset", (unsigned long)ottl,
		    (unsigned long)c->t.ent[at].ttl, tb);
	}
	rc = rc ? rc : rrsig_window(c, i, tb, inc, exp);
	if (rc != 0) {
		return rc;
	}
	verifiable = zc_sig_candidates(c->keys, c->nkeys, tag, rd[2], s);
	if (s->nkeys == 0) {
		return zc_finding(c, DNSTK_ZC_ERROR, "rrsig-no-key", i, T,
		    "no zone key with tag %u and algorithm %u in the apex "
		    "DNSKEY RRset", tag, rd[2]);
	}
	if (!verifiable) {
		s->nkeys = 0;
		return zc_finding(c, DNSTK_ZC_WARNING,
		    "rrsig-algorithm-unsupported", i, T, "algorithm %u "
		    "cannot be verified", rd[2]);
	}
	return 0;
}

/* Every RRSIG of the table checked (rrsig_check) into c->sigs; those of
 * names whose early verdicts can be used are marked.  0 or ENOMEM. */
static int
sigs_check(struct zc *c)
{
	size_t k, i;
	int rc = 0;

	free(c->sigs);
	c->nsigs = 0;
	c->sigs = calloc(c->t.n + 1, sizeof(*c->sigs));
	if (c->sigs == NULL) {
		return DNSTK_ENOMEM;
	}
	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];
		bool early;

		if ((n->flags & N_INZONE) == 0) {
			continue;
		}
		early = zc_early_name(c, n);
		for (i = n->first; i < n->end && rc == 0; i++) {
			zc_prefetch(c, i + ZC_AHEAD);
			if (ztype(c, i) == LDNS_RR_TYPE_RRSIG) {
				struct zc_sig *s = &c->sigs[c->nsigs++];

				s->ent = i;
				s->good_key = -1;
				s->early = early;
				rc = rrsig_check(c, n, s);
			}
		}
	}
	return rc;
}

/* The verdicts: the bogus signatures are findings.  0 or ENOMEM. */
static int
sigs_judge(struct zc *c)
{
	size_t j;
	int rc = 0;

	for (j = 0; j < c->nsigs && rc == 0; j++) {
		struct zc_sig *s = &c->sigs[j];
		const uint8_t *rd;
		size_t rdlen;
		char tb[16];

		if (s->nkeys == 0) {
			continue;
		}
		if (s->status == -2) {
			return DNSTK_ENOMEM;
		}
		c->res->signatures++;
		if (s->status == 1) {
			struct zc_key *key = &c->keys[s->key[s->good_key]];

			if (s->over_dnskey) {
				key->signs_dnskey = true;
			}
			continue;
		}
		rd = ent_rdata(c, s->ent, &rdlen);
		zc_type_str(tb, sizeof(tb), get16(rd));
		rc = zc_finding(c, DNSTK_ZC_ERROR, "rrsig-bogus", s->ent,
		    LDNS_RR_TYPE_RRSIG, "signature over %s does not verify "
		    "with key %u (algorithm %u)", tb, get16(rd + 16), rd[2]);
	}
	return rc;
}

int
zc_signatures(struct zc *c)
{
	size_t j, left = 0;
	int rc;

	rc = sigs_check(c);
	zc_early_collect(c);	/* wait for (and help) the early workers */
	for (j = 0; j < c->nsigs && rc == 0; j++) {
		struct zc_sig *s = &c->sigs[j];

		if (s->nkeys > 0 && !(s->early && zc_early_verdict(c, s))) {
			left++;
		}
	}
	if (rc == 0 && c->o->progress != NULL && !c->stream &&
	    left >= PROGRESS_EVERY) {
		c->o->progress(c->o->progress_arg, "signatures to verify",
		    left);
	}
	if (rc == 0 && left > 0) {
		rc = verify_all(c);
	}
	return rc ? rc : sigs_judge(c);
}

/* Every authoritative RRset signed with every apex key algorithm. */
int
zc_coverage(struct zc *c)
{
	uint8_t algs[256];
	uint64_t have[4];	/* the algorithms signing one RRset */
	size_t k, i, end, j, na = 0;
	bool need[256] = { false };
	int rc = 0;

	for (k = 0; k < c->nkeys; k++) {
		need[c->keys[k].alg] = true;
	}
	for (k = 0; k < 256; k++) {
		if (need[k]) {
			algs[na++] = (uint8_t)k;
		}
	}
	for (k = 0; k < c->nnames && rc == 0; k++) {
		struct zc_name *n = &c->names[k];

		if (k + ZC_AHEAD / 2 < c->nnames) {
			zc_prefetch(c, c->names[k + ZC_AHEAD / 2].first);
			zc_prefetch(c, c->names[k + ZC_AHEAD / 2].first + 1);
		}

		for (i = n->first; i < n->end && rc == 0; i = end) {
			uint16_t t = ztype(c, i);
			bool any = false;
			char tb[16];
			unsigned a;

			end = zc_rrset_end(c, i);
			if (!zc_authoritative(n, t)) {
				continue;
			}
			memset(have, 0, sizeof(have));
			for (j = n->first; j < n->end; j++) {
				size_t rdlen;
				const uint8_t *rd;

				if (ztype(c, j) != LDNS_RR_TYPE_RRSIG) {
					continue;
				}
				rd = ent_rdata(c, j, &rdlen);
				if (rdlen >= 4 && get16(rd) == t) {
					have[rd[2] >> 6] |= 1ull << (rd[2] & 63);
					any = true;
				}
			}
			if (!any) {
				zc_type_str(tb, sizeof(tb), t);
				rc = zc_finding(c, DNSTK_ZC_ERROR,
				    "rrset-unsigned", i, t, "the %s RRset has "
				    "no signature", tb);
				continue;
			}
			for (j = 0; j < na && rc == 0; j++) {
				a = algs[j];
				if (have[a >> 6] & (1ull << (a & 63))) {
					continue;
				}
				zc_type_str(tb, sizeof(tb), t);
				rc = zc_finding(c, DNSTK_ZC_ERROR,
				    "rrset-algorithm-missing", i, t,
				    "the %s RRset has no signature of "
				    "algorithm %u, which the apex DNSKEY "
				    "RRset has (RFC 6840 5.11)", tb, a);
			}
		}
	}
	return rc;
}

/* The DNSKEY RRset signed by a SEP key (after the apex was checked). */
int
zc_sep_check(struct zc *c)
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
	return zc_finding(c, DNSTK_ZC_ERROR, "dnskey-not-signed-by-sep",
	    c->keys[0].ent, LDNS_RR_TYPE_DNSKEY, sep ?
	    "no key with the SEP bit signs the DNSKEY RRset" :
	    "no key has the SEP bit (a KSK)");
}
