/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/dns/edns_opt: option lines and --ednsopt specs
 * past their limits (text, names, data over 65535 octets), malformed
 * values, and the wire-name check, each refused with a reason and the
 * buffer left as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/edns_opt.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

/* `line` is refused by from_text; *why starts with `want` (or any). */
static void
refuse_line(const char *line, const char *want, const char *name)
{
	struct dnstk_buf b;
	const char *why = NULL;
	int r;

	dnstk_buf_init(&b);
	dnstk_buf_adds(&b, "keep");
	r = dnstk_edns_option_from_text(&b, line, &why);
	tap_ok(r == DNSTK_EINPUT && why != NULL && b.len == 4 &&
	    memcmp(b.data, "keep", 4) == 0 && (want == NULL ||
	    strncmp(why, want, strlen(want)) == 0), "line: %s (%s)", name,
	    why != NULL ? why : "no reason");
	dnstk_buf_release(&b);
}

static void
refuse_spec(const char *spec, const char *want, const char *name)
{
	struct dnstk_buf b;
	const char *why = NULL;
	int r;

	dnstk_buf_init(&b);
	dnstk_buf_adds(&b, "keep");
	r = dnstk_edns_opt_parse_spec(&b, spec, &why);
	tap_ok(r == DNSTK_EINPUT && why != NULL && b.len == 4 &&
	    memcmp(b.data, "keep", 4) == 0 && (want == NULL ||
	    strncmp(why, want, strlen(want)) == 0), "spec: %s (%s)", name,
	    why != NULL ? why : "no reason");
	dnstk_buf_release(&b);
}

/* "PREFIX" followed by `n` copies of `c`, then SUFFIX (malloc'd). */
static char *
long_text(const char *prefix, char c, size_t n, const char *suffix)
{
	size_t p = strlen(prefix), s = strlen(suffix);
	char *t = malloc(p + n + s + 1);

	if (t == NULL) {
		exit(2);
	}
	memcpy(t, prefix, p);
	memset(t + p, c, n);
	memcpy(t + p + n, suffix, s + 1);
	return t;
}

static void
test_limits(void)
{
	char *t;

	t = long_text("CHAIN: ", 'a', 2000, ".");
	refuse_line(t, "option text too long", "a 2000-octet CHAIN name");
	free(t);
	t = long_text("DAU: ", 'A', 80, "");
	refuse_line(t, "algorithm name too long", "an 80-letter algorithm");
	free(t);
	/* 65536 octets of data: one more than an option can hold */
	t = long_text("OPT=65001: ", 'a', 2 * 65536, "");
	refuse_line(t, "option data too long", "65536 octets of data");
	free(t);
	t = long_text("65001:", 'b', 2 * 65536, "");
	refuse_spec(t, "option data too long", "65536 octets by number");
	free(t);
	t = long_text("", 'x', 70, ":00");
	refuse_spec(t, "EDNS option is not CODE[:HEX] or NAME[:VALUE]",
	    "a 70-letter option name");
	free(t);
	t = long_text("EDE: 1: (", 'e', 5000, ")");
	refuse_line(t, "option text too long", "a 5000-letter EDE text");
	free(t);
}

static void
test_values(void)
{
	struct dnstk_buf b;
	const char *why = NULL;
	static const uint8_t expire[] = { 0, 9, 0, 4, 0, 0, 0x04, 0xb0 };

	refuse_line("EXPIRE: 5 x", "EXPIRE is not a number of seconds",
	    "EXPIRE with a trailing word");
	refuse_line("ZONEVERSION: x", NULL, "ZONEVERSION without numbers");
	refuse_line("ZONEVERSION: 2 SOA-SERIALx", NULL,
	    "ZONEVERSION with a bad type word");
	refuse_spec(":00", "EDNS option is not CODE[:HEX] or NAME[:VALUE]",
	    "no name");
	refuse_spec("65001:(ab)", "option data is not hex",
	    "a number takes hex, not a comment");
	refuse_spec("nsid:(ab)", "option data is not hex",
	    "NSID by name takes hex, not a comment");

	/* dig writes "EXPIRE: 1200 (20 minutes)": the comment is skipped. */
	dnstk_buf_init(&b);
	tap_int(dnstk_edns_option_from_text(&b, "EXPIRE: 1200 (20 minutes)",
	    &why), 0, "line: dig's EXPIRE with its comment");
	tap_mem(b.data, b.len, expire, sizeof(expire),
	    "line: EXPIRE 1200 is code 9, length 4, 0x000004b0");
	dnstk_buf_reset(&b);
	tap_int(dnstk_edns_option_from_text(&b, "EXPIRE:", &why), 0,
	    "line: an empty EXPIRE (a query's)");
	tap_mem(b.data, b.len, "\x00\x09\x00\x00", 4,
	    "line: code 9, length 0");
	dnstk_buf_release(&b);
}

static void
test_wire_names(void)
{
	uint8_t n[300];

	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\x01" "a\x00", 3),
	    0, "wire name: a.");
	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\x00", 1), 0,
	    "wire name: the root");
	memset(n, 1, sizeof(n));
	tap_int(dnstk_edns_wire_name_check(n, sizeof(n)), DNSTK_EINPUT,
	    "wire name: longer than 255 octets");
	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\x05" "ab", 3),
	    DNSTK_EINPUT, "wire name: a label past the end");
	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\x01" "a", 2),
	    DNSTK_EINPUT, "wire name: no root label");
	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\xc0\x00", 2),
	    DNSTK_EINPUT, "wire name: a compression pointer");
}

int
main(void)
{
	test_limits();
	test_values();
	test_wire_names();
	return tap_done();
}
