/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DANE verification of a chain with OpenSSL's own DANE code, and the
 * explanation of each record.  OpenSSL gives the verdict and, for a
 * success, the matching record and depth; it does not say why a record
 * failed, so each record is also run alone and, on failure, compared
 * with the chain's own association data to name the reason.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "dane/verify.h"

const char *
dnstk_dane_outcome_name(enum dnstk_dane_outcome o)
{
	switch (o) {
	case DNSTK_DANE_MATCH:
		return "match";
	case DNSTK_DANE_DIGEST_DIFFERS:
		return "digest-differs";
	case DNSTK_DANE_WRONG_SELECTOR:
		return "wrong-selector";
	case DNSTK_DANE_WRONG_DEPTH:
		return "wrong-depth";
	case DNSTK_DANE_TA_NOT_IN_CHAIN:
		return "ta-not-in-chain";
	case DNSTK_DANE_NAME_MISMATCH:
		return "name-mismatch";
	case DNSTK_DANE_PKIX_FAIL:
		return "pkix-failure";
	case DNSTK_DANE_UNUSABLE:
		return "unusable";
	}
	return "unknown";
}

void
dnstk_dane_result_init(struct dnstk_dane_result *r)
{
	memset(r, 0, sizeof(*r));
	r->depth = -1;
}

void
dnstk_dane_result_release(struct dnstk_dane_result *r)
{
	free(r->rec);
	free(r->chain);
	dnstk_dane_result_init(r);
}

int
dnstk_dane_load_chain(STACK_OF(X509) **out, const char *file,
    struct dnstk_err *err)
{
	STACK_OF(X509) *sk = NULL;
	X509 *x = NULL;
	BIO *bio = NULL;
	int r = DNSTK_EINPUT;

	bio = BIO_new_file(file, "r");
	if (bio == NULL) {
		int e = errno != 0 ? errno : ENOENT;

		ERR_clear_error();
		return dnstk_err_set(err, -e, NULL, 0, "cannot open '%s': %s",
		    file, strerror(e));
	}
	sk = sk_X509_new_null();
	if (sk == NULL) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (sk_X509_num(sk) >= DNSTK_DANE_CHAIN_MAX) {
			X509_free(x);
			r = dnstk_err_set(err, DNSTK_EINPUT, file, 0,
			    "more than %d certificates", DNSTK_DANE_CHAIN_MAX);
			goto out;
		}
		if (sk_X509_push(sk, x) == 0) {
			X509_free(x);
			r = DNSTK_ENOMEM;
			goto out;
		}
	}
	/* The loop ends at the end of the file or at bad PEM data. */
	if (ERR_GET_REASON(ERR_peek_last_error()) != PEM_R_NO_START_LINE ||
	    sk_X509_num(sk) == 0) {
		unsigned long e = ERR_peek_last_error();

		r = dnstk_err_set(err, DNSTK_EINPUT, file, 0, "%s",
		    sk_X509_num(sk) == 0 && (e == 0 ||
		    ERR_GET_REASON(e) == PEM_R_NO_START_LINE) ?
		    "no PEM certificate" : "bad PEM certificate data");
		goto out;
	}
	*out = sk;
	sk = NULL;
	r = 0;
out:
	ERR_clear_error();
	sk_X509_pop_free(sk, X509_free);
	BIO_free(bio);
	return r;
}

static void
name_text(char *dst, size_t cap, const X509_NAME *n)
{
	BIO *b = BIO_new(BIO_s_mem());
	int len;

	dst[0] = '\0';
	if (b == NULL) {
		return;
	}
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	len = BIO_read(b, dst, (int)cap - 1);
	dst[len > 0 ? len : 0] = '\0';
	BIO_free(b);
}

static void
time_text(char *dst, size_t cap, const ASN1_TIME *t)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    strftime(dst, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		snprintf(dst, cap, "invalid");
	}
}

/* DER of the certificate (selector 0) or its SPKI (1); OPENSSL_free. */
static int
selected_der(uint8_t **der, X509 *cert, unsigned selector)
{
	*der = NULL;
	if (selector == DNSTK_TLSA_CERT) {
		return i2d_X509(cert, der);
	}
	return i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), der);
}

