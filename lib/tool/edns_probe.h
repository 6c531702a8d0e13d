/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-edns-probe: the EDNS compliance tests of ISC's genreport. */
#ifndef DNSTK_TOOL_EDNS_PROBE_H
#define DNSTK_TOOL_EDNS_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "out/render.h"
#include "util/err.h"

struct dnstk_edns_probe_args {
	const char *server;	/* NULL: first nameserver of resolv_conf */
	const char *resolv_conf;
	uint16_t port;
	int family;		/* AF_UNSPEC, AF_INET or AF_INET6 */
	const char *zone;	/* the zone the server is authoritative for */
	int timeout_ms;
	int tries;
	enum dnstk_form form;	/* TEXT or JSON */
};

/* Set the defaults: port 53, 3 s timeout, 2 tries, text output. */
void dnstk_edns_probe_args_init(struct dnstk_edns_probe_args *a);

/*
 * Run every test against the server, printing one line per test
 * ("NAME: ok", "NAME: skipped (why)" or "NAME: what was wrong"; in JSON
 * one object per test) and then a summary line to `out`.  Returns 0 when
 * no test failed, DNSTK_EFAIL when one did, DNSTK_ETIMEOUT when no test
 * got any answer at all (the server is unreachable; the lines are still
 * printed), or DNSTK_EINPUT/DNSTK_ENET/-errno for a bad zone name, an
 * unresolvable server or a write error (err set).
 */
int dnstk_edns_probe(const struct dnstk_edns_probe_args *a, FILE *out,
    struct dnstk_err *err);

#endif
