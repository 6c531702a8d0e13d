/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dig-style message blocks: the ";; ->>HEADER<<-" and ";; flags:" lines,
 * the OPT pseudosection, a section marker before each section's records.
 * ldns has no reader for these.  A block ends at a blank line that no
 * new section follows; a section seen twice starts a block of its own,
 * which then needs its own header.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns/edns_opt.h"
#include "in/reader.h"
#include "in/reader_int.h"
#include "util/num.h"
#include "util/str.h"

enum text_state {
	ST_NONE = -1,
	ST_OPT = -2,
};

static const struct dnstk_word markers[] = {
	{ ";; OPT PSEUDOSECTION:", ST_OPT },
	/* UPDATE's names of the sections (RFC 2136 §2.2) */
	{ ";; ZONE SECTION:", DNSTK_SEC_QUESTION },
	{ ";; PREREQUISITE SECTION:", DNSTK_SEC_ANSWER },
	{ ";; UPDATE SECTION:", DNSTK_SEC_AUTHORITY },
};

static int
marker_state(const char *s)
{
	const struct dnstk_word *w;
	size_t n = strlen(s);
	int sec = dnstk_section_title(s, n);

	if (sec >= 0) {
		return sec;
	}
	w = dnstk_word_prefix(markers, sizeof(markers) / sizeof(markers[0]),
	    s, n);
	return w != NULL ? w->value : ST_NONE;
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
	    !dnstk_in_blank(r->buf + n) || id > 65535) {
		return dnstk_in_fail(r, err, r->line, "bad message header line%s", "");
	}
	o = code_value(op, dnstk_opcode_from_name, 15);
	if (o < 0) {
		return dnstk_in_fail(r, err, r->line, "unknown opcode '%s'", op);
	}
	rc = code_value(st, dnstk_rcode_from_name, 4095);
	if (rc < 0) {
		return dnstk_in_fail(r, err, r->line, "unknown status '%s'", st);
	}
	m->id = (uint16_t)id;
	m->flags = (uint16_t)(o << 11);
	*rcode = (unsigned)rc;
	return 0;
}

/* What one block has read so far. */
struct block {
	struct dnstk_msg *m;
	struct dnstk_edns e;
	struct dnstk_buf opts;
	unsigned rcode;
	int state;		/* ST_* or the section of the records */
	unsigned seen;		/* markers seen, one bit per state */
	bool have_count[DNSTK_SEC_COUNT];
	unsigned long count[DNSTK_SEC_COUNT];	/* from the flags line */
};

static unsigned
state_bit(int state)
{
	return 1u << (state - ST_OPT);
}

/* "QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1" (or UPDATE's names) */
static int
parse_counts(struct dnstk_reader *r, struct block *b, const char *p,
    struct dnstk_err *err)
{
	static const struct {
		const char *name;
		int sec;
	} names[] = {
		{ "QUERY", 0 }, { "ZONE", 0 }, { "ANSWER", 1 }, { "PREREQ", 1 },
		{ "AUTHORITY", 2 }, { "UPDATE", 2 }, { "ADDITIONAL", 3 },
	};
	const char *why;
	char word[16], num[8];
	long long n;
	size_t i;
	int k;

	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0') {
			return 0;
		}
		if (sscanf(p, "%15[A-Z]: %7[0-9]%n", word, num, &k) != 2 ||
		    dnstk_strtonum(&n, num, 0, 65535, &why) != 0) {
			return dnstk_in_fail(r, err, r->line,
			    "bad counts on the flags line: '%s'", p);
		}
		for (i = 0; i < sizeof(names) / sizeof(names[0]) &&
		    strcmp(word, names[i].name) != 0; i++) {
			;
		}
		if (i == sizeof(names) / sizeof(names[0]) ||
		    b->have_count[names[i].sec]) {
			return dnstk_in_fail(r, err, r->line,
			    "bad counts on the flags line: '%s'", p);
		}
		b->have_count[names[i].sec] = true;
		b->count[names[i].sec] = (unsigned long)n;
		p += k;
	}
}

