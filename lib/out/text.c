/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Records as text: the escapes of names and character-strings (one place
 * for both paths), the ldns-based path with its read-back check and RFC
 * 3597 fallback, and the fast path straight from wire records.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "out/render.h"
#include "util/err.h"

/* Copy an ldns_buffer's text, trimming trailing blanks and newlines. */
static int
take_ldns_text(struct dnstk_buf *out, ldns_buffer *lb)
{
	const char *s = (const char *)ldns_buffer_begin(lb);
	size_t n = ldns_buffer_position(lb);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t')) {
		n--;
	}
	return dnstk_buf_add(out, s, n);
}

/* ---- escapes: the one place names and strings become text ---------- */

/*
 * Is `n` (`len` bytes) a whole uncompressed wire name: labels of at most
 * 63 octets ending with the root label, at most 255 bytes?
 */
static bool
name_ok(const uint8_t *n, size_t len)
{
	size_t pos = 0;

	if (len == 0 || len > 255) {
		return false;
	}
	while (pos < len && n[pos] != 0) {
		if ((n[pos] & 0xc0) != 0) {
			return false;
		}
		pos += 1u + n[pos];
	}
	return pos + 1 == len;
}

/*
 * Write the well-formed wire name `n` (see name_ok) at `p`, which has room
 * for 4 * len + 1 bytes, lowercased when `low`; returns the end.  As
 * ldns_rdf2buffer_str_dname: '.', ';', '(', ')' and '\\' escaped with a
 * backslash, bytes outside 0x21-0x7e as \DDD; and further, as \DDD, '"',
 * which a master-file reader takes for a quote, a leading '$', which
 * starts a directive, and a leading '@', which ldns reads as the origin
 * ("@." included).
 */
static char *
esc_name(char *p, const uint8_t *n, size_t len, bool low)
{
	size_t pos = 0, j;
	uint8_t c;

	if (len == 1) {
		*p++ = '.';
		return p;
	}
	while (pos < len && n[pos] != 0) {
		for (j = pos + 1; j <= pos + n[pos]; j++) {
			c = n[j];
			if (low && c >= 'A' && c <= 'Z') {
				c = (uint8_t)(c + 32);
			}
			if (c == '.' || c == ';' || c == '(' || c == ')' ||
			    c == '\\') {
				*p++ = '\\';
				*p++ = (char)c;
			} else if (c < 0x21 || c > 0x7e || c == '"' ||
			    (j == 1 && (c == '$' || c == '@'))) {
				*p++ = '\\';
				*p++ = (char)('0' + c / 100);
				*p++ = (char)('0' + c / 10 % 10);
				*p++ = (char)('0' + c % 10);
			} else {
				*p++ = (char)c;
			}
		}
		*p++ = '.';
		pos += 1u + n[pos];
	}
	return p;
}

/*
 * Write the `len` octets of one character-string at `p` (room for 4 * len
 * + 2) in quotes, as ldns_rdf2buffer_str_str: '"' and '\\' escaped with a
 * backslash, printable ASCII and TAB as themselves, the rest as \DDD.
 */
static char *
esc_str(char *p, const uint8_t *s, size_t len)
{
	size_t j;
	uint8_t c;

	*p++ = '"';
	for (j = 0; j < len; j++) {
		c = s[j];
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if ((c >= 0x20 && c <= 0x7e) || c == '\t') {
			*p++ = (char)c;
		} else {
			*p++ = '\\';
			*p++ = (char)('0' + c / 100);
			*p++ = (char)('0' + c / 10 % 10);
			*p++ = (char)('0' + c % 10);
		}
	}
	*p++ = '"';
	return p;
}

static char *
esc_uint(char *p, uint32_t v)
{
	char t[10];
	int n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0) {
		*p++ = t[--n];
	}
	return p;
}

