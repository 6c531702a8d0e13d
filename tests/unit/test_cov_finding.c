/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/out/finding's text templates: every directive,
 * conditional parts with and without their "else", absent values, and
 * what is not a directive, as finding.h documents them.
 */
#include <string.h>

#include "out/finding.h"
#include "tap.h"
#include "util/buf.h"

static const struct dnstk_finding full = {
	"c1", DNSTK_SEV_WARNING, "RFC 1", "z.db", 7, "o.", "A", "msg",
	"z.db:3",
};

static const struct dnstk_finding bare = {
	"c2", DNSTK_SEV_ERROR, NULL, NULL, 0, NULL, NULL, "m2", NULL,
};

/* `f` through template `fmt`, into a static buffer. */
static const char *
text(const struct dnstk_finding *f, const char *fmt, const char *prog)
{
	static struct dnstk_buf b;
	struct dnstk_finding_style st = { fmt, { "E", "W", "N", "O" } };

	if (b.data == NULL) {
		dnstk_buf_init(&b);
	}
	dnstk_buf_reset(&b);
	if (dnstk_finding_text(&b, f, &st, prog) != 0) {
		return "(failed)";
	}
	return b.data;
}

static void
test_directives(void)
{
	tap_str(text(&full, "%c|%S|%r|%m|%s|%l|%f|%o|%t|%R|%P", "prog"),
	    "c1|W|RFC 1|msg|z.db|7|z.db:7|o.|A|z.db:3|prog",
	    "text: every directive");
	tap_str(text(&bare, "%c|%S|%r|%s|%l|%f|%o|%t|%R|%P|", NULL),
	    "c2|E|||||||||", "text: absent values print nothing");
	tap_str(text(&full, "100%% sure", NULL), "100% sure",
	    "text: %% is a percent sign");
	tap_str(text(&full, "50%", NULL), "50%",
	    "text: a percent sign at the end is kept");
	tap_str(text(&full, "%x and %%q", NULL), "%x and %q",
	    "text: what is not a directive is printed as is");
}

static void
test_conditionals(void)
{
	struct dnstk_finding nosrc = full;

	tap_str(text(&full, "%[at %f%|nowhere%]: %m", NULL), "at z.db:7: msg",
	    "cond: every value there: the first part");
	tap_str(text(&bare, "%[at %f%|nowhere%]: %m", NULL), "nowhere: m2",
	    "cond: a value absent: the else part");
	tap_str(text(&bare, "%m%[ (%r)%]", NULL), "m2",
	    "cond: no else part: nothing");
	tap_str(text(&full, "%m%[ (%r)%]", NULL), "msg (RFC 1)",
	    "cond: no else part, value there");
	nosrc.line = 0;
	tap_str(text(&nosrc, "%f|%[%l%|no line%]", NULL), "z.db|no line",
	    "cond: %f is the source alone without a line");
}

int
main(void)
{
	test_directives();
	test_conditionals();
	return tap_done();
}
