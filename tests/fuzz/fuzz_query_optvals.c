/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz dnstk-query's option values: --ednsopt, --subnet, --cookie and
 * every other option through dnstk_query_opt(), the first byte choosing
 * the option.  Each is taken or refused with a message; what is taken
 * leaves well-formed option TLVs.  The same text also goes through the
 * dig-style parsers: "+word" options, --show lists, -x addresses, the
 * operands split at blanks, and the text filter of --hide/--idnout.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/edns_opt.h"
#include "net/qmsg.h"
#include "cli/cli.h"
#include "cli/dig.h"
#include "out/text_show.h"
#include "tool/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The option TLVs must tile the buffer exactly. */
static void
check_tlvs(const struct dnstk_buf *b)
{
	size_t i = 0, n;

	while (i + 4 <= b->len) {
		n = ((size_t)(uint8_t)b->data[i + 2] << 8) |
		    (uint8_t)b->data[i + 3];
		i += 4 + n;
	}
	if (i != b->len) {
		abort();
	}
}

/* The dig-style parsers on `arg`; what they take must be sane. */
static void
dig_parsers(const char *arg, uint8_t mode)
{
	struct dnstk_query_args a;
	struct dnstk_cli_word w;
	struct dnstk_buf b;
	char plus[4200], rev[DNSTK_QUERY_NAME_MAX], msg[512], *words[64];
	char *copy, *save = NULL, *t;
	const char *why;
	unsigned mask;
	int n = 0;
	size_t i;

	snprintf(plus, sizeof(plus), "+%s", arg);
	if (dnstk_cli_dig_plus(&w, plus, NULL, msg, sizeof(msg)) == 0 &&
	    w.opt != NULL && w.opt[0] == '\0') {
		abort();
	}
	if (dnstk_show_parse(&mask, arg, &why) == 0 &&
	    (mask & ~(unsigned)DNSTK_SHOW_ALL) != 0) {
		abort();
	}
	if (dnstk_query_reverse(rev, sizeof(rev), arg, &why) == 0 &&
	    strstr(rev, ".arpa.") == NULL) {
		abort();
	}
	copy = strdup(arg);
	if (copy == NULL) {
		return;
	}
	for (t = strtok_r(copy, " \t\n", &save); t != NULL && n < 64;
	    t = strtok_r(NULL, " \t\n", &save)) {
		words[n++] = t;
	}
	dnstk_query_args_init(&a);
	if (dnstk_query_operands(&a, n, words, true, &why) == 0) {
		if (a.nqs == 0 || a.name != a.qs[0].name) {
			abort();
		}
		for (i = 0; i < a.nqs; i++) {
			if (!a.qs[i].has_type && a.qs[i].qtype != a.qtype &&
			    i == 0) {
				abort();
			}
		}
	}
	dnstk_query_args_release(&a);
	free(copy);
	dnstk_buf_init(&b);
	if (dnstk_buf_adds(&b, arg) == 0) {
		(void)dnstk_text_show(&b, 0, mode & DNSTK_SHOW_ALL,
		    (mode & 0x40) != 0);
	}
	dnstk_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_query_args a;
	struct dnstk_query_optstate st = { 0, false };
	char *arg, msg[512];
	const char *why;

	if (size < 1 || size > 4096) {
		return 0;
	}
	arg = malloc(size);
	if (arg == NULL) {
		return 0;
	}
	memcpy(arg, data + 1, size - 1);
	arg[size - 1] = '\0';
	dnstk_query_args_init(&a);
	(void)dnstk_query_add_ednsopt(&a, arg, &why);
	(void)dnstk_opt_append_ecs(&a.options, arg, &why);
	(void)dnstk_query_set_cookie(&a, arg, &why);
	if (a.cookie && a.cookie_len != 8 && (a.cookie_len < 16 ||
	    a.cookie_len > 40)) {
		abort();
	}
	msg[0] = '\0';
	(void)dnstk_query_opt(&a, &st, data[0] % (DNSTK_QOPT_LAST + 1),
	    arg, msg, sizeof(msg));
	check_tlvs(&a.options);
	(void)dnstk_query_opts_check(&a, &st, &why);
	dnstk_query_args_release(&a);
	dig_parsers(arg, data[0]);
	free(arg);
	return 0;
}
