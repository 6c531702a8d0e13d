/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/util/jsonw and lib/out/finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/edns_check.h"
#include "out/finding.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/jsonw.h"

static void
test_jsonw(void)
{
	struct dnstk_buf b;
	struct dnstk_jsonw w;
	struct dnstk_json *v = NULL;
	const char *why = NULL;

	dnstk_buf_init(&b);
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_kuint(&w, "a", 1);
	dnstk_jsonw_key(&w, "list");
	dnstk_jsonw_array(&w);
	dnstk_jsonw_int(&w, -2);
	dnstk_jsonw_bool(&w, true);
	dnstk_jsonw_null(&w);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_end(&w);
	dnstk_jsonw_array(&w);
	dnstk_jsonw_end(&w);
	dnstk_jsonw_raw(&w, "{\"x\":0}", 7);
	dnstk_jsonw_end(&w);
	dnstk_jsonw_kstring(&w, "bytes", "a\"\\\n\xc3\xa9");
	dnstk_jsonw_ktext(&w, "text", "RFC 6891 \xc2\xa7" "6.1.1 \x01");
	dnstk_jsonw_ktext(&w, "bad", "\xff");
	dnstk_jsonw_kstring(&w, "none", NULL);
	dnstk_jsonw_end(&w);
	dnstk_jsonw_newline(&w);
	tap_int(dnstk_jsonw_finish(&w), 0, "jsonw: a nested document");
	tap_str(b.data, "{\"a\":1,\"list\":[-2,true,null,{},[],{\"x\":0}],"
	    "\"bytes\":\"a\\\"\\\\\\u000a\\u00c3\\u00a9\","
	    "\"text\":\"RFC 6891 \xc2\xa7" "6.1.1 \\u0001\","
	    "\"bad\":\"\\u00ff\",\"none\":null}\n",
	    "jsonw: commas, colons, escapes");
	tap_int(dnstk_json_parse(&v, b.data, b.len, &why), 0,
	    "jsonw: the reader takes what the writer wrote");
	tap_ok(v != NULL && dnstk_json_get(v, "list") != NULL &&
	    dnstk_json_get(v, "list")->count == 6, "jsonw: six list items");
	tap_ok(v != NULL && dnstk_json_get(v, "bytes") != NULL &&
	    dnstk_json_get(v, "bytes")->len == 6 &&
	    memcmp(dnstk_json_get(v, "bytes")->str, "a\"\\\n\xc3\xa9", 6) == 0,
	    "jsonw: bytes read back as they were");
	dnstk_json_free(v);

	/* JSON Lines: top-level values without commas. */
	dnstk_buf_reset(&b);
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_end(&w);
	dnstk_jsonw_newline(&w);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_end(&w);
	dnstk_jsonw_newline(&w);
	tap_int(dnstk_jsonw_finish(&w), 0, "jsonw: two lines");
	tap_str(b.data, "{}\n{}\n", "jsonw: no comma between lines");

	/* Misuse is an error and leaves the buffer as it was. */
	dnstk_buf_reset(&b);
	dnstk_buf_adds(&b, "keep");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_int(&w, 1);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: a member without a name is misuse");
	tap_str(b.data, "keep", "jsonw: rolled back");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_array(&w);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: an open array is misuse");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_end(&w);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: an end without a start is misuse");
	dnstk_buf_release(&b);
}

/* A finding with every field. */
static const struct dnstk_finding full = {
	"ttl-mismatch", DNSTK_SEV_WARNING, "RFC 2181 \xc2\xa7" "5.2",
	"zone.db", 12, "www.example.", "A", "TTL 300 differs from TTL 600",
	"zone.db:10",
};

