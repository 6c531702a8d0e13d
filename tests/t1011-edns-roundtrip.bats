#!/usr/bin/env bats
# EDNS options through dnstk-wire: every fixture message, well-formed or
# malformed, reads back byte for byte from text and JSON; dig's option
# spellings are read too.

setup() {
	load helpers/common
	bats_require_minimum_version 1.5.0
	E=$FIX/edns
}

# hex form of a fixture without its comments
raw() {
	sed 's/ *#.*//' "$1"
}

@test "wire -> text -> wire is byte-identical for every EDNS fixture" {
	for f in good violations; do
		raw "$E/$f.hex" > "$BATS_TEST_TMPDIR/want"
		dnstk-wire < "$E/$f.hex" > "$BATS_TEST_TMPDIR/text"
		dnstk-wire -w < "$BATS_TEST_TMPDIR/text" > "$BATS_TEST_TMPDIR/got"
		test_cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	done
}

@test "wire -> JSON -> wire is byte-identical; JSON parses with jq" {
	for f in good violations; do
		raw "$E/$f.hex" > "$BATS_TEST_TMPDIR/want"
		dnstk-wire -j < "$E/$f.hex" > "$BATS_TEST_TMPDIR/json"
		jq -e -c '.ID' < "$BATS_TEST_TMPDIR/json" > /dev/null ||
		    fail "$f: jq cannot parse"
		dnstk-wire -w < "$BATS_TEST_TMPDIR/json" > "$BATS_TEST_TMPDIR/got"
		test_cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	done
}

@test "text form of each option in the OPT PSEUDOSECTION" {
	run -0 dnstk-wire <<<"$(sed -n 2,3p "$E/good.hex")"
	for l in \
	    '; NSID: 74657374696e67 ("testing")' \
	    '; COOKIE: 31323334353637386162636465666768' \
	    '; TCP-KEEPALIVE: 30.0 secs' \
	    '; EXPIRE: 1200' \
	    '; CLIENT-SUBNET: 1.2.240.0/20/0' \
	    '; CLIENT-SUBNET: 2001:4b98::/56/0' \
	    '; EDE: 16 (Censored): (test)' \
	    '; EDE: 3 (Stale Answer)' \
	    '; REPORT-CHANNEL: agent.example.' \
	    '; ZONEVERSION: 2 SOA-SERIAL 10' \
	    '; ZONEVERSION: 1 7 abcd' \
	    '; OPT=65001: 6162632064 ("abc d")' \
	    '; CLIENT-SUBNET: 0.0.0.0/0/0' \
	    '; CLIENT-SUBNET: ::/0/0' \
	    '; OPT=8: 00000000' \
	    '; EDE: 1 (Unsupported DNSKEY Algorithm): (test\000)' \
	    '; NSID: feff'; do
		assert_line "$l"
	done
	run -0 dnstk-wire <<<"$(sed -n 1p "$E/good.hex")"
	for l in '; NSID:' '; EXPIRE:' '; TCP-KEEPALIVE:' '; ZONEVERSION:' \
	    '; DAU: RSASHA256 ECDSAP256SHA256 ED25519' '; DHU: SHA-1 SHA-256' \
	    '; N3U: SHA-1' '; KEY-TAG: 20326 38696' '; PADDING: (4 bytes)' \
	    '; CHAIN: example.' '; COOKIE: 2464c4abcf10c957'; do
		assert_line "$l"
	done
}

@test "malformed bodies fall back to OPT=CODE: hex" {
	run -0 dnstk-wire <<<"$(sed -n 10,13p "$E/violations.hex")"
	for l in '; OPT=10: 31323334353637 ("1234567")' '; OPT=9: 0004b0' \
	    '; OPT=11: 01' '; OPT=15: 00' '; OPT=14: 4f6697' '; OPT=13: c00c' \
	    '; OPT=18: 0000' '; OPT=19: 0200000001' '; OPT=19: 02' \
	    '; OPT=12: 0000ff00'; do
		assert_line "$l"
	done
}

