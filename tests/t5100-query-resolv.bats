#!/usr/bin/env bats
# Issue 12: dnstk-query uses resolv.conf as dig does: every nameserver in
# turn when one gives no answer, `options timeout:N attempts:N` honoured
# (--timeout and --tries override them), each fallback reported once.
# All on loopback: 127.0.0.2 and 127.0.0.3 on the test's port are dead
# (nothing listens: port unreachable), the double drops every query.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dnsdouble
	RC=$BATS_TEST_TMPDIR/resolv.conf
	export DNSTK_RESOLV_CONF=$RC
}

teardown() {
	double_stop
	nsd_stop
}

# nsd_on ADDR PORT: NSD serving example.test on ADDR#PORT.
nsd_on() {
	NSD_ADDR=$1 NSD_WANT_PORT=$2 nsd_start "$BATS_TEST_TMPDIR/nsd" \
	    example.test "$FIX/zones/example.test.zone"
}

@test "resolv: a dead first nameserver gives way to the second, reported once" {
	nsd_on 127.0.0.1 "$(free_port)"
	printf '# a comment\nnameserver 127.0.0.2 # dead\nnameserver 127.0.0.1\n' >"$RC"
	run --separate-stderr dnstk-query -p "$NSD_PORT" www.example.test
	assert_success
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	assert_line "$(printf ';; query to 127.0.0.2#%s failed: Connection refused; trying the next server, 127.0.0.1#%s' "$NSD_PORT" "$NSD_PORT")"
	assert_line "$(printf ';; SERVER: 127.0.0.1#%s(127.0.0.1) (UDP)' "$NSD_PORT")"
	[ "$(grep -c 'trying the next server' <<<"$output")" -eq 1 ]
	[ -z "$stderr" ]
	# In the other forms, on stderr, once.
	run --separate-stderr dnstk-query -p "$NSD_PORT" --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	[ "$stderr" = "dnstk-query: query to 127.0.0.2#$NSD_PORT failed: Connection refused; trying the next server, 127.0.0.1#$NSD_PORT" ]
	# An @SERVER replaces the nameservers of resolv.conf.
	run dnstk-query @127.0.0.2 -p "$NSD_PORT" --short www.example.test
	assert_failure 3
}

@test "resolv: a silent nameserver costs attempts:N tries of timeout:N, then the next answers" {
	double_start drop-all --log
	nsd_on 127.0.0.2 "$DOUBLE_PORT"
	printf 'nameserver 127.0.0.1\nnameserver 127.0.0.2\noptions ndots:1 timeout:1 attempts:2\n' >"$RC"
	run --separate-stderr dnstk-query -p "$DOUBLE_PORT" www.example.test
	assert_success
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	assert_line "$(printf ';; no answer from 127.0.0.1#%s: timed out; trying the next server, 127.0.0.2#%s' "$DOUBLE_PORT" "$DOUBLE_PORT")"
	assert_line --regexp '^;; SERVER: 127\.0\.0\.2#'
	# attempts:2, fallbacks included (payload 1232, then 512)
	[ "$(grep -c '^query udp' "$DOUBLE_LOG")" -eq 2 ]
	[ "$(grep -c 'edns 1232' "$DOUBLE_LOG")" -eq 1 ]
	[ "$(grep -c 'edns 512' "$DOUBLE_LOG")" -eq 1 ]
	# The command line overrides resolv.conf's options.
	double_stop
	nsd_stop
	double_start drop-all --log
	nsd_on 127.0.0.2 "$DOUBLE_PORT"
	run --separate-stderr dnstk-query -p "$DOUBLE_PORT" --tries=1 \
	    --timeout=0.3 -j www.example.test
	assert_success
	[ "$(grep -c '^query udp' "$DOUBLE_LOG")" -eq 1 ]
	[ "$stderr" = "dnstk-query: no answer from 127.0.0.1#$DOUBLE_PORT: timed out; trying the next server, 127.0.0.2#$DOUBLE_PORT" ]
}

@test "resolv: without attempts:, a dead server gets dig's 3 tries" {
	double_start drop-all --log
	printf 'nameserver 127.0.0.1\noptions timeout:1\n' >"$RC"
	run --separate-stderr dnstk-query -p "$DOUBLE_PORT" www.example.test
	assert_failure 3
	[ "$(grep -c '^query udp' "$DOUBLE_LOG")" -eq 3 ]
	assert_line ';; no answer to EDNS query, retrying without EDNS'
	assert_line ";; www.example.test: no answer from 127.0.0.1#$DOUBLE_PORT: timed out"
	[ "$stderr" = "dnstk-query: no answer from 127.0.0.1#$DOUBLE_PORT: timed out" ]
}

@test "resolv: every nameserver dead is a network error naming the last" {
	port=$(free_port)
	printf 'nameserver 127.0.0.2\nnameserver 127.0.0.3\n' >"$RC"
	run --separate-stderr dnstk-query -p "$port" -j www.example.test
	assert_failure 3
	assert_output ''
	[ "$stderr" = "$(printf '%s\n%s' \
	    "dnstk-query: query to 127.0.0.2#$port failed: Connection refused; trying the next server, 127.0.0.3#$port" \
	    "dnstk-query: query to 127.0.0.3#$port failed: Connection refused")" ]
}

@test "resolv: no usable nameserver, or no file, is a clear network error" {
	printf 'search example\n' >"$RC"
	run --separate-stderr dnstk-query www.example.test
	assert_failure 3
	[ "$stderr" = "dnstk-query: no server given and '$RC' names no usable nameserver" ]
	export DNSTK_RESOLV_CONF=$BATS_TEST_TMPDIR/none
	run --separate-stderr dnstk-query www.example.test
	assert_failure 3
	[[ $stderr == "dnstk-query: no server given and cannot read '$BATS_TEST_TMPDIR/none': "* ]]
}
