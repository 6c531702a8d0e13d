/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EDNS(0) option codecs.  ldns 1.8 has ldns_edns_option but only as opaque
 * code/size/data with no per-option text or JSON forms, so the forms that
 * dig users know are written here, one small codec per option.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "dns/edns_opt.h"
#include "util/err.h"
#include "util/num.h"

/* Small parsing and printing helpers ------------------------------------- */

/* Copy `s` without leading and trailing blanks into `dst` (size `cap`). */
static int
trimmed(char *dst, size_t cap, const char *s, const char **why)
{
	size_t n;

	while (*s == ' ' || *s == '\t') {
		s++;
	}
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
		n--;
	}
	if (n >= cap) {
		*why = "option text too long";
		return DNSTK_EINPUT;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* Parse decimal digits at *s (no sign) up to `max`; advance *s. */
static int
take_uint(const char **s, unsigned long max, unsigned long *v)
{
	const char *p = *s;
	unsigned long n = 0;

	if (*p < '0' || *p > '9') {
		return DNSTK_EINPUT;
	}
	while (*p >= '0' && *p <= '9') {
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > max) {
			return DNSTK_EINPUT;
		}
		p++;
	}
	*v = n;
	*s = p;
	return 0;
}

static void
skip_blanks(const char **s)
{
	while (**s == ' ' || **s == '\t') {
		(*s)++;
	}
}

static uint16_t
get16(const uint8_t *d)
{
	return (uint16_t)(d[0] << 8 | d[1]);
}

static uint32_t
get32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3];
}

static int
add16(struct dnstk_buf *out, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	return dnstk_buf_add(out, b, 2);
}

static int
add32(struct dnstk_buf *out, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	return dnstk_buf_add(out, b, 4);
}

/* Length of the UTF-8 sequence at s[0..n), or 0 when it is not valid. */
static size_t
utf8_len(const uint8_t *s, size_t n)
{
	size_t k, i;
	uint32_t c;

	if (s[0] < 0x80) {
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < k) {
		return 0;
	}
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return 0;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff))) {
		return 0;
	}
	return k;
}

int
dnstk_edns_json_text(struct dnstk_buf *out, const void *p, size_t n)
{
	const uint8_t *s = p;
	size_t i, k, start = out->len;
	int r = 0;

	for (i = 0; i < n; i += k) {
		k = utf8_len(s + i, n - i);
		if (k == 0) {
			/* Not UTF-8: escape byte by byte, like names. */
			return dnstk_buf_addjson(out, p, n);
		}
	}
	r |= dnstk_buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			r |= dnstk_buf_addc(out, '\\');
			r |= dnstk_buf_addc(out, (char)s[i]);
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			r |= dnstk_buf_addf(out, "\\u%04x", s[i]);
		} else {
			r |= dnstk_buf_addc(out, (char)s[i]);
		}
	}
	r |= dnstk_buf_addc(out, '"');
	return dnstk_buf_done(out, start, r);
}

/* Numbers with names: algorithm lists and EDE codes ---------------------- */

struct numname {
	unsigned n;
	const char *name;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* IANA "DNS Security Algorithm Numbers" mnemonics (RFC 6975 DAU). */
static const struct numname dau_names[] = {
	{ 1, "RSAMD5" }, { 3, "DSA" }, { 5, "RSASHA1" },
	{ 6, "DSA-NSEC3-SHA1" }, { 7, "RSASHA1-NSEC3-SHA1" },
	{ 8, "RSASHA256" }, { 10, "RSASHA512" }, { 12, "ECC-GOST" },
	{ 13, "ECDSAP256SHA256" }, { 14, "ECDSAP384SHA384" },
	{ 15, "ED25519" }, { 16, "ED448" }, { 17, "SM2SM3" },
	{ 23, "ECC-GOST12" }, { 252, "INDIRECT" }, { 253, "PRIVATEDNS" },
	{ 254, "PRIVATEOID" },
};

/* IANA "Delegation Signer (DS) Resource Record Digest Algorithms" (DHU). */
static const struct numname dhu_names[] = {
	{ 1, "SHA-1" }, { 2, "SHA-256" }, { 3, "GOST" }, { 4, "SHA-384" },
	{ 5, "GOST12" }, { 6, "SM3" },
};

/* IANA "DNSSEC NSEC3 Hash Algorithms" (N3U). */
static const struct numname n3u_names[] = {
	{ 1, "SHA-1" },
};

/* IANA "Extended DNS Error Codes" (RFC 8914 section 4 and later). */
static const struct numname ede_names[] = {
	{ 0, "Other" }, { 1, "Unsupported DNSKEY Algorithm" },
	{ 2, "Unsupported DS Digest Type" }, { 3, "Stale Answer" },
	{ 4, "Forged Answer" }, { 5, "DNSSEC Indeterminate" },
	{ 6, "DNSSEC Bogus" }, { 7, "Signature Expired" },
	{ 8, "Signature Not Yet Valid" }, { 9, "DNSKEY Missing" },
	{ 10, "RRSIGs Missing" }, { 11, "No Zone Key Bit Set" },
	{ 12, "NSEC Missing" }, { 13, "Cached Error" }, { 14, "Not Ready" },
	{ 15, "Blocked" }, { 16, "Censored" }, { 17, "Filtered" },
	{ 18, "Prohibited" }, { 19, "Stale NXDOMAIN Answer" },
	{ 20, "Not Authoritative" }, { 21, "Not Supported" },
	{ 22, "No Reachable Authority" }, { 23, "Network Error" },
	{ 24, "Invalid Data" }, { 25, "Signature Expired before Valid" },
	{ 26, "Too Early" }, { 27, "Unsupported NSEC3 Iterations Value" },
	{ 28, "Unable to conform to policy" }, { 29, "Synthesized" },
	{ 30, "Invalid Query Type" },
};

static const char *
num_name(const struct numname *t, size_t n, unsigned v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].n == v) {
			return t[i].name;
		}
	}
	return NULL;
}

