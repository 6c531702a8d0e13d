/* SPDX-License-Identifier: BSD-3-Clause */
/* Render messages and records as text (dig-style), hex or RFC 8427 JSON. */
#include <stdlib.h>
#include <string.h>

#include "dns/edns_opt.h"
#include "out/render.h"
#include "util/err.h"

int
dnstk_form_parse(enum dnstk_form *out, const char *s)
{
	if (strcmp(s, "text") == 0) {
		*out = DNSTK_FORM_TEXT;
	} else if (strcmp(s, "hex") == 0) {
		*out = DNSTK_FORM_HEX;
	} else if (strcmp(s, "json") == 0) {
		*out = DNSTK_FORM_JSON;
	} else {
		return DNSTK_EINPUT;
	}
	return 0;
}

/* Mnemonics by number, for code_name(). */
struct code_name {
	uint16_t code;
	const char *name;
};

static const struct code_name extra_types[] = {
	{ LDNS_RR_TYPE_IXFR, "IXFR" }, { LDNS_RR_TYPE_AXFR, "AXFR" },
	{ LDNS_RR_TYPE_ANY, "ANY" },
};

static const struct code_name classes[] = {
	{ LDNS_RR_CLASS_IN, "IN" }, { LDNS_RR_CLASS_CH, "CH" },
	{ LDNS_RR_CLASS_HS, "HS" }, { LDNS_RR_CLASS_NONE, "NONE" },
	{ LDNS_RR_CLASS_ANY, "ANY" },
};

/* Append the name of `code` in table `t` of `n` rows, else PREFIXcode. */
static int
code_name(struct dnstk_buf *out, const struct code_name *t, size_t n,
    unsigned code, const char *prefix)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].code == code) {
			return dnstk_buf_adds(out, t[i].name);
		}
	}
	return dnstk_buf_addf(out, "%s%u", prefix, code);
}

int
dnstk_type_name(struct dnstk_buf *out, ldns_rr_type t)
{
	const ldns_rr_descriptor *d = ldns_rr_descript((uint16_t)t);

	/* ldns knows a few names (IXFR, ANY...) without a descriptor. */
	if (d != NULL && d->_name != NULL && d->_type == t) {
		return dnstk_buf_adds(out, d->_name);
	}
	return code_name(out, extra_types, sizeof(extra_types) /
	    sizeof(extra_types[0]), (unsigned)t, "TYPE");
}

int
dnstk_class_name(struct dnstk_buf *out, ldns_rr_class c)
{
	return code_name(out, classes, sizeof(classes) / sizeof(classes[0]),
	    (unsigned)c, "CLASS");
}

int
dnstk_wire_rr(struct dnstk_buf *out, const ldns_rr *rr, bool question)
{
	ldns_buffer *lb = ldns_buffer_new(256);
	int r = DNSTK_ENOMEM;

	if (lb != NULL && ldns_rr2buffer_wire(lb, rr, question ?
	    LDNS_SECTION_QUESTION : LDNS_SECTION_ANSWER) ==
	    LDNS_STATUS_OK) {
		r = dnstk_buf_add(out, ldns_buffer_begin(lb),
		    ldns_buffer_position(lb));
	}
	ldns_buffer_free(lb);
	return r;
}

/* Types ldns has a presentation form for (RFC 8427 rdata<TYPE>). */
static bool
known_type(ldns_rr_type t)
{
	const ldns_rr_descriptor *d = ldns_rr_descript((uint16_t)t);

	return d != NULL && d->_name != NULL && d->_type == t &&
	    t != LDNS_RR_TYPE_OPT;
}

/*
 * Append ",\"rdataTYPE\":\"...\"" when `rr` has a presentation form that
 * reads back into the same bytes (RFC 8427 makes the member optional;
 * RDATAHEX always carries the data).
 */
