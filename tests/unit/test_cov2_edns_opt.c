/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for building EDNS options from user text
 * (dnstk_edns_opt_encode, as --ednsopt and friends use it): blanks around
 * an ECS prefix, text too long to be one, TCP-KEEPALIVE tenths, the
 * ZONEVERSION forms, and option data past 65,535 octets.  The expected
 * bytes are written out from RFC 7871 §6, RFC 7828 §3.1, RFC 9660 §2.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/edns_opt.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

/* Encode option `code` from `text`; the return code, bytes in b. */
static int
enc(struct dnstk_buf *b, uint16_t code, const char *text, const char **why)
{
	dnstk_buf_reset(b);
	*why = NULL;
	return dnstk_edns_opt_encode(b, code, text, why);
}

static void
test_ecs(void)
{
	struct dnstk_buf b;
	const char *why;
	char longtext[400];

	dnstk_buf_init(&b);
	/* family 1, source 24, scope 0, three octets of address */
	tap_int(enc(&b, 8, "  192.0.2.0/24\t ", &why), 0,
	    "ecs: blanks around the prefix are dropped");
	tap_mem(b.data, b.len, "\x00\x08\x00\x07\x00\x01\x18\x00\xc0\x00\x02",
	    11, "ecs: RFC 7871 §6 bytes");
	memset(longtext, '1', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	tap_int(enc(&b, 8, longtext, &why), DNSTK_EINPUT,
	    "ecs: 399 characters are no prefix");
	tap_ok(why != NULL, "ecs: says why ('%s')", why ? why : "");
	dnstk_buf_release(&b);
}

static void
test_keepalive(void)
{
	struct dnstk_buf b;
	const char *why;

	dnstk_buf_init(&b);
	tap_int(enc(&b, 11, "1.5 secs", &why), 0, "keepalive: 1.5 secs");
	tap_mem(b.data, b.len, "\x00\x0b\x00\x02\x00\x0f", 6,
	    "keepalive: 15 units of 100 ms (RFC 7828 §3.1)");
	tap_int(enc(&b, 11, "1.", &why), DNSTK_EINPUT,
	    "keepalive: a dot without tenths");
	tap_ok(why != NULL, "keepalive: says why");
	tap_int(enc(&b, 11, "6553.6", &why), DNSTK_EINPUT,
	    "keepalive: 65536 units do not fit in 16 bits");
	dnstk_buf_release(&b);
}

static void
test_zoneversion(void)
{
	struct dnstk_buf b;
	const char *why;

	dnstk_buf_init(&b);
	tap_int(enc(&b, 19, "2 SOA-SERIAL 2026112901", &why), 0,
	    "zoneversion: labels and an SOA serial");
	/* 2026112901 = 0x78c40785 */
	tap_mem(b.data, b.len, "\x00\x13\x00\x06\x02\x00\x78\xc4\x07\x85", 10,
	    "zoneversion: RFC 9660 §2 bytes");
	tap_int(enc(&b, 19, "2 7 abcd", &why), 0,
	    "zoneversion: another type with hex");
	tap_mem(b.data, b.len, "\x00\x13\x00\x04\x02\x07\xab\xcd", 8,
	    "zoneversion: type 7 and its data");
	tap_int(enc(&b, 19, "2 XYZ 1", &why), DNSTK_EINPUT,
	    "zoneversion: a type that is no number");
	tap_str(why, "ZONEVERSION is not 'LABELS SOA-SERIAL SERIAL' or "
	    "'LABELS TYPE HEX'", "zoneversion: the forms named");
	tap_int(enc(&b, 19, "2 SOA-SERIAL 5 6", &why), DNSTK_EINPUT,
	    "zoneversion: text after the serial");
	tap_int(enc(&b, 19, "2 SOA-SERIAL x", &why), DNSTK_EINPUT,
	    "zoneversion: a serial that is no number");
	tap_int((long long)b.len, 0, "zoneversion: nothing is left of it");
	dnstk_buf_release(&b);
}

static void
test_too_long(void)
{
	struct dnstk_buf b;
	const char *why;
	size_t n = 2 * 65536;
	char *hex = malloc(n + 1);

	dnstk_buf_init(&b);
	if (hex == NULL) {
		tap_ok(0, "long: memory");
		return;
	}
	memset(hex, 'a', n);
	hex[n] = '\0';
	tap_int(enc(&b, 65001, hex, &why), DNSTK_EINPUT,
	    "long: 65,536 octets of option data");
	tap_str(why, "option data too long", "long: says so");
	hex[n - 2] = '\0';
	tap_int(enc(&b, 65001, hex, &why), 0,
	    "long: 65,535 octets are the most");
	tap_int((long long)b.len, 4 + 65535, "long: all of them kept");
	free(hex);
	dnstk_buf_release(&b);
}

int
main(void)
{
	test_ecs();
	test_keepalive();
	test_zoneversion();
	test_too_long();
	return tap_done();
}
