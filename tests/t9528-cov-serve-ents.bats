#!/usr/bin/env bats
# dnstk-serve with a zone of many empty non-terminals (nine above each of
# 300 names: the name table grows while they are added), answering as NSD
# does; and dnstk-query asking for a zone transfer from a server that
# answers it with something else (shown as the answer, no hang).

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	load helpers/dnsdouble
	NSD_PID= SERVE_PID=
}

teardown() {
	serve_stop
	nsd_stop
	double_stop
}

@test "cov2 serve: 2,700 empty non-terminals answer as NSD answers them" {
	local z=$BATS_TEST_TMPDIR/ent.zone i
	{
		printf '$ORIGIN many.test.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n'
		printf '@ NS ns\nns A 192.0.2.1\n'
		for i in $(seq 1 300); do
			printf 'h.a.b.c.d.e.f.g.e%d A 192.0.2.%d\n' "$i" $((i % 250 + 1))
		done
	} >"$z"
	nsd_start "$BATS_TEST_TMPDIR/nsd" many.test "$z"
	serve_start "$z"
	for i in 1 2 77 150 299 300; do
		printf 'e%d.many.test. A\nd.e.f.g.e%d.many.test. A do\n' "$i" "$i"
		printf 'h.a.b.c.d.e.f.g.e%d.many.test. A\nx.e%d.many.test. TXT\n' "$i" "$i"
		printf 'g.e%d.many.test. NS do\nh.a.b.c.d.e.f.g.e%d.many.test. AAAA\n' "$i" "$i"
	done >"$BATS_TEST_TMPDIR/q"
	run "$DNSTK_BUILD/tests/servecmp" "$NSD_PORT" "$SERVE_PORT" \
	    <"$BATS_TEST_TMPDIR/q"
	assert_success
	assert_output --partial 'compared 36, differences 0'
	# an empty non-terminal is NOERROR without records, as dig sees it
	run dig +norec -p "$SERVE_PORT" @127.0.0.1 c.d.e.f.g.e150.many.test A
	assert_output --partial 'status: NOERROR'
	assert_output --partial 'ANSWER: 0, AUTHORITY: 1'
}

@test "cov2 query: an AXFR answered with an A record is shown as it came" {
	double_start answer-any
	run --separate-stderr timeout 20 dnstk-query -p "$DOUBLE_PORT" @127.0.0.1 \
	    --timeout=2 example.test AXFR
	assert_success
	assert_line --regexp '^example\.test\.	3600	IN	A	192\.0\.2\.1$'
	assert_line ';example.test.	IN	AXFR'
	# dig sees the same answer and gives up on it as a transfer
	run dig -p "$DOUBLE_PORT" @127.0.0.1 example.test AXFR
	assert_output --partial "Didn't start with SOA"
}

@test "cov2 query: a zone transfer cut after its first SOA: exit 3, said so" {
	double_start axfr-cut
	run --separate-stderr timeout 20 dnstk-query -p "$DOUBLE_PORT" @127.0.0.1 \
	    --timeout=2 example.test AXFR
	assert_failure 3
	[[ $stderr == "dnstk-query: zone transfer from 127.0.0.1#$DOUBLE_PORT: connection closed before the closing SOA" ]] ||
	    fail "$stderr"
	# dig agrees that the transfer did not end
	run dig -p "$DOUBLE_PORT" @127.0.0.1 example.test AXFR
	refute_output --partial 'XFR size'
}