@test "dig's option spellings read back to the same bytes" {
	run -0 dnstk-wire -w <<'IN'
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7
;; flags: qr; QUERY: 0, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags: do; udp: 1232
; NSID: 6e 73 31 ("ns1")
; COOKIE: 2464c4abcf10c957010000005cf7a871d4a564a1442aca77 (good)
; EXPIRE: 1200 (20 minutes)
; PADDING: 00 00 00
; TCP-KEEPALIVE: 15 secs
; EDE: 18: extra
; CLIENT-SUBNET: 192.0.2.77/24
; cookie: 2464c4abcf10c957

IN
	want=000780000000000000000001			# header
	want+="00002904d00000800000 5a"			# OPT, RDLENGTH 90
	want+="00030003 6e7331"				# NSID
	want+="000a0018 2464c4abcf10c957010000005cf7a871d4a564a1442aca77"
	want+="00090004 000004b0"				# EXPIRE 1200
	want+="000c0003 000000"				# PADDING
	want+="000b0002 0096"				# 15.0 secs
	want+="000f0007 0012 6578747261"			# EDE 18 "extra"
	want+="00080007 0001 18 00 c00002"		# 192.0.2.0/24
	want+="000a0008 2464c4abcf10c957"			# name case-free
	assert_output "${want// /}"
}

@test "option text that does not parse is bad input, exit 2" {
	for bad in '; COOKIE: 0102' '; CLIENT-SUBNET: 192.0.2.0/33' \
	    '; EDE: x' '; CHAIN: example' '; KEY-TAG: 70000' \
	    '; ZONEVERSION: 2 SOA-SERIAL' '; TCP-KEEPALIVE: fast' \
	    '; DAU: NOSUCHALG' '; PADDING: (3 parsecs)' '; NOSUCH: 00'; do
		run --separate-stderr dnstk-wire -w <<IN
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7
;; flags: qr; QUERY: 0, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags: do; udp: 1232
$bad

IN
		assert_failure 2
		[ -z "$output" ] || fail "$bad: wrote $output"
		[[ $stderr == "dnstk-wire: stdin:5: bad EDNS option: "* ]] ||
		    fail "$bad: $stderr"
	done
}

@test "third-party whole messages: same message through text and JSON" {
	# T4 uses name compression, which text cannot keep: compare the
	# messages (their text), and the bytes of the uncompressed ones.
	dnstk-wire < "$E/vectors.hex" > "$BATS_TEST_TMPDIR/text"
	dnstk-wire -w < "$BATS_TEST_TMPDIR/text" | dnstk-wire > "$BATS_TEST_TMPDIR/t2"
	dnstk-wire -j < "$E/vectors.hex" | dnstk-wire > "$BATS_TEST_TMPDIR/j2"
	test_cmp "$BATS_TEST_TMPDIR/text" "$BATS_TEST_TMPDIR/t2"
	test_cmp "$BATS_TEST_TMPDIR/text" "$BATS_TEST_TMPDIR/j2"
	raw "$E/vectors.hex" | grep -v '^010095bf' > "$BATS_TEST_TMPDIR/want"
	dnstk-wire -w < "$BATS_TEST_TMPDIR/text" | grep -v '^010095bf' \
	    > "$BATS_TEST_TMPDIR/got"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/got")" -eq 7 ] || fail "lines"
	test_cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	run -0 grep -c '^; EDNS: version: 3, flags: do; udp: 1024$' "$BATS_TEST_TMPDIR/text"
	assert_output 1
}

@test "regression: a TYPE0 record line reads back (use after free in the reader)" {
	# Found by make fuzz (fuzz_hex_msg); under make sanitize the old
	# reader read freed memory after rewriting TYPE0 to TYPE65534.
	hex=127284000001000100000001076578616d706c6504746573740000ff0001c00c0000412703064e100027036e7331c00c0a686f73746d6173746572c00c78c404c9740000ff0002c00c0006000100000e100027036e73000000000000
	text=$(echo "$hex" | dnstk-wire)
	run -0 bash -c "echo '$hex' | dnstk-wire | dnstk-wire -w | dnstk-wire"
	assert_output "$text"
	assert_line --partial 'CLASS16679	TYPE0	\# 39 036e7331'
}
