/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-canon-sort: read all records, sort them canonically, write them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "cli/cli.h"
#include "dns/msg.h"
#include "dns/rrset.h"
#include "in/reader.h"
#include "tool/canon_sort.h"
#include "util/json.h"

#define FLUSH_AT (64 * 1024)

void
dnstk_canon_args_init(struct dnstk_canon_args *a)
{
	memset(a, 0, sizeof(*a));
	a->in = DNSTK_FORM_AUTO;
	a->out = DNSTK_FORM_TEXT;
	a->section = DNSTK_CANON_ALL_SECTIONS;
}

struct canon_ctx {
	const struct dnstk_canon_args *a;
	struct dnstk_rrtab tab;
	const char **sources;	/* source name per file index */
	struct dnstk_buf buf;	/* output being built */
	FILE *out;
};

/* ---- input ------------------------------------------------------------ */

/* Read all of `fp` into `b`; 0, DNSTK_ENOMEM or -errno. */
static int
slurp(struct dnstk_buf *b, FILE *fp)
{
	size_t n;

	for (;;) {
		if (dnstk_buf_grow(b, 1 << 16) != 0) {
			return DNSTK_ENOMEM;
		}
		n = fread(b->data + b->len, 1, b->cap - b->len - 1, fp);
		b->len += n;
		b->data[b->len] = '\0';
		if (n == 0) {
			return ferror(fp) ? -EIO : 0;
		}
	}
}

static bool
blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isspace((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* A line of only hex digits and blanks (before any '#'), as the reader. */
static bool
hex_line(const char *s, size_t n, bool *empty)
{
	size_t i;

	*empty = true;
	for (i = 0; i < n && s[i] != '#'; i++) {
		if (isxdigit((unsigned char)s[i])) {
			*empty = false;
		} else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
			return false;
		}
	}
	return true;
}

static bool
hex_is_message(const char *s, size_t n)
{
	struct dnstk_buf w;
	struct dnstk_msg *m = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	size_t i;
	int hi = -1, v;
	bool ok = false;

	dnstk_buf_init(&w);
	for (i = 0; i < n && s[i] != '#'; i++) {
		if (!isxdigit((unsigned char)s[i])) {
			continue;
		}
		v = isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    tolower((unsigned char)s[i]) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else if (dnstk_buf_addc(&w, (char)(hi << 4 | v)) != 0) {
			goto out;
		} else {
			hi = -1;
		}
	}
	if (hi < 0 && dnstk_msg_from_wire(&m, (uint8_t *)w.data, w.len,
	    &e) == 0) {
		ok = true;
	}
out:
	dnstk_msg_free(m);
	dnstk_buf_release(&w);
	return ok;
}

static bool
json_is_message(const char *s, size_t n)
{
	struct dnstk_json *j = NULL;
	const char *why;
	bool ok;

	if (dnstk_json_parse(&j, s, n, &why) != 0) {
		return false;	/* the reader will say what is wrong */
	}
	ok = dnstk_json_get(j, "ID") != NULL;
	dnstk_json_free(j);
	return ok;
}

/*
 * Does the input hold messages?  Looks at the first line that is not
 * blank (or, for text, the leading comment lines, where dig puts its
 * header) the way the reader detects forms.
 */
static bool
holds_messages(const struct dnstk_canon_args *a, const char *d, size_t len)
{
	const char *p = d, *e, *end = d + len;
	bool empty;
	size_t n;

	if (a->section_given) {
		return true;
	}
	for (; p < end; p = e + 1) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL) {
			e = end;
		}
		n = (size_t)(e - p);
		if (blank_line(p, n)) {
			continue;
		}
		if (a->in == DNSTK_FORM_JSON ||
		    (a->in == DNSTK_FORM_AUTO && p[0] == '{')) {
			return json_is_message(p, n);
		}
		if (a->in == DNSTK_FORM_HEX || (a->in == DNSTK_FORM_AUTO &&
		    hex_line(p, n, &empty))) {
			if (a->in == DNSTK_FORM_HEX || !empty) {
				return hex_is_message(p, n);
			}
			continue;	/* a '#' comment line */
		}
		if (n >= 15 && strncmp(p, ";; ->>HEADER<<-", 15) == 0) {
			return true;
		}
		if (p[0] != ';') {
			return false;
		}
	}
	return false;
}

static int
add_rr(struct canon_ctx *c, const ldns_rr *rr, uint32_t src,
    unsigned long line, struct dnstk_err *err)
{
	int r = dnstk_rrtab_add(&c->tab, rr, src, (uint32_t)line);

	if (r == DNSTK_EINPUT) {
		return dnstk_err_set(err, r, c->sources[src], line,
		    "record cannot be put in wire form");
	}
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "out of memory");
	}
	return 0;
}

