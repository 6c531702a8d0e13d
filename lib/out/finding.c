/* SPDX-License-Identifier: BSD-3-Clause */
/* Findings: one model for every check's results, and its renderers. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "out/finding.h"
#include "util/buf.h"
#include "util/err.h"

/* ---- styles ------------------------------------------------------------ */

#define SEV_PLAIN { "error", "warning", "note", "ok" }

const struct dnstk_finding_style DNSTK_FINDING_TEXT_OPTDUMP = {
	"%S: %c: %m (%r)\n", { "violation", "warning", "note", "ok" },
};
const struct dnstk_finding_style DNSTK_FINDING_TEXT_QUERY = {
	"answer %S %c: %m (%r)\n", { "violates", "warning", "note", "ok" },
};
const struct dnstk_finding_style DNSTK_FINDING_TEXT_PROBE = {
	"%c: %m (%r)", SEV_PLAIN,
};
const struct dnstk_finding_style DNSTK_FINDING_TEXT_VERDICT = {
	"%c: %[%m%|ok%]\n", SEV_PLAIN,
};
const struct dnstk_finding_style DNSTK_FINDING_TEXT_CANON = {
	"%P: %f: %m in RRset %o (see %R)\n", SEV_PLAIN,
};
const struct dnstk_finding_style DNSTK_FINDING_TEXT_ZONE = {
	"%f: %S: %c: %o/%t: %m\n", SEV_PLAIN,
};

const struct dnstk_finding_json_style DNSTK_FINDING_JSON_EDNS = {
	{ { 'c', 0, "id" }, { 'S', 0, "level" }, { 'r', 0, "reference" },
	  { 'm', 0, "detail" } },
	SEV_PLAIN,
};
const struct dnstk_finding_json_style DNSTK_FINDING_JSON_VERDICT = {
	{ { 'c', 1, "test" }, { 'S', 1, "result" }, { 'm', 1, "reason" } },
	{ "failed", "failed", "skipped", "ok" },
};
const struct dnstk_finding_json_style DNSTK_FINDING_JSON_ZONE = {
	{ { 'S', 0, "severity" }, { 'c', 0, "code" }, { 'o', 0, "owner" },
	  { 't', 0, "type" }, { 's', 0, "source" }, { 'l', 0, "line" },
	  { 'm', 0, "message" }, { 'r', 0, "reference" },
	  { 'R', 0, "related" } },
	SEV_PLAIN,
};

/* ---- the list ---------------------------------------------------------- */

void
dnstk_findings_init(struct dnstk_findings *fs)
{
	memset(fs, 0, sizeof(*fs));
}

static void
finding_free(struct dnstk_finding *f)
{
	free((char *)f->code);
	free((char *)f->ref);
	free((char *)f->source);
	free((char *)f->owner);
	free((char *)f->type);
	free((char *)f->message);
	free((char *)f->related);
}

void
dnstk_findings_release(struct dnstk_findings *fs)
{
	size_t i;

	for (i = 0; i < fs->count; i++) {
		finding_free(&fs->f[i]);
	}
	free(fs->f);
	dnstk_findings_init(fs);
}

/* strdup that keeps NULL; *bad set on a failed copy. */
static const char *
dup_str(const char *s, int *bad)
{
	char *d;

	if (s == NULL) {
		return NULL;
	}
	d = strdup(s);
	if (d == NULL) {
		*bad = 1;
	}
	return d;
}

int
dnstk_findings_add(struct dnstk_findings *fs, const struct dnstk_finding *f)
{
	struct dnstk_finding c, *nf;
	int bad = 0;

	nf = dnstk_array_grow(fs->f, fs->count, &fs->cap, sizeof(*nf), 8);
	if (nf == NULL) {
		return DNSTK_ENOMEM;
	}
	fs->f = nf;
	c = *f;
	c.code = dup_str(f->code, &bad);
	c.ref = dup_str(f->ref, &bad);
	c.source = dup_str(f->source, &bad);
	c.owner = dup_str(f->owner, &bad);
	c.type = dup_str(f->type, &bad);
	c.message = dup_str(f->message, &bad);
	c.related = dup_str(f->related, &bad);
	if (bad) {
		finding_free(&c);
		return DNSTK_ENOMEM;
	}
	fs->f[fs->count++] = c;
	return 0;
}

