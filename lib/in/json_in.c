/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The JSON stream form: RFC 8427 objects to messages and records.  Every
 * record is built from its members (owner from NAME alone, rdata from its
 * own parser), never from one master-file line pasted together.
 */
#include <stdlib.h>
#include <string.h>

#include "in/reader.h"
#include "in/reader_int.h"
#include "util/json.h"
#include "util/num.h"

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

/* How json_code() reads TYPE or CLASS. */
struct code_member {
	const char *key, *name_key;	/* "TYPE", "TYPEname" */
	const char *bad_num, *bad_name;	/* what *why says */
	bool is_type;	/* mnemonics by dnstk_in_type, else dnstk_in_class */
};

/*
 * The code in member m->key (a number to 65535), else in m->name_key (a
 * mnemonic).  1 with *out set, 0 when neither is there, DNSTK_EINPUT.
 */
static int
json_code(const struct dnstk_json *v, const struct code_member *m,
    uint16_t *out, const char **why)
{
	const struct dnstk_json *num = dnstk_json_get(v, m->key);
	const struct dnstk_json *name = dnstk_json_get(v, m->name_key);
	unsigned long long n;
	ldns_rr_type t;
	ldns_rr_class c;
	bool known;

	if (num != NULL) {
		if (!json_uint(num, 65535, &n)) {
			*why = m->bad_num;
			return DNSTK_EINPUT;
		}
		*out = (uint16_t)n;
		return 1;
	}
	if (name == NULL || name->type != DNSTK_JSON_STRING) {
		return 0;
	}
	known = m->is_type ? dnstk_in_type(name->str, &t) :
	    dnstk_in_class(name->str, &c);
	if (!known) {
		*why = m->bad_name;
		return DNSTK_EINPUT;
	}
	*out = (uint16_t)(m->is_type ? (unsigned)t : (unsigned)c);
	return 1;
}

static int
json_type_class(const struct dnstk_json *v, ldns_rr_type *type,
    ldns_rr_class *cls, const char **why)
{
	static const struct code_member tm = {
		"TYPE", "TYPEname", "TYPE is not a number from 0 to 65535",
		"unknown TYPEname", true,
	}, cm = {
		"CLASS", "CLASSname", "CLASS is not a number from 0 to 65535",
		"unknown CLASSname", false,
	};
	uint16_t t, c = LDNS_RR_CLASS_IN;
	int rc = json_code(v, &tm, &t, why);

	if (rc == 0) {
		*why = "record has no TYPE";
		rc = DNSTK_EINPUT;
	}
	if (rc < 0 || (rc = json_code(v, &cm, &c, why)) < 0) {
		return rc;
	}
	*type = (ldns_rr_type)t;
	*cls = (ldns_rr_class)c;
	return 0;
}

/* Append the hex string `v` to `out`: 0, DNSTK_EINPUT, DNSTK_ENOMEM. */
static int
json_hex(struct dnstk_buf *out, const struct dnstk_json *v)
{
	enum dnstk_hex_fault fault;
	size_t at;

	if (v->type != DNSTK_JSON_STRING) {
		return DNSTK_EINPUT;
	}
	return dnstk_hex_append(out, v->str, v->len, 0, SIZE_MAX / 4, &fault,
	    &at);
}

/*
 * No member twice in `v` (an object) or in the objects it holds.  0,
 * DNSTK_EINPUT or DNSTK_ENOMEM.
 */
static int
json_unique(const struct dnstk_json *v, const char **why)
{
	const char *dup = NULL;
	size_t i;
	int rc = 0;

	if (v->type != DNSTK_JSON_OBJECT && v->type != DNSTK_JSON_ARRAY) {
		return 0;
	}
	if (v->type == DNSTK_JSON_OBJECT) {
		rc = dnstk_json_dup_key(v, &dup);
	}
	if (rc == 0 && dup != NULL) {
		*why = "a JSON object has a member twice";
		rc = DNSTK_EINPUT;
	}
	for (i = 0; rc == 0 && i < v->count; i++) {
		rc = json_unique(v->items[i], why);
	}
	return rc;
}

/* The rdata<TYPE> member, if any. */
static const struct dnstk_json *
json_rdata(const struct dnstk_json *v)
{
	size_t i;

	for (i = 0; i < v->count; i++) {
		if (strncmp(v->keys[i], "rdata", 5) == 0 &&
		    v->items[i]->type == DNSTK_JSON_STRING) {
			return v->items[i];
		}
	}
	return NULL;
}

/*
 * Presentation rdata from JSON: one string that must be rdata alone, so
 * no line breaks or other control bytes, and no ';' outside quotes (it
 * would start a comment and drop the rest).
 */
