#!/usr/bin/env bats
# Readers never guess and never cut (issue 13, items 3, 4, 5, 8, 9): each
# case is a clean "dnstk-wire: SOURCE:LINE: ..." and exit 2, or, where
# the input is legal, read in full as the RFC says.

setup() {
	load helpers/common
	H=';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1'
	export H
}

# bad_rr TEXT EXPECTED: a bad record unit on stdin (printf format), line 1.
bad_rr() {
	run --separate-stderr bash -c "printf '$1' | dnstk-wire --rr"
	[ "$status" -eq 2 ] || fail "exit $status for $1: $output"
	[ "$stderr" = "dnstk-wire: stdin:${3:-1}: $2" ] ||
	    fail "for $1: stderr was: $stderr"
	[ -z "$output" ] || fail "for $1: output: $output"
}

# bad_msg TEXT EXPECTED LINE: a bad message on stdin (printf format).
bad_msg() {
	run --separate-stderr bash -c "printf '%s\n$1' \"\$H\" | dnstk-wire"
	[ "$status" -eq 2 ] || fail "exit $status for $1: $output"
	[ "$stderr" = "dnstk-wire: stdin:$3: $2" ] ||
	    fail "for $1: stderr was: $stderr"
}

@test "long TXT rdata is read in full, not cut at 65,535 characters" {
	# 20,000 strings of one byte: 40,000 bytes of rdata, 80,000 characters.
	perl -e 'print "t. 1 IN TXT", " \"a\"" x 20000, "\n"' > "$BATS_TEST_TMPDIR/txt"
	run --separate-stderr dnstk-wire --rr -w "$BATS_TEST_TMPDIR/txt"
	assert_success
	# owner (3) + type, class, TTL, RDLENGTH (10) + 20,000 x 2 bytes
	[ "${#output}" -eq $(( 2 * (3 + 10 + 40000) )) ] ||
	    fail "hex of ${#output} characters"
	[ "$(dnstk-wire --rr "$BATS_TEST_TMPDIR/txt" | grep -o '"a"' | wc -l)" -eq 20000 ]
}

@test "a legal 65,535-byte message with a big TXT reads back from text whole" {
	# header + answer t. TXT: 255 strings of 255 'x' and one of 229 'y'.
	perl -e '
	    my $rd = ("\xff" . "x" x 255) x 255 . ("\xe5" . "y" x 229);
	    my $m = pack("n6", 1, 0x8400, 0, 1, 0, 0) . "\x01t\x00" .
	        pack("nnNn", 16, 1, 60, length $rd) . $rd;
	    die length $m if length $m != 65535;
	    print unpack("H*", $m), "\n";' > "$BATS_TEST_TMPDIR/big.hex"
	run --separate-stderr bash -c "dnstk-wire '$BATS_TEST_TMPDIR/big.hex' | dnstk-wire -w"
	assert_success
	[ "$output" = "$(cat "$BATS_TEST_TMPDIR/big.hex")" ] ||
	    fail "the message changed on its way through text"
}

@test "rdata too long to read is refused, never truncated" {
	# 300 strings of 255 bytes: 76,800 bytes cannot be one record.
	perl -e 'print "t. 1 IN TXT", (" \"" . "x" x 255 . "\"") x 300, "\n"' \
	    > "$BATS_TEST_TMPDIR/long"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/long"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/long:1: rdata too long" ]
	[ -z "$output" ]
	# Past ldns's 65,535-character buffer in a type it reads itself.
	perl -e 'print "s. 1 IN SSHFP 1 1 ", "ab" x 40000, "\n"' > "$BATS_TEST_TMPDIR/sshfp"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/sshfp"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $BATS_TEST_TMPDIR/sshfp:1: rdata too long" ]
}

@test "a ( ... ) entry is bounded in memory" {
	perl -e 'print "a. 1 IN TXT (\n"; print "\"", "a" x 200, "\"\n" for 1..6000' \
	    > "$BATS_TEST_TMPDIR/open"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/open"
	assert_failure 2
	[[ $stderr == "dnstk-wire: $BATS_TEST_TMPDIR/open:"*": record longer than 1048576 bytes" ]] ||
	    fail "stderr was: $stderr"
}

@test "RFC 3597 data that does not fit the type is refused, not cut" {
	f=$BATS_TEST_TMPDIR/g
	printf 'b. 1 IN A \\# 5 0102030405\n' > "$f"
	run --separate-stderr dnstk-wire --rr "$f"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $f:1: cannot parse record 'b.': rdata is not valid for the type" ]
	printf 'b. 1 IN A \\# 4 010203\n' > "$f"
	run --separate-stderr dnstk-wire --rr "$f"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: $f:1: cannot parse record 'b.': RFC 3597 rdata length does not match its data" ]
	printf 'n. 1 IN NULL \\# 3 abcdef\n' > "$f"
	run dnstk-wire --rr -w "$f"
	assert_success
	assert_output "016e00000a0001000000010003abcdef"
}

