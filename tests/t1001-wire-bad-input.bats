#!/usr/bin/env bats
# dnstk-wire on bad input: a clean "dnstk-wire: SOURCE:LINE: ..." message,
# exit 2, and every good unit before the bad one written whole.

setup() {
	load helpers/common
	GOOD=$(echo 'x. 1 IN A 1.2.3.4' | dnstk-wire --rr -w)
	# A whole good message (hex), the first captured response.
	MSG=$(head -n 1 "$DNSTK_TOP/tests/demo/responses.hex")
	export GOOD MSG
}

# bad_case INPUT-FILE EXPECTED-STDERR [wire args...]
# Feeds two good messages, then the bad unit; checks exit 2, the message
# and that both good messages came out whole.
bad_msg() {
	local bad=$1 want=$2
	{ echo "$MSG"; echo "$MSG"; printf '%s\n' "$bad"; echo "$MSG"; } \
	    > "$BATS_TEST_TMPDIR/in.hex"
	run --separate-stderr dnstk-wire -w "$BATS_TEST_TMPDIR/in.hex"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/in.hex:3: $want" ] ||
	    fail "stderr was: $stderr"
	[ "$output" = "$MSG
$MSG" ] || fail "good units were not written whole: $output"
}

@test "empty stdin is an empty stream: no output, exit 0 (CLI.md)" {
	run --separate-stderr dnstk-wire < /dev/null
	assert_success
	[ -z "$stderr" ] && [ -z "$output" ]
	run --separate-stderr dnstk-wire --rr < /dev/null
	assert_success
	[ -z "$stderr" ] && [ -z "$output" ]
	printf '\n# only a comment\n\n' > "$BATS_TEST_TMPDIR/blank"
	run --separate-stderr dnstk-wire -j "$BATS_TEST_TMPDIR/blank" -
	assert_success
	[ -z "$stderr" ] && [ -z "$output" ]
}

@test "odd number of hex digits" {
	bad_msg "${MSG}0" "odd number of hex digits"
}

@test "a character that is not hex in a hex stream" {
	bad_msg "00zz" "'z' is not a hex digit"
}

@test "truncated message" {
	bad_msg "${MSG:0:60}" "bad record 1 of the QUESTION section at offset 30: Packet size overflow"
	bad_msg "${MSG:0:24}" "message truncated in the QUESTION section (record 1 of 1)"
}

@test "shorter than a header" {
	bad_msg "0001020304" "message of 5 bytes is shorter than a header"
}

@test "trailing bytes after the last record" {
	bad_msg "${MSG}00" "1 bytes after the last record"
}

@test "compression pointer loop" {
	bad_msg "000100000001000000000000c00c00010001" \
	    "bad record 1 of the QUESTION section at offset 12: Invalid compression pointer"
}

@test "compression pointer pointing forward past the end" {
	bad_msg "000100000001000000000000c0ff00010001" \
	    "bad record 1 of the QUESTION section at offset 12: Invalid compression pointer"
}

@test "oversized unit (more than 65535 bytes)" {
	big=$(head -c 70000 /dev/zero | od -An -v -tx1 | tr -d ' \n')
	bad_msg "$big" "unit longer than 65535 bytes"
}

@test "a line longer than 1 MiB" {
	{ echo "$MSG"; head -c 1100000 /dev/zero | tr '\0' 'a'; echo; } \
	    > "$BATS_TEST_TMPDIR/in.txt"
	run --separate-stderr dnstk-wire -w --in=hex "$BATS_TEST_TMPDIR/in.txt"
	assert_failure 2
	[[ $stderr == "dnstk-wire: $BATS_TEST_TMPDIR/in.txt:2: line longer than 1048576 bytes" ]]
	[ "$output" = "$MSG" ]
}

@test "a NUL byte in text input" {
	printf 'a. 1 IN A 1.2.3.4\nb. 1 IN A \0 1.2.3.4\n' > "$BATS_TEST_TMPDIR/nul.txt"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/nul.txt"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/nul.txt:2: NUL byte in input" ]
	[ "$output" = "a.	1	IN	A	1.2.3.4" ]
}

# bad_rr TEXT EXPECTED: a bad record after a good one, on stdin, line 2.
bad_rr() {
	run --separate-stderr bash -c "printf 'a. 1 IN A 1.2.3.4\n%s\nc. 1 IN A 1.2.3.4\n' '$1' | dnstk-wire --rr"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:2: $2" ] || fail "stderr was: $stderr"
	[ "$output" = "a.	1	IN	A	1.2.3.4" ] || fail "output: $output"
}

