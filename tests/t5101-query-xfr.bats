#!/usr/bin/env bats
# Issue 12: AXFR and IXFR go over TCP without --tcp, and a transfer of
# several messages is printed whole, in every form.  NSD allows AXFR to
# 127.0.0.1 (provide-xfr); dig is the independent reference.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	local z=$BATS_FILE_TMPDIR/xfr.test.zone i
	{
		printf '$ORIGIN xfr.test.\n$TTL 300\n'
		printf '@ IN SOA ns.xfr.test. h.xfr.test. 7 3600 600 86400 300\n'
		printf '@ IN NS ns.xfr.test.\nns IN A 127.0.0.1\n'
		# About 300 KB: several TCP messages of at most 64 KB.
		for i in $(seq 1 3000); do
			printf 'h%s IN TXT "record %s of a zone too big for one message, padded out"\n' "$i" "$i"
		done
	} >"$z"
	NSD_EXTRA="  provide-xfr: 127.0.0.1 NOKEY" nsd_start \
	    "$BATS_FILE_TMPDIR/nsd" xfr.test "$z" example.test \
	    "$FIX/zones/example.test.zone"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
}

@test "xfr: AXFR goes over TCP unasked and every message is printed" {
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" xfr.test AXFR
	assert_success
	assert_line --regexp '^;; SERVER: 127\.0\.0\.1#[0-9]+\(127\.0\.0\.1\) \(TCP\)$'
	# dig's count of the records (the SOA first and last) is ours too.
	# (dig adds ";; expected opt record" comments for later messages)
	want=$(dig @127.0.0.1 -p "$NSD_PORT" xfr.test AXFR +short | grep -vc '^;')
	[ "$want" -gt 3000 ]
	got=$(grep -c '^[^;].*	IN	' <<<"$output")
	[ "$got" -eq "$want" ]
	assert_line --regexp "^;; XFR size: $want records \\(messages [0-9]+, bytes [0-9]+\\)$"
	[ "$(grep -c 'IN	SOA' <<<"$output")" -eq 2 ]
	[[ $output != *"(messages 1, "* ]]
	[ -z "$stderr" ]
}

@test "xfr: --short and -j carry the whole transfer, one JSON object per message" {
	dig @127.0.0.1 -p "$NSD_PORT" xfr.test AXFR +short | grep -v '^;' |
	    sort >"$BATS_TEST_TMPDIR/want"
	dnstk-query @127.0.0.1 -p "$NSD_PORT" --short xfr.test AXFR | sort >"$BATS_TEST_TMPDIR/got"
	test_cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	run dnstk-query @127.0.0.1 -p "$NSD_PORT" -j xfr.test AXFR
	assert_success
	[ "${#lines[@]}" -gt 1 ]
	run jq -s '[.[].ANCOUNT] | add' <<<"$output"
	assert_output "$(wc -l <"$BATS_TEST_TMPDIR/want")"
	# hex: one line per message, each a whole message that reads back
	run bash -c "dnstk-query @127.0.0.1 -p $NSD_PORT --format=hex xfr.test AXFR | dnstk-wire -j | jq -s 'map(.ANCOUNT) | add'"
	assert_success
	assert_output "$(wc -l <"$BATS_TEST_TMPDIR/want")"
}

@test "xfr: a refused AXFR is one answer, printed as it came, no hang" {
	# NSD does not serve other.test: it refuses the transfer (NOTAUTH).
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" other.test AXFR
	assert_success
	assert_line --regexp 'status: (REFUSED|NOTAUTH),'
	assert_line --regexp '^;; SERVER: .*\(TCP\)$'
	assert_line --regexp '^;; MSG SIZE  rcvd: [0-9]+$'
}

@test "xfr: IXFR goes over TCP too" {
	# Without the client's SOA NSD answers FORMERR with a bare header,
	# which must come back over TCP (over UDP it would be the same
	# header with TC clear); hex shows it as it came.
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" \
	    --format=hex xfr.test IXFR
	assert_success
	assert_output --regexp '^[0-9a-f]{4}8[01]01000100'
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" xfr.test IXFR
	assert_failure 3
	[[ $stderr == *"malformed answer"* ]]
}

# ixfr_query SERIAL: an IXFR query for xfr.test saying we have SERIAL.
ixfr_query() {
	printf ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 5\n;; flags: ; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 0\n;; QUESTION SECTION:\n;xfr.test. IN IXFR\n;; AUTHORITY SECTION:\nxfr.test. 0 IN SOA . . %s 0 0 0 0\n\n' "$1"
}

@test "xfr: IXFR from the current serial is the lone SOA, over TCP" {
	ixfr_query 7 >"$BATS_TEST_TMPDIR/q"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" --raw \
	    <"$BATS_TEST_TMPDIR/q"
	assert_success
	assert_line --regexp '^;; flags: qr aa; QUERY: 1, ANSWER: 1,'
	assert_line --regexp '^;; SERVER: .*\(TCP\)$'
	assert_line --regexp '^;; MSG SIZE  rcvd: [0-9]+$'
}

@test "xfr: IXFR answered in AXFR form (NSD keeps no differences) ends at the closing SOA" {
	ixfr_query 6 >"$BATS_TEST_TMPDIR/q"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" --raw --short \
	    <"$BATS_TEST_TMPDIR/q"
	assert_success
	dig @127.0.0.1 -p "$NSD_PORT" xfr.test AXFR +short | grep -vc '^;' >"$BATS_TEST_TMPDIR/n"
	[ "${#lines[@]}" -eq "$(cat "$BATS_TEST_TMPDIR/n")" ]
}

@test "xfr: dig's ixfr=N on the command line sends our serial (lone SOA when current, the zone when older)" {
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" xfr.test ixfr=7
	assert_success
	assert_line --regexp '^;; flags: qr aa rd; QUERY: 1, ANSWER: 1,'
	assert_line --regexp '^xfr\.test\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+SOA[[:space:]].* 7 3600 600 86400 300$'
	# The serial travels in the query's authority section (RFC 1995 §3):
	# the same words with -t give the same answer; an older serial gets
	# the whole zone, as dig counts it.
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" --short -t IXFR=6 xfr.test
	assert_success
	dig @127.0.0.1 -p "$NSD_PORT" xfr.test AXFR +short | grep -vc '^;' >"$BATS_TEST_TMPDIR/n"
	[ "${#lines[@]}" -eq "$(cat "$BATS_TEST_TMPDIR/n")" ]
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" xfr.test ixfr=x
	assert_failure 2
}
