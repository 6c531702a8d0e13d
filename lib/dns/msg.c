/* SPDX-License-Identifier: BSD-3-Clause */
/* DNS messages: wire parsing and rendering, header and EDNS accessors. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/msg.h"

struct dnstk_msg *
dnstk_msg_new(void)
{
	struct dnstk_msg *m;
	int i;

	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		return NULL;
	}
	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		m->sec[i] = ldns_rr_list_new();
		if (m->sec[i] == NULL) {
			dnstk_msg_free(m);
			return NULL;
		}
	}
	return m;
}

void
dnstk_msg_free(struct dnstk_msg *m)
{
	int i;

	if (m == NULL) {
		return;
	}
	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		ldns_rr_list_deep_free(m->sec[i]);
	}
	free(m->wire);
	free(m);
}

void
dnstk_msg_touch(struct dnstk_msg *m)
{
	free(m->wire);
	m->wire = NULL;
	m->wire_len = 0;
}

int
dnstk_msg_push(struct dnstk_msg *m, enum dnstk_section sec, ldns_rr *rr)
{
	if (!ldns_rr_list_push_rr(m->sec[sec], rr)) {
		ldns_rr_free(rr);
		return DNSTK_ENOMEM;
	}
	dnstk_msg_touch(m);
	return 0;
}

static const char *const section_names[] = {
	"QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL",
};

const struct dnstk_flag_name dnstk_flag_names[DNSTK_FLAG_NAMES] = {
	{ DNSTK_FLAG_QR, "qr", "QR" }, { DNSTK_FLAG_AA, "aa", "AA" },
	{ DNSTK_FLAG_TC, "tc", "TC" }, { DNSTK_FLAG_RD, "rd", "RD" },
	{ DNSTK_FLAG_RA, "ra", "RA" }, { DNSTK_FLAG_Z, "z", "Z" },
	{ DNSTK_FLAG_AD, "ad", "AD" }, { DNSTK_FLAG_CD, "cd", "CD" },
};

const char *
dnstk_section_name(enum dnstk_section sec)
{
	return section_names[sec];
}

int
dnstk_section_title(const char *line, size_t n)
{
	size_t len;
	int s;

	if (n < 3 || memcmp(line, ";; ", 3) != 0) {
		return -1;
	}
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		len = strlen(section_names[s]);
		if (n >= 3 + len + 9 &&
		    memcmp(line + 3, section_names[s], len) == 0 &&
		    memcmp(line + 3 + len, " SECTION:", 9) == 0) {
			return s;
		}
	}
	return -1;
}

void
dnstk_rr_take_fields(ldns_rr *rr, ldns_rdf **fields, size_t n)
{
	size_t i;

	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		ldns_rdf_deep_free(ldns_rr_rdf(rr, i));
	}
	/* ldns has no call to set all fields at once and grows its array
	 * one field at a time; the struct is public (ldns/rr.h) and ldns
	 * frees the array with free(). */
	free(rr->_rdata_fields);
	rr->_rdata_fields = fields;
	rr->_rd_count = n;
}

/* The character-strings of `rd` as STR fields of `rr`. */
static ldns_status
push_strings(ldns_rr *rr, const uint8_t *rd, size_t len)
{
	ldns_rdf **f;
	size_t p, n = 0, i;

	for (p = 0; p < len; p += 1u + rd[p], n++) {
		if (p + 1 + rd[p] > len) {
			return LDNS_STATUS_WIRE_RDATA_ERR;
		}
	}
	f = calloc(n + 1, sizeof(*f));
	if (f == NULL) {
		return LDNS_STATUS_MEM_ERR;
	}
	for (p = 0, i = 0; i < n; p += 1u + rd[p], i++) {
		f[i] = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, 1u + rd[p],
		    rd + p);
		if (f[i] == NULL) {
			while (i > 0) {
				ldns_rdf_deep_free(f[--i]);
			}
			free(f);
			return LDNS_STATUS_MEM_ERR;
		}
	}
	dnstk_rr_take_fields(rr, f, n);
	return LDNS_STATUS_OK;
}