/* Append wire name `n`; DNSTK_EINPUT when it is not well-formed. */
static int
text_name(struct dnstk_buf *out, const uint8_t *n, size_t len, bool low)
{
	if (!name_ok(n, len)) {
		return DNSTK_EINPUT;
	}
	if (dnstk_buf_grow(out, 4 * len + 2) != 0) {
		return DNSTK_ENOMEM;
	}
	out->len = (size_t)(esc_name(out->data + out->len, n, len, low) -
	    out->data);
	out->data[out->len] = '\0';
	return 0;
}

/*
 * Presentation form of one rdata field: 0, DNSTK_ENOMEM, or DNSTK_EINPUT
 * when ldns cannot print it (the record then goes out in RFC 3597 form).
 */
static int
text_rdf(struct dnstk_buf *out, ldns_buffer *lb, const ldns_rdf *rd)
{
	char addr[INET6_ADDRSTRLEN];
	const uint8_t *d = ldns_rdf_data(rd);
	size_t n = ldns_rdf_size(rd);
	ldns_status st;

	switch (ldns_rdf_get_type(rd)) {
	case LDNS_RDF_TYPE_DNAME:
		return text_name(out, d, n, false);
	case LDNS_RDF_TYPE_STR:
		if (n == 0 || n != 1u + d[0]) {
			break;
		}
		if (dnstk_buf_grow(out, 4 * n + 2) != 0) {
			return DNSTK_ENOMEM;
		}
		out->len = (size_t)(esc_str(out->data + out->len, d + 1,
		    n - 1) - out->data);
		out->data[out->len] = '\0';
		return 0;
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_AAAA:
		/* Addresses are most of what is printed: skip ldns's
		 * printf. */
		if ((n == 4 && inet_ntop(AF_INET, d, addr, sizeof(addr)) !=
		    NULL) || (n == 16 && inet_ntop(AF_INET6, d, addr,
		    sizeof(addr)) != NULL)) {
			return dnstk_buf_adds(out, addr);
		}
		break;
	default:
		break;
	}
	ldns_buffer_clear(lb);
	st = ldns_rdf2buffer_str(lb, rd);
	if (st != LDNS_STATUS_OK) {
		return st == LDNS_STATUS_MEM_ERR ? DNSTK_ENOMEM : DNSTK_EINPUT;
	}
	return take_ldns_text(out, lb);
}

/* Append the rdata fields joined by blanks; as text_rdf. */
static int
text_fields(struct dnstk_buf *out, ldns_buffer *lb, const ldns_rr *rr)
{
	size_t i, n = ldns_rr_rd_count(rr);
	int r = 0;

	if (n == 0) {
		return dnstk_buf_adds(out, "\\# 0");
	}
	for (i = 0; i < n && r == 0; i++) {
		if (i > 0) {
			r = dnstk_buf_addc(out, ' ');
		}
		if (r == 0) {
			r = text_rdf(out, lb, ldns_rr_rdf(rr, i));
		}
	}
	return r;
}

/* Append the RDATA of `rr` in RFC 3597 generic form: "\# LEN HEX". */
static int
text_generic_rdata(struct dnstk_buf *out, const ldns_rr *rr)
{
	struct dnstk_buf w;
	size_t off = ldns_rdf_size(ldns_rr_owner(rr)) + 10;
	int r;

	dnstk_buf_init(&w);
	r = dnstk_wire_rr(&w, rr, false);
	if (r == 0 && w.len < off) {
		r = DNSTK_EINPUT;
	}
	if (r == 0) {
		r = dnstk_buf_addf(out, "\\# %zu", w.len - off);
		if (r == 0 && w.len > off) {
			r = dnstk_buf_addc(out, ' ');
			r |= dnstk_buf_addhex(out, (uint8_t *)w.data + off,
			    w.len - off);
		}
	}
	dnstk_buf_release(&w);
	return r;
}

/*
 * Owner, TTL, class and type of `rr` and a tab, as ldns_rr2buffer_str
 * (a question: owner, class and type only).
 */
