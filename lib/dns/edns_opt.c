/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EDNS(0) option codecs.  ldns 1.8 has ldns_edns_option but only as opaque
 * code/size/data with no per-option text or JSON forms, so the forms that
 * dig users know are written here, one small codec per option.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/edns_opt.h"
#include "util/err.h"
#include "util/num.h"

/* The IANA "DNS EDNS0 Option Codes (OPT)" names, as dig prints them. */
static const struct dnstk_optcodec codecs[] = {
	{ 1, "LLQ", NULL, NULL, NULL },
	{ 2, "UL", NULL, NULL, NULL },
	{ 3, "NSID", NULL, NULL, NULL },
	{ 5, "DAU", NULL, NULL, NULL },
	{ 6, "DHU", NULL, NULL, NULL },
	{ 7, "N3U", NULL, NULL, NULL },
	{ 8, "CLIENT-SUBNET", NULL, NULL, NULL },
	{ 9, "EXPIRE", NULL, NULL, NULL },
	{ 10, "COOKIE", NULL, NULL, NULL },
	{ 11, "TCP-KEEPALIVE", NULL, NULL, NULL },
	{ 12, "PADDING", NULL, NULL, NULL },
	{ 13, "CHAIN", NULL, NULL, NULL },
	{ 14, "KEY-TAG", NULL, NULL, NULL },
	{ 15, "EDE", NULL, NULL, NULL },
	{ 18, "REPORT-CHANNEL", NULL, NULL, NULL },
	{ 19, "ZONEVERSION", NULL, NULL, NULL },
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
	size_t start = out->len;
	int hi, lo;
	uint8_t b;

	for (;;) {
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (*s == '\0' || *s == '(') {
			return 0;
		}
		hi = dnstk_hexval((unsigned char)s[0]);
		lo = hi < 0 ? -1 : dnstk_hexval((unsigned char)s[1]);
		if (hi < 0 || lo < 0) {
			dnstk_buf_truncate(out, start);
			*why = "option data is not hex";
			return DNSTK_EINPUT;
		}
		b = (uint8_t)(hi << 4 | lo);
		if (dnstk_buf_add(out, &b, 1) != 0) {
			dnstk_buf_truncate(out, start);
			*why = "out of memory";
			return DNSTK_ENOMEM;
		}
		s += 2;
	}
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
			return 0;
		}
		dnstk_buf_truncate(out, start);
		if (r != DNSTK_EINPUT) {
			return r;
		}
	}
	r = dnstk_buf_addf(out, "OPT=%u: ", code);
	r |= hex_to_text(out, d, len);
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return DNSTK_ENOMEM;
	}
	return 0;
}

int
dnstk_edns_option_from_text(struct dnstk_buf *out, const char *line,
    const char **why)
{
	const struct dnstk_optcodec *c = NULL;
	char name[64];
	const char *colon = strchr(line, ':');
	size_t n, start = out->len;
	long long code;
	uint8_t hdr[4];
	int r;

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
	if (dnstk_buf_add(out, hdr, sizeof(hdr)) != 0) {
		*why = "out of memory";
		return DNSTK_ENOMEM;
	}
	if (c != NULL && c->from_text != NULL) {
		r = c->from_text(out, colon, why);
	} else {
		r = dnstk_opt_hex_from_text(out, colon, why);
	}
	if (r == 0 && out->len - start - 4 > 65535) {
		*why = "option data too long";
		r = DNSTK_EINPUT;
	}
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return r;
	}
	n = out->len - start - 4;
	out->data[start] = (char)(code >> 8);
	out->data[start + 1] = (char)code;
	out->data[start + 2] = (char)(n >> 8);
	out->data[start + 3] = (char)n;
	return 0;
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
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return DNSTK_ENOMEM;
	}
	return 0;
}
