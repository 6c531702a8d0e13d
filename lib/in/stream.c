/* SPDX-License-Identifier: BSD-3-Clause */
/* Input streams: the unit iterators every stream tool shares. */
#include "dns/msg.h"
#include "in/reader.h"
#include "in/stream.h"

static int
each(const char *name, enum dnstk_form form, dnstk_each_msg_fn mfn,
    dnstk_each_rr_fn rfn, void *ctx, struct dnstk_err *err)
{
	struct dnstk_reader r;
	struct dnstk_msg *m;
	ldns_rr *rec;
	int rc;

	rc = dnstk_reader_open(&r, name, form, err);
	if (rc != 0) {
		return rc;
	}
	do {
		if (rfn != NULL) {
			rec = NULL;
			rc = dnstk_reader_rr(&r, &rec, err);
			rc = rc == 1 ? rfn(ctx, rec, r.source, r.unit_line,
			    err) : rc == 0 ? 1 : rc;
		} else {
			m = NULL;
			rc = dnstk_reader_msg(&r, &m, err);
			rc = rc == 1 ? mfn(ctx, m, r.source, r.unit_line,
			    err) : rc == 0 ? 1 : rc;
		}
	} while (rc == 0);
	dnstk_reader_release(&r);
	return rc == 1 ? 0 : rc;
}

int
dnstk_each_msg(const char *name, enum dnstk_form form, dnstk_each_msg_fn fn,
    void *ctx, struct dnstk_err *err)
{
	return each(name, form, fn, NULL, ctx, err);
}

int
dnstk_each_rr(const char *name, enum dnstk_form form, dnstk_each_rr_fn fn,
    void *ctx, struct dnstk_err *err)
{
	return each(name, form, NULL, fn, ctx, err);
}
