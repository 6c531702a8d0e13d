/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the small shared helpers that replaced repeated code:
 * buffer and array growth, word tables, section titles and flag names,
 * numeric addresses, and the canonical name key written in place.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/msg.h"
#include "dns/rrset.h"
#include "net/server.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/num.h"
#include "util/str.h"

static void
test_buf_helpers(void)
{
	struct dnstk_buf b;

	dnstk_buf_init(&b);
	tap_int(dnstk_buf_add16(&b, 0x1234), 0, "add16: appends");
	tap_int(dnstk_buf_add16(&b, 0xabcdef), 0, "add16: a wider value");
	tap_mem(b.data, b.len, "\x12\x34\xcd\xef", 4,
	    "add16: most significant byte first, low 16 bits only");
	tap_int(dnstk_buf_done(&b, 2, 0), 0, "done: 0 keeps what was added");
	tap_int((long long)b.len, 4, "done: 0 leaves the length");
	dnstk_buf_adds(&b, "tail");
	tap_int(dnstk_buf_done(&b, 4, DNSTK_ENOMEM), DNSTK_ENOMEM,
	    "done: a failure says out of memory");
	tap_mem(b.data, b.len, "\x12\x34\xcd\xef", 4,
	    "done: a failure goes back to the start");
	tap_ok(b.data[b.len] == '\0', "done: still NUL-terminated");
	dnstk_buf_release(&b);
}

static void
test_array_grow(void)
{
	int *a = NULL, *p;
	size_t cap = 0, n, big = SIZE_MAX / 2 + 1;

	p = dnstk_array_grow(a, 0, &cap, sizeof(*a), 3);
	tap_ok(p != NULL && cap == 3, "array: the first room is `first`");
	a = p;
	for (n = 0; n < 3; n++) {
		a[n] = (int)n;
	}
	tap_ok(dnstk_array_grow(a, 2, &cap, sizeof(*a), 3) == a && cap == 3,
	    "array: room left means no move");
	p = dnstk_array_grow(a, 3, &cap, sizeof(*a), 3);
	tap_ok(p != NULL && cap == 6 && p[0] == 0 && p[2] == 2,
	    "array: full doubles and keeps the elements");
	a = p;
	tap_ok(dnstk_array_grow(a, big, &big, sizeof(*a), 3) == NULL &&
	    big == SIZE_MAX / 2 + 1,
	    "array: a size that overflows fails and leaves *cap");
	free(a);
}

static void
test_words(void)
{
	static const struct dnstk_word t[] = {
		{ "alpha", 1 }, { ";; Query time:", 2 }, { "al", 3 },
	};
	const struct dnstk_word *w;
	const char *line = ";; Query time: 3 msec";

	w = dnstk_word_find(t, 3, "ALPHA", 5);
	tap_ok(w != NULL && w->value == 1, "word_find: case ignored");
	w = dnstk_word_find(t, 3, "alphabet", 2);
	tap_ok(w != NULL && w->value == 3, "word_find: only `len` bytes count");
	tap_ok(dnstk_word_find(t, 3, "alp", 3) == NULL,
	    "word_find: a prefix of a word is not the word");
	w = dnstk_word_prefix(t, 3, line, strlen(line));
	tap_ok(w != NULL && w->value == 2, "word_prefix: a line's start");
	tap_ok(dnstk_word_prefix(t, 3, line, 5) == NULL,
	    "word_prefix: a line shorter than the text does not match");
	w = dnstk_word_prefix(t, 3, "alpine", 6);
	tap_ok(w != NULL && w->value == 3, "word_prefix: first row that fits");
}

static void
test_titles_and_flags(void)
{
	static const char *const titles[] = {
		";; QUESTION SECTION:", ";; ANSWER SECTION:",
		";; AUTHORITY SECTION:", ";; ADDITIONAL SECTION:",
	};
	static const uint16_t bits[] = {
		0x8000, 0x0400, 0x0200, 0x0100, 0x0080, 0x0040, 0x0020, 0x0010,
	};
	static const char *const dig[] = {
		"qr", "aa", "tc", "rd", "ra", "z", "ad", "cd",
	};
	char line[64];
	size_t i;
	int all = 1;

	for (i = 0; i < 4; i++) {
		snprintf(line, sizeof(line), "%s trailing", titles[i]);
		tap_int(dnstk_section_title(line, strlen(line)), (long long)i,
		    titles[i]);
	}
	tap_int(dnstk_section_title(";; ANSWER SECTION", 17), -1,
	    "section_title: no colon, no title");
	tap_int(dnstk_section_title(";; ANSWER SECTION:", 10), -1,
	    "section_title: only `n` bytes are read");
	tap_int(dnstk_section_title(";; ZONE SECTION:", 16), -1,
	    "section_title: UPDATE's names are not the renderer's");
	for (i = 0; i < DNSTK_FLAG_NAMES; i++) {
		all &= dnstk_flag_names[i].bit == bits[i] &&
		    strcmp(dnstk_flag_names[i].text, dig[i]) == 0 &&
		    strlen(dnstk_flag_names[i].json) == strlen(dig[i]) &&
		    strncasecmp(dnstk_flag_names[i].json, dig[i], 8) == 0;
	}
	tap_ok(all, "flag names: RFC 1035/4035 bits in dig's order, JSON "
	    "names upper case");
}

