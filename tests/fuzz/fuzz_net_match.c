/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz answer matching and TCP framing.  The input is a query length
 * byte, a query and then a byte stream: dnstk_net_match() compares the
 * query with the stream taken as one UDP answer, and dnstk_tcp_exchange()
 * reads the stream as a TCP server's reply (length-prefixed messages,
 * then the connection closes) from a loopback listener in this process.
 * A match must really be a response with the query's ID and question.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/server.h"
#include "net/xfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int lfd = -1;
static struct dnstk_server srv;

struct feed {
	const uint8_t *p;
	size_t n;
};

static void *
serve(void *arg)
{
	struct feed *f = arg;
	uint8_t buf[4096];
	int fd = accept(lfd, NULL, NULL);

	if (fd >= 0) {
		(void)read(fd, buf, sizeof(buf));	/* the query */
		(void)send(fd, f->p, f->n, MSG_NOSIGNAL);
		close(fd);
	}
	return NULL;
}

static void
setup(void)
{
	struct sockaddr_in *a = (struct sockaddr_in *)&srv.addr;
	socklen_t len = sizeof(*a);

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&srv, 0, sizeof(srv));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)a, len) != 0 ||
	    listen(lfd, 4) != 0 || getsockname(lfd, (struct sockaddr *)a,
	    &len) != 0) {
		abort();
	}
	srv.addrlen = len;
	srv.port = ntohs(a->sin_port);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnstk_net_stats st;
	struct dnstk_err err;
	struct dnstk_buf resp;
	struct feed f;
	pthread_t t;
	size_t qlen;
	const uint8_t *q;

	if (lfd < 0) {
		setup();
	}
	if (size < 1 || (size_t)data[0] + 1 > size) {
		return 0;
	}
	qlen = data[0];
	q = data + 1;
	f.p = data + 1 + qlen;
	f.n = size - 1 - qlen;
	if (dnstk_net_match(q, qlen, f.p, f.n) == DNSTK_MATCH_OK &&
	    (f.n < 12 || qlen < 12 || !(f.p[2] & 0x80) ||
	    memcmp(q, f.p, 2) != 0 || memcmp(q + 4, f.p + 4, 2) != 0)) {
		abort();
	}
	if (qlen < 12) {
		return 0;
	}
	memset(&st, 0, sizeof(st));
	dnstk_buf_init(&resp);
	if (pthread_create(&t, NULL, serve, &f) != 0) {
		abort();
	}
	if (dnstk_tcp_exchange(&srv, q, qlen, 2000, &resp, &st, &err) == 0 &&
	    dnstk_net_match(q, qlen, (uint8_t *)resp.data, resp.len) !=
	    DNSTK_MATCH_OK) {
		abort();
	}
	pthread_join(t, NULL);
	dnstk_buf_release(&resp);
	return 0;
}
