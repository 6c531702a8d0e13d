/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-tlsa-check: compose lib/dane (records, lookup, connection,
 * verification) and render the report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "cli/cli.h"
#include "dane/conn.h"
#include "dane/lookup.h"
#include "dane/tlsa.h"
#include "dane/verify.h"
#include "tool/tlsa_check.h"
#include "util/buf.h"
#include "util/num.h"


void
dnstk_tlsa_check_args_init(struct dnstk_tlsa_check_args *a)
{
	memset(a, 0, sizeof(*a));
	a->proto = "tcp";
	a->dns_port = 53;
	a->timeout_ms = 5000;
	a->tries = 2;
	a->usage = 3;
	a->selector = 1;
	a->mtype = 1;
	a->ttl = 3600;
}

static int
field(int *out, int which, const char *arg, int max, const char **why)
{
	int v = dnstk_tlsa_field_parse(which, arg);

	if (v < 0 || v > max) {
		*why = which == 0 ? "--usage: not 0-3 or PKIX-TA, PKIX-EE, "
		    "DANE-TA, DANE-EE" : which == 1 ? "--selector: not 0-1 "
		    "or CERT, SPKI" : "--mtype: not 0-2 or FULL, SHA2-256, "
		    "SHA2-512";
		return DNSTK_EUSAGE;
	}
	*out = v;
	return 0;
}

int
dnstk_tlsa_check_option(struct dnstk_tlsa_check_args *a, int id,
    const char *arg, const char **why)
{
	const char *w = NULL;
	long long v;
	double secs;
	char *end;

	switch (id) {
	case 's':
		a->server = arg;
		return 0;
	case 'p':
		if (dnstk_strtonum(&v, arg, 1, 65535, &w) != 0) {
			*why = "--port: not a port number (1-65535)";
			return DNSTK_EUSAGE;
		}
		a->dns_port = (uint16_t)v;
		return 0;
	case 'j':
		a->json = true;
		return 0;
	case 'q':
		a->quiet = true;
		return 0;
	case DNSTK_OPT_IN:
		if (dnstk_form_parse(&a->tlsa_in, arg) != 0) {
			*why = "--in: not text, hex or json";
			return DNSTK_EUSAGE;
		}
		return 0;
	case DNSTK_OPT_NOW:
		if (dnstk_parse_time(&a->now, arg) != 0) {
			*why = "--now: not Unix seconds or YYYYMMDDHHMMSS";
			return DNSTK_EUSAGE;
		}
		a->have_now = true;
		return 0;
	case DNSTK_OPT_TIMEOUT:
		errno = 0;
		secs = strtod(arg, &end);
		if (errno != 0 || end == arg || *end != '\0' || secs <= 0 ||
		    secs > 3600) {
			*why = "--timeout: not a number of seconds (0-3600)";
			return DNSTK_EUSAGE;
		}
		a->timeout_ms = (int)(secs * 1000 + 0.5);
		if (a->timeout_ms < 1) {
			a->timeout_ms = 1;
		}
		return 0;
	case DNSTK_OPT_TRIES:
		if (dnstk_strtonum(&v, arg, 1, 100, &w) != 0) {
			*why = "--tries: not 1-100";
			return DNSTK_EUSAGE;
		}
		a->tries = (int)v;
		return 0;
	case DNSTK_TC_CERT:
		a->cert_file = arg;
		return 0;
	case DNSTK_TC_TLSA:
		a->tlsa_file = arg;
		return 0;
	case DNSTK_TC_ANCHOR:
		a->anchor = arg;
		return 0;
	case DNSTK_TC_PROTO:
		if (strcmp(arg, "tcp") != 0 && strcmp(arg, "udp") != 0 &&
		    strcmp(arg, "sctp") != 0) {
			*why = "--proto: not tcp, udp or sctp";
			return DNSTK_EUSAGE;
		}
		a->proto = arg;
		return 0;
	case DNSTK_TC_STARTTLS:
		if (dnstk_starttls_parse(&a->starttls, arg) != 0) {
			*why = "--starttls: not smtp, imap, pop3, xmpp, ftp, "
			    "postgres or ldap";
			return DNSTK_EUSAGE;
		}
		return 0;
	case DNSTK_TC_SNI:
		a->sni = arg;
		return 0;
	case DNSTK_TC_CONNECT:
		a->connect = arg;
		return 0;
	case DNSTK_TC_CAFILE:
		a->cafile = arg;
		return 0;
	case DNSTK_TC_CAPATH:
		a->capath = arg;
		return 0;
	case DNSTK_TC_GENERATE:
		a->generate = true;
		return 0;
	case DNSTK_TC_USAGE:
		return field(&a->usage, 0, arg, 3, why);
	case DNSTK_TC_SELECTOR:
		return field(&a->selector, 1, arg, 1, why);
	case DNSTK_TC_MTYPE:
		return field(&a->mtype, 2, arg, 2, why);
	case DNSTK_TC_ALL:
		a->all = true;
		return 0;
	case DNSTK_TC_TTL:
		if (dnstk_strtonum(&v, arg, 0, 2147483647LL, &w) != 0) {
			*why = "--ttl: not 0-2147483647";
			return DNSTK_EUSAGE;
		}
		a->ttl = (uint32_t)v;
		return 0;
	case DNSTK_TC_PIPE:
		a->pipe = true;
		return 0;
	case DNSTK_TC_INSECURE_OK:
		a->insecure_ok = true;
		return 0;
	}
	*why = "unknown option";
	return DNSTK_EUSAGE;
}

