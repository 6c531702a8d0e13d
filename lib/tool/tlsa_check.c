/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-tlsa-check: compose lib/dane (records, lookup, connection,
 * verification, verdict) and lib/out (the report).  The arguments are
 * parsed in tlsa_check_args.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "dane/conn.h"
#include "dane/generate.h"
#include "dane/lookup.h"
#include "dane/tlsa.h"
#include "dane/verdict.h"
#include "dane/verify.h"
#include "out/tlsa.h"
#include "tool/tlsa_check.h"
#include "util/buf.h"
#include "util/num.h"

/* Everything one run holds; released at the end. */
struct run {
	const struct dnstk_tlsa_check_args *a;
	FILE *log;
	struct dnstk_buf owner;
	struct dnstk_tlsa_set set;
	struct dnstk_dane_lookup lk;
	STACK_OF(X509) *chain;
	SSL_CTX *ctx;
	SSL *ssl;
	int fd;
	bool live_ok;		/* DANE held on the live handshake itself */
	bool live_dane;		/* DANE was in force on it */
	struct dnstk_dane_result res;
	char base[DNSTK_DANE_NAME_MAX];
	char source[DNSTK_ERR_SOURCE_MAX];
};

static void
warn_cb(void *ctx, const char *source, unsigned long line, const char *msg)
{
	const struct run *rn = ctx;

	dnstk_out_warning(rn->log, rn->a->prog, source, line, msg);
}

static uint16_t
tlsa_port(const struct dnstk_tlsa_check_args *a)
{
	return a->port != 0 ? a->port : dnstk_starttls_port(a->starttls);
}

static int
get_records(struct run *rn, struct dnstk_err *err)
{
	const struct dnstk_tlsa_check_args *a = rn->a;
	struct dnstk_dane_lookup_opts lo;
	FILE *fp;
	int r;

	if (a->tlsa_file != NULL) {
		bool is_stdin = strcmp(a->tlsa_file, "-") == 0;

		snprintf(rn->source, sizeof(rn->source), "%s", is_stdin ?
		    "stdin" : a->tlsa_file);
		fp = is_stdin ? stdin : fopen(a->tlsa_file, "r");
		if (fp == NULL) {
			return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
			    "cannot open '%s': %s", a->tlsa_file,
			    strerror(errno));
		}
		r = dnstk_tlsa_read(&rn->set, fp, rn->source, a->tlsa_in,
		    rn->owner.data, warn_cb, rn, err);
		if (!is_stdin) {
			fclose(fp);
		}
		if (r != 0 && r != DNSTK_ENOMEM) {
			r = DNSTK_EINPUT;	/* unreadable input: exit 2 */
			if (err != NULL) {
				err->code = r;
			}
		}
		rn->lk.dnssec = DNSTK_DANE_DNSSEC_GIVEN;
		snprintf(rn->lk.why, sizeof(rn->lk.why), "records given "
		    "with --tlsa, not DNSSEC-validated");
		return r;
	}
	memset(&lo, 0, sizeof(lo));
	lo.server = a->server;
	lo.resolv_conf = a->resolv_conf;
	lo.port = a->dns_port;
	lo.timeout_ms = a->timeout_ms;
	lo.tries = a->tries;
	lo.anchor = a->anchor;
	lo.have_now = a->have_now;
	lo.now = a->now;
	return dnstk_dane_lookup_tlsa(&rn->set, &rn->lk, rn->owner.data, &lo,
	    err);
}

/* Split --connect ADDR[:PORT] ([v6]:port, bare v6 has no port). */
static int
dial_target(char *host, size_t cap, uint16_t *port, const char *spec,
    struct dnstk_err *err)
{
	const char *colon = strrchr(spec, ':'), *close = strchr(spec, ']');
	long long v;
	const char *why;
	size_t n;