static int
add_msg(struct canon_ctx *c, const struct dnstk_msg *m, uint32_t src,
    unsigned long line, struct dnstk_err *err)
{
	int s, r;
	size_t i;
	const ldns_rr *rr;

	for (s = DNSTK_SEC_ANSWER; s < DNSTK_SEC_COUNT; s++) {
		if (c->a->section != DNSTK_CANON_ALL_SECTIONS &&
		    c->a->section != s) {
			continue;
		}
		for (i = 0; i < ldns_rr_list_rr_count(m->sec[s]); i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			/* OPT is a pseudo-record, not data to sort */
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT) {
				continue;
			}
			r = add_rr(c, rr, src, line, err);
			if (r != 0) {
				return r;
			}
		}
	}
	return 0;
}

static int
read_input(struct canon_ctx *c, const char *name, uint32_t src,
    struct dnstk_err *err)
{
	struct dnstk_reader r;
	struct dnstk_buf all;
	struct dnstk_msg *m;
	FILE *fp = NULL, *mem = NULL;
	ldns_rr *rr;
	bool msgs, inited = false;
	int rc;

	dnstk_buf_init(&all);
	if (strcmp(name, "-") == 0) {
		fp = stdin;
	} else if ((fp = fopen(name, "r")) == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0,
		    "cannot open '%s': %s", name, strerror(errno));
	}
	rc = slurp(&all, fp);
	if (rc != 0) {
		dnstk_err_set(err, rc, NULL, 0, "cannot read '%s': %s",
		    c->sources[src], rc == DNSTK_ENOMEM ? "out of memory" :
		    strerror(-rc));
		goto out;
	}
	if (all.len == 0) {
		goto out;
	}
	msgs = holds_messages(c->a, all.data, all.len);
	mem = fmemopen(all.data, all.len, "r");
	if (mem == NULL) {
		rc = dnstk_err_set(err, -errno, NULL, 0, "cannot read '%s': %s",
		    c->sources[src], strerror(errno));
		goto out;
	}
	rc = dnstk_reader_init(&r, mem, c->sources[src], c->a->in);
	if (rc != 0) {
		rc = dnstk_err_set(err, rc, NULL, 0, "out of memory");
		goto out;
	}
	inited = true;
	for (;;) {
		if (msgs) {
			m = NULL;
			rc = dnstk_reader_msg(&r, &m, err);
			if (rc != 1) {
				break;
			}
			rc = add_msg(c, m, src, r.unit_line, err);
			dnstk_msg_free(m);
		} else {
			rr = NULL;
			rc = dnstk_reader_rr(&r, &rr, err);
			if (rc != 1) {
				break;
			}
			rc = add_rr(c, rr, src, r.unit_line, err);
			ldns_rr_free(rr);
		}
		if (rc != 0) {
			break;
		}
	}
out:
	if (inited) {
		dnstk_reader_release(&r);
	}
	if (mem != NULL) {
		fclose(mem);
	}
	if (fp != NULL && fp != stdin) {
		fclose(fp);
	}
	dnstk_buf_release(&all);
	return rc;
}

/* ---- output ----------------------------------------------------------- */

static int
flush(struct canon_ctx *c, struct dnstk_err *err)
{
	int r = dnstk_buf_write(&c->buf, c->out);

	dnstk_buf_reset(&c->buf);
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "cannot write output: %s",
		    strerror(-r));
	}
	return 0;
}

static int
nomem(struct dnstk_err *err)
{
	return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "out of memory");
}