static void
test_text(void)
{
	struct dnstk_buf b;
	struct dnstk_finding f = full;

	dnstk_buf_init(&b);
	tap_int(dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_ZONE, NULL), 0,
	    "text: zone form");
	tap_str(b.data, "zone.db:12: warning: ttl-mismatch: www.example./A: "
	    "TTL 300 differs from TTL 600\n", "text: SOURCE:LINE: severity: "
	    "code: owner/TYPE: message");
	dnstk_buf_reset(&b);
	f.severity = DNSTK_SEV_ERROR;
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_OPTDUMP, NULL);
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_QUERY, NULL);
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_PROBE, NULL);
	tap_str(b.data, "violation: ttl-mismatch: TTL 300 differs from TTL 600 "
	    "(RFC 2181 \xc2\xa7" "5.2)\nanswer violates ttl-mismatch: TTL 300 "
	    "differs from TTL 600 (RFC 2181 \xc2\xa7" "5.2)\nttl-mismatch: TTL "
	    "300 differs from TTL 600 (RFC 2181 \xc2\xa7" "5.2)",
	    "text: opt-dump, query and edns-probe forms");
	dnstk_buf_reset(&b);
	f.severity = DNSTK_SEV_WARNING;
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_OPTDUMP, NULL);
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_QUERY, NULL);
	tap_str(b.data, "warning: ttl-mismatch: TTL 300 differs from TTL 600 "
	    "(RFC 2181 \xc2\xa7" "5.2)\nanswer warning ttl-mismatch: TTL 300 "
	    "differs from TTL 600 (RFC 2181 \xc2\xa7" "5.2)\n",
	    "text: SHOULD-level words");
	dnstk_buf_reset(&b);
	f.message = "duplicate record";
	f.owner = "a.example. IN A";
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_CANON,
	    "dnstk-canon-sort");
	tap_str(b.data, "dnstk-canon-sort: zone.db:12: duplicate record in "
	    "RRset a.example. IN A (see zone.db:10)\n", "text: canon-sort form");
	dnstk_buf_reset(&b);
	memset(&f, 0, sizeof(f));
	f.code = "edns0-opt";
	f.severity = DNSTK_SEV_OK;
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_VERDICT, NULL);
	f.severity = DNSTK_SEV_ERROR;
	f.message = "no OPT in the answer";
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_VERDICT, NULL);
	tap_str(b.data, "edns0-opt: ok\nedns0-opt: no OPT in the answer\n",
	    "text: verdict lines, ok when there is no message");
	dnstk_buf_reset(&b);
	f.source = "stdin";
	dnstk_finding_text(&b, &f, &DNSTK_FINDING_TEXT_ZONE, NULL);
	tap_str(b.data, "stdin: error: edns0-opt: /: no OPT in the answer\n",
	    "text: no line, no owner: nothing printed for them");
	dnstk_buf_release(&b);
}

/* An independent check of the JUnit XML: xmllint, when it is there. */
static void
xml_wellformed(const struct dnstk_buf *b)
{
	char path[] = "/tmp/dnstk-junit-XXXXXX", cmd[128];
	int fd = mkstemp(path), rc;

	if (system("command -v xmllint >/dev/null 2>&1") != 0 || fd < 0) {
		tap_ok(1, "junit: well-formed # SKIP no xmllint");
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return;
	}
	rc = write(fd, b->data, b->len) == (ssize_t)b->len;
	close(fd);
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s 2>/dev/null", path);
	tap_ok(rc && system(cmd) == 0, "junit: xmllint finds it well-formed");
	unlink(path);
}

