/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-canon-sort: read all records, sort them canonically, write them. */
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "dns/rrset.h"
#include "out/finding.h"
#include "out/write.h"
#include "tool/canon_sort.h"
#include "zone/zone.h"
#include "zone/zone_findings.h"

#define FLUSH_AT (64 * 1024)

void
dnstk_canon_args_init(struct dnstk_canon_args *a)
{
	*a = (struct dnstk_canon_args){ .in = DNSTK_FORM_AUTO,
	    .out = DNSTK_FORM_TEXT, .section = DNSTK_CANON_ALL_SECTIONS,
	    .prog = "dnstk-canon-sort" };
}

struct canon_ctx {
	const struct dnstk_canon_args *a;
	struct dnstk_zone z;
	struct dnstk_buf buf;	/* output being built */
	struct dnstk_buf wire;	/* one record's canonical wire form */
	FILE *out;
};

/* ---- output ----------------------------------------------------------- */

#define TAB(c) (&(c)->z.tab)

static int
nomem(struct dnstk_err *err)
{
	return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0, "out of memory");
}

/* Entry i's record cannot go through ldns: say where it came from. */
static int
unrenderable(const struct canon_ctx *c, size_t i, int r,
    struct dnstk_err *err)
{
	if (r != DNSTK_EINPUT) {
		return nomem(err);
	}
	return dnstk_err_set(err, r, dnstk_zone_source(&c->z, i),
	    TAB(c)->ent[i].line, "record cannot be rendered");
}

/* Append the canonical wire form of entry i in hex, with a newline. */
static int
put_hex(struct canon_ctx *c, size_t i, struct dnstk_err *err)
{
	size_t start = c->buf.len;

	dnstk_buf_reset(&c->wire);
	if (dnstk_rrtab_canon_wire(&c->wire, TAB(c), i, NULL) != 0 ||
	    dnstk_buf_addhex(&c->buf, (uint8_t *)c->wire.data,
	    c->wire.len) != 0 || dnstk_buf_addc(&c->buf, '\n') != 0) {
		dnstk_buf_truncate(&c->buf, start);
		return nomem(err);
	}
	return 0;
}

/* Append entry i in the chosen output form, with a newline. */
static int
put_record(struct canon_ctx *c, size_t i, struct dnstk_err *err)
{
	const struct dnstk_rrtab_ent *e = &TAB(c)->ent[i];
	ldns_rr *rr = NULL;
	int r;

	if (c->a->out == DNSTK_FORM_HEX) {
		return put_hex(c, i, err);
	}
	if (c->a->out == DNSTK_FORM_TEXT) {
		/* the renderer's fast path, straight from the table */
		r = dnstk_text_rr_wire(&c->buf, dnstk_rrtab_wire(TAB(c), i),
		    e->wire_len, e->owner_len, e->ttl, c->a->canonical);
		if (r != 0) {
			return r == 1 ? 0 : nomem(err);
		}
	}
	r = dnstk_rrtab_rr(&rr, TAB(c), i, c->a->canonical);
	if (r != 0) {
		return unrenderable(c, i, r, err);
	}
	r = dnstk_render_rr(&c->buf, rr, c->a->out);
	ldns_rr_free(rr);
	return r != 0 ? nomem(err) : 0;
}

static int
put_rrset_comment(struct canon_ctx *c, size_t i, size_t end, bool fixed,
    struct dnstk_err *err)
{
	const struct dnstk_rrtab *t = TAB(c);
	struct dnstk_buf *b = &c->buf;
	size_t start = b->len, j;
	uint32_t lo = t->ent[i].ttl, hi = lo;
	int r;