/* Append entry i in the chosen output form, with a newline. */
static int
put_record(struct canon_ctx *c, size_t i, struct dnstk_err *err)
{
	const struct dnstk_rrtab_ent *e = &c->tab.ent[i];
	ldns_rr *rr = NULL;
	size_t start = c->buf.len;
	int r;

	if (c->a->out == DNSTK_FORM_HEX) {
		struct dnstk_buf *b = &c->buf;
		size_t at;

		/* the canonical wire form, hexed in place after it */
		r = dnstk_rrtab_canon_wire(b, &c->tab, i, NULL);
		if (r != 0) {
			return nomem(err);
		}
		at = b->len;
		/* room first: addhex must not move the bytes it reads */
		r = dnstk_buf_grow(b, 2 * (at - start) + 1);
		if (r == 0) {
			r = dnstk_buf_addhex(b, (uint8_t *)b->data + start,
			    at - start);
		}
		if (r != 0 || dnstk_buf_addc(b, '\n') != 0) {
			dnstk_buf_truncate(b, start);
			return nomem(err);
		}
		memmove(b->data + start, b->data + at, b->len - at);
		dnstk_buf_truncate(b, start + (b->len - at));
		return 0;
	}
	if (c->a->out == DNSTK_FORM_TEXT) {
		r = dnstk_text_rr_wire(&c->buf, dnstk_rrtab_wire(&c->tab, i),
		    e->wire_len, e->owner_len, e->ttl, c->a->canonical);
		if (r != 0) {
			return r == 1 ? 0 : nomem(err);
		}
	}
	r = dnstk_rrtab_rr(&rr, &c->tab, i, c->a->canonical);
	if (r == DNSTK_EINPUT) {
		return dnstk_err_set(err, r, c->sources[e->src], e->line,
		    "record cannot be rendered");
	}
	if (r != 0) {
		return nomem(err);
	}
	r = dnstk_render_rr(&c->buf, rr, c->a->out);
	ldns_rr_free(rr);
	if (r != 0) {
		dnstk_buf_truncate(&c->buf, start);
		return nomem(err);
	}
	return 0;
}

/* Append "owner class type" of entry i, the owner in canonical form. */
static int
put_rrset_name(struct dnstk_buf *b, const struct canon_ctx *c, size_t i)
{
	const struct dnstk_rrtab_ent *e = &c->tab.ent[i];
	ldns_rdf *owner;
	char *s;
	int r;

	owner = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, e->owner_len,
	    dnstk_rrtab_wire(&c->tab, i));
	if (owner == NULL) {
		return DNSTK_ENOMEM;
	}
	ldns_dname2canonical(owner);
	s = ldns_rdf2str(owner);
	ldns_rdf_deep_free(owner);
	if (s == NULL) {
		return DNSTK_ENOMEM;
	}
	r = dnstk_buf_adds(b, s);
	free(s);
	r |= dnstk_buf_addc(b, ' ');
	r |= dnstk_class_name(b, dnstk_rrtab_class(&c->tab, i));
	r |= dnstk_buf_addc(b, ' ');
	r |= dnstk_type_name(b, dnstk_rrtab_type(&c->tab, i));
	return r != 0 ? DNSTK_ENOMEM : 0;
}

static int
put_rrset_comment(struct canon_ctx *c, size_t i, size_t end, bool fixed,
    struct dnstk_err *err)
{
	struct dnstk_buf *b = &c->buf;
	size_t start = b->len, j;
	uint32_t lo = c->tab.ent[i].ttl, hi = lo;
	int r;

	for (j = i; j < end; j++) {
		lo = c->tab.ent[j].ttl < lo ? c->tab.ent[j].ttl : lo;
		hi = c->tab.ent[j].ttl > hi ? c->tab.ent[j].ttl : hi;
	}
	r = dnstk_buf_adds(b, c->a->out == DNSTK_FORM_HEX ? "# " : "; ");
	r |= put_rrset_name(b, c, i);
	r |= dnstk_buf_addf(b, ": %zu record%s, ", end - i,
	    end - i == 1 ? "" : "s");
	if (dnstk_rrtab_ttl_differs(&c->tab, i, end)) {
		r |= dnstk_buf_addf(b, "TTLs differ (%u to %u)\n", lo, hi);
	} else if (lo != hi) {
		/* RRSIGs: each has the TTL of the RRset it covers */
		r |= dnstk_buf_addf(b, "TTLs of the covered RRsets (%u to "
		    "%u)%s\n", lo, hi, fixed ? ", fixed to the lowest of "
		    "each" : "");
	} else {
		r |= dnstk_buf_addf(b, "TTL %u%s\n", lo,
		    fixed ? " (fixed to the lowest)" : "");
	}
	if (r != 0) {
		dnstk_buf_truncate(b, start);
		return nomem(err);
	}
	return 0;
}

static int
write_records(struct canon_ctx *c, const bool *fixed_set,
    struct dnstk_err *err)
{
	size_t i = 0, j, end, set = 0;
	int r;

	while (i < c->tab.n) {
		end = c->a->rrsets ? dnstk_rrtab_rrset_end(&c->tab, i) : i + 1;
		if (c->a->rrsets) {
			r = put_rrset_comment(c, i, end,
			    fixed_set != NULL && fixed_set[set], err);
			if (r != 0) {
				return r;
			}
		}
		for (j = i; j < end; j++) {
			r = put_record(c, j, err);
			if (r != 0) {
				return r;
			}
		}
		if (c->a->rrsets && dnstk_buf_addc(&c->buf, '\n') != 0) {
			return nomem(err);
		}
		if (c->buf.len >= FLUSH_AT && (r = flush(c, err)) != 0) {
			return r;
		}
		set++;
		i = end;
	}
	return flush(c, err);
}