static int
parse_flags(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	char *p = r->buf + strlen(";; flags:"), *end, *tok, *save = NULL;
	size_t i;

	end = strchr(p, ';');
	if (end == NULL) {
		return dnstk_in_fail(r, err, r->line, "bad flags line%s", "");
	}
	*end = '\0';
	b->m->flags &= (uint16_t)~0x87f0u;
	for (tok = strtok_r(p, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		for (i = 0; i < DNSTK_FLAG_NAMES; i++) {
			if (strcmp(tok, dnstk_flag_names[i].text) == 0) {
				b->m->flags |= dnstk_flag_names[i].bit;
				break;
			}
		}
		if (i == DNSTK_FLAG_NAMES) {
			return dnstk_in_fail(r, err, r->line,
			    "unknown flag '%s'", tok);
		}
	}
	return parse_counts(r, b, end + 1, err);
}

/* A decimal field "NAME: n" of the EDNS line, up to `max`. */
static bool
edns_number(const char **s, size_t skip, long long max, long long *out)
{
	const char *why;
	char word[32];
	int k;

	if (sscanf(*s + skip, " %31[0-9]%n", word, &k) != 1 ||
	    dnstk_strtonum(out, word, 0, max, &why) != 0) {
		return false;
	}
	*s += skip + (size_t)k;
	return true;
}

/* One field of the EDNS line at *s; false when it is not one. */
static bool
edns_field(const char **s, struct dnstk_edns *e)
{
	unsigned long v;
	long long n;
	char *end;

	if (strncmp(*s, "version:", 8) == 0 && edns_number(s, 8, 255, &n)) {
		e->version = (uint8_t)n;
	} else if (strncmp(*s, "udp:", 4) == 0 &&
	    edns_number(s, 4, 65535, &n)) {
		e->udp_size = (uint16_t)n;
	} else if (strncmp(*s, "MBZ:", 4) == 0) {
		*s += 4 + strspn(*s + 4, " ");
		v = strtoul(*s, &end, 16);
		if (end == *s || v > 0xffff) {
			return false;
		}
		e->flags |= (uint16_t)(v & ~(unsigned long)DNSTK_EDNS_DO);
		*s = end;
	} else if (strncmp(*s, "flags:", 6) == 0) {
		*s += 6;
		for (;;) {
			*s += strspn(*s, " ");
			if (strncmp(*s, "do", 2) != 0 || ((*s)[2] != ' ' &&
			    (*s)[2] != ';' && (*s)[2] != ',' &&
			    (*s)[2] != '\0')) {
				break;
			}
			e->flags |= DNSTK_EDNS_DO;
			*s += 2;
		}
		return **s == ';' || **s == ',' || **s == '\0';
	} else {
		return false;
	}
	return true;
}

/* "; EDNS: version: 0, flags: do; MBZ: 0x0004, udp: 1232" */
static int
parse_edns_line(struct dnstk_reader *r, struct dnstk_edns *e,
    struct dnstk_err *err)
{
	const char *s = r->buf + strlen("; EDNS:");

	if (e->present) {
		return dnstk_in_fail(r, err, r->line,
		    "second OPT pseudosection%s", "");
	}
	e->present = true;
	e->flags = 0;
	for (;;) {
		s += strspn(s, " ,;\t");
		if (*s == '\0') {
			return 0;
		}
		if (!edns_field(&s, e)) {
			return dnstk_in_fail(r, err, r->line,
			    "bad EDNS line%s", "");
		}
	}
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
		return dnstk_in_fail(r, err, r->line,
		    "question is not ';NAME [CLASS] TYPE'%s", "");
	}
	if (n == 3 && !dnstk_in_class(tok[1], &cls)) {
		return dnstk_in_fail(r, err, r->line, "unknown class '%s'", tok[1]);
	}
	if (!dnstk_in_type(tok[n - 1], &type)) {
		return dnstk_in_fail(r, err, r->line, "unknown type '%s'", tok[n - 1]);
	}
	if (ldns_str2rdf_dname(&owner, tok[0]) != LDNS_STATUS_OK) {
		return dnstk_in_fail(r, err, r->line, "bad question name '%s'", tok[0]);
	}
	if (!ldns_dname_str_absolute(tok[0])) {
		ldns_rdf_deep_free(owner);
		return dnstk_in_fail(r, err, r->line,
		    "question name '%s' is not fully qualified", tok[0]);
	}
	if (dnstk_in_question(&rr, owner, cls, type) != 0) {
		return DNSTK_ENOMEM;
	}
	return dnstk_msg_push(m, DNSTK_SEC_QUESTION, rr);
}

