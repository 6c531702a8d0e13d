/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stream readers.  ldns parses single records (ldns_rr_new_frm_str,
 * ldns_wire2rr); ldns has no reader for a dig-style message block or for
 * JSON, so those are here, along with line tracking for SOURCE:LINE.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/edns_opt.h"
#include "in/reader.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/num.h"

int
dnstk_reader_init(struct dnstk_reader *r, FILE *fp, const char *source,
    enum dnstk_form form)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	snprintf(r->source, sizeof(r->source), "%s", source);
	r->is_stdin = strcmp(source, "stdin") == 0;
	r->form = form;
	r->default_ttl = 3600;
	dnstk_buf_init(&r->joined);
	r->cap = 256;
	r->buf = malloc(r->cap);
	r->origin = ldns_dname_new_frm_str(".");
	if (r->buf == NULL || r->origin == NULL) {
		dnstk_reader_release(r);
		return DNSTK_ENOMEM;
	}
	r->buf[0] = '\0';
	return 0;
}

void
dnstk_reader_release(struct dnstk_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	ldns_rdf_deep_free(r->origin);
	ldns_rdf_deep_free(r->prev);
	r->origin = NULL;
	r->prev = NULL;
	dnstk_buf_release(&r->joined);
}

static int
rerr(struct dnstk_reader *r, struct dnstk_err *err, unsigned long line,
    const char *fmt, const char *arg)
{
	return dnstk_err_set(err, DNSTK_EINPUT, r->source, line, fmt, arg);
}

/*
 * Read one line into r->buf without its newline (and a CR before it).
 * Returns 1, 0 at the end, or an error for NUL bytes, over-long lines and
 * read errors.
 */
static int
next_line(struct dnstk_reader *r, struct dnstk_err *err)
{
	size_t n = 0;
	char *p;
	int c;

	if (r->pushed) {
		r->pushed = false;
		return 1;
	}
	if (r->eof) {
		return 0;
	}
	for (;;) {
		c = getc_unlocked(r->fp);
		if (c == EOF || c == '\n') {
			break;
		}
		if (c == '\0') {
			r->line++;
			return dnstk_err_set(err, DNSTK_EINPUT, r->source,
			    r->line, "NUL byte in input");
		}
		if (n + 1 >= r->cap) {
			if (r->cap >= DNSTK_LINE_MAX) {
				r->line++;
				return dnstk_err_set(err, DNSTK_EINPUT,
				    r->source, r->line,
				    "line longer than %d bytes",
				    DNSTK_LINE_MAX);
			}
			p = realloc(r->buf, r->cap * 2);
			if (p == NULL) {
				return dnstk_err_set(err, DNSTK_ENOMEM,
				    r->source, r->line + 1, "out of memory");
			}
			r->buf = p;
			r->cap *= 2;
		}
		r->buf[n++] = (char)c;
	}
	if (c == EOF) {
		if (ferror(r->fp)) {
			return dnstk_err_set(err, -EIO, r->source, 0,
			    "read error: %s", strerror(errno));
		}
		r->eof = true;
		if (n == 0) {
			return 0;
		}
	}
	if (n > 0 && r->buf[n - 1] == '\r') {
		n--;
	}
	r->buf[n] = '\0';
	r->len = n;
	r->line++;
	return 1;
}

static void
push_back(struct dnstk_reader *r)
{
	r->pushed = true;
}

static bool
blank(const char *s)
{
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	return *s == '\0';
}

/* Is the line (with '#' comments cut off) only hex digits and blanks? */
static bool
hex_line(const char *s)
{
	bool digit = false;

	for (; *s != '\0' && *s != '#'; s++) {
		if (isxdigit((unsigned char)*s)) {
			digit = true;
		} else if (*s != ' ' && *s != '\t') {
			return false;
		}
	}
	return digit;
}

/* Find the first significant line and decide the stream's form. */
static int
detect(struct dnstk_reader *r, struct dnstk_err *err)
{
	const char *s;
	int rc;

	while ((rc = next_line(r, err)) == 1) {
		s = r->buf;
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (*s == '\0' || *s == '#') {
			continue;
		}
		if (*s == '{') {
			r->form = DNSTK_FORM_JSON;
		} else if (hex_line(s)) {
			r->form = DNSTK_FORM_HEX;
		} else {
			r->form = DNSTK_FORM_TEXT;
		}
		push_back(r);
		return 1;
	}
	return rc;
}

/* Next hex unit as bytes in `out`; 1, 0 at the end, or an error. */
static int
hex_unit(struct dnstk_reader *r, struct dnstk_buf *out, struct dnstk_err *err)
{
	const char *s;
	int rc, hi = -1, v;
	uint8_t b;
	char bad[2] = { '\0', '\0' };

	while ((rc = next_line(r, err)) == 1) {
		dnstk_buf_reset(out);
		hi = -1;
		for (s = r->buf; *s != '\0' && *s != '#'; s++) {
			if (*s == ' ' || *s == '\t') {
				continue;
			}
			v = dnstk_hexval((unsigned char)*s);
			if (v < 0) {
				bad[0] = isprint((unsigned char)*s) ? *s : '?';
				return rerr(r, err, r->line,
				    "'%s' is not a hex digit", bad);
			}
			if (hi < 0) {
				hi = v;
				continue;
			}
			b = (uint8_t)(hi << 4 | v);
			hi = -1;
			if (out->len >= DNSTK_MSG_MAX) {
				return rerr(r, err, r->line,
				    "unit longer than 65535 bytes%s", "");
			}
			if (dnstk_buf_add(out, &b, 1) != 0) {
				return dnstk_err_set(err, DNSTK_ENOMEM,
				    r->source, r->line, "out of memory");
			}
		}
		if (hi >= 0) {
			return rerr(r, err, r->line,
			    "odd number of hex digits%s", "");
		}
		if (out->len > 0) {
			r->unit_line = r->line;
			return 1;
		}
	}
	return rc;
}

/* Next JSON line parsed; 1, 0 at the end, or an error. */
static int
json_unit(struct dnstk_reader *r, struct dnstk_json **out,
    struct dnstk_err *err)
{
	const char *why = NULL;
	int rc;

	while ((rc = next_line(r, err)) == 1) {
		if (blank(r->buf)) {
			continue;
		}
		r->unit_line = r->line;
		rc = dnstk_json_parse(out, r->buf, r->len, &why);
		if (rc == DNSTK_ENOMEM) {
			return dnstk_err_set(err, rc, r->source, r->line,
			    "out of memory");
		}
		if (rc != 0) {
			return rerr(r, err, r->line, "bad JSON: %s", why);
		}
		if ((*out)->type != DNSTK_JSON_OBJECT) {
			dnstk_json_free(*out);
			*out = NULL;
			return rerr(r, err, r->line,
			    "a JSON unit must be an object%s", "");
		}
		return 1;
	}
	return rc;
}