int
dnstk_tlsa_check_finish_args(struct dnstk_tlsa_check_args *a, int argc,
    char *argv[], const char **why)
{
	const char *w;
	long long v;

	if (argc < 1 || argc > 2) {
		*why = argc < 1 ? "missing HOST" : "too many operands";
		return DNSTK_EUSAGE;
	}
	a->host = argv[0];
	if (argc == 2) {
		if (dnstk_strtonum(&v, argv[1], 1, 65535, &w) != 0) {
			*why = "PORT: not a port number (1-65535)";
			return DNSTK_EUSAGE;
		}
		a->port = (uint16_t)v;
	}
	if (a->generate && (a->pipe || a->tlsa_file != NULL)) {
		*why = "--generate conflicts with --pipe and --tlsa";
		return DNSTK_EUSAGE;
	}
	if (a->pipe && a->cert_file != NULL) {
		*why = "--pipe needs a connection: it conflicts with --cert";
		return DNSTK_EUSAGE;
	}
	if (a->pipe && a->tlsa_file != NULL && strcmp(a->tlsa_file, "-") ==
	    0) {
		*why = "--pipe relays stdin: --tlsa=- conflicts with it";
		return DNSTK_EUSAGE;
	}
	if (a->cert_file != NULL && (a->connect != NULL || a->sni != NULL ||
	    a->starttls != DNSTK_STARTTLS_NONE)) {
		*why = "--cert conflicts with --connect, --sni and --starttls";
		return DNSTK_EUSAGE;
	}
	if (a->json && a->quiet) {
		*why = "-j and -q conflict";
		return DNSTK_EUSAGE;
	}
	return 0;
}

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
	FILE *log = ctx;

	if (line != 0) {
		fprintf(log, "%s: %s:%lu: warning: %s\n",
		    dnstk_cli_progname(), source, line, msg);
	} else {
		fprintf(log, "%s: %s: warning: %s\n", dnstk_cli_progname(),
		    source, msg);
	}
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
		    rn->owner.data, warn_cb, rn->log, err);
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

	if (spec[0] == '[' && close != NULL) {
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

static bool
set_needs_store(const struct dnstk_tlsa_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (dnstk_tlsa_unusable(&s->v[i]) == NULL &&
		    s->v[i].usage <= DNSTK_TLSA_PKIX_EE) {
			return true;
		}
	}
	return false;
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
	rn->ctx = dnstk_dane_ctx_new(&o, set_needs_store(&rn->set), err);
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

static int
generate(struct run *rn, FILE *out, struct dnstk_err *err)
{
	const struct dnstk_tlsa_check_args *a = rn->a;
	struct dnstk_buf b;
	struct dnstk_tlsa t;
	int i, n = sk_X509_num(rn->chain), r = 0;

	(void)err;
	dnstk_buf_init(&b);
	for (i = 0; i < (a->all ? n : 1); i++) {
		unsigned usage = (unsigned)a->usage;
		/* Without --all, a TA usage names the top of the chain. */
		int at = !a->all && (a->usage == DNSTK_TLSA_DANE_TA ||
		    a->usage == DNSTK_TLSA_PKIX_TA) ? n - 1 : i;

		if (i > 0) {
			/* Issuers: the TA usage of the same family. */
			usage = a->usage == DNSTK_TLSA_PKIX_EE ||
			    a->usage == DNSTK_TLSA_PKIX_TA ?
			    DNSTK_TLSA_PKIX_TA : DNSTK_TLSA_DANE_TA;
		} else if (a->all && a->usage == DNSTK_TLSA_DANE_TA) {
			usage = DNSTK_TLSA_DANE_EE;
		} else if (a->all && a->usage == DNSTK_TLSA_PKIX_TA) {
			usage = DNSTK_TLSA_PKIX_EE;
		}
		r = dnstk_dane_cert_assoc(&t, sk_X509_value(rn->chain, at),
		    (unsigned)a->selector, (unsigned)a->mtype);
		if (r != 0) {
			goto out;
		}
		t.usage = (uint8_t)usage;
		r = dnstk_tlsa_format_rr(&b, rn->owner.data, a->ttl, &t);
		dnstk_tlsa_release(&t);
		if (r != 0) {
			goto out;
		}
	}
	r = dnstk_buf_write(&b, out);
out:
	dnstk_buf_release(&b);
	return r;
}

/* The data of a record for display: long data shortened. */
static int
add_data(struct dnstk_buf *b, const struct dnstk_tlsa *t)
{
	if (t->len > 64) {
		int r = dnstk_buf_addhex(b, t->data, 32);

		return r != 0 ? r : dnstk_buf_addf(b, "...(%zu octets)",
		    t->len);
	}
	return dnstk_buf_addhex(b, t->data, t->len);
}

static const char *
field_name(const char *name, char *tmp, size_t cap, unsigned v)
{
	if (name != NULL) {
		return name;
	}
	snprintf(tmp, cap, "%u", v);
	return tmp;
}

struct verdict {
	const char *word;	/* match, no-match, ... */
	int code;		/* library return code */
	char text[2048];
};

static void
decide(struct verdict *v, const struct run *rn)
{
	const struct dnstk_tlsa_check_args *a = rn->a;
	const struct dnstk_dane_result *res = &rn->res;
	enum dnstk_dane_dnssec s = rn->lk.dnssec;
	bool matched = res->matched;
	const char *what;

	if (rn->set.n == 0) {
		v->word = "no-tlsa";
		what = s == DNSTK_DANE_DNSSEC_SECURE ? "no TLSA records "
		    "(securely denied)" : "no TLSA records";
	} else if (res->usable == 0) {
		v->word = "no-usable-record";
		what = "no usable TLSA record";
	} else if (matched) {
		v->word = "match";
		what = res->reason;
	} else {
		v->word = "no-match";
		what = res->reason;
	}
	switch (s) {
	case DNSTK_DANE_DNSSEC_GIVEN:
	case DNSTK_DANE_DNSSEC_SECURE:
		v->code = matched ? 0 : DNSTK_EFAIL;
		break;
	case DNSTK_DANE_DNSSEC_BOGUS:
		v->word = "bogus";
		v->code = DNSTK_EFAIL;
		break;
	case DNSTK_DANE_DNSSEC_INSECURE:
		if (!a->insecure_ok) {
			v->word = "insecure";
		}
		v->code = a->insecure_ok ? (matched ? 0 : DNSTK_EFAIL) :
		    DNSTK_EINSECURE;
		break;
	case DNSTK_DANE_DNSSEC_INDETERMINATE:
	case DNSTK_DANE_DNSSEC_UNVALIDATED:
		if (!a->insecure_ok) {
			v->word = s == DNSTK_DANE_DNSSEC_UNVALIDATED ?
			    "unvalidated" : "indeterminate";
		}
		v->code = a->insecure_ok ? (matched ? 0 : DNSTK_EFAIL) :
		    DNSTK_EINDETERMINATE;
		break;
	}
	snprintf(v->text, sizeof(v->text), "%s: %s; TLSA %s", v->word, what,
	    s == DNSTK_DANE_DNSSEC_GIVEN ? "given with --tlsa (not "
	    "DNSSEC-validated)" : s == DNSTK_DANE_DNSSEC_SECURE ?
	    "DNSSEC-secure" : rn->lk.why);
}

static int
render_text(struct dnstk_buf *b, const struct run *rn,
    const struct verdict *v)
{
	const struct dnstk_dane_result *res = &rn->res;
	char t1[8], t2[8], t3[8];
	size_t i;
	int r = 0;

	if (rn->a->quiet) {
		return dnstk_buf_addf(b, "verdict: %s\n", v->text);
	}
	r = dnstk_buf_addf(b, "tlsa: %s %zu record%s, dnssec %s\n",
	    rn->owner.data, rn->set.n, rn->set.n == 1 ? "" : "s",
	    dnstk_dane_dnssec_name(rn->lk.dnssec));
	for (i = 0; r == 0 && i < rn->set.n; i++) {
		const struct dnstk_tlsa *t = &rn->set.v[i];

		r = dnstk_buf_addf(b, "record %zu: %u %u %u ", i + 1,
		    t->usage, t->selector, t->mtype);
		if (r == 0) {
			r = add_data(b, t);
		}
		if (r == 0) {
			r = dnstk_buf_addf(b, " (%s %s %s)\n",
			    field_name(dnstk_tlsa_usage_name(t->usage), t1,
			    sizeof(t1), t->usage),
			    field_name(dnstk_tlsa_selector_name(t->selector),
			    t2, sizeof(t2), t->selector),
			    field_name(dnstk_tlsa_mtype_name(t->mtype), t3,
			    sizeof(t3), t->mtype));
		}
		if (r == 0 && i < res->n) {
			r = dnstk_buf_addf(b, "  %s: %s\n",
			    dnstk_dane_outcome_name(res->rec[i].outcome),
			    res->rec[i].reason);
		}
	}
	if (r == 0 && res->chain_len > 0) {
		r = dnstk_buf_addf(b, "chain: %zu certificate%s\n",
		    res->chain_len, res->chain_len == 1 ? "" : "s");
	}
	for (i = 0; r == 0 && i < res->chain_len; i++) {
		const struct dnstk_dane_cert_info *c = &res->chain[i];

		r = dnstk_buf_addf(b, "  depth %zu: %s\n    issuer: %s\n"
		    "    valid: %s to %s\n    spki-sha256: ", i, c->subject,
		    c->issuer, c->not_before, c->not_after);
		if (r == 0) {
			r = dnstk_buf_addhex(b, c->spki_sha256, 32);
		}
		if (r == 0) {
			r = dnstk_buf_addc(b, '\n');
		}
	}
	if (r == 0) {
		r = dnstk_buf_addf(b, "verdict: %s\n", v->text);
	}
	return r;
}

static int
json_str(struct dnstk_buf *b, const char *key, const char *val, bool comma)
{
	int r = dnstk_buf_addf(b, "%s\"%s\":", comma ? "," : "", key);

	return r != 0 ? r : dnstk_buf_addjson(b, val, strlen(val));
}

static int
render_json(struct dnstk_buf *b, const struct run *rn,
    const struct verdict *v, int exit_code)
{
	const struct dnstk_dane_result *res = &rn->res;
	size_t i;
	int r;

	r = dnstk_buf_adds(b, "{");
	if (r == 0) {
		r = json_str(b, "owner", rn->owner.data, false);
	}
	if (r == 0) {
		r = json_str(b, "dnssec", dnstk_dane_dnssec_name(
		    rn->lk.dnssec), true);
	}
	if (r == 0) {
		r = dnstk_buf_adds(b, ",\"records\":[");
	}
	for (i = 0; r == 0 && i < rn->set.n; i++) {
		const struct dnstk_tlsa *t = &rn->set.v[i];

		r = dnstk_buf_addf(b, "%s{\"usage\":%u,\"selector\":%u,"
		    "\"mtype\":%u,\"data\":\"", i > 0 ? "," : "", t->usage,
		    t->selector, t->mtype);
		if (r == 0) {
			r = dnstk_buf_addhex(b, t->data, t->len);
		}
		if (r == 0 && i < res->n) {
			r = dnstk_buf_addf(b, "\",\"outcome\":\"%s\","
			    "\"depth\":%d", dnstk_dane_outcome_name(
			    res->rec[i].outcome), res->rec[i].depth);
			if (r == 0) {
				r = json_str(b, "reason", res->rec[i].reason,
				    true);
			}
		} else if (r == 0) {
			r = dnstk_buf_adds(b, "\"");
		}
		if (r == 0) {
			r = dnstk_buf_adds(b, "}");
		}
	}
	if (r == 0) {
		r = dnstk_buf_adds(b, "],\"chain\":[");
	}
	for (i = 0; r == 0 && i < res->chain_len; i++) {
		const struct dnstk_dane_cert_info *c = &res->chain[i];

		r = dnstk_buf_addf(b, "%s{\"depth\":%zu", i > 0 ? "," : "",
		    i);
		if (r == 0) {
			r = json_str(b, "subject", c->subject, true);
		}
		if (r == 0) {
			r = json_str(b, "issuer", c->issuer, true);
		}
		if (r == 0) {
			r = json_str(b, "notBefore", c->not_before, true);
		}
		if (r == 0) {
			r = json_str(b, "notAfter", c->not_after, true);
		}
		if (r == 0) {
			r = dnstk_buf_adds(b, ",\"spkiSha256\":\"");
		}
		if (r == 0) {
			r = dnstk_buf_addhex(b, c->spki_sha256, 32);
		}
		if (r == 0) {
			r = dnstk_buf_adds(b, "\"}");
		}
	}
	if (r == 0) {
		r = dnstk_buf_addf(b, "],\"matched\":%s,\"depth\":%d",
		    res->matched ? "true" : "false", res->depth);
	}
	if (r == 0) {
		r = json_str(b, "verdict", v->word, true);
	}
	if (r == 0) {
		r = json_str(b, "reason", v->text, true);
	}
	if (r == 0) {
		r = dnstk_buf_addf(b, ",\"exit\":%d}\n", exit_code);
	}
	return r;
}

static int
exit_of(int code)
{
	switch (code) {
	case 0:
		return 0;
	case DNSTK_EFAIL:
		return 1;
	case DNSTK_EINSECURE:
		return 4;
	case DNSTK_EINDETERMINATE:
		return 5;
	default:
		return 3;
	}
}

int
dnstk_tlsa_check(const struct dnstk_tlsa_check_args *a, FILE *out,
    FILE *log, struct dnstk_err *err)
{
	struct dnstk_dane_opts o;
	struct verdict v;
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
	if (a->cert_file != NULL) {
		r = dnstk_dane_load_chain(&rn.chain, a->cert_file, err);
		if (r != 0) {
			if (err != NULL) {
				err->code = DNSTK_EINPUT;
			}
			r = r == DNSTK_ENOMEM ? r : DNSTK_EINPUT;
			goto out;
		}
	} else if (a->generate || rn.set.n > 0) {
		r = get_chain_live(&rn, err);
		if (r != 0) {
			goto out;
		}
	}
	if (a->generate) {
		r = generate(&rn, out, err);
		goto out;
	}
	if (rn.chain != NULL) {
		fill_opts(&o, a);
		r = dnstk_dane_verify(&rn.res, rn.chain, &rn.set, &o, err);
		if (r != 0) {
			goto out;
		}
	}
	decide(&v, &rn);
	if (a->json) {
		r = render_json(&b, &rn, &v, exit_of(v.code));
	} else {
		r = render_text(&b, &rn, &v);
	}
	if (r == 0) {
		r = dnstk_buf_write(&b, report);
	}
	if (r != 0) {
		goto out;
	}
	r = v.code;
	if (a->pipe) {
		/* Only a match that held on this very handshake opens it. */
		if (r == 0 && (!rn.live_ok || rn.ssl == NULL ||
		    (rn.lk.dnssec != DNSTK_DANE_DNSSEC_SECURE &&
		    rn.lk.dnssec != DNSTK_DANE_DNSSEC_GIVEN))) {
			r = dnstk_err_set(err, DNSTK_EFAIL, NULL, 0,
			    "--pipe: not relaying: DANE did not hold on the "
			    "connection");
			goto out;
		}
		if (r == 0) {
			fflush(out);
			r = dnstk_dane_relay(rn.ssl, STDIN_FILENO,
			    STDOUT_FILENO, err);
		}
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
