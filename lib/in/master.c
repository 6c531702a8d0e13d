/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RFC 1035 master files: entries joined over ( ... ), $ORIGIN, $TTL and
 * $INCLUDE, and records built from their parts.  The owner, TTL, class
 * and type fields are read here, so that a bad TTL, an unknown word or a
 * missing owner is an error instead of whatever ldns_rr_new_frm_str()
 * guesses; the rdata is parsed by ldns field by field, except where ldns
 * would cut it (its 65,535-character limit) or guesses (RFC 3597 `\#`).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "in/fastrr.h"
#include "in/reader.h"
#include "in/reader_int.h"
#include "util/num.h"

/*
 * ldns_get_rr_type_by_name() and _class_by_name() return 0 for "unknown",
 * so TYPE0 and CLASS0, which the wire form allows, need a word of their
 * own; and ldns takes TYPEn / CLASSn past 65535 and keeps the overflowed
 * number.
 */
bool
dnstk_in_type(const char *s, ldns_rr_type *out)
{
	/* the usual types without ldns's walk over every type's name */
	if ((*out = dnstk_in_fast_type(s, strlen(s))) != 0) {
		return true;
	}
	*out = ldns_get_rr_type_by_name(s);
	return (*out != 0 || strcasecmp(s, "TYPE0") == 0) &&
	    (unsigned)*out <= 65535;
}

bool
dnstk_in_class(const char *s, ldns_rr_class *out)
{
	*out = ldns_get_rr_class_by_name(s);
	return (*out != 0 || strcasecmp(s, "CLASS0") == 0) &&
	    (unsigned)*out <= 65535;
}

bool
dnstk_in_ttl(const char *s, size_t n, uint32_t *out)
{
	unsigned long long total = 0, v;
	size_t i = 0;
	int unit;

	if (n == 0 || !isdigit((unsigned char)s[0])) {
		return false;
	}
	while (i < n) {
		if (!isdigit((unsigned char)s[i])) {
			return false;
		}
		for (v = 0; i < n && isdigit((unsigned char)s[i]); i++) {
			v = v * 10 + (unsigned)(s[i] - '0');
			if (v > UINT32_MAX) {
				return false;
			}
		}
		unit = i < n ? tolower((unsigned char)s[i++]) : 's';
		switch (unit) {
		case 'w':
			v *= 7;
			/* FALLTHROUGH */
		case 'd':
			v *= 24;
			/* FALLTHROUGH */
		case 'h':
			v *= 60;
			/* FALLTHROUGH */
		case 'm':
			v *= 60;
			/* FALLTHROUGH */
		case 's':
			break;
		default:
			return false;
		}
		total += v;
		if (total > UINT32_MAX) {
			return false;
		}
	}
	*out = (uint32_t)total;
	return true;
}

/* ---- entries ----------------------------------------------------------- */

/* Append p[0..n) to the entry, within DNSTK_ENTRY_MAX. */
static int
entry_add(struct dnstk_reader *r, const char *p, size_t n,
    struct dnstk_err *err)
{
	if (r->joined.len + n > DNSTK_ENTRY_MAX) {
		return dnstk_err_set(err, DNSTK_EINPUT, r->source, r->line,
		    "record longer than %d bytes", DNSTK_ENTRY_MAX);
	}
	if (dnstk_buf_add(&r->joined, p, n) != 0) {
		return dnstk_in_nomem(r, err);
	}
	return 0;
}

/*
 * Copy r->buf into the entry: ';' comments outside quotes are cut,
 * parentheses become blanks and are counted in *depth.
 */
static int
join_line(struct dnstk_reader *r, bool *quote, int *depth,
    struct dnstk_err *err)
{
	const char *p = r->buf, *end = r->buf + r->len;
	size_t n;
	int rc;

	while (p < end) {
		/* Copy whole runs of ordinary characters: the hot path of
		 * every text reader (a zone of a million lines). */
		n = strcspn(p, "\\\";()");
		n = n > (size_t)(end - p) ? (size_t)(end - p) : n;
		if (*quote && n > 0) {
			n = strcspn(p, "\\\"");
			n = n > (size_t)(end - p) ? (size_t)(end - p) : n;
		}
		if (n > 0 && (rc = entry_add(r, p, n, err)) != 0) {
			return rc;
		}
		p += n;
		if (p >= end) {
			break;
		}
		n = *p == '\\' && p + 1 < end ? 2 : 1;
		if (*p == '"') {
			*quote = !*quote;
		} else if (*quote || *p == '\\') {
			;	/* kept as it is */
		} else if (*p == ';') {
			break;
		} else if (*p == '(') {
			(*depth)++;
		} else if (*p == ')' && --*depth < 0) {
			return dnstk_in_fail(r, err, r->line,
			    "')' without '('%s", "");
		}
		rc = entry_add(r, !*quote && (*p == '(' || *p == ')') ? " " :
		    p, n, err);
		if (rc != 0) {
			return rc;
		}
		p += n;
	}
	return 0;
}

