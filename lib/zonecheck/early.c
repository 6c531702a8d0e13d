/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zone-check: verifying signatures while the zone loads (whole zones).
 *
 * Loading and sorting run on one thread; verification is most of the
 * work and runs on every core.  So that the cores need not wait for the
 * load, the loader hands over each run of records with one owner (signers
 * write a name's records together) once the next owner starts, and worker
 * threads verify the run's RRSIGs against the run alone, with the keys of
 * the first run (the apex).  A verdict is used by the check proper only
 * where it cannot differ from what the whole table gives: all the
 * records of the signature's name in the sorted table come from one run
 * (so the RRsets it covers are the ones verified), and so do the apex's,
 * from the first run (so the keys are the same).  Any other signature is
 * verified as before, after the load.
 *
 * The table grows while workers read runs out of it: the loader makes
 * room (dnstk_rrtab_reserve) under the write lock, so that adds never
 * move the data, and workers copy a run's data under the read lock.  The
 * entries of a run are copied by the loader when it hands the run over,
 * since the table is sorted in place after the load.
 */
#include "zonecheck/zc_int.h"

#define EARLY_RECORDS 512	/* records handed over at once (whole runs) */

struct early_verdict {
	uint32_t off;		/* the RRSIG's place in the job's data */
	int8_t status;		/* 1 verified, -1 bogus */
	int8_t good_key;
};

/* What an entry needs besides its wire form, which tells the rest. */
struct early_ent {
	uint32_t off;		/* in the job's data */
	uint32_t key_len : 31;
	uint32_t split : 1;
	uint16_t okey_len;
};

struct early_job {
	struct early_ent *ent;	/* its entries (whole runs), in load order */
	size_t n;
	size_t from, to;	/* their data: c->t.data[from, to) */
	struct early_verdict *v;	/* by off */
	size_t nv;
};

struct zc_early {
	struct zc_key *keys;	/* of the first run (the apex) */
	size_t nkeys;
	size_t *run_off;	/* data offset where each run starts */
	size_t nruns, runs_cap;
	size_t pending;		/* the first entry not handed over */
	struct early_job **jobs;
	size_t njobs, jobs_cap, next;	/* next: the first job not taken */
	bool done, stop;	/* the load is over / give up */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_rwlock_t grow;
	pthread_t tid[64];
	unsigned nthreads;
	bool apex_checked, apex_ok;	/* the apex is the first run */
	size_t *bucket, nbuckets;	/* see run_buckets() */
	size_t vhint;		/* the job zc_early_verdict() found last */
};

/* ---- the workers ------------------------------------------------------ */

/* Copy job j's data into `buf` and its entries into ent[0, j->n). */
static int
job_data(struct zc_early *e, const struct zc *c, struct early_job *j,
    struct dnstk_buf *buf, struct dnstk_rrtab_ent *ent)
{
	const uint8_t *w;
	size_t i, ol;
	int rc;

	dnstk_buf_reset(buf);
	pthread_rwlock_rdlock(&e->grow);
	rc = dnstk_buf_add(buf, c->t.data.data + j->from, j->to - j->from);
	pthread_rwlock_unlock(&e->grow);
	for (i = 0; i < j->n && rc == 0; i++) {
		w = (const uint8_t *)buf->data + j->ent[i].off;
		ol = name_len(w, j->to - j->from - j->ent[i].off);
		ent[i].off = j->ent[i].off;
		ent[i].wire_len = (uint32_t)(ol + 10 + get16(w + ol + 8));
		ent[i].key_len = j->ent[i].key_len;
		ent[i].split = j->ent[i].split;
		ent[i].owner_len = (uint16_t)ol;
		ent[i].okey_len = j->ent[i].okey_len;
		ent[i].ttl = get32(w + ol + 4);
		ent[i].src = 0;
		ent[i].line = (uint32_t)i;
	}
	free(j->ent);
	j->ent = NULL;
	return rc;
}

/* Verify the RRSIGs of one run (a table of its own) into j->v. */
static void
run_verify(struct zc_early *e, struct early_job *j, struct dnstk_rrtab *rt,
    struct dnstk_sig_verifier *v, struct dnstk_buf *data)
{
	size_t i, rdlen;

	dnstk_rrtab_sort(rt);
	dnstk_rrtab_dedup(rt);
	for (i = 0; i < rt->n; i++) {
		const uint8_t *rd = dnstk_rrtab_wire(rt, i) +
		    rt->ent[i].owner_len + 10;
		struct zc_sig s = { .ent = i, .good_key = -1 };

		if (dnstk_rrtab_type(rt, i) != LDNS_RR_TYPE_RRSIG) {
			continue;
		}
		rdlen = get16(rd - 2);
		if (rdlen < 19 || name_len(rd + 18, rdlen - 18) == 0 ||
		    !zc_sig_candidates(e->keys, e->nkeys, get16(rd + 16), rd[2],
		    &s)) {
			continue;	/* the check proper says why */
		}
		zc_sig_verify(rt, e->keys, v, data, &s);
		if (s.status == 1 || s.status == -1) {
			j->v[j->nv].off = (uint32_t)rt->ent[i].off;
			j->v[j->nv].status = s.status;
			j->v[j->nv].good_key = s.good_key;
			j->nv++;
		}
	}
}

static int
verdict_cmp(const void *pa, const void *pb)
{
	const struct early_verdict *a = pa, *b = pb;

	return a->off < b->off ? -1 : a->off > b->off;
}

/* Verify job j: its runs one by one.  0 or DNSTK_ENOMEM. */
static int
job_run(struct zc_early *e, const struct zc *c, struct early_job *j,
    struct dnstk_sig_verifier *v, struct dnstk_buf *buf,
    struct dnstk_buf *data)
{
	struct dnstk_rrtab_ent *ent;
	struct dnstk_rrtab rt;
	size_t a, b, nsig = 0;

	ent = malloc((j->n + 1) * sizeof(*ent));
	if (ent == NULL || job_data(e, c, j, buf, ent) != 0) {
		free(ent);
		return DNSTK_ENOMEM;
	}
	for (a = 0; a < j->n; a++) {
		nsig += get16((const uint8_t *)buf->data + ent[a].off +
		    ent[a].owner_len) == LDNS_RR_TYPE_RRSIG;
	}
	if ((j->v = malloc((nsig + 1) * sizeof(*j->v))) == NULL) {
		free(ent);
		return DNSTK_ENOMEM;
	}
	for (a = 0; a < j->n; a = b) {
		const uint8_t *w = (const uint8_t *)buf->data + ent[a].off;
		size_t wl = ent[a].owner_len;

		for (b = a + 1; b < j->n && name_eq(w, wl, (const uint8_t *)
		    buf->data + ent[b].off, ent[b].owner_len); b++) {
			;
		}
		rt.data = *buf;
		rt.ent = ent + a;
		rt.n = rt.cap = b - a;
		run_verify(e, j, &rt, v, data);
	}
	free(ent);
	qsort(j->v, j->nv, sizeof(*j->v), verdict_cmp);
	return 0;
}

/* Take jobs until there are none and the load is over (or given up). */
static void *
early_worker(void *arg)
{
	struct zc *c = arg;
	struct zc_early *e = c->early;
	struct dnstk_sig_verifier v;
	struct dnstk_buf buf, data;
	struct early_job *j;

	if (dnstk_sig_verifier_init(&v) != 0) {
		return NULL;	/* the others (or the check proper) do it */
	}
	dnstk_buf_init(&buf);
	dnstk_buf_init(&data);
	for (;;) {
		pthread_mutex_lock(&e->mu);
		while (e->next == e->njobs && !e->done && !e->stop) {
			pthread_cond_wait(&e->cv, &e->mu);
		}
		j = e->stop || e->next == e->njobs ? NULL : e->jobs[e->next++];
		pthread_mutex_unlock(&e->mu);
		if (j == NULL) {
			break;
		}
		if (job_run(e, c, j, &v, &buf, &data) != 0) {
			pthread_mutex_lock(&e->mu);
			e->stop = true;	/* no memory: verify later */
			pthread_cond_broadcast(&e->cv);
			pthread_mutex_unlock(&e->mu);
		}
	}
	dnstk_buf_release(&buf);
	dnstk_buf_release(&data);
	dnstk_sig_verifier_release(&v);
	return NULL;
}

/* ---- the loader's side ------------------------------------------------ */

static void
early_free(struct zc_early *e)
{
	size_t i;

	for (i = 0; i < e->nkeys; i++) {
		EVP_PKEY_free(e->keys[i].pkey);
	}
	for (i = 0; i < e->njobs; i++) {
		free(e->jobs[i]->ent);
		free(e->jobs[i]->v);
		free(e->jobs[i]);
	}
	free(e->keys);
	free(e->jobs);
	free(e->run_off);
	free(e->bucket);
	pthread_mutex_destroy(&e->mu);
	pthread_cond_destroy(&e->cv);
	pthread_rwlock_destroy(&e->grow);
	free(e);
}

/* Hand entries [e->pending, end) over as a job.  0 or ENOMEM. */
static int
hand_over(struct zc *c, size_t end)
{
	struct zc_early *e = c->early;
	struct early_job *j, **v;
	size_t n = end - e->pending, i;

	pthread_mutex_lock(&e->mu);
	if (e->stop) {
		n = 0;	/* given up: the check proper verifies */
	}
	pthread_mutex_unlock(&e->mu);
	if (n == 0) {
		e->pending = end;
		return 0;
	}
	pthread_mutex_lock(&e->mu);	/* the workers read e->jobs */
	v = dnstk_array_grow(e->jobs, e->njobs, &e->jobs_cap, sizeof(*v), 256);
	e->jobs = v != NULL ? v : e->jobs;
	pthread_mutex_unlock(&e->mu);
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->ent = malloc(n * sizeof(*j->ent))) == NULL) {
		free(j);
		return DNSTK_ENOMEM;
	}
	j->n = n;
	j->from = c->t.ent[e->pending].off;
	j->to = c->t.data.len;
	for (i = 0; i < n; i++) {
		const struct dnstk_rrtab_ent *te = &c->t.ent[e->pending + i];

		j->ent[i].off = (uint32_t)(te->off - j->from);
		j->ent[i].key_len = te->key_len;
		j->ent[i].split = te->split;
		j->ent[i].okey_len = te->okey_len;
	}
	pthread_mutex_lock(&e->mu);
	e->jobs[e->njobs++] = j;
	pthread_cond_signal(&e->cv);
	pthread_mutex_unlock(&e->mu);
	e->pending = end;
	return 0;
}

