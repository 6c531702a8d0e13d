/* SPDX-License-Identifier: BSD-3-Clause */
/* Findings: what a check found, one model, rendered as text, JSON or JUnit. */
#ifndef DNSTK_OUT_FINDING_H
#define DNSTK_OUT_FINDING_H

#include <stddef.h>

#include "dns/edns_check.h"
#include "util/buf.h"
#include "util/jsonw.h"

/*
 * Moving today's producers over, output unchanged:
 *
 *   EDNS violations (opt-dump does this):
 *	dnstk_findings_from_violations(&fs, &vs);
 *	dnstk_findings_text(buf, &fs, &DNSTK_FINDING_TEXT_OPTDUMP, NULL);
 *	  or, in JSON, per finding inside the "violations" array:
 *	dnstk_finding_json(&w, &fs.f[i], &DNSTK_FINDING_JSON_EDNS);
 *   dnstk-query's notes: the same with DNSTK_FINDING_TEXT_QUERY into
 *	res->notes.
 *   edns-probe's failure reason: dnstk_finding_text(&b, &fs.f[i],
 *	&DNSTK_FINDING_TEXT_PROBE, NULL) for the first ERROR finding.
 *   edns-probe's per-test line: a finding { .code = test name,
 *	.severity = OK, ERROR (failed) or NOTE (skipped), .message = why,
 *	NULL when ok }, DNSTK_FINDING_TEXT_VERDICT or, in a dnstk_jsonw,
 *	DNSTK_FINDING_JSON_VERDICT then dnstk_jsonw_newline().
 *   canon-sort --check: { .source, .line, .message = "duplicate record"
 *	or "TTL 300 differs from TTL 600", .owner = the RRset's name as
 *	printed today, .related = "SOURCE:LINE" of the first record } with
 *	DNSTK_FINDING_TEXT_CANON and prog = the program name (passed in, as
 *	lib/tool does not include lib/cli); with -j, DNSTK_FINDING_JSON_ZONE.
 */

/* How bad a finding is.  OK is a passed test (edns-probe's verdicts). */
enum dnstk_severity {
	DNSTK_SEV_ERROR = 0,
	DNSTK_SEV_WARNING,
	DNSTK_SEV_NOTE,
	DNSTK_SEV_OK,
	DNSTK_SEV_COUNT,
};

/*
 * One finding (the generalised struct dnstk_violation).  Every string may
 * be NULL ("absent"); `line` 0 means no line.  In a struct dnstk_findings
 * list the strings belong to the list; a finding built by the caller for
 * dnstk_finding_text() points wherever the caller likes.
 */
struct dnstk_finding {
	const char *code;	/* "multiple-opt", "duplicate-record" */
	enum dnstk_severity severity;
	const char *ref;	/* "RFC 6891 §6.1.1" (UTF-8) */
	const char *source;	/* input name: "zone.db", "stdin" */
	unsigned long line;
	const char *owner;	/* owner name (presentation form) */
	const char *type;	/* "A", "RRSIG" */
	const char *message;	/* what is wrong, one line */
	const char *related;	/* a related place, "zone.db:3" */
};

/* A growable list of findings; caller-owned. */
struct dnstk_findings {
	struct dnstk_finding *f;
	size_t count;
	size_t cap;
};

/* Set up an empty list (no allocation). */
void dnstk_findings_init(struct dnstk_findings *fs);

/* Free the list, its findings and their strings; re-init it. */
void dnstk_findings_release(struct dnstk_findings *fs);

/*
 * Append a copy of `f` (every string copied).  Returns 0 or DNSTK_ENOMEM
 * (the list unchanged).
 */
int dnstk_findings_add(struct dnstk_findings *fs,
    const struct dnstk_finding *f);

/*
 * Append a finding with a printf-formatted message; the other strings
 * are copied.  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_findings_addf(struct dnstk_findings *fs, enum dnstk_severity sev,
    const char *code, const char *ref, const char *source,
    unsigned long line, const char *owner, const char *type,
    const char *fmt, ...) __attribute__((format(printf, 9, 10)));

/*
 * Append the EDNS violations `vs` as findings: code = id, severity ERROR
 * for MUST and WARNING for SHOULD, ref, message = detail.  Returns 0 or
 * DNSTK_ENOMEM.
 */
int dnstk_findings_from_violations(struct dnstk_findings *fs,
    const struct dnstk_violations *vs);

/* The number of findings of severity `sev`. */
size_t dnstk_findings_count(const struct dnstk_findings *fs,
    enum dnstk_severity sev);

/*
 * Text forms.  `fmt` is printed as is but for these directives:
 *   %c code      %S severity (by `sev`)   %r ref       %m message
 *   %s source    %l line                  %f SOURCE:LINE (SOURCE alone
 *   %o owner     %t type                  %R related        when no line)
 *   %P `prog` (the program name)          %% a percent sign
 * An absent value prints nothing.  "%[A%|B%]" prints A when every
 * directive in A has a value, else B ("%|B" may be left out).
 * `sev` names the severities in enum order (error, warning, note, ok).
 */
struct dnstk_finding_style {
	const char *fmt;
	const char *sev[DNSTK_SEV_COUNT];
};