int
dnstk_findings_addf(struct dnstk_findings *fs, enum dnstk_severity sev,
    const char *code, const char *ref, const char *source,
    unsigned long line, const char *owner, const char *type,
    const char *fmt, ...)
{
	struct dnstk_finding f;
	struct dnstk_buf msg;
	va_list ap;
	int r;

	dnstk_buf_init(&msg);
	va_start(ap, fmt);
	r = dnstk_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (r == 0) {
		memset(&f, 0, sizeof(f));
		f.code = code;
		f.severity = sev;
		f.ref = ref;
		f.source = source;
		f.line = line;
		f.owner = owner;
		f.type = type;
		f.message = msg.data;
		r = dnstk_findings_add(fs, &f);
	}
	dnstk_buf_release(&msg);
	return r;
}

int
dnstk_findings_from_violations(struct dnstk_findings *fs,
    const struct dnstk_violations *vs)
{
	struct dnstk_finding f;
	size_t i;
	int r = 0;

	for (i = 0; i < vs->count && r == 0; i++) {
		memset(&f, 0, sizeof(f));
		f.code = vs->v[i].id;
		f.ref = vs->v[i].ref;
		f.severity = vs->v[i].level == DNSTK_VIOLATION_MUST ?
		    DNSTK_SEV_ERROR : DNSTK_SEV_WARNING;
		f.message = vs->v[i].detail;
		r = dnstk_findings_add(fs, &f);
	}
	return r;
}

size_t
dnstk_findings_count(const struct dnstk_findings *fs,
    enum dnstk_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < fs->count; i++) {
		n += fs->f[i].severity == sev;
	}
	return n;
}

/* ---- text -------------------------------------------------------------- */

static const char *
sev_name(const char *const *names, enum dnstk_severity s)
{
	return (unsigned)s < DNSTK_SEV_COUNT ? names[s] : NULL;
}

/*
 * The string field that letter `d` names in `f` (the severity by the
 * names `sev`), or NULL when it is absent; *is_str is set false when `d`
 * names no string field.
 */
static const char *
str_field(const struct dnstk_finding *f, const char *const *sev, char d,
    bool *is_str)
{
	*is_str = true;
	switch (d) {
	case 'c': return f->code;
	case 'S': return sev_name(sev, f->severity);
	case 'r': return f->ref;
	case 'm': return f->message;
	case 's': return f->source;
	case 'o': return f->owner;
	case 't': return f->type;
	case 'R': return f->related;
	default:
		*is_str = false;
		return NULL;
	}
}

/*
 * Append directive `d` of `f`; *absent is set when it has no value.
 * Returns 0 or DNSTK_ENOMEM.
 */
static int
directive(struct dnstk_buf *out, char d, const struct dnstk_finding *f,
    const struct dnstk_finding_style *st, const char *prog, int *absent)
{
	bool is_str = true;
	const char *v = d == 'P' ? prog : str_field(f, st->sev, d, &is_str);

	if (is_str) {
		*absent |= v == NULL;
		return v != NULL ? dnstk_buf_adds(out, v) : 0;
	}
	switch (d) {
	case '%': return dnstk_buf_addc(out, '%');
	case 'l':
		if (f->line == 0) {
			*absent = 1;
			return 0;
		}
		return dnstk_buf_addf(out, "%lu", f->line);
	case 'f':
		if (f->source == NULL) {
			*absent = 1;
			return 0;
		}
		return f->line != 0 ? dnstk_buf_addf(out, "%s:%lu", f->source,
		    f->line) : dnstk_buf_adds(out, f->source);
	default:	/* not a directive: printed as is */
		return dnstk_buf_addc(out, '%') | dnstk_buf_addc(out, d);
	}
}