const char *
dnstk_ede_name(unsigned info)
{
	return num_name(ede_names, NELEM(ede_names), info);
}

static int
alglist_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len,
    const struct numname *t, size_t nt)
{
	const char *name;
	size_t i;
	int r = 0;

	for (i = 0; i < len; i++) {
		if (i > 0) {
			r |= dnstk_buf_addc(out, ' ');
		}
		name = num_name(t, nt, d[i]);
		r |= name != NULL ? dnstk_buf_adds(out, name) :
		    dnstk_buf_addf(out, "%u", d[i]);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

static int
alglist_from_text(struct dnstk_buf *out, const char *s,
    const struct numname *t, size_t nt, const char **why)
{
	char tok[64];
	unsigned long v;
	size_t n, i;
	const char *p;
	uint8_t b;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',') {
			s++;
		}
		if (*s == '\0') {
			return 0;
		}
		for (n = 0; s[n] != '\0' && s[n] != ' ' && s[n] != '\t' &&
		    s[n] != ','; n++) {
			;
		}
		if (n >= sizeof(tok)) {
			*why = "algorithm name too long";
			return DNSTK_EINPUT;
		}
		memcpy(tok, s, n);
		tok[n] = '\0';
		s += n;
		p = tok;
		if (take_uint(&p, 255, &v) == 0 && *p == '\0') {
			b = (uint8_t)v;
		} else {
			for (i = 0; i < nt; i++) {
				if (strcasecmp(t[i].name, tok) == 0) {
					break;
				}
			}
			if (i == nt) {
				*why = "unknown algorithm name";
				return DNSTK_EINPUT;
			}
			b = (uint8_t)t[i].n;
		}
		if (dnstk_buf_add(out, &b, 1) != 0) {
			*why = "out of memory";
			return DNSTK_ENOMEM;
		}
	}
}

static int
alglist_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len,
    const struct numname *t, size_t nt)
{
	const char *name;
	size_t i;
	int r = 0;

	r |= dnstk_buf_adds(out, ",\"algorithms\":[");
	for (i = 0; i < len; i++) {
		r |= dnstk_buf_addf(out, "%s%u", i > 0 ? "," : "", d[i]);
	}
	r |= dnstk_buf_adds(out, "],\"mnemonics\":[");
	for (i = 0; i < len; i++) {
		name = num_name(t, nt, d[i]);
		r |= name != NULL ? dnstk_buf_addf(out, "%s\"%s\"",
		    i > 0 ? "," : "", name) :
		    dnstk_buf_addf(out, "%s\"%u\"", i > 0 ? "," : "", d[i]);
	}
	r |= dnstk_buf_addc(out, ']');
	return r != 0 ? DNSTK_ENOMEM : 0;
}

#define ALGLIST(fn, table) \
static int \
fn##_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len) \
{ \
	return alglist_to_text(out, d, len, table, NELEM(table)); \
} \
static int \
fn##_from_text(struct dnstk_buf *out, const char *s, const char **why) \
{ \
	return alglist_from_text(out, s, table, NELEM(table), why); \
} \
static int \
fn##_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len) \
{ \
	return alglist_to_json(out, d, len, table, NELEM(table)); \
}

ALGLIST(dau, dau_names)
ALGLIST(dhu, dhu_names)
ALGLIST(n3u, n3u_names)

/* NSID (3, RFC 5001): hex, with the text when it is printable ------------ */

static int
nsid_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	size_t i;

	if (len == 0) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (d[i] < 0x20 || d[i] >= 0x7f) {
			return 0;	/* binary: the hex says it all */
		}
	}
	if (dnstk_buf_adds(out, ",\"text\":") != 0 ||
	    dnstk_edns_json_text(out, d, len) != 0) {
		return DNSTK_ENOMEM;
	}
	return 0;
}

/* CLIENT-SUBNET (8, RFC 7871 section 6): "address/source/scope" ---------- */

struct ecs {
	unsigned family, source, scope;
	uint8_t addr[16];
};

/*
 * Decode a body in the one form the text can give back: family 1 or 2,
 * prefixes within the address size, exactly the octets the source prefix
 * needs, and zero bits past it.  Anything else is malformed here (and
 * named by edns_check).
 */
