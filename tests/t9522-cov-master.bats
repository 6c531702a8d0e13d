#!/usr/bin/env bats
# The master-file reader's limits and directive refusals: names past 255
# octets (absolute, too long to hold, and made too long by $ORIGIN), bad
# and unknown directives, a bad $ORIGIN name, rdata past 65,535 octets in
# a zone; and JSON records.  Each refusal names SOURCE:LINE and exits 2
# after the records before it; ldns-read-zone is asked about the names,
# directives and records on its own.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	L63=$(printf 'a%.0s' $(seq 63))
}

# bad_rr LINE WHY: LINE between two good records: the first printed, then
# "stdin:2: WHY", exit 2.
bad_rr() {
	run --separate-stderr bash -c "printf 'a. 1 IN A 1.2.3.4\n%s\nc. 1 IN A 1.2.3.4\n' '$1' | dnstk-wire --rr"
	[ "$status" -eq 2 ] || fail "exit $status for '$1'"
	[ "$stderr" = "dnstk-wire: stdin:2: $2" ] || fail "for '$1': stderr was: $stderr"
	[ "$output" = "a.	1	IN	A	1.2.3.4" ] || fail "output: $output"
}

@test "cov2 master: owner names past 255 octets are refused, as ldns refuses them" {
	local n300=$L63.$L63.$L63.$L63.$L63.
	bad_rr "$n300 1 IN A 1.2.3.4" \
	    "name longer than 255 octets: '${n300:0:80}'"
	printf '%s 1 IN A 1.2.3.4\n' "$n300" >"$BATS_TEST_TMPDIR/n300"
	run ldns-read-zone "$BATS_TEST_TMPDIR/n300"
	assert_failure
	# longer than any name could be written: refused before parsing
	local x=$(printf 'x%.0s' $(seq 1200))
	bad_rr "$x 1 IN A 1.2.3.4" "name longer than 255 octets: '${x:0:80}'"
}

@test "cov2 master: a relative owner that \$ORIGIN makes longer than 255 octets" {
	# 3 x 64 + 1 = 193 octets of origin
	local origin=$L63.$L63.$L63. short=${L63:0:60}
	printf '$ORIGIN %s\n%s 1 IN A 1.2.3.4\n' "$origin" "$L63.$L63" \
	    >"$BATS_TEST_TMPDIR/long"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/long"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/long:2: owner name too long" ] ||
	    fail "$stderr"
	# 193 + 61 = 254 octets: still a name; the same record ldns reads
	printf '$ORIGIN %s\n%s 1 IN A 1.2.3.4\n' "$origin" "$short" \
	    >"$BATS_TEST_TMPDIR/ok"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/ok"
	assert_success
	[ "$output" = "$short.$origin	1	IN	A	1.2.3.4" ] || fail "$output"
	run ldns-read-zone "$BATS_TEST_TMPDIR/ok"
	assert_success
	assert_output "$short.$origin	1	IN	A	1.2.3.4"
}

@test "cov2 master: unknown, malformed and bad-name directives" {
	bad_rr '$THISISNODIRECTIVE x' "unknown directive '\$THISISNODIRECTIVE x'"
	bad_rr '$TTL' "bad directive '\$TTL'"
	bad_rr '$TTL 5 6' "bad directive '\$TTL 5 6'"
	bad_rr '$ORIGIN a. b.' "bad directive '\$ORIGIN a. b.'"
	bad_rr '$ORIGIN a..b.' "\$ORIGIN 'a..b.' is not an absolute name"
	# ldns-read-zone agrees that these are no zone
	for l in '$ORIGIN a..b.' '$TTL'; do
		printf '%s\na. 1 IN A 1.2.3.4\n' "$l" >"$BATS_TEST_TMPDIR/d"
		run ldns-read-zone "$BATS_TEST_TMPDIR/d"
		assert_failure
	done
}