int
dnstk_in_join(struct dnstk_reader *r, struct dnstk_err *err)
{
	unsigned long first = r->line;
	bool quote = false;
	int depth = 0, rc;

	dnstk_buf_reset(&r->joined);
	for (;;) {
		rc = join_line(r, &quote, &depth, err);
		if (rc != 0) {
			return rc;
		}
		if (quote) {
			return dnstk_in_fail(r, err, r->line,
			    "unterminated quoted string%s", "");
		}
		if (depth == 0) {
			return 0;
		}
		rc = entry_add(r, " ", 1, err);
		if (rc == 0) {
			rc = dnstk_in_line(r, err);
		}
		if (rc < 0) {
			return rc;
		}
		if (rc == 0) {
			return dnstk_in_fail(r, err, first,
			    "'(' is never closed%s", "");
		}
	}
}

/* ---- fields ------------------------------------------------------------ */

/* The next blank-separated field of *p (backslash escapes a blank). */
static size_t
field(const char **p)
{
	const char *s;

	*p += strspn(*p, " \t");
	for (s = *p; *s != '\0' && *s != ' ' && *s != '\t'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
		}
	}
	return (size_t)(s - *p);
}

/* The first word of an entry, for messages ("cannot parse record 'X'"). */
static void
first_word(char *out, size_t size, const char *text)
{
	size_t n;

	text += strspn(text, " \t");
	n = strcspn(text, " \t");
	dnstk_in_quote(out, size, text, n > 40 ? 40 : n);
}

/* A message about the entry: fmt's %s is its first word. */
static int
entry_fail(struct dnstk_reader *r, struct dnstk_err *err,
    unsigned long line, const char *fmt, const char *word, size_t n)
{
	char q[DNSTK_QUOTE_MAX * 4 + 8];

	dnstk_in_quote(q, sizeof(q), word, n > DNSTK_QUOTE_MAX ?
	    DNSTK_QUOTE_MAX : n);
	return dnstk_err_set(err, DNSTK_EINPUT, r->source, line, fmt, q);
}

/* Field `p` (length n) as a NUL-terminated copy in `tok` of `size`. */
static bool
copy_field(char *tok, size_t size, const char *p, size_t n)
{
	if (n >= size) {
		return false;
	}
	memcpy(tok, p, n);
	tok[n] = '\0';
	return true;
}

/* The owner field of the entry in r->joined; *p moves past it. */
static int
entry_owner(struct dnstk_reader *r, ldns_rdf **owner, const char **p,
    unsigned long line, struct dnstk_err *err)
{
	char tok[1100];
	ldns_rdf *rel;
	ldns_status st;
	size_t n;

	if (**p == ' ' || **p == '\t') {
		if (r->prev == NULL) {
			return dnstk_in_fail(r, err, line, "no owner name "
			    "on the first record%s", "");
		}
		*owner = ldns_rdf_clone(r->prev);
		return *owner == NULL ? dnstk_in_nomem(r, err) : 0;
	}
	n = field(p);
	if (!copy_field(tok, sizeof(tok), *p, n)) {
		return entry_fail(r, err, line, "name longer than 255 octets: "
		    "'%s'", *p, n);
	}
	*p += n;
	if (strcmp(tok, "@") == 0) {
		*owner = ldns_rdf_clone(r->origin);
		return *owner == NULL ? dnstk_in_nomem(r, err) : 0;
	}
	st = ldns_str2rdf_dname(owner, tok);
	if (st == LDNS_STATUS_MEM_ERR) {
		return dnstk_in_nomem(r, err);
	}
	if (st == LDNS_STATUS_LABEL_OVERFLOW) {
		return entry_fail(r, err, line, "label longer than 63 octets "
		    "in '%s'", tok, n);
	}
	if (st == LDNS_STATUS_DOMAINNAME_OVERFLOW) {
		return entry_fail(r, err, line, "name longer than 255 octets: "
		    "'%s'", tok, n);
	}
	if (st != LDNS_STATUS_OK) {
		return entry_fail(r, err, line, "cannot parse record '%s': "
		    "Syntax error, could not parse the RR", tok, n);
	}
	if (ldns_dname_str_absolute(tok)) {
		return 0;
	}
	rel = *owner;
	*owner = NULL;
	if (ldns_rdf_size(rel) + ldns_rdf_size(r->origin) - 1 > 255) {
		ldns_rdf_deep_free(rel);
		return dnstk_in_fail(r, err, line, "owner name too long%s", "");
	}
	*owner = ldns_dname_cat_clone(rel, r->origin);
	ldns_rdf_deep_free(rel);
	if (*owner != NULL && ldns_rdf_size(*owner) > 255) {
		ldns_rdf_deep_free(*owner);
		*owner = NULL;
		return dnstk_in_fail(r, err, line, "owner name too long%s", "");
	}
	return *owner == NULL ? dnstk_in_nomem(r, err) : 0;
}

