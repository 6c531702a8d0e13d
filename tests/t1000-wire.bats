#!/usr/bin/env bats
# dnstk-wire: conversions between text, hex and JSON, and round trips.

setup() {
	load helpers/common
	export W=$FIX/wire
}

@test "text messages decode to the reviewed expected text" {
	dnstk-wire "$W/messages.txt" > "$BATS_TEST_TMPDIR/actual"
	test_cmp "$W/messages.expected" "$BATS_TEST_TMPDIR/actual"
}

@test "text -> hex -> text reproduces every message" {
	dnstk-wire -w "$W/messages.txt" > "$BATS_TEST_TMPDIR/m.hex"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/m.hex")" -eq 5 ]
	dnstk-wire "$BATS_TEST_TMPDIR/m.hex" > "$BATS_TEST_TMPDIR/back.txt"
	test_cmp "$W/messages.expected" "$BATS_TEST_TMPDIR/back.txt"
}

@test "text -> json -> text reproduces every message, and jq parses it" {
	dnstk-wire -j "$W/messages.txt" > "$BATS_TEST_TMPDIR/m.json"
	run jq -e -s 'length == 5' "$BATS_TEST_TMPDIR/m.json"
	assert_success
	dnstk-wire "$BATS_TEST_TMPDIR/m.json" > "$BATS_TEST_TMPDIR/back.txt"
	test_cmp "$W/messages.expected" "$BATS_TEST_TMPDIR/back.txt"
}

@test "the issue's pipeline: wire -w | wire | wire -w gives the same messages" {
	dnstk-wire -w < "$W/messages.txt" | dnstk-wire | dnstk-wire -w \
	    > "$BATS_TEST_TMPDIR/a.hex"
	dnstk-wire -w < "$W/messages.txt" > "$BATS_TEST_TMPDIR/b.hex"
	test_cmp "$BATS_TEST_TMPDIR/b.hex" "$BATS_TEST_TMPDIR/a.hex"
}

@test "captured NSD responses (compressed) round-trip through text and JSON" {
	data=$DNSTK_TOP/tests/demo/responses.hex
	dnstk-wire "$data" > "$BATS_TEST_TMPDIR/a.txt"
	dnstk-wire -w "$BATS_TEST_TMPDIR/a.txt" | dnstk-wire > "$BATS_TEST_TMPDIR/b.txt"
	dnstk-wire -j "$data" | dnstk-wire > "$BATS_TEST_TMPDIR/c.txt"
	test_cmp "$BATS_TEST_TMPDIR/a.txt" "$BATS_TEST_TMPDIR/b.txt"
	test_cmp "$BATS_TEST_TMPDIR/a.txt" "$BATS_TEST_TMPDIR/c.txt"
	[ "$(grep -c 'HEADER' "$BATS_TEST_TMPDIR/a.txt")" -eq 12 ]
	grep -q '^; NSID: 646e73746b2d74657374' "$BATS_TEST_TMPDIR/a.txt"
	grep -q 'status: BADVERS' "$BATS_TEST_TMPDIR/a.txt"
}

@test "hex of a message read in hex is written back byte for byte" {
	data=$DNSTK_TOP/tests/demo/responses.hex
	run dnstk-wire -w "$data"
	assert_success
	[ "$output" = "$(cat "$data")" ]
}

@test "records: every type, escapes and unknown types round-trip" {
	dnstk-wire --rr "$W/records.txt" > "$BATS_TEST_TMPDIR/a.txt"
	test_cmp "$W/records.expected" "$BATS_TEST_TMPDIR/a.txt"
	dnstk-wire --rr -w "$W/records.txt" | dnstk-wire --rr > "$BATS_TEST_TMPDIR/b.txt"
	dnstk-wire --rr -j "$W/records.txt" | dnstk-wire --rr > "$BATS_TEST_TMPDIR/c.txt"
	test_cmp "$W/records.expected" "$BATS_TEST_TMPDIR/b.txt"
	test_cmp "$W/records.expected" "$BATS_TEST_TMPDIR/c.txt"
}

@test "a record's wire form matches RFC 1035 bytes worked out by hand" {
	run bash -c 'echo "x. 1 IN A 1.2.3.4" | dnstk-wire --rr -w'
	assert_success
	assert_output "0178000001000100000001000401020304"
	run bash -c 'echo "a\\.b.X. 7 CH TXT \"hi\"" | dnstk-wire --rr -w'
	assert_output "03612e6201580000100003000000070003026869"
}

@test "RFC 3597 generic rdata of a known type becomes the typed form" {
	run bash -c 'echo "x. 1 IN TYPE1 \\# 4 c0000201" | dnstk-wire --rr'
	assert_output "x.	1	IN	A	192.0.2.1"
	run bash -c 'echo "x. 1 IN TYPE65280 \\# 2 abcd" | dnstk-wire --rr -j'
	assert_output '{"NAME":"x.","TYPE":65280,"TYPEname":"TYPE65280","CLASS":1,"CLASSname":"IN","TTL":1,"RDLENGTH":2,"RDATAHEX":"abcd"}'
}

