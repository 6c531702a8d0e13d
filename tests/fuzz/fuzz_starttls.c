/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the STARTTLS dialogues (SMTP, IMAP, POP3, XMPP, FTP, PostgreSQL,
 * LDAP): what a stranger's server says before TLS.  The first byte picks
 * the protocol, the rest is everything the server sends, then it closes.
 * The dialogue must end (the close ends it, never the timeout), with 0 or
 * an error whose message is safe to print: no control characters from
 * the server reach the terminal.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dane/conn.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	enum dnstk_starttls proto;
	const char *c;
	int sv[2], r;

	/* the server's words fit in the socket buffer: no writer thread */
	if (size < 1 || size > 65536) {
		return 0;
	}
	proto = (enum dnstk_starttls)(1 + data[0] % DNSTK_STARTTLS_LDAP);
	signal(SIGPIPE, SIG_IGN);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		abort();
	}
	if (write(sv[1], data + 1, size - 1) != (ssize_t)(size - 1) ||
	    shutdown(sv[1], SHUT_WR) != 0) {
		abort();
	}
	r = dnstk_dane_starttls(sv[0], proto, "mail.example.test", 5000, &err);
	if (r == DNSTK_ETIMEOUT) {
		abort();	/* the server had closed: nothing to wait for */
	}
	if (r != 0 && err.msg[0] == '\0') {
		abort();
	}
	for (c = err.msg; *c != '\0'; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			abort();
		}
	}
	close(sv[0]);
	close(sv[1]);
	return 0;
}