/*
 * Read lines up to the next message header; 1 when found, 0 at the end.
 * dig's banners and comments are skipped; a section marker or a flags
 * line before any header is a block without its header.
 */
static int
find_header(struct dnstk_reader *r, struct dnstk_err *err)
{
	const char *s;
	int rc;

	while ((rc = dnstk_in_line(r, err)) == 1) {
		s = r->buf;
		if (strncmp(s, HEADER_MARK, strlen(HEADER_MARK)) == 0) {
			return 1;
		}
		if (marker_state(s) != ST_NONE ||
		    strncmp(s, ";; flags:", 9) == 0) {
			return dnstk_in_fail(r, err, r->line, "message block "
			    "without a ';; ->>HEADER<<-' line%s", "");
		}
		s += strspn(s, " \t");
		if (*s == '\0' || *s == ';') {
			continue;	/* dig's banners and comments */
		}
		return dnstk_in_fail(r, err, r->line, "expected a message "
		    "header ';; ->>HEADER<<-'%s", "");
	}
	return rc;
}

/*
 * The next line of the block: 1 with it in r->buf, 0 when the block
 * ended (the line that ends it is read again later).  Blank lines end the
 * block unless a section marker follows that the block has not had yet
 * (dig puts blank lines between sections).
 */
static int
block_next(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	int rc, st;

	rc = dnstk_in_line(r, err);
	if (rc == 1 && dnstk_in_blank(r->buf)) {
		while ((rc = dnstk_in_line(r, err)) == 1 &&
		    dnstk_in_blank(r->buf)) {
			;
		}
		st = rc == 1 ? marker_state(r->buf) : ST_NONE;
		if (rc == 1 && (st == ST_NONE || (b->seen & state_bit(st)))) {
			dnstk_in_push_back(r);
			return 0;
		}
	}
	if (rc == 1 && strncmp(r->buf, HEADER_MARK, strlen(HEADER_MARK)) == 0) {
		dnstk_in_push_back(r);
		return 0;
	}
	return rc;
}

/* A ';' line inside the OPT pseudosection. */
static int
block_opt_line(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	const char *why = "";
	int rc;

	if (strncmp(r->buf, "; EDNS:", 7) == 0) {
		return parse_edns_line(r, &b->e, err);
	}
	if (strncmp(r->buf, "; TRAILING:", 11) == 0) {
		rc = dnstk_opt_hex_from_text(&b->opts, r->buf + 11, &why);
		return rc == DNSTK_EINPUT ? dnstk_in_fail(r, err, r->line,
		    "%s", why) : rc;
	}
	rc = dnstk_edns_option_from_text(&b->opts, r->buf + 2, &why);
	return rc == DNSTK_EINPUT ? dnstk_in_fail(r, err, r->line,
	    "bad EDNS option: %s", why) : rc;
}

/* A record line of a section. */
static int
block_record(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	unsigned long line = r->line;
	ldns_rr *rr = NULL;
	int rc;

	if (b->state < DNSTK_SEC_ANSWER) {
		return dnstk_in_fail(r, err, r->line, "record outside an "
		    "answer, authority or additional section%s", "");
	}
	if (r->buf[0] == '$') {
		return dnstk_in_fail(r, err, r->line, "directive '%s' inside "
		    "a message block", r->buf);
	}
	rc = dnstk_in_join(r, err);
	if (rc != 0 || dnstk_in_blank(r->joined.data)) {
		return rc;
	}
	rc = dnstk_in_parse_entry(r, &rr, line, err);
	if (rc == 0) {
		rc = dnstk_msg_push(b->m, (enum dnstk_section)b->state, rr);
	}
	return rc;
}

