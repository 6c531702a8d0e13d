/* SPDX-License-Identifier: BSD-3-Clause */
/* Zone-check results as text lines, JSON Lines or JUnit XML (into a buf). */
#include <string.h>

#include "zonecheck/zonecheck.h"

static const char *
sev_name(enum dnstk_zc_sev s)
{
	return s == DNSTK_ZC_ERROR ? "error" : "warning";
}

/* The check family of a code, one JUnit test case each. */
static const char *
family(const char *code)
{
	static const struct {
		const char *prefix, *family;
	} fam[] = {
		{ "rrsig-expire", "validity-windows" },
		{ "rrsig-expired", "validity-windows" },
		{ "rrsig-not-yet", "validity-windows" },
		{ "rrsig-", "signatures" },
		{ "rrset-", "signature-coverage" },
		{ "dnskey-", "keys" },
		{ "nsec3", "nsec3-chain" },
		{ "nsec-", "nsec-chain" },
		{ "denial-", "nsec-chain" },
		{ "ds-", "ds" },
		{ "ttl-", "ttls" },
		{ "zonemd-", "zonemd" },
		{ "soa-", "zone" },
	};
	size_t i;

	for (i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		if (strncmp(code, fam[i].prefix, strlen(fam[i].prefix)) == 0) {
			return fam[i].family;
		}
	}
	return "delegations-and-data";
}

static const char *families[] = {
	"zone", "signatures", "validity-windows", "signature-coverage",
	"keys", "nsec-chain", "nsec3-chain", "ds", "ttls", "zonemd",
	"delegations-and-data",
};

static int
summary_text(struct dnstk_buf *out, const struct dnstk_zc_result *r,
    double secs)
{
	return dnstk_buf_addf(out, "%s: %zu records, %zu RRsets, %zu "
	    "signatures checked: %zu error%s, %zu warning%s (%.2f s)\n",
	    r->source, r->records, r->rrsets, r->signatures, r->errors,
	    r->errors == 1 ? "" : "s", r->warnings,
	    r->warnings == 1 ? "" : "s", secs);
}

/* One finding as a text line. */
static int
finding_text(struct dnstk_buf *out, const struct dnstk_zc_finding *f)
{
	return dnstk_buf_addf(out, "%s:%lu: %s: %s: %s/%s: %s\n", f->source,
	    f->line, sev_name(f->sev), f->code, f->owner, f->type, f->msg);
}

static int
json_member(struct dnstk_buf *out, const char *name, const char *val,
    bool comma)
{
	int rc = dnstk_buf_addf(out, "%s\"%s\":", comma ? "," : "", name);

	return rc ? rc : dnstk_buf_addjson(out, val, strlen(val));
}

/* One finding as a JSON object on a line of its own. */
static int
finding_json(struct dnstk_buf *out, const struct dnstk_zc_finding *f)
{
	int rc = dnstk_buf_adds(out, "{");

	rc = rc ? rc : json_member(out, "severity", sev_name(f->sev), false);
	rc = rc ? rc : json_member(out, "code", f->code, true);
	rc = rc ? rc : json_member(out, "owner", f->owner, true);
	rc = rc ? rc : json_member(out, "type", f->type, true);
	rc = rc ? rc : json_member(out, "source", f->source, true);
	rc = rc ? rc : dnstk_buf_addf(out, ",\"line\":%lu", f->line);
	rc = rc ? rc : json_member(out, "message", f->msg, true);
	return rc ? rc : dnstk_buf_adds(out, "}\n");
}

static int
summary_json(struct dnstk_buf *out, const struct dnstk_zc_result *r,
    double secs)
{
	int rc = dnstk_buf_adds(out, "{\"summary\":true");

	rc = rc ? rc : json_member(out, "source", r->source, true);
	return rc ? rc : dnstk_buf_addf(out, ",\"records\":%zu,\"rrsets\":%zu,"
	    "\"signatures\":%zu,\"errors\":%zu,\"warnings\":%zu,"
	    "\"seconds\":%.3f}\n", r->records, r->rrsets, r->signatures,
	    r->errors, r->warnings, secs);
}

