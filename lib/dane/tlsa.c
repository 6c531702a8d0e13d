/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLSA records: owner names, the RFC 7218 acronyms, and readers for bare
 * rdata lines and whole records.  ldns parses whole TLSA records (with the
 * acronyms) but has no parser for rdata alone, as `dig +short` prints it,
 * so that one is here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dane/tlsa.h"
#include "in/reader.h"
#include "util/buf.h"
#include "util/num.h"

void
dnstk_tlsa_release(struct dnstk_tlsa *t)
{
	free(t->data);
	memset(t, 0, sizeof(*t));
}

void
dnstk_tlsa_set_init(struct dnstk_tlsa_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
dnstk_tlsa_set_release(struct dnstk_tlsa_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		dnstk_tlsa_release(&s->v[i]);
	}
	free(s->v);
	dnstk_tlsa_set_init(s);
}

int
dnstk_tlsa_set_add(struct dnstk_tlsa_set *s, const struct dnstk_tlsa *t)
{
	struct dnstk_tlsa *nv;
	uint8_t *d;

	if (s->n >= DNSTK_TLSA_RECORDS_MAX) {
		return DNSTK_EINPUT;
	}
	nv = dnstk_array_grow(s->v, s->n, &s->cap, sizeof(*nv), 8);
	if (nv == NULL) {
		return DNSTK_ENOMEM;
	}
	s->v = nv;
	d = malloc(t->len > 0 ? t->len : 1);
	if (d == NULL) {
		return DNSTK_ENOMEM;
	}
	if (t->len > 0) {
		memcpy(d, t->data, t->len);
	}
	s->v[s->n] = *t;
	s->v[s->n].data = d;
	s->n++;
	return 0;
}

int
dnstk_tlsa_base_name(char *dst, size_t cap, const char *host)
{
	size_t n = strlen(host);

	if (n > 0 && host[n - 1] == '.' && (n < 2 || host[n - 2] != '\\')) {
		n--;
	}
	if (n == 0 || n >= cap) {
		return DNSTK_EINPUT;
	}
	memcpy(dst, host, n);
	dst[n] = '\0';
	return 0;
}

int
dnstk_tlsa_owner(struct dnstk_buf *out, uint16_t port, const char *proto,
    const char *host)
{
	char base[1024];
	size_t at = out->len;
	ldns_rdf *name = NULL;
	ldns_status st;
	int r;

	if (dnstk_tlsa_base_name(base, sizeof(base), host) != 0) {
		return DNSTK_EINPUT;
	}
	r = dnstk_buf_addf(out, "_%u._%s.%s.", (unsigned)port, proto, base);
	if (r != 0) {
		return r;
	}
	/* ldns checks the label and name lengths. */
	st = ldns_str2rdf_dname(&name, out->data + at);
	if (st != LDNS_STATUS_OK) {
		dnstk_buf_truncate(out, at);
		return st == LDNS_STATUS_MEM_ERR ? DNSTK_ENOMEM : DNSTK_EINPUT;
	}
	ldns_rdf_deep_free(name);
	return 0;
}

static const char *const usage_names[] = {
	"PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE",
};
static const char *const selector_names[] = { "CERT", "SPKI" };
static const char *const mtype_names[] = { "FULL", "SHA2-256", "SHA2-512" };

const char *
dnstk_tlsa_usage_name(unsigned v)
{
	return v < 4 ? usage_names[v] : v == 255 ? "PrivCert" : NULL;
}

const char *
dnstk_tlsa_selector_name(unsigned v)
{
	return v < 2 ? selector_names[v] : v == 255 ? "PrivSel" : NULL;
}

const char *
dnstk_tlsa_mtype_name(unsigned v)
{
	return v < 3 ? mtype_names[v] : v == 255 ? "PrivMatch" : NULL;
}

int
dnstk_tlsa_field_parse(int which, const char *s)
{
	const char *(*name)(unsigned) = which == 0 ? dnstk_tlsa_usage_name :
	    which == 1 ? dnstk_tlsa_selector_name : dnstk_tlsa_mtype_name;
	const char *why;
	long long v;
	unsigned i;

	if (dnstk_strtonum(&v, s, 0, 255, &why) == 0) {
		return (int)v;
	}
	for (i = 0; i < 256; i++) {
		if (name(i) != NULL && strcasecmp(name(i), s) == 0) {
			return (int)i;
		}
	}
	return -1;
}

