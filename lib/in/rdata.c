/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Records from their parts: an owner, TTL, class and type the caller has
 * parsed, and rdata from its own parser.  Presentation rdata goes to
 * ldns behind a fixed prefix of our own, so nothing in it can become an
 * owner, a TTL or a type; what ldns would truncate (rdata text past
 * 65,534 characters) or read loosely (RFC 3597 `\#` data) is read here.
 */
#include <stdlib.h>
#include <string.h>

#include "in/reader_int.h"
#include "util/num.h"

/* ldns reads at most this many characters of rdata and drops the rest. */
#define LDNS_RDATA_TEXT_MAX 65000

const char dnstk_in_too_long[] = "rdata too long";

/* Fill in what the caller parsed; takes `owner`. */
static void
set_parts(ldns_rr *rr, ldns_rdf *owner, uint32_t ttl, ldns_rr_class cls,
    ldns_rr_type type)
{
	ldns_rdf_deep_free(ldns_rr_owner(rr));
	ldns_rr_set_owner(rr, owner);
	ldns_rr_set_ttl(rr, ttl);
	ldns_rr_set_class(rr, cls);
	ldns_rr_set_type(rr, type);
	ldns_rr_set_question(rr, false);
}

int
dnstk_in_question(ldns_rr **out, ldns_rdf *owner, ldns_rr_class cls,
    ldns_rr_type type)
{
	ldns_rr *rr = ldns_rr_new();

	if (rr == NULL) {
		ldns_rdf_deep_free(owner);
		return DNSTK_ENOMEM;
	}
	ldns_rr_set_owner(rr, owner);
	ldns_rr_set_type(rr, type);
	ldns_rr_set_class(rr, cls);
	ldns_rr_set_question(rr, true);
	*out = rr;
	return 0;
}

int
dnstk_in_rr_wire(ldns_rr **out, ldns_rdf *owner, uint32_t ttl,
    ldns_rr_class cls, ldns_rr_type type, const uint8_t *rd, size_t rdlen,
    const char **why)
{
	struct dnstk_buf w;
	ldns_buffer *back = NULL;
	ldns_rr *rr = NULL;
	uint8_t f[10] = { (uint8_t)(type >> 8), (uint8_t)type,
	    (uint8_t)(cls >> 8), (uint8_t)cls, (uint8_t)(ttl >> 24),
	    (uint8_t)(ttl >> 16), (uint8_t)(ttl >> 8), (uint8_t)ttl,
	    (uint8_t)(rdlen >> 8), (uint8_t)rdlen };
	size_t pos = 0;
	ldns_status st;
	int rc = DNSTK_ENOMEM;

	dnstk_buf_init(&w);
	if (rdlen > 65535) {
		*why = dnstk_in_too_long;
		rc = DNSTK_EINPUT;
		goto out;
	}
	/* The root as owner: the caller's owner is set afterwards. */
	if (dnstk_buf_add(&w, "", 1) != 0 || dnstk_buf_add(&w, f, 10) != 0 ||
	    dnstk_buf_add(&w, rd, rdlen) != 0 ||
	    (back = ldns_buffer_new(rdlen + 16)) == NULL) {
		goto out;
	}
	st = dnstk_wire2rr(&rr, (uint8_t *)w.data, w.len, &pos,
	    LDNS_SECTION_ANSWER);
	if (st == LDNS_STATUS_MEM_ERR) {
		goto out;
	}
	rc = DNSTK_EINPUT;
	*why = "rdata is not valid for the type";
	if (st != LDNS_STATUS_OK || pos != w.len) {
		goto out;
	}
	/* ldns drops bytes past the fields of known types: refuse those. */
	st = ldns_rr_rdata2buffer_wire(back, rr);
	if (st == LDNS_STATUS_MEM_ERR) {
		rc = DNSTK_ENOMEM;
		goto out;
	}
	if (st != LDNS_STATUS_OK || ldns_buffer_position(back) != rdlen ||
	    memcmp(ldns_buffer_begin(back), rd, rdlen) != 0) {
		goto out;
	}
	set_parts(rr, owner, ttl, cls, type);
	owner = NULL;
	*out = rr;
	rr = NULL;
	rc = 0;
out:
	ldns_rr_free(rr);
	ldns_buffer_free(back);
	ldns_rdf_deep_free(owner);
	dnstk_buf_release(&w);
	return rc;
}

