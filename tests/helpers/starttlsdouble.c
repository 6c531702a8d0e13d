/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * starttlsdouble: a tiny STARTTLS server for tests.  It listens on
 * 127.0.0.1, prints the port on stdout, speaks the plain-text part of
 * SMTP (or IMAP, POP3, FTP, XMPP, PostgreSQL, LDAP), switches to TLS with the given chain and
 * key, then counts the application bytes it receives and writes
 * "appdata N" to --log after each connection.  It exits after
 * --lifetime seconds or when killed.
 *
 * usage: starttlsdouble --cert=CHAIN --key=KEY
 *            [--proto=smtp|imap|pop3|ftp|xmpp|postgres|ldap]
 *            [--mode=ok|refuse|no-starttls|silent] [--log=FILE]
 *            [--lifetime=SECONDS]
 * modes: ok           offer and accept STARTTLS
 *        refuse       offer STARTTLS, answer it with an error
 *        no-starttls  do not offer it (SMTP) / refuse it
 *        silent       accept connections and never say a word
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/ssl.h>

static const char *opt_cert, *opt_key, *opt_proto = "smtp", *opt_mode = "ok";
static const char *opt_log;

/* Read one line (up to LF) with a 10 s limit; length or -1. */
static int
get_line(int fd, char *buf, size_t cap)
{
	struct pollfd p = { fd, POLLIN, 0 };
	size_t n = 0;
	char c;

	while (n + 1 < cap) {
		if (poll(&p, 1, 10000) <= 0 || read(fd, &c, 1) != 1) {
			return -1;
		}
		buf[n++] = c;
		if (c == '\n') {
			break;
		}
	}
	buf[n] = '\0';
	return (int)n;
}

static void
say(int fd, const char *s)
{
	ssize_t w = write(fd, s, strlen(s));

	(void)w;
}

/* The plain-text part; 1 when TLS should start. */
static int
plain(int fd)
{
	char line[1024];
	int ok = strcmp(opt_mode, "ok") == 0;
	int offer = strcmp(opt_mode, "no-starttls") != 0;

	if (strcmp(opt_mode, "silent") == 0) {
		sleep(30);
		return 0;
	}
	if (strcmp(opt_proto, "smtp") == 0) {
		say(fd, "220 double.example.test ESMTP test double\r\n");
		while (get_line(fd, line, sizeof(line)) > 0) {
			if (strncasecmp(line, "EHLO", 4) == 0) {
				say(fd, "250-double.example.test\r\n");
				say(fd, offer ? "250-STARTTLS\r\n" :
				    "250-PIPELINING\r\n");
				say(fd, "250 8BITMIME\r\n");
			} else if (strncasecmp(line, "STARTTLS", 8) == 0) {
				say(fd, ok ? "220 2.0.0 Ready to start TLS\r\n" :
				    "454 4.7.0 TLS not available\r\n");
				return ok;
			} else if (strncasecmp(line, "QUIT", 4) == 0) {
				say(fd, "221 bye\r\n");
				return 0;
			} else {
				say(fd, "502 5.5.2 not here\r\n");
			}
		}
		return 0;
	}
	if (strcmp(opt_proto, "imap") == 0) {
		say(fd, "* OK IMAP4rev1 test double\r\n");
		if (get_line(fd, line, sizeof(line)) <= 0) {
			return 0;
		}
		say(fd, ok ? "a001 OK Begin TLS\r\n" : "a001 NO no TLS\r\n");
		return ok;
	}
	if (strcmp(opt_proto, "pop3") == 0) {
		say(fd, "+OK POP3 test double\r\n");
		if (get_line(fd, line, sizeof(line)) <= 0) {
			return 0;
		}
		say(fd, ok ? "+OK Begin TLS\r\n" : "-ERR no TLS\r\n");
		return ok;
	}
	if (strcmp(opt_proto, "xmpp") == 0) {
		char buf[2048];
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		if (n <= 0) {
			return 0;
		}
		say(fd, "<?xml version='1.0'?><stream:stream xmlns='jabber:"
		    "client' xmlns:stream='http://etherx.jabber.org/streams' "
		    "id='1' from='double.example.test' version='1.0'>"
		    "<stream:features>");
		if (offer) {
			say(fd, "<starttls xmlns='urn:ietf:params:xml:ns:"
			    "xmpp-tls'><required/></starttls>");
		}
		say(fd, "</stream:features>");
		if (!offer || read(fd, buf, sizeof(buf) - 1) <= 0) {
			return 0;
		}
		say(fd, ok ? "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-"
		    "tls'/>" : "<failure xmlns='urn:ietf:params:xml:ns:"
		    "xmpp-tls'/>");
		return ok;
	}
	if (strcmp(opt_proto, "postgres") == 0) {
		unsigned char req[8];

		if (read(fd, req, sizeof(req)) != (ssize_t)sizeof(req)) {
			return 0;
		}
		say(fd, ok ? "S" : "N");
		return ok;
	}
	if (strcmp(opt_proto, "ldap") == 0) {
		/* ExtendedResponse, messageID 1, resultCode 0 or 2. */
		unsigned char req[64], rsp[] = { 0x30, 0x0c, 0x02, 0x01, 0x01,
		    0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00 };
		ssize_t w;

		if (read(fd, req, sizeof(req)) <= 0) {
			return 0;
		}
		rsp[9] = ok ? 0 : 2;
		w = write(fd, rsp, sizeof(rsp));
		(void)w;
		return ok;
	}
	say(fd, "220 FTP test double\r\n");
	if (get_line(fd, line, sizeof(line)) <= 0) {
		return 0;
	}
	say(fd, ok ? "234 AUTH TLS ok\r\n" : "504 no TLS\r\n");
	return ok;
}

