/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rawdns: send DNS messages given as hex to 127.0.0.1 exactly as written
 * (malformed ones too) and print each answer as a hex line, or "timeout".
 *
 * usage: rawdns [--tcp] PORT HEX...
 * Over UDP each HEX is one datagram, answered in turn.  With --tcp all
 * the messages go in ONE write on one connection (RFC 7766 pipelining),
 * each with its two-octet length, and as many answers are read back (in
 * the order they come).  Exit 0 when every message got an answer, 3 when
 * not, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/num.h"

static size_t
unhex(uint8_t *out, size_t cap, const char *s)
{
	size_t n = 0;
	int hi = -1;

	for (; *s != '\0'; s++) {
		int v = dnstk_hexval((unsigned char)*s);

		if (v < 0) {
			continue;	/* blanks and the like */
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

static void
puthex(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		printf("%02x", p[i]);
	}
	printf("\n");
}

int
main(int argc, char *argv[])
{
	static uint8_t buf[65536 * 4], ans[65536 + 2];
	struct sockaddr_in sa;
	struct pollfd pfd;
	int i = 1, fd, missing = 0;
	bool tcp = false;

	if (argc > 1 && strcmp(argv[1], "--tcp") == 0) {
		tcp = true;
		i++;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: rawdns [--tcp] PORT HEX...\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)atoi(argv[i++]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("rawdns");
		return 3;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (tcp) {
		size_t len = 0, got = 0;
		int want = argc - i, k;

		for (k = i; k < argc; k++) {
			size_t n = unhex(buf + len + 2, 65535, argv[k]);

			buf[len] = (uint8_t)(n >> 8);
			buf[len + 1] = (uint8_t)n;
			len += 2 + n;
		}
		if (write(fd, buf, len) != (ssize_t)len) {
			return 3;
		}
		while (want > 0) {
			ssize_t r;
			size_t mlen;

			while (got < 2 || got < 2 + (((size_t)ans[0] << 8) |
			    ans[1])) {
				if (poll(&pfd, 1, 3000) <= 0) {
					goto tcp_done;
				}
				r = read(fd, ans + got, got < 2 ? 2 - got :
				    2 + (((size_t)ans[0] << 8) | ans[1]) - got);
				if (r <= 0) {
					goto tcp_done;
				}
				got += (size_t)r;
			}
			mlen = ((size_t)ans[0] << 8) | ans[1];
			puthex(ans + 2, mlen);
			got = 0;
			want--;
		}
tcp_done:
		for (; want > 0; want--) {
			printf("timeout\n");
			missing++;
		}
	} else {
		for (; i < argc; i++) {
			size_t n = unhex(buf, sizeof(buf), argv[i]);
			ssize_t r;

			if (send(fd, buf, n, 0) != (ssize_t)n ||
			    poll(&pfd, 1, 1500) <= 0 ||
			    (r = recv(fd, ans, sizeof(ans), 0)) <= 0) {
				printf("timeout\n");
				missing++;
				continue;
			}
			puthex(ans, (size_t)r);
		}
	}
	close(fd);
	return missing == 0 ? 0 : 3;
}