static int
ecs_decode(struct ecs *e, const uint8_t *d, size_t len)
{
	unsigned bits;
	size_t need;

	if (len < 4) {
		return DNSTK_EINPUT;
	}
	memset(e, 0, sizeof(*e));
	e->family = get16(d);
	e->source = d[2];
	e->scope = d[3];
	if (e->family == 1) {
		bits = 32;
	} else if (e->family == 2) {
		bits = 128;
	} else {
		return DNSTK_EINPUT;
	}
	need = (e->source + 7) / 8;
	if (e->source > bits || e->scope > bits || len - 4 != need) {
		return DNSTK_EINPUT;
	}
	memcpy(e->addr, d + 4, need);
	if (e->source % 8 != 0 &&
	    (e->addr[need - 1] & (0xff >> (e->source % 8))) != 0) {
		return DNSTK_EINPUT;
	}
	return 0;
}

static int
ecs_addr_text(char *dst, size_t cap, const struct ecs *e)
{
	return inet_ntop(e->family == 1 ? AF_INET : AF_INET6, e->addr, dst,
	    (socklen_t)cap) == NULL ? DNSTK_EINPUT : 0;
}

static int
ecs_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	struct ecs e;

	if (ecs_decode(&e, d, len) != 0 || ecs_addr_text(a, sizeof(a), &e)) {
		return DNSTK_EINPUT;
	}
	return dnstk_buf_addf(out, "%s/%u/%u", a, e.source, e.scope) != 0 ?
	    DNSTK_ENOMEM : 0;
}

static int
ecs_from_text(struct dnstk_buf *out, const char *text, const char **why)
{
	char s[128], *slash;
	const char *p;
	unsigned long src, scope = 0;
	unsigned bits;
	uint8_t addr[16];
	size_t need;
	int family, r = 0;

	if (trimmed(s, sizeof(s), text, why) != 0) {
		return DNSTK_EINPUT;
	}
	slash = strchr(s, '/');
	if (slash == NULL) {
		*why = "client subnet is not ADDRESS/PREFIX[/SCOPE]";
		return DNSTK_EINPUT;
	}
	*slash = '\0';
	family = strchr(s, ':') != NULL ? 2 : 1;
	bits = family == 1 ? 32 : 128;
	if (inet_pton(family == 1 ? AF_INET : AF_INET6, s, addr) != 1) {
		*why = "client subnet address is not an IP address";
		return DNSTK_EINPUT;
	}
	p = slash + 1;
	if (take_uint(&p, bits, &src) != 0 || (*p != '\0' && *p != '/')) {
		*why = "client subnet source prefix is not a number in range";
		return DNSTK_EINPUT;
	}
	if (*p == '/') {
		p++;
		if (take_uint(&p, bits, &scope) != 0 || *p != '\0') {
			*why = "client subnet scope prefix is not a number "
			    "in range";
			return DNSTK_EINPUT;
		}
	}
	need = (src + 7) / 8;
	if (src % 8 != 0) {
		addr[need - 1] &= (uint8_t)(0xff << (8 - src % 8));
	}
	r |= add16(out, (unsigned)family);
	r |= dnstk_buf_addc(out, (char)src);
	r |= dnstk_buf_addc(out, (char)scope);
	r |= dnstk_buf_add(out, addr, need);
	if (r != 0) {
		*why = "out of memory";
		return DNSTK_ENOMEM;
	}
	return 0;
}

static int
ecs_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	struct ecs e;

	if (ecs_decode(&e, d, len) != 0 || ecs_addr_text(a, sizeof(a), &e)) {
		return DNSTK_EINPUT;
	}
	return dnstk_buf_addf(out, ",\"family\":%u,\"sourcePrefix\":%u,"
	    "\"scopePrefix\":%u,\"address\":\"%s\"", e.family, e.source,
	    e.scope, a) != 0 ? DNSTK_ENOMEM : 0;
}

/* EXPIRE (9, RFC 7314): empty in a query, else seconds ------------------- */

static int
expire_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	if (len == 0) {
		return 0;
	}
	if (len != 4) {
		return DNSTK_EINPUT;
	}
	return dnstk_buf_addf(out, "%lu", (unsigned long)get32(d)) != 0 ?
	    DNSTK_ENOMEM : 0;
}

static int
expire_from_text(struct dnstk_buf *out, const char *s, const char **why)
{
	unsigned long v;

	skip_blanks(&s);
	if (*s == '\0') {
		return 0;
	}
	if (take_uint(&s, 0xffffffffUL, &v) != 0) {
		*why = "EXPIRE is not a number of seconds up to 4294967295";
		return DNSTK_EINPUT;
	}
	skip_blanks(&s);
	if (*s != '\0' && *s != '(') {	/* dig adds "(20 minutes)" */
		*why = "EXPIRE is not a number of seconds";
		return DNSTK_EINPUT;
	}
	return add32(out, (uint32_t)v) != 0 ? DNSTK_ENOMEM : 0;
}

static int
expire_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	if (len == 0) {
		return 0;
	}
	if (len != 4) {
		return DNSTK_EINPUT;
	}
	return dnstk_buf_addf(out, ",\"expire\":%lu",
	    (unsigned long)get32(d)) != 0 ? DNSTK_ENOMEM : 0;
}