/* What an entry says before its rdata. */
struct entry_head {
	uint32_t ttl;
	bool have_ttl;
	ldns_rr_class cls;
	bool have_cls;
	ldns_rr_type type;
};

/* Is `tok` CLASSn or TYPEn with n past 65535? */
static bool
number_past_16_bits(const char *tok, const char *prefix)
{
	size_t n = strlen(prefix);

	const char *why;
	long long v;

	return strncasecmp(tok, prefix, n) == 0 && tok[n] != '\0' &&
	    strspn(tok + n, "0123456789") == strlen(tok + n) &&
	    (strlen(tok + n) > 5 ||
	    dnstk_strtonum(&v, tok + n, 0, 65535, &why) != 0);
}

/* Up to two TTL / class fields, in either order (RFC 1035 §5.1). */
static int
entry_ttl_class(struct dnstk_reader *r, struct entry_head *h,
    const char **p, unsigned long line, struct dnstk_err *err)
{
	ldns_rr_class cls;
	const char *q;
	char tok[32];
	size_t n;
	int i;

	for (i = 0; i < 2; i++) {
		q = *p;
		n = field(&q);
		if (n == 0) {
			return 0;
		}
		if (*q >= '0' && *q <= '9' && !h->have_ttl) {
			if (!dnstk_in_ttl(q, n, &h->ttl)) {
				return entry_fail(r, err, line,
				    "bad TTL '%s'", q, n);
			}
			h->have_ttl = true;
		} else if (dnstk_in_fast_type(q, n) != 0) {
			return 0;	/* the type (no type is a class's name) */
		} else if (!h->have_cls && n == 2 && strncasecmp(q, "IN", 2) ==
		    0) {
			h->cls = LDNS_RR_CLASS_IN;	/* the usual class */
			h->have_cls = true;
		} else if (!h->have_cls && copy_field(tok, sizeof(tok), q, n) &&
		    dnstk_in_class(tok, &cls)) {
			h->cls = cls;
			h->have_cls = true;
		} else if (copy_field(tok, sizeof(tok), q, n) &&
		    number_past_16_bits(tok, "CLASS")) {
			return dnstk_in_fail(r, err, line,
			    "type or class number over 65535%s", "");
		} else {
			return 0;
		}
		*p = q + n;
	}
	return 0;
}

/* The type field: known, TYPEn or TYPE0; anything else says why not. */
static int
entry_type(struct dnstk_reader *r, struct entry_head *h, const char **p,
    unsigned long line, struct dnstk_err *err)
{
	const char *q = *p;
	ldns_rr_class cls;
	char tok[32];
	size_t n = field(&q);

	if (n == 0) {
		return dnstk_in_fail(r, err, line, "record has no type%s", "");
	}
	*p = q + n;
	if (copy_field(tok, sizeof(tok), q, n) && dnstk_in_type(tok, &h->type)) {
		return 0;
	}
	if (h->have_cls && copy_field(tok, sizeof(tok), q, n) &&
	    dnstk_in_class(tok, &cls)) {
		return entry_fail(r, err, line, "class '%s' given twice", q, n);
	}
	if (h->have_ttl && *q >= '0' && *q <= '9') {
		return entry_fail(r, err, line, "TTL '%s' given twice", q, n);
	}
	return entry_fail(r, err, line, "unknown record type '%s'", q, n);
}