static int
text_head(struct dnstk_buf *out, const ldns_rr *rr)
{
	const ldns_rdf *o = ldns_rr_owner(rr);
	int r;

	r = text_name(out, ldns_rdf_data(o), ldns_rdf_size(o), false);
	if (r != 0) {
		return r;
	}
	r |= dnstk_buf_addc(out, '\t');
	if (!ldns_rr_is_question(rr)) {
		r |= dnstk_buf_addf(out, "%u\t", (unsigned)ldns_rr_ttl(rr));
	}
	r |= dnstk_class_name(out, ldns_rr_get_class(rr));
	r |= dnstk_buf_addc(out, '\t');
	r |= dnstk_type_name(out, ldns_rr_get_type(rr));
	if (!ldns_rr_is_question(rr)) {
		r |= dnstk_buf_addc(out, '\t');
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/*
 * The whole record; a field ldns cannot print (an SVCB key length past
 * the rdata, say) puts the rdata in RFC 3597 form, *generic set.
 */
static int
text_rr_any(struct dnstk_buf *out, const ldns_rr *rr, bool *generic)
{
	ldns_buffer *lb;
	size_t start = out->len, at;
	int r;

	*generic = false;
	r = text_head(out, rr);
	if (r != 0 || ldns_rr_is_question(rr)) {
		goto out;
	}
	lb = ldns_buffer_new(256);
	if (lb == NULL) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	at = out->len;
	r = text_fields(out, lb, rr);
	ldns_buffer_free(lb);
	if (r == DNSTK_EINPUT || ldns_rr_rd_count(rr) == 0) {
		dnstk_buf_truncate(out, at);
		*generic = true;
		r = text_generic_rdata(out, rr);
	}
out:
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		r = r == DNSTK_EINPUT ? r : DNSTK_ENOMEM;
	}
	return r;
}

int
dnstk_text_rr(struct dnstk_buf *out, const ldns_rr *rr)
{
	bool generic;

	return text_rr_any(out, rr, &generic);
}

/*
 * ldns accepts wire records that its presentation form cannot carry back
 * (rdata shorter than the type's fields, unsorted NSEC bitmaps, RRSIG times
 * outside the serial-arithmetic window print as another date).  Render a
 * record, read the text back with ldns, and when the wire bytes differ
 * print the RFC 3597 generic form instead, which always round-trips.
 */
/*
 * Records whose ldns text form reads back unchanged whenever all their
 * fields are present and of the right size (names are escaped by
 * esc_name): the common types, which then skip the read-back check.
 * The fuzz round-trip oracle keeps this list honest.
 */
static bool
text_known_faithful(const ldns_rr *rr)
{
	size_t n = ldns_rr_rd_count(rr), i;

	switch (ldns_rr_get_type(rr)) {
	case LDNS_RR_TYPE_A:
		return n == 1 && ldns_rdf_size(ldns_rr_rdf(rr, 0)) == 4;
	case LDNS_RR_TYPE_AAAA:
		return n == 1 && ldns_rdf_size(ldns_rr_rdf(rr, 0)) == 16;
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_PTR:
	case LDNS_RR_TYPE_DNAME:
		return n == 1 && ldns_rdf_get_type(ldns_rr_rdf(rr, 0)) ==
		    LDNS_RDF_TYPE_DNAME;
	case LDNS_RR_TYPE_MX:
		return n == 2 && ldns_rdf_size(ldns_rr_rdf(rr, 0)) == 2 &&
		    ldns_rdf_get_type(ldns_rr_rdf(rr, 1)) ==
		    LDNS_RDF_TYPE_DNAME;
	case LDNS_RR_TYPE_SRV:
		return n == 4 && ldns_rdf_size(ldns_rr_rdf(rr, 0)) == 2 &&
		    ldns_rdf_size(ldns_rr_rdf(rr, 1)) == 2 &&
		    ldns_rdf_size(ldns_rr_rdf(rr, 2)) == 2 &&
		    ldns_rdf_get_type(ldns_rr_rdf(rr, 3)) ==
		    LDNS_RDF_TYPE_DNAME;
	case LDNS_RR_TYPE_SOA:
		if (n != 7) {
			return false;
		}
		for (i = 2; i < 7; i++) {
			if (ldns_rdf_size(ldns_rr_rdf(rr, i)) != 4) {
				return false;
			}
		}
		return true;
	case LDNS_RR_TYPE_TXT:
		if (n == 0) {
			return false;
		}
		for (i = 0; i < n; i++) {
			if (ldns_rdf_get_type(ldns_rr_rdf(rr, i)) !=
			    LDNS_RDF_TYPE_STR) {
				return false;
			}
		}
		return true;
	default:
		return false;
	}
}

/*
 * Does the text of `rr` at out->data + start read back with ldns into the
 * same wire bytes?  1 yes, 0 no, DNSTK_ENOMEM.  Only the part after the
 * owner is checked, which ldns cannot read back when its text is over 255
 * characters (our reader can): it is read under the root name.
 */
static int
text_reads_back(const struct dnstk_buf *out, size_t start, const ldns_rr *rr)
{
	struct dnstk_buf a, b;
	ldns_rr *back = NULL;
	size_t off = strcspn(out->data + start, "\t");
	char *rdata;
	int r = 0, i;

	dnstk_buf_init(&a);
	dnstk_buf_init(&b);
	if (dnstk_buf_addc(&a, '.') != 0 ||
	    dnstk_buf_adds(&a, out->data + start + off) != 0) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	/* ldns prints some unknown fields as "\# len hex" in the middle of
	 * typed rdata, which no reader takes as presentation form.  The
	 * rdata starts after the fourth tab (owner TTL class type). */
	rdata = a.data;
	for (i = 0; i < 4 && rdata != NULL; i++) {
		rdata = strchr(rdata, '\t');
		rdata = rdata != NULL ? rdata + 1 : NULL;
	}
	if (rdata == NULL || strstr(rdata + 1, "\\# ") != NULL ||
	    ldns_rr_new_frm_str(&back, a.data, 0, NULL, NULL) !=
	    LDNS_STATUS_OK) {
		goto out;
	}
	dnstk_buf_reset(&a);
	off = ldns_rdf_size(ldns_rr_owner(rr));
	if (dnstk_wire_rr(&a, rr, false) != 0 ||
	    dnstk_wire_rr(&b, back, false) != 0) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	r = a.len - off == b.len - 1 &&
	    memcmp(a.data + off, b.data + 1, b.len - 1) == 0;
out:
	ldns_rr_free(back);
	dnstk_buf_release(&a);
	dnstk_buf_release(&b);
	return r;
}

int
dnstk_text_rr_checked(struct dnstk_buf *out, const ldns_rr *rr,
    bool *generic)
{
	size_t start = out->len, at;
	int r, i;

	r = text_rr_any(out, rr, generic);
	if (r != 0 || *generic || ldns_rr_is_question(rr) ||
	    text_known_faithful(rr)) {
		return r;
	}
	r = text_reads_back(out, start, rr);
	if (r == 1) {
		return 0;
	}
	if (r == 0) {
		/* keep owner, TTL, class and type: after the fourth tab */
		at = start;
		for (i = 0; i < 4; i++) {
			at += strcspn(out->data + at, "\t") + 1;
		}
		dnstk_buf_truncate(out, at);
		*generic = true;
		r = text_generic_rdata(out, rr);
	}
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		r = DNSTK_ENOMEM;
	}
	return r;
}