ldns_status
dnstk_wire2rr(ldns_rr **out, const uint8_t *wire, size_t len, size_t *pos,
    ldns_pkt_section sec)
{
	ldns_rdf *owner = NULL;
	ldns_rr *rr;
	ldns_status st;
	size_t p = *pos, rdlen;
	unsigned type;

	if (sec == LDNS_SECTION_QUESTION || ldns_wire2dname(&owner, wire, len,
	    &p) != LDNS_STATUS_OK || p + 10 > len ||
	    ((type = (unsigned)(wire[p] << 8 | wire[p + 1])) !=
	    LDNS_RR_TYPE_TXT && type != LDNS_RR_TYPE_SPF) ||
	    p + 10 + (rdlen = (size_t)(wire[p + 8] << 8 | wire[p + 9])) >
	    len || (rr = ldns_rr_new()) == NULL) {
		ldns_rdf_deep_free(owner);
		return ldns_wire2rr(out, wire, len, pos, sec);
	}
	ldns_rr_set_owner(rr, owner);
	ldns_rr_set_type(rr, (ldns_rr_type)type);
	ldns_rr_set_class(rr, (ldns_rr_class)(wire[p + 2] << 8 | wire[p + 3]));
	ldns_rr_set_ttl(rr, (uint32_t)wire[p + 4] << 24 |
	    (uint32_t)wire[p + 5] << 16 | (uint32_t)wire[p + 6] << 8 |
	    wire[p + 7]);
	st = push_strings(rr, wire + p + 10, rdlen);
	if (st != LDNS_STATUS_OK) {
		ldns_rr_free(rr);
		return st;
	}
	*pos = p + 10 + rdlen;
	*out = rr;
	return LDNS_STATUS_OK;
}

/*
 * Walk the name at `at`: every compression pointer must point before
 * itself (RFC 1035 §4.1.4: to a prior occurrence).  ldns follows forward
 * pointers too.  Returns true with *end just past the name as written.
 */
static bool
name_backward(const uint8_t *w, size_t len, size_t at, size_t *end)
{
	size_t p = at;
	bool jumped = false;

	while (p < len) {
		if ((w[p] & 0xc0) == 0xc0) {
			if (p + 1 >= len) {
				return false;
			}
			if (!jumped) {
				*end = p + 2;
				jumped = true;
			}
			if ((size_t)((w[p] & 0x3f) << 8 | w[p + 1]) >= p) {
				return false;
			}
			p = (size_t)((w[p] & 0x3f) << 8 | w[p + 1]);
		} else if (w[p] == 0) {
			*end = jumped ? *end : p + 1;
			return true;
		} else {
			p += 1u + w[p];
		}
	}
	return false;
}

/*
 * The names of the record ldns parsed at `at` (owner, then rdata names
 * found through the parsed fields) have no forward pointers.
 */
static bool
rr_backward(const uint8_t *w, size_t len, size_t at, const ldns_rr *rr,
    bool question)
{
	size_t p, end, i;
	const ldns_rdf *f;

	if (!name_backward(w, len, at, &p)) {
		return false;
	}
	if (question || p + 10 > len) {
		return true;
	}
	end = p + 10 + (size_t)(w[p + 8] << 8 | w[p + 9]);
	p += 10;
	for (i = 0; i < ldns_rr_rd_count(rr) && p < end; i++) {
		f = ldns_rr_rdf(rr, i);
		if (ldns_rdf_get_type(f) != LDNS_RDF_TYPE_DNAME) {
			p += ldns_rdf_size(f);
		} else if (!name_backward(w, end, p, &p)) {
			return false;
		}
	}
	return true;
}

int
dnstk_msg_from_wire(struct dnstk_msg **out, const uint8_t *wire, size_t len,
    struct dnstk_err *err)
{
	struct dnstk_msg *m = NULL;
	uint16_t count[DNSTK_SEC_COUNT];
	size_t pos = 12, start;
	ldns_status st;
	ldns_rr *rr;
	int i, rc = 0;
	unsigned k;