/*
 * Today's text forms, byte for byte (so the tools can move to findings
 * without changing their output):
 *
 *   DNSTK_FINDING_TEXT_OPTDUMP   "violation: CODE: MESSAGE (REF)\n"
 *                                ("warning: ..." for SHOULD), dnstk-opt-dump
 *   DNSTK_FINDING_TEXT_QUERY     "answer violates CODE: MESSAGE (REF)\n"
 *                                ("answer warning ..."), dnstk-query's notes
 *   DNSTK_FINDING_TEXT_PROBE     "CODE: MESSAGE (REF)": edns-probe's
 *                                failure reason (no newline)
 *   DNSTK_FINDING_TEXT_VERDICT   "CODE: ok\n", or "CODE: MESSAGE\n":
 *                                edns-probe's per-test line (code = test)
 *   DNSTK_FINDING_TEXT_CANON     "PROG: SOURCE:LINE: MESSAGE in RRset OWNER
 *                                (see RELATED)\n": canon-sort --check
 *   DNSTK_FINDING_TEXT_ZONE      "SOURCE:LINE: SEVERITY: CODE: OWNER/TYPE:
 *                                MESSAGE\n": zone-check and later checkers
 */
extern const struct dnstk_finding_style DNSTK_FINDING_TEXT_OPTDUMP;
extern const struct dnstk_finding_style DNSTK_FINDING_TEXT_QUERY;
extern const struct dnstk_finding_style DNSTK_FINDING_TEXT_PROBE;
extern const struct dnstk_finding_style DNSTK_FINDING_TEXT_VERDICT;
extern const struct dnstk_finding_style DNSTK_FINDING_TEXT_CANON;
extern const struct dnstk_finding_style DNSTK_FINDING_TEXT_ZONE;

/*
 * Append finding `f` in text style `st` to `out`; `prog` is for %P (NULL
 * prints nothing).  Returns 0 or DNSTK_ENOMEM (`out` as it was).
 */
int dnstk_finding_text(struct dnstk_buf *out, const struct dnstk_finding *f,
    const struct dnstk_finding_style *st, const char *prog);

/* Every finding of `fs` in turn, as dnstk_finding_text(). */
int dnstk_findings_text(struct dnstk_buf *out,
    const struct dnstk_findings *fs, const struct dnstk_finding_style *st,
    const char *prog);

/*
 * JSON forms: the members of one finding's object, in order, each a
 * field letter (as the text directives: c S r m s l o t R) and a member
 * name; a member whose value is absent is left out.  `l` is a number,
 * every other member a string: UTF-8 text kept as it is, or with `bytes`
 * every byte outside printable ASCII escaped (dnstk_jsonw_string).  `sev`
 * as for text.
 */
struct dnstk_finding_json_style {
	struct {
		char field;
		int bytes;
		const char *name;
	} m[10];
	const char *sev[DNSTK_SEV_COUNT];
};

/*
 *   DNSTK_FINDING_JSON_EDNS      {"id","level","reference","detail"}:
 *                                opt-dump's "violations" array items
 *   DNSTK_FINDING_JSON_VERDICT   {"test","result","reason"}: edns-probe
 *                                (result ok, failed or skipped)
 *   DNSTK_FINDING_JSON_ZONE      {"severity","code","owner","type",
 *                                "source","line","message"}: zone-check's
 *                                JSON Lines, then "reference" and
 *                                "related" when present (canon-sort
 *                                --check -j can use it as it is)
 */
extern const struct dnstk_finding_json_style DNSTK_FINDING_JSON_EDNS;
extern const struct dnstk_finding_json_style DNSTK_FINDING_JSON_VERDICT;
extern const struct dnstk_finding_json_style DNSTK_FINDING_JSON_ZONE;

/* Write `f` as one object value to `w` (errors are kept in `w`). */
void dnstk_finding_json(struct dnstk_jsonw *w, const struct dnstk_finding *f,
    const struct dnstk_finding_json_style *st);

/* Write the members "summary":true,"errors":N,"warnings":N,"notes":N into
 * the object the caller has open on `w` (the caller may add more). */
void dnstk_findings_json_summary(struct dnstk_jsonw *w,
    const struct dnstk_findings *fs);

/*
 * Append every finding of `fs` as a JSON Lines object in style `st`,
 * then (when `summary` is nonzero) the summary object
 * {"summary":true,"errors":N,"warnings":N,"notes":N}.  Returns 0 or
 * DNSTK_ENOMEM (`out` as it was).
 */
int dnstk_findings_json_lines(struct dnstk_buf *out,
    const struct dnstk_findings *fs,
    const struct dnstk_finding_json_style *st, int summary);

/*
 * Append `fs` as a JUnit XML report (what CI systems read): one
 * <testsuite name="SUITE"> with one <testcase> per finding (name "CODE
 * OWNER/TYPE", classname SOURCE); errors and warnings are <failure
 * type="error|warning" message="MESSAGE">SOURCE:LINE: ...</failure>, notes
 * <skipped/>, OK findings pass.  No findings at all give one passing
 * testcase named "no findings".  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_findings_junit(struct dnstk_buf *out,
    const struct dnstk_findings *fs, const char *suite);

#endif