	for (j = i; j < end; j++) {
		lo = t->ent[j].ttl < lo ? t->ent[j].ttl : lo;
		hi = t->ent[j].ttl > hi ? t->ent[j].ttl : hi;
	}
	r = dnstk_buf_adds(b, c->a->out == DNSTK_FORM_HEX ? "# " : "; ");
	r |= dnstk_zone_rrset_name(b, &c->z, i);
	r |= dnstk_buf_addf(b, ": %zu record%s, ", end - i,
	    end - i == 1 ? "" : "s");
	if (dnstk_rrtab_ttl_differs(t, i, end)) {
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
	size_t i = 0, j, end, set = 0, n = dnstk_zone_count(&c->z);
	int r;

	while (i < n) {
		end = c->a->rrsets ? dnstk_zone_rrset_end(&c->z, i) : i + 1;
		if (c->a->rrsets) {
			r = put_rrset_comment(c, i, end,
			    fixed_set != NULL && fixed_set[set], err);
			if (r != 0) {
				return r;
			}
		}
		for (j = i; j < end; j++) {
			if ((r = put_record(c, j, err)) != 0) {
				return r;
			}
		}
		if (c->a->rrsets && dnstk_buf_addc(&c->buf, '\n') != 0) {
			return nomem(err);
		}
		if (c->buf.len >= FLUSH_AT &&
		    (r = dnstk_out_write(&c->buf, c->out, err)) != 0) {
			return r;
		}
		set++;
		i = end;
	}
	return dnstk_out_write(&c->buf, c->out, err);
}

/* "; <the RRSIG in text without its signature>" */
static int
put_rrsig_comment(struct canon_ctx *c, size_t i, struct dnstk_err *err)
{
	ldns_rr *rr = NULL;
	ldns_rdf *sig;
	int r;

	r = dnstk_rrtab_rr(&rr, TAB(c), i, false);
	if (r != 0) {
		return unrenderable(c, i, r, err);
	}
	sig = ldns_rr_pop_rdf(rr);
	ldns_rdf_deep_free(sig);
	r = dnstk_buf_adds(&c->buf, "; ");
	r |= dnstk_text_rr(&c->buf, rr);
	ldns_rr_free(rr);
	return r != 0 ? nomem(err) : 0;
}

/* The comment and hex of the signed data of the RRSIG at entry i. */
static int
put_signed_data(struct canon_ctx *c, size_t i, struct dnstk_buf *data,
    struct dnstk_err *err)
{
	const char *why = "";
	size_t count;
	int r;

	dnstk_buf_reset(data);
	r = dnstk_zone_signed_data(data, &c->z, i, &count, &why);
	if (r == DNSTK_EINPUT) {
		return dnstk_err_set(err, r, dnstk_zone_source(&c->z, i),
		    TAB(c)->ent[i].line, "%s", why);
	}
	if (r != 0 || (r = put_rrsig_comment(c, i, err)) != 0) {
		return r == DNSTK_ENOMEM ? nomem(err) : r;
	}
	if (count == 0) {
		r = dnstk_buf_adds(&c->buf, " ; no record of the covered "
		    "RRset in the input\n");
	} else {
		r = dnstk_buf_addf(&c->buf, " ; %zu record%s, %zu bytes\n",
		    count, count == 1 ? "" : "s", data->len);
		r |= dnstk_buf_addhex(&c->buf, (uint8_t *)data->data,
		    data->len);
		r |= dnstk_buf_addc(&c->buf, '\n');
	}
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
	size_t i, n = dnstk_zone_count(&c->z);
	int r = 0;

	dnstk_buf_init(&data);
	for (i = 0; i < n && r == 0; i++) {
		if (dnstk_rrtab_type(TAB(c), i) == LDNS_RR_TYPE_RRSIG) {
			r = put_signed_data(c, i, &data, err);
		}
	}
	dnstk_buf_release(&data);
	return r != 0 ? r : dnstk_out_write(&c->buf, c->out, err);
}

/* ---- checks ------------------------------------------------------------ */

struct report_ctx {
	const struct dnstk_canon_args *a;
	FILE *fp;		/* diag, or out with JSON output */
	struct dnstk_buf out;	/* the rendered finding */
};

/*
 * One finding on its way: "PROG: SOURCE:LINE: what in RRset NAME CLASS
 * TYPE (see SOURCE:LINE)" on diag, or with JSON output one JSON Lines
 * object on out (owner and type as members of their own).
 */
static int
report(void *ctx, const struct dnstk_finding *f)
{
	struct report_ctx *rc = ctx;
	struct dnstk_jsonw w;
	int r;

	dnstk_buf_reset(&rc->out);
	if (rc->a->out == DNSTK_FORM_JSON) {
		dnstk_jsonw_init(&w, &rc->out);
		dnstk_finding_json(&w, f, &DNSTK_FINDING_JSON_ZONE);
		dnstk_jsonw_newline(&w);
		r = dnstk_jsonw_finish(&w);
	} else {
		r = dnstk_finding_text(&rc->out, f, &DNSTK_FINDING_TEXT_CANON,
		    rc->a->prog);
	}
	if (r != 0) {
		return r;
	}
	(void)dnstk_buf_write(&rc->out, rc->fp);
	return 0;
}

static int
check(struct canon_ctx *c, FILE *diag, struct dnstk_canon_stats *st,
    struct dnstk_err *err)
{
	struct report_ctx rc;
	struct dnstk_zone_check_stats cs;
	bool json = c->a->out == DNSTK_FORM_JSON;
	int r;