const char *
dnstk_tlsa_unusable(const struct dnstk_tlsa *t)
{
	if (t->usage > DNSTK_TLSA_DANE_EE) {
		return "unknown certificate usage";
	}
	if (t->selector > DNSTK_TLSA_SPKI) {
		return "unknown selector";
	}
	if (t->mtype > DNSTK_TLSA_SHA2_512) {
		return "unknown matching type";
	}
	if (t->mtype == DNSTK_TLSA_SHA2_256 && t->len != 32) {
		return "SHA2-256 data is not 32 octets";
	}
	if (t->mtype == DNSTK_TLSA_SHA2_512 && t->len != 64) {
		return "SHA2-512 data is not 64 octets";
	}
	if (t->len == 0) {
		return "no association data";
	}
	return NULL;
}

bool
dnstk_tlsa_set_needs_store(const struct dnstk_tlsa_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		if (dnstk_tlsa_unusable(&set->v[i]) == NULL &&
		    set->v[i].usage <= DNSTK_TLSA_PKIX_EE) {
			return true;
		}
	}
	return false;
}

/* Split `text` into blank- and parenthesis-separated tokens (in place). */
static size_t
tokens(char *text, char **tok, size_t max)
{
	size_t n = 0;
	char *p = text;

	for (;;) {
		while (*p != '\0' && (isspace((unsigned char)*p) || *p == '(' ||
		    *p == ')')) {
			*p++ = '\0';
		}
		if (*p == '\0') {
			return n;
		}
		if (n == max) {
			return max + 1;
		}
		tok[n++] = p;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != '(' &&
		    *p != ')') {
			p++;
		}
	}
}

/* Decode hex pieces tok[0..n) into a new buffer.  0 or DNSTK_E*. */
static int
hex_pieces(uint8_t **out, size_t *outlen, char **tok, size_t n,
    const char **why)
{
	size_t total = 0, i, len = 0;
	uint8_t *d;
	long got;

	for (i = 0; i < n; i++) {
		total += strlen(tok[i]);
		if (total > 2 * (size_t)DNSTK_TLSA_DATA_MAX + 1) {
			*why = "association data longer than 65532 octets";
			return DNSTK_EINPUT;
		}
	}
	if (total % 2 != 0) {
		*why = "odd number of hex digits";
		return DNSTK_EINPUT;
	}
	d = malloc(total / 2 + 1);
	if (d == NULL) {
		return DNSTK_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		size_t tl = strlen(tok[i]);

		/* A piece may split a byte ("ab c d"): decode digit pairs. */
		for (size_t j = 0; j < tl; j++) {
			int v = dnstk_hexval((unsigned char)tok[i][j]);

			if (v < 0) {
				free(d);
				*why = "association data is not hex";
				return DNSTK_EINPUT;
			}
			if (len % 2 == 0) {
				d[len / 2] = (uint8_t)(v << 4);
			} else {
				d[len / 2] |= (uint8_t)v;
			}
			len++;
		}
	}
	got = (long)(len / 2);
	*out = d;
	*outlen = (size_t)got;
	return 0;
}

