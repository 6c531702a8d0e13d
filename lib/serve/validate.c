/* SPDX-License-Identifier: BSD-3-Clause */
/* Validate forwarded answers with lib/dnssec; map verdicts to RFC 8914 codes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dnssec/fetch.h"
#include "net/server.h"
#include "serve/sutil.h"
#include "serve/validate.h"

#define VCACHE 1024
#define VTTL_MAX 3600

struct ventry {
	uint8_t key[258];
	size_t key_len;
	long long stored;
	uint32_t ttl;
	struct dnstk_sval_verdict v;
	int used;
};

struct dnstk_sval {
	struct dnstk_server server;
	struct dnstk_anchors anchors;
	int64_t now;
	pthread_mutex_t lock;
	struct ventry *cache;
};

int
dnstk_sval_new(struct dnstk_sval **out, const char *upstream,
    const char *anchor_file, int64_t now, struct dnstk_err *err)
{
	struct dnstk_sval *v;
	char host[256];
	uint16_t port;
	int rc;

	/* the same upstream as dnstk_fwd_new()'s, read the same way */
	rc = dnstk_su_host_port(upstream, host, sizeof(host), &port, err);
	if (rc != 0) {
		return rc;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	dnstk_anchors_init(&v->anchors);
	v->cache = calloc(VCACHE, sizeof(*v->cache));
	if (v->cache == NULL) {
		rc = DNSTK_ENOMEM;
		goto fail;
	}
	rc = dnstk_server_resolve(&v->server, host, port, AF_UNSPEC,
	    err);
	if (rc != 0) {
		goto fail;
	}
	if (anchor_file == NULL) {
		rc = dnstk_anchors_add_builtin(&v->anchors);
	} else {
		FILE *fp = fopen(anchor_file, "r");

		if (fp == NULL) {
			rc = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
			    "--anchor: cannot open '%s'", anchor_file);
			goto fail;
		}
		rc = dnstk_anchors_read(&v->anchors, fp, anchor_file,
		    DNSTK_FORM_AUTO, now != 0 ? now : (int64_t)time(NULL),
		    err);
		fclose(fp);
	}
	if (rc != 0) {
		goto fail;
	}
	v->now = now;
	pthread_mutex_init(&v->lock, NULL);
	*out = v;
	return 0;
fail:
	dnstk_anchors_release(&v->anchors);
	free(v->cache);
	free(v);
	return rc;
}

void
dnstk_sval_free(struct dnstk_sval *v)
{
	if (v == NULL) {
		return;
	}
	dnstk_anchors_release(&v->anchors);
	pthread_mutex_destroy(&v->lock);
	free(v->cache);
	free(v);
}

/*
 * RFC 8914 INFO-CODE for a bogus result, from the first broken link:
 * 7 Signature Expired, 8 Signature Not Yet Valid, 9 DNSKEY Missing,
 * 10 RRSIGs Missing, 12 NSEC Missing, else 6 DNSSEC Bogus.
 */
static uint16_t
ede_for(const struct dnstk_val_result *r)
{
	const char *t = r->reason != NULL ? r->reason : "";
	enum dnstk_val_kind kind = DNSTK_VAL_NOTE;

	if (r->fail < r->nsteps) {
		kind = r->steps[r->fail].kind;
		if (r->steps[r->fail].text != NULL) {
			t = r->steps[r->fail].text;
		}
	}
	if (strstr(t, "expired") != NULL) {
		return 7;
	}
	if (strstr(t, "not valid until") != NULL) {
		return 8;
	}
	if (strstr(t, "no RRSIG") != NULL) {
		return 10;
	}
	if (strstr(t, "no DNSKEY") != NULL || kind == DNSTK_VAL_DNSKEY ||
	    kind == DNSTK_VAL_DS) {
		return 9;
	}
	if (kind == DNSTK_VAL_DENIAL && strstr(t, "no NSEC") != NULL) {
		return 12;
	}
	return 6;
}