/*
 * The first run, [0, end), is the apex: read its keys (a sorted copy of
 * the run) and start the workers.  No keys or no threads: nothing is
 * verified early.  0 or ENOMEM.
 */
static int
early_start(struct zc *c, size_t end, unsigned threads)
{
	struct dnstk_rrtab rt;
	struct zc_early *e;
	unsigned i;
	int rc;

	if ((e = calloc(1, sizeof(*e))) == NULL) {
		return DNSTK_ENOMEM;
	}
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->cv, NULL);
	pthread_rwlock_init(&e->grow, NULL);
	rt = c->t;
	rt.ent = malloc(end * sizeof(*rt.ent));
	if (rt.ent == NULL) {
		early_free(e);
		return DNSTK_ENOMEM;
	}
	memcpy(rt.ent, c->t.ent, end * sizeof(*rt.ent));
	rt.n = rt.cap = end;
	dnstk_rrtab_sort(&rt);
	dnstk_rrtab_dedup(&rt);
	rc = zc_keys_build(&rt, 0, rt.n, &e->keys, &e->nkeys);
	free(rt.ent);
	if (rc != 0 || e->nkeys == 0) {
		early_free(e);
		return rc;
	}
	c->early = e;
	for (i = 0; i < threads && i < 64; i++) {
		if (pthread_create(&e->tid[i], NULL, early_worker, c) != 0) {
			break;
		}
	}
	e->nthreads = i;
	return 0;
}