int
dnstk_dane_cert_assoc(struct dnstk_tlsa *out, X509 *cert, unsigned selector,
    unsigned mtype)
{
	uint8_t *der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	int len, r = DNSTK_ENOMEM;

	memset(out, 0, sizeof(*out));
	if (selector > 1 || mtype > 2) {
		return DNSTK_EINPUT;
	}
	len = selected_der(&der, cert, selector);
	if (len <= 0) {
		goto out;
	}
	if (mtype != DNSTK_TLSA_FULL) {
		if (EVP_Digest(der, (size_t)len, md, &mdlen, mtype == 1 ?
		    EVP_sha256() : EVP_sha512(), NULL) != 1) {
			goto out;
		}
	} else {
		mdlen = (unsigned)len;
	}
	out->data = malloc(mdlen);
	if (out->data == NULL) {
		goto out;
	}
	memcpy(out->data, mtype != DNSTK_TLSA_FULL ? md : der, mdlen);
	out->len = mdlen;
	out->selector = (uint8_t)selector;
	out->mtype = (uint8_t)mtype;
	r = 0;
out:
	OPENSSL_free(der);
	ERR_clear_error();
	return r;
}

int
dnstk_dane_cert_describe(struct dnstk_dane_cert_info *info, X509 *cert)
{
	struct dnstk_tlsa a;
	int r;

	memset(info, 0, sizeof(*info));
	name_text(info->subject, sizeof(info->subject),
	    X509_get_subject_name(cert));
	name_text(info->issuer, sizeof(info->issuer),
	    X509_get_issuer_name(cert));
	time_text(info->not_before, sizeof(info->not_before),
	    X509_get0_notBefore(cert));
	time_text(info->not_after, sizeof(info->not_after),
	    X509_get0_notAfter(cert));
	info->self_issued = X509_check_issued(cert, cert) == X509_V_OK;
	r = dnstk_dane_cert_assoc(&a, cert, DNSTK_TLSA_SPKI,
	    DNSTK_TLSA_SHA2_256);
	if (r == 0) {
		memcpy(info->spki_sha256, a.data, 32);
	}
	dnstk_tlsa_release(&a);
	return r;
}

SSL_CTX *
dnstk_dane_ctx_new(const struct dnstk_dane_opts *o, bool with_store,
    struct dnstk_err *err)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	X509_STORE *store;

	if (ctx == NULL || SSL_CTX_dane_enable(ctx) <= 0) {
		dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "cannot set up TLS");
		goto fail;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (!with_store) {
		return ctx;
	}
	store = SSL_CTX_get_cert_store(ctx);
	if (o->cafile != NULL && X509_STORE_load_file(store, o->cafile) != 1) {
		dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "--CAfile: cannot load certificates from '%s'", o->cafile);
		goto fail;
	}
	if (o->capath != NULL && X509_STORE_load_path(store, o->capath) != 1) {
		dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "--CApath: cannot use directory '%s'", o->capath);
		goto fail;
	}
	if (o->cafile == NULL && o->capath == NULL &&
	    X509_STORE_set_default_paths(store) != 1) {
		ERR_clear_error();	/* an empty system store: PKIX fails */
	}
	ERR_clear_error();
	return ctx;
fail:
	ERR_clear_error();
	SSL_CTX_free(ctx);
	return NULL;
}

int
dnstk_dane_ssl_setup(SSL *ssl, const struct dnstk_tlsa_set *set,
    const struct dnstk_dane_opts *o, struct dnstk_err *err)
{
	char base[DNSTK_DANE_NAME_MAX];
	size_t i;
	int added = 0, r;

	if (dnstk_tlsa_base_name(base, sizeof(base), o->host) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "bad host name '%s'", o->host);
	}
	if (SSL_dane_enable(ssl, base) <= 0) {
		ERR_clear_error();
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "bad host name '%s'", o->host);
	}
	/* RFC 7671 §5.1: DANE-EE(3) binds the key, not the names. */
	SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
	if (o->have_now) {
		X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl),
		    (time_t)o->now);
	}
	for (i = 0; i < set->n; i++) {
		const struct dnstk_tlsa *t = &set->v[i];

		if (dnstk_tlsa_unusable(t) != NULL) {
			continue;
		}
		r = SSL_dane_tlsa_add(ssl, t->usage, t->selector, t->mtype,
		    t->data, t->len);
		if (r > 0) {
			added++;
		}
		/*
		 * r < 0: OpenSSL refused it (a full certificate or key that
		 * does not parse): an unusable record, not an error.
		 */
		ERR_clear_error();
	}
	return added;
}