int
dnstk_in_parse_entry(struct dnstk_reader *r, ldns_rr **out,
    unsigned long line, struct dnstk_err *err)
{
	struct entry_head h = { 0, false, LDNS_RR_CLASS_IN, false, 0 };
	const char *p = r->joined.data, *why = "";
	ldns_rdf *owner = NULL;
	ldns_rr *rr = NULL;
	char word[DNSTK_QUOTE_MAX];
	int rc;

	rc = entry_owner(r, &owner, &p, line, err);
	if (rc == 0) {
		rc = entry_ttl_class(r, &h, &p, line, err);
	}
	if (rc == 0) {
		rc = entry_type(r, &h, &p, line, err);
	}
	if (rc != 0) {
		ldns_rdf_deep_free(owner);
		return rc;
	}
	if (!h.have_ttl) {
		h.ttl = r->have_ttl ? r->default_ttl : r->last_ttl != 0 ?
		    r->last_ttl : 3600;
	}
	rc = dnstk_in_rr_text(&rr, owner, h.ttl, h.cls, h.type, p, r->origin,
	    &why);
	if (rc == DNSTK_ENOMEM) {
		return dnstk_in_nomem(r, err);
	}
	if (rc != 0 && why == dnstk_in_too_long) {
		return dnstk_in_fail(r, err, line, "rdata too long%s", "");
	}
	if (rc != 0) {
		first_word(word, sizeof(word), r->joined.data);
		return dnstk_err_set(err, DNSTK_EINPUT, r->source, line,
		    "cannot parse record '%s': %s", word, why);
	}
	ldns_rdf_deep_free(r->prev);
	r->prev = ldns_rdf_clone(ldns_rr_owner(rr));
	if (r->prev == NULL) {
		ldns_rr_free(rr);
		return dnstk_in_nomem(r, err);
	}
	r->last_ttl = h.ttl;
	*out = rr;
	return 0;
}

/* ---- directives -------------------------------------------------------- */

/* A name for $ORIGIN / $INCLUDE: absolute, or relative to the origin. */
static int
directive_name(struct dnstk_reader *r, ldns_rdf **out, const char *s,
    bool absolute)
{
	ldns_rdf *rel = NULL;

	if (ldns_str2rdf_dname(&rel, s) != LDNS_STATUS_OK) {
		return DNSTK_EINPUT;
	}
	if (ldns_dname_str_absolute(s)) {
		*out = rel;
		return 0;
	}
	if (absolute) {
		ldns_rdf_deep_free(rel);
		return DNSTK_EINPUT;
	}
	*out = ldns_dname_cat_clone(rel, r->origin);
	ldns_rdf_deep_free(rel);
	return *out == NULL ? DNSTK_EINPUT : 0;
}

static int
directive(struct dnstk_reader *r, const char *s, struct dnstk_err *err)
{
	char word[16], arg[1100], arg2[1100];
	const char *p = s, *f[3];
	ldns_rdf *o = NULL;
	size_t n[3];
	int k;

	for (k = 0; k < 3; k++) {
		n[k] = field(&p);
		f[k] = p;
		p += n[k];
	}
	p += strspn(p, " \t");
	if (!copy_field(word, sizeof(word), f[0], n[0])) {
		return dnstk_in_fail(r, err, r->line, "unknown directive '%s'",
		    s);
	}
	if (strcasecmp(word, "$ORIGIN") != 0 && strcasecmp(word, "$TTL") != 0 &&
	    strcasecmp(word, "$INCLUDE") != 0) {
		return dnstk_in_fail(r, err, r->line, "unknown directive '%s'",
		    word);
	}
	if (n[1] == 0 || !copy_field(arg, sizeof(arg), f[1], n[1]) ||
	    !copy_field(arg2, sizeof(arg2), f[2], n[2]) || *p != '\0' ||
	    (n[2] != 0 && strcasecmp(word, "$INCLUDE") != 0)) {
		return dnstk_in_fail(r, err, r->line, "bad directive '%s'", s);
	}
	if (strcasecmp(word, "$ORIGIN") == 0) {
		if (directive_name(r, &o, arg, true) != 0) {
			return dnstk_in_fail(r, err, r->line,
			    "$ORIGIN '%s' is not an absolute name", arg);
		}
		ldns_rdf_deep_free(r->origin);
		r->origin = o;
		return 0;
	}
	if (strcasecmp(word, "$TTL") == 0) {
		if (!dnstk_in_ttl(arg, n[1], &r->default_ttl)) {
			return dnstk_in_fail(r, err, r->line, "bad $TTL '%s'",
			    arg);
		}
		r->have_ttl = true;
		return 0;
	}
	if (n[2] != 0 && directive_name(r, &o, arg2, false) != 0) {
		return dnstk_in_fail(r, err, r->line,
		    "bad origin '%s' for $INCLUDE", arg2);
	}
	return dnstk_in_include(r, arg, o, r->line, err);
}

