#!/usr/bin/env bats
# dnstk-serve --forward: NSD upstream; the answers are NSD's with RA set
# and AA clear, DNSSEC records only under DO, a cache that honours TTLs,
# SERVFAIL without an upstream, and never AD (nothing is validated).

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	Z=$FIX/serve
	nsd_start "$BATS_TEST_TMPDIR/nsd" serve.test "$Z/serve.test.nsec"
}

teardown() {
	serve_stop
	nsd_stop
}

@test "forward: NSD's answers, with RA and without AA" {
	serve_start --forward="127.0.0.1#$NSD_PORT"
	sh "$Z/gen-queries.sh" "$Z/serve.test.nsec" serve.test |
	    grep -v 'example.org\|^test\.\|^\. ' >"$BATS_TEST_TMPDIR/q"
	run "$DNSTK_BUILD/tests/servecmp" --forwarder "$NSD_PORT" \
	    "$SERVE_PORT" <"$BATS_TEST_TMPDIR/q"
	echo "$output" | tail -20
	assert_success
	assert_output --partial 'differences 0'
}

@test "forward: no DNSSEC records without DO, no AD even when asked" {
	serve_start --forward="127.0.0.1#$NSD_PORT"
	run sq nx.serve.test A
	assert_output --partial 'status: NXDOMAIN'
	refute_output --partial 'RRSIG'
	refute_output --partial 'NSEC'
	run sq --dnssec --ad www.serve.test A
	assert_output --partial 'flags: qr rd ra;'
	assert_output --partial 'IN	RRSIG	A 13'
	run sq serve.test RRSIG
	assert_output --partial 'IN	RRSIG	SOA 13'
}

@test "forward: cached answers outlive the upstream, with their TTLs aged" {
	serve_start --forward="127.0.0.1#$NSD_PORT"
	run sq --short www.serve.test A
	assert_output '192.0.2.80'
	nsd_stop
	run sq www.serve.test A
	assert_output --partial 'status: NOERROR'
	ttl=$(awk '$1 == "www.serve.test." && $4 == "A" { print $2 }' <<<"$output")
	[ "$ttl" -le 3600 ] && [ "$ttl" -gt 3000 ]
	# never asked before: the upstream is gone, SERVFAIL
	run sq mail.serve.test A
	assert_output --partial 'status: SERVFAIL'
}

@test "forward: its own zones are answered, the rest forwarded" {
	serve_start --forward="127.0.0.1#$NSD_PORT" \
	    "$FIX/zones/example.test.zone"
	run sq www.example.test A
	assert_output --partial 'flags: qr aa rd;'
	run sq www.serve.test A
	assert_output --partial 'flags: qr rd ra;'
	run -2 dnstk-serve --forward=nowhere -p 0
	assert_output --partial "not an IPv4 or IPv6 address"
}