	if (spec[0] == '[') {
		/* "[]", "[::1" and "[::1]x" name no address: not a lookup */
		if (close == NULL || close == spec + 1 ||
		    (close[1] != '\0' && close[1] != ':')) {
			return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--connect: bad address '%s'", spec);
		}
		n = (size_t)(close - spec) + 1;
		colon = close[1] == ':' ? close + 1 : NULL;
	} else if (colon != NULL && strchr(spec, ':') == colon) {
		n = (size_t)(colon - spec);
	} else {
		n = strlen(spec);
		colon = NULL;
	}
	if (n == 0 || n >= cap) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--connect: bad address '%s'", spec);
	}
	memcpy(host, spec, n);
	host[n] = '\0';
	if (colon != NULL) {
		if (dnstk_strtonum(&v, colon + 1, 1, 65535, &why) != 0) {
			return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--connect: bad port in '%s'", spec);
		}
		*port = (uint16_t)v;
	}
	return 0;
}

static void
fill_opts(struct dnstk_dane_opts *o, const struct dnstk_tlsa_check_args *a)
{
	memset(o, 0, sizeof(*o));
	o->host = a->host;
	o->cafile = a->cafile;
	o->capath = a->capath;
	o->have_now = a->have_now;
	o->now = a->now;
}

static int
get_chain_live(struct run *rn, struct dnstk_err *err)
{
	const struct dnstk_tlsa_check_args *a = rn->a;
	struct dnstk_dane_opts o;
	char host[512], sni[DNSTK_DANE_NAME_MAX];
	uint16_t port = tlsa_port(a);
	STACK_OF(X509) *peer;
	int r, added;

	fill_opts(&o, a);
	snprintf(host, sizeof(host), "%s", rn->base);
	if (a->connect != NULL) {
		r = dial_target(host, sizeof(host), &port, a->connect, err);
		if (r != 0) {
			return r;
		}
	}
	r = dnstk_dane_tcp_connect(&rn->fd, host, port, a->timeout_ms, err);
	if (r != 0) {
		return r;
	}
	r = dnstk_dane_starttls(rn->fd, a->starttls, rn->base, a->timeout_ms,
	    err);
	if (r == DNSTK_EFAIL) {
		r = DNSTK_ENET;	/* refused STARTTLS: no TLS, exit 3 */
		if (err != NULL) {
			err->code = r;
		}
	}
	if (r != 0) {
		return r;
	}
	rn->ctx = dnstk_dane_ctx_new(&o, dnstk_tlsa_set_needs_store(&rn->set), err);
	if (rn->ctx == NULL) {
		return err != NULL && err->code != 0 ? err->code :
		    DNSTK_ENOMEM;
	}
	/* SNI never carries the trailing dot (RFC 6066 §3). */
	if (a->sni != NULL && dnstk_tlsa_base_name(sni, sizeof(sni),
	    a->sni) != 0) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--sni: bad name '%s'", a->sni);
	}
	rn->ssl = SSL_new(rn->ctx);
	if (rn->ssl == NULL || SSL_set_tlsext_host_name(rn->ssl,
	    a->sni != NULL ? sni : rn->base) != 1) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "cannot use '%s' as the SNI name",
		    a->sni != NULL ? a->sni : rn->base);
	}
	added = dnstk_dane_ssl_setup(rn->ssl, &rn->set, &o, err);
	if (added < 0) {
		return added;
	}
	rn->live_dane = added > 0;
	r = dnstk_dane_handshake(rn->ssl, rn->fd, a->timeout_ms, err);
	if (r != 0) {
		return r;
	}
	rn->live_ok = rn->live_dane &&
	    SSL_get_verify_result(rn->ssl) == X509_V_OK &&
	    SSL_get0_dane_authority(rn->ssl, NULL, NULL) >= 0;
	peer = SSL_get_peer_cert_chain(rn->ssl);
	if (peer == NULL || sk_X509_num(peer) == 0) {
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "the server sent no certificate");
	}
	rn->chain = X509_chain_up_ref(peer);
	return rn->chain == NULL ? DNSTK_ENOMEM : 0;
}

/* The chain: from --cert, or from the server when there is work for it. */
static int
get_chain(struct run *rn, struct dnstk_err *err)
{
	const struct dnstk_tlsa_check_args *a = rn->a;
	int r;

	if (a->cert_file != NULL) {
		r = dnstk_dane_load_chain(&rn->chain, a->cert_file, err);
		if (r != 0) {
			if (err != NULL) {
				err->code = DNSTK_EINPUT;
			}
			r = r == DNSTK_ENOMEM ? r : DNSTK_EINPUT;
		}
		return r;
	}
	if (a->generate || rn->set.n > 0) {
		return get_chain_live(rn, err);
	}
	return 0;
}

