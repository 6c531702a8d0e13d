/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-only LD_PRELOAD shim: make the Nth malloc/calloc/realloc called
 * directly from the dnstk executable fail (DNSTK_FAILMALLOC=N), so the
 * out-of-memory paths of lib/ and cmd/ run under test.  Allocations made
 * inside ldns, OpenSSL or libc are left alone: their failure handling is
 * theirs.  With DNSTK_FAILMALLOC=0 it only counts, and prints the number
 * of such allocations on stderr at exit.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static long fm_target = -1, fm_count;
static int fm_state;	/* 0 not ready, 1 initialising, 2 ready */
static uintptr_t fm_lo, fm_hi;	/* the main program's mapped range */
static char fm_boot[8192];	/* calloc for dlsym while initialising */
static size_t fm_boot_used;

static void
fm_report(void)
{
	char line[64];
	int n;

	n = snprintf(line, sizeof(line), "failmalloc: %ld\n", fm_count);
	if (fm_target == 0 && write(2, line, (size_t)n) < 0) {
		fm_count = -1;
	}
}

static int
fm_phdr(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t a;
	int i;

	(void)size;
	(void)data;
	/* The first object listed is the main program. */
	for (i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type != PT_LOAD) {
			continue;
		}
		a = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
		if (fm_lo == 0 || a < fm_lo) {
			fm_lo = a;
		}
		if (a + info->dlpi_phdr[i].p_memsz > fm_hi) {
			fm_hi = a + info->dlpi_phdr[i].p_memsz;
		}
	}
	return 1;
}

static void
fm_init(void)
{
	const char *s;

	fm_state = 1;
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	dl_iterate_phdr(fm_phdr, NULL);
	s = getenv("DNSTK_FAILMALLOC");
	if (s != NULL) {
		fm_target = strtol(s, NULL, 10);
		atexit(fm_report);
	}
	fm_state = 2;
}

static int
fm_fail(void *caller)
{
	uintptr_t c = (uintptr_t)caller;

	if (fm_target < 0 || c < fm_lo || c >= fm_hi) {
		return 0;
	}
	fm_count++;
	return fm_target > 0 && fm_count == fm_target;
}

void *
malloc(size_t n)
{
	if (fm_state != 2) {
		fm_init();
	}
	if (fm_fail(__builtin_return_address(0))) {
		return NULL;
	}
	return real_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	void *p;

	if (fm_state == 1) {
		/* dlsym() may calloc while we look up the real calloc. */
		if (n * m > sizeof(fm_boot) - fm_boot_used) {
			return NULL;
		}
		p = fm_boot + fm_boot_used;
		fm_boot_used += (n * m + 15) & ~(size_t)15;
		return p;
	}
	if (fm_state == 0) {
		fm_init();
	}
	if (fm_fail(__builtin_return_address(0))) {
		return NULL;
	}
	return real_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	if (fm_state != 2) {
		fm_init();
	}
	if (fm_fail(__builtin_return_address(0))) {
		return NULL;
	}
	return real_realloc(p, n);
}

void
free(void *p)
{
	static void (*real_free)(void *);

	if ((char *)p >= fm_boot && (char *)p < fm_boot + sizeof(fm_boot)) {
		return;
	}
	if (real_free == NULL) {
		real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	}
	real_free(p);
}
