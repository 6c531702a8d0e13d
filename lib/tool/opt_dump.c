/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-opt-dump: per message, the EDNS fields, options and violations. */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/edns_check.h"
#include "dns/edns_opt.h"
#include "in/stream.h"
#include "out/finding.h"
#include "out/write.h"
#include "tool/opt_dump.h"
#include "util/jsonw.h"

void
dnstk_optdump_args_init(struct dnstk_optdump_args *a)
{
	*a = (struct dnstk_optdump_args){ .in = DNSTK_FORM_AUTO,
	    .out = DNSTK_FORM_TEXT };
}

/* One OPT record as found: where it is, its owner, its fields. */
struct opt_seen {
	enum dnstk_section sec;
	char *owner;		/* NULL when it is the root */
	struct dnstk_edns e;
};

/* Every OPT record of `m` except questions; *first is the EDNS one. */
static int
collect(struct opt_seen **out, size_t *count, ssize_t *first,
    const struct dnstk_msg *m)
{
	struct opt_seen *v = NULL, *nv;
	const ldns_rr *rr;
	size_t i, n, k = 0;
	int s;

	*first = -1;
	for (s = DNSTK_SEC_ANSWER; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		for (i = 0; i < n; i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_OPT) {
				continue;
			}
			nv = realloc(v, (k + 1) * sizeof(*v));
			if (nv == NULL) {
				goto nomem;
			}
			v = nv;
			v[k].sec = (enum dnstk_section)s;
			v[k].owner = NULL;
			if (ldns_rdf_size(ldns_rr_owner(rr)) != 1) {
				v[k].owner = ldns_rdf2str(ldns_rr_owner(rr));
				if (v[k].owner == NULL) {
					goto nomem;
				}
			}
			dnstk_edns_from_rr(&v[k].e, rr);
			if (*first < 0 && s == DNSTK_SEC_ADDITIONAL) {
				*first = (ssize_t)k;
			}
			k++;
		}
	}
	*out = v;
	*count = k;
	return 0;
nomem:
	while (k-- > 0) {
		free(v[k].owner);
	}
	free(v);
	return DNSTK_ENOMEM;
}

static void
collect_free(struct opt_seen *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].owner);
	}
	free(v);
}

static int
rcode_text(struct dnstk_buf *out, unsigned rcode)
{
	const char *name = dnstk_rcode_name(rcode);

	return name != NULL ? dnstk_buf_adds(out, name) :
	    dnstk_buf_addf(out, "%u", rcode);
}

/* "version 0, udp 1232, flags do, extended rcode 0" and option lines. */
static int
text_opt(struct dnstk_buf *out, const struct opt_seen *o)
{
	const struct dnstk_edns *e = &o->e;
	int r = 0;

	r |= dnstk_buf_addf(out, "version %u, udp %u, flags", e->version,
	    e->udp_size);
	if (e->flags == 0) {
		r |= dnstk_buf_adds(out, " none");
	}
	if (e->flags & DNSTK_EDNS_DO) {
		r |= dnstk_buf_adds(out, " do");
	}
	if (e->flags & ~DNSTK_EDNS_DO) {
		r |= dnstk_buf_addf(out, " MBZ 0x%04x",
		    e->flags & ~DNSTK_EDNS_DO);
	}
	r |= dnstk_buf_addf(out, ", extended rcode %u", e->ext_rcode);
	if (o->owner != NULL) {
		r |= dnstk_buf_addf(out, ", owner %s", o->owner);
	}
	r |= dnstk_buf_addc(out, '\n');
	return r | dnstk_render_edns_options(out, e, "  ");
}

static void
json_opt(struct dnstk_jsonw *w, const struct opt_seen *o)
{
	const struct dnstk_edns *e = &o->e;
	struct dnstk_buf *v;
	size_t pos = 0;
	const uint8_t *d;
	uint16_t code, len;
	int k;

	dnstk_jsonw_object(w);
	dnstk_jsonw_kstring(w, "section", dnstk_section_name(o->sec));
	dnstk_jsonw_kstring(w, "owner", o->owner != NULL ? o->owner : ".");
	dnstk_jsonw_kuint(w, "version", e->version);
	dnstk_jsonw_kuint(w, "udpSize", e->udp_size);
	dnstk_jsonw_kuint(w, "extendedRCODE", e->ext_rcode);
	dnstk_jsonw_kuint(w, "flags", e->flags);
	dnstk_jsonw_kbool(w, "DO", (e->flags & DNSTK_EDNS_DO) != 0);
	dnstk_jsonw_key(w, "options");
	dnstk_jsonw_array(w);
	while ((k = dnstk_edns_next_option(e->options, e->options_len, &pos,
	    &code, &d, &len)) == 1) {
		v = dnstk_jsonw_value(w);
		if (v != NULL) {
			dnstk_jsonw_status(w, dnstk_edns_option_to_json(v, code,
			    d, len));
		}
	}
	dnstk_jsonw_end(w);
	if (k < 0) {
		dnstk_jsonw_key(w, "trailingHEX");
		v = dnstk_jsonw_value(w);
		if (v != NULL) {
			dnstk_jsonw_status(w, dnstk_buf_addc(v, '"') |
			    dnstk_buf_addhex(v, e->options + pos,
			    e->options_len - pos) | dnstk_buf_addc(v, '"'));
		}
	}
	dnstk_jsonw_end(w);
}