/* Run OpenSSL's verification of `chain` under the records of `ssl`. */
static int
run_verify(SSL *ssl, X509_STORE *store, STACK_OF(X509) *chain, int *depth,
    uint8_t rec[3], const unsigned char **data, size_t *dlen)
{
	X509_STORE_CTX *sctx = X509_STORE_CTX_new();
	int e = X509_V_ERR_UNSPECIFIED;

	*depth = -1;
	if (sctx == NULL || X509_STORE_CTX_init(sctx, store,
	    sk_X509_value(chain, 0), chain) != 1) {
		goto out;
	}
	X509_STORE_CTX_set_ex_data(sctx, SSL_get_ex_data_X509_STORE_CTX_idx(),
	    ssl);
	X509_STORE_CTX_set_default(sctx, "ssl_server");
	X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(sctx),
	    SSL_get0_param(ssl));
	X509_STORE_CTX_set0_dane(sctx, SSL_get0_dane(ssl));
	SSL_set_verify_result(ssl, X509_V_ERR_UNSPECIFIED);
	(void)X509_verify_cert(sctx);
	e = X509_STORE_CTX_get_error(sctx);
	SSL_set_verify_result(ssl, e);
	if (e == X509_V_OK) {
		*depth = SSL_get0_dane_tlsa(ssl, &rec[0], &rec[1], &rec[2],
		    data, dlen);
	}
out:
	X509_STORE_CTX_free(sctx);
	ERR_clear_error();
	return e;
}

/* Depth of the first certificate of `chain` whose data equals t's. */
static int
find_depth(STACK_OF(X509) *chain, const struct dnstk_tlsa *t,
    unsigned selector, int *err)
{
	struct dnstk_tlsa a;
	int i, n = sk_X509_num(chain);

	for (i = 0; i < n; i++) {
		if (dnstk_dane_cert_assoc(&a, sk_X509_value(chain, i),
		    selector, t->mtype) != 0) {
			*err = DNSTK_ENOMEM;
			return -1;
		}
		if (a.len == t->len && memcmp(a.data, t->data, a.len) == 0) {
			dnstk_tlsa_release(&a);
			return i;
		}
		dnstk_tlsa_release(&a);
	}
	return -1;
}

static const char *
cn_of(const struct dnstk_dane_result *out, int depth)
{
	if (depth < 0 || (size_t)depth >= out->chain_len) {
		return "";
	}
	return out->chain[depth].subject;
}