/* Copy `s` into the verdict's reason, cut to fit. */
static void
reason_set(struct dnstk_sval_verdict *out, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof(out->reason)) {
		n = sizeof(out->reason) - 1;
	}
	memcpy(out->reason, s, n);
	out->reason[n] = '\0';
}

/*
 * Judge qname/qtype into `out`.  Returns whether the verdict may be
 * cached: not when the chain could not be fetched or validation itself
 * failed (out of memory), which the next query may get past.
 */
static bool
judge(struct dnstk_sval *v, const uint8_t *qname, size_t qlen,
    uint16_t qtype, struct dnstk_sval_verdict *out)
{
	struct dnstk_rrpool pool;
	struct dnstk_val_result r;
	struct dnstk_val_opts o;
	struct dnstk_fetch_opts fo;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rdf *name = ldns_dname_new_frm_data((uint16_t)qlen, qname);
	const char *why;
	bool keep = false;

	memset(out, 0, sizeof(*out));
	dnstk_rrpool_init(&pool);
	dnstk_val_result_init(&r);
	dnstk_val_opts_init(&o);
	if (v->now != 0) {
		o.now = v->now;
	}
	fo.server = &v->server;
	fo.tcp = false;
	fo.timeout_ms = 1000;
	fo.tries = 2;
	out->state = DNSTK_DNSSEC_BOGUS;
	out->ede = 23;	/* Network Error, unless we get further */
	reason_set(out, "cannot fetch the chain");
	if (name == NULL) {
		goto out;
	}
	if (dnstk_dnssec_fetch(&pool, NULL, &v->anchors, name,
	    (ldns_rr_type)qtype, &fo, &err) != 0) {
		if (err.msg[0] != '\0') {
			reason_set(out, err.msg);
		}
		goto out;
	}
	if (dnstk_validate(&r, &pool, &v->anchors, name, (ldns_rr_type)qtype,
	    &o, &err) != 0) {
		out->ede = 0;
		goto out;
	}
	out->state = r.verdict;
	out->ede = r.verdict == DNSTK_DNSSEC_BOGUS ? ede_for(&r) : 0;
	why = r.fail < r.nsteps && r.steps[r.fail].text != NULL ?
	    r.steps[r.fail].text : r.reason;
	reason_set(out, why != NULL ? why : "");
	keep = true;
out:
	ldns_rdf_deep_free(name);
	dnstk_val_result_release(&r);
	dnstk_rrpool_release(&pool);
	return keep;
}

int
dnstk_sval_check(struct dnstk_sval *v, const uint8_t *qname, size_t qlen,
    uint16_t qtype, uint32_t ttl, struct dnstk_sval_verdict *out)
{
	uint8_t key[DNSTK_SU_KEY_MAX];
	size_t klen;
	uint32_t h;
	struct ventry *e;

	if (dnstk_su_cache_key(key, &klen, &h, qname, qlen, qtype) != 0) {
		return DNSTK_EINPUT;
	}
	e = &v->cache[h % VCACHE];
	pthread_mutex_lock(&v->lock);
	if (e->used && e->key_len == klen && memcmp(e->key, key, klen) == 0 &&
	    dnstk_su_mono_s() - e->stored < (long long)e->ttl) {
		*out = e->v;
		pthread_mutex_unlock(&v->lock);
		return 0;
	}
	pthread_mutex_unlock(&v->lock);
	if (judge(v, key, qlen, qtype, out) && ttl > 0) {
		pthread_mutex_lock(&v->lock);
		memcpy(e->key, key, klen);
		e->key_len = klen;
		e->stored = dnstk_su_mono_s();
		e->ttl = ttl > VTTL_MAX ? VTTL_MAX : ttl;
		e->v = *out;
		e->used = 1;
		pthread_mutex_unlock(&v->lock);
	}
	return 0;
}