@test "unknown record type" {
	bad_rr 'b. 1 IN BOGUS 1' "unknown record type 'BOGUS'"
}

@test "bad escape in a name" {
	bad_rr 'b\999. 1 IN A 1.2.3.4' \
	    "cannot parse record 'b\\999.': Syntax error, could not parse the RR"
}

@test "type and class numbers past 16 bits" {
	bad_rr 'b. 1 IN TYPE77811 \\# 0' "unknown record type 'TYPE77811'"
	bad_rr 'b. 1 CLASS70000 A 1.2.3.4' "type or class number over 65535"
}

@test "bad rdata" {
	bad_rr 'b. 1 IN A 1.2.3' \
	    "cannot parse record 'b.': Syntax error, could not parse the RR's rdata"
}

@test "unbalanced parentheses and quotes" {
	bad_rr 'b. 1 IN TXT ) x' "')' without '('"
	bad_rr 'b. 1 IN TXT "open' "unterminated quoted string"
	run --separate-stderr bash -c "printf 'a. 1 IN A 1.2.3.4\nb. 1 IN SOA a. b. ( 1 2\n' | dnstk-wire --rr"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:2: '(' is never closed" ]
	[ "$output" = "a.	1	IN	A	1.2.3.4" ]
}

@test "\$INCLUDE is refused, unknown directives too" {
	bad_rr '$INCLUDE /etc/passwd' '$INCLUDE is refused on stdin'
	bad_rr '$GENERATE 1-2 a A 1.2.3.4' "unknown directive '\$GENERATE'"
	bad_rr '$ORIGIN relative' "\$ORIGIN 'relative' is not an absolute name"
	bad_rr '$TTL forever' "bad \$TTL 'forever'"
}

@test "hex record unit with trailing bytes or garbage" {
	run --separate-stderr bash -c "printf '%s\n%s00\n' $GOOD $GOOD | dnstk-wire --rr"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:2: 1 bytes after the record" ]
	[ "$output" = "x.	1	IN	A	1.2.3.4" ]
	run --separate-stderr bash -c "printf '%s\n0178\n' $GOOD | dnstk-wire --rr"
	assert_failure 2
	[[ $stderr == "dnstk-wire: stdin:2: bad wire record: "* ]]
}

# bad_text_msg BLOCK EXPECTED LINE: a good message, then a bad block.
bad_text_msg() {
	{ dnstk-wire "$DNSTK_TOP/tests/fixtures/wire/one-msg.txt"; printf '%s\n' "$1"; } \
	    > "$BATS_TEST_TMPDIR/in.txt"
	run --separate-stderr dnstk-wire "$BATS_TEST_TMPDIR/in.txt"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/in.txt:$3: $2" ] ||
	    fail "stderr was: $stderr"
	[ "$output" = "$(dnstk-wire "$DNSTK_TOP/tests/fixtures/wire/one-msg.txt")" ]
}

@test "text messages: bad header, flags, EDNS and sections" {
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR' \
	    "bad message header line" 8
	bad_text_msg ';; ->>HEADER<<- opcode: FOO, status: NOERROR, id: 1' \
	    "unknown opcode 'FOO'" 8
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: WHAT, id: 1' \
	    "unknown status 'WHAT'" 8
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 65536' \
	    "bad message header line" 8
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; flags: qr xx; QUERY: 0' "unknown flag 'xx'" 9
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: BADVERS, id: 1
;; flags: qr; QUERY: 0' "status 16 needs an OPT record (EDNS)" 8
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; OPT PSEUDOSECTION:
; EDNS: version: 300, flags:; udp: 512' "bad EDNS line" 10
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 512
; NOSUCHOPT: 00' "bad EDNS option: unknown EDNS option name" 11
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 512
; OPT=10: 0g' "bad EDNS option: option data is not hex" 11
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; QUESTION SECTION:
;example. IN NOTATYPE' "unknown type 'NOTATYPE'" 10
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; QUESTION SECTION:
;example IN A' "question name 'example' is not fully qualified" 10
	bad_text_msg ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; QUESTION SECTION:
www.example. 1 IN A 1.2.3.4' "record outside an answer, authority or additional section" 10
	bad_text_msg 'www.example. 1 IN A 1.2.3.4' \
	    "expected a message header ';; ->>HEADER<<-'" 8
}