/* COOKIE (10, RFC 7873 section 4): client (8) then server (8-32) -------- */

static bool
cookie_len_ok(size_t len)
{
	return len == 8 || (len >= 16 && len <= 40);
}

static int
cookie_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	if (!cookie_len_ok(len)) {
		return DNSTK_EINPUT;
	}
	return dnstk_buf_addhex(out, d, len) != 0 ? DNSTK_ENOMEM : 0;
}

static int
cookie_from_text(struct dnstk_buf *out, const char *s, const char **why)
{
	size_t start = out->len;
	int r;

	/* dig writes "hex (good)": the hex reader stops at '('. */
	r = dnstk_opt_hex_from_text(out, s, why);
	if (r == 0 && !cookie_len_ok(out->len - start)) {
		dnstk_buf_truncate(out, start);
		*why = "a cookie is 8 octets, or 16 to 40 with a server cookie";
		r = DNSTK_EINPUT;
	}
	return r;
}

static int
cookie_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	int r = 0;

	if (!cookie_len_ok(len)) {
		return DNSTK_EINPUT;
	}
	r |= dnstk_buf_adds(out, ",\"client\":\"");
	r |= dnstk_buf_addhex(out, d, 8);
	r |= dnstk_buf_addc(out, '"');
	if (len > 8) {
		r |= dnstk_buf_adds(out, ",\"server\":\"");
		r |= dnstk_buf_addhex(out, d + 8, len - 8);
		r |= dnstk_buf_addc(out, '"');
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* TCP-KEEPALIVE (11, RFC 7828 section 3.1): units of 100 ms -------------- */

static int
keepalive_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	unsigned v;

	if (len == 0) {
		return 0;
	}
	if (len != 2) {
		return DNSTK_EINPUT;
	}
	v = get16(d);
	return dnstk_buf_addf(out, "%u.%u secs", v / 10, v % 10) != 0 ?
	    DNSTK_ENOMEM : 0;
}

static int
keepalive_from_text(struct dnstk_buf *out, const char *s, const char **why)
{
	unsigned long secs, tenths = 0;

	skip_blanks(&s);
	if (*s == '\0') {
		return 0;
	}
	if (take_uint(&s, 6553, &secs) != 0) {
		goto bad;
	}
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9') {
			goto bad;
		}
		tenths = (unsigned long)(*s++ - '0');
	}
	skip_blanks(&s);
	if (strncmp(s, "secs", 4) == 0) {
		s += 4;
	}
	skip_blanks(&s);
	if (*s != '\0' || secs * 10 + tenths > 65535) {
		goto bad;
	}
	return add16(out, (unsigned)(secs * 10 + tenths)) != 0 ?
	    DNSTK_ENOMEM : 0;
bad:
	*why = "TCP-KEEPALIVE is not SECONDS[.TENTHS] secs up to 6553.5";
	return DNSTK_EINPUT;
}

static int
keepalive_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	if (len == 0) {
		return 0;
	}
	if (len != 2) {
		return DNSTK_EINPUT;
	}
	return dnstk_buf_addf(out, ",\"timeout\":%u", get16(d)) != 0 ?
	    DNSTK_ENOMEM : 0;
}

/* PADDING (12, RFC 7830): "(N bytes)" of zeros; other bodies as hex ------ */

static int
padding_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (d[i] != 0) {
			return DNSTK_EINPUT;	/* OPT=12: hex keeps them */
		}
	}
	return dnstk_buf_addf(out, "(%zu bytes)", len) != 0 ?
	    DNSTK_ENOMEM : 0;
}