/*
 * ldns_get_rr_type_by_name() and _class_by_name() return 0 for "unknown",
 * so TYPE0 and CLASS0, which the wire form allows, need a word of their
 * own.  Both return true with *out set when `s` names a type / class.
 */
static bool
type_by_name(const char *s, ldns_rr_type *out)
{
	*out = ldns_get_rr_type_by_name(s);
	/* ldns takes TYPEnnnnn past 65535 and keeps the overflowed number */
	return (*out != 0 || strcasecmp(s, "TYPE0") == 0) &&
	    (unsigned)*out <= 65535;
}

static bool
class_by_name(const char *s, ldns_rr_class *out)
{
	*out = ldns_get_rr_class_by_name(s);
	return (*out != 0 || strcasecmp(s, "CLASS0") == 0) &&
	    (unsigned)*out <= 65535;
}

/* ---- JSON to messages and records ------------------------------------ */

static bool
json_uint(const struct dnstk_json *v, unsigned long long max,
    unsigned long long *out)
{
	if (v == NULL || v->type != DNSTK_JSON_NUMBER || !v->is_integer ||
	    v->integer < 0 || (unsigned long long)v->integer > max) {
		return false;
	}
	*out = (unsigned long long)v->integer;
	return true;
}

/* A flag member: true/false or 0/1; absent means false. */
static int
json_flag(const struct dnstk_json *obj, const char *key, bool *out)
{
	const struct dnstk_json *v = dnstk_json_get(obj, key);
	unsigned long long n;

	*out = false;
	if (v == NULL) {
		return 0;
	}
	if (v->type == DNSTK_JSON_BOOL) {
		*out = v->boolean;
		return 0;
	}
	if (json_uint(v, 1, &n)) {
		*out = n != 0;
		return 0;
	}
	return DNSTK_EINPUT;
}

