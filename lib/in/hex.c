/* SPDX-License-Identifier: BSD-3-Clause */
/* The hex stream form: one unit of wire bytes per line, '#' comments. */
#include <string.h>

#include "in/reader.h"
#include "in/reader_int.h"
#include "util/num.h"

int
dnstk_in_hex_unit(struct dnstk_reader *r, struct dnstk_buf *out,
    struct dnstk_err *err)
{
	enum dnstk_hex_fault fault;
	char bad[2] = { '\0', '\0' };
	size_t at;
	int rc;

	while ((rc = dnstk_in_line(r, err)) == 1) {
		dnstk_buf_reset(out);
		rc = dnstk_hex_append(out, r->buf, r->len, DNSTK_HEX_BLANKS |
		    DNSTK_HEX_COMMENT, DNSTK_MSG_MAX, &fault, &at);
		if (rc == DNSTK_ENOMEM) {
			return dnstk_in_nomem(r, err);
		}
		if (rc != 0 && fault == DNSTK_HEX_NOT_DIGIT) {
			bad[0] = r->buf[at];
			return dnstk_in_fail(r, err, r->line,
			    "'%s' is not a hex digit", bad);
		}
		if (rc != 0) {
			return dnstk_in_fail(r, err, r->line,
			    fault == DNSTK_HEX_ODD ? "odd number of hex digits%s"
			    : "unit longer than 65535 bytes%s", "");
		}
		if (out->len > 0) {
			r->unit_line = r->line;
			return 1;
		}
	}
	return rc;
}

int
dnstk_in_hex_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err)
{
	struct dnstk_buf w;
	int rc;

	dnstk_buf_init(&w);
	rc = dnstk_in_hex_unit(r, &w, err);
	if (rc == 1) {
		rc = dnstk_msg_from_wire(out, (uint8_t *)w.data, w.len, err);
		if (rc != 0) {
			snprintf(err->source, sizeof(err->source), "%s",
			    r->source);
			err->line = r->unit_line;
		} else {
			rc = 1;
		}
	}
	dnstk_buf_release(&w);
	return rc;
}

int
dnstk_in_hex_rr(struct dnstk_reader *r, ldns_rr **out, struct dnstk_err *err)
{
	struct dnstk_buf w;
	size_t pos = 0;
	ldns_status st;
	int rc;

	dnstk_buf_init(&w);
	rc = dnstk_in_hex_unit(r, &w, err);
	if (rc == 1) {
		st = dnstk_wire2rr(out, (uint8_t *)w.data, w.len, &pos,
		    LDNS_SECTION_ANSWER);
		if (st == LDNS_STATUS_MEM_ERR) {
			rc = dnstk_in_nomem(r, err);
		} else if (st != LDNS_STATUS_OK) {
			rc = dnstk_err_set(err, DNSTK_EINPUT, r->source,
			    r->unit_line, "bad wire record: %s",
			    ldns_get_errorstr_by_id(st));
		} else if (pos != w.len) {
			ldns_rr_free(*out);
			*out = NULL;
			rc = dnstk_err_set(err, DNSTK_EINPUT, r->source,
			    r->unit_line, "%zu bytes after the record",
			    w.len - pos);
		}
	}
	dnstk_buf_release(&w);
	return rc;
}