/* RFC 3597 `\# LEN HEX`: read in full, never through ldns's buffer. */
static int
generic(ldns_rr **out, ldns_rdf *owner, uint32_t ttl, ldns_rr_class cls,
    ldns_rr_type type, const char *text, const char **why)
{
	enum dnstk_hex_fault fault;
	struct dnstk_buf d;
	char num[8];
	long long len;
	size_t n, at;
	int rc;

	text += 2;
	text += strspn(text, " \t");
	n = strcspn(text, " \t");
	*why = "bad RFC 3597 rdata (\\# LENGTH HEX)";
	if (n == 0 || n >= sizeof(num)) {
		ldns_rdf_deep_free(owner);
		return DNSTK_EINPUT;
	}
	memcpy(num, text, n);
	num[n] = '\0';
	if (dnstk_strtonum(&len, num, 0, 65535, why) != 0) {
		*why = "bad RFC 3597 rdata length";
		ldns_rdf_deep_free(owner);
		return DNSTK_EINPUT;
	}
	text += n;
	dnstk_buf_init(&d);
	rc = dnstk_hex_append(&d, text, strlen(text), DNSTK_HEX_BLANKS, 65535,
	    &fault, &at);
	if (rc == 0 && d.len != (size_t)len) {
		*why = "RFC 3597 rdata length does not match its data";
		rc = DNSTK_EINPUT;
	} else if (rc == DNSTK_EINPUT) {
		*why = "RFC 3597 rdata is not hex";
	}
	if (rc != 0) {
		ldns_rdf_deep_free(owner);
	} else {
		rc = dnstk_in_rr_wire(out, owner, ttl, cls, type,
		    (const uint8_t *)d.data, d.len, why);
	}
	dnstk_buf_release(&d);
	return rc;
}

/* Add `f` to the growing array *v of *n (capacity *cap); 0 or ENOMEM. */
static int
field_add(ldns_rdf ***v, size_t *n, size_t *cap, ldns_rdf *f)
{
	ldns_rdf **p;

	if (*n == *cap) {
		p = realloc(*v, (*cap = *cap * 2 + 16) * sizeof(**v));
		if (p == NULL) {
			return DNSTK_ENOMEM;
		}
		*v = p;
	}
	(*v)[(*n)++] = f;
	return 0;
}

/* The next character-string of `p` into `tok`; NULL when it is bad. */
static const char *
next_string(const char *p, char *tok)
{
	size_t n = 0;
	bool q = *p == '"';

	p += q;
	for (; *p != '\0' && (q ? *p != '"' : (*p != ' ' && *p != '\t'));
	    p++) {
		if (*p == '\\' && p[1] != '\0') {
			tok[n++] = *p++;
		}
		tok[n++] = *p;
	}
	tok[n] = '\0';
	if (q && *p++ != '"') {
		return NULL;
	}
	return p;
}

/* Character-strings of a long TXT / SPF rdata, one rdf each. */
static int
long_strings(ldns_rr *rr, const char *text, const char **why)
{
	char *tok = malloc(strlen(text) + 1);
	ldns_rdf **v = NULL, *rdf;
	size_t n = 0, cap = 0, total = 0;
	ldns_status st;
	int rc = 0;

	*why = "Syntax error, could not parse the RR's rdata";
	while (tok != NULL && rc == 0 && *(text += strspn(text, " \t")) !=
	    '\0') {
		text = next_string(text, tok);
		rc = DNSTK_EINPUT;
		st = text == NULL ? LDNS_STATUS_SYNTAX_ERR :
		    ldns_str2rdf_str(&rdf, tok);
		if (st != LDNS_STATUS_OK) {
			rc = st == LDNS_STATUS_MEM_ERR ? DNSTK_ENOMEM : rc;
			break;
		}
		total += ldns_rdf_size(rdf);
		rc = total > 65535 ? DNSTK_EINPUT :
		    field_add(&v, &n, &cap, rdf);
		*why = total > 65535 ? dnstk_in_too_long : *why;
		if (rc != 0) {
			ldns_rdf_deep_free(rdf);
		}
	}
	rc = tok == NULL ? DNSTK_ENOMEM : rc;
	if (rc == 0) {
		dnstk_rr_take_fields(rr, v, n);
		v = NULL;
		n = 0;
	}
	while (n > 0) {
		ldns_rdf_deep_free(v[--n]);
	}
	free(v);
	free(tok);
	return rc;
}