	if (len < 12) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "message of %zu bytes is shorter than a header", len);
	}
	if (len > DNSTK_MSG_MAX) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "message of %zu bytes is longer than 65535", len);
	}
	m = dnstk_msg_new();
	if (m == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	m->id = (uint16_t)(wire[0] << 8 | wire[1]);
	m->flags = (uint16_t)(wire[2] << 8 | wire[3]);
	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		count[i] = (uint16_t)(wire[4 + 2 * i] << 8 | wire[5 + 2 * i]);
	}
	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		for (k = 0; k < count[i]; k++) {
			rr = NULL;
			if (pos >= len) {
				rc = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
				    "message truncated in the %s section "
				    "(record %u of %u)", section_names[i],
				    k + 1, count[i]);
				goto out;
			}
			start = pos;
			st = dnstk_wire2rr(&rr, wire, len, &pos,
			    (ldns_pkt_section)i);
			if (st == LDNS_STATUS_OK && !rr_backward(wire, len,
			    start, rr, i == DNSTK_SEC_QUESTION)) {
				ldns_rr_free(rr);
				rc = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
				    "bad record %u of the %s section at "
				    "offset %zu: compression pointer points "
				    "forward", k + 1, section_names[i], start);
				goto out;
			}
			if (st == LDNS_STATUS_MEM_ERR) {
				rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
				    "out of memory");
				goto out;
			}
			if (st != LDNS_STATUS_OK) {
				rc = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
				    "bad record %u of the %s section at "
				    "offset %zu: %s", k + 1,
				    section_names[i], pos,
				    ldns_get_errorstr_by_id(st));
				goto out;
			}
			if (!ldns_rr_list_push_rr(m->sec[i], rr)) {
				ldns_rr_free(rr);
				rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
				    "out of memory");
				goto out;
			}
		}
	}
	if (pos != len) {
		rc = dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "%zu bytes after the last record", len - pos);
		goto out;
	}
	m->wire = malloc(len);
	if (m->wire == NULL) {
		rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	memcpy(m->wire, wire, len);
	m->wire_len = len;
	*out = m;
	m = NULL;
out:
	dnstk_msg_free(m);
	return rc;
}

int
dnstk_msg_to_wire(struct dnstk_buf *out, const struct dnstk_msg *m)
{
	size_t start = out->len, i, n;
	ldns_buffer *lb = NULL;
	int r = 0, s;

	if (m->wire != NULL) {
		return dnstk_buf_add(out, m->wire, m->wire_len);
	}
	lb = ldns_buffer_new(512);
	if (lb == NULL) {
		return DNSTK_ENOMEM;
	}
	r |= dnstk_buf_add16(out, m->id);
	r |= dnstk_buf_add16(out, m->flags);
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		if (n > 0xffff) {
			r = DNSTK_EINPUT;
			goto out;
		}
		r |= dnstk_buf_add16(out, (unsigned)n);
	}
	for (s = 0; s < DNSTK_SEC_COUNT && r == 0; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		for (i = 0; i < n && r == 0; i++) {
			ldns_buffer_clear(lb);
			if (ldns_rr2buffer_wire(lb, ldns_rr_list_rr(m->sec[s], i),
			    s) != LDNS_STATUS_OK) {
				r = DNSTK_ENOMEM;
				break;
			}
			r |= dnstk_buf_add(out, ldns_buffer_begin(lb),
			    ldns_buffer_position(lb));
		}
	}
	if (r == 0 && out->len - start > DNSTK_MSG_MAX) {
		r = DNSTK_EINPUT;
	}
out:
	ldns_buffer_free(lb);
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return r < 0 ? r : DNSTK_ENOMEM;
	}
	return 0;
}

void
dnstk_edns_from_rr(struct dnstk_edns *e, const ldns_rr *rr)
{
	uint32_t ttl = ldns_rr_ttl(rr);
	const ldns_rdf *rd = ldns_rr_rd_count(rr) > 0 ?
	    ldns_rr_rdf(rr, 0) : NULL;

	memset(e, 0, sizeof(*e));
	e->present = true;
	e->udp_size = (uint16_t)ldns_rr_get_class(rr);
	e->ext_rcode = (uint8_t)(ttl >> 24);
	e->version = (uint8_t)(ttl >> 16);
	e->flags = (uint16_t)ttl;
	if (rd != NULL) {
		e->options = ldns_rdf_data(rd);
		e->options_len = ldns_rdf_size(rd);
	}
}

static ssize_t
first_opt(const struct dnstk_msg *m)
{
	size_t i, n = ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ADDITIONAL]);

	for (i = 0; i < n; i++) {
		if (ldns_rr_get_type(ldns_rr_list_rr(
		    m->sec[DNSTK_SEC_ADDITIONAL], i)) == LDNS_RR_TYPE_OPT) {
			return (ssize_t)i;
		}
	}
	return -1;
}

void
dnstk_msg_edns(const struct dnstk_msg *m, struct dnstk_edns *e)
{
	ssize_t i = first_opt(m);

	if (i < 0) {
		memset(e, 0, sizeof(*e));
		return;
	}
	dnstk_edns_from_rr(e, ldns_rr_list_rr(m->sec[DNSTK_SEC_ADDITIONAL],
	    (size_t)i));
}