/*
 * Read up to the next entry (directives done on the way, an $INCLUDE
 * left at its end): 1 with the entry in r->joined and its first line in
 * r->unit_line, 0 at the end, or a negative DNSTK_E* code.
 */
static int
next_entry(struct dnstk_reader *r, struct dnstk_err *err)
{
	unsigned long first;
	const char *s;
	int rc;

	for (;;) {
		rc = dnstk_in_line(r, err);
		if (rc == 0 && dnstk_in_pop(r)) {
			continue;	/* back in the including file */
		}
		if (rc != 1) {
			return rc;
		}
		first = r->line;
		rc = dnstk_in_join(r, err);
		if (rc != 0) {
			return rc;
		}
		s = r->joined.data;
		if (dnstk_in_blank(s)) {
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
		return 1;
	}
}

int
dnstk_in_text_rr(struct dnstk_reader *r, ldns_rr **out,
    struct dnstk_err *err)
{
	int rc = next_entry(r, err);

	if (rc != 1) {
		return rc;
	}
	rc = dnstk_in_parse_entry(r, out, r->unit_line, err);
	return rc == 0 ? 1 : rc;
}

/* ---- records as wire forms --------------------------------------------- */

/* Append owner, type, class, TTL, RDLENGTH, RDATA of `rr` (no
 * compression).  0, DNSTK_ENOMEM or DNSTK_EINPUT (over 65535 octets). */
static int
rr_to_wire(struct dnstk_buf *out, const ldns_rr *rr)
{
	const ldns_rdf *o = ldns_rr_owner(rr), *f;
	size_t i, rdlen = 0, at;
	uint8_t h[10];

	if (dnstk_buf_add(out, ldns_rdf_data(o), ldns_rdf_size(o)) != 0) {
		return DNSTK_ENOMEM;
	}
	at = out->len;
	h[0] = (uint8_t)(ldns_rr_get_type(rr) >> 8);
	h[1] = (uint8_t)ldns_rr_get_type(rr);
	h[2] = (uint8_t)(ldns_rr_get_class(rr) >> 8);
	h[3] = (uint8_t)ldns_rr_get_class(rr);
	h[4] = (uint8_t)(ldns_rr_ttl(rr) >> 24);
	h[5] = (uint8_t)(ldns_rr_ttl(rr) >> 16);
	h[6] = (uint8_t)(ldns_rr_ttl(rr) >> 8);
	h[7] = (uint8_t)ldns_rr_ttl(rr);
	h[8] = h[9] = 0;
	if (dnstk_buf_add(out, h, sizeof(h)) != 0) {
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		if ((f = ldns_rr_rdf(rr, i)) == NULL) {
			continue;
		}
		rdlen += ldns_rdf_size(f);
		if (dnstk_buf_add(out, ldns_rdf_data(f), ldns_rdf_size(f)) !=
		    0) {
			return DNSTK_ENOMEM;
		}
	}
	if (rdlen > 65535) {
		return DNSTK_EINPUT;
	}
	out->data[at + 8] = (char)(rdlen >> 8);
	out->data[at + 9] = (char)rdlen;
	return 0;
}

/* r->prev becomes the owner w[0..n), cloned only when it changed (the
 * records of a name come together). */
static int
set_prev(struct dnstk_reader *r, const uint8_t *w, size_t n)
{
	if (r->prev != NULL && ldns_rdf_size(r->prev) == n &&
	    memcmp(ldns_rdf_data(r->prev), w, n) == 0) {
		return 0;
	}
	ldns_rdf_deep_free(r->prev);
	r->prev = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, n, w);
	return r->prev == NULL ? DNSTK_ENOMEM : 0;
}

/*
 * The entry in r->joined through the fast path (fastrr.h) into `out`:
 * 1 done, 0 when some part is not plain (nothing changed: the caller
 * reads it through ldns, which also says what is wrong), DNSTK_ENOMEM.
 */
