/* SPDX-License-Identifier: BSD-3-Clause */
/* The zone engine's duplicate and TTL checks as findings. */
#include <stdio.h>
#include <string.h>

#include "zone/zone_findings.h"

struct zf_ctx {
	bool split;
	dnstk_zone_finding_fn fn;
	void *ctx;
	struct dnstk_buf name;	/* "NAME CLASS TYPE" */
	struct dnstk_buf line;	/* the related place, "SOURCE:LINE" */
};

/* One issue as a finding, then on to the caller's function. */
static int
issue(void *ctx, const struct dnstk_zone *z,
    const struct dnstk_zone_issue *is)
{
	struct zf_ctx *c = ctx;
	struct dnstk_finding f;
	char msg[64], *sp;

	memset(&f, 0, sizeof(f));
	f.severity = DNSTK_SEV_ERROR;
	f.source = dnstk_zone_source(z, is->at);
	f.line = z->tab.ent[is->at].line;
	if (is->kind == DNSTK_ZONE_DUPLICATE) {
		f.code = "duplicate-record";
		f.message = "duplicate record";
	} else {
		f.code = "ttl-mismatch";
		(void)snprintf(msg, sizeof(msg), "TTL %u differs from TTL %u",
		    is->ttl, is->want_ttl);
		f.message = msg;
	}
	dnstk_buf_reset(&c->name);
	dnstk_buf_reset(&c->line);
	if (dnstk_zone_rrset_name(&c->name, z, is->at) != 0 ||
	    dnstk_buf_addc(&c->name, '\0') != 0 ||
	    dnstk_buf_addf(&c->line, "%s:%u", dnstk_zone_source(z,
	    is->first), z->tab.ent[is->first].line) != 0 ||
	    dnstk_buf_addc(&c->line, '\0') != 0) {
		return DNSTK_ENOMEM;	/* never a silently missing line */
	}
	f.related = c->line.data;
	f.owner = c->name.data;
	if (c->split) {
		/* "NAME CLASS TYPE": ldns escapes spaces in names as \032 */
		sp = strrchr(c->name.data, ' ');
		f.type = sp + 1;
		*sp = '\0';
		*strrchr(c->name.data, ' ') = '\0';
	}
	return c->fn(c->ctx, &f);
}

int
dnstk_zone_check_findings(const struct dnstk_zone *z, bool split,
    dnstk_zone_finding_fn fn, void *ctx, struct dnstk_zone_check_stats *st)
{
	struct zf_ctx c;
	int r;

	c.split = split;
	c.fn = fn;
	c.ctx = ctx;
	dnstk_buf_init(&c.name);
	dnstk_buf_init(&c.line);
	r = dnstk_zone_check(z, issue, &c, st);
	dnstk_buf_release(&c.name);
	dnstk_buf_release(&c.line);
	return r;
}
