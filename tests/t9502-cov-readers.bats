#!/usr/bin/env bats
# The input readers' refusals, through dnstk-wire: each bad unit of JSON,
# dig-style text or RFC 3597 generic rdata gives exit 2 and
# "dnstk-wire: stdin:LINE: what is wrong" on stderr, with every unit
# before it written whole.  Accepted corner cases are checked against
# wire bytes decoded by hand (RFC 1035 4.1).

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
}

# refuse INPUT-ARGS... -- LINE WHY: dnstk-wire ARGS on the lines before
# "--" must exit 2 with "stdin:LINE: WHY" alone on stderr, nothing out.
refuse() {
	local args=()
	while [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	shift
	run --separate-stderr -2 dnstk-wire "${args[@]}" <<<"$IN"
	[ "$stderr" = "dnstk-wire: stdin:$1: $2" ] ||
	    fail "for $IN: got '$stderr', want 'stdin:$1: $2'"
	[ -z "$output" ] || fail "for $IN: stdout not empty: $output"
}

R='"NAME":"a.example.","TTL":1'

@test "cov readers JSON records: each bad field is named" {
	IN='{'"$R"',"TYPE":70000,"rdataA":"192.0.2.1"}'
	refuse --rr --in=json -- 1 "TYPE is not a number from 0 to 65535"
	IN='{'"$R"',"TYPEname":"BOGUS","rdataA":"192.0.2.1"}'
	refuse --rr --in=json -- 1 "unknown TYPEname"
	IN='{'"$R"',"rdataA":"192.0.2.1"}'
	refuse --rr --in=json -- 1 "record has no TYPE"
	IN='{'"$R"',"TYPE":1,"CLASS":"x","rdataA":"192.0.2.1"}'
	refuse --rr --in=json -- 1 "CLASS is not a number from 0 to 65535"
	IN='{'"$R"',"TYPE":1,"CLASSname":"XX","rdataA":"192.0.2.1"}'
	refuse --rr --in=json -- 1 "unknown CLASSname"
	IN='{'"$R"',"TYPE":1,"RDATAHEX":"zz"}'
	refuse --rr --in=json -- 1 "RDATAHEX is not hex or is too long"
	IN='[1]'
	refuse --rr --in=json -- 1 "a JSON unit must be an object"
}

@test "cov readers JSON records: CLASSname and an empty RDATAHEX are read" {
	# 01 61 07 example 00 | type 1 | class 3 (CH) | ttl 1 | rdlength 0
	run -0 dnstk-wire --rr --in=json --format=hex <<<'{'"$R"',"TYPE":1,"CLASSname":"CH","RDATAHEX":""}'
	[ "$output" = "0161076578616d706c65000001000300000001""0000" ]
}

@test "cov readers JSON messages: header and EDNS fields are range-checked" {
	IN='{"ID":1,"Opcode":16}'
	refuse --in=json -- 1 "Opcode is not a number from 0 to 15"
	IN='{"ID":1,"QR":"x"}'
	refuse --in=json -- 1 "a header flag is not a boolean"
	IN='{"ID":1,"EDNS":5}'
	refuse --in=json -- 1 "EDNS must be an object"
	IN='{"ID":1,"EDNS":{"version":256}}'
	refuse --in=json -- 1 "EDNS version is not a number up to 255"
	IN='{"ID":1,"EDNS":{"extendedRCODE":256}}'
	refuse --in=json -- 1 "EDNS extendedRCODE is not a number up to 255"
	IN='{"ID":1,"EDNS":{"flags":65536}}'
	refuse --in=json -- 1 "EDNS flags is not a number up to 65535"
	IN='{"ID":1,"EDNS":{"DO":"yes"}}'
	refuse --in=json -- 1 "EDNS DO is not a boolean"
	IN='{"ID":1,"EDNS":{"options":5}}'
	refuse --in=json -- 1 "EDNS options must be an array"
	IN='{"ID":1,"EDNS":{"options":[{"code":3,"data":"zz"}]}}'
	refuse --in=json -- 1 "EDNS option data is not hex"
	IN='{"ID":1,"EDNS":{"options":[],"trailingHEX":"zz"}}'
	refuse --in=json -- 1 "EDNS trailingHEX is not hex"
	IN='{"ID":1,"answerRRs":[5]}'
	refuse --in=json -- 1 "a record must be a JSON object"
	IN='{"ID":1,"answerRRs":{"a":1}}'
	refuse --in=json -- 1 "a section member must be an array"
}

@test "cov readers JSON messages: size limits of a section and of the EDNS options" {
	local h
	h=$(head -c 40000 /dev/zero | od -An -v -tx1 | tr -d ' \n')
	IN=$(printf '{"ID":1,"EDNS":{"options":[{"code":65001,"data":"%s"},{"code":65002,"data":"%s"}]}}' "$h" "$h")
	refuse --in=json -- 1 "EDNS options too long"
	IN=$(awk 'BEGIN { printf "{\"ID\":1,\"answerRRs\":["; for (i = 0; i < 65536; i++) printf "%s{}", (i ? "," : ""); print "]}" }')
	refuse --in=json -- 1 "too many records in a section"
}

@test "cov readers JSON messages: 1 and 0 stand for booleans; a bad unit after a good one" {
	# ID 0001, flags QR|AA 8400, QD AN NS 0, AR 1; then the OPT record:
	# root 00, type 0029, any udp size, ext-rcode 00, version 00,
	# flags 8000 (DO), rdlength 0000.
	run -0 dnstk-wire --in=json --format=hex <<<'{"ID":1,"QR":1,"AA":1,"RD":0,"EDNS":{"DO":1}}'
	[[ $output =~ ^000184000000000000000001000029....00008000""0000$ ]]
	IN=$(printf '%s\n%s' '{"ID":2}' '{"ID":3,"Opcode":99}')
	run --separate-stderr -2 dnstk-wire --in=json --format=hex <<<"$IN"
	[ "$output" = 000200000000000000000000 ]
	[ "$stderr" = "dnstk-wire: stdin:2: Opcode is not a number from 0 to 15" ]
}

H=';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7'
F=';; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0'
Q=';; QUESTION SECTION:'

@test "cov readers dig text: numeric opcodes and rcodes are read" {
	# flags 0xc80c: QR, opcode 9 (9 << 11 = 0x4800), rcode 12
	run -0 dnstk-wire --format=hex <<<"$(printf '%s\n' \
	    ';; ->>HEADER<<- opcode: OPCODE9, status: RCODE12, id: 7' "$F" \
	    "$Q" ';example. IN A')"
	[ "$output" = 0007c80c0001000000000000076578616d706c650000010001 ]
	# opcode 3 (0x1800) written RESERVED3
	run -0 dnstk-wire --format=hex <<<"$(printf '%s\n' \
	    ';; ->>HEADER<<- opcode: RESERVED3, status: NOERROR, id: 7' \
	    "$F" "$Q" ';example. CH TXT')"
	[ "$output" = 000798000001000000000000076578616d706c650000100003 ]
}

@test "cov readers dig text: bad flags, counts and questions are named" {
	IN=$(printf '%s\n' "$H" ';; flags: qr QUERY: 1' "$Q" ';example. IN A')
	refuse -- 2 "bad flags line"
	IN=$(printf '%s\n' "$H" ';; flags: qr; QUERY: x' "$Q" ';example. IN A')
	refuse -- 2 "bad counts on the flags line: 'QUERY: x'"
	IN=$(printf '%s\n' "$H" ';; flags: qr; QUERY: 1, QUERY: 1' "$Q" \
	    ';example. IN A')
	refuse -- 2 "bad counts on the flags line: 'QUERY: 1'"
	IN=$(printf '%s\n' "$H" ';; flags: qr; BOGUS: 1' "$Q" ';example. IN A')
	refuse -- 2 "bad counts on the flags line: 'BOGUS: 1'"
	IN=$(printf '%s\n' "$H" "$F" "$Q" ';example. XX A')
	refuse -- 4 "unknown class 'XX'"
	IN=$(printf '%s\n' "$H" "$F" "$Q" ';example. IN FOO')
	refuse -- 4 "unknown type 'FOO'"
	IN=$(printf '%s\n' "$H" "$F" "$Q" ';exa..mple. IN A')
	refuse -- 4 "bad question name 'exa..mple.'"
	IN=$(printf '%s\n' "$H" "$F" "$Q" ';example IN A')
	refuse -- 4 "question name 'example' is not fully qualified"
	IN=$(printf '%s\n' "$H" "$F" "$Q" ';example.')
	refuse -- 4 "question is not ';NAME [CLASS] TYPE'"
	IN=$(printf '%s\n' "$H" "$F" "$Q" ';example. IN A x')
	refuse -- 4 "question is not ';NAME [CLASS] TYPE'"
}

@test "cov readers dig text: bad OPT pseudosections are named" {
	local O=';; OPT PSEUDOSECTION:' E='; EDNS: version: 0, flags:; udp: 1232'
	IN=$(printf '%s\n' "$H" "$F" "$O" "$E" "$E" "$Q" ';example. IN A')
	refuse -- 5 "second OPT pseudosection"
	IN=$(printf '%s\n' "$H" "$F" "$O" '; EDNS: version: 0, flags: dox; udp: 1232' \
	    "$Q" ';example. IN A')
	refuse -- 4 "bad EDNS line"
	IN=$(printf '%s\n' "$H" "$F" "$O" '; EDNS: version: 0, flags:; MBZ: 0xfffff, udp: 1232' \
	    "$Q" ';example. IN A')
	refuse -- 4 "bad EDNS line"
	IN=$(printf '%s\n' "$H" "$F" "$O" '; COOKIE: 0102030405060708' "$Q" \
	    ';example. IN A')
	refuse -- 6 "EDNS options without an '; EDNS:' line"
	IN=$(printf '%s\n' "$H" "$F" "$O" "$E" "$Q" ';example. IN A')
	refuse -- 1 "the flags line says ADDITIONAL: 0, the section has 1"
}

@test "cov readers dig text: MBZ bits and DO are kept apart" {
	# OPT TTL: ext-rcode 0, version 0, flags = DO (0x8000) | MBZ 0x0004
	run -0 dnstk-wire --format=hex <<<"$(printf '%s\n' "$H" \
	    ';; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1' \
	    ';; OPT PSEUDOSECTION:' \
	    '; EDNS: version: 0, flags: do; MBZ: 0x0004, udp: 1232' \
	    "$Q" ';example. IN A')"
	# header 0007 8000 0001 0000 0000 0001, question, then OPT: 00 0029
	# 04d0 (1232) 00 00 8004 0000
	[ "$output" = 000780000001000000000001076578616d706c650000010001""00""0029""04d0""00""00""8004""0000 ]
}

@test "cov readers RFC 3597: generic rdata errors and TYPE0" {
	IN='a.example. 60 IN TYPE65000 \# 3 abcd'
	refuse --rr -- 1 "cannot parse record 'a.example.': RFC 3597 rdata length does not match its data"
	IN='a.example. 60 IN TYPE65000 \# x ab'
	refuse --rr -- 1 "cannot parse record 'a.example.': bad RFC 3597 rdata length"
	IN='a.example. 60 IN TYPE65000 \# 2 zzzz'
	refuse --rr -- 1 "cannot parse record 'a.example.': RFC 3597 rdata is not hex"
	IN='a.example. 60 IN TYPE0 1.2.3.4'
	refuse --rr -- 1 "cannot parse record 'a.example.': Syntax error, could not parse the RR's rdata"
	# TYPE0 in the generic form is fine: type 0000, class 1, ttl 60
	run -0 dnstk-wire --rr --format=hex <<<'a.example. 60 IN TYPE0 \# 1 ab'
	[ "$output" = 0161076578616d706c6500000000010000003c0001ab ]
	# ";" inside quotes or escaped is data, after a blank a comment
	run -0 dnstk-wire --rr --format=hex <<<'a.example. 60 IN TXT "a;b" ab\;c ; comment'
	[ "$output" = 0161076578616d706c6500001000010000003c0009""03613b62""0461623b63 ]
}