static int
json_rdata(struct dnstk_buf *out, const ldns_rr *rr)
{
	struct dnstk_buf t;
	bool generic;
	size_t at = 0;
	int r, i;

	if (!known_type(ldns_rr_get_type(rr))) {
		return 0;
	}
	dnstk_buf_init(&t);
	r = dnstk_text_rr_checked(&t, rr, &generic);
	if (r == 0 && !generic) {
		/* the rdata: after the fourth tab */
		for (i = 0; i < 4; i++) {
			at += strcspn(t.data + at, "\t") + 1;
		}
		r |= dnstk_buf_adds(out, ",\"rdata");
		r |= dnstk_type_name(out, ldns_rr_get_type(rr));
		r |= dnstk_buf_adds(out, "\":");
		r |= dnstk_buf_addjson(out, t.data + at, t.len - at);
	}
	dnstk_buf_release(&t);
	return r != 0 ? DNSTK_ENOMEM : 0;
}

int
dnstk_json_rr(struct dnstk_buf *out, const ldns_rr *rr, bool question)
{
	struct dnstk_buf w;
	size_t start = out->len;
	char *name;
	int r = 0;

	dnstk_buf_init(&w);
	name = ldns_rdf2str(ldns_rr_owner(rr));
	if (name == NULL) {
		return DNSTK_ENOMEM;
	}
	r |= dnstk_buf_adds(out, "{\"NAME\":");
	r |= dnstk_buf_addjson(out, name, strlen(name));
	free(name);
	r |= dnstk_buf_addf(out, ",\"TYPE\":%u,\"TYPEname\":\"",
	    (unsigned)ldns_rr_get_type(rr));
	r |= dnstk_type_name(out, ldns_rr_get_type(rr));
	r |= dnstk_buf_addf(out, "\",\"CLASS\":%u,\"CLASSname\":\"",
	    (unsigned)ldns_rr_get_class(rr));
	r |= dnstk_class_name(out, ldns_rr_get_class(rr));
	r |= dnstk_buf_addc(out, '"');
	if (!question) {
		r |= dnstk_wire_rr(&w, rr, false);
		/* Skip owner, type, class, ttl, rdlength of the wire form. */
		if (r == 0) {
			size_t off = ldns_rdf_size(ldns_rr_owner(rr)) + 10;

			r |= dnstk_buf_addf(out, ",\"TTL\":%u,\"RDLENGTH\":%zu",
			    (unsigned)ldns_rr_ttl(rr), w.len - off);
			r |= json_rdata(out, rr);
			r |= dnstk_buf_adds(out, ",\"RDATAHEX\":\"");
			r |= dnstk_buf_addhex(out, (uint8_t *)w.data + off,
			    w.len - off);
			r |= dnstk_buf_addc(out, '"');
		}
	}
	r |= dnstk_buf_addc(out, '}');
	dnstk_buf_release(&w);
	return dnstk_buf_done(out, start, r);
}

static int
text_edns(struct dnstk_buf *out, const struct dnstk_edns *e)
{
	int r = 0;

	r |= dnstk_buf_adds(out, ";; OPT PSEUDOSECTION:\n");
	r |= dnstk_buf_addf(out, "; EDNS: version: %u, flags:", e->version);
	if (e->flags & DNSTK_EDNS_DO) {
		r |= dnstk_buf_adds(out, " do");
	}
	r |= dnstk_buf_adds(out, ";");
	if (e->flags & ~DNSTK_EDNS_DO) {
		r |= dnstk_buf_addf(out, " MBZ: 0x%04x,",
		    e->flags & ~DNSTK_EDNS_DO);
	}
	r |= dnstk_buf_addf(out, " udp: %u\n", e->udp_size);
	return r | dnstk_render_edns_options(out, e, "; ");
}

int
dnstk_render_edns_options(struct dnstk_buf *out, const struct dnstk_edns *e,
    const char *prefix)
{
	size_t pos = 0;
	const uint8_t *d;
	uint16_t code, len;
	int r = 0, k;

	while ((k = dnstk_edns_next_option(e->options, e->options_len, &pos,
	    &code, &d, &len)) == 1) {
		r |= dnstk_buf_adds(out, prefix);
		r |= dnstk_edns_option_to_text(out, code, d, len);
		r |= dnstk_buf_addc(out, '\n');
	}
	if (k < 0) {
		/* Options run past RDLENGTH: show the rest raw, so the text
		 * still reads back into the same bytes. */
		r |= dnstk_buf_addf(out, "%sTRAILING: ", prefix);
		r |= dnstk_buf_addhex(out, e->options + pos,
		    e->options_len - pos);
		r |= dnstk_buf_addc(out, '\n');
	}
	return r;
}