@test "cov2 master: zone-check refuses rdata past 65,535 octets, never truncates it" {
	# 300 strings of 255 octets: 76,800 octets of TXT rdata
	perl -e 'print "\$ORIGIN t.\n\@ 1 IN SOA ns h 1 2 3 4 5\n\@ 1 IN NS ns\n",
	    "ns 1 IN A 192.0.2.1\nx 1 IN TXT", (" \"" . "x" x 255 . "\"") x 300, "\n"' \
	    >"$BATS_TEST_TMPDIR/long.zone"
	run --separate-stderr dnstk-zone-check "$BATS_TEST_TMPDIR/long.zone"
	assert_failure 2
	[ "$stderr" = "dnstk-zone-check: $BATS_TEST_TMPDIR/long.zone:5: rdata too long" ] ||
	    fail "$stderr"
	[ -z "$output" ] || fail "output: ${output:0:200}"
	# 256 strings (65,792 octets) are one too many; 257 octets short of
	# the limit, 255 strings are a record (RFC 1035 §3.3.14, §4.1.3)
	perl -e 'print "x.t. 1 IN TXT", (" \"" . "x" x 255 . "\"") x 255, "\n"' \
	    >"$BATS_TEST_TMPDIR/txt"
	run --separate-stderr dnstk-wire --rr -j "$BATS_TEST_TMPDIR/txt"
	assert_success
	[ "$(jq .RDLENGTH <<<"$output")" = 65280 ] || fail "RDLENGTH"
}

@test "cov2 json records: empty rdata, a NAME with a blank, RDATAHEX that is no string, raw control characters" {
	# after a blank line
	run --separate-stderr dnstk-wire --rr --in=json <<<'
{"NAME":"a.","TYPE":65280,"CLASS":1,"TTL":1,"rdataTYPE65280":"","RDATAHEX":""}'
	assert_success
	# ldns prints the empty record the same way
	printf 'a. 1 IN TYPE65280 \\# 0\n' >"$BATS_TEST_TMPDIR/e"
	[ "$output" = "$(ldns-read-zone "$BATS_TEST_TMPDIR/e")" ] || fail "$output"
	local row in want
	while IFS='|' read -r in want; do
		run --separate-stderr dnstk-wire --rr <<<"$in"
		[ "$status" -eq 2 ] || fail "exit $status for $in"
		[ "$stderr" = "dnstk-wire: stdin:1: $want" ] || fail "$in: $stderr"
		[ -z "$output" ]
	done <<'ROWS'
{"NAME":"a.","TYPE":1,"CLASS":1,"TTL":1,"RDATAHEX":5}|RDATAHEX is not hex or is too long
{"NAME":"a b.","TYPE":1,"CLASS":1,"TTL":1,"RDATAHEX":"01020304"}|NAME is not a domain name
{"NAME":"a.","TYPE":16,"CLASS":1,"TTL":1,"rdataTXT":"\"x\u0001y\"","RDATAHEX":"03780179"}|rdata is not valid for the TYPE
ROWS
}

@test "cov2 dig-form messages: TRAILING option bytes, bad ones, options without an EDNS line" {
	local m
	m=';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4711
;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; NSID: 64 6e 73 74 6b ("dnstk")
; TRAILING: 0a0b
;; QUESTION SECTION:
;www.example.test.	IN	A'
	# RFC 6891 §6.1.2: OPT RDLENGTH 11 = NSID (4 + 5) and the 2 trailing
	# octets after it, in that order
	run --separate-stderr dnstk-wire -w <<<"$m"
	assert_success
	[[ $output == *"00002904d000000000000b00030005646e73746b0a0b" ]] || fail "$output"
	run --separate-stderr dnstk-wire <<<"${m/TRAILING: 0a0b/TRAILING: zz}"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:6: option data is not hex" ] || fail "$stderr"
	run --separate-stderr dnstk-wire <<<"$(grep -v '; EDNS:' <<<"$m")"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:7: EDNS options without an '; EDNS:' line" ] ||
	    fail "$stderr"
}