/* "; <the RRSIG in text without its signature>" */
static int
put_rrsig_comment(struct canon_ctx *c, size_t i, struct dnstk_err *err)
{
	ldns_rr *rr = NULL;
	ldns_rdf *sig;
	int r;

	r = dnstk_rrtab_rr(&rr, &c->tab, i, false);
	if (r != 0) {
		return r == DNSTK_ENOMEM ? nomem(err) :
		    dnstk_err_set(err, r, c->sources[c->tab.ent[i].src],
		    c->tab.ent[i].line, "record cannot be rendered");
	}
	sig = ldns_rr_pop_rdf(rr);
	ldns_rdf_deep_free(sig);
	r = dnstk_buf_adds(&c->buf, "; ");
	r |= dnstk_text_rr(&c->buf, rr);
	ldns_rr_free(rr);
	return r != 0 ? nomem(err) : 0;
}

/*
 * All of it is built before any is written: a bad RRSIG late in the
 * input must not leave earlier output behind.
 */
static int
write_signed_data(struct canon_ctx *c, struct dnstk_err *err)
{
	struct dnstk_buf data;
	const char *why = "";
	size_t i, count;
	int r = 0;

	dnstk_buf_init(&data);
	for (i = 0; i < c->tab.n && r == 0; i++) {
		if (dnstk_rrtab_type(&c->tab, i) != LDNS_RR_TYPE_RRSIG) {
			continue;
		}
		dnstk_buf_reset(&data);
		r = dnstk_rrtab_signed_data(&data, &c->tab, i, &count, &why);
		if (r == DNSTK_EINPUT) {
			r = dnstk_err_set(err, r,
			    c->sources[c->tab.ent[i].src], c->tab.ent[i].line,
			    "%s", why);
			break;
		}
		if (r != 0) {
			r = nomem(err);
			break;
		}
		r = put_rrsig_comment(c, i, err);
		if (r != 0) {
			break;
		}
		if (count == 0) {
			r = dnstk_buf_adds(&c->buf, " ; no record of the "
			    "covered RRset in the input\n");
		} else {
			r = dnstk_buf_addf(&c->buf, " ; %zu record%s, %zu "
			    "bytes\n", count, count == 1 ? "" : "s", data.len);
			r |= dnstk_buf_addhex(&c->buf, (uint8_t *)data.data,
			    data.len);
			r |= dnstk_buf_addc(&c->buf, '\n');
		}
		if (r != 0) {
			r = nomem(err);
		}
	}
	dnstk_buf_release(&data);
	return r != 0 ? r : flush(c, err);
}

/* ---- checks ------------------------------------------------------------ */

static int
pos_compare(const void *pa, const void *pb)
{
	const struct dnstk_rrtab_ent *a = pa, *b = pb;

	if (a->src != b->src) {
		return a->src < b->src ? -1 : 1;
	}
	return a->line < b->line ? -1 : a->line > b->line;
}

static void
report(struct canon_ctx *c, FILE *diag, const struct dnstk_rrtab_ent *e,
    const char *what, size_t i, const struct dnstk_rrtab_ent *first)
{
	struct dnstk_buf name;

	dnstk_buf_init(&name);
	if (put_rrset_name(&name, c, i) != 0) {
		dnstk_buf_reset(&name);
	}
	fprintf(diag, "%s: %s:%u: %s in RRset %s (see %s:%u)\n",
	    dnstk_cli_progname(), c->sources[e->src], e->line, what,
	    name.data, c->sources[first->src], first->line);
	dnstk_buf_release(&name);
}

/*
 * Report every record of TTL group [i, end) whose TTL is not the lowest,
 * pointing at the first record (in input order) that has the lowest.
 */
static size_t
check_ttl(struct canon_ctx *c, FILE *diag, size_t i, size_t end)
{
	struct dnstk_rrtab *t = &c->tab;
	struct dnstk_rrtab_ent first = t->ent[i];
	size_t j, problems = 0;
	char what[96];

	if (!dnstk_rrtab_ttl_differs(t, i, end)) {
		return 0;
	}
	/* sorted: the lowest TTL comes first among equal keys, not across
	 * different RDATA, so look at them all */
	for (j = i + 1; j < end; j++) {
		if (t->ent[j].ttl < first.ttl || (t->ent[j].ttl == first.ttl &&
		    pos_compare(&t->ent[j], &first) < 0)) {
			first = t->ent[j];
		}
	}
	for (j = i; j < end; j++) {
		if (t->ent[j].ttl == first.ttl) {
			continue;
		}
		snprintf(what, sizeof(what), "TTL %u differs from TTL %u",
		    t->ent[j].ttl, first.ttl);
		report(c, diag, &t->ent[j], what, j, &first);
		problems++;
	}
	return problems;
}