/* Note that a run starts at data offset `off`. */
static int
run_starts(struct zc_early *e, size_t off)
{
	size_t *v;

	v = dnstk_array_grow(e->run_off, e->nruns, &e->runs_cap, sizeof(*v),
	    1024);
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	e->run_off = v;
	e->run_off[e->nruns++] = off;
	return 0;
}

int
zc_early_first_run(struct zc *c, size_t end)
{
	unsigned threads = c->o->jobs;
	long cores;
	int rc;

	if (threads == 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 0 ? (unsigned)cores : 1;
	}
	if (threads < 2 || c->stream) {
		return 0;	/* one core: nothing to overlap */
	}
	rc = early_start(c, end, threads);
	if (rc != 0 || c->early == NULL) {
		return rc;
	}
	rc = run_starts(c->early, 0);
	rc = rc ? rc : run_starts(c->early, c->t.data.len);
	return rc ? rc : hand_over(c, end);
}

int
zc_early_run_end(struct zc *c, size_t end)
{
	int rc;

	if (c->early == NULL) {
		return 0;
	}
	rc = run_starts(c->early, c->t.data.len);
	if (rc == 0 && end - c->early->pending >= EARLY_RECORDS) {
		rc = hand_over(c, end);
	}
	return rc;
}

int
zc_early_room(struct zc *c, size_t len)
{
	struct zc_early *e = c->early;
	int rc;

	if (e == NULL || dnstk_rrtab_has_room(&c->t, 1,
	    DNSTK_RRTAB_ADD_MAX(len))) {
		return 0;
	}
	pthread_rwlock_wrlock(&e->grow);
	rc = dnstk_rrtab_reserve(&c->t, c->t.n + 1, c->t.data.len +
	    DNSTK_RRTAB_ADD_MAX(len));
	pthread_rwlock_unlock(&e->grow);
	return rc;
}