int
dnstk_tlsa_parse_rdata(struct dnstk_tlsa *t, const char *text,
    const char **why)
{
	enum { TOK_MAX = 4096 };
	char **tok = NULL, *copy = NULL;
	uint8_t *raw = NULL;
	size_t n, rawlen = 0;
	int f[3], r = DNSTK_EINPUT, i;
	long long declared;

	memset(t, 0, sizeof(*t));
	copy = strdup(text);
	tok = malloc(sizeof(*tok) * (TOK_MAX + 1));
	if (copy == NULL || tok == NULL) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	n = tokens(copy, tok, TOK_MAX);
	if (n > TOK_MAX) {
		*why = "too many fields";
		goto out;
	}
	if (n >= 1 && strcmp(tok[0], "\\#") == 0) {
		if (n < 2 || dnstk_strtonum(&declared, tok[1], 0, 65535,
		    why) != 0) {
			*why = "RFC 3597 form without a valid length";
			goto out;
		}
		r = hex_pieces(&raw, &rawlen, tok + 2, n - 2, why);
		if (r != 0) {
			goto out;
		}
		r = DNSTK_EINPUT;
		if ((long long)rawlen != declared) {
			*why = "RFC 3597 length differs from the hex data";
			goto out;
		}
		if (rawlen < 3) {
			*why = "TLSA rdata shorter than 3 octets";
			goto out;
		}
		t->usage = raw[0];
		t->selector = raw[1];
		t->mtype = raw[2];
		t->len = rawlen - 3;
		memmove(raw, raw + 3, t->len);
		t->data = raw;
		raw = NULL;
		r = 0;
		goto out;
	}
	if (n < 3) {
		*why = "expected usage, selector, matching type and data";
		goto out;
	}
	for (i = 0; i < 3; i++) {
		f[i] = dnstk_tlsa_field_parse(i, tok[i]);
		if (f[i] < 0) {
			*why = i == 0 ? "bad certificate usage" : i == 1 ?
			    "bad selector" : "bad matching type";
			goto out;
		}
	}
	if (n == 3) {
		*why = "no association data";
		goto out;
	}
	r = hex_pieces(&t->data, &t->len, tok + 3, n - 3, why);
	if (r != 0) {
		goto out;
	}
	t->usage = (uint8_t)f[0];
	t->selector = (uint8_t)f[1];
	t->mtype = (uint8_t)f[2];
out:
	free(raw);
	free(tok);
	free(copy);
	return r;
}

int
dnstk_tlsa_from_rr(struct dnstk_tlsa *t, const ldns_rr *rr)
{
	ldns_buffer *b = NULL;
	const uint8_t *w;
	size_t n;
	int r = DNSTK_EINPUT;

	memset(t, 0, sizeof(*t));
	if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TLSA) {
		return DNSTK_EINPUT;
	}
	b = ldns_buffer_new(512);
	if (b == NULL) {
		return DNSTK_ENOMEM;
	}
	if (ldns_rr_rdata2buffer_wire(b, rr) != LDNS_STATUS_OK) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	w = ldns_buffer_begin(b);
	n = ldns_buffer_position(b);
	if (n < 3) {
		goto out;
	}
	t->data = malloc(n - 3 > 0 ? n - 3 : 1);
	if (t->data == NULL) {
		r = DNSTK_ENOMEM;
		goto out;
	}
	t->usage = w[0];
	t->selector = w[1];
	t->mtype = w[2];
	t->len = n - 3;
	memcpy(t->data, w + 3, t->len);
	t->ttl = ldns_rr_ttl(rr);
	r = 0;
out:
	ldns_buffer_free(b);
	return r;
}

int
dnstk_tlsa_format(struct dnstk_buf *out, const struct dnstk_tlsa *t,
    bool mnemonic)
{
	const char *u = dnstk_tlsa_usage_name(t->usage);
	const char *s = dnstk_tlsa_selector_name(t->selector);
	const char *m = dnstk_tlsa_mtype_name(t->mtype);
	size_t at = out->len;
	int r = 0;

	if (mnemonic && u != NULL) {
		r = dnstk_buf_adds(out, u);
	} else {
		r = dnstk_buf_addf(out, "%u", t->usage);
	}
	if (r == 0 && mnemonic && s != NULL) {
		r = dnstk_buf_addf(out, " %s", s);
	} else if (r == 0) {
		r = dnstk_buf_addf(out, " %u", t->selector);
	}
	if (r == 0 && mnemonic && m != NULL) {
		r = dnstk_buf_addf(out, " %s", m);
	} else if (r == 0) {
		r = dnstk_buf_addf(out, " %u", t->mtype);
	}
	if (r == 0) {
		r = dnstk_buf_addc(out, ' ');
	}
	if (r == 0 && t->len == 0) {
		/* Only the generic form can show empty data. */
		dnstk_buf_truncate(out, at);
		r = dnstk_buf_addf(out, "\\# 3 %02x%02x%02x", t->usage,
		    t->selector, t->mtype);
	} else if (r == 0) {
		r = dnstk_buf_addhex(out, t->data, t->len);
	}
	if (r != 0) {
		dnstk_buf_truncate(out, at);
	}
	return r;
}

