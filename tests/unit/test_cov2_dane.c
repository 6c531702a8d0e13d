/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/dane/verify.c's refusals through its public
 * functions: an outcome with no name, association data asked with a
 * selector or matching type RFC 6698 does not define, host names that
 * cannot be TLSA base names, and an empty chain.  The chain is the fixture tests/fixtures/dane/chain-ec.pem
 * (run from the top of the tree, as tests/run-all does).
 */
#include <string.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "dane/tlsa.h"
#include "dane/verify.h"
#include "tap.h"
#include "util/err.h"

#define CHAIN "tests/fixtures/dane/chain-ec.pem"

static void
test_names(void)
{
	tap_str(dnstk_dane_outcome_name(DNSTK_DANE_MATCH), "match",
	    "outcome: match named");
	tap_str(dnstk_dane_outcome_name((enum dnstk_dane_outcome)99),
	    "unknown", "outcome: a value out of range is 'unknown'");
}

static void
test_assoc(STACK_OF(X509) *chain)
{
	struct dnstk_tlsa t;
	X509 *leaf = sk_X509_value(chain, 0);

	tap_int(dnstk_dane_cert_assoc(&t, leaf, 2, 1), DNSTK_EINPUT,
	    "assoc: selector 2 is not defined (RFC 6698 §2.1.2)");
	tap_ok(t.data == NULL, "assoc: no data for selector 2");
	tap_int(dnstk_dane_cert_assoc(&t, leaf, 1, 3), DNSTK_EINPUT,
	    "assoc: matching type 3 is not defined (RFC 6698 §2.1.3)");
	tap_int(dnstk_dane_cert_assoc(&t, leaf, 1, 1), 0,
	    "assoc: SPKI SHA2-256 is");
	tap_int((long long)t.len, 32, "assoc: 32 octets of SHA2-256");
	dnstk_tlsa_release(&t);
}

static void
test_hosts(STACK_OF(X509) *chain)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_dane_result res;
	struct dnstk_dane_opts o;
	struct dnstk_tlsa_set set;
	struct dnstk_tlsa t;
	STACK_OF(X509) *empty = sk_X509_new_null();
	char longhost[300];
	SSL_CTX *ctx;
	SSL *ssl;

	dnstk_tlsa_set_init(&set);
	if (dnstk_dane_cert_assoc(&t, sk_X509_value(chain, 0), 1, 1) == 0) {
		t.usage = DNSTK_TLSA_DANE_EE;
		(void)dnstk_tlsa_set_add(&set, &t);
		dnstk_tlsa_release(&t);
	}
	dnstk_dane_result_init(&res);
	memset(&o, 0, sizeof(o));
	o.host = ".";
	tap_int(dnstk_dane_verify(&res, chain, &set, &o, &err), DNSTK_EINPUT,
	    "verify: the root is no TLSA base name");
	tap_str(err.msg, "bad host name '.'", "verify: the host named");
	memset(longhost, 'a', sizeof(longhost) - 1);
	longhost[sizeof(longhost) - 1] = '\0';
	o.host = longhost;
	dnstk_err_init(&err);
	tap_int(dnstk_dane_verify(&res, chain, &set, &o, &err), DNSTK_EINPUT,
	    "verify: a host of 299 characters is refused");
	o.host = "www.example.test";
	dnstk_err_init(&err);
	tap_int(dnstk_dane_verify(&res, empty, &set, &o, &err), DNSTK_EINPUT,
	    "verify: an empty chain is refused");
	tap_ok(err.msg[0] != '\0', "verify: says why ('%s')", err.msg);
	dnstk_dane_result_release(&res);

	/* the same host check when a live connection is set up */
	o.host = "www.example.test";
	ctx = dnstk_dane_ctx_new(&o, false, &err);
	tap_ok(ctx != NULL, "ssl: a DANE context");
	ssl = ctx != NULL ? SSL_new(ctx) : NULL;
	if (ssl != NULL) {
		o.host = ".";
		dnstk_err_init(&err);
		tap_int(dnstk_dane_ssl_setup(ssl, &set, &o, &err),
		    DNSTK_EINPUT, "ssl: the root is no TLSA base name");
		tap_str(err.msg, "bad host name '.'", "ssl: the host named");
		SSL_free(ssl);
	}
	SSL_CTX_free(ctx);
	sk_X509_free(empty);
	dnstk_tlsa_set_release(&set);
}

int
main(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	STACK_OF(X509) *chain = NULL;

	test_names();
	if (dnstk_dane_load_chain(&chain, CHAIN, &err) != 0) {
		tap_ok(0, "the fixture chain loads: %s", err.msg);
		return tap_done();
	}
	test_assoc(chain);
	test_hosts(chain);
	sk_X509_pop_free(chain, X509_free);
	return tap_done();
}