static bool
json_rdata_clean(const struct dnstk_json *rd)
{
	bool quote = false;
	size_t i;

	for (i = 0; i < rd->len; i++) {
		if ((unsigned char)rd->str[i] < 0x20 && rd->str[i] != '\t') {
			return false;
		}
		if (rd->str[i] == '\\' && i + 1 < rd->len) {
			i++;
		} else if (rd->str[i] == '"') {
			quote = !quote;
		} else if (!quote && rd->str[i] == ';') {
			return false;
		}
	}
	return true;
}

/* The owner from NAME: a domain name in presentation form, nothing more. */
static int
json_owner(ldns_rdf **owner, const struct dnstk_json *name, const char **why)
{
	size_t i;

	*why = "NAME is not a domain name";
	for (i = 0; i < name->len; i++) {
		if ((unsigned char)name->str[i] <= ' ' ||
		    name->str[i] == 0x7f) {
			return DNSTK_EINPUT;	/* blanks are written \032 */
		}
	}
	if (ldns_str2rdf_dname(owner, name->str) != LDNS_STATUS_OK) {
		return DNSTK_EINPUT;
	}
	return 0;
}

/* The rdata of a record from RDATAHEX and / or rdata<TYPE>. */
static int
json_rr_data(ldns_rr **out, const struct dnstk_json *v, ldns_rdf *owner,
    uint32_t ttl, ldns_rr_class cls, ldns_rr_type type, const char **why)
{
	const struct dnstk_json *hex = dnstk_json_get(v, "RDATAHEX");
	const struct dnstk_json *rd = json_rdata(v);
	ldns_rdf *copy = NULL;
	ldns_rr *text = NULL;
	struct dnstk_buf w;
	int rc;

	if (rd != NULL && hex != NULL && dnstk_in_blank(rd->str)) {
		rd = NULL;	/* empty rdata has no presentation form */
	}
	if (hex == NULL && rd == NULL) {
		ldns_rdf_deep_free(owner);
		*why = "record has neither RDATAHEX nor rdata";
		return DNSTK_EINPUT;
	}
	if (rd != NULL && hex != NULL && (copy = ldns_rdf_clone(owner)) ==
	    NULL) {
		ldns_rdf_deep_free(owner);
		return DNSTK_ENOMEM;
	}
	if (rd != NULL) {
		rc = DNSTK_EINPUT;
		if (strlen(rd->str) == rd->len && json_rdata_clean(rd)) {
			rc = dnstk_in_rr_text(&text, hex != NULL ? copy : owner,
			    ttl, cls, type, rd->str, NULL, why);
		} else {
			ldns_rdf_deep_free(hex != NULL ? copy : owner);
		}
		if (rc == DNSTK_EINPUT) {
			*why = *why == dnstk_in_too_long ? *why :
			    "rdata is not valid for the TYPE";
		}
		if (rc != 0 || hex == NULL) {
			if (hex != NULL) {
				ldns_rdf_deep_free(owner);
			}
			*out = text;
			return rc;
		}
	}
	dnstk_buf_init(&w);
	rc = json_hex(&w, hex);
	if (rc == DNSTK_EINPUT || w.len > 65535) {
		ldns_rdf_deep_free(owner);
		*why = "RDATAHEX is not hex or is too long";
		rc = DNSTK_EINPUT;
	} else if (rc == 0) {
		rc = dnstk_in_rr_wire(out, owner, ttl, cls, type,
		    (const uint8_t *)w.data, w.len, why);
		if (rc == DNSTK_EINPUT) {
			*why = "RDATAHEX is not valid rdata for the TYPE";
		}
	} else {
		ldns_rdf_deep_free(owner);
	}
	dnstk_buf_release(&w);
	if (rc == 0 && text != NULL && ldns_rr_compare(*out, text) != 0) {
		ldns_rr_free(*out);
		*out = NULL;
		*why = "RDATAHEX and rdata disagree";
		rc = DNSTK_EINPUT;
	}
	ldns_rr_free(text);
	return rc;
}

/* RDLENGTH, when given, must be the length of the rdata read. */
static int
json_rdlength(const struct dnstk_json *v, const ldns_rr *rr, const char **why)
{
	const struct dnstk_json *len = dnstk_json_get(v, "RDLENGTH");
	unsigned long long n;
	size_t i, sum = 0;

	if (len == NULL) {
		return 0;
	}
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		sum += ldns_rdf_size(ldns_rr_rdf(rr, i));
	}
	if (!json_uint(len, 65535, &n) || n != sum) {
		*why = "RDLENGTH does not match the rdata";
		return DNSTK_EINPUT;
	}
	return 0;
}