@test "JSON records are built from their members, never pasted into a line" {
	run --separate-stderr bash -c "echo '{\"NAME\":\"a.example. 300 IN MX 10 evil. ;\",\"TYPE\":1,\"CLASS\":1,\"TTL\":1,\"rdataA\":\"1.2.3.4\"}' | dnstk-wire --rr"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:1: NAME is not a domain name" ]
	[ -z "$output" ]
	# A ';' outside quotes in rdata would drop the rest.
	run --separate-stderr bash -c "echo '{\"NAME\":\"a.\",\"TYPE\":16,\"TTL\":1,\"rdataTXT\":\"\\\"a\\\" ; \\\"b\\\"\"}' | dnstk-wire --rr"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:1: rdata is not valid for the TYPE" ]
	# Inside quotes it is data.
	run bash -c "echo '{\"NAME\":\"a.\",\"TYPE\":16,\"TTL\":1,\"rdataTXT\":\"\\\"a;\\\" \\\"b\\\"\"}' | dnstk-wire --rr"
	assert_success
	assert_output 'a.	1	IN	TXT	"a;" "b"'
}

@test "JSON: duplicate members, RDATAHEX against rdata, counts" {
	for case in \
	    '{"NAME":"a.","TYPE":1,"TTL":1,"TTL":2,"rdataA":"1.2.3.4"}' \
	    'a JSON object has a member twice' \
	    '{"NAME":"a.","TYPE":1,"TTL":1,"rdataA":"1.2.3.4","RDATAHEX":"01020305"}' \
	    'RDATAHEX and rdata disagree' \
	    '{"NAME":"a.","TYPE":1,"TTL":1,"RDLENGTH":5,"RDATAHEX":"01020304"}' \
	    'RDLENGTH does not match the rdata'; do
		if [ -z "${bad+x}" ]; then bad=$case; continue; fi
		run --separate-stderr bash -c "echo '$bad' | dnstk-wire --rr"
		[ "$status" -eq 2 ] || fail "exit $status for $bad"
		[ "$stderr" = "dnstk-wire: stdin:1: $case" ] || fail "for $bad: $stderr"
		unset bad
	done
	for case in \
	    '{"ID":1,"ID":2}' 'a JSON object has a member twice' \
	    '{"ID":1,"QDCOUNT":2,"questionRRs":[{"NAME":"a.","TYPE":1,"CLASS":1}]}' \
	    'QDCOUNT does not match the question section' \
	    '{"ID":1,"ARCOUNT":0,"EDNS":{"udpSize":512}}' \
	    'ARCOUNT does not match the additional section'; do
		if [ -z "${bad+x}" ]; then bad=$case; continue; fi
		run --separate-stderr bash -c "echo '$bad' | dnstk-wire"
		[ "$status" -eq 2 ] || fail "exit $status for $bad"
		[ "$stderr" = "dnstk-wire: stdin:1: $case" ] || fail "for $bad: $stderr"
		unset bad
	done
	# Counts that agree (OPT counts in ARCOUNT) are fine.
	run bash -c "echo '{\"ID\":1,\"ARCOUNT\":1,\"EDNS\":{\"udpSize\":512}}' | dnstk-wire -w"
	assert_success
}

@test "master files: unknown words, TTLs out of range, a missing owner" {
	bad_rr 'hello world\n' "unknown record type 'world'"
	bad_rr 'a.example. 99999999999999999 IN A 1.2.3.4\n' "bad TTL '99999999999999999'"
	bad_rr 'a.example. 4294967296 IN A 1.2.3.4\n' "bad TTL '4294967296'"
	bad_rr 'a.example. 30x IN A 1.2.3.4\n' "bad TTL '30x'"
	bad_rr '$TTL 99999999999\na. IN A 1.2.3.4\n' "bad \$TTL '99999999999'"
	bad_rr '$TTL -1\na. IN A 1.2.3.4\n' "bad \$TTL '-1'"
	bad_rr ' 300 IN A 1.2.3.4\n' "no owner name on the first record"
}

@test "RFC 2308 TTL units are legal, and 4294967295 is the largest TTL" {
	run bash -c 'printf "a. 1h30m IN A 1.2.3.4\n\$TTL 1W2d\nb. IN A 1.2.3.4\nc. 4294967295 IN A 1.2.3.4\n" | dnstk-wire --rr'
	assert_success
	assert_output "a.	5400	IN	A	1.2.3.4
b.	777600	IN	A	1.2.3.4
c.	4294967295	IN	A	1.2.3.4"
}