int
zc_early_load_done(struct zc *c)
{
	struct zc_early *e = c->early;
	int rc;

	if (e == NULL) {
		return 0;
	}
	rc = hand_over(c, c->t.n);
	pthread_mutex_lock(&e->mu);
	e->done = true;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
	return rc;
}

/* ---- after the load: the verdicts ------------------------------------- */

#define RUN_BUCKET_SHIFT 12	/* data offsets per bucket: 4 KiB */

/* The buckets of run_of(): for each 4 KiB of data, the run its first
 * octet is in.  False when there is no memory for them. */
static bool
run_buckets(struct zc_early *e, size_t len)
{
	size_t nb = (len >> RUN_BUCKET_SHIFT) + 1, b, r = 0;

	e->bucket = malloc(nb * sizeof(*e->bucket));
	if (e->bucket == NULL) {
		return false;
	}
	for (b = 0; b < nb; b++) {
		while (r + 1 < e->nruns &&
		    e->run_off[r + 1] <= b << RUN_BUCKET_SHIFT) {
			r++;
		}
		e->bucket[b] = r;
	}
	e->nbuckets = nb;
	return true;
}

/* The run that data offset `off` is in: from its bucket, a few runs
 * on; by bisection when there are no buckets. */
static size_t
run_of(struct zc_early *e, size_t off)
{
	size_t lo = 0, hi = e->nruns, b = off >> RUN_BUCKET_SHIFT;

	if (b < e->nbuckets) {
		lo = e->bucket[b];
		while (lo + 1 < e->nruns && e->run_off[lo + 1] <= off) {
			lo++;
		}
		return lo;
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->run_off[mid] <= off) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* The run all of name n's records come from, or SIZE_MAX. */
static size_t
name_run(const struct zc *c, const struct zc_name *n)
{
	struct zc_early *e = c->early;
	size_t i, lo = SIZE_MAX, hi = 0, r;

	for (i = n->first; i < n->end; i++) {
		lo = c->t.ent[i].off < lo ? c->t.ent[i].off : lo;
		hi = c->t.ent[i].off > hi ? c->t.ent[i].off : hi;
	}
	r = run_of(e, lo);
	return r + 1 == e->nruns || hi < e->run_off[r + 1] ? r : SIZE_MAX;
}

void
zc_early_collect(struct zc *c)
{
	struct zc_early *e = c->early;

	if (e == NULL) {
		return;
	}
	early_worker(c);	/* help with what is left */
	while (e->nthreads > 0) {
		pthread_join(e->tid[--e->nthreads], NULL);
	}
}

bool
zc_early_name(struct zc *c, const struct zc_name *n)
{
	struct zc_early *e = c->early;

	if (e != NULL && !e->apex_checked) {
		e->apex_checked = true;
		(void)run_buckets(e, c->t.data.len);	/* or bisect */
		e->apex_ok = c->apex != SIZE_MAX && c->nkeys == e->nkeys &&
		    name_run(c, &c->names[c->apex]) == 0;
	}
	return e != NULL && e->apex_ok && name_run(c, n) != SIZE_MAX;
}

bool
zc_early_verdict(struct zc *c, struct zc_sig *s)
{
	struct zc_early *e = c->early;
	size_t off = c->t.ent[s->ent].off, lo = 0, hi = e->njobs, k;
	struct early_job *j;
	uint32_t key;

	if (e->vhint < e->njobs && e->jobs[e->vhint]->from <= off &&
	    off < e->jobs[e->vhint]->to) {
		lo = e->vhint;	/* the job of the signature before */
	} else {
		while (hi - lo > 1) {	/* the job whose data holds off */
			size_t mid = lo + (hi - lo) / 2;

			if (e->jobs[mid]->from <= off) {
				lo = mid;
			} else {
				hi = mid;
			}
		}
	}
	if (e->njobs == 0 || (j = e->jobs[lo])->v == NULL ||
	    off < j->from || off >= j->to) {
		return false;
	}
	e->vhint = lo;
	key = (uint32_t)(off - j->from);
	for (lo = 0, hi = j->nv; lo < hi;) {	/* its verdict, by offset */
		k = lo + (hi - lo) / 2;
		if (j->v[k].off < key) {
			lo = k + 1;
		} else {
			hi = k;
		}
	}
	if (lo == j->nv || j->v[lo].off != key) {
		return false;
	}
	s->status = j->v[lo].status;
	s->good_key = j->v[lo].good_key;
	return true;
}

void
zc_early_release(struct zc *c)
{
	struct zc_early *e = c->early;

	if (e == NULL) {
		return;
	}
	pthread_mutex_lock(&e->mu);
	e->stop = true;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
	while (e->nthreads > 0) {
		pthread_join(e->tid[--e->nthreads], NULL);
	}
	early_free(e);
	c->early = NULL;
}