/* Explain why record `t` (alone: error `e`) did not match. */
static int
explain(struct dnstk_dane_record_result *rr, const struct dnstk_tlsa *t,
    STACK_OF(X509) *chain, const struct dnstk_dane_result *out, int e,
    const char *host)
{
	const char *u = dnstk_tlsa_usage_name(t->usage);
	int fail = 0, own, other, top = sk_X509_num(chain) - 1;
	unsigned osel = t->selector == DNSTK_TLSA_CERT ? DNSTK_TLSA_SPKI :
	    DNSTK_TLSA_CERT;

	own = find_depth(chain, t, t->selector, &fail);
	other = find_depth(chain, t, osel, &fail);
	if (fail != 0) {
		return fail;
	}
	rr->depth = own;
	if (e == X509_V_ERR_HOSTNAME_MISMATCH) {
		rr->outcome = DNSTK_DANE_NAME_MISMATCH;
		snprintf(rr->reason, sizeof(rr->reason), "matches depth %d, "
		    "but no name of the server certificate is '%.256s' (%s "
		    "checks names)", own, host, u);
		return 0;
	}
	if (own >= 0 && own > 0 && (t->usage == DNSTK_TLSA_DANE_EE ||
	    t->usage == DNSTK_TLSA_PKIX_EE)) {
		rr->outcome = DNSTK_DANE_WRONG_DEPTH;
		snprintf(rr->reason, sizeof(rr->reason), "matches the "
		    "certificate at depth %d (%.300s), but %s matches only the "
		    "server certificate (depth 0)", own, cn_of(out, own), u);
		return 0;
	}
	if (own == 0 && t->usage <= DNSTK_TLSA_DANE_TA &&
	    e == X509_V_ERR_DANE_NO_MATCH) {
		rr->outcome = DNSTK_DANE_WRONG_DEPTH;
		snprintf(rr->reason, sizeof(rr->reason), "matches the server "
		    "certificate (depth 0), but %s must match an issuer "
		    "(depth 1 or more)", u);
		return 0;
	}
	if (own >= 0 || (e != X509_V_ERR_DANE_NO_MATCH && e != X509_V_OK)) {
		rr->outcome = DNSTK_DANE_PKIX_FAIL;
		if (own >= 0) {
			snprintf(rr->reason, sizeof(rr->reason), "matches "
			    "depth %d, but the chain does not verify: %s", own,
			    X509_verify_cert_error_string(e));
		} else {
			snprintf(rr->reason, sizeof(rr->reason), "the chain "
			    "does not verify: %s",
			    X509_verify_cert_error_string(e));
		}
		return 0;
	}
	if (other >= 0) {
		rr->outcome = DNSTK_DANE_WRONG_SELECTOR;
		snprintf(rr->reason, sizeof(rr->reason), "the data is the %s "
		    "%s of depth %d (%.300s), but the selector is %s",
		    dnstk_tlsa_selector_name(osel),
		    dnstk_tlsa_mtype_name(t->mtype), other, cn_of(out, other),
		    dnstk_tlsa_selector_name(t->selector));
		return 0;
	}
	/* A PKIX-TA anchor may come from the trust store; DANE-TA not. */
	if (t->usage == DNSTK_TLSA_DANE_TA && t->mtype != DNSTK_TLSA_FULL &&
	    top >= 0 && !out->chain[top].self_issued) {
		rr->outcome = DNSTK_DANE_TA_NOT_IN_CHAIN;
		snprintf(rr->reason, sizeof(rr->reason), "no certificate of "
		    "the chain matches; the chain stops at depth %d, whose "
		    "issuer (%.300s) was not presented: %s needs the trust anchor "
		    "in the chain (RFC 7671 §5.2.2)", top,
		    out->chain[top].issuer, u);
		return 0;
	}
	rr->outcome = DNSTK_DANE_DIGEST_DIFFERS;
	snprintf(rr->reason, sizeof(rr->reason), "no certificate of the "
	    "chain has this %s %s", dnstk_tlsa_selector_name(t->selector),
	    t->mtype == DNSTK_TLSA_FULL ? "data" :
	    dnstk_tlsa_mtype_name(t->mtype));
	return 0;
}

/* One record alone, through OpenSSL, then explained. */
static int
check_one(struct dnstk_dane_record_result *rr, SSL_CTX *ctx,
    STACK_OF(X509) *chain, const struct dnstk_tlsa *t,
    const struct dnstk_dane_opts *o, const struct dnstk_dane_result *out,
    const char *base, struct dnstk_err *err)
{
	struct dnstk_tlsa_set one = { (struct dnstk_tlsa *)t, 1, 1 };
	const unsigned char *d = NULL;
	const char *why = dnstk_tlsa_unusable(t);
	uint8_t f[3];
	size_t dl = 0;
	SSL *ssl = NULL;
	int r, e, depth;

	rr->depth = -1;
	if (why != NULL) {
		rr->outcome = DNSTK_DANE_UNUSABLE;
		snprintf(rr->reason, sizeof(rr->reason), "unusable, ignored: "
		    "%s", why);
		return 0;
	}
	ssl = SSL_new(ctx);
	if (ssl == NULL) {
		return DNSTK_ENOMEM;
	}
	r = dnstk_dane_ssl_setup(ssl, &one, o, err);
	if (r < 0) {
		goto out;
	}
	if (r == 0) {
		rr->outcome = DNSTK_DANE_UNUSABLE;
		snprintf(rr->reason, sizeof(rr->reason), "unusable, ignored: "
		    "OpenSSL cannot parse the %s in the record",
		    t->selector == DNSTK_TLSA_CERT ? "certificate" : "key");
		r = 0;
		goto out;
	}
	e = run_verify(ssl, SSL_CTX_get_cert_store(ctx), chain, &depth, f,
	    &d, &dl);
	rr->verify_error = e;
	if (e == X509_V_OK && depth >= 0) {
		rr->outcome = DNSTK_DANE_MATCH;
		rr->depth = depth;
		if (depth < sk_X509_num(chain)) {
			snprintf(rr->reason, sizeof(rr->reason), "matched "
			    "the certificate at depth %d (%.300s)", depth,
			    cn_of(out, depth));
		} else if (t->usage == DNSTK_TLSA_DANE_TA &&
		    t->mtype == DNSTK_TLSA_FULL) {
			snprintf(rr->reason, sizeof(rr->reason), "matched: "
			    "the trust anchor in the record signs the chain "
			    "(depth %d)", depth);
		} else {
			snprintf(rr->reason, sizeof(rr->reason), "matched "
			    "the trust store's certificate at depth %d (not "
			    "presented by the server)", depth);
		}
		r = 0;
		goto out;
	}
	r = explain(rr, t, chain, out, e, base);
out:
	SSL_free(ssl);
	ERR_clear_error();
	return r;
}