int
dnstk_finding_text(struct dnstk_buf *out, const struct dnstk_finding *f,
    const struct dnstk_finding_style *st, const char *prog)
{
	const char *p = st->fmt;
	size_t start = out->len, seg = 0;
	int r = 0, absent = 0, in_seg = 0, skip = 0;

	for (; *p != '\0' && r == 0; p++) {
		if (*p != '%' || p[1] == '\0') {
			if (!skip) {
				r = dnstk_buf_addc(out, *p);
			}
			continue;
		}
		p++;
		if (*p == '[') {		/* start a conditional part */
			in_seg = 1;
			absent = 0;
			seg = out->len;
		} else if (*p == '|' && in_seg) {	/* its "else" part */
			if (absent) {
				dnstk_buf_truncate(out, seg);
			} else {
				skip = 1;
			}
			in_seg = 0;
		} else if (*p == ']') {
			if (in_seg && absent) {
				dnstk_buf_truncate(out, seg);
			}
			in_seg = 0;
			skip = 0;
		} else if (!skip) {
			r = directive(out, *p, f, st, prog, &absent);
		}
	}
	return dnstk_buf_done(out, start, r);
}

int
dnstk_findings_text(struct dnstk_buf *out, const struct dnstk_findings *fs,
    const struct dnstk_finding_style *st, const char *prog)
{
	size_t i, start = out->len;

	for (i = 0; i < fs->count; i++) {
		if (dnstk_finding_text(out, &fs->f[i], st, prog) != 0) {
			dnstk_buf_truncate(out, start);
			return DNSTK_ENOMEM;
		}
	}
	return 0;
}

/* ---- JSON -------------------------------------------------------------- */

void
dnstk_finding_json(struct dnstk_jsonw *w, const struct dnstk_finding *f,
    const struct dnstk_finding_json_style *st)
{
	const char *v;
	bool is_str;
	size_t i;

	dnstk_jsonw_object(w);
	for (i = 0; i < sizeof(st->m) / sizeof(st->m[0]) &&
	    st->m[i].name != NULL; i++) {
		if (st->m[i].field == 'l' && f->line != 0) {
			dnstk_jsonw_kuint(w, st->m[i].name, f->line);
		}
		v = str_field(f, st->sev, st->m[i].field, &is_str);
		if (v == NULL) {
			continue;
		}
		if (st->m[i].bytes) {
			dnstk_jsonw_kstring(w, st->m[i].name, v);
		} else {
			dnstk_jsonw_ktext(w, st->m[i].name, v);
		}
	}
	dnstk_jsonw_end(w);
}

void
dnstk_findings_json_summary(struct dnstk_jsonw *w,
    const struct dnstk_findings *fs)
{
	dnstk_jsonw_kbool(w, "summary", true);
	dnstk_jsonw_kuint(w, "errors", dnstk_findings_count(fs,
	    DNSTK_SEV_ERROR));
	dnstk_jsonw_kuint(w, "warnings", dnstk_findings_count(fs,
	    DNSTK_SEV_WARNING));
	dnstk_jsonw_kuint(w, "notes", dnstk_findings_count(fs,
	    DNSTK_SEV_NOTE));
}

int
dnstk_findings_json_lines(struct dnstk_buf *out,
    const struct dnstk_findings *fs,
    const struct dnstk_finding_json_style *st, int summary)
{
	struct dnstk_jsonw w;
	size_t i;

	dnstk_jsonw_init(&w, out);
	for (i = 0; i < fs->count; i++) {
		dnstk_finding_json(&w, &fs->f[i], st);
		dnstk_jsonw_newline(&w);
	}
	if (summary) {
		dnstk_jsonw_object(&w);
		dnstk_findings_json_summary(&w, fs);
		dnstk_jsonw_end(&w);
		dnstk_jsonw_newline(&w);
	}
	return dnstk_jsonw_finish(&w);
}

/* ---- JUnit XML --------------------------------------------------------- */