/* Rdata text past what ldns reads in full. */
static int
long_rdata(ldns_rr **out, ldns_rdf *owner, uint32_t ttl, ldns_rr_class cls,
    ldns_rr_type type, const char *text, const char **why)
{
	ldns_rr *rr;
	int rc;

	if (type != LDNS_RR_TYPE_TXT && type != LDNS_RR_TYPE_SPF) {
		ldns_rdf_deep_free(owner);
		*why = dnstk_in_too_long;
		return DNSTK_EINPUT;
	}
	rr = ldns_rr_new();
	if (rr == NULL) {
		ldns_rdf_deep_free(owner);
		return DNSTK_ENOMEM;
	}
	set_parts(rr, owner, ttl, cls, type);
	rc = long_strings(rr, text, why);
	if (rc != 0) {
		ldns_rr_free(rr);
		return rc;
	}
	*out = rr;
	return 0;
}

int
dnstk_in_rr_text(ldns_rr **out, ldns_rdf *owner, uint32_t ttl,
    ldns_rr_class cls, ldns_rr_type type, const char *text,
    ldns_rdf *origin, const char **why)
{
	struct dnstk_buf line;
	ldns_rr *rr = NULL;
	ldns_status st;
	char *tname;
	int rc;

	text += strspn(text, " \t");
	if (text[0] == '\\' && text[1] == '#' && (text[2] == '\0' ||
	    text[2] == ' ' || text[2] == '\t')) {
		return generic(out, owner, ttl, cls, type, text, why);
	}
	/* Past ldns's limit, and for TXT / SPF of more than a few strings
	 * (ldns adds fields one at a time: quadratic), read here. */
	if (strlen(text) > LDNS_RDATA_TEXT_MAX || (strlen(text) > 4096 &&
	    (type == LDNS_RR_TYPE_TXT || type == LDNS_RR_TYPE_SPF))) {
		return long_rdata(out, owner, ttl, cls, type, text, why);
	}
	*why = ldns_get_errorstr_by_id(LDNS_STATUS_SYNTAX_RDATA_ERR);
	if (type == 0) {
		ldns_rdf_deep_free(owner);
		return DNSTK_EINPUT;	/* TYPE0 has only the generic form */
	}
	tname = ldns_rr_type2str(type);
	dnstk_buf_init(&line);
	/* Our own owner, TTL and class: the rdata cannot reach them. */
	rc = tname == NULL || dnstk_buf_addf(&line, ". 0 IN %s %s", tname,
	    text) != 0 ? DNSTK_ENOMEM : 0;
	free(tname);
	if (rc == 0) {
		st = ldns_rr_new_frm_str(&rr, line.data, 0, origin, NULL);
		if (st != LDNS_STATUS_OK || ldns_rr_get_type(rr) != type) {
			*why = ldns_get_errorstr_by_id(st != LDNS_STATUS_OK ?
			    st : LDNS_STATUS_SYNTAX_RDATA_ERR);
			ldns_rr_free(rr);
			rc = st == LDNS_STATUS_MEM_ERR ? DNSTK_ENOMEM :
			    DNSTK_EINPUT;
		}
	}
	dnstk_buf_release(&line);
	if (rc != 0) {
		ldns_rdf_deep_free(owner);
		return rc;
	}
	set_parts(rr, owner, ttl, cls, type);
	*out = rr;
	return 0;
}
