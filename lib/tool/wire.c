/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: read units in any form, write them in another. */
#include <string.h>

#include "dns/msg.h"
#include "in/reader.h"
#include "tool/wire.h"

void
dnstk_wire_args_init(struct dnstk_wire_args *a)
{
	memset(a, 0, sizeof(*a));
	a->in = DNSTK_FORM_AUTO;
	a->out = DNSTK_FORM_TEXT;
}

static int
open_input(FILE **fp, const char *name, struct dnstk_err *err)
{
	if (strcmp(name, "-") == 0) {
		*fp = stdin;
		return 0;
	}
	*fp = fopen(name, "r");
	if (*fp == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0,
		    "cannot open '%s': %s", name, strerror(errno));
	}
	return 0;
}

static int
each(const char *name, enum dnstk_form form, bool rr, dnstk_each_msg_fn mfn,
    dnstk_each_rr_fn rfn, void *ctx, struct dnstk_err *err)
{
	struct dnstk_reader r;
	struct dnstk_msg *m;
	ldns_rr *rec;
	FILE *fp = NULL;
	int rc;

	rc = open_input(&fp, name, err);
	if (rc != 0) {
		return rc;
	}
	rc = dnstk_reader_init(&r, fp, fp == stdin ? "stdin" : name, form);
	if (rc != 0) {
		if (fp != stdin) {
			fclose(fp);
		}
		return dnstk_err_set(err, rc, NULL, 0, "out of memory");
	}
	for (;;) {
		if (rr) {
			rec = NULL;
			rc = dnstk_reader_rr(&r, &rec, err);
			if (rc != 1) {
				break;
			}
			rc = rfn(ctx, rec, r.source, r.unit_line, err);
		} else {
			m = NULL;
			rc = dnstk_reader_msg(&r, &m, err);
			if (rc != 1) {
				break;
			}
			rc = mfn(ctx, m, r.source, r.unit_line, err);
		}
		if (rc != 0) {
			break;
		}
	}
	dnstk_reader_release(&r);
	if (fp != stdin) {
		fclose(fp);
	}
	return rc;
}

int
dnstk_each_msg(const char *name, enum dnstk_form form, dnstk_each_msg_fn fn,
    void *ctx, struct dnstk_err *err)
{
	return each(name, form, false, fn, NULL, ctx, err);
}

int
dnstk_each_rr(const char *name, enum dnstk_form form, dnstk_each_rr_fn fn,
    void *ctx, struct dnstk_err *err)
{
	return each(name, form, true, NULL, fn, ctx, err);
}

struct wire_ctx {
	const struct dnstk_wire_args *a;
	FILE *out;
	struct dnstk_buf buf;
	unsigned long units;	/* units written from the current input */
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
	r = dnstk_buf_write(&c->buf, c->out);
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "cannot write output: %s",
		    strerror(-r));
	}
	return 0;
}

static int
wire_msg(void *ctx, struct dnstk_msg *m, const char *source,
    unsigned long line, struct dnstk_err *err)
{
	struct wire_ctx *c = ctx;
	int r;

	c->units++;
	dnstk_buf_reset(&c->buf);
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

	c->units++;
	dnstk_buf_reset(&c->buf);
	r = dnstk_render_rr(&c->buf, rr, c->a->out);
	ldns_rr_free(rr);
	return emit(c, source, line, err, r);
}

int
dnstk_wire(const struct dnstk_wire_args *a, FILE *out, struct dnstk_err *err)
{
	struct wire_ctx c = { a, out, { NULL, 0, 0 }, 0 };
	char *stdin_only[] = { "-" };
	char **files = a->nfiles > 0 ? a->files : stdin_only;
	int n = a->nfiles > 0 ? a->nfiles : 1, i, rc = 0;

	dnstk_buf_init(&c.buf);
	for (i = 0; i < n && rc == 0; i++) {
		c.units = 0;
		rc = a->rr ? dnstk_each_rr(files[i], a->in, wire_rr, &c, err) :
		    dnstk_each_msg(files[i], a->in, wire_msg, &c, err);
		if (rc == 0 && c.units == 0) {
			/* An empty input is almost always a broken pipeline
			 * (a failed query upstream): say so. */
			rc = dnstk_err_set(err, DNSTK_EINPUT,
			    strcmp(files[i], "-") == 0 ? "stdin" : files[i], 1,
			    "no %s in input", a->rr ? "record" : "message");
		}
	}
	dnstk_buf_release(&c.buf);
	return rc;
}