static void
test_list_json(void)
{
	struct dnstk_findings fs;
	struct dnstk_violations vs;
	struct dnstk_buf b;
	struct dnstk_jsonw w;
	struct dnstk_finding f = full;
	char kept[32] = "scratch";

	dnstk_findings_init(&fs);
	dnstk_buf_init(&b);
	f.message = kept;
	tap_int(dnstk_findings_add(&fs, &f), 0, "list: add");
	memset(kept, 'x', sizeof(kept) - 1);
	tap_str(fs.f[0].message, "scratch", "list: strings are copied");
	tap_int(dnstk_findings_addf(&fs, DNSTK_SEV_ERROR, "c2", NULL, "z", 3,
	    "o.", "MX", "%d problems", 2), 0, "list: addf");
	tap_str(fs.f[1].message, "2 problems", "list: addf formats");
	dnstk_violations_init(&vs);
	tap_int(dnstk_edns_check_option(&vs, 8, (const uint8_t *)"\x00\x01",
	    2, false), 0, "list: an ECS option too short");
	tap_int(dnstk_findings_from_violations(&fs, &vs), 0,
	    "list: violations convert");
	tap_ok(fs.count == 2 + vs.count && vs.count > 0 &&
	    strcmp(fs.f[2].code, vs.v[0].id) == 0 &&
	    fs.f[2].severity == DNSTK_SEV_ERROR,
	    "list: a MUST violation is an error finding with its id");
	dnstk_violations_release(&vs);
	tap_int(dnstk_findings_count(&fs, DNSTK_SEV_WARNING), 1,
	    "list: count by severity");

	tap_int(dnstk_findings_json_lines(&b, &fs, &DNSTK_FINDING_JSON_ZONE,
	    1), 0, "json: JSON Lines with a summary");
	tap_ok(strncmp(b.data, "{\"severity\":\"warning\",\"code\":"
	    "\"ttl-mismatch\",\"owner\":\"www.example.\",\"type\":\"A\","
	    "\"source\":\"zone.db\",\"line\":12,\"message\":\"scratch\","
	    "\"reference\":\"RFC 2181 \xc2\xa7" "5.2\",\"related\":"
	    "\"zone.db:10\"}\n", strlen("{\"severity"
	    "\":\"warning\",\"code\":\"ttl-mismatch\",\"owner\":\"www.example."
	    "\",\"type\":\"A\",\"source\":\"zone.db\",\"line\":12,\"message\":"
	    "\"scratch\",\"reference\":\"RFC 2181 \xc2\xa7" "5.2\","
	    "\"related\":\"zone.db:10\"}\n")) == 0,
	    "json: zone-check members in order, line a number");
	tap_ok(strstr(b.data, "{\"summary\":true,\"errors\":2,\"warnings\":1,"
	    "\"notes\":0}\n") != NULL, "json: the summary object counts");
	dnstk_buf_reset(&b);
	dnstk_jsonw_init(&w, &b);
	dnstk_finding_json(&w, &fs.f[2], &DNSTK_FINDING_JSON_EDNS);
	tap_int(dnstk_jsonw_finish(&w), 0, "json: opt-dump's form");
	tap_ok(strncmp(b.data, "{\"id\":\"", 7) == 0 &&
	    strstr(b.data, "\",\"level\":\"error\",\"reference\":\"RFC 7871 "
	    "\xc2\xa7" "6\",\"detail\":\"") != NULL,
	    "json: id, level, reference, detail: %s", b.data);
	dnstk_buf_reset(&b);
	memset(&f, 0, sizeof(f));
	f.code = "t1";
	f.severity = DNSTK_SEV_OK;
	dnstk_jsonw_init(&w, &b);
	dnstk_finding_json(&w, &f, &DNSTK_FINDING_JSON_VERDICT);
	f.severity = DNSTK_SEV_NOTE;
	f.message = "not run";
	dnstk_finding_json(&w, &f, &DNSTK_FINDING_JSON_VERDICT);
	tap_int(dnstk_jsonw_finish(&w), 0, "json: verdicts");
	tap_str(b.data, "{\"test\":\"t1\",\"result\":\"ok\"}{\"test\":\"t1\","
	    "\"result\":\"skipped\",\"reason\":\"not run\"}",
	    "json: edns-probe's verdict objects");

	dnstk_buf_reset(&b);
	dnstk_findings_addf(&fs, DNSTK_SEV_NOTE, "n<1>", NULL, "f&g", 0,
	    "\"q\".", NULL, "a < b & c \x01 ' \"");
	tap_int(dnstk_findings_junit(&b, &fs, "zone <x>"), 0, "junit: builds");
	tap_ok(strstr(b.data, "<skipped message=\"a &lt; b &amp; c \\001 "
	    "&apos; &quot;\"/>") != NULL, "junit: XML's characters escaped");
	tap_ok(strstr(b.data, "<testsuite name=\"zone &lt;x&gt;\" tests=\"4\" "
	    "failures=\"3\" errors=\"0\" skipped=\"1\">") != NULL,
	    "junit: suite counts, name escaped");
	tap_ok(strstr(b.data, "<testcase name=\"ttl-mismatch www.example./A\" "
	    "classname=\"zone.db\">") != NULL &&
	    strstr(b.data, "<failure type=\"warning\" message=\"scratch\">"
	    "zone.db:12: warning: ttl-mismatch: www.example./A: scratch"
	    "</failure>") != NULL, "junit: one testcase per finding");
	xml_wellformed(&b);
	dnstk_findings_release(&fs);
	dnstk_buf_reset(&b);
	tap_int(dnstk_findings_junit(&b, &fs, "z"), 0, "junit: empty list");
	tap_ok(strstr(b.data, "tests=\"1\" failures=\"0\"") != NULL &&
	    strstr(b.data, "<testcase name=\"no findings\"") != NULL,
	    "junit: no findings is one passing testcase");
	dnstk_buf_release(&b);
}

int
main(void)
{
	test_jsonw();
	test_text();
	test_list_json();
	return tap_done();
}