int
dnstk_text_rdata(struct dnstk_buf *out, const ldns_rr *rr)
{
	ldns_buffer *lb = ldns_buffer_new(256);
	size_t start = out->len;
	int r;

	if (lb == NULL) {
		return DNSTK_ENOMEM;
	}
	r = text_fields(out, lb, rr);
	ldns_buffer_free(lb);
	if (r == DNSTK_EINPUT) {
		dnstk_buf_truncate(out, start);
		r = text_generic_rdata(out, rr);
	}
	return dnstk_buf_done(out, start, r);
}

/* ---- the fast path: text straight from wire records ----------------- */

/* Is rdata of `len` bytes a whole sequence of character-strings? */
static bool
strings_ok(const uint8_t *rd, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		pos += 1u + rd[pos];
	}
	return len > 0 && pos == len;
}

/* The mnemonic of a type the fast path renders, or NULL. */
static const char *
fast_type(uint16_t type, const uint8_t *rd, size_t rdlen)
{
	switch (type) {
	case LDNS_RR_TYPE_A:
		return rdlen == 4 ? "A" : NULL;
	case LDNS_RR_TYPE_AAAA:
		return rdlen == 16 ? "AAAA" : NULL;
	case LDNS_RR_TYPE_NS:
		return name_ok(rd, rdlen) ? "NS" : NULL;
	case LDNS_RR_TYPE_CNAME:
		return name_ok(rd, rdlen) ? "CNAME" : NULL;
	case LDNS_RR_TYPE_PTR:
		return name_ok(rd, rdlen) ? "PTR" : NULL;
	case LDNS_RR_TYPE_DNAME:
		return name_ok(rd, rdlen) ? "DNAME" : NULL;
	case LDNS_RR_TYPE_MX:
		return rdlen >= 3 && name_ok(rd + 2, rdlen - 2) ? "MX" : NULL;
	case LDNS_RR_TYPE_TXT:
		return strings_ok(rd, rdlen) ? "TXT" : NULL;
	default:
		return NULL;
	}
}