static int
text_msg(struct dnstk_buf *out, const struct dnstk_msg *m)
{
	struct dnstk_edns e;
	const char *name;
	const ldns_rr *rr, *opt = NULL;
	unsigned rcode = dnstk_msg_rcode(m);
	size_t i, n, shown;
	bool generic;
	int r = 0, s;

	dnstk_msg_edns(m, &e);
	name = dnstk_opcode_name(dnstk_msg_opcode(m));
	r |= dnstk_buf_adds(out, ";; ->>HEADER<<- opcode: ");
	r |= name != NULL ? dnstk_buf_adds(out, name) :
	    dnstk_buf_addf(out, "RESERVED%u", dnstk_msg_opcode(m));
	name = dnstk_rcode_name(rcode);
	r |= dnstk_buf_adds(out, ", status: ");
	r |= name != NULL ? dnstk_buf_adds(out, name) :
	    dnstk_buf_addf(out, "RESERVED%u", rcode);
	r |= dnstk_buf_addf(out, ", id: %u\n;; flags:", m->id);
	for (i = 0; i < DNSTK_FLAG_NAMES; i++) {
		if (m->flags & dnstk_flag_names[i].bit) {
			r |= dnstk_buf_addc(out, ' ');
			r |= dnstk_buf_adds(out, dnstk_flag_names[i].text);
		}
	}
	r |= dnstk_buf_addf(out, "; QUERY: %zu, ANSWER: %zu, AUTHORITY: %zu, "
	    "ADDITIONAL: %zu\n", ldns_rr_list_rr_count(m->sec[0]),
	    ldns_rr_list_rr_count(m->sec[1]), ldns_rr_list_rr_count(m->sec[2]),
	    ldns_rr_list_rr_count(m->sec[3]));
	if (e.present) {
		for (i = 0; i < ldns_rr_list_rr_count(m->sec[3]); i++) {
			rr = ldns_rr_list_rr(m->sec[3], i);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT) {
				opt = rr;
				break;
			}
		}
		/* The pseudosection has no owner: an OPT owned by another
		 * name stays a record, so the text keeps the name. */
		if (opt != NULL && ldns_rdf_size(ldns_rr_owner(opt)) != 1) {
			opt = NULL;
		} else {
			r |= text_edns(out, &e);
		}
	}
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		shown = n - (s == DNSTK_SEC_ADDITIONAL && opt != NULL);
		if (s != DNSTK_SEC_QUESTION && shown == 0) {
			continue;
		}
		r |= dnstk_buf_addf(out, ";; %s SECTION:\n",
		    dnstk_section_name(s));
		for (i = 0; i < n; i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			if (rr == opt) {
				continue;
			}
			if (s == DNSTK_SEC_QUESTION) {
				r |= dnstk_buf_addc(out, ';');
			}
			r |= dnstk_text_rr_checked(out, rr, &generic);
			r |= dnstk_buf_addc(out, '\n');
		}
	}
	r |= dnstk_buf_addc(out, '\n');
	return r;
}