int
dnstk_tlsa_format_rr(struct dnstk_buf *out, const char *owner, uint32_t ttl,
    const struct dnstk_tlsa *t)
{
	size_t at = out->len;
	int r;

	r = dnstk_buf_addf(out, "%s %lu IN TLSA ", owner, (unsigned long)ttl);
	if (r == 0) {
		r = dnstk_tlsa_format(out, t, false);
	}
	if (r == 0) {
		r = dnstk_buf_addc(out, '\n');
	}
	if (r != 0) {
		dnstk_buf_truncate(out, at);
	}
	return r;
}

/* Is `line` (comments stripped) the start of bare rdata?  1, 0, -1 OOM. */
static int
bare_line(const char *line)
{
	char *copy, *tok[5];
	size_t n;
	int yes = 0;

	copy = strdup(line);
	if (copy == NULL) {
		return -1;
	}
	n = tokens(copy, tok, 4);
	if (n >= 1 && strcmp(tok[0], "\\#") == 0) {
		yes = 1;
	} else if (n >= 3 && dnstk_tlsa_field_parse(0, tok[0]) >= 0 &&
	    dnstk_tlsa_field_parse(1, tok[1]) >= 0 &&
	    dnstk_tlsa_field_parse(2, tok[2]) >= 0 &&
	    (n >= 4 || strchr(line, '(') != NULL)) {
		yes = 1;
	}
	free(copy);
	return yes;
}

/*
 * The first line of `data` that is not blank or a comment, as a copy;
 * NULL with *oom set when out of memory.
 */
static char *
first_line(const char *data, size_t len, bool *oom)
{
	size_t i = 0, s, e;
	char *l;

	while (i < len) {
		s = i;
		while (i < len && data[i] != '\n') {
			i++;
		}
		e = i++;
		while (s < e && isspace((unsigned char)data[s])) {
			s++;
		}
		if (s == e || data[s] == ';' || data[s] == '#') {
			continue;
		}
		l = malloc(e - s + 1);
		*oom = l == NULL;
		if (l != NULL) {
			memcpy(l, data + s, e - s);
			l[e - s] = '\0';
			/* Cut a trailing comment. */
			for (char *p = l; *p != '\0'; p++) {
				if (*p == ';') {
					*p = '\0';
					break;
				}
			}
		}
		return l;
	}
	return NULL;
}

static void
warnf(dnstk_tlsa_warn_fn *warn, void *ctx, const char *source,
    unsigned long line, const char *fmt, const char *arg)
{
	char msg[DNSTK_ERR_MSG_MAX];

	if (warn != NULL) {
		snprintf(msg, sizeof(msg), fmt, arg);
		warn(ctx, source, line, msg);
	}
}

/*
 * Add t (released after) to `out`, found at `line` of `source`: 0,
 * DNSTK_ENOMEM, or DNSTK_EINPUT with err set past the record limit.
 */
static int
set_add(struct dnstk_tlsa_set *out, struct dnstk_tlsa *t, const char *source,
    unsigned long line, struct dnstk_err *err)
{
	int r = dnstk_tlsa_set_add(out, t);

	dnstk_tlsa_release(t);
	if (r == DNSTK_EINPUT) {
		r = dnstk_err_set(err, r, source, line,
		    "more than %d TLSA records", DNSTK_TLSA_RECORDS_MAX);
	}
	return r;
}

/* A reader over records in memory, and the owner they must have. */
struct mem_in {
	FILE *fp;
	struct dnstk_reader rd;
	bool rd_ok;
	ldns_rdf *want;		/* NULL: any owner */
};

/* Open `mi` on data[0..len); 0 or an error code (err set for input). */
static int
mem_in_open(struct mem_in *mi, const char *data, size_t len,
    const char *source, enum dnstk_form form, const char *owner,
    struct dnstk_err *err)
{
	int r;

