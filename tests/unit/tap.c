/* SPDX-License-Identifier: BSD-3-Clause */
/* A tiny TAP producer for the unit tests. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/num.h"

static int tap_n, tap_failed;

int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
	}
	return cond;
}

int
tap_str(const char *got, const char *want, const char *name)
{
	int ok = got != NULL && want != NULL && strcmp(got, want) == 0;

	tap_ok(ok, "%s", name);
	if (!ok) {
		printf("#   got:  '%s'\n#   want: '%s'\n",
		    got != NULL ? got : "(null)", want != NULL ? want : "(null)");
	}
	return ok;
}

static void
dump(const char *label, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	printf("#   %s", label);
	for (i = 0; i < n; i++) {
		printf("%02x", b[i]);
	}
	putchar('\n');
}

int
tap_mem(const void *got, size_t glen, const void *want, size_t wlen,
    const char *name)
{
	int ok = glen == wlen && (glen == 0 || memcmp(got, want, glen) == 0);

	tap_ok(ok, "%s", name);
	if (!ok) {
		dump("got:  ", got, glen);
		dump("want: ", want, wlen);
	}
	return ok;
}

int
tap_int(long long got, long long want, const char *name)
{
	int ok = got == want;

	tap_ok(ok, "%s", name);
	if (!ok) {
		printf("#   got: %lld, want: %lld\n", got, want);
	}
	return ok;
}

int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

size_t
tap_hex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *hex != '\0'; hex++) {
		v = dnstk_hexval((unsigned char)*hex);
		if (v < 0) {
			continue;
		}
		if (hi < 0) {
			hi = v;
		} else if (n < cap) {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}