int
dnstk_dane_verify(struct dnstk_dane_result *out, STACK_OF(X509) *chain,
    const struct dnstk_tlsa_set *set, const struct dnstk_dane_opts *o,
    struct dnstk_err *err)
{
	char base[DNSTK_DANE_NAME_MAX];
	const unsigned char *d = NULL;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	uint8_t f[3];
	size_t i, dl = 0;
	int r = DNSTK_ENOMEM, n = sk_X509_num(chain), added;

	dnstk_dane_result_release(out);
	if (dnstk_tlsa_base_name(base, sizeof(base), o->host) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "bad host name '%s'", o->host);
	}
	if (n <= 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "no certificate to verify");
	}
	out->rec = calloc(set->n > 0 ? set->n : 1, sizeof(*out->rec));
	out->chain = calloc((size_t)n, sizeof(*out->chain));
	if (out->rec == NULL || out->chain == NULL) {
		goto out;
	}
	out->n = set->n;
	out->chain_len = (size_t)n;
	for (i = 0; i < (size_t)n; i++) {
		r = dnstk_dane_cert_describe(&out->chain[i],
		    sk_X509_value(chain, (int)i));
		if (r != 0) {
			goto out;
		}
	}
	ctx = dnstk_dane_ctx_new(o, dnstk_tlsa_set_needs_store(set), err);
	if (ctx == NULL) {
		r = err != NULL && err->code != 0 ? err->code : DNSTK_ENOMEM;
		goto out;
	}
	for (i = 0; i < set->n; i++) {
		r = check_one(&out->rec[i], ctx, chain, &set->v[i], o, out,
		    base, err);
		if (r != 0) {
			goto out;
		}
		if (out->rec[i].outcome != DNSTK_DANE_UNUSABLE) {
			out->usable++;
		}
	}
	ssl = SSL_new(ctx);
	if (ssl == NULL) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	added = dnstk_dane_ssl_setup(ssl, set, o, err);
	if (added < 0) {
		r = added;
		goto out;
	}
	r = 0;
	if (added == 0) {
		/* Without usable records OpenSSL would fall back to PKIX. */
		out->verify_error = X509_V_ERR_DANE_NO_MATCH;
		snprintf(out->reason, sizeof(out->reason), set->n == 0 ?
		    "no TLSA records" : "no usable TLSA record");
		goto out;
	}
	out->verify_error = run_verify(ssl, SSL_CTX_get_cert_store(ctx),
	    chain, &out->depth, f, &d, &dl);
	if (out->verify_error != X509_V_OK || out->depth < 0) {
		out->depth = -1;
		snprintf(out->reason, sizeof(out->reason), "%s",
		    out->verify_error == X509_V_ERR_DANE_NO_MATCH ?
		    "no usable TLSA record matches" :
		    X509_verify_cert_error_string(out->verify_error));
		goto out;
	}
	out->matched = true;
	for (i = 0; i < set->n; i++) {
		const struct dnstk_tlsa *t = &set->v[i];

		if (t->usage == f[0] && t->selector == f[1] &&
		    t->mtype == f[2] && t->len == dl &&
		    memcmp(t->data, d, dl) == 0) {
			out->match_index = i;
			break;
		}
	}
	snprintf(out->reason, sizeof(out->reason), "record %zu (%s) matched "
	    "at depth %d", out->match_index + 1,
	    dnstk_tlsa_usage_name(f[0]), out->depth);
out:
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return r;
}