@test "JSON: bad syntax and bad members" {
	json=$(dnstk-wire -j "$DNSTK_TOP/tests/fixtures/wire/one-msg.txt")
	for case in '{"ID":1,' 'bad JSON: expected a member name' \
	    '{"ID":1' "bad JSON: expected ',' or '}'" \
	    '{"ID":' 'bad JSON: unexpected end of JSON' \
	    '[1]' 'a JSON unit must be an object' \
	    '{"QR":true}' 'message has no ID from 0 to 65535' \
	    '{"ID":70000}' 'message has no ID from 0 to 65535' \
	    '{"ID":1,"RD":"yes"}' 'a header flag is not a boolean' \
	    '{"ID":1,"answerRRs":{}}' 'a section member must be an array' \
	    '{"ID":1,"answerRRs":[{"NAME":"x.","TYPE":1,"TTL":1}]}' 'record has neither RDATAHEX nor rdata' \
	    '{"ID":1,"answerRRs":[{"NAME":"x.","TYPE":1,"TTL":1,"RDATAHEX":"0102"}]}' 'RDATAHEX is not valid rdata for the TYPE' \
	    '{"ID":1,"answerRRs":[{"NAME":"x.","TYPE":1,"TTL":-1,"RDATAHEX":"01020304"}]}' 'TTL is not a number from 0 to 4294967295' \
	    '{"ID":1,"answerRRs":[{"NAME":"x.","TYPEname":"NOPE","TTL":1,"RDATAHEX":""}]}' 'unknown TYPEname' \
	    '{"ID":1,"answerRRs":[{"NAME":"x.","TYPE":1,"TTL":1,"rdataA":"1.2.3"}]}' 'rdata is not valid for the TYPE' \
	    '{"ID":1,"EDNS":{"udpSize":70000}}' 'EDNS udpSize is not a number up to 65535' \
	    '{"ID":1,"EDNS":{"options":[{"code":3}]}}' 'an EDNS option needs code and data' \
	    '{"ID":1,"RCODE":16}' 'RCODE is not a number from 0 to 15' \
	    '{"ID":1,"QR":true} x' 'bad JSON: text after the JSON value' \
	    '{"ID":1,"q":"\ud800"}' 'bad JSON: lone surrogate' \
	    '{"ID":01}' 'bad JSON: bad number'; do
		if [ -z "${bad+x}" ]; then bad=$case; continue; fi
		printf '%s\n%s\n' "$json" "$bad" > "$BATS_TEST_TMPDIR/in.json"
		run --separate-stderr dnstk-wire "$BATS_TEST_TMPDIR/in.json"
		[ "$status" -eq 2 ] || fail "exit $status for $bad"
		[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/in.json:2: $case" ] ||
		    fail "for $bad: $stderr"
		[ "$output" = "$(dnstk-wire "$DNSTK_TOP/tests/fixtures/wire/one-msg.txt")" ] ||
		    fail "good unit lost for $bad"
		unset bad
	done
}

@test "JSON nested too deeply is refused, not a crash" {
	deep=$(printf '{"a":%.0s' $(seq 1 40))1$(printf '}%.0s' $(seq 1 40))
	run --separate-stderr bash -c "echo '$deep' | dnstk-wire"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:1: bad JSON: nested too deeply" ]
}

@test "a file that cannot be opened is a system error (exit 3)" {
	run --separate-stderr dnstk-wire /no/such/file
	assert_failure 3
	[ "$stderr" = "dnstk-wire: cannot open '/no/such/file': No such file or directory" ]
}

@test "garbage input never crashes: random bytes as every form" {
	for i in 1 2 3 4 5 6 7 8; do
		head -c 3000 /dev/urandom > "$BATS_TEST_TMPDIR/g"
		for f in text hex json; do
			run dnstk-wire --in=$f "$BATS_TEST_TMPDIR/g"
			[ "$status" -eq 2 ] || [ "$status" -eq 0 ] ||
			    fail "exit $status for --in=$f"
			run dnstk-wire --rr --in=$f "$BATS_TEST_TMPDIR/g"
			[ "$status" -eq 2 ] || [ "$status" -eq 0 ] ||
			    fail "exit $status for --rr --in=$f"
		done
	done
}