unsigned
dnstk_msg_rcode(const struct dnstk_msg *m)
{
	struct dnstk_edns e;

	dnstk_msg_edns(m, &e);
	return (unsigned)(e.ext_rcode << 4) | (m->flags & 0xf);
}

ldns_rr *
dnstk_edns_to_rr(const struct dnstk_edns *e)
{
	ldns_rr *rr;
	ldns_rdf *rd;

	rr = ldns_rr_new_frm_type(LDNS_RR_TYPE_OPT);
	if (rr == NULL) {
		return NULL;
	}
	ldns_rr_set_owner(rr, ldns_dname_new_frm_str("."));
	ldns_rr_set_class(rr, (ldns_rr_class)e->udp_size);
	ldns_rr_set_ttl(rr, (uint32_t)e->ext_rcode << 24 |
	    (uint32_t)e->version << 16 | e->flags);
	/* ldns_rr_new_frm_type() sizes the rdata array for the type; an
	 * OPT with no options simply has no rdata field. */
	while (ldns_rr_rd_count(rr) > 0) {
		ldns_rdf_deep_free(ldns_rr_pop_rdf(rr));
	}
	if (e->options_len != 0) {
		rd = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_UNKNOWN,
		    e->options_len, e->options);
		if (rd == NULL || !ldns_rr_push_rdf(rr, rd)) {
			ldns_rdf_deep_free(rd);
			ldns_rr_free(rr);
			return NULL;
		}
	}
	if (ldns_rr_owner(rr) == NULL) {
		ldns_rr_free(rr);
		return NULL;
	}
	return rr;
}

int
dnstk_msg_set_edns(struct dnstk_msg *m, const struct dnstk_edns *e)
{
	ldns_rr_list *add = m->sec[DNSTK_SEC_ADDITIONAL];
	ssize_t i = first_opt(m);
	ldns_rr *rr = NULL, *old;
	size_t k, n;

	if (e->present) {
		rr = dnstk_edns_to_rr(e);
		if (rr == NULL) {
			return DNSTK_ENOMEM;
		}
	}
	dnstk_msg_touch(m);
	if (i >= 0) {
		old = ldns_rr_list_rr(add, (size_t)i);
		if (rr != NULL) {
			ldns_rr_list_set_rr(add, rr, (size_t)i);
		} else {
			n = ldns_rr_list_rr_count(add);
			for (k = (size_t)i; k + 1 < n; k++) {
				ldns_rr_list_set_rr(add,
				    ldns_rr_list_rr(add, k + 1), k);
			}
			ldns_rr_list_set_rr_count(add, n - 1);
		}
		ldns_rr_free(old);
		return 0;
	}
	if (rr != NULL && !ldns_rr_list_push_rr(add, rr)) {
		ldns_rr_free(rr);
		return DNSTK_ENOMEM;
	}
	return 0;
}

int
dnstk_msg_add_edns(struct dnstk_msg *m, const struct dnstk_edns *e)
{
	ldns_rr_list *add = m->sec[DNSTK_SEC_ADDITIONAL];
	ssize_t i = first_opt(m);
	ldns_rr *rr;
	size_t k;

	rr = dnstk_edns_to_rr(e);
	if (rr == NULL || !ldns_rr_list_push_rr(add, rr)) {
		ldns_rr_free(rr);
		return DNSTK_ENOMEM;
	}
	dnstk_msg_touch(m);
	if (i >= 0) {
		for (k = ldns_rr_list_rr_count(add) - 1; k > (size_t)i; k--) {
			ldns_rr_list_set_rr(add, ldns_rr_list_rr(add, k - 1), k);
		}
		ldns_rr_list_set_rr(add, rr, (size_t)i);
	}
	return 0;
}

int
dnstk_msg_set_rcode(struct dnstk_msg *m, unsigned rcode)
{
	struct dnstk_edns e;
	int r;

	dnstk_msg_touch(m);
	m->flags = (uint16_t)((m->flags & ~0xfu) | (rcode & 0xf));
	dnstk_msg_edns(m, &e);
	if (!e.present) {
		return (rcode >> 4) == 0 ? 0 : DNSTK_EINPUT;
	}
	if (e.ext_rcode == (uint8_t)(rcode >> 4)) {
		return 0;
	}
	e.ext_rcode = (uint8_t)(rcode >> 4);
	/* set_edns copies the options before the old record goes away:
	 * e.options points into it, so copy first. */
	{
		uint8_t *copy = NULL;

		if (e.options_len != 0) {
			copy = malloc(e.options_len);
			if (copy == NULL) {
				return DNSTK_ENOMEM;
			}
			memcpy(copy, e.options, e.options_len);
			e.options = copy;
		}
		r = dnstk_msg_set_edns(m, &e);
		free(copy);
	}
	return r;
}