@test "twisted T4: a compressed STATUS message with every flag decodes right" {
	hex='010095bf0001000100010002076578616d706c6503636f6d0000060001c00c00060001ffffffff0027036e7331c00c0a686f73746d6173746572c00cfffffffe7ffffffd7ffffffc7ffffffbfffffffac00c00020001ffffffff0002c029c02900010001ffffffff00040506070800002904000003800000000'
	run bash -c "echo ${hex%0} | dnstk-wire"
	assert_success
	assert_line --index 0 ';; ->>HEADER<<- opcode: STATUS, status: RESERVED15, id: 256'
	assert_line --index 1 ';; flags: qr aa rd ra ad cd; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 2'
	assert_line --index 3 '; EDNS: version: 3, flags: do; udp: 1024'
	assert_output --partial 'example.com.	4294967295	IN	SOA	ns1.example.com. hostmaster.example.com. 4294967294 2147483645 2147483644 2147483643 4294967290'
	assert_output --partial 'ns1.example.com.	4294967295	IN	A	5.6.7.8'
}

@test "twisted T5: extended RCODE 0xabc is the full 12-bit status" {
	run bash -c 'echo 0000000c0000000000000001000029100 0ab0000000000 | dnstk-wire -j'
	assert_success
	run bash -c 'echo 0000000c0000000000000001 0000291000ab0000000000 | dnstk-wire -j | jq -c "[.RCODE, .EDNS.extendedRCODE, .EDNS.udpSize]"'
	assert_output '[12,171,4096]'
	run bash -c 'echo 0000000c0000000000000001 0000291000ab0000000000 | dnstk-wire | head -1'
	assert_output ';; ->>HEADER<<- opcode: QUERY, status: RESERVED2748, id: 0'
}

@test "hex input: case, blanks and # comments are free" {
	run bash -c 'printf "# a comment\n  0178 00 0001 0001 00000000 0004 00000001  # x. A\n\n0178 0000010001000000010004 01020304\n" | dnstk-wire --rr'
	assert_success
	assert_output "x.	0	IN	A	0.0.0.1
x.	1	IN	A	1.2.3.4"
}

@test "--in forces the form and --format picks the output" {
	run bash -c 'echo "x. 1 IN A 1.2.3.4" | dnstk-wire --rr --in=text --format=hex'
	assert_output "0178000001000100000001000401020304"
	run bash -c 'echo "0178000001000100000001000401020304" | dnstk-wire --rr --in=text'
	assert_failure 2
	run --separate-stderr dnstk-wire --format=xml
	assert_failure 2
	[[ $stderr == *"--format: 'xml' is not text, hex or json"* ]]
	run --separate-stderr dnstk-wire --in=yaml
	assert_failure 2
}

@test "dig output is accepted as input" {
	run bash -c 'dnstk-wire -w "$W/dig-output.txt" | dnstk-wire'
	assert_success
	assert_line --index 0 ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 25863'
	assert_line --index 1 ';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1'
	assert_output --partial '; COOKIE: 7b3fb4e2ca0f1ad9010000006741a1c8d4a9ec4e31d2af9b'
	assert_output --partial 'www.example.test.	3600	IN	A	192.0.2.1'
}

@test "several files are read in order; - is stdin" {
	run bash -c 'echo "b. 1 IN A 1.2.3.4" | dnstk-wire --rr "$W/one.txt" - "$W/one.txt"'
	assert_success
	assert_output "a.	5	IN	A	192.0.2.1
b.	1	IN	A	1.2.3.4
a.	5	IN	A	192.0.2.1"
}

@test "master-file syntax: \$ORIGIN, \$TTL, parentheses, omitted fields" {
	run dnstk-wire --rr "$W/master.txt"
	assert_success
	assert_output "example.	60	IN	SOA	ns.example. h.example. 1 2 3 4 5
www.example.	60	IN	A	192.0.2.1
www.example.	60	IN	A	192.0.2.2
www.example.	7	IN	TXT	\"a;b\" \"(c)\"
mail.other.	60	IN	MX	10 www.other."
}

@test "class 0 and type 0 are written and read back (ldns alone cannot)" {
	run bash -c 'printf "a. 1 CLASS0 A 1.2.3.4\nb. 2 IN TYPE0 \\\\# 1 00\n" | dnstk-wire --rr -w'
	assert_success
	assert_output "0161000001000000000001000401020304
0162000000000100000002000100"
	run bash -c 'printf "a. 1 CLASS0 A 1.2.3.4\nb. 2 IN TYPE0 \\\\# 1 00\n" | dnstk-wire --rr -w | dnstk-wire --rr'
	assert_output "a.	1	CLASS0	A	1.2.3.4
b.	2	IN	TYPE0	\\# 1 00"
}

@test "RFC 1035 allows the class before the TTL" {
	run bash -c 'printf "c. IN 3 A 1.2.3.4\nd. CH 3 TXT \"x\"\n  CLASS5 9 A 1.1.1.1\n" | dnstk-wire --rr'
	assert_success
	assert_output "c.	3	IN	A	1.2.3.4
d.	3	CH	TXT	\"x\"
d.	9	CLASS5	A	1.1.1.1"
}

