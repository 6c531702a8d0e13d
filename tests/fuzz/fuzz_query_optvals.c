/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz dnstk-query's option values: --ednsopt, --subnet, --cookie and
 * every other option through dnstk_query_opt(), the first byte choosing
 * the option.  Each is taken or refused with a message; what is taken
 * leaves well-formed option TLVs.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/edns_opt.h"
#include "net/qmsg.h"
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
	(void)dnstk_query_opt(&a, &st, data[0] % (DNSTK_QOPT_SOCKETS + 1),
	    arg, msg, sizeof(msg));
	check_tlvs(&a.options);
	(void)dnstk_query_opts_check(&a, &st, &why);
	dnstk_query_args_release(&a);
	free(arg);
	return 0;
}