	memset(mi, 0, sizeof(*mi));
	if (owner != NULL && ldns_str2rdf_dname(&mi->want, owner) !=
	    LDNS_STATUS_OK) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "bad owner name '%s'", owner);
	}
	mi->fp = fmemopen((void *)data, len, "r");
	if (mi->fp == NULL) {
		return errno == ENOMEM ? DNSTK_ENOMEM : -errno;
	}
	r = dnstk_reader_init(&mi->rd, mi->fp, source, form);
	mi->rd_ok = r == 0;
	return r;
}

static void
mem_in_close(struct mem_in *mi)
{
	if (mi->rd_ok) {
		dnstk_reader_release(&mi->rd);
	}
	if (mi->fp != NULL) {
		fclose(mi->fp);
	}
	ldns_rdf_deep_free(mi->want);
}

/*
 * Add the line data[s, e) (line `line` of an entry begun at `start`) to
 * the entry, without its comment, counting parentheses in *depth.
 * Returns 0, DNSTK_ENOMEM, or DNSTK_EINPUT with err set.
 */
static int
entry_add_line(struct dnstk_buf *entry, int *depth, const char *data,
    size_t s, size_t e, const char *source, unsigned long line,
    unsigned long start, struct dnstk_err *err)
{
	size_t j;
	char c;
	int r;

	for (j = s; j < e; j++) {
		c = data[j];
		if (c == ';') {
			break;
		}
		if (c == '\0') {
			return dnstk_err_set(err, DNSTK_EINPUT, source, line,
			    "NUL byte in input");
		}
		if (c == '(') {
			(*depth)++;
		} else if (c == ')' && --*depth < 0) {
			return dnstk_err_set(err, DNSTK_EINPUT, source, line,
			    "unbalanced ')'");
		}
		if (entry->len > DNSTK_LINE_MAX) {
			return dnstk_err_set(err, DNSTK_EINPUT, source, start,
			    "record longer than %d bytes", DNSTK_LINE_MAX);
		}
		r = dnstk_buf_addc(entry, c);
		if (r != 0) {
			return r;
		}
	}
	return dnstk_buf_addc(entry, ' ');
}

/*
 * Is the entry nothing to read: blank, or one name ending in a dot (dig
 * +short prints a CNAME's target first; that one is warned about)?
 */
static bool
entry_skip(struct dnstk_buf *entry, const char *source, unsigned long start,
    dnstk_tlsa_warn_fn *warn, void *ctx)
{
	char *p = entry->data, *q;

	while (isspace((unsigned char)*p)) {
		p++;
	}
	if (*p == '\0') {
		return true;
	}
	q = p + strlen(p);
	while (q > p && isspace((unsigned char)q[-1])) {
		q--;
	}
	if (q > p && q[-1] == '.' && strcspn(p, " \t") == (size_t)(q - p)) {
		*q = '\0';
		warnf(warn, ctx, source, start, "skipping '%s': not TLSA "
		    "rdata (a CNAME target?)", p);
		return true;
	}
	return false;
}

/* The entry's TLSA rdata, begun at line `start`, into `out`. */
static int
entry_parse(struct dnstk_tlsa_set *out, const char *entry, const char *source,
    unsigned long start, struct dnstk_err *err)
{
	struct dnstk_tlsa t;
	const char *why = NULL;
	int r;

	memset(&t, 0, sizeof(t));
	r = dnstk_tlsa_parse_rdata(&t, entry, &why);
	if (r == DNSTK_EINPUT) {
		r = dnstk_err_set(err, r, source, start, "bad TLSA rdata: %s",
		    why);
	}
	if (r == 0) {
		t.line = start;
		t.ttl = 3600;
		return set_add(out, &t, source, start, err);
	}
	dnstk_tlsa_release(&t);
	return r;
}

/* Is [s, e) a line whose first non-blank is '#' (a comment in bare
 * rdata; RFC 3597's generic form starts with "\\#", never '#')? */
static bool
hash_comment(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s)) {
		s++;
	}
	return s < e && *s == '#';
}

