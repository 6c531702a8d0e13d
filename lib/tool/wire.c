/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: read units in any form, write them in another. */

#include "dns/msg.h"
#include "in/stream.h"
#include "out/render.h"
#include "out/write.h"
#include "tool/wire.h"

void
dnstk_wire_args_init(struct dnstk_wire_args *a)
{
	*a = (struct dnstk_wire_args){ .in = DNSTK_FORM_AUTO,
	    .out = DNSTK_FORM_TEXT };
}

struct wire_ctx {
	const struct dnstk_wire_args *a;
	FILE *out;
	struct dnstk_buf buf;
};

static int
emit(struct wire_ctx *c, const char *source, unsigned long line,
    struct dnstk_err *err, int r)
{
	if (r == DNSTK_EINPUT) {
		return dnstk_err_set(err, r, source, line,
		    "message does not fit in 65535 bytes of wire form");
	}
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "out of memory");
	}
	return dnstk_out_write(&c->buf, c->out, err);
}

static int
wire_msg(void *ctx, struct dnstk_msg *m, const char *source,
    unsigned long line, struct dnstk_err *err)
{
	struct wire_ctx *c = ctx;
	int r;

	r = dnstk_render_msg(&c->buf, m, c->a->out);
	dnstk_msg_free(m);
	return emit(c, source, line, err, r);
}

static int
wire_rr(void *ctx, ldns_rr *rr, const char *source, unsigned long line,
    struct dnstk_err *err)
{
	struct wire_ctx *c = ctx;
	int r;

	r = dnstk_render_rr(&c->buf, rr, c->a->out);
	ldns_rr_free(rr);
	return emit(c, source, line, err, r);
}

int
dnstk_wire(const struct dnstk_wire_args *a, FILE *out, struct dnstk_err *err)
{
	struct wire_ctx c = { a, out, { NULL, 0, 0 } };
	char *stdin_only[] = { "-" };
	char **files = a->nfiles > 0 ? a->files : stdin_only;
	int n = a->nfiles > 0 ? a->nfiles : 1, i, rc = 0;

	dnstk_buf_init(&c.buf);
	for (i = 0; i < n && rc == 0; i++) {
		rc = a->rr ? dnstk_each_rr(files[i], a->in, wire_rr, &c, err) :
		    dnstk_each_msg(files[i], a->in, wire_msg, &c, err);
	}
	dnstk_buf_release(&c.buf);
	return rc;
}