static int
padding_from_text(struct dnstk_buf *out, const char *s, const char **why)
{
	unsigned long n;
	size_t start = out->len, i;

	skip_blanks(&s);
	if (*s != '(') {
		return dnstk_opt_hex_from_text(out, s, why);	/* dig */
	}
	s++;
	if (take_uint(&s, 65535, &n) != 0 || (strncmp(s, " bytes)", 7) != 0
	    && strncmp(s, " byte)", 6) != 0)) {
		*why = "PADDING is not '(N bytes)' or hex";
		return DNSTK_EINPUT;
	}
	s = strchr(s, ')') + 1;
	skip_blanks(&s);
	if (*s != '\0') {
		*why = "PADDING is not '(N bytes)' or hex";
		return DNSTK_EINPUT;
	}
	for (i = 0; i < n; i++) {
		if (dnstk_buf_addc(out, '\0') != 0) {
			dnstk_buf_truncate(out, start);
			*why = "out of memory";
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

static int
padding_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	(void)d;
	return dnstk_buf_addf(out, ",\"length\":%zu", len) != 0 ?
	    DNSTK_ENOMEM : 0;
}

/* CHAIN (13, RFC 7901) and REPORT-CHANNEL (18, RFC 9567): one name ------- */

int
dnstk_edns_wire_name_check(const uint8_t *d, size_t len)
{
	size_t p = 0;

	if (len > 255) {
		return DNSTK_EINPUT;
	}
	while (p < len) {
		if (d[p] == 0) {
			return p + 1 == len ? 0 : DNSTK_EINPUT;
		}
		if (d[p] > 63) {
			return DNSTK_EINPUT;	/* compressed or extended */
		}
		p += 1 + (size_t)d[p];
	}
	return DNSTK_EINPUT;
}

static int
name_to_str(char **s, const uint8_t *d, size_t len)
{
	ldns_rdf *rdf;

	*s = NULL;
	if (dnstk_edns_wire_name_check(d, len) != 0) {
		return DNSTK_EINPUT;
	}
	rdf = ldns_dname_new_frm_data((uint16_t)len, d);
	if (rdf == NULL) {
		return DNSTK_ENOMEM;
	}
	*s = ldns_rdf2str(rdf);
	ldns_rdf_deep_free(rdf);
	return *s == NULL ? DNSTK_ENOMEM : 0;
}

static int
name_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	char *s;
	int r;

	r = name_to_str(&s, d, len);
	if (r == 0) {
		r = dnstk_buf_adds(out, s);
	}
	free(s);
	return r;
}

static int
name_from_text(struct dnstk_buf *out, const char *text, const char **why)
{
	ldns_rdf *rdf = NULL;
	char s[1024];
	int r;

	if (trimmed(s, sizeof(s), text, why) != 0) {
		return DNSTK_EINPUT;
	}
	if (s[0] == '\0' || !ldns_dname_str_absolute(s) ||
	    ldns_str2rdf_dname(&rdf, s) != LDNS_STATUS_OK) {
		*why = "not a fully qualified domain name";
		return DNSTK_EINPUT;
	}
	r = dnstk_buf_add(out, ldns_rdf_data(rdf), ldns_rdf_size(rdf));
	ldns_rdf_deep_free(rdf);
	if (r != 0) {
		*why = "out of memory";
		return DNSTK_ENOMEM;
	}
	return 0;
}

static int
name_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len,
    const char *member)
{
	char *s;
	int r;

	r = name_to_str(&s, d, len);
	if (r == 0) {
		r = dnstk_buf_addf(out, ",\"%s\":", member);
		r |= dnstk_buf_addjson(out, s, strlen(s));
		r = r != 0 ? DNSTK_ENOMEM : 0;
	}
	free(s);
	return r;
}

static int
chain_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	return name_to_json(out, d, len, "closestTrustPoint");
}

static int
agent_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	return name_to_json(out, d, len, "agentDomain");
}

/* KEY-TAG (14, RFC 8145 section 4.1): 16-bit key tags ------------------- */

static int
keytag_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	size_t i;
	int r = 0;

	if (len % 2 != 0) {
		return DNSTK_EINPUT;
	}
	for (i = 0; i < len; i += 2) {
		r |= dnstk_buf_addf(out, "%s%u", i > 0 ? " " : "",
		    get16(d + i));
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

static int
keytag_from_text(struct dnstk_buf *out, const char *s, const char **why)
{
	unsigned long v;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',') {
			s++;
		}
		if (*s == '\0') {
			return 0;
		}
		if (take_uint(&s, 65535, &v) != 0 || (*s != '\0' &&
		    *s != ' ' && *s != '\t' && *s != ',')) {
			*why = "KEY-TAG is not a list of numbers up to 65535";
			return DNSTK_EINPUT;
		}
		if (add16(out, (unsigned)v) != 0) {
			*why = "out of memory";
			return DNSTK_ENOMEM;
		}
	}
}

static int
keytag_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	size_t i;
	int r = 0;

	if (len % 2 != 0) {
		return DNSTK_EINPUT;
	}
	r |= dnstk_buf_adds(out, ",\"keyTags\":[");
	for (i = 0; i < len; i += 2) {
		r |= dnstk_buf_addf(out, "%s%u", i > 0 ? "," : "",
		    get16(d + i));
	}
	r |= dnstk_buf_addc(out, ']');
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* EDE (15, RFC 8914 section 2): "CODE (Name): (extra text)" -------------- */