/* Bare rdata lines: one record per logical line (parentheses join);
 * a line beginning with '#' or ';' is a comment. */
static int
read_bare(struct dnstk_tlsa_set *out, const char *data, size_t len,
    const char *source, dnstk_tlsa_warn_fn *warn, void *ctx,
    struct dnstk_err *err)
{
	struct dnstk_buf entry;
	unsigned long line = 0, start = 0;
	size_t i = 0, s, e;
	int depth = 0, r = 0;

	dnstk_buf_init(&entry);
	while (i < len && r == 0) {
		s = i;
		while (i < len && data[i] != '\n') {
			i++;
		}
		e = i++;
		line++;
		if (depth == 0) {
			dnstk_buf_reset(&entry);
			start = line;
			if (hash_comment(data + s, data + e)) {
				continue;	/* as first_line() skips it */
			}
		}
		r = entry_add_line(&entry, &depth, data, s, e, source, line,
		    start, err);
		if (r != 0 || depth > 0 ||
		    entry_skip(&entry, source, start, warn, ctx)) {
			continue;
		}
		r = entry_parse(out, entry.data, source, start, err);
	}
	if (r == 0 && depth > 0) {
		r = dnstk_err_set(err, DNSTK_EINPUT, source, start,
		    "unbalanced '(': no ')' before the end");
	}
	dnstk_buf_release(&entry);
	return r;
}

/* Whole records through lib/in's reader. */
static int
read_rrs(struct dnstk_tlsa_set *out, const char *data, size_t len,
    const char *source, enum dnstk_form form, const char *owner,
    dnstk_tlsa_warn_fn *warn, void *ctx, struct dnstk_err *err)
{
	struct mem_in mi;
	struct dnstk_tlsa t;
	struct dnstk_buf name;
	ldns_rr *rr = NULL;
	int r;

	memset(&t, 0, sizeof(t));
	dnstk_buf_init(&name);
	r = mem_in_open(&mi, data, len, source, form, owner, err);
	if (r != 0) {
		goto out;
	}
	while ((r = dnstk_reader_rr(&mi.rd, &rr, err)) == 1) {
		unsigned long line = mi.rd.unit_line;
		ldns_rr_type type = ldns_rr_get_type(rr);

		dnstk_buf_reset(&name);
		if (type == LDNS_RR_TYPE_RRSIG) {
			goto next;
		}
		if (type != LDNS_RR_TYPE_TLSA) {
			r = dnstk_type_name(&name, type);
			if (r != 0) {
				goto out;
			}
			/* "an A", "an MX", "a TXT": as the letters sound */
			warnf(warn, ctx, source, line, strchr("AEFHILMNORSX",
			    name.data[0]) != NULL ? "ignoring an %s record: "
			    "not TLSA" : "ignoring a %s record: not TLSA",
			    name.data);
			goto next;
		}
		if (mi.want != NULL && ldns_dname_compare(ldns_rr_owner(rr),
		    mi.want) != 0) {
			char *o = ldns_rdf2str(ldns_rr_owner(rr));

			if (o == NULL) {
				r = DNSTK_ENOMEM;
				goto out;
			}
			r = dnstk_buf_addf(&name, "ignoring TLSA of '%s': "
			    "the owner is not '%s'", o, owner);
			free(o);
			if (r != 0) {
				goto out;
			}
			warnf(warn, ctx, source, line, "%s", name.data);
			goto next;
		}
		r = dnstk_tlsa_from_rr(&t, rr);
		if (r == DNSTK_EINPUT) {
			r = dnstk_err_set(err, r, source, line,
			    "TLSA rdata shorter than 3 octets");
		}
		if (r != 0) {
			goto out;
		}
		t.line = line;
		r = set_add(out, &t, source, line, err);
		if (r != 0) {
			goto out;
		}
next:
		ldns_rr_free(rr);
		rr = NULL;
	}
out:
	ldns_rr_free(rr);
	dnstk_tlsa_release(&t);
	mem_in_close(&mi);
	dnstk_buf_release(&name);
	return r;
}