/* --pipe after a passing verdict: relay stdin and stdout over TLS. */
static int
pipe_on(struct run *rn, FILE *out, struct dnstk_err *err)
{
	/* Only a match that held on this very handshake opens it. */
	if (!rn->live_ok || rn->ssl == NULL ||
	    (rn->lk.dnssec != DNSTK_DANE_DNSSEC_SECURE &&
	    rn->lk.dnssec != DNSTK_DANE_DNSSEC_GIVEN)) {
		return dnstk_err_set(err, DNSTK_EFAIL, NULL, 0,
		    "--pipe: not relaying: DANE did not hold on the "
		    "connection");
	}
	fflush(out);
	return dnstk_dane_relay(rn->ssl, STDIN_FILENO, STDOUT_FILENO, err);
}

int
dnstk_tlsa_check(const struct dnstk_tlsa_check_args *a, FILE *out,
    FILE *log, struct dnstk_err *err)
{
	struct dnstk_dane_opts o;
	struct dnstk_dane_verdict v;
	struct dnstk_tlsa_report rep;
	struct dnstk_buf b;
	struct run rn;
	FILE *report = a->pipe ? log : out;
	int r;

	memset(&rn, 0, sizeof(rn));
	memset(&v, 0, sizeof(v));
	rn.a = a;
	rn.log = log;
	rn.fd = -1;
	dnstk_buf_init(&rn.owner);
	dnstk_buf_init(&b);
	dnstk_tlsa_set_init(&rn.set);
	dnstk_dane_result_init(&rn.res);
	r = dnstk_tlsa_base_name(rn.base, sizeof(rn.base), a->host);
	if (r == 0) {
		r = dnstk_tlsa_owner(&rn.owner, tlsa_port(a), a->proto,
		    a->host);
	}
	if (r == DNSTK_ENOMEM) {
		goto out;
	}
	if (r != 0) {
		r = dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "bad host name '%s'", a->host);
		goto out;
	}
	/* Records first: a DNS failure stops before any connection. */
	if (!a->generate) {
		r = get_records(&rn, err);
		if (r != 0) {
			goto out;
		}
	}
	r = get_chain(&rn, err);
	if (r != 0) {
		goto out;
	}
	if (a->generate) {
		r = dnstk_dane_generate(&b, rn.chain, rn.owner.data, a->ttl,
		    a->usage, a->selector, a->mtype, a->all);
		if (r == 0) {
			r = dnstk_buf_write(&b, out);
		}
		goto out;
	}
	if (rn.chain != NULL) {
		fill_opts(&o, a);
		r = dnstk_dane_verify(&rn.res, rn.chain, &rn.set, &o, err);
		if (r != 0) {
			goto out;
		}
	}
	dnstk_dane_decide(&v, rn.set.n, &rn.res, rn.lk.dnssec, rn.lk.why,
	    a->insecure_ok);
	rep.owner = rn.owner.data;
	rep.set = &rn.set;
	rep.dnssec = rn.lk.dnssec;
	rep.res = &rn.res;
	rep.v = &v;
	rep.quiet = a->quiet;
	if (a->json) {
		r = dnstk_tlsa_report_json(&b, &rep, dnstk_exit_status(v.code));
	} else {
		r = dnstk_tlsa_report_text(&b, &rep);
	}
	if (r == 0) {
		r = dnstk_buf_write(&b, report);
	}
	if (r != 0) {
		goto out;
	}
	r = v.code;
	if (a->pipe && r == 0) {
		r = pipe_on(&rn, out, err);
	}
out:
	if (rn.ssl != NULL) {
		SSL_free(rn.ssl);
	}
	SSL_CTX_free(rn.ctx);
	if (rn.fd >= 0) {
		close(rn.fd);
	}
	sk_X509_pop_free(rn.chain, X509_free);
	dnstk_dane_result_release(&rn.res);
	dnstk_tlsa_set_release(&rn.set);
	dnstk_buf_release(&rn.owner);
	dnstk_buf_release(&b);
	ERR_clear_error();
	return r;
}