static int
ede_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	const char *name;
	unsigned info;
	size_t i;
	int r = 0;

	if (len < 2) {
		return DNSTK_EINPUT;
	}
	info = get16(d);
	name = dnstk_ede_name(info);
	r |= dnstk_buf_addf(out, "%u", info);
	if (name != NULL) {
		r |= dnstk_buf_addf(out, " (%s)", name);
	}
	if (len > 2) {
		/* \DDD for bytes outside printable ASCII, so the line
		 * reads back into the same bytes. */
		r |= dnstk_buf_adds(out, ": (");
		for (i = 2; i < len; i++) {
			if (d[i] == '\\') {
				r |= dnstk_buf_adds(out, "\\\\");
			} else if (d[i] >= 0x20 && d[i] < 0x7f) {
				r |= dnstk_buf_addc(out, (char)d[i]);
			} else {
				r |= dnstk_buf_addf(out, "\\%03u", d[i]);
			}
		}
		r |= dnstk_buf_addc(out, ')');
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

static int
ede_from_text(struct dnstk_buf *out, const char *text, const char **why)
{
	char s[4096];
	const char *p, *end;
	unsigned long info, v;
	size_t start = out->len;
	int r = 0;

	if (trimmed(s, sizeof(s), text, why) != 0) {
		return DNSTK_EINPUT;
	}
	p = s;
	if (take_uint(&p, 65535, &info) != 0) {
		*why = "EDE does not start with an INFO-CODE up to 65535";
		return DNSTK_EINPUT;
	}
	skip_blanks(&p);
	if (*p == '(') {	/* the code's name, for people only */
		p = strchr(p, ')');
		if (p == NULL) {
			*why = "EDE name has no ')'";
			return DNSTK_EINPUT;
		}
		p++;
		skip_blanks(&p);
	}
	r |= add16(out, (unsigned)info);
	if (*p == '\0') {
		return r != 0 ? DNSTK_ENOMEM : 0;
	}
	if (*p != ':') {
		*why = "EDE is not 'CODE (Name): (text)'";
		goto fail;
	}
	p++;
	skip_blanks(&p);
	end = p + strlen(p);
	if (*p == '(' && end > p + 1 && end[-1] == ')') {
		p++;
		end--;
	}
	while (p < end) {
		if (*p != '\\') {
			r |= dnstk_buf_addc(out, *p++);
			continue;
		}
		p++;
		if (p >= end) {
			*why = "EDE text ends in '\\'";
			goto fail;
		}
		if (*p >= '0' && *p <= '9') {
			/* exactly three digits: "\0007" is NUL then '7' */
			if (end - p < 3 || p[1] < '0' || p[1] > '9' ||
			    p[2] < '0' || p[2] > '9') {
				*why = "EDE text has a bad \\DDD escape";
				goto fail;
			}
			v = (unsigned long)((p[0] - '0') * 100 +
			    (p[1] - '0') * 10 + (p[2] - '0'));
			if (v > 255) {
				*why = "EDE text has a bad \\DDD escape";
				goto fail;
			}
			p += 3;
			r |= dnstk_buf_addc(out, (char)v);
		} else {
			r |= dnstk_buf_addc(out, *p++);
		}
	}
	if (r != 0) {
		*why = "out of memory";
		dnstk_buf_truncate(out, start);
		return DNSTK_ENOMEM;
	}
	return 0;
fail:
	dnstk_buf_truncate(out, start);
	return DNSTK_EINPUT;
}

static int
ede_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	const char *name;
	int r = 0;

	if (len < 2) {
		return DNSTK_EINPUT;
	}
	r |= dnstk_buf_addf(out, ",\"infoCode\":%u", get16(d));
	name = dnstk_ede_name(get16(d));
	if (name != NULL) {
		r |= dnstk_buf_addf(out, ",\"infoName\":\"%s\"", name);
	}
	if (len > 2) {
		r |= dnstk_buf_adds(out, ",\"extraText\":");
		r |= dnstk_edns_json_text(out, d + 2, len - 2);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* ZONEVERSION (19, RFC 9660 section 2): "LABELS TYPE VERSION" ----------- */

static int
zoneversion_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	int r = 0;

	if (len == 0) {
		return 0;	/* the query form */
	}
	if (len < 2 || (d[1] == 0 && len != 6)) {
		return DNSTK_EINPUT;
	}
	if (d[1] == 0) {
		return dnstk_buf_addf(out, "%u SOA-SERIAL %lu", d[0],
		    (unsigned long)get32(d + 2)) != 0 ? DNSTK_ENOMEM : 0;
	}
	r |= dnstk_buf_addf(out, "%u %u", d[0], d[1]);
	if (len > 2) {
		r |= dnstk_buf_addc(out, ' ');
		r |= dnstk_buf_addhex(out, d + 2, len - 2);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

static int
zoneversion_from_text(struct dnstk_buf *out, const char *s,
    const char **why)
{
	unsigned long labels, type, serial;
	size_t start = out->len;
	int r;

	skip_blanks(&s);
	if (*s == '\0') {
		return 0;
	}
	if (take_uint(&s, 255, &labels) != 0) {
		goto bad;
	}
	skip_blanks(&s);
	if (strncasecmp(s, "SOA-SERIAL", 10) == 0) {
		s += 10;
		type = 0;
	} else if (take_uint(&s, 255, &type) != 0) {
		goto bad;
	}
	skip_blanks(&s);
	r = dnstk_buf_addc(out, (char)labels);
	r |= dnstk_buf_addc(out, (char)type);
	if (r != 0) {
		goto nomem;
	}
	if (type == 0) {
		if (take_uint(&s, 0xffffffffUL, &serial) != 0) {
			goto bad;
		}
		skip_blanks(&s);
		if (*s != '\0') {
			goto bad;
		}
		if (add32(out, (uint32_t)serial) != 0) {
			goto nomem;
		}
		return 0;
	}
	r = dnstk_opt_hex_from_text(out, s, why);
	if (r != 0) {
		dnstk_buf_truncate(out, start);
	}
	return r;
bad:
	dnstk_buf_truncate(out, start);
	*why = "ZONEVERSION is not 'LABELS SOA-SERIAL SERIAL' or "
	    "'LABELS TYPE HEX'";
	return DNSTK_EINPUT;
nomem:
	dnstk_buf_truncate(out, start);
	*why = "out of memory";
	return DNSTK_ENOMEM;
}

static int
zoneversion_to_json(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	int r = 0;

	if (len == 0) {
		return 0;
	}
	if (len < 2 || (d[1] == 0 && len != 6)) {
		return DNSTK_EINPUT;
	}
	r |= dnstk_buf_addf(out, ",\"labelCount\":%u,\"versionType\":%u",
	    d[0], d[1]);
	if (d[1] == 0) {
		r |= dnstk_buf_addf(out, ",\"versionTypeName\":\"SOA-SERIAL\","
		    "\"serial\":%lu", (unsigned long)get32(d + 2));
	}
	r |= dnstk_buf_adds(out, ",\"version\":\"");
	r |= dnstk_buf_addhex(out, d + 2, len - 2);
	r |= dnstk_buf_addc(out, '"');
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* The table ------------------------------------------------------------ */

/* The IANA "DNS EDNS0 Option Codes (OPT)" names, as dig prints them. */
static const struct dnstk_optcodec codecs[] = {
	{ 1, "LLQ", NULL, NULL, NULL },
	{ 2, "UL", NULL, NULL, NULL },
	{ 3, "NSID", NULL, NULL, nsid_to_json },
	{ 5, "DAU", dau_to_text, dau_from_text, dau_to_json },
	{ 6, "DHU", dhu_to_text, dhu_from_text, dhu_to_json },
	{ 7, "N3U", n3u_to_text, n3u_from_text, n3u_to_json },
	{ 8, "CLIENT-SUBNET", ecs_to_text, ecs_from_text, ecs_to_json },
	{ 9, "EXPIRE", expire_to_text, expire_from_text, expire_to_json },
	{ 10, "COOKIE", cookie_to_text, cookie_from_text, cookie_to_json },
	{ 11, "TCP-KEEPALIVE", keepalive_to_text, keepalive_from_text,
	  keepalive_to_json },
	{ 12, "PADDING", padding_to_text, padding_from_text,
	  padding_to_json },
	{ 13, "CHAIN", name_to_text, name_from_text, chain_to_json },
	{ 14, "KEY-TAG", keytag_to_text, keytag_from_text, keytag_to_json },
	{ 15, "EDE", ede_to_text, ede_from_text, ede_to_json },
	{ 18, "REPORT-CHANNEL", name_to_text, name_from_text,
	  agent_to_json },
	{ 19, "ZONEVERSION", zoneversion_to_text, zoneversion_from_text,
	  zoneversion_to_json },
};

const struct dnstk_optcodec *
dnstk_optcodec_find(uint16_t code)
{
	size_t i;

	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		if (codecs[i].code == code) {
			return &codecs[i];
		}
	}
	return NULL;
}

const struct dnstk_optcodec *
dnstk_optcodec_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		if (strcasecmp(codecs[i].name, name) == 0) {
			return &codecs[i];
		}
	}
	return NULL;
}

/* Generic hex form: "0a0b0c" plus ("text") when it is printable. */
static int
hex_to_text(struct dnstk_buf *out, const uint8_t *d, size_t len)
{
	size_t i;
	int r;

	r = dnstk_buf_addhex(out, d, len);
	for (i = 0; i < len; i++) {
		if (!isprint(d[i]) || d[i] == '"' || d[i] == '\\') {
			return r;
		}
	}
	if (len != 0) {
		r |= dnstk_buf_adds(out, " (\"");
		r |= dnstk_buf_add(out, d, len);
		r |= dnstk_buf_adds(out, "\")");
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

int
dnstk_opt_hex_from_text(struct dnstk_buf *out, const char *s,
    const char **why)
{
	enum dnstk_hex_fault fault;
	size_t at;
	int rc;

	rc = dnstk_hex_append(out, s, strlen(s), DNSTK_HEX_BLANKS |
	    DNSTK_HEX_PAREN, SIZE_MAX / 4, &fault, &at);
	if (rc == DNSTK_ENOMEM) {
		*why = "out of memory";
	} else if (rc != 0) {
		*why = "option data is not hex";
	}
	return rc;
}

int
dnstk_edns_option_to_text(struct dnstk_buf *out, uint16_t code,
    const uint8_t *d, size_t len)
{
	const struct dnstk_optcodec *c = dnstk_optcodec_find(code);
	size_t start = out->len;
	int r;

	if (c != NULL) {
		r = dnstk_buf_addf(out, "%s: ", c->name);
		if (r == 0) {
			r = c->to_text != NULL ? c->to_text(out, d, len) :
			    hex_to_text(out, d, len);
		}
		if (r == 0) {
			/* An empty body (a query's NSID, EXPIRE...) leaves
			 * "NAME:" without a trailing blank. */
			if (out->data[out->len - 1] == ' ') {
				dnstk_buf_truncate(out, out->len - 1);
			}
			return 0;
		}
		dnstk_buf_truncate(out, start);
		if (r != DNSTK_EINPUT) {
			return r;
		}
	}
	r = dnstk_buf_addf(out, "OPT=%u:", code);
	if (len != 0) {
		r |= dnstk_buf_addc(out, ' ');
		r |= hex_to_text(out, d, len);
	}
	return dnstk_buf_done(out, start, r);
}

/*
 * Append option `code` (header and body) with the body read from `text`:
 * by codec `c` when it has a text form, else as hex (with `hex_only`,
 * the ("text") comment of the hex form is refused).  Returns 0, or
 * DNSTK_EINPUT / DNSTK_ENOMEM with *why set and `out` unchanged.
 */
static int
encode_option(struct dnstk_buf *out, uint16_t code,
    const struct dnstk_optcodec *c, const char *text, bool hex_only,
    const char **why)
{
	size_t start = out->len, n;
	uint8_t hdr[4] = { (uint8_t)(code >> 8), (uint8_t)code, 0, 0 };
	int r;

	if (dnstk_buf_add(out, hdr, sizeof(hdr)) != 0) {
		*why = "out of memory";
		return DNSTK_ENOMEM;
	}
	if (c != NULL && c->from_text != NULL) {
		r = c->from_text(out, text, why);
	} else {
		r = dnstk_opt_hex_from_text(out, text, why);
		if (r == 0 && hex_only && strchr(text, '(') != NULL) {
			*why = "option data is not hex";
			r = DNSTK_EINPUT;
		}
	}
	n = out->len - start - 4;
	if (r == 0 && n > 65535) {
		*why = "option data too long";
		r = DNSTK_EINPUT;
	}
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return r;
	}
	out->data[start + 2] = (char)(n >> 8);
	out->data[start + 3] = (char)n;
	return 0;
}

int
dnstk_edns_option_from_text(struct dnstk_buf *out, const char *line,
    const char **why)
{
	const struct dnstk_optcodec *c = NULL;
	char name[64];
	const char *colon = strchr(line, ':');
	size_t n;
	long long code;

	if (colon == NULL || (n = (size_t)(colon - line)) == 0 ||
	    n >= sizeof(name)) {
		*why = "option line is not NAME: value";
		return DNSTK_EINPUT;
	}
	memcpy(name, line, n);
	name[n] = '\0';
	if (strncasecmp(name, "OPT=", 4) == 0) {
		if (dnstk_strtonum(&code, name + 4, 0, 65535, why) != 0) {
			*why = "bad option code";
			return DNSTK_EINPUT;
		}
	} else {
		c = dnstk_optcodec_by_name(name);
		if (c == NULL) {
			*why = "unknown EDNS option name";
			return DNSTK_EINPUT;
		}
		code = c->code;
	}
	colon++;
	while (*colon == ' ' || *colon == '\t') {
		colon++;
	}
	return encode_option(out, (uint16_t)code, c, colon, false, why);
}

int
dnstk_edns_option_to_json(struct dnstk_buf *out, uint16_t code,
    const uint8_t *d, size_t len)
{
	const struct dnstk_optcodec *c = dnstk_optcodec_find(code);
	size_t start = out->len, mark;
	int r;

	r = dnstk_buf_addf(out, "{\"code\":%u", code);
	if (c != NULL) {
		r |= dnstk_buf_addf(out, ",\"name\":\"%s\"", c->name);
	}
	r |= dnstk_buf_adds(out, ",\"data\":\"");
	r |= dnstk_buf_addhex(out, d, len);
	r |= dnstk_buf_addc(out, '"');
	if (r == 0 && c != NULL && c->to_json != NULL) {
		mark = out->len;
		r = c->to_json(out, d, len);
		if (r == DNSTK_EINPUT) {
			dnstk_buf_truncate(out, mark);
			r = dnstk_buf_adds(out, ",\"malformed\":true");
		}
	}
	r |= dnstk_buf_addc(out, '}');
	return dnstk_buf_done(out, start, r);
}

int
dnstk_edns_opt_encode(struct dnstk_buf *out, uint16_t code,
    const char *text, const char **why)
{
	return encode_option(out, code, dnstk_optcodec_find(code),
	    text != NULL ? text : "", true, why);
}

int
dnstk_edns_opt_parse_spec(struct dnstk_buf *out, const char *spec,
    const char **why)
{
	const struct dnstk_optcodec *c;
	const char *colon = strchr(spec, ':'), *p;
	char name[64];
	size_t n = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	unsigned long code;

	if (n == 0 || n >= sizeof(name)) {
		*why = "EDNS option is not CODE[:HEX] or NAME[:VALUE]";
		return DNSTK_EINPUT;
	}
	memcpy(name, spec, n);
	name[n] = '\0';
	p = name;
	if (take_uint(&p, 65535, &code) == 0 && *p == '\0') {
		/* A number takes hex, whatever its codec, as in dig. */
		return encode_option(out, (uint16_t)code, NULL,
		    colon != NULL ? colon + 1 : "", true, why);
	}
	c = dnstk_optcodec_by_name(name);
	if (c == NULL) {
		*why = "unknown EDNS option name";
		return DNSTK_EINPUT;
	}
	return dnstk_edns_opt_encode(out, c->code,
	    colon != NULL ? colon + 1 : "", why);
}