@test "message blocks: no header, \$INCLUDE, a second OPT, counts" {
	bad_msg ';; flags: qr; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n;; QUESTION SECTION:\n;a. IN A\n;; ANSWER SECTION:\na. 1 IN A 1.2.3.4\n\n;; ANSWER SECTION:\nb. 1 IN A 1.2.3.4\n' \
	    "message block without a ';; ->>HEADER<<-' line" 8
	bad_msg ';; ANSWER SECTION:\n$INCLUDE /etc/passwd\n' \
	    "directive '\$INCLUDE /etc/passwd' inside a message block" 3
	bad_msg ';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 512\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n' \
	    "second OPT pseudosection" 4
	bad_msg ';; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n;; QUESTION SECTION:\n;a. IN A\n;; ANSWER SECTION:\na. 1 IN A 1.2.3.4\n' \
	    "the flags line says ANSWER: 0, the section has 1" 1
	bad_msg ';; ANSWER SECTION:\nhello world\n' "unknown record type 'world'" 3
}

@test "forward compression pointers are refused" {
	# The question name points at the answer's owner, which follows it.
	run --separate-stderr bash -c 'echo 000100000001000100000000c012000100010161000001000100000001000401020304 | dnstk-wire'
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:1: bad record 1 of the QUESTION section at offset 12: compression pointer points forward" ]
	# The same message with the pointer turned around reads.
	run bash -c 'echo 00010000000100010000000001610000010001c00c0001000100000001000401020304 | dnstk-wire'
	assert_success
}

@test "control bytes from input are quoted as \\DDD in messages" {
	run --separate-stderr bash -c "printf 'a. 1 IN \\033[31mX 1\n' | dnstk-wire --rr"
	assert_failure 2
	[ "$stderr" = "dnstk-wire: stdin:1: unknown record type '\\027[31mX'" ]
	run --separate-stderr bash -c "printf '\$ORIGIN \\033x\n' | dnstk-wire --rr"
	[ "$stderr" = "dnstk-wire: stdin:1: \$ORIGIN '\\027x' is not an absolute name" ]
	run --separate-stderr bash -c "printf '%s\n;; flags: qr \\033; QUERY: 0\n' \"\$H\" | dnstk-wire"
	[ "$stderr" = "dnstk-wire: stdin:2: unknown flag '\\027'" ]
}

@test "messages say once what is wrong: a long label, a class twice" {
	l=$(printf 'a%.0s' $(seq 1 64))
	bad_rr "$l.example. 300 IN A 1.2.3.4\n" \
	    "label longer than 63 octets in '$l.example.'"
	bad_rr 'a.example IN IN\n' "class 'IN' given twice"
}

@test "a TXT of 65,000 empty strings reads in bounded memory" {
	# ldns_wire2rr gives each field a buffer of the whole rdata: 65,000 x
	# 65,000 bytes.  Under a 512 MB address-space limit it must still read.
	if grep -q __asan_init "$(command -v dnstk-wire)"; then
		skip "address-space limits do not mix with ASan"
	fi
	perl -e 'my $rd = "\x00" x 65000;
	    print unpack("H*", pack("n6", 1, 0x8400, 0, 1, 0, 0) . "\x01t\x00" .
	        pack("nnNn", 16, 1, 60, length $rd) . $rd), "\n"' > "$BATS_TEST_TMPDIR/e.hex"
	run --separate-stderr bash -c "ulimit -v 524288; dnstk-wire '$BATS_TEST_TMPDIR/e.hex'"
	assert_success
	[ "$(printf '%s\n' "$output" | grep -o '""' | wc -l)" -eq 65000 ]
}

@test "JSON rdata<TYPE> never disagrees with RDATAHEX, so it reads back" {
	# An SVCB whose key4097 value ldns prints in a form it reads back as
	# other bytes: the text form is RFC 3597, and JSON carries RDATAHEX
	# only (RFC 8427 makes rdata<TYPE> optional).
	j='{"NAME":"svc.example.","TYPE":64,"CLASS":1,"TTL":300,"RDATAHEX":"000100100100060268320268330003000220fb"}'
	run bash -c "echo '$j' | dnstk-wire --rr -j"
	assert_success
	refute_output --partial '"rdataSVCB"'
	assert_output --partial '"RDATAHEX":"000100100100060268320268330003000220fb"'
	run bash -c "echo '$j' | dnstk-wire --rr -j | dnstk-wire --rr -w"
	assert_success
	assert_output 03737663076578616d706c6500004000010000012c0013000100100100060268320268330003000220fb
}
