/* SPDX-License-Identifier: BSD-3-Clause */
/* Fuzz dnstk-serve's query path: any bytes in, a well-formed bounded answer out. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/msg.h"
#include "serve/answer.h"
#include "serve/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dnstk_sz_zones zones;
static struct dnstk_serve_conf conf;
static bool ready;

/* Two signed zones (NSEC3 and NSEC, parent and child names), loaded once. */
static void
setup(void)
{
	struct dnstk_err err;

	dnstk_sz_zones_init(&zones);
	if (dnstk_sz_load(&zones, "tests/fixtures/serve/serve.test.nsec3",
	    "serve.test", &err) != 0 ||
	    dnstk_sz_load(&zones, "tests/demo/example.test.zone.signed",
	    "example.test", &err) != 0 ||
	    dnstk_serve_conf_init(&conf, &zones) != 0) {
		fprintf(stderr, "fuzz_serve_query: run from the top: %s\n",
		    err.msg);
		abort();
	}
	memcpy(conf.nsid, "fuzz", 4);
	conf.nsid_len = 4;
	ready = true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in peer;
	struct dnstk_buf out;
	struct dnstk_msg *m = NULL;
	struct dnstk_err err;
	bool tcp = size > 0 && (data[size - 1] & 1);
	size_t pos = 0;

	if (!ready) {
		setup();
	}
	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	conf.require_cookie = size > 1 && (data[size - 2] & 1);
	dnstk_buf_init(&out);
	if (dnstk_serve_answer(&conf, data, size, tcp,
	    (struct sockaddr *)&peer, &out, NULL) != 0) {
		abort();
	}
	/* every answer is whole, parses, and fits the transport */
	while (pos < out.len) {
		size_t len;

		if (out.len - pos < 2) {
			abort();
		}
		len = ((size_t)(uint8_t)out.data[pos] << 8) |
		    (uint8_t)out.data[pos + 1];
		if (len < 12 || pos + 2 + len > out.len ||
		    (!tcp && len > conf.max_udp)) {
			abort();
		}
		if (dnstk_msg_from_wire(&m, (const uint8_t *)out.data + pos +
		    2, len, &err) != 0) {
			fprintf(stderr, "unparsable answer: %s\n", err.msg);
			abort();
		}
		if (!(m->flags & DNSTK_FLAG_QR)) {
			abort();
		}
		dnstk_msg_free(m);
		m = NULL;
		pos += 2 + len;
	}
	dnstk_buf_release(&out);
	return 0;
}
