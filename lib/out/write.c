/* SPDX-License-Identifier: BSD-3-Clause */
/* Writing a whole rendered unit to a tool's output. */
#include <string.h>

#include "out/write.h"

int
dnstk_out_write(struct dnstk_buf *b, FILE *out, struct dnstk_err *err)
{
	int r = dnstk_buf_write(b, out);

	dnstk_buf_reset(b);
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "cannot write output: %s",
		    strerror(-r));
	}
	return 0;
}