int
dnstk_edns_next_option(const uint8_t *opts, size_t len, size_t *pos,
    uint16_t *code, const uint8_t **data, uint16_t *dlen)
{
	size_t p = *pos;
	uint16_t l;

	if (p >= len) {
		return 0;
	}
	if (len - p < 4) {
		return DNSTK_EINPUT;
	}
	l = (uint16_t)(opts[p + 2] << 8 | opts[p + 3]);
	if (len - p - 4 < l) {
		return DNSTK_EINPUT;
	}
	*code = (uint16_t)(opts[p] << 8 | opts[p + 1]);
	*dlen = l;
	*data = opts + p + 4;
	*pos = p + 4 + l;
	return 1;
}

static const char *const opcode_names[16] = {
	"QUERY", "IQUERY", "STATUS", NULL, "NOTIFY", "UPDATE", "DSO",
};

/* RFC 6895 §2.3 registry, 12-bit values (16 is BADVERS in an OPT). */
static const struct {
	unsigned code;
	const char *name;
} rcode_names[] = {
	{ 0, "NOERROR" }, { 1, "FORMERR" }, { 2, "SERVFAIL" },
	{ 3, "NXDOMAIN" }, { 4, "NOTIMP" }, { 5, "REFUSED" },
	{ 6, "YXDOMAIN" }, { 7, "YXRRSET" }, { 8, "NXRRSET" },
	{ 9, "NOTAUTH" }, { 10, "NOTZONE" }, { 11, "DSOTYPENI" },
	{ 16, "BADVERS" }, { 17, "BADKEY" }, { 18, "BADTIME" },
	{ 19, "BADMODE" }, { 20, "BADNAME" }, { 21, "BADALG" },
	{ 22, "BADTRUNC" }, { 23, "BADCOOKIE" },
};

const char *
dnstk_opcode_name(unsigned opcode)
{
	return opcode < 16 ? opcode_names[opcode] : NULL;
}

const char *
dnstk_rcode_name(unsigned rcode)
{
	size_t i;

	for (i = 0; i < sizeof(rcode_names) / sizeof(rcode_names[0]); i++) {
		if (rcode_names[i].code == rcode) {
			return rcode_names[i].name;
		}
	}
	return NULL;
}

int
dnstk_opcode_from_name(const char *s)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		if (opcode_names[i] != NULL &&
		    strcasecmp(s, opcode_names[i]) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int
dnstk_rcode_from_name(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(rcode_names) / sizeof(rcode_names[0]); i++) {
		if (strcasecmp(s, rcode_names[i].name) == 0) {
			return (int)rcode_names[i].code;
		}
	}
	return -1;
}

static bool
rr_equal(const ldns_rr *a, const ldns_rr *b, int sec)
{
	ldns_buffer *x = ldns_buffer_new(256), *y = ldns_buffer_new(256);
	bool eq = false;

	if (x != NULL && y != NULL &&
	    ldns_rr2buffer_wire(x, a, sec) == LDNS_STATUS_OK &&
	    ldns_rr2buffer_wire(y, b, sec) == LDNS_STATUS_OK) {
		eq = ldns_buffer_position(x) == ldns_buffer_position(y) &&
		    memcmp(ldns_buffer_begin(x), ldns_buffer_begin(y),
		    ldns_buffer_position(x)) == 0;
	}
	ldns_buffer_free(x);
	ldns_buffer_free(y);
	return eq;
}

bool
dnstk_msg_equal(const struct dnstk_msg *a, const struct dnstk_msg *b)
{
	size_t i, n;
	int s;

	if (a->id != b->id || a->flags != b->flags) {
		return false;
	}
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(a->sec[s]);
		if (n != ldns_rr_list_rr_count(b->sec[s])) {
			return false;
		}
		for (i = 0; i < n; i++) {
			if (!rr_equal(ldns_rr_list_rr(a->sec[s], i),
			    ldns_rr_list_rr(b->sec[s], i), s)) {
				return false;
			}
		}
	}
	return true;
}
