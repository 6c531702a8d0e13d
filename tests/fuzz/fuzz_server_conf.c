/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the resolv.conf reader and the server-address parser it uses
 * (IPv4, IPv6, [brackets], %scope): the input is a resolv.conf, read
 * through a memory file.  A server found has a numeric text form that
 * parses back to the same address.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int fam[] = { AF_UNSPEC, AF_INET, AF_INET6 };
	struct dnstk_server s, back;
	struct dnstk_err err;
	char path[64];
	int fd, i;

	fd = memfd_create("resolv", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	for (i = 0; i < 3; i++) {
		if (dnstk_server_default(&s, path, 53, fam[i], &err) != 0) {
			continue;
		}
		if (fam[i] != AF_UNSPEC && s.addr.ss_family != fam[i]) {
			abort();
		}
		/* The numeric form never goes to the resolver. */
		if (dnstk_server_resolve(&back, s.text, 53, AF_UNSPEC,
		    &err) != 0 || !dnstk_server_same(&s, &back.addr)) {
			abort();
		}
	}
	close(fd);
	return 0;
}