	rc.a = c->a;
	rc.fp = json ? c->out : diag;
	dnstk_buf_init(&rc.out);
	r = dnstk_zone_check_findings(&c->z, json, report, &rc, &cs);
	dnstk_buf_release(&rc.out);
	if (r != 0) {
		return nomem(err);
	}
	st->duplicates = cs.duplicates;
	st->ttl_rrsets = cs.ttl_rrsets;
	if (cs.problems == 0) {
		return 0;
	}
	return dnstk_err_set(err, DNSTK_EFAIL, NULL, 0, "%zu duplicate "
	    "record%s, %zu RRset%s with differing TTLs", st->duplicates,
	    st->duplicates == 1 ? "" : "s", st->ttl_rrsets,
	    st->ttl_rrsets == 1 ? "" : "s");
}

/* ---- the tool ------------------------------------------------------------ */

static int
load(struct canon_ctx *c, struct dnstk_err *err)
{
	const struct dnstk_canon_args *a = c->a;
	struct dnstk_zone_load_opts o;
	char *stdin_only[] = { "-" };
	char **files = a->nfiles > 0 ? a->files : stdin_only;
	int n = a->nfiles > 0 ? a->nfiles : 1, i, rc = 0;

	dnstk_zone_load_opts_init(&o);
	o.form = a->in;
	o.messages = a->section_given;
	o.section = a->section;
	for (i = 0; i < n && rc == 0; i++) {
		rc = dnstk_zone_load_file(&c->z, files[i], &o, err);
	}
	if (rc == 0 && dnstk_zone_sort(&c->z) != 0) {
		rc = nomem(err);
	}
	return rc;
}

int
dnstk_canon_sort(const struct dnstk_canon_args *a, FILE *out, FILE *diag,
    struct dnstk_canon_stats *stats, struct dnstk_err *err)
{
	struct dnstk_canon_stats st = { 0, 0, 0 };
	struct canon_ctx c;
	bool *fixed = NULL;
	int rc;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.out = out;
	dnstk_zone_init(&c.z);
	dnstk_buf_init(&c.buf);
	dnstk_buf_init(&c.wire);
	rc = load(&c, err);
	if (rc != 0) {
		goto out;
	}
	st.records = dnstk_zone_count(&c.z);
	if (a->check) {
		rc = check(&c, diag, &st, err);
		goto out;
	}
	if (!a->keep_dups || a->signed_data) {
		st.duplicates = dnstk_rrtab_dedup(TAB(&c));
	}
	if (a->signed_data) {
		rc = write_signed_data(&c, err);
		goto out;
	}
	if (a->fix_ttl || a->rrsets) {
		fixed = calloc(dnstk_zone_count(&c.z) + 1, sizeof(*fixed));
		if (fixed == NULL) {
			rc = nomem(err);
			goto out;
		}
		st.ttl_rrsets = dnstk_zone_ttl_rrsets(&c.z, a->fix_ttl, fixed);
	}
	rc = write_records(&c, fixed, err);
out:
	if (stats != NULL) {
		*stats = st;
	}
	free(fixed);
	dnstk_buf_release(&c.buf);
	dnstk_buf_release(&c.wire);
	dnstk_zone_release(&c.z);
	return rc;
}