static void
test_addr(void)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	char tmp[16];

	tap_ok(dnstk_addr_unbracket(tmp, sizeof(tmp), "[::1]") &&
	    strcmp(tmp, "::1") == 0, "unbracket: brackets go");
	tap_ok(dnstk_addr_unbracket(tmp, sizeof(tmp), "[]") &&
	    strcmp(tmp, "[]") == 0, "unbracket: empty brackets stay");
	tap_ok(dnstk_addr_unbracket(tmp, sizeof(tmp), "192.0.2.1") &&
	    strcmp(tmp, "192.0.2.1") == 0, "unbracket: no brackets, as is");
	tap_ok(!dnstk_addr_unbracket(tmp, 4, "abcd"),
	    "unbracket: too long for the room");
	tap_ok(dnstk_addr_parse(&ss, &len, "192.0.2.1") == 1 &&
	    ss.ss_family == AF_INET && len == sizeof(struct sockaddr_in) &&
	    ((struct sockaddr_in *)&ss)->sin_addr.s_addr == htonl(0xc0000201),
	    "addr_parse: IPv4");
	dnstk_addr_set_port(&ss, 5353);
	tap_int(ntohs(((struct sockaddr_in *)&ss)->sin_port), 5353,
	    "addr_set_port: IPv4");
	tap_ok(dnstk_addr_parse(&ss, &len, "2001:db8::1") == 1 &&
	    ss.ss_family == AF_INET6 && len == sizeof(struct sockaddr_in6),
	    "addr_parse: IPv6");
	dnstk_addr_set_port(&ss, 53);
	tap_int(ntohs(((struct sockaddr_in6 *)&ss)->sin6_port), 53,
	    "addr_set_port: IPv6");
	tap_ok(dnstk_addr_parse(&ss, &len, "[::1]") == 0 &&
	    ss.ss_family == 0, "addr_parse: brackets are not an address");
	tap_ok(dnstk_addr_parse(&ss, &len, "example.com") == 0,
	    "addr_parse: names are not addresses");
}

static void
test_name_key_to(void)
{
	/* "WWW.Example." with an octet 0x00 and 0x01 in a label */
	static const uint8_t name[] = {
		3, 'W', 'W', 'W', 3, 'e', 0x00, 0x01, 7, 'E', 'x', 'a', 'm',
		'p', 'l', 'e', 0,
	};
	static const uint8_t want[] = {
		'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 'e', 1, 1, 1, 2, 0,
		'w', 'w', 'w', 0, 0,
	};
	static const uint8_t bad[] = { 3, 'a', 'b' };
	uint8_t out[2 * sizeof(name) + 1];
	struct dnstk_buf b;
	size_t n;

	dnstk_buf_init(&b);
	n = dnstk_name_key_to(out, name, sizeof(name));
	tap_mem(out, n, want, sizeof(want),
	    "name_key_to: labels from the right, lowercased, 0 and 1 escaped");
	tap_int(dnstk_name_key(&b, name, sizeof(name)), 0, "name_key: ok");
	tap_mem(b.data, b.len, out, n, "name_key_to: the same as name_key");
	tap_int((long long)dnstk_name_key_to(out, bad, sizeof(bad)), 0,
	    "name_key_to: a malformed name gives 0");
	dnstk_buf_release(&b);
}

static void
test_hexval(void)
{
	const char *digits = "0123456789abcdefABCDEF";
	int i, ok = 1;

	for (i = 0; digits[i] != '\0'; i++) {
		ok &= dnstk_hexval(digits[i]) == (i < 16 ? i : i - 6);
	}
	tap_ok(ok, "hexval: every digit, both cases");
	tap_int(dnstk_hexval('g'), -1, "hexval: g is not a digit");
	tap_int(dnstk_hexval(0xe9), -1, "hexval: a high byte is not a digit");
}

int
main(void)
{
	test_buf_helpers();
	test_array_grow();
	test_words();
	test_titles_and_flags();
	test_addr();
	test_name_key_to();
	test_hexval();
	return tap_done();
}