static int
json_hex(struct dnstk_buf *out, const struct dnstk_json *v)
{
	size_t i;
	int hi, lo;
	uint8_t b;

	if (v->type != DNSTK_JSON_STRING || v->len % 2 != 0) {
		return DNSTK_EINPUT;
	}
	for (i = 0; i < v->len; i += 2) {
		hi = dnstk_hexval((unsigned char)v->str[i]);
		lo = dnstk_hexval((unsigned char)v->str[i + 1]);
		if (hi < 0 || lo < 0) {
			return DNSTK_EINPUT;
		}
		b = (uint8_t)(hi << 4 | lo);
		if (dnstk_buf_add(out, &b, 1) != 0) {
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

static int
json_type_class(const struct dnstk_json *v, ldns_rr_type *type,
    ldns_rr_class *cls, const char **why)
{
	const struct dnstk_json *t = dnstk_json_get(v, "TYPE");
	const struct dnstk_json *tn = dnstk_json_get(v, "TYPEname");
	const struct dnstk_json *c = dnstk_json_get(v, "CLASS");
	const struct dnstk_json *cn = dnstk_json_get(v, "CLASSname");
	unsigned long long n;

	if (t != NULL) {
		if (!json_uint(t, 65535, &n)) {
			*why = "TYPE is not a number from 0 to 65535";
			return DNSTK_EINPUT;
		}
		*type = (ldns_rr_type)n;
	} else if (tn != NULL && tn->type == DNSTK_JSON_STRING) {
		if (!type_by_name(tn->str, type)) {
			*why = "unknown TYPEname";
			return DNSTK_EINPUT;
		}
	} else {
		*why = "record has no TYPE";
		return DNSTK_EINPUT;
	}
	*cls = LDNS_RR_CLASS_IN;
	if (c != NULL) {
		if (!json_uint(c, 65535, &n)) {
			*why = "CLASS is not a number from 0 to 65535";
			return DNSTK_EINPUT;
		}
		*cls = (ldns_rr_class)n;
	} else if (cn != NULL && cn->type == DNSTK_JSON_STRING) {
		if (!class_by_name(cn->str, cls)) {
			*why = "unknown CLASSname";
			return DNSTK_EINPUT;
		}
	}
	return 0;
}

int
dnstk_rr_from_json(ldns_rr **out, const struct dnstk_json *v, bool question,
    const char **why)
{
	const struct dnstk_json *name = dnstk_json_get(v, "NAME");
	const struct dnstk_json *ttl = dnstk_json_get(v, "TTL");
	const struct dnstk_json *hex = dnstk_json_get(v, "RDATAHEX");
	const struct dnstk_json *rd = NULL;
	struct dnstk_buf w, t;
	ldns_rdf *owner = NULL;
	ldns_rr *rr = NULL;
	ldns_rr_type type;
	ldns_rr_class cls;
	unsigned long long ttlv = 0;
	size_t pos = 0, i;
	int rc;

	dnstk_buf_init(&w);
	dnstk_buf_init(&t);
	if (v == NULL || v->type != DNSTK_JSON_OBJECT) {
		*why = "a record must be a JSON object";
		return DNSTK_EINPUT;
	}
	if (name == NULL || name->type != DNSTK_JSON_STRING ||
	    strlen(name->str) != name->len) {
		*why = "record has no NAME string";
		return DNSTK_EINPUT;
	}
	rc = json_type_class(v, &type, &cls, why);
	if (rc != 0) {
		return rc;
	}
	if (ldns_str2rdf_dname(&owner, name->str) != LDNS_STATUS_OK) {
		*why = "NAME is not a domain name";
		return DNSTK_EINPUT;
	}
	if (!question) {
		if (!json_uint(ttl, UINT32_MAX, &ttlv)) {
			*why = "TTL is not a number from 0 to 4294967295";
			rc = DNSTK_EINPUT;
			goto out;
		}
		if (hex == NULL) {
			/* rdata<TYPE> in presentation form. */
			for (i = 0; i < v->count; i++) {
				if (strncmp(v->keys[i], "rdata", 5) == 0 &&
				    v->items[i]->type == DNSTK_JSON_STRING) {
					rd = v->items[i];
					break;
				}
			}
			if (rd == NULL) {
				*why = "record has neither RDATAHEX nor rdata";
				rc = DNSTK_EINPUT;
				goto out;
			}
		}
	}
	if (question) {
		rr = ldns_rr_new();
		if (rr == NULL) {
			rc = DNSTK_ENOMEM;
			goto out;
		}
		ldns_rr_set_owner(rr, owner);
		owner = NULL;
		ldns_rr_set_type(rr, type);
		ldns_rr_set_class(rr, cls);
		ldns_rr_set_question(rr, true);
	} else if (hex != NULL) {
		uint8_t f[10];

		rc = dnstk_buf_add(&w, ldns_rdf_data(owner),
		    ldns_rdf_size(owner));
		f[0] = (uint8_t)(type >> 8);
		f[1] = (uint8_t)type;
		f[2] = (uint8_t)(cls >> 8);
		f[3] = (uint8_t)cls;
		f[4] = (uint8_t)(ttlv >> 24);
		f[5] = (uint8_t)(ttlv >> 16);
		f[6] = (uint8_t)(ttlv >> 8);
		f[7] = (uint8_t)ttlv;
		if (rc != 0 || dnstk_buf_add(&w, f, 10) != 0) {
			rc = DNSTK_ENOMEM;
			goto out;
		}
		rc = json_hex(&w, hex);
		if (rc == DNSTK_EINPUT || (rc == 0 && w.len -
		    ldns_rdf_size(owner) - 10 > 65535)) {
			*why = "RDATAHEX is not hex or is too long";
			rc = DNSTK_EINPUT;
			goto out;
		}
		if (rc != 0) {
			goto out;
		}
		i = w.len - ldns_rdf_size(owner) - 10;
		w.data[ldns_rdf_size(owner) + 8] = (char)(i >> 8);
		w.data[ldns_rdf_size(owner) + 9] = (char)i;
		if (ldns_wire2rr(&rr, (uint8_t *)w.data, w.len, &pos,
		    LDNS_SECTION_ANSWER) != LDNS_STATUS_OK || pos != w.len) {
			ldns_rr_free(rr);
			rr = NULL;
			*why = "RDATAHEX is not valid rdata for the TYPE";
			rc = DNSTK_EINPUT;
			goto out;
		}
	} else {
		rc = dnstk_buf_addf(&t, "%s %llu CLASS%u TYPE%u %s", name->str,
		    ttlv, (unsigned)cls, (unsigned)type, rd->str);
		if (rc != 0) {
			goto out;
		}
		if (strlen(rd->str) != rd->len || ldns_rr_new_frm_str(&rr,
		    t.data, 0, NULL, NULL) != LDNS_STATUS_OK) {
			/* TYPEn with presentation rdata is not what ldns
			 * reads: try the mnemonic form too. */
			dnstk_buf_reset(&t);
			rc = dnstk_buf_addf(&t, "%s %llu ", name->str, ttlv);
			rc |= dnstk_class_name(&t, cls);
			rc |= dnstk_buf_addc(&t, ' ');
			rc |= dnstk_type_name(&t, type);
			rc |= dnstk_buf_addf(&t, " %s", rd->str);
			if (rc != 0) {
				goto out;
			}
			if (strlen(rd->str) != rd->len ||
			    ldns_rr_new_frm_str(&rr, t.data, 0, NULL, NULL) !=
			    LDNS_STATUS_OK) {
				*why = "rdata is not valid for the TYPE";
				rc = DNSTK_EINPUT;
				goto out;
			}
		}
	}
	*out = rr;
	rc = 0;
out:
	ldns_rdf_deep_free(owner);
	dnstk_buf_release(&w);
	dnstk_buf_release(&t);
	return rc;
}

static int
json_rr_array(struct dnstk_msg *m, const struct dnstk_json *obj,
    const char *key, enum dnstk_section sec, const char **why)
{
	const struct dnstk_json *a = dnstk_json_get(obj, key);
	ldns_rr *rr = NULL;
	size_t i;
	int rc;

	if (a == NULL) {
		return 0;
	}
	if (a->type != DNSTK_JSON_ARRAY) {
		*why = "a section member must be an array";
		return DNSTK_EINPUT;
	}
	if (a->count > 65535) {
		*why = "too many records in a section";
		return DNSTK_EINPUT;
	}
	for (i = 0; i < a->count; i++) {
		rc = dnstk_rr_from_json(&rr, a->items[i],
		    sec == DNSTK_SEC_QUESTION, why);
		if (rc != 0) {
			return rc;
		}
		if (dnstk_msg_push(m, sec, rr) != 0) {
			ldns_rr_free(rr);
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

static int
json_edns(struct dnstk_msg *m, const struct dnstk_json *e,
    unsigned *ext_rcode, const char **why)
{
	const struct dnstk_json *opts = dnstk_json_get(e, "options");
	const struct dnstk_json *o, *trail;
	struct dnstk_edns ed;
	struct dnstk_buf w;
	unsigned long long n;
	size_t i, start;
	bool dobit;
	int rc = 0;

	memset(&ed, 0, sizeof(ed));
	dnstk_buf_init(&w);
	ed.present = true;
	ed.udp_size = 512;
	if (e->type != DNSTK_JSON_OBJECT) {
		*why = "EDNS must be an object";
		return DNSTK_EINPUT;
	}
	if (dnstk_json_get(e, "udpSize") != NULL) {
		if (!json_uint(dnstk_json_get(e, "udpSize"), 65535, &n)) {
			*why = "EDNS udpSize is not a number up to 65535";
			return DNSTK_EINPUT;
		}
		ed.udp_size = (uint16_t)n;
	}
	if (dnstk_json_get(e, "version") != NULL) {
		if (!json_uint(dnstk_json_get(e, "version"), 255, &n)) {
			*why = "EDNS version is not a number up to 255";
			return DNSTK_EINPUT;
		}
		ed.version = (uint8_t)n;
	}
	if (dnstk_json_get(e, "extendedRCODE") != NULL) {
		if (!json_uint(dnstk_json_get(e, "extendedRCODE"), 255, &n)) {
			*why = "EDNS extendedRCODE is not a number up to 255";
			return DNSTK_EINPUT;
		}
		*ext_rcode = (unsigned)n;
	}
	if (dnstk_json_get(e, "flags") != NULL) {
		if (!json_uint(dnstk_json_get(e, "flags"), 65535, &n)) {
			*why = "EDNS flags is not a number up to 65535";
			return DNSTK_EINPUT;
		}
		ed.flags = (uint16_t)n;
	} else {
		if (json_flag(e, "DO", &dobit) != 0) {
			*why = "EDNS DO is not a boolean";
			return DNSTK_EINPUT;
		}
		ed.flags = dobit ? DNSTK_EDNS_DO : 0;
	}
	if (opts != NULL && opts->type != DNSTK_JSON_ARRAY) {
		*why = "EDNS options must be an array";
		return DNSTK_EINPUT;
	}
	for (i = 0; opts != NULL && i < opts->count; i++) {
		uint8_t hdr[4];

		o = opts->items[i];
		if (!json_uint(dnstk_json_get(o, "code"), 65535, &n) ||
		    dnstk_json_get(o, "data") == NULL) {
			*why = "an EDNS option needs code and data";
			rc = DNSTK_EINPUT;
			goto out;
		}
		hdr[0] = (uint8_t)(n >> 8);
		hdr[1] = (uint8_t)n;
		start = w.len;
		rc = dnstk_buf_add(&w, hdr, 4);
		if (rc != 0) {
			goto out;
		}
		rc = json_hex(&w, dnstk_json_get(o, "data"));
		if (rc == DNSTK_EINPUT || (rc == 0 &&
		    w.len - start - 4 > 65535)) {
			*why = "EDNS option data is not hex";
			rc = DNSTK_EINPUT;
			goto out;
		}
		if (rc != 0) {
			goto out;
		}
		w.data[start + 2] = (char)((w.len - start - 4) >> 8);
		w.data[start + 3] = (char)(w.len - start - 4);
	}
	trail = dnstk_json_get(e, "trailingHEX");
	if (trail != NULL && (rc = json_hex(&w, trail)) != 0) {
		if (rc == DNSTK_EINPUT) {
			*why = "EDNS trailingHEX is not hex";
		}
		goto out;
	}
	if (w.len > 65535) {
		*why = "EDNS options too long";
		rc = DNSTK_EINPUT;
		goto out;
	}
	ed.options = (const uint8_t *)w.data;
	ed.options_len = w.len;
	rc = dnstk_msg_add_edns(m, &ed);
out:
	dnstk_buf_release(&w);
	return rc;
}

int
dnstk_msg_from_json(struct dnstk_msg **out, const struct dnstk_json *v,
    const char **why)
{
	static const struct {
		const char *name;
		uint16_t bit;
	} flags[] = {
		{ "QR", DNSTK_FLAG_QR }, { "AA", DNSTK_FLAG_AA },
		{ "TC", DNSTK_FLAG_TC }, { "RD", DNSTK_FLAG_RD },
		{ "RA", DNSTK_FLAG_RA }, { "Z", DNSTK_FLAG_Z },
		{ "AD", DNSTK_FLAG_AD }, { "CD", DNSTK_FLAG_CD },
	};
	static const char *const secs[] = {
		"questionRRs", "answerRRs", "authorityRRs", "additionalRRs",
	};
	const struct dnstk_json *e;
	struct dnstk_msg *m;
	unsigned long long n;
	unsigned ext = 0;
	size_t i;
	bool b;
	int rc = 0;

	m = dnstk_msg_new();
	if (m == NULL) {
		return DNSTK_ENOMEM;
	}
	if (!json_uint(dnstk_json_get(v, "ID"), 65535, &n)) {
		*why = "message has no ID from 0 to 65535";
		rc = DNSTK_EINPUT;
		goto out;
	}
	m->id = (uint16_t)n;
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (json_flag(v, flags[i].name, &b) != 0) {
			*why = "a header flag is not a boolean";
			rc = DNSTK_EINPUT;
			goto out;
		}
		if (b) {
			m->flags |= flags[i].bit;
		}
	}
	n = 0;
	if (dnstk_json_get(v, "Opcode") != NULL &&
	    !json_uint(dnstk_json_get(v, "Opcode"), 15, &n)) {
		*why = "Opcode is not a number from 0 to 15";
		rc = DNSTK_EINPUT;
		goto out;
	}
	m->flags |= (uint16_t)(n << 11);
	n = 0;
	if (dnstk_json_get(v, "RCODE") != NULL &&
	    !json_uint(dnstk_json_get(v, "RCODE"), 15, &n)) {
		*why = "RCODE is not a number from 0 to 15";
		rc = DNSTK_EINPUT;
		goto out;
	}
	m->flags |= (uint16_t)n;
	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		rc = json_rr_array(m, v, secs[i], (enum dnstk_section)i, why);
		if (rc != 0) {
			goto out;
		}
	}
	e = dnstk_json_get(v, "EDNS");
	if (e != NULL) {
		rc = json_edns(m, e, &ext, why);
		if (rc != 0) {
			goto out;
		}
		rc = dnstk_msg_set_rcode(m, (ext << 4) | (m->flags & 0xfu));
		if (rc != 0) {
			goto out;
		}
	}
	dnstk_msg_touch(m);
	*out = m;
	m = NULL;
out:
	dnstk_msg_free(m);
	if (rc == DNSTK_ENOMEM) {
		*why = "out of memory";
	}
	return rc;
}

/* ---- text ------------------------------------------------------------ */

/*
 * Gather one logical master-file entry starting with the line in r->buf:
 * strip ';' comments outside quotes and join lines while parentheses are
 * open.  The result is in r->joined.
 */
static int
join_entry(struct dnstk_reader *r, struct dnstk_err *err)
{
	unsigned long first = r->line;
	bool quote = false;
	int depth = 0, rc;
	const char *p, *end;
	size_t n;

	dnstk_buf_reset(&r->joined);
	for (;;) {
		/* Copy whole runs of ordinary characters: this is the hot
		 * path of every text reader (a zone of a million lines). */
		p = r->buf;
		end = r->buf + r->len;
		while (p < end) {
			n = strcspn(p, "\\\";()");
			if (n > (size_t)(end - p)) {
				n = (size_t)(end - p);
			}
			if (n > 0 && dnstk_buf_add(&r->joined, p, n) != 0) {
				goto nomem;
			}
			p += n;
			if (p >= end) {
				break;
			}
			if (*p == '\\') {
				n = p + 1 < end ? 2 : 1;
				if (dnstk_buf_add(&r->joined, p, n) != 0) {
					goto nomem;
				}
				p += n;
				continue;
			}
			if (*p == '"') {
				quote = !quote;
			} else if (!quote && *p == ';') {
				break;
			} else if (!quote && *p == '(') {
				depth++;
			} else if (!quote && *p == ')' && --depth < 0) {
				return rerr(r, err, r->line,
				    "')' without '('%s", "");
			}
			if (dnstk_buf_addc(&r->joined, *p) != 0) {
				goto nomem;
			}
			p++;
		}
		if (quote) {
			return rerr(r, err, r->line,
			    "unterminated quoted string%s", "");
		}
		if (depth == 0) {
			return 0;
		}
		if (dnstk_buf_addc(&r->joined, ' ') != 0) {
			goto nomem;
		}
		rc = next_line(r, err);
		if (rc < 0) {
			return rc;
		}
		if (rc == 0) {
			return rerr(r, err, first, "'(' is never closed%s", "");
		}
	}
nomem:
	return dnstk_err_set(err, DNSTK_ENOMEM, r->source, r->line,
	    "out of memory");
}

/*
 * ldns reports an unknown type mnemonic as a bad rdata; find the type
 * field (after the owner and an optional TTL and class, in either order)
 * to say what is really wrong.  True with `out` set when it is unknown.
 */
static bool
unknown_type(const char *text, char *out, size_t size)
{
	char tok[4][64];
	ldns_rr_class cls;
	ldns_rr_type type;
	int n, i, k = 0;

	n = sscanf(text, "%63s %63s %63s %63s", tok[0], tok[1], tok[2],
	    tok[3]);
	/* An entry starting with a blank has no owner field. */
	i = (text[0] == ' ' || text[0] == '\t') ? 0 : 1;
	for (; i < n && k < 2; i++, k++) {
		if (tok[i][0] >= '0' && tok[i][0] <= '9') {
			continue;	/* a TTL */
		}
		if (class_by_name(tok[i], &cls)) {
			continue;
		}
		break;
	}
	if (i >= n || type_by_name(tok[i], &type)) {
		return false;
	}
	snprintf(out, size, "%s", tok[i]);
	return true;
}

/* Describe an ldns parse failure of a record. */
static int
rr_error(struct dnstk_reader *r, struct dnstk_err *err, unsigned long line,
    ldns_status st, const char *text)
{
	char what[48];
	size_t n = 0;

	while (text[n] == ' ' || text[n] == '\t') {
		text++;
	}
	while (text[n] != '\0' && text[n] != ' ' && text[n] != '\t' &&
	    n + 1 < sizeof(what)) {
		what[n] = text[n];
		n++;
	}
	what[n] = '\0';
	if (unknown_type(text, what, sizeof(what))) {
		return dnstk_err_set(err, DNSTK_EINPUT, r->source, line,
		    "unknown record type '%s'", what);
	}
	return dnstk_err_set(err, DNSTK_EINPUT, r->source, line,
	    "cannot parse record '%s': %s", what,
	    ldns_get_errorstr_by_id(st));
}

/*
 * RFC 1035 §5.1 allows "owner class TTL type"; ldns 1.8 reads only "owner
 * TTL class type".  Swap the two fields, which start at offset `at`.
 */
static void
class_ttl_order(struct dnstk_buf *b, size_t at)
{
	char *c = b->data + at, *ce, *t, *te, save;
	ldns_rr_class cls;
	struct dnstk_buf o;

	c += strspn(c, " \t");
	ce = c + strcspn(c, " \t");
	t = ce + strspn(ce, " \t");
	te = t + strcspn(t, " \t");
	if (ce == c || te == t || !(*t >= '0' && *t <= '9')) {
		return;
	}
	save = *ce;
	*ce = '\0';
	if (!class_by_name(c, &cls)) {
		*ce = save;
		return;
	}
	*ce = save;
	dnstk_buf_init(&o);
	if (dnstk_buf_add(&o, b->data, (size_t)(c - b->data)) == 0 &&
	    dnstk_buf_add(&o, t, (size_t)(te - t)) == 0 &&
	    dnstk_buf_addc(&o, ' ') == 0 &&
	    dnstk_buf_add(&o, c, (size_t)(ce - c)) == 0 &&
	    dnstk_buf_adds(&o, te) == 0) {
		dnstk_buf_reset(b);
		if (dnstk_buf_add(b, o.data, o.len) != 0) {
			dnstk_buf_reset(b);
		}
	}
	dnstk_buf_release(&o);
}

/*
 * ldns cannot read CLASS0 or TYPE0 (its lookups use 0 for "unknown"), yet
 * both can be on the wire and we print them.  Swap them in the text for a
 * stand-in ldns reads the same way (CLASS1; an unassigned type, whose
 * rdata is the RFC 3597 generic form) and return which were swapped (bit 0
 * class, bit 1 type) so the caller can set the real values.
 */
static int
zero_class_type(struct dnstk_buf *b)
{
	char *p = b->data, *tok, *end;
	struct dnstk_buf t;
	int found = 0, i;
	size_t off;

	/* Owner (unless the entry starts with a blank), then at most a TTL,
	 * a class and the type. */
	if (*p != ' ' && *p != '\t') {
		p += strcspn(p, " \t");
	}
	off = (size_t)(p - b->data);
	class_ttl_order(b, off);
	p = b->data + off;	/* same length: the owner ends where it did */
	for (i = 0; i < 3; i++) {
		tok = p + strspn(p, " \t");
		end = tok + strcspn(tok, " \t");
		if (end - tok == 6 && strncasecmp(tok, "CLASS0", 6) == 0) {
			tok[5] = '1';
			found |= 1;
		} else if (end - tok == 5 && strncasecmp(tok, "TYPE0", 5) == 0) {
			off = (size_t)(tok - b->data);
			dnstk_buf_init(&t);
			if (dnstk_buf_add(&t, b->data, off) == 0 &&
			    dnstk_buf_adds(&t, "TYPE65534") == 0 &&
			    dnstk_buf_adds(&t, end) == 0) {
				dnstk_buf_reset(b);
				if (dnstk_buf_add(b, t.data, t.len) == 0) {
					found |= 2;
				}
			}
			dnstk_buf_release(&t);
			break;
		}
		p = end;
	}
	return found;
}

/* Parse r->joined as one record into *out. */
static int
parse_joined(struct dnstk_reader *r, ldns_rr **out, unsigned long line,
    struct dnstk_err *err)
{
	uint32_t ttl = r->have_ttl ? r->default_ttl : r->last_ttl != 0 ?
	    r->last_ttl : 3600;
	ldns_status st;
	ldns_rr *rr = NULL;
	ldns_rdf *owner = NULL, *rel = NULL;
	int zero = zero_class_type(&r->joined);	/* may reallocate */
	const char *text = r->joined.data;
	char *p = r->joined.data, save;
	size_t n;

	/*
	 * ldns reads the owner into a 255-character buffer, but a legal
	 * 255-octet name written with \DDD escapes is up to 1000 characters.
	 * Parse a long owner here and give ldns "@" with it as the origin.
	 */
	n = strcspn(p, " \t");
	if (p[0] != ' ' && p[0] != '\t' && n > 250) {
		save = p[n];
		p[n] = '\0';
		if (ldns_str2rdf_dname(&owner, p) != LDNS_STATUS_OK) {
			p[n] = save;
			return dnstk_err_set(err, DNSTK_EINPUT, r->source, line,
			    "bad owner name");
		}
		if (!ldns_dname_str_absolute(p)) {
			rel = owner;
			owner = ldns_dname_cat_clone(rel, r->origin);
			ldns_rdf_deep_free(rel);
			if (owner == NULL) {
				p[n] = save;
				return dnstk_err_set(err, DNSTK_EINPUT,
				    r->source, line, "owner name too long");
			}
		}
		p[n] = save;
		p[n - 1] = '@';
		text = p + n - 1;
	}
	st = ldns_rr_new_frm_str(&rr, text, ttl, owner != NULL ? owner :
	    r->origin, &r->prev);
	ldns_rdf_deep_free(owner);
	if (st != LDNS_STATUS_OK) {
		return rr_error(r, err, line, st, r->joined.data);
	}
	if ((unsigned)ldns_rr_get_type(rr) > 65535 ||
	    (unsigned)ldns_rr_get_class(rr) > 65535) {
		ldns_rr_free(rr);
		return dnstk_err_set(err, DNSTK_EINPUT, r->source, line,
		    "type or class number over 65535");
	}
	if (zero & 1) {
		ldns_rr_set_class(rr, (ldns_rr_class)0);
	}
	if (zero & 2) {
		ldns_rr_set_type(rr, (ldns_rr_type)0);
	}
	r->last_ttl = ldns_rr_ttl(rr);
	*out = rr;
	return 0;
}

static int
directive(struct dnstk_reader *r, const char *s, struct dnstk_err *err)
{
	char word[16], arg[1100];
	ldns_rdf *o = NULL;
	long long ttl;
	const char *why;
	int n = 0;

	if (sscanf(s, "%15s", word) != 1) {
		return rerr(r, err, r->line, "bad directive '%s'", s);
	}
	if (strcasecmp(word, "$INCLUDE") == 0) {
		goto include;
	}
	if (strcasecmp(word, "$ORIGIN") != 0 && strcasecmp(word, "$TTL") != 0) {
		return rerr(r, err, r->line, "unknown directive '%s'", word);
	}
	if (sscanf(s, "%15s %1099s %n", word, arg, &n) < 2 || s[n] != '\0') {
		return rerr(r, err, r->line, "bad directive '%s'", s);
	}
	if (strcasecmp(word, "$ORIGIN") == 0) {
		if (ldns_str2rdf_dname(&o, arg) != LDNS_STATUS_OK ||
		    !ldns_dname_str_absolute(arg)) {
			ldns_rdf_deep_free(o);
			return rerr(r, err, r->line,
			    "$ORIGIN '%s' is not an absolute name", arg);
		}
		ldns_rdf_deep_free(r->origin);
		r->origin = o;
		return 0;
	}
	if (strcasecmp(word, "$TTL") == 0) {
		ttl = (long long)ldns_str2period(arg, &why);
		if (*why != '\0' || ttl < 0 || ttl > (long long)UINT32_MAX) {
			return rerr(r, err, r->line, "bad $TTL '%s'", arg);
		}
		r->default_ttl = (uint32_t)ttl;
		r->have_ttl = true;
		return 0;
	}
	return rerr(r, err, r->line, "unknown directive '%s'", word);
include:
	return rerr(r, err, r->line, "$INCLUDE is refused %s",
	    r->is_stdin ? "on stdin" : "(give the files as operands)");
}

static int
text_rr(struct dnstk_reader *r, ldns_rr **out, struct dnstk_err *err)
{
	unsigned long first;
	const char *s;
	int rc;

	while ((rc = next_line(r, err)) == 1) {
		first = r->line;
		rc = join_entry(r, err);
		if (rc != 0) {
			return rc;
		}
		s = r->joined.data;
		if (blank(s)) {
			continue;
		}
		if (s[0] == '$') {
			rc = directive(r, s, err);
			if (rc != 0) {
				return rc;
			}
			continue;
		}
		r->unit_line = first;
		rc = parse_joined(r, out, first, err);
		return rc == 0 ? 1 : rc;
	}
	return rc;
}

/* ---- dig-style message blocks ---------------------------------------- */

enum text_state {
	ST_NONE = -1,
	ST_OPT = -2,
};

static const struct {
	const char *marker;
	int state;
} markers[] = {
	{ ";; OPT PSEUDOSECTION:", ST_OPT },
	{ ";; QUESTION SECTION:", DNSTK_SEC_QUESTION },
	{ ";; ZONE SECTION:", DNSTK_SEC_QUESTION },
	{ ";; ANSWER SECTION:", DNSTK_SEC_ANSWER },
	{ ";; PREREQUISITE SECTION:", DNSTK_SEC_ANSWER },
	{ ";; AUTHORITY SECTION:", DNSTK_SEC_AUTHORITY },
	{ ";; UPDATE SECTION:", DNSTK_SEC_AUTHORITY },
	{ ";; ADDITIONAL SECTION:", DNSTK_SEC_ADDITIONAL },
};

static int
marker_state(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		if (strncmp(s, markers[i].marker,
		    strlen(markers[i].marker)) == 0) {
			return markers[i].state;
		}
	}
	return ST_NONE;
}

#define HEADER_MARK ";; ->>HEADER<<-"

/* A name or RESERVEDn/OPCODEn/RCODEn/plain number, up to `max`. */
static int
code_value(const char *s, int (*byname)(const char *), unsigned max)
{
	const char *why;
	long long n;
	int v = byname(s);

	if (v >= 0) {
		return v;
	}
	if (strncasecmp(s, "RESERVED", 8) == 0) {
		s += 8;
	} else if (strncasecmp(s, "OPCODE", 6) == 0) {
		s += 6;
	} else if (strncasecmp(s, "RCODE", 5) == 0) {
		s += 5;
	}
	if (dnstk_strtonum(&n, s, 0, max, &why) != 0) {
		return -1;
	}
	return (int)n;
}

static int
parse_header(struct dnstk_reader *r, struct dnstk_msg *m, unsigned *rcode,
    struct dnstk_err *err)
{
	char op[32], st[32];
	unsigned long id;
	int o, rc, n = 0;

	if (sscanf(r->buf, ";; ->>HEADER<<- opcode: %31[^,], status: %31[^,]"
	    ", id: %lu%n", op, st, &id, &n) != 3 || n == 0 ||
	    !blank(r->buf + n) || id > 65535) {
		return rerr(r, err, r->line, "bad message header line%s", "");
	}
	o = code_value(op, dnstk_opcode_from_name, 15);
	if (o < 0) {
		return rerr(r, err, r->line, "unknown opcode '%s'", op);
	}
	rc = code_value(st, dnstk_rcode_from_name, 4095);
	if (rc < 0) {
		return rerr(r, err, r->line, "unknown status '%s'", st);
	}
	m->id = (uint16_t)id;
	m->flags = (uint16_t)(o << 11);
	*rcode = (unsigned)rc;
	return 0;
}

static int
parse_flags(struct dnstk_reader *r, struct dnstk_msg *m, struct dnstk_err *err)
{
	static const struct {
		const char *name;
		uint16_t bit;
	} names[] = {
		{ "qr", DNSTK_FLAG_QR }, { "aa", DNSTK_FLAG_AA },
		{ "tc", DNSTK_FLAG_TC }, { "rd", DNSTK_FLAG_RD },
		{ "ra", DNSTK_FLAG_RA }, { "z", DNSTK_FLAG_Z },
		{ "ad", DNSTK_FLAG_AD }, { "cd", DNSTK_FLAG_CD },
	};
	char *p = r->buf + strlen(";; flags:"), *end, *tok, *save = NULL;
	size_t i;

	end = strchr(p, ';');
	if (end == NULL) {
		return rerr(r, err, r->line, "bad flags line%s", "");
	}
	*end = '\0';
	m->flags &= (uint16_t)~0x87f0u;
	for (tok = strtok_r(p, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strcmp(tok, names[i].name) == 0) {
				m->flags |= names[i].bit;
				break;
			}
		}
		if (i == sizeof(names) / sizeof(names[0])) {
			return rerr(r, err, r->line, "unknown flag '%s'", tok);
		}
	}
	return 0;
}

/* "; EDNS: version: 0, flags: do; MBZ: 0x0004, udp: 1232" */
static int
parse_edns_line(struct dnstk_reader *r, struct dnstk_edns *e,
    struct dnstk_err *err)
{
	const char *s = r->buf + strlen("; EDNS:");
	const char *why;
	char word[32];
	long long n;
	int k;

	e->present = true;
	e->flags = 0;
	while (*s != '\0') {
		while (*s == ' ' || *s == ',' || *s == ';' || *s == '\t') {
			s++;
		}
		if (*s == '\0') {
			break;
		}
		if (strncmp(s, "version:", 8) == 0) {
			if (sscanf(s + 8, " %31[0-9]%n", word, &k) != 1 ||
			    dnstk_strtonum(&n, word, 0, 255, &why) != 0) {
				goto bad;
			}
			e->version = (uint8_t)n;
			s += 8 + k;
		} else if (strncmp(s, "udp:", 4) == 0) {
			if (sscanf(s + 4, " %31[0-9]%n", word, &k) != 1 ||
			    dnstk_strtonum(&n, word, 0, 65535, &why) != 0) {
				goto bad;
			}
			e->udp_size = (uint16_t)n;
			s += 4 + k;
		} else if (strncmp(s, "MBZ:", 4) == 0) {
			unsigned long v;
			char *end;

			s += 4;
			while (*s == ' ') {
				s++;
			}
			v = strtoul(s, &end, 16);
			if (end == s || v > 0xffff) {
				goto bad;
			}
			e->flags |= (uint16_t)(v & ~(unsigned long)
			    DNSTK_EDNS_DO);
			s = end;
		} else if (strncmp(s, "flags:", 6) == 0) {
			s += 6;
			for (;;) {
				while (*s == ' ') {
					s++;
				}
				if (strncmp(s, "do", 2) == 0 &&
				    (s[2] == ' ' || s[2] == ';' ||
				    s[2] == ',' || s[2] == '\0')) {
					e->flags |= DNSTK_EDNS_DO;
					s += 2;
				} else {
					break;
				}
			}
			if (*s != ';' && *s != ',' && *s != '\0') {
				goto bad;
			}
		} else {
			goto bad;
		}
	}
	return 0;
bad:
	return rerr(r, err, r->line, "bad EDNS line%s", "");
}

static int
parse_question(struct dnstk_reader *r, struct dnstk_msg *m,
    struct dnstk_err *err)
{
	char *tok[4], *save = NULL, *p = r->buf + 1;
	ldns_rdf *owner = NULL;
	ldns_rr *rr;
	ldns_rr_type type;
	ldns_rr_class cls = LDNS_RR_CLASS_IN;
	int n = 0;

	for (tok[n] = strtok_r(p, " \t", &save); tok[n] != NULL && n < 3;
	    tok[n] = strtok_r(NULL, " \t", &save)) {
		n++;
	}
	if (n < 2 || (n == 3 && tok[3] != NULL)) {
		return rerr(r, err, r->line,
		    "question is not ';NAME [CLASS] TYPE'%s", "");
	}
	if (n == 3 && !class_by_name(tok[1], &cls)) {
		return rerr(r, err, r->line, "unknown class '%s'", tok[1]);
	}
	if (!type_by_name(tok[n - 1], &type)) {
		return rerr(r, err, r->line, "unknown type '%s'", tok[n - 1]);
	}
	if (ldns_str2rdf_dname(&owner, tok[0]) != LDNS_STATUS_OK) {
		return rerr(r, err, r->line, "bad question name '%s'", tok[0]);
	}
	if (!ldns_dname_str_absolute(tok[0])) {
		ldns_rdf_deep_free(owner);
		return rerr(r, err, r->line,
		    "question name '%s' is not fully qualified", tok[0]);
	}
	rr = ldns_rr_new();
	if (rr == NULL) {
		ldns_rdf_deep_free(owner);
		return DNSTK_ENOMEM;
	}
	ldns_rr_set_owner(rr, owner);
	ldns_rr_set_type(rr, type);
	ldns_rr_set_class(rr, cls);
	ldns_rr_set_question(rr, true);
	if (dnstk_msg_push(m, DNSTK_SEC_QUESTION, rr) != 0) {
		ldns_rr_free(rr);
		return DNSTK_ENOMEM;
	}
	return 0;
}

/* Read lines up to the next message header; 1 when found, 0 at end. */
static int
find_header(struct dnstk_reader *r, struct dnstk_err *err)
{
	const char *s;
	int rc;

	while ((rc = next_line(r, err)) == 1) {
		s = r->buf;
		if (strncmp(s, HEADER_MARK, strlen(HEADER_MARK)) == 0) {
			return 1;
		}
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (*s == '\0' || *s == ';') {
			continue;	/* dig's banners and comments */
		}
		return rerr(r, err, r->line, "expected a message header "
		    "';; ->>HEADER<<-'%s", "");
	}
	return rc;
}

static int
text_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err)
{
	struct dnstk_msg *m = NULL;
	struct dnstk_edns e;
	struct dnstk_buf opts;
	const char *why = "";
	ldns_rr *rr;
	unsigned rcode = 0;
	unsigned long line;
	int rc, state = ST_NONE, st;

	rc = find_header(r, err);
	if (rc <= 0) {
		return rc;
	}
	dnstk_buf_init(&opts);
	memset(&e, 0, sizeof(e));
	r->unit_line = r->line;
	m = dnstk_msg_new();
	if (m == NULL) {
		return DNSTK_ENOMEM;
	}
	rc = parse_header(r, m, &rcode, err);
	while (rc == 0) {
		rc = next_line(r, err);
		if (rc <= 0) {
			break;
		}
		rc = 0;
		if (blank(r->buf)) {
			/* A blank line ends the block unless a section
			 * marker follows (dig puts blank lines between
			 * sections). */
			while ((rc = next_line(r, err)) == 1 &&
			    blank(r->buf)) {
				;
			}
			if (rc <= 0) {
				break;
			}
			if (marker_state(r->buf) == ST_NONE) {
				push_back(r);
				rc = 0;
				break;
			}
			rc = 0;
		}
		if (strncmp(r->buf, HEADER_MARK, strlen(HEADER_MARK)) == 0) {
			push_back(r);
			rc = 0;
			break;
		}
		if (strncmp(r->buf, ";; flags:", 9) == 0) {
			rc = parse_flags(r, m, err);
			continue;
		}
		st = marker_state(r->buf);
		if (st != ST_NONE) {
			state = st;
			continue;
		}
		if (r->buf[0] == ';' && r->buf[1] == ';') {
			continue;	/* dig's comment lines */
		}
		if (r->buf[0] == ';') {
			if (state == ST_OPT) {
				if (strncmp(r->buf, "; EDNS:", 7) == 0) {
					rc = parse_edns_line(r, &e, err);
				} else if (strncmp(r->buf, "; TRAILING:", 11)
				    == 0) {
					rc = dnstk_opt_hex_from_text(&opts,
					    r->buf + 11, &why);
					if (rc == DNSTK_EINPUT) {
						rc = rerr(r, err, r->line,
						    "%s", why);
					}
				} else if ((rc = dnstk_edns_option_from_text(
				    &opts, r->buf + 2, &why)) != 0) {
					rc = rc == DNSTK_ENOMEM ? rc : rerr(r,
					    err, r->line, "bad EDNS option: %s",
					    why);
				}
			} else if (state == DNSTK_SEC_QUESTION) {
				rc = parse_question(r, m, err);
			}
			continue;
		}
		if (state < DNSTK_SEC_ANSWER) {
			rc = rerr(r, err, r->line, "record outside an "
			    "answer, authority or additional section%s", "");
			break;
		}
		line = r->line;
		rc = join_entry(r, err);
		if (rc == 0 && !blank(r->joined.data)) {
			rr = NULL;
			rc = parse_joined(r, &rr, line, err);
			if (rc == 0 && dnstk_msg_push(m,
			    (enum dnstk_section)state, rr) != 0) {
				ldns_rr_free(rr);
				rc = DNSTK_ENOMEM;
			}
		}
	}
	if (rc < 0) {
		goto out;
	}
	if (opts.len > 0 && !e.present) {
		rc = rerr(r, err, r->line, "EDNS options without an "
		    "'; EDNS:' line%s", "");
		goto out;
	}
	if (opts.len > 65535) {
		rc = rerr(r, err, r->line, "EDNS options too long%s", "");
		goto out;
	}
	if (e.present) {
		e.options = (const uint8_t *)opts.data;
		e.options_len = opts.len;
		if (dnstk_msg_add_edns(m, &e) != 0) {
			rc = DNSTK_ENOMEM;
			goto out;
		}
	}
	rc = dnstk_msg_set_rcode(m, rcode);
	if (rc == DNSTK_EINPUT) {
		rc = dnstk_err_set(err, DNSTK_EINPUT, r->source, r->unit_line,
		    "status %u needs an OPT record (EDNS)", rcode);
	}
	if (rc != 0) {
		goto out;
	}
	dnstk_msg_touch(m);
	*out = m;
	m = NULL;
	rc = 1;
out:
	if (rc == DNSTK_ENOMEM) {
		dnstk_err_set(err, rc, r->source, r->line, "out of memory");
	}
	dnstk_buf_release(&opts);
	dnstk_msg_free(m);
	return rc;
}

/* ---- entry points ---------------------------------------------------- */

int
dnstk_reader_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err)
{
	struct dnstk_buf w;
	struct dnstk_json *j = NULL;
	const char *why = "";
	int rc;

	if (r->form == DNSTK_FORM_AUTO) {
		rc = detect(r, err);
		if (rc <= 0) {
			return rc;
		}
	}
	switch (r->form) {
	case DNSTK_FORM_HEX:
		dnstk_buf_init(&w);
		rc = hex_unit(r, &w, err);
		if (rc == 1) {
			rc = dnstk_msg_from_wire(out, (uint8_t *)w.data, w.len,
			    err);
			if (rc != 0) {
				snprintf(err->source, sizeof(err->source),
				    "%s", r->source);
				err->line = r->unit_line;
			} else {
				rc = 1;
			}
		}
		dnstk_buf_release(&w);
		return rc;
	case DNSTK_FORM_JSON:
		rc = json_unit(r, &j, err);
		if (rc == 1) {
			rc = dnstk_msg_from_json(out, j, &why);
			if (rc != 0) {
				dnstk_err_set(err, rc, r->source, r->unit_line,
				    "%s", why);
			} else {
				rc = 1;
			}
		}
		dnstk_json_free(j);
		return rc;
	default:
		return text_msg(r, out, err);
	}
}