int
dnstk_rr_from_json(ldns_rr **out, const struct dnstk_json *v, bool question,
    const char **why)
{
	const struct dnstk_json *name = dnstk_json_get(v, "NAME");
	ldns_rdf *owner = NULL;
	ldns_rr_type type;
	ldns_rr_class cls;
	unsigned long long ttl = 0;
	int rc;

	if (v == NULL || v->type != DNSTK_JSON_OBJECT) {
		*why = "a record must be a JSON object";
		return DNSTK_EINPUT;
	}
	rc = json_unique(v, why);
	if (rc != 0) {
		return rc;
	}
	if (name == NULL || name->type != DNSTK_JSON_STRING ||
	    strlen(name->str) != name->len) {
		*why = "record has no NAME string";
		return DNSTK_EINPUT;
	}
	rc = json_type_class(v, &type, &cls, why);
	if (rc == 0) {
		rc = json_owner(&owner, name, why);
	}
	if (rc != 0) {
		return rc;
	}
	if (question) {
		return dnstk_in_question(out, owner, cls, type);
	}
	if (!json_uint(dnstk_json_get(v, "TTL"), UINT32_MAX, &ttl)) {
		ldns_rdf_deep_free(owner);
		*why = "TTL is not a number from 0 to 4294967295";
		return DNSTK_EINPUT;
	}
	rc = json_rr_data(out, v, owner, (uint32_t)ttl, cls, type, why);
	if (rc == 0 && json_rdlength(v, *out, why) != 0) {
		ldns_rr_free(*out);
		*out = NULL;
		rc = DNSTK_EINPUT;
	}
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
		if (rc == 0) {
			rc = dnstk_msg_push(m, sec, rr);
		}
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* The options list and trailingHEX of an EDNS object, as wire bytes. */
static int
json_edns_options(struct dnstk_buf *w, const struct dnstk_json *e,
    const char **why)
{
	const struct dnstk_json *opts = dnstk_json_get(e, "options");
	const struct dnstk_json *o, *trail;
	unsigned long long n;
	size_t i, start;
	int rc = 0;

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
			return DNSTK_EINPUT;
		}
		hdr[0] = (uint8_t)(n >> 8);
		hdr[1] = (uint8_t)n;
		start = w->len;
		rc = dnstk_buf_add(w, hdr, 4);
		if (rc != 0) {
			return rc;
		}
		rc = json_hex(w, dnstk_json_get(o, "data"));
		if (rc == DNSTK_EINPUT || (rc == 0 &&
		    w->len - start - 4 > 65535)) {
			*why = "EDNS option data is not hex";
			return DNSTK_EINPUT;
		}
		if (rc != 0) {
			return rc;
		}
		w->data[start + 2] = (char)((w->len - start - 4) >> 8);
		w->data[start + 3] = (char)(w->len - start - 4);
	}
	trail = dnstk_json_get(e, "trailingHEX");
	if (trail != NULL && (rc = json_hex(w, trail)) != 0) {
		if (rc == DNSTK_EINPUT) {
			*why = "EDNS trailingHEX is not hex";
		}
		return rc;
	}
	if (w->len > 65535) {
		*why = "EDNS options too long";
		return DNSTK_EINPUT;
	}
	return 0;
}

static int
json_edns(struct dnstk_msg *m, const struct dnstk_json *e,
    unsigned *ext_rcode, const char **why)
{
	struct dnstk_edns ed;
	struct dnstk_buf w;
	unsigned long long n;
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
	rc = json_edns_options(&w, e, why);
	if (rc != 0) {
		goto out;
	}
	ed.options = (const uint8_t *)w.data;
	ed.options_len = w.len;
	rc = dnstk_msg_add_edns(m, &ed);
out:
	dnstk_buf_release(&w);
	return rc;
}

/* QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT, when given, must match. */
static int
json_counts(const struct dnstk_msg *m, const struct dnstk_json *v,
    const char **why)
{
	static const char *const names[] = {
		"QDCOUNT", "ANCOUNT", "NSCOUNT", "ARCOUNT",
	};
	static const char *const wrong[] = {
		"QDCOUNT does not match the question section",
		"ANCOUNT does not match the answer section",
		"NSCOUNT does not match the authority section",
		"ARCOUNT does not match the additional section",
	};
	const struct dnstk_json *c;
	unsigned long long n;
	int i;

	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		c = dnstk_json_get(v, names[i]);
		if (c == NULL) {
			continue;
		}
		if (!json_uint(c, 65535, &n) ||
		    n != ldns_rr_list_rr_count(m->sec[i])) {
			*why = wrong[i];
			return DNSTK_EINPUT;
		}
	}
	return 0;
}