static int
text_report(struct dnstk_buf *out, const struct dnstk_msg *m,
    unsigned long index, const char *source, unsigned long line,
    const struct opt_seen *opts, size_t nopts, ssize_t first,
    const struct dnstk_findings *fs)
{
	size_t i;
	int r = 0;

	r |= dnstk_buf_addf(out, ";; message %lu (%s:%lu): id %u, status ",
	    index, source, line, m->id);
	r |= rcode_text(out, dnstk_msg_rcode(m));
	r |= dnstk_buf_addc(out, '\n');
	if (first >= 0) {
		r |= dnstk_buf_adds(out, "EDNS ");
		r |= text_opt(out, &opts[first]);
	} else {
		r |= dnstk_buf_adds(out, "no OPT record\n");
	}
	for (i = 0; i < nopts; i++) {
		if ((ssize_t)i == first) {
			continue;
		}
		r |= dnstk_buf_addf(out, "other OPT in the %s section: ",
		    dnstk_section_name(opts[i].sec));
		r |= text_opt(out, &opts[i]);
	}
	r |= dnstk_findings_text(out, fs, &DNSTK_FINDING_TEXT_OPTDUMP, NULL);
	r |= dnstk_buf_addc(out, '\n');
	return r;
}

static int
json_report(struct dnstk_buf *out, const struct dnstk_msg *m,
    unsigned long index, const char *source, unsigned long line,
    const struct opt_seen *opts, size_t nopts, ssize_t first,
    const struct dnstk_findings *fs)
{
	const char *name = dnstk_rcode_name(dnstk_msg_rcode(m));
	struct dnstk_jsonw w;
	size_t i;

	dnstk_jsonw_init(&w, out);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_kuint(&w, "message", index);
	dnstk_jsonw_kstring(&w, "source", source);
	dnstk_jsonw_kuint(&w, "line", line);
	dnstk_jsonw_kuint(&w, "ID", m->id);
	dnstk_jsonw_kbool(&w, "QR", (m->flags & DNSTK_FLAG_QR) != 0);
	dnstk_jsonw_kuint(&w, "RCODE", dnstk_msg_rcode(m));
	if (name != NULL) {
		dnstk_jsonw_kstring(&w, "RCODEname", name);
	}
	dnstk_jsonw_key(&w, "EDNS");
	if (first >= 0) {
		json_opt(&w, &opts[first]);
	} else {
		dnstk_jsonw_null(&w);
	}
	dnstk_jsonw_key(&w, "otherOPT");
	dnstk_jsonw_array(&w);
	for (i = 0; i < nopts; i++) {
		if ((ssize_t)i != first) {
			json_opt(&w, &opts[i]);
		}
	}
	dnstk_jsonw_end(&w);
	dnstk_jsonw_key(&w, "violations");
	dnstk_jsonw_array(&w);
	for (i = 0; i < fs->count; i++) {
		dnstk_finding_json(&w, &fs->f[i], &DNSTK_FINDING_JSON_EDNS);
	}
	return dnstk_jsonw_close_line(&w);
}

int
dnstk_optdump_msg(struct dnstk_buf *out, const struct dnstk_msg *m,
    unsigned long index, const char *source, unsigned long line,
    bool json, size_t *errors)
{
	struct dnstk_violations vs;
	struct dnstk_findings fs;
	struct opt_seen *opts = NULL;
	size_t nopts = 0, start = out->len;
	ssize_t first;
	int r;

	dnstk_violations_init(&vs);
	dnstk_findings_init(&fs);
	r = collect(&opts, &nopts, &first, m);
	if (r == 0) {
		r = dnstk_edns_check_msg(&vs, m);
	}
	if (r == 0) {
		r = dnstk_findings_from_violations(&fs, &vs);
	}
	if (r == 0) {
		r = json ? json_report(out, m, index, source, line, opts,
		    nopts, first, &fs) : text_report(out, m, index, source,
		    line, opts, nopts, first, &fs);
		r = r != 0 ? DNSTK_ENOMEM : 0;
	}
	if (r == 0) {
		*errors = dnstk_findings_count(&fs, DNSTK_SEV_ERROR);
	} else {
		dnstk_buf_truncate(out, start);
	}
	collect_free(opts, nopts);
	dnstk_findings_release(&fs);
	dnstk_violations_release(&vs);
	return r;
}

struct dump_ctx {
	const struct dnstk_optdump_args *a;
	FILE *out;
	struct dnstk_buf buf;
	unsigned long index;
	size_t errors;
};

static int
dump_msg(void *ctx, struct dnstk_msg *m, const char *source,
    unsigned long line, struct dnstk_err *err)
{
	struct dump_ctx *c = ctx;
	size_t errors = 0;
	int r;

	r = dnstk_optdump_msg(&c->buf, m, ++c->index, source, line,
	    c->a->out == DNSTK_FORM_JSON, &errors);
	dnstk_msg_free(m);
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "out of memory");
	}
	c->errors += errors;
	return dnstk_out_write(&c->buf, c->out, err);
}

int
dnstk_optdump(const struct dnstk_optdump_args *a, FILE *out,
    struct dnstk_err *err)
{
	struct dump_ctx c;
	char *stdin_only[] = { "-" };
	char **files = a->nfiles > 0 ? a->files : stdin_only;
	int n = a->nfiles > 0 ? a->nfiles : 1, i, rc = 0;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.out = out;
	dnstk_buf_init(&c.buf);
	for (i = 0; i < n && rc == 0; i++) {
		rc = dnstk_each_msg(files[i], a->in, dump_msg, &c, err);
	}
	dnstk_buf_release(&c.buf);
	if (rc == 0 && c.errors > 0) {
		rc = DNSTK_EFAIL;
	}
	return rc;
}
