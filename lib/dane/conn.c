/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TCP connect with a deadline, the STARTTLS dialogues, the TLS handshake
 * on a non-blocking socket, and the stdin/stdout relay.  OpenSSL has the
 * STARTTLS dialogues only inside s_client (apps/), not in libssl, so the
 * small ones are written here.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "dane/conn.h"
#include "net/server.h"
#include "util/str.h"

static const char *const starttls_names[] = {
	"none", "smtp", "imap", "pop3", "xmpp", "ftp", "postgres", "ldap",
};
static const uint16_t starttls_ports[] = {
	443, 25, 143, 110, 5222, 21, 5432, 389,
};

int
dnstk_starttls_parse(enum dnstk_starttls *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(starttls_names) / sizeof(*starttls_names);
	    i++) {
		if (strcasecmp(name, starttls_names[i]) == 0) {
			*out = (enum dnstk_starttls)i;
			return 0;
		}
	}
	return DNSTK_EINPUT;
}

uint16_t
dnstk_starttls_port(enum dnstk_starttls p)
{
	return starttls_ports[p];
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until `fd` is ready for `events` or the deadline passes. */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { fd, events, 0 };
	int64_t left;
	int r;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0) {
			return DNSTK_ETIMEOUT;
		}
		r = poll(&p, 1, (int)left);
		if (r > 0) {
			return 0;
		}
		if (r == 0) {
			return DNSTK_ETIMEOUT;
		}
		if (errno != EINTR) {
			return -errno;
		}
	}
}

static int
set_blocking(int fd, bool blocking)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0) {
		return -errno;
	}
	fl = blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK;
	return fcntl(fd, F_SETFL, fl) < 0 ? -errno : 0;
}

int
dnstk_dane_tcp_connect(int *fd, const char *host, uint16_t port,
    int timeout_ms, struct dnstk_err *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	char name[512], service[8];
	int s = -1, r, e = 0, soerr;
	socklen_t sl;

	/* the name as given must fit, brackets and all */
	if (strlen(host) >= sizeof(name) ||
	    !dnstk_addr_unbracket(name, sizeof(name), host)) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "host name too long");
	}
	snprintf(service, sizeof(service), "%u", (unsigned)port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	r = getaddrinfo(name, service, &hints, &res);
	if (r != 0) {
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "cannot resolve '%s': %s", name, gai_strerror(r));
	}
	r = DNSTK_ENET;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (s < 0) {
			e = errno;
			continue;
		}
		if (set_blocking(s, false) != 0) {
			e = errno;
			goto next;
		}
		if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) {
			goto done;
		}
		if (errno != EINPROGRESS) {
			e = errno;
			goto next;
		}
		if (wait_fd(s, POLLOUT, now_ms() + timeout_ms) != 0) {
			e = ETIMEDOUT;
			goto next;
		}
		sl = sizeof(soerr);
		if (getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 &&
		    soerr == 0) {
			goto done;
		}
		e = soerr;
next:
		close(s);
		s = -1;
	}
	r = dnstk_err_set(err, e == ETIMEDOUT ? DNSTK_ETIMEOUT : DNSTK_ENET,
	    NULL, 0, "cannot connect to %s port %u: %s", name, (unsigned)port,
	    strerror(e != 0 ? e : ECONNREFUSED));
	freeaddrinfo(res);
	return r;
done:
	freeaddrinfo(res);
	(void)set_blocking(s, true);
	*fd = s;
	return 0;
}

/* Plain-text line I/O for the STARTTLS dialogues. */
struct plain {
	int fd;
	int64_t deadline;
	char buf[4096];
	size_t len;
	struct dnstk_err *err;
	const char *proto;
	char quoted[128];	/* a server's line, safe to print (said()) */
};

/*
 * The server's `line` as a message may quote it: its control and
 * non-ASCII bytes escaped (a stranger's bytes never reach the terminal
 * raw), cut short.  Points into p.
 */