/* Append `s` with XML's five special characters and control bytes escaped. */
static int
xml(struct dnstk_buf *out, const char *s)
{
	int r = 0;

	for (; s != NULL && *s != '\0' && r == 0; s++) {
		switch (*s) {
		case '<': r = dnstk_buf_adds(out, "&lt;"); break;
		case '>': r = dnstk_buf_adds(out, "&gt;"); break;
		case '&': r = dnstk_buf_adds(out, "&amp;"); break;
		case '"': r = dnstk_buf_adds(out, "&quot;"); break;
		case '\'': r = dnstk_buf_adds(out, "&apos;"); break;
		default:
			/* XML 1.0 has no control characters but tab, LF, CR */
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n' && *s != '\r') {
				r = dnstk_buf_addf(out, "\\%03u",
				    (unsigned char)*s);
			} else {
				r = dnstk_buf_addc(out, *s);
			}
		}
	}
	return r;
}

static int
junit_case(struct dnstk_buf *out, const struct dnstk_finding *f)
{
	struct dnstk_buf line;
	int r = 0;

	r |= dnstk_buf_adds(out, "    <testcase name=\"");
	r |= xml(out, f->code != NULL ? f->code : "finding");
	if (f->owner != NULL) {
		r |= dnstk_buf_addc(out, ' ');
		r |= xml(out, f->owner);
		if (f->type != NULL) {
			r |= dnstk_buf_addc(out, '/');
			r |= xml(out, f->type);
		}
	}
	r |= dnstk_buf_adds(out, "\" classname=\"");
	r |= xml(out, f->source != NULL ? f->source : "dnstk");
	r |= dnstk_buf_addc(out, '"');
	if (f->severity == DNSTK_SEV_OK) {
		return r | dnstk_buf_adds(out, "/>\n");
	}
	if (f->severity == DNSTK_SEV_NOTE) {
		r |= dnstk_buf_adds(out, ">\n      <skipped message=\"");
		r |= xml(out, f->message);
		return r | dnstk_buf_adds(out, "\"/>\n    </testcase>\n");
	}
	r |= dnstk_buf_addf(out, ">\n      <failure type=\"%s\" message=\"",
	    f->severity == DNSTK_SEV_ERROR ? "error" : "warning");
	r |= xml(out, f->message);
	r |= dnstk_buf_adds(out, "\">");
	dnstk_buf_init(&line);
	r |= dnstk_finding_text(&line, f, &DNSTK_FINDING_TEXT_ZONE, NULL) != 0;
	if (r == 0 && line.len > 0 && line.data[line.len - 1] == '\n') {
		dnstk_buf_truncate(&line, line.len - 1);
	}
	r |= xml(out, line.data);
	dnstk_buf_release(&line);
	return r | dnstk_buf_adds(out, "</failure>\n    </testcase>\n");
}

int
dnstk_findings_junit(struct dnstk_buf *out, const struct dnstk_findings *fs,
    const char *suite)
{
	size_t start = out->len, i, nf, ns;
	int r = 0;

	nf = dnstk_findings_count(fs, DNSTK_SEV_ERROR) +
	    dnstk_findings_count(fs, DNSTK_SEV_WARNING);
	ns = dnstk_findings_count(fs, DNSTK_SEV_NOTE);
	r |= dnstk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites>\n  <testsuite name=\"");
	r |= xml(out, suite);
	r |= dnstk_buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%zu\">\n",
	    fs->count != 0 ? fs->count : 1, nf, ns);
	for (i = 0; i < fs->count && r == 0; i++) {
		r |= junit_case(out, &fs->f[i]);
	}
	if (fs->count == 0) {
		r |= dnstk_buf_adds(out, "    <testcase name=\"no findings\" "
		    "classname=\"");
		r |= xml(out, suite);
		r |= dnstk_buf_adds(out, "\"/>\n");
	}
	r |= dnstk_buf_adds(out, "  </testsuite>\n</testsuites>\n");
	return dnstk_buf_done(out, start, r);
}