static void
serve(SSL_CTX *ctx, int fd)
{
	char buf[4096];
	long total = 0;
	SSL *ssl;
	FILE *log;
	int n;

	if (plain(fd) && (ssl = SSL_new(ctx)) != NULL) {
		SSL_set_fd(ssl, fd);
		if (SSL_accept(ssl) == 1) {
			while ((n = SSL_read(ssl, buf, sizeof(buf))) > 0) {
				total += n;
				/* Echo, so a relay test sees the bytes back. */
				SSL_write(ssl, buf, n);
				if (memchr(buf, '\n', (size_t)n) != NULL &&
				    strncasecmp(buf, "QUIT", 4) == 0) {
					break;
				}
			}
			/*
			 * Wait (5 s at most) for the client's close_notify
			 * before closing: closing with its bytes unread would
			 * send a reset, and a reset can take the echo still
			 * in the client's receive queue with it.
			 */
			if (SSL_shutdown(ssl) == 0) {
				struct timeval tv = { 5, 0 };

				(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO,
				    &tv, sizeof(tv));
				for (n = 0; n < 100 &&
				    SSL_read(ssl, buf, sizeof(buf)) > 0; n++) {
				}
			}
		}
		SSL_free(ssl);
	}
	if (opt_log != NULL && (log = fopen(opt_log, "a")) != NULL) {
		fprintf(log, "appdata %ld\n", total);
		fclose(log);
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	unsigned lifetime = 120;
	SSL_CTX *ctx;
	int s, c, i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strncmp(a, "--cert=", 7) == 0) {
			opt_cert = a + 7;
		} else if (strncmp(a, "--key=", 6) == 0) {
			opt_key = a + 6;
		} else if (strncmp(a, "--proto=", 8) == 0) {
			opt_proto = a + 8;
		} else if (strncmp(a, "--mode=", 7) == 0) {
			opt_mode = a + 7;
		} else if (strncmp(a, "--log=", 6) == 0) {
			opt_log = a + 6;
		} else if (strncmp(a, "--lifetime=", 11) == 0) {
			lifetime = (unsigned)strtoul(a + 11, NULL, 10);
		} else {
			fprintf(stderr, "starttlsdouble: bad argument %s\n", a);
			return 2;
		}
	}
	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL || opt_cert == NULL || opt_key == NULL ||
	    SSL_CTX_use_certificate_chain_file(ctx, opt_cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, opt_key, SSL_FILETYPE_PEM) != 1) {
		fprintf(stderr, "starttlsdouble: cannot load --cert/--key\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(lifetime);
	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(s, 8) != 0 ||
	    getsockname(s, (struct sockaddr *)&sin, &sl) != 0) {
		perror("starttlsdouble");
		return 1;
	}
	printf("%u\n", ntohs(sin.sin_port));
	fflush(stdout);
	while ((c = accept(s, NULL, NULL)) >= 0) {
		serve(ctx, c);
		close(c);
	}
	return 0;
}