@test "a 181-octet name of escaped bytes (over 255 characters) round-trips" {
	n=$(for i in $(seq 1 60); do printf '\\000\\001.'; done)
	printf '%sexample. 5 IN A 1.2.3.4\n' "$n" > "$BATS_TEST_TMPDIR/long.txt"
	run bash -c "dnstk-wire --rr -w '$BATS_TEST_TMPDIR/long.txt' | dnstk-wire --rr"
	assert_success
	assert_output "${n}example.	5	IN	A	1.2.3.4"
}

@test "wire rdata ldns cannot print faithfully falls back to RFC 3597 form" {
	# An SOA whose rdata stops after MNAME: ldns parses it but its
	# presentation form would not read back.
	msg=000100000001000100000000076578616d706c650000060001c00c000600010000012c0002c00c
	run bash -c "echo $msg | dnstk-wire"
	assert_success
	assert_line --index 5 "example.	300	IN	SOA	\\# 9 076578616d706c6500"
	run bash -c "echo $msg | dnstk-wire | dnstk-wire -w | dnstk-wire"
	assert_line --index 5 "example.	300	IN	SOA	\\# 9 076578616d706c6500"
}

@test "names starting with @, \$ or holding a quote are escaped so they read back" {
	for hex in 01400000010001000000010004c0000201 \
	    024078000001000100000001000401020304 \
	    022478000001000100000001000401020304 \
	    022278000001000100000001000401020304; do
		run bash -c "echo $hex | dnstk-wire --rr | dnstk-wire --rr -w"
		assert_success
		assert_output "$hex"
	done
	run bash -c 'echo 01400000010001000000010004c0000201 | dnstk-wire --rr'
	assert_output '\064.	1	IN	A	192.0.2.1'
}

@test "\$INCLUDE follows files relative to the including file, with an origin" {
	d=$BATS_TEST_TMPDIR/zone
	mkdir -p "$d/sub"
	printf '$ORIGIN example.\n$INCLUDE sub/a.db\nwww 5 IN A 192.0.2.9\n$INCLUDE sub/a.db other.\n' > "$d/top.db"
	printf 'a 1 IN A 192.0.2.1\n$INCLUDE b.db\n' > "$d/sub/a.db"
	printf 'b 2 IN TXT "in b"\n' > "$d/sub/b.db"
	run --separate-stderr dnstk-wire --rr "$d/top.db"
	assert_success
	# RFC 1035 5.1: the origin comes back after each included file.
	assert_output "a.example.	1	IN	A	192.0.2.1
b.example.	2	IN	TXT	\"in b\"
www.example.	5	IN	A	192.0.2.9
a.other.	1	IN	A	192.0.2.1
b.other.	2	IN	TXT	\"in b\""
}

@test "\$INCLUDE: errors name the included file and its line; nesting is bounded" {
	d=$BATS_TEST_TMPDIR/zone
	mkdir -p "$d"
	printf 'a. 1 IN A 192.0.2.1\n$INCLUDE bad.db\n' > "$d/top.db"
	printf 'b. 1 IN A 192.0.2.2\n\nc. 1 IN A 1.2.3\n' > "$d/bad.db"
	run --separate-stderr dnstk-wire --rr "$d/top.db"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $d/bad.db:3: cannot parse record 'c.': Syntax error, could not parse the RR's rdata" ] ||
	    fail "stderr was: $stderr"
	assert_output "a.	1	IN	A	192.0.2.1
b.	1	IN	A	192.0.2.2"
	printf '$INCLUDE loop.db\n' > "$d/loop.db"
	run --separate-stderr dnstk-wire --rr "$d/loop.db"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $d/loop.db:1: \$INCLUDE nested more than 8 deep" ] ||
	    fail "stderr was: $stderr"
	printf '$INCLUDE missing.db\n' > "$d/miss.db"
	run --separate-stderr dnstk-wire --rr "$d/miss.db"
	assert_failure 3
	[ "$stderr" = "dnstk-wire: $d/miss.db:1: cannot open '$d/missing.db': No such file or directory" ] ||
	    fail "stderr was: $stderr"
	# A '(' left open at the end of an included file is that file's error.
	printf '$INCLUDE open.db\na. 1 IN A 1.2.3.4\n' > "$d/top2.db"
	printf 'x. 1 IN SOA ( a. b. 1 2 3 4\n' > "$d/open.db"
	run --separate-stderr dnstk-wire --rr "$d/top2.db"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $d/open.db:1: '(' is never closed" ] ||
	    fail "stderr was: $stderr"
}

@test "\$INCLUDE is refused on stdin, even through '-'" {
	cd "$BATS_TEST_TMPDIR"
	printf 'a. 1 IN A 192.0.2.1\n' > inc.db
	run --separate-stderr bash -c "printf '\$INCLUDE inc.db\n' | dnstk-wire --rr -"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:1: \$INCLUDE is refused on stdin" ]
	[ -z "$output" ]
}