static const char *
said(struct plain *p, const char *line)
{
	return dnstk_str_escape(p->quoted, sizeof(p->quoted), line);
}

static int
plain_send(struct plain *p, const void *data, size_t n)
{
	const char *d = data;
	ssize_t w;

	while (n > 0) {
		w = send(p->fd, d, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w < 0) {
			return dnstk_err_set(p->err, DNSTK_ENET, NULL, 0,
			    "%s: cannot send: %s", p->proto, strerror(errno));
		}
		d += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read more bytes into p->buf; 0, or an error (closed, timeout). */
static int
plain_fill(struct plain *p)
{
	ssize_t n;
	int r;

	if (p->len >= sizeof(p->buf) - 1) {
		return dnstk_err_set(p->err, DNSTK_ENET, NULL, 0,
		    "%s: line too long from the server", p->proto);
	}
	r = wait_fd(p->fd, POLLIN, p->deadline);
	if (r != 0) {
		return dnstk_err_set(p->err, r == DNSTK_ETIMEOUT ?
		    DNSTK_ETIMEOUT : DNSTK_ENET, NULL, 0, "%s: no answer "
		    "from the server in time", p->proto);
	}
	n = recv(p->fd, p->buf + p->len, sizeof(p->buf) - 1 - p->len, 0);
	if (n <= 0) {
		return dnstk_err_set(p->err, DNSTK_ENET, NULL, 0,
		    "%s: the server closed the connection", p->proto);
	}
	p->len += (size_t)n;
	p->buf[p->len] = '\0';
	return 0;
}

/*
 * Read one line (without CRLF) into `line`.  Never reads past the line's
 * end from the socket's point of view beyond what one recv returned;
 * servers do not send before the client speaks, so nothing of the TLS
 * handshake can be swallowed here.
 */
static int
plain_line(struct plain *p, char *line, size_t cap)
{
	char *nl;
	size_t n;
	int r;

	while ((nl = memchr(p->buf, '\n', p->len)) == NULL) {
		r = plain_fill(p);
		if (r != 0) {
			return r;
		}
	}
	n = (size_t)(nl - p->buf);
	if (n > 0 && p->buf[n - 1] == '\r') {
		n--;
	}
	snprintf(line, cap, "%.*s", (int)n, p->buf);
	n = (size_t)(nl - p->buf) + 1;
	memmove(p->buf, p->buf + n, p->len - n);
	p->len -= n;
	p->buf[p->len] = '\0';
	return 0;
}

/* SMTP reply: read lines until "NNN " ; *code and capability flag. */
static int
smtp_reply(struct plain *p, int *code, bool *starttls, char *last,
    size_t cap)
{
	char line[1024];
	int r;

	for (;;) {
		r = plain_line(p, line, sizeof(line));
		if (r != 0) {
			return r;
		}
		/* RFC 5321 §4.2: three digits, then " ", "-" or the end. */
		if (strlen(line) < 3 || line[0] < '1' || line[0] > '5' ||
		    !isdigit((unsigned char)line[1]) ||
		    !isdigit((unsigned char)line[2]) ||
		    (line[3] != ' ' && line[3] != '-' && line[3] != '\0')) {
			return dnstk_err_set(p->err, DNSTK_ENET, NULL, 0,
			    "smtp: not an SMTP reply: '%s'", said(p, line));
		}
		if (starttls != NULL && strlen(line) >= 12 &&
		    strncasecmp(line + 4, "STARTTLS", 8) == 0 &&
		    (line[12] == '\0' || line[12] == ' ')) {
			*starttls = true;
		}
		if (line[3] != '-') {
			*code = (line[0] - '0') * 100 + (line[1] - '0') * 10 +
			    (line[2] - '0');
			snprintf(last, cap, "%.200s", line);
			return 0;
		}
	}
}

/*
 * One SMTP exchange: send `cmd` (NULL: none, for the greeting), read the
 * reply (STARTTLS offered sets *has) and want code `want`.  Returns 0,
 * the reading error, or `fail` with a message naming `what`.
 */
static int
smtp_step(struct plain *p, const char *cmd, int want, bool *has, int fail,
    const char *what)
{
	char last[256];
	int code = 0, r = 0;

	if (cmd != NULL) {
		r = plain_send(p, cmd, strlen(cmd));
	}
	if (r == 0) {
		r = smtp_reply(p, &code, has, last, sizeof(last));
	}
	if (r == 0 && code != want) {
		r = dnstk_err_set(p->err, fail, NULL, 0,
		    "smtp: %s refused: '%s'", what, said(p, last));
	}
	return r;
}

static int
do_smtp(struct plain *p, const char *domain)
{
	char cmd[300];
	bool has = false;
	int r;

	snprintf(cmd, sizeof(cmd), "EHLO %s\r\n", domain);
	r = smtp_step(p, NULL, 220, NULL, DNSTK_ENET, "greeting");
	if (r == 0) {
		r = smtp_step(p, cmd, 250, &has, DNSTK_EFAIL, "EHLO");
	}
	if (r == 0 && !has) {
		r = dnstk_err_set(p->err, DNSTK_EFAIL, NULL, 0,
		    "smtp: the server does not offer STARTTLS");
	}
	if (r == 0) {
		r = smtp_step(p, "STARTTLS\r\n", 220, NULL, DNSTK_EFAIL,
		    "STARTTLS");
	}
	return r;
}

/* IMAP, POP3, FTP: greeting, one command, one positive answer. */
static int
do_simple(struct plain *p, const char *greet, const char *cmd,
    const char *ok)
{
	char line[1024];
	int r;

	do {
		r = plain_line(p, line, sizeof(line));
		if (r != 0) {
			return r;
		}
	} while (greet[0] != '\0' && strncmp(line, "220-", 4) == 0);
	if (strncasecmp(line, greet, strlen(greet)) != 0) {
		return dnstk_err_set(p->err, DNSTK_ENET, NULL, 0,
		    "%s: unexpected greeting: '%s'", p->proto, said(p, line));
	}
	r = plain_send(p, cmd, strlen(cmd));
	if (r != 0) {
		return r;
	}
	do {
		r = plain_line(p, line, sizeof(line));
		if (r != 0) {
			return r;
		}
		/* IMAP may send untagged lines first. */
	} while (line[0] == '*');
	if (strncasecmp(line, ok, strlen(ok)) != 0) {
		return dnstk_err_set(p->err, DNSTK_EFAIL, NULL, 0,
		    "%s: STARTTLS refused: '%s'", p->proto, said(p, line));
	}
	return 0;
}

static const char xmpp_starttls[] =
    "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

/*
 * One XMPP exchange: send `msg`, read until `until` has come, and fail
 * with `why` unless `want` came too.
 */
static int
xmpp_step(struct plain *p, const char *msg, const char *until,
    const char *want, const char *why)
{
	int r = plain_send(p, msg, strlen(msg));

	while (r == 0 && strstr(p->buf, until) == NULL) {
		r = plain_fill(p);
	}
	if (r != 0) {
		return r;
	}
	if (strstr(p->buf, want) == NULL) {
		return dnstk_err_set(p->err, DNSTK_EFAIL, NULL, 0, "%s", why);
	}
	return 0;
}

static int
do_xmpp(struct plain *p, const char *domain)
{
	char open[512];
	int r;

	snprintf(open, sizeof(open), "<?xml version='1.0'?><stream:stream "
	    "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/"
	    "streams' to='%s' version='1.0'>", domain);
	r = xmpp_step(p, open, "</stream:features>",
	    "urn:ietf:params:xml:ns:xmpp-tls",
	    "xmpp: the server does not offer STARTTLS");
	if (r != 0) {
		return r;
	}
	p->len = 0;
	p->buf[0] = '\0';
	return xmpp_step(p, xmpp_starttls, ">", "<proceed",
	    "xmpp: STARTTLS refused");
}

static int
do_postgres(struct plain *p)
{
	/* SSLRequest: length 8, code 80877103. */
	static const uint8_t req[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };
	int r = plain_send(p, req, sizeof(req));

	if (r == 0) {
		r = plain_fill(p);
	}
	if (r != 0) {
		return r;
	}
	if (p->buf[0] != 'S') {
		return dnstk_err_set(p->err, DNSTK_EFAIL, NULL, 0,
		    "postgres: the server refuses SSL");
	}
	return 0;
}

static int
do_ldap(struct plain *p)
{
	/* ExtendedRequest, messageID 1, requestName 1.3.6.1.4.1.1466.20037 */
	static const uint8_t req[] = {
		0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16,
		'1', '.', '3', '.', '6', '.', '1', '.', '4', '.', '1', '.',
		'1', '4', '6', '6', '.', '2', '0', '0', '3', '7',
	};
	size_t i;
	int r = plain_send(p, req, sizeof(req));

	while (r == 0 && p->len < 10) {
		r = plain_fill(p);
	}
	if (r != 0) {
		return r;
	}
	/* Find the ExtendedResponse (0x78) and its resultCode (ENUMERATED). */
	for (i = 0; i + 4 < p->len; i++) {
		if ((uint8_t)p->buf[i] == 0x78) {
			size_t j = i + 2;

			if ((uint8_t)p->buf[i + 1] & 0x80) {
				j += (uint8_t)p->buf[i + 1] & 0x7f;
			}
			if (j + 2 < p->len && p->buf[j] == 0x0a &&
			    p->buf[j + 1] == 1) {
				if (p->buf[j + 2] == 0) {
					return 0;
				}
				break;
			}
		}
	}
	return dnstk_err_set(p->err, DNSTK_EFAIL, NULL, 0,
	    "ldap: StartTLS refused");
}

int
dnstk_dane_starttls(int fd, enum dnstk_starttls proto, const char *domain,
    int timeout_ms, struct dnstk_err *err)
{
	struct plain *p;
	int r;

	if (proto == DNSTK_STARTTLS_NONE) {
		return 0;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		return DNSTK_ENOMEM;
	}
	p->fd = fd;
	p->err = err;
	p->deadline = now_ms() + timeout_ms;
	p->proto = starttls_names[proto];
	switch (proto) {
	case DNSTK_STARTTLS_SMTP:
		r = do_smtp(p, domain);
		break;
	case DNSTK_STARTTLS_IMAP:
		r = do_simple(p, "* OK", "a001 STARTTLS\r\n", "a001 OK");
		break;
	case DNSTK_STARTTLS_POP3:
		r = do_simple(p, "+OK", "STLS\r\n", "+OK");
		break;
	case DNSTK_STARTTLS_FTP:
		r = do_simple(p, "220", "AUTH TLS\r\n", "234");
		break;
	case DNSTK_STARTTLS_XMPP:
		r = do_xmpp(p, domain);
		break;
	case DNSTK_STARTTLS_POSTGRES:
		r = do_postgres(p);
		break;
	case DNSTK_STARTTLS_LDAP:
		r = do_ldap(p);
		break;
	default:
		r = 0;
		break;
	}
	free(p);
	return r;
}

static void
ssl_reason(char *dst, size_t cap)
{
	unsigned long e = ERR_peek_last_error();

	if (e != 0) {
		ERR_error_string_n(e, dst, cap);
	} else {
		snprintf(dst, cap, "%s", errno != 0 ? strerror(errno) :
		    "connection closed");
	}
	ERR_clear_error();
}

int
dnstk_dane_handshake(SSL *ssl, int fd, int timeout_ms, struct dnstk_err *err)
{
	int64_t deadline = now_ms() + timeout_ms;
	char why[256];
	int r, e;

	if (SSL_set_fd(ssl, fd) != 1 || set_blocking(fd, false) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "cannot set up the TLS connection");
	}
	for (;;) {
		errno = 0;
		r = SSL_connect(ssl);
		if (r == 1) {
			break;
		}
		e = SSL_get_error(ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			r = wait_fd(fd, e == SSL_ERROR_WANT_READ ? POLLIN :
			    POLLOUT, deadline);
			if (r != 0) {
				return dnstk_err_set(err, DNSTK_ETIMEOUT, NULL,
				    0, "TLS handshake timed out");
			}
			continue;
		}
		ssl_reason(why, sizeof(why));
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "TLS handshake failed: %s", why);
	}
	(void)set_blocking(fd, true);
	return 0;
}