/* Every finding (unless quiet) then the summary, in one form. */
static int
render(struct dnstk_buf *out, const struct dnstk_zc_result *r, bool quiet,
    double secs, int (*finding)(struct dnstk_buf *,
    const struct dnstk_zc_finding *), int (*summary)(struct dnstk_buf *,
    const struct dnstk_zc_result *, double))
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n && !quiet && rc == 0; i++) {
		rc = finding(out, &r->f[i]);
	}
	return rc ? rc : summary(out, r, secs);
}

int
dnstk_zc_render_text(struct dnstk_buf *out, const struct dnstk_zc_result *r,
    bool quiet, double secs)
{
	return render(out, r, quiet, secs, finding_text, summary_text);
}

int
dnstk_zc_render_json(struct dnstk_buf *out, const struct dnstk_zc_result *r,
    bool quiet, double secs)
{
	return render(out, r, quiet, secs, finding_json, summary_json);
}

static int
xml_text(struct dnstk_buf *out, const char *s)
{
	static const char *const ent[128] = {
		['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;",
		['"'] = "&quot;",
	};
	unsigned char ch;
	int rc = 0;

	for (; *s != '\0' && rc == 0; s++) {
		ch = (unsigned char)*s;
		if (ch < 128 && ent[ch] != NULL) {
			rc = dnstk_buf_adds(out, ent[ch]);
		} else {
			/* control characters are not allowed in XML 1.0 */
			rc = dnstk_buf_addc(out, ch < 0x20 && ch != '\n' ? '?' :
			    *s);
		}
	}
	return rc;
}

static int
junit_case(struct dnstk_buf *out, const struct dnstk_zc_result *r,
    const char *fam)
{
	struct dnstk_buf lines;
	size_t i, errors = 0;
	int rc;

	dnstk_buf_init(&lines);
	for (i = 0; i < r->n; i++) {
		const struct dnstk_zc_finding *f = &r->f[i];

		if (strcmp(family(f->code), fam) != 0) {
			continue;
		}
		errors += f->sev == DNSTK_ZC_ERROR;
		if (dnstk_buf_addf(&lines, "%s:%lu: %s: %s: %s/%s: %s\n",
		    f->source, f->line, sev_name(f->sev), f->code, f->owner,
		    f->type, f->msg) != 0) {
			dnstk_buf_release(&lines);
			return DNSTK_ENOMEM;
		}
	}
	rc = dnstk_buf_addf(out, "    <testcase classname=\"dnstk-zone-check."
	    "%s\" name=\"%s\">\n", fam, fam);
	if (rc == 0 && errors > 0) {
		rc = dnstk_buf_addf(out, "      <failure message=\"%zu error%s"
		    "\" type=\"%s\">", errors, errors == 1 ? "" : "s", fam);
		rc = rc ? rc : xml_text(out, lines.data);
		rc = rc ? rc : dnstk_buf_adds(out, "</failure>\n");
	} else if (rc == 0 && lines.len > 0) {
		rc = dnstk_buf_adds(out, "      <system-out>");
		rc = rc ? rc : xml_text(out, lines.data);
		rc = rc ? rc : dnstk_buf_adds(out, "</system-out>\n");
	}
	rc = rc ? rc : dnstk_buf_adds(out, "    </testcase>\n");
	dnstk_buf_release(&lines);
	return rc;
}

int
dnstk_zc_render_junit(struct dnstk_buf *out, const struct dnstk_zc_result *r,
    double secs)
{
	size_t i, nf = sizeof(families) / sizeof(families[0]), failed = 0;
	int rc;

	for (i = 0; i < nf; i++) {
		size_t j;

		for (j = 0; j < r->n; j++) {
			if (r->f[j].sev == DNSTK_ZC_ERROR &&
			    strcmp(family(r->f[j].code), families[i]) == 0) {
				failed++;
				break;
			}
		}
	}
	rc = dnstk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites>\n  <testsuite name=\"");
	rc = rc ? rc : xml_text(out, r->source);
	rc = rc ? rc : dnstk_buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" time=\"%.3f\">\n", nf, failed, secs);
	for (i = 0; i < nf && rc == 0; i++) {
		rc = junit_case(out, r, families[i]);
	}
	rc = rc ? rc : dnstk_buf_adds(out, "  </testsuite>\n</testsuites>\n");
	return rc;
}

const char *
dnstk_zc_family(const char *code)
{
	return family(code);
}
