/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Master-file text to wire form, fast, for the usual types (fastrr.h).
 * ldns lacks a fast path: its text reader goes through ldns_bget_token
 * a character at a time, allocates an rdf per field and reads times with
 * sscanf.  Each reader below accepts only the plain form of its field and
 * answers "not mine" (0) for anything else, which ldns then reads: so an
 * input is either read here to the bytes ldns makes of it, or read by
 * ldns, never read differently.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "in/fastrr.h"
#include "util/err.h"
#include "util/num.h"

/* Field readers: each moves *p past what it read, or returns false. */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated token: its start, *n its length (0: none). */
static const char *
token(const char **p, size_t *n)
{
	const char *s = *p, *e;

	while (is_blank(*s)) {
		s++;
	}
	for (e = s; *e != '\0' && !is_blank(*e); e++) {
		;
	}
	*n = (size_t)(e - s);
	*p = e;
	return s;
}

/* Nothing but blanks left? */
static bool
at_end(const char *p)
{
	while (is_blank(*p)) {
		p++;
	}
	return *p == '\0';
}

/* A decimal number of plain digits up to `max` (ldns's strtol reads the
 * same digits to the same value within that range). */
static bool
number(const char **p, uint32_t max, uint32_t *out)
{
	size_t n, i;
	const char *s = token(p, &n);
	uint64_t v = 0;

	if (n == 0 || n > 10) {
		return false;
	}
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max) {
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

static bool
add8(struct dnstk_buf *b, const char **p, int *rc)
{
	uint32_t v;
	uint8_t o;

	if (!number(p, 255, &v)) {
		return false;
	}
	o = (uint8_t)v;
	*rc = dnstk_buf_add(b, &o, 1) != 0 ? DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

static bool
add_u16(struct dnstk_buf *b, uint16_t v, int *rc)
{
	uint8_t o[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	*rc = dnstk_buf_add(b, o, 2) != 0 ? DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

static bool
add_u32(struct dnstk_buf *b, uint32_t v, int *rc)
{
	uint8_t o[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	*rc = dnstk_buf_add(b, o, 4) != 0 ? DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

static bool
add16(struct dnstk_buf *b, const char **p, int *rc)
{
	uint32_t v;

	return number(p, 65535, &v) && add_u16(b, (uint16_t)v, rc);
}

static bool
add32(struct dnstk_buf *b, const char **p, int *rc)
{
	uint32_t v;

	return number(p, UINT32_MAX, &v) && add_u32(b, v, rc);
}

/* The octets a plain label may hold here: letters, digits, '-', '_',
 * '*' and '/' (anything else is left to ldns). */
static const uint8_t name_ok[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

static bool
name_char(char c)
{
	return name_ok[(uint8_t)c] != 0;
}

bool
dnstk_in_fast_name(uint8_t out[255], size_t *len, const char *s, size_t n,
    const uint8_t *origin, size_t olen)
{
	size_t i, pos = 0, lab = 0;
	bool absolute;

	if (n == 1 && s[0] == '@') {
		memcpy(out, origin, olen);
		*len = olen;
		return olen > 0;
	}
	if (n == 1 && s[0] == '.') {
		out[0] = 0;
		*len = 1;
		return true;
	}
	absolute = n > 0 && s[n - 1] == '.';
	n -= absolute;
	if (n == 0 || n + 2 > 255) {
		return false;
	}
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (i == lab || i - lab > 63) {
				return false;	/* empty or long label */
			}
			out[pos] = (uint8_t)(i - lab);
			memcpy(out + pos + 1, s + lab, i - lab);
			pos += 1 + i - lab;
			lab = i + 1;
		} else if (!name_char(s[i])) {
			return false;
		}
	}
	if (absolute) {
		out[pos++] = 0;
	} else {
		if (olen == 0 || pos + olen > 255) {
			return false;
		}
		memcpy(out + pos, origin, olen);
		pos += olen;
	}
	*len = pos;
	return true;
}

static bool
add_name(struct dnstk_buf *b, const char **p, const uint8_t *origin,
    size_t olen, int *rc)
{
	uint8_t w[255];
	size_t n, wl;
	const char *s = token(p, &n);

	if (!dnstk_in_fast_name(w, &wl, s, n, origin, olen)) {
		return false;
	}
	*rc = dnstk_buf_add(b, w, wl) != 0 ? DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

/* The rest as hex digits, blanks anywhere, an even count, at least one
 * pair (ldns reads an odd count its own way: left to it). */
static bool
add_hex_rest(struct dnstk_buf *b, const char **p, int *rc)
{
	const char *s = *p;
	size_t start = b->len;
	int hi = -1, v;
	uint8_t o;

	for (; *s != '\0'; s++) {
		if (is_blank(*s)) {
			continue;
		}
		if ((v = dnstk_hexval((unsigned char)*s)) < 0) {
			break;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		o = (uint8_t)(hi << 4 | v);
		hi = -1;
		if (dnstk_buf_add(b, &o, 1) != 0) {
			*rc = DNSTK_ENOMEM;
			return false;
		}
	}
	if (*s != '\0' || hi >= 0 || b->len == start) {
		dnstk_buf_truncate(b, start);
		return false;
	}
	*p = s;
	return true;
}

/* Base64 digit values; B64_BAD for anything else. */
#define B64_BAD 0xff
static const uint8_t b64_val[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 62, 0xff, 0xff, 0xff, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3, 4, 5, 6,
	7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
	37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48,
	49, 50, 51, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff
};

/* The base64 tail from s (a quantum in progress: k digits in acc),
 * slowly: blanks, padding.  False when it is not plain. */
static bool
b64_tail(struct dnstk_buf *b, const char *s, size_t k, uint32_t acc,
    int *rc)
{
	size_t pad = 0;
	uint8_t o[3];

	for (; *s != '\0'; s++) {
		if (is_blank(*s)) {
			continue;
		}
		if (*s == '=' && k >= 2) {
			pad++;
			acc <<= 6;
		} else if (pad > 0 || b64_val[(uint8_t)*s] == B64_BAD) {
			return false;
		} else {
			acc = acc << 6 | b64_val[(uint8_t)*s];
		}
		if (++k < 4) {
			continue;
		}
		o[0] = (uint8_t)(acc >> 16);
		o[1] = (uint8_t)(acc >> 8);
		o[2] = (uint8_t)acc;
		if ((pad == 1 && o[2] != 0) ||
		    (pad == 2 && (o[1] != 0 || o[2] != 0))) {
			return false;	/* odd bits in the padding: ldns's */
		}
		if (dnstk_buf_add(b, o, 3 - pad) != 0) {
			*rc = DNSTK_ENOMEM;
			return false;
		}
		k = 0;
		acc = 0;
		if (pad > 0) {
			return at_end(s + 1);
		}
	}
	return k == 0;
}

/*
 * The rest as base64, blanks anywhere: whole quanta, '=' padding only at
 * the very end.  By hand: ldns's decoder is not public API and OpenSSL's
 * EVP_DecodeBlock neither skips blanks nor drops the padding's octets.
 */
static bool
add_b64_rest(struct dnstk_buf *b, const char **p, int *rc)
{
	const uint8_t *s = (const uint8_t *)*p;
	size_t start = b->len, n = strlen(*p), k = 0;
	uint8_t *o, v0, v1, v2, v3;
	uint32_t acc = 0;

	while (is_blank((char)*s)) {
		s++;
	}
	if (*s == '\0' || dnstk_buf_grow(b, n / 4 * 3 + 3) != 0) {
		*rc = *s == '\0' ? *rc : DNSTK_ENOMEM;
		return false;
	}
	o = (uint8_t *)b->data + b->len;
	/* whole quanta of plain digits, the common case */
	for (;;) {
		if ((v0 = b64_val[s[0]]) == B64_BAD ||
		    (v1 = b64_val[s[1]]) == B64_BAD ||
		    (v2 = b64_val[s[2]]) == B64_BAD ||
		    (v3 = b64_val[s[3]]) == B64_BAD) {
			break;
		}
		o[0] = (uint8_t)(v0 << 2 | v1 >> 4);
		o[1] = (uint8_t)(v1 << 4 | v2 >> 2);
		o[2] = (uint8_t)(v2 << 6 | v3);
		o += 3;
		s += 4;
	}
	b->len = (size_t)((char *)o - b->data);
	b->data[b->len] = '\0';
	if (!b64_tail(b, (const char *)s, k, acc, rc) || b->len == start) {
		dnstk_buf_truncate(b, start);
		return false;
	}
	*p += n;
	return true;
}

/* NSEC3 salt: "-" or hex (length octet first). */
static bool
add_salt(struct dnstk_buf *b, const char **p, int *rc)
{
	size_t n, i;
	const char *s = token(p, &n);
	uint8_t o[256];
	int hi, lo;

	if (n == 1 && s[0] == '-') {
		n = 0;
	} else if (n == 0 || n % 2 != 0 || n > 510) {
		return false;
	}
	o[0] = (uint8_t)(n / 2);
	for (i = 0; i < n; i += 2) {
		hi = dnstk_hexval((unsigned char)s[i]);
		lo = dnstk_hexval((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0) {
			return false;
		}
		o[1 + i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*rc = dnstk_buf_add(b, o, 1 + n / 2) != 0 ? DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

/* NSEC3 next hashed owner: base32hex (length octet first). */
static bool
add_b32hex(struct dnstk_buf *b, const char **p, int *rc)
{
	size_t n;
	const char *s = token(p, &n);
	uint8_t o[256];

	if (n == 0 || n % 8 != 0 || n * 5 / 8 > 255) {
		return false;
	}
	if (dnstk_b32hex_decode(o + 1, sizeof(o) - 1, s, n) !=
	    (long)(n * 5 / 8)) {
		return false;
	}
	o[0] = (uint8_t)(n * 5 / 8);
	*rc = dnstk_buf_add(b, o, 1 + n * 5 / 8) != 0 ? DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

/* Days from 1970-01-01 to y-m-d as ldns_mktime_from_utc counts them. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212,
	    243, 273, 304, 334 };
	int64_t days = 365 * (y - 1970), leap;

	/* leap days in [1970, y) */
	leap = ((y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400) -
	    (1969 / 4 - 1969 / 100 + 1969 / 400);
	days += leap + before[m - 1] + d - 1;
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
		days++;
	}
	return days;
}

/* An RRSIG time: YYYYMMDDHHmmSS as ldns reads it (other forms: ldns). */
static bool
add_time(struct dnstk_buf *b, const char **p, int *rc)
{
	size_t n, i;
	const char *s = token(p, &n);
	int f[6], w[6] = { 4, 2, 2, 2, 2, 2 }, k, at = 0;
	int64_t t;

	if (n != 14) {
		return false;
	}
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	for (k = 0; k < 6; k++) {
		f[k] = 0;
		for (i = 0; i < (size_t)w[k]; i++) {
			f[k] = f[k] * 10 + (s[at++] - '0');
		}
	}
	/* ldns's checks: year from 1970, fields in range (day to 31) */
	if (f[0] < 1970 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 ||
	    f[3] > 23 || f[4] > 59 || f[5] > 59) {
		return false;
	}
	t = days_from_civil(f[0], f[1], f[2]) * 86400 + f[3] * 3600 +
	    f[4] * 60 + f[5];
	return add_u32(b, (uint32_t)t, rc);
}

uint16_t
dnstk_in_fast_type(const char *s, size_t n)
{
	static const struct {
		const char *name;
		uint16_t type;
	} t[] = {
		{ "A", LDNS_RR_TYPE_A }, { "NS", LDNS_RR_TYPE_NS },
		{ "CNAME", LDNS_RR_TYPE_CNAME }, { "SOA", LDNS_RR_TYPE_SOA },
		{ "PTR", LDNS_RR_TYPE_PTR }, { "MX", LDNS_RR_TYPE_MX },
		{ "TXT", LDNS_RR_TYPE_TXT }, { "AAAA", LDNS_RR_TYPE_AAAA },
		{ "SRV", LDNS_RR_TYPE_SRV }, { "DNAME", LDNS_RR_TYPE_DNAME },
		{ "DS", LDNS_RR_TYPE_DS }, { "RRSIG", LDNS_RR_TYPE_RRSIG },
		{ "NSEC", LDNS_RR_TYPE_NSEC }, { "DNSKEY", LDNS_RR_TYPE_DNSKEY },
		{ "NSEC3", LDNS_RR_TYPE_NSEC3 },
		{ "NSEC3PARAM", LDNS_RR_TYPE_NSEC3PARAM },
		{ "CDS", LDNS_RR_TYPE_CDS }, { "CDNSKEY", LDNS_RR_TYPE_CDNSKEY },
		{ "ZONEMD", LDNS_RR_TYPE_ZONEMD }, { "CAA", LDNS_RR_TYPE_CAA },
		{ "TLSA", LDNS_RR_TYPE_TLSA }, { "HINFO", LDNS_RR_TYPE_HINFO },
	};
	size_t i;
	char c0;

	if (n == 0) {
		return 0;
	}
	c0 = (char)(s[0] & ~0x20);	/* a letter's capital: a cheap filter */
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].name[0] == c0 && strlen(t[i].name) == n &&
		    strncasecmp(s, t[i].name, n) == 0) {
			return t[i].type;
		}
	}
	return 0;
}

/* A type in an RRSIG or a bitmap: the usual ones here, the rest by ldns
 * (0: unknown). */
static uint16_t
type_of(const char *s, size_t n)
{
	char tok[32];
	uint16_t t = dnstk_in_fast_type(s, n);

	if (t != 0 || n >= sizeof(tok)) {
		return t;
	}
	memcpy(tok, s, n);
	tok[n] = '\0';
	return (uint16_t)ldns_get_rr_type_by_name(tok);
}

static bool
add_type(struct dnstk_buf *b, const char **p, int *rc)
{
	size_t n;
	const char *s = token(p, &n);
	uint16_t t = n > 0 ? type_of(s, n) : 0;

	return t != 0 && add_u16(b, t, rc);
}

/* The rest as a type bitmap (RFC 4034 §4.1.2); at least one type. */
static bool
add_bitmap(struct dnstk_buf *b, const char **p, int *rc)
{
	uint8_t bits[256][32];
	int last[256], win;
	size_t n, any = 0;
	const char *s;
	uint16_t t;

	memset(last, -1, sizeof(last));
	for (;;) {
		s = token(p, &n);
		if (n == 0) {
			break;
		}
		if ((t = type_of(s, n)) == 0) {
			return false;
		}
		win = t >> 8;
		if (last[win] < 0) {
			memset(bits[win], 0, sizeof(bits[win]));
			last[win] = 0;
		}
		bits[win][(t & 0xff) >> 3] |= (uint8_t)(0x80 >> (t & 7));
		if (((t & 0xff) >> 3) + 1 > last[win]) {
			last[win] = ((t & 0xff) >> 3) + 1;
		}
		any++;
	}
	if (any == 0) {
		return false;
	}
	for (win = 0; win < 256; win++) {
		uint8_t h[2] = { (uint8_t)win, (uint8_t)last[win] };

		if (last[win] <= 0) {
			continue;
		}
		if (dnstk_buf_add(b, h, 2) != 0 ||
		    dnstk_buf_add(b, bits[win], (size_t)last[win]) != 0) {
			*rc = DNSTK_ENOMEM;
			return false;
		}
	}
	return true;
}

/* TXT: quoted strings without escapes, or bare words without quotes or
 * escapes, each up to 255 octets. */
static bool
add_strings(struct dnstk_buf *b, const char **p, int *rc)
{
	const char *s = *p, *e;
	size_t any = 0, n;
	uint8_t len;

	for (;;) {
		while (is_blank(*s)) {
			s++;
		}
		if (*s == '\0') {
			break;
		}
		if (*s == '"') {
			for (e = ++s; *e != '\0' && *e != '"' && *e != '\\';
			    e++) {
				;
			}
			if (*e != '"' || (e[1] != '\0' && !is_blank(e[1]))) {
				return false;
			}
		} else {
			for (e = s; *e != '\0' && !is_blank(*e); e++) {
				if (*e == '"' || *e == '\\') {
					return false;
				}
			}
		}
		n = (size_t)(e - s);
		if (n > 255) {
			return false;
		}
		len = (uint8_t)n;
		if (dnstk_buf_add(b, &len, 1) != 0 ||
		    dnstk_buf_add(b, s, n) != 0) {
			*rc = DNSTK_ENOMEM;
			return false;
		}
		s = *e == '"' ? e + 1 : e;
		any++;
	}
	*p = s;
	return any > 0;
}

static bool
add_addr(struct dnstk_buf *b, const char **p, int af, int *rc)
{
	char tok[64];
	uint8_t a[16];
	size_t n;
	const char *s = token(p, &n);

	if (n == 0 || n >= sizeof(tok)) {
		return false;
	}
	memcpy(tok, s, n);
	tok[n] = '\0';
	if (inet_pton(af, tok, a) != 1) {
		return false;
	}
	*rc = dnstk_buf_add(b, a, af == AF_INET ? 4 : 16) != 0 ?
	    DNSTK_ENOMEM : *rc;
	return *rc == 0;
}

/* The fields of `type` in order; false when one is not plain. */
static bool
fields(struct dnstk_buf *b, uint16_t type, const char **p,
    const uint8_t *o, size_t ol, int *rc)
{
	switch (type) {
	case LDNS_RR_TYPE_A:
		return add_addr(b, p, AF_INET, rc);
	case LDNS_RR_TYPE_AAAA:
		return add_addr(b, p, AF_INET6, rc);
	case LDNS_RR_TYPE_NS: case LDNS_RR_TYPE_CNAME: case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_DNAME:
		return add_name(b, p, o, ol, rc);
	case LDNS_RR_TYPE_MX:
		return add16(b, p, rc) && add_name(b, p, o, ol, rc);
	case LDNS_RR_TYPE_SOA:
		return add_name(b, p, o, ol, rc) && add_name(b, p, o, ol, rc) &&
		    add32(b, p, rc) && add32(b, p, rc) && add32(b, p, rc) &&
		    add32(b, p, rc) && add32(b, p, rc);
	case LDNS_RR_TYPE_TXT:
		return add_strings(b, p, rc);
	case LDNS_RR_TYPE_DS: case LDNS_RR_TYPE_CDS:
		return add16(b, p, rc) && add8(b, p, rc) && add8(b, p, rc) &&
		    add_hex_rest(b, p, rc);
	case LDNS_RR_TYPE_DNSKEY: case LDNS_RR_TYPE_CDNSKEY:
		return add16(b, p, rc) && add8(b, p, rc) && add8(b, p, rc) &&
		    add_b64_rest(b, p, rc);
	case LDNS_RR_TYPE_RRSIG:
		return add_type(b, p, rc) && add8(b, p, rc) && add8(b, p, rc) &&
		    add32(b, p, rc) && add_time(b, p, rc) &&
		    add_time(b, p, rc) && add16(b, p, rc) &&
		    add_name(b, p, o, ol, rc) && add_b64_rest(b, p, rc);
	case LDNS_RR_TYPE_NSEC:
		return add_name(b, p, o, ol, rc) && add_bitmap(b, p, rc);
	case LDNS_RR_TYPE_NSEC3:
		return add8(b, p, rc) && add8(b, p, rc) && add16(b, p, rc) &&
		    add_salt(b, p, rc) && add_b32hex(b, p, rc) &&
		    add_bitmap(b, p, rc);
	case LDNS_RR_TYPE_NSEC3PARAM:
		return add8(b, p, rc) && add8(b, p, rc) && add16(b, p, rc) &&
		    add_salt(b, p, rc);
	case LDNS_RR_TYPE_ZONEMD:
		return add32(b, p, rc) && add8(b, p, rc) && add8(b, p, rc) &&
		    add_hex_rest(b, p, rc);
	default:
		return false;
	}
}

int
dnstk_in_fast_rdata(struct dnstk_buf *out, uint16_t type, const char *text,
    const uint8_t *origin, size_t olen)
{
	size_t start = out->len;
	const char *p = text;
	int rc = 0;

	if (fields(out, type, &p, origin, olen, &rc) && rc == 0 &&
	    at_end(p) && out->len - start <= 65535) {
		return 1;
	}
	dnstk_buf_truncate(out, start);
	return rc;
}