static int
write_all(int fd, const char *d, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, d, n);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w < 0) {
			return -errno;
		}
		d += w;
		n -= (size_t)w;
	}
	return 0;
}

int
dnstk_dane_relay(SSL *ssl, int in_fd, int out_fd, struct dnstk_err *err)
{
	char buf[16384], why[256];
	struct pollfd p[2];
	bool in_open = true;
	ssize_t n;
	int fd = SSL_get_fd(ssl), r, e;

	/*
	 * Non-blocking, so that reading a TLS 1.3 session ticket never
	 * blocks waiting for data the server sends only after our request.
	 */
	if (set_blocking(fd, false) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "cannot set up the relay");
	}
	for (;;) {
		p[0].fd = fd;
		p[0].events = POLLIN;
		p[1].fd = in_open ? in_fd : -1;
		p[1].events = POLLIN;
		if (SSL_pending(ssl) > 0) {
			/* OpenSSL holds bytes already: no poll. */
			p[0].revents = POLLIN;
			p[1].revents = 0;
		} else if (poll(p, 2, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			return dnstk_err_set(err, -errno, NULL, 0, "poll: %s",
			    strerror(errno));
		}
		if (p[0].revents != 0) {
			r = SSL_read(ssl, buf, sizeof(buf));
			if (r <= 0) {
				e = SSL_get_error(ssl, r);
				if (e == SSL_ERROR_ZERO_RETURN ||
				    e == SSL_ERROR_SYSCALL) {
					ERR_clear_error();
					return 0;	/* the server is done */
				}
				if (e == SSL_ERROR_WANT_READ ||
				    e == SSL_ERROR_WANT_WRITE) {
					continue;
				}
				ssl_reason(why, sizeof(why));
				return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
				    "TLS read failed: %s", why);
			}
			if (write_all(out_fd, buf, (size_t)r) != 0) {
				return dnstk_err_set(err, -EPIPE, NULL, 0,
				    "cannot write output: %s",
				    strerror(errno));
			}
		}
		if (in_open && p[1].revents != 0) {
			n = read(in_fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR) {
				continue;
			}
			if (n <= 0) {
				/*
				 * Our side is done: send close_notify (TLS
				 * half-close) and read until the server
				 * ends too.
				 */
				in_open = false;
				(void)SSL_shutdown(ssl);
				ERR_clear_error();
				continue;
			}
			/* Non-blocking: retry the same bytes until sent. */
			while ((r = SSL_write(ssl, buf, (int)n)) <= 0) {
				e = SSL_get_error(ssl, r);
				if (e != SSL_ERROR_WANT_READ &&
				    e != SSL_ERROR_WANT_WRITE) {
					ssl_reason(why, sizeof(why));
					return dnstk_err_set(err, DNSTK_ENET,
					    NULL, 0, "TLS write failed: %s",
					    why);
				}
				(void)wait_fd(fd, e == SSL_ERROR_WANT_READ ?
				    POLLIN : POLLOUT, now_ms() + 60000);
			}
		}
	}
}