int
dnstk_reader_rr(struct dnstk_reader *r, ldns_rr **out, struct dnstk_err *err)
{
	struct dnstk_buf w;
	struct dnstk_json *j = NULL;
	const char *why = "";
	size_t pos = 0;
	ldns_status st;
	int rc;

	if (r->form == DNSTK_FORM_AUTO) {
		rc = detect(r, err);
		if (rc <= 0) {
			return rc;
		}
	}
	switch (r->form) {
	case DNSTK_FORM_HEX:
		dnstk_buf_init(&w);
		rc = hex_unit(r, &w, err);
		if (rc == 1) {
			st = ldns_wire2rr(out, (uint8_t *)w.data, w.len, &pos,
			    LDNS_SECTION_ANSWER);
			if (st != LDNS_STATUS_OK) {
				rc = dnstk_err_set(err, DNSTK_EINPUT,
				    r->source, r->unit_line,
				    "bad wire record: %s",
				    ldns_get_errorstr_by_id(st));
			} else if (pos != w.len) {
				ldns_rr_free(*out);
				*out = NULL;
				rc = dnstk_err_set(err, DNSTK_EINPUT,
				    r->source, r->unit_line,
				    "%zu bytes after the record", w.len - pos);
			}
		}
		dnstk_buf_release(&w);
		return rc;
	case DNSTK_FORM_JSON:
		rc = json_unit(r, &j, err);
		if (rc == 1) {
			rc = dnstk_rr_from_json(out, j, false, &why);
			if (rc != 0) {
				dnstk_err_set(err, rc, r->source, r->unit_line,
				    "%s", why);
			} else {
				rc = 1;
			}
		}
		dnstk_json_free(j);
		return rc;
	default:
		return text_rr(r, out, err);
	}
}