/*
 * Report duplicates and RRsets with differing TTLs in input order within
 * each RRset; returns the number of problems found.
 */
static size_t
check(struct canon_ctx *c, FILE *diag, struct dnstk_canon_stats *st)
{
	struct dnstk_rrtab *t = &c->tab;
	size_t i = 0, j, k, end, gend, problems = 0;
	struct dnstk_rrtab_ent first;

	while (i < t->n) {
		end = dnstk_rrtab_rrset_end(t, i);
		/* duplicates: every copy after the first in input order */
		for (j = i; j < end; j = k) {
			for (k = j + 1; k < end && dnstk_rrtab_same_rr(t, j, k);
			    k++) {
				;
			}
			if (k - j > 1) {
				size_t m;

				first = t->ent[j];
				for (m = j + 1; m < k; m++) {
					if (pos_compare(&t->ent[m], &first) <
					    0) {
						first = t->ent[m];
					}
				}
				for (m = j; m < k; m++) {
					if (pos_compare(&t->ent[m], &first)
					    == 0) {
						continue;
					}
					report(c, diag, &t->ent[m],
					    "duplicate record", m, &first);
					st->duplicates++;
					problems++;
				}
			}
		}
		for (j = i; j < end; j = gend) {
			gend = dnstk_rrtab_ttl_end(t, j);
			problems += check_ttl(c, diag, j, gend);
		}
		if (dnstk_rrtab_ttl_differs(t, i, end)) {
			st->ttl_rrsets++;
		}
		i = end;
	}
	return problems;
}

/* ---- the tool ------------------------------------------------------------ */

int
dnstk_canon_sort(const struct dnstk_canon_args *a, FILE *out, FILE *diag,
    struct dnstk_canon_stats *stats, struct dnstk_err *err)
{
	struct dnstk_canon_stats st = { 0, 0, 0 };
	struct canon_ctx c;
	char *stdin_only[] = { "-" };
	char **files = a->nfiles > 0 ? a->files : stdin_only;
	int n = a->nfiles > 0 ? a->nfiles : 1, i, rc = 0;
	bool *fixed = NULL;
	size_t k, set, end;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.out = out;
	dnstk_rrtab_init(&c.tab);
	dnstk_buf_init(&c.buf);
	c.sources = calloc((size_t)n, sizeof(*c.sources));
	if (c.sources == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		c.sources[i] = strcmp(files[i], "-") == 0 ? "stdin" : files[i];
	}
	for (i = 0; i < n && rc == 0; i++) {
		rc = read_input(&c, files[i], (uint32_t)i, err);
	}
	if (rc != 0) {
		goto out;
	}
	st.records = c.tab.n;
	dnstk_rrtab_sort(&c.tab);
	if (a->check) {
		if (check(&c, diag, &st) > 0) {
			rc = dnstk_err_set(err, DNSTK_EFAIL, NULL, 0,
			    "%zu duplicate record%s, %zu RRset%s with "
			    "differing TTLs", st.duplicates,
			    st.duplicates == 1 ? "" : "s", st.ttl_rrsets,
			    st.ttl_rrsets == 1 ? "" : "s");
		}
		goto out;
	}
	if (!a->keep_dups || a->signed_data) {
		st.duplicates = dnstk_rrtab_dedup(&c.tab);
	}
	if (a->signed_data) {
		rc = write_signed_data(&c, err);
		goto out;
	}
	if (a->fix_ttl || a->rrsets) {
		/* count TTL problems and, with --fix-ttl, remember the sets */
		fixed = calloc(c.tab.n + 1, sizeof(*fixed));
		if (fixed == NULL) {
			rc = nomem(err);
			goto out;
		}
		for (k = 0, set = 0; k < c.tab.n; k = end, set++) {
			end = dnstk_rrtab_rrset_end(&c.tab, k);
			if (dnstk_rrtab_ttl_differs(&c.tab, k, end)) {
				st.ttl_rrsets++;
				fixed[set] = a->fix_ttl;
			}
		}
		if (a->fix_ttl) {
			dnstk_rrtab_fix_ttl(&c.tab);
		}
	}
	rc = write_records(&c, fixed, err);
out:
	if (stats != NULL) {
		*stats = st;
	}
	free(fixed);
	free(c.sources);
	dnstk_buf_release(&c.buf);
	dnstk_rrtab_release(&c.tab);
	return rc;
}