static int
json_msg(struct dnstk_buf *out, const struct dnstk_msg *m)
{
	static const char *const sec_json[] = {
		"questionRRs", "answerRRs", "authorityRRs", "additionalRRs",
	};
	static const char *const count_json[] = {
		"QDCOUNT", "ANCOUNT", "NSCOUNT", "ARCOUNT",
	};
	struct dnstk_edns e;
	const ldns_rr *rr, *opt = NULL;
	const char *name;
	size_t i, n, pos = 0;
	const uint8_t *d;
	uint16_t code, len;
	int r = 0, s, k, first, seen_opt = 0;

#define B(bit) ((m->flags & (bit)) ? "true" : "false")
	r |= dnstk_buf_addf(out, "{\"ID\":%u,\"QR\":%s,\"Opcode\":%u,"
	    "\"AA\":%s,\"TC\":%s,\"RD\":%s,\"RA\":%s,\"Z\":%s,\"AD\":%s,"
	    "\"CD\":%s,\"RCODE\":%u", m->id, B(DNSTK_FLAG_QR),
	    dnstk_msg_opcode(m), B(DNSTK_FLAG_AA), B(DNSTK_FLAG_TC),
	    B(DNSTK_FLAG_RD), B(DNSTK_FLAG_RA), B(DNSTK_FLAG_Z),
	    B(DNSTK_FLAG_AD), B(DNSTK_FLAG_CD), m->flags & 0xfu);
#undef B
	name = dnstk_rcode_name(dnstk_msg_rcode(m));
	if (name != NULL) {
		r |= dnstk_buf_addf(out, ",\"RCODEname\":\"%s\"", name);
	}
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		r |= dnstk_buf_addf(out, ",\"%s\":%zu", count_json[s],
		    ldns_rr_list_rr_count(m->sec[s]));
	}
	dnstk_msg_edns(m, &e);
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		r |= dnstk_buf_addf(out, ",\"%s\":[", sec_json[s]);
		first = 1;
		for (i = 0; i < n; i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			if (s == DNSTK_SEC_ADDITIONAL && !seen_opt &&
			    ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT) {
				seen_opt = 1;
				if (ldns_rdf_size(ldns_rr_owner(rr)) == 1) {
					opt = rr;	/* the EDNS object */
					continue;
				}
			}
			if (!first) {
				r |= dnstk_buf_addc(out, ',');
			}
			first = 0;
			r |= dnstk_json_rr(out, rr, s == DNSTK_SEC_QUESTION);
		}
		r |= dnstk_buf_addc(out, ']');
	}
	if (e.present && opt != NULL) {
		r |= dnstk_buf_addf(out, ",\"EDNS\":{\"version\":%u,"
		    "\"udpSize\":%u,\"extendedRCODE\":%u,\"flags\":%u,"
		    "\"DO\":%s,\"options\":[", e.version, e.udp_size,
		    e.ext_rcode, e.flags,
		    (e.flags & DNSTK_EDNS_DO) ? "true" : "false");
		first = 1;
		while ((k = dnstk_edns_next_option(e.options, e.options_len,
		    &pos, &code, &d, &len)) == 1) {
			if (!first) {
				r |= dnstk_buf_addc(out, ',');
			}
			first = 0;
			r |= dnstk_edns_option_to_json(out, code, d, len);
		}
		r |= dnstk_buf_addc(out, ']');
		if (k < 0) {
			r |= dnstk_buf_adds(out, ",\"trailingHEX\":\"");
			r |= dnstk_buf_addhex(out, e.options + pos,
			    e.options_len - pos);
			r |= dnstk_buf_addc(out, '"');
		}
		r |= dnstk_buf_addc(out, '}');
	}
	r |= dnstk_buf_adds(out, "}\n");
	return r;
}

int
dnstk_render_msg(struct dnstk_buf *out, const struct dnstk_msg *m,
    enum dnstk_form f)
{
	size_t start = out->len;
	int r;

	switch (f) {
	case DNSTK_FORM_HEX:
		{
			struct dnstk_buf w;

			dnstk_buf_init(&w);
			r = dnstk_msg_to_wire(&w, m);
			if (r == 0) {
				r = dnstk_buf_addhex(out, (uint8_t *)w.data,
				    w.len);
				r |= dnstk_buf_addc(out, '\n');
			}
			dnstk_buf_release(&w);
		}
		break;
	case DNSTK_FORM_JSON:
		r = json_msg(out, m);
		break;
	default:
		r = text_msg(out, m);
		break;
	}
	if (r != 0) {
		dnstk_buf_truncate(out, start);
		return r < 0 && r != -1 ? r : DNSTK_ENOMEM;
	}
	return 0;
}

int
dnstk_render_rr(struct dnstk_buf *out, const ldns_rr *rr, enum dnstk_form f)
{
	struct dnstk_buf w;
	size_t start = out->len;
	bool generic;
	int r;

	switch (f) {
	case DNSTK_FORM_HEX:
		dnstk_buf_init(&w);
		r = dnstk_wire_rr(&w, rr, false);
		if (r == 0) {
			r = dnstk_buf_addhex(out, (uint8_t *)w.data, w.len);
		}
		dnstk_buf_release(&w);
		break;
	case DNSTK_FORM_JSON:
		r = dnstk_json_rr(out, rr, false);
		break;
	default:
		r = dnstk_text_rr_checked(out, rr, &generic);
		break;
	}
	r |= dnstk_buf_addc(out, '\n');
	return dnstk_buf_done(out, start, r);
}