/* ID, the header flags, Opcode and RCODE of a message object. */
static int
json_header(struct dnstk_msg *m, const struct dnstk_json *v,
    const char **why)
{
	unsigned long long n;
	size_t i;
	bool b;

	if (!json_uint(dnstk_json_get(v, "ID"), 65535, &n)) {
		*why = "message has no ID from 0 to 65535";
		return DNSTK_EINPUT;
	}
	m->id = (uint16_t)n;
	for (i = 0; i < DNSTK_FLAG_NAMES; i++) {
		if (json_flag(v, dnstk_flag_names[i].json, &b) != 0) {
			*why = "a header flag is not a boolean";
			return DNSTK_EINPUT;
		}
		m->flags |= b ? dnstk_flag_names[i].bit : 0;
	}
	n = 0;
	if (dnstk_json_get(v, "Opcode") != NULL &&
	    !json_uint(dnstk_json_get(v, "Opcode"), 15, &n)) {
		*why = "Opcode is not a number from 0 to 15";
		return DNSTK_EINPUT;
	}
	m->flags |= (uint16_t)(n << 11);
	n = 0;
	if (dnstk_json_get(v, "RCODE") != NULL &&
	    !json_uint(dnstk_json_get(v, "RCODE"), 15, &n)) {
		*why = "RCODE is not a number from 0 to 15";
		return DNSTK_EINPUT;
	}
	m->flags |= (uint16_t)n;
	return 0;
}

/* The sections, EDNS (with the extended RCODE) and the counts. */
static int
json_body(struct dnstk_msg *m, const struct dnstk_json *v, const char **why)
{
	static const char *const secs[] = {
		"questionRRs", "answerRRs", "authorityRRs", "additionalRRs",
	};
	const struct dnstk_json *e = dnstk_json_get(v, "EDNS");
	unsigned ext = 0;
	int i, rc = 0;

	for (i = 0; i < DNSTK_SEC_COUNT && rc == 0; i++) {
		rc = json_rr_array(m, v, secs[i], (enum dnstk_section)i, why);
	}
	if (rc == 0 && e != NULL) {
		rc = json_edns(m, e, &ext, why);
		if (rc == 0) {
			rc = dnstk_msg_set_rcode(m, (ext << 4) |
			    (m->flags & 0xfu));
		}
	}
	return rc != 0 ? rc : json_counts(m, v, why);
}

int
dnstk_msg_from_json(struct dnstk_msg **out, const struct dnstk_json *v,
    const char **why)
{
	struct dnstk_msg *m = NULL;
	int rc;

	rc = json_unique(v, why);
	if (rc == 0) {
		m = dnstk_msg_new();
		rc = m == NULL ? DNSTK_ENOMEM : json_header(m, v, why);
	}
	if (rc == 0) {
		rc = json_body(m, v, why);
	}
	if (rc == 0) {
		dnstk_msg_touch(m);
		*out = m;
		m = NULL;
	}
	dnstk_msg_free(m);
	if (rc == DNSTK_ENOMEM) {
		*why = "out of memory";
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

	while ((rc = dnstk_in_line(r, err)) == 1) {
		if (dnstk_in_blank(r->buf)) {
			continue;
		}
		r->unit_line = r->line;
		rc = dnstk_json_parse(out, r->buf, r->len, &why);
		if (rc == DNSTK_ENOMEM) {
			return dnstk_err_set(err, rc, r->source, r->line,
			    "out of memory");
		}
		if (rc != 0) {
			return dnstk_in_fail(r, err, r->line, "bad JSON: %s", why);
		}
		if ((*out)->type != DNSTK_JSON_OBJECT) {
			dnstk_json_free(*out);
			*out = NULL;
			return dnstk_in_fail(r, err, r->line,
			    "a JSON unit must be an object%s", "");
		}
		return 1;
	}
	return rc;
}

/* The next unit as a message (msg) or as a record (rr): 1, 0 or < 0. */
static int
json_read(struct dnstk_reader *r, struct dnstk_msg **msg, ldns_rr **rr,
    struct dnstk_err *err)
{
	struct dnstk_json *j = NULL;
	const char *why = "";
	int rc;

	rc = json_unit(r, &j, err);
	if (rc == 1) {
		rc = msg != NULL ? dnstk_msg_from_json(msg, j, &why) :
		    dnstk_rr_from_json(rr, j, false, &why);
		if (rc != 0) {
			dnstk_err_set(err, rc, r->source, r->unit_line, "%s",
			    rc == DNSTK_ENOMEM ? "out of memory" : why);
		} else {
			rc = 1;
		}
	}
	dnstk_json_free(j);
	return rc;
}

int
dnstk_in_json_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err)
{
	return json_read(r, out, NULL, err);
}

int
dnstk_in_json_rr(struct dnstk_reader *r, ldns_rr **out,
    struct dnstk_err *err)
{
	return json_read(r, NULL, out, err);
}
