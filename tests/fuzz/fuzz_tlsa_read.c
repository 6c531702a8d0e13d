/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the TLSA readers (bare rdata lines and whole records in any
 * stream form); every record read must print and parse back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dane/tlsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
roundtrip(const struct dnstk_tlsa *t)
{
	struct dnstk_tlsa back;
	struct dnstk_buf b;
	const char *why;
	int mn;

	for (mn = 0; mn < 2; mn++) {
		dnstk_buf_init(&b);
		if (dnstk_tlsa_format(&b, t, mn != 0) != 0) {
			dnstk_buf_release(&b);
			return;		/* out of memory */
		}
		if (dnstk_tlsa_parse_rdata(&back, b.data, &why) != 0 ||
		    back.usage != t->usage || back.selector != t->selector ||
		    back.mtype != t->mtype || back.len != t->len ||
		    (t->len > 0 && memcmp(back.data, t->data, t->len) != 0)) {
			abort();
		}
		dnstk_tlsa_release(&back);
		dnstk_buf_release(&b);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_tlsa_set s;
	struct dnstk_err err;
	struct dnstk_tlsa t;
	const char *why;
	char *text;
	size_t i;

	dnstk_tlsa_set_init(&s);
	(void)dnstk_tlsa_read_mem(&s, (const char *)data, size, "fuzz",
	    DNSTK_FORM_AUTO, "_443._tcp.www.example.com.", NULL, NULL, &err);
	for (i = 0; i < s.n; i++) {
		roundtrip(&s.v[i]);
		(void)dnstk_tlsa_unusable(&s.v[i]);
	}
	dnstk_tlsa_set_release(&s);
	/* The same bytes as one rdata string. */
	text = malloc(size + 1);
	if (text != NULL) {
		memcpy(text, data, size);
		text[size] = '\0';
		if (dnstk_tlsa_parse_rdata(&t, text, &why) == 0) {
			roundtrip(&t);
			dnstk_tlsa_release(&t);
		}
		free(text);
	}
	return 0;
}