/* One line of a block. */
static int
block_line(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	int st;

	if (strncmp(r->buf, ";; flags:", 9) == 0) {
		return parse_flags(r, b, err);
	}
	st = marker_state(r->buf);
	if (st != ST_NONE && (b->seen & state_bit(st))) {
		return dnstk_in_fail(r, err, r->line, st == ST_OPT ?
		    "second OPT pseudosection%s" :
		    "second '%s' in one message", st == ST_OPT ? "" : r->buf);
	}
	if (st != ST_NONE) {
		b->seen |= state_bit(st);
		b->state = st;
		return 0;
	}
	if (r->buf[0] == ';' && r->buf[1] == ';') {
		return 0;	/* dig's comment lines */
	}
	if (r->buf[0] == ';' && b->state == ST_OPT) {
		return block_opt_line(r, b, err);
	}
	if (r->buf[0] == ';' && b->state == DNSTK_SEC_QUESTION) {
		return parse_question(r, b->m, err);
	}
	if (r->buf[0] == ';') {
		return 0;
	}
	return block_record(r, b, err);
}

/* The counts of the flags line against the sections read. */
static int
block_counts(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	static const char *const names[] = {
		"QUERY", "ANSWER", "AUTHORITY", "ADDITIONAL",
	};
	size_t n;
	int i;

	for (i = 0; i < DNSTK_SEC_COUNT; i++) {
		n = ldns_rr_list_rr_count(b->m->sec[i]);
		if (b->have_count[i] && b->count[i] != n) {
			return dnstk_err_set(err, DNSTK_EINPUT, r->source,
			    r->unit_line, "the flags line says %s: %lu, the "
			    "section has %zu", names[i], b->count[i], n);
		}
	}
	return 0;
}

/* EDNS, the extended RCODE and the counts, once the block is read. */
static int
block_finish(struct dnstk_reader *r, struct block *b, struct dnstk_err *err)
{
	int rc;

	if (b->opts.len > 0 && !b->e.present) {
		return dnstk_in_fail(r, err, r->line, "EDNS options without "
		    "an '; EDNS:' line%s", "");
	}
	if (b->opts.len > 65535) {
		return dnstk_in_fail(r, err, r->line,
		    "EDNS options too long%s", "");
	}
	if (b->e.present) {
		b->e.options = (const uint8_t *)b->opts.data;
		b->e.options_len = b->opts.len;
		if (dnstk_msg_add_edns(b->m, &b->e) != 0) {
			return DNSTK_ENOMEM;
		}
	}
	rc = dnstk_msg_set_rcode(b->m, b->rcode);
	if (rc == DNSTK_EINPUT) {
		return dnstk_err_set(err, DNSTK_EINPUT, r->source,
		    r->unit_line, "status %u needs an OPT record (EDNS)",
		    b->rcode);
	}
	return rc != 0 ? rc : block_counts(r, b, err);
}

int
dnstk_in_text_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err)
{
	struct block b;
	int rc;

	rc = find_header(r, err);
	if (rc <= 0) {
		return rc;
	}
	memset(&b, 0, sizeof(b));
	dnstk_buf_init(&b.opts);
	b.state = ST_NONE;
	r->unit_line = r->line;
	b.m = dnstk_msg_new();
	if (b.m == NULL) {
		return dnstk_in_nomem(r, err);
	}
	rc = parse_header(r, b.m, &b.rcode, err);
	while (rc == 0 && (rc = block_next(r, &b, err)) == 1) {
		rc = block_line(r, &b, err);
	}
	if (rc == 0) {
		rc = block_finish(r, &b, err);
	}
	if (rc == 0) {
		dnstk_msg_touch(b.m);
		*out = b.m;
		b.m = NULL;
		rc = 1;
	}
	if (rc == DNSTK_ENOMEM) {
		dnstk_in_nomem(r, err);
	}
	dnstk_buf_release(&b.opts);
	dnstk_msg_free(b.m);
	return rc;
}