static int
entry_fast(struct dnstk_reader *r, struct dnstk_buf *out,
    unsigned long line)
{
	struct entry_head h = { 0, false, LDNS_RR_CLASS_IN, false, 0 };
	const uint8_t *origin = ldns_rdf_data(r->origin);
	size_t olen = ldns_rdf_size(r->origin), n, ol, at;
	const char *p = r->joined.data, *q;
	struct dnstk_err quiet = DNSTK_ERR_INIT;
	uint8_t ow[255], head[10];
	int rc;

	if (*p == ' ' || *p == '\t') {
		if (r->prev == NULL) {
			return 0;
		}
		ol = ldns_rdf_size(r->prev);
		memcpy(ow, ldns_rdf_data(r->prev), ol);
	} else {
		q = p;
		n = field(&q);
		if (!dnstk_in_fast_name(ow, &ol, q, n, origin, olen)) {
			return 0;
		}
		p = q + n;
	}
	if (entry_ttl_class(r, &h, &p, line, &quiet) != 0 ||
	    entry_type(r, &h, &p, line, &quiet) != 0) {
		return 0;
	}
	p += strspn(p, " \t");
	if (p[0] == '\\' && p[1] == '#') {
		return 0;	/* RFC 3597: rdata.c */
	}
	if (!h.have_ttl) {
		h.ttl = r->have_ttl ? r->default_ttl : r->last_ttl != 0 ?
		    r->last_ttl : 3600;
	}
	head[0] = (uint8_t)(h.type >> 8);
	head[1] = (uint8_t)h.type;
	head[2] = (uint8_t)(h.cls >> 8);
	head[3] = (uint8_t)h.cls;
	head[4] = (uint8_t)(h.ttl >> 24);
	head[5] = (uint8_t)(h.ttl >> 16);
	head[6] = (uint8_t)(h.ttl >> 8);
	head[7] = (uint8_t)h.ttl;
	head[8] = head[9] = 0;
	dnstk_buf_reset(out);
	if (dnstk_buf_add(out, ow, ol) != 0 ||
	    dnstk_buf_add(out, head, sizeof(head)) != 0) {
		return DNSTK_ENOMEM;
	}
	at = out->len;
	rc = dnstk_in_fast_rdata(out, (uint16_t)h.type, p, origin, olen);
	if (rc != 1) {
		dnstk_buf_reset(out);
		return rc;
	}
	out->data[at - 2] = (char)((out->len - at) >> 8);
	out->data[at - 1] = (char)(out->len - at);
	if (set_prev(r, ow, ol) != 0) {
		return DNSTK_ENOMEM;
	}
	r->last_ttl = h.ttl;
	return 1;
}

/* One entry as wire: the fast path, else ldns's. */
static int
entry_wire(struct dnstk_reader *r, struct dnstk_buf *out,
    unsigned long line, struct dnstk_err *err)
{
	ldns_rr *rr = NULL;
	int rc;

	rc = entry_fast(r, out, line);
	if (rc == 1) {
		return 0;
	}
	if (rc < 0) {
		return dnstk_in_nomem(r, err);
	}
	rc = dnstk_in_parse_entry(r, &rr, line, err);
	if (rc != 0) {
		return rc;
	}
	dnstk_buf_reset(out);
	rc = rr_to_wire(out, rr);
	ldns_rr_free(rr);
	if (rc == DNSTK_ENOMEM) {
		return dnstk_in_nomem(r, err);
	}
	if (rc != 0) {
		return dnstk_in_fail(r, err, line, "rdata too long%s", "");
	}
	return 0;
}

int
dnstk_reader_rr_wire(struct dnstk_reader *r, struct dnstk_buf *out,
    struct dnstk_err *err)
{
	ldns_rr *rr = NULL;
	int rc;

	if (r->form != DNSTK_FORM_TEXT) {
		/* the first unit tells the form; hex and JSON go by ldns_rr */
		rc = dnstk_reader_rr(r, &rr, err);
		if (rc != 1) {
			return rc;
		}
		dnstk_buf_reset(out);
		rc = rr_to_wire(out, rr);
		ldns_rr_free(rr);
		if (rc != 0) {
			return rc == DNSTK_ENOMEM ? dnstk_in_nomem(r, err) :
			    dnstk_in_fail(r, err, r->unit_line,
			    "rdata too long%s", "");
		}
		return 1;
	}
	rc = next_entry(r, err);
	if (rc != 1) {
		return rc;
	}
	rc = entry_wire(r, out, r->unit_line, err);
	return rc == 0 ? 1 : rc;
}