/* Write the rdata of a record fast_type() accepted at `p`. */
static char *
fast_rdata(char *p, uint16_t type, const uint8_t *rd, size_t rdlen, bool low)
{
	size_t pos;

	switch (type) {
	case LDNS_RR_TYPE_A:
		inet_ntop(AF_INET, rd, p, 16);
		return p + strlen(p);
	case LDNS_RR_TYPE_AAAA:
		inet_ntop(AF_INET6, rd, p, 46);
		return p + strlen(p);
	case LDNS_RR_TYPE_MX:
		p = esc_uint(p, (uint32_t)(rd[0] << 8 | rd[1]));
		*p++ = ' ';
		return esc_name(p, rd + 2, rdlen - 2, low);
	case LDNS_RR_TYPE_TXT:
		for (pos = 0; pos < rdlen; pos += 1u + rd[pos]) {
			if (pos > 0) {
				*p++ = ' ';
			}
			p = esc_str(p, rd + pos + 1, rd[pos]);
		}
		return p;
	default:
		return esc_name(p, rd, rdlen, low);
	}
}

int
dnstk_text_rr_wire(struct dnstk_buf *out, const uint8_t *w, size_t len,
    size_t owner_len, uint32_t ttl, bool lower)
{
	const uint8_t *rd;
	const char *tname;
	size_t rdlen;
	uint16_t type;
	char *p;

	if (owner_len + 10 > len || !name_ok(w, owner_len) ||
	    (w[owner_len + 2] << 8 | w[owner_len + 3]) != LDNS_RR_CLASS_IN) {
		return 0;
	}
	type = (uint16_t)(w[owner_len] << 8 | w[owner_len + 1]);
	rd = w + owner_len + 10;
	rdlen = len - owner_len - 10;
	if ((size_t)(w[owner_len + 8] << 8 | w[owner_len + 9]) != rdlen ||
	    (tname = fast_type(type, rd, rdlen)) == NULL) {
		return 0;
	}
	/* names at most 4 bytes of text per wire byte */
	if (dnstk_buf_grow(out, 4u * len + 64) != 0) {
		return DNSTK_ENOMEM;
	}
	p = out->data + out->len;
	p = esc_name(p, w, owner_len, lower);
	*p++ = '\t';
	p = esc_uint(p, ttl);
	memcpy(p, "\tIN\t", 4);
	p += 4;
	memcpy(p, tname, strlen(tname));
	p += strlen(tname);
	*p++ = '\t';
	p = fast_rdata(p, type, rd, rdlen, lower);
	*p++ = '\n';
	out->len = (size_t)(p - out->data);
	out->data[out->len] = '\0';
	return 1;
}
