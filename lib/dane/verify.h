/* SPDX-License-Identifier: BSD-3-Clause */
/* Match a certificate chain against TLSA records with OpenSSL's DANE code. */
#ifndef DNSTK_DANE_VERIFY_H
#define DNSTK_DANE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "dane/tlsa.h"
#include "util/err.h"

#define DNSTK_DANE_CHAIN_MAX 32	/* certificates accepted in one chain */
#define DNSTK_DANE_NAME_MAX 256	/* host names (without the dot) */

/* What one record says about the chain (RFC 6698, RFC 7671). */
enum dnstk_dane_outcome {
	DNSTK_DANE_MATCH = 0,		/* matched, chain accepted */
	DNSTK_DANE_DIGEST_DIFFERS,	/* no certificate has this data */
	DNSTK_DANE_WRONG_SELECTOR,	/* data fits the other selector */
	DNSTK_DANE_WRONG_DEPTH,		/* matches where the usage cannot */
	DNSTK_DANE_TA_NOT_IN_CHAIN,	/* DANE-TA digest, issuer not sent */
	DNSTK_DANE_NAME_MISMATCH,	/* matched, but no name fits HOST */
	DNSTK_DANE_PKIX_FAIL,		/* matched, chain not valid */
	DNSTK_DANE_UNUSABLE,		/* ignored (RFC 6698 §4.1) */
};

/* A short static keyword for an outcome ("match", "digest-differs" ...). */
const char *dnstk_dane_outcome_name(enum dnstk_dane_outcome o);

/* The outcome of one record, with its reason in words. */
struct dnstk_dane_record_result {
	enum dnstk_dane_outcome outcome;
	int depth;		/* the certificate it matched, or -1 */
	int verify_error;	/* OpenSSL X509_V_* of this record alone */
	char reason[1024];
};

/* One certificate of the chain, described for reports. */
struct dnstk_dane_cert_info {
	char subject[512];
	char issuer[512];
	char not_before[32];	/* YYYY-MM-DDTHH:MM:SSZ */
	char not_after[32];
	uint8_t spki_sha256[32];
	bool self_issued;
};

/* How to verify.  Strings are borrowed. */
struct dnstk_dane_opts {
	const char *host;	/* the TLSA base name; a trailing dot is fine */
	const char *cafile;	/* trust store for PKIX-TA/PKIX-EE, or NULL */
	const char *capath;	/* with cafile NULL and capath NULL: system */
	bool have_now;
	int64_t now;		/* check validity at this time (Unix) */
};

/*
 * The verdict over a whole TLSA RRset (OpenSSL's, all usable records
 * given to it at once) and the outcome of each record alone.  Owned by
 * the caller: dnstk_dane_result_init / _release.
 */
struct dnstk_dane_result {
	struct dnstk_dane_record_result *rec;	/* one per input record */
	size_t n;
	size_t usable;		/* records that are not unusable */
	bool matched;		/* the chain is accepted by the RRset */
	int depth;		/* where it matched (-1 if not) */
	size_t match_index;	/* the record OpenSSL matched (if matched) */
	int verify_error;	/* X509_V_* of the whole RRset */
	char reason[1024];	/* the verdict in words */
	struct dnstk_dane_cert_info *chain;	/* the chain described */
	size_t chain_len;
};

void dnstk_dane_result_init(struct dnstk_dane_result *r);
void dnstk_dane_result_release(struct dnstk_dane_result *r);

/*
 * Read a PEM chain (leaf first) from `file` into a new stack (*out, freed
 * by the caller with sk_X509_pop_free(*out, X509_free)).  Returns 0, or
 * DNSTK_EINPUT (no certificate, bad PEM, more than DNSTK_DANE_CHAIN_MAX)
 * or -errno with err set.
 */
int dnstk_dane_load_chain(STACK_OF(X509) **out, const char *file,
    struct dnstk_err *err);

/*
 * Describe `cert` into `info`.  0 or DNSTK_ENOMEM.
 */
int dnstk_dane_cert_describe(struct dnstk_dane_cert_info *info, X509 *cert);

/*
 * The association data of `cert` for `selector` and `mtype` into `out`
 * (data owned by out; usage and ttl are left 0).  Returns 0,
 * DNSTK_ENOMEM, or DNSTK_EINPUT for a selector or matching type that is
 * not 0-1 / 0-2.
 */
int dnstk_dane_cert_assoc(struct dnstk_tlsa *out, X509 *cert,
    unsigned selector, unsigned mtype);

/*
 * Verify `chain` (leaf first, not modified) against `set` as a TLS client
 * would for `o->host`, with OpenSSL's DANE code (X509_STORE_CTX_set0_dane)
 * and RFC 7671's rules: DANE-EE(3) ignores names and validity
 * (DANE_FLAG_NO_DANE_EE_NAMECHECKS); DANE-TA(2) digests need the anchor in
 * the chain; PKIX usages need the trust store and check names and
 * validity.  Names are compared without a trailing dot, case-insensitive.
 * Fills `out` (the verdict, each record's outcome and reason, the chain
 * described).  Returns 0 whatever the verdict, or DNSTK_EINPUT (bad host
 * name, unreadable trust store) / DNSTK_ENOMEM with err set.
 */
int dnstk_dane_verify(struct dnstk_dane_result *out, STACK_OF(X509) *chain,
    const struct dnstk_tlsa_set *set, const struct dnstk_dane_opts *o,
    struct dnstk_err *err);

/*
 * Make an SSL_CTX for a DANE client: DANE enabled, the trust store
 * loaded when `need_store` (o->cafile/capath or the system default),
 * no verification failure during the handshake (the verdict is read
 * after it).  Caller frees with SSL_CTX_free.  NULL with err set.
 */
SSL_CTX *dnstk_dane_ctx_new(const struct dnstk_dane_opts *o, bool need_store,
    struct dnstk_err *err);

/*
 * Enable DANE on `ssl` for `o->host` (SNI, name checks without the dot,
 * DANE-EE name checks off, `o->now`) and add every usable record of `set`.
 * Returns the number of records added (0: none usable; then DANE is not
 * in force and the caller must not trust the handshake), or DNSTK_EINPUT /
 * DNSTK_ENOMEM with err set.
 */
int dnstk_dane_ssl_setup(SSL *ssl, const struct dnstk_tlsa_set *set,
    const struct dnstk_dane_opts *o, struct dnstk_err *err);

#endif