/*
 * Whole messages (dnstk-query -j or -w output): the TLSA records of the
 * answer sections.  Returns as read_rrs.
 */
static int
read_msgs(struct dnstk_tlsa_set *out, const char *data, size_t len,
    const char *source, enum dnstk_form form, const char *owner,
    struct dnstk_err *err)
{
	struct mem_in mi;
	struct dnstk_msg *m = NULL;
	struct dnstk_tlsa t;
	size_t i;
	int r;

	memset(&t, 0, sizeof(t));
	r = mem_in_open(&mi, data, len, source, form, owner, err);
	if (r != 0) {
		goto out;
	}
	while ((r = dnstk_reader_msg(&mi.rd, &m, err)) == 1) {
		ldns_rr_list *ans = m->sec[DNSTK_SEC_ANSWER];

		for (i = 0; ans != NULL && i < ldns_rr_list_rr_count(ans);
		    i++) {
			ldns_rr *rr = ldns_rr_list_rr(ans, i);

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TLSA ||
			    (mi.want != NULL && ldns_dname_compare(
			    ldns_rr_owner(rr), mi.want) != 0) ||
			    dnstk_tlsa_from_rr(&t, rr) != 0) {
				continue;
			}
			t.line = mi.rd.unit_line;
			r = set_add(out, &t, source, t.line, err);
			if (r != 0) {
				goto out;
			}
		}
		dnstk_msg_free(m);
		m = NULL;
	}
out:
	dnstk_msg_free(m);
	mem_in_close(&mi);
	return r;
}

int
dnstk_tlsa_read_mem(struct dnstk_tlsa_set *out, const char *data, size_t len,
    const char *source, enum dnstk_form form, const char *owner,
    dnstk_tlsa_warn_fn *warn, void *ctx, struct dnstk_err *err)
{
	char *first;
	bool bare = false;
	size_t n0;
	int r;

	if (len == 0) {
		return 0;
	}
	if (form == DNSTK_FORM_AUTO || form == DNSTK_FORM_TEXT) {
		bool oom = false;
		int b = 0;

		first = first_line(data, len, &oom);
		if (first != NULL) {
			b = bare_line(first);
		}
		free(first);
		if (oom || b < 0) {
			return DNSTK_ENOMEM;
		}
		bare = b == 1;
	}
	if (bare) {
		return read_bare(out, data, len, source, warn, ctx, err);
	}
	n0 = out->n;
	r = read_rrs(out, data, len, source, form, owner, warn, ctx, err);
	if (r == DNSTK_EINPUT && out->n == n0 && form != DNSTK_FORM_TEXT) {
		/* Perhaps whole messages in hex or JSON: try them. */
		struct dnstk_err e2 = DNSTK_ERR_INIT;

		if (read_msgs(out, data, len, source, form, owner, &e2) ==
		    0) {
			if (err != NULL) {
				dnstk_err_init(err);
			}
			return 0;
		}
		/* Keep the first error; drop what the retry read. */
		while (out->n > n0) {
			dnstk_tlsa_release(&out->v[--out->n]);
		}
	}
	return r;
}

int
dnstk_tlsa_read(struct dnstk_tlsa_set *out, FILE *fp, const char *source,
    enum dnstk_form form, const char *owner, dnstk_tlsa_warn_fn *warn,
    void *ctx, struct dnstk_err *err)
{
	struct dnstk_buf all;
	char chunk[65536];
	size_t n;
	int r = 0;

	dnstk_buf_init(&all);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (all.len + n > DNSTK_TLSA_INPUT_MAX) {
			r = dnstk_err_set(err, DNSTK_EINPUT, source, 0,
			    "input larger than %d bytes", DNSTK_TLSA_INPUT_MAX);
			goto out;
		}
		r = dnstk_buf_add(&all, chunk, n);
		if (r != 0) {
			goto out;
		}
	}
	if (ferror(fp)) {
		r = dnstk_err_set(err, -EIO, source, 0, "read error");
		goto out;
	}
	r = dnstk_tlsa_read_mem(out, all.data, all.len, source, form, owner,
	    warn, ctx, err);
out:
	dnstk_buf_release(&all);
	return r;
}
