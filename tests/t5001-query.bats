#!/usr/bin/env bats
# dnstk-query against a real NSD on 127.0.0.1: output forms, options,
# flags, EDNS options, TCP fallback on truncation, usage errors.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	nsd_start "$BATS_FILE_TMPDIR/nsd" example.test \
	    "$FIX/zones/example.test.zone"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
}

q() {
	dnstk-query @127.0.0.1 -p "$NSD_PORT" --timeout=2 "$@"
}

@test "query: text answer like dig, with server, protocol and size" {
	run --separate-stderr q www.example.test
	assert_success
	assert_line --regexp '^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: [0-9]+$'
	assert_line --regexp '^;; flags: qr aa rd; QUERY: 1, ANSWER: 1, '
	assert_line '; EDNS: version: 0, flags:; udp: 1232'
	assert_line ';www.example.test.	IN	A'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	assert_line "$(printf ';; SERVER: 127.0.0.1#%s(127.0.0.1) (UDP)' "$NSD_PORT")"
	assert_line --regexp '^;; Query time: [0-9]+ msec$'
	assert_line --regexp '^;; MSG SIZE  rcvd: [0-9]+$'
	[ -z "$stderr" ]
}

@test "query: text output reads back with dnstk-wire" {
	q www.example.test AAAA >"$BATS_TEST_TMPDIR/a.txt"
	run dnstk-wire "$BATS_TEST_TMPDIR/a.txt"
	assert_success
	assert_line 'www.example.test.	3600	IN	AAAA	2001:db8::1'
}

@test "query: --short prints only the rdata of the answer section" {
	run --separate-stderr q --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	run q --short example.test MX
	assert_output '10 mail.example.test.'
	run q --short alias.example.test
	assert_line 'www.example.test.'
	assert_line '192.0.2.1'
	run q --short txt.example.test TXT
	assert_output '"hello world"'
}

@test "query: -w prints the answer's exact wire bytes, one line" {
	run --separate-stderr q -w www.example.test
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	assert_output --regexp '^[0-9a-f]+$'
	run bash -c "echo '$output' | dnstk-wire"
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
}

@test "query: -j prints RFC 8427 JSON with the EDNS object" {
	run --separate-stderr q -j www.example.test
	assert_success
	run jq -r '[.RD, .QR, .EDNS.udpSize, .EDNS.version,
	    .answerRRs[0].rdataA] | @tsv' <<<"$output"
	assert_output "$(printf 'true\ttrue\t1232\t0\t192.0.2.1')"
}

@test "query: TYPE and CLASS in either order, CLASS before TYPE too" {
	run q --short www.example.test AAAA IN
	assert_output '2001:db8::1'
	run q --short www.example.test IN AAAA
	assert_output '2001:db8::1'
	run q --short www.example.test TYPE28
	assert_output '2001:db8::1'
}

@test "query: every query gets a fresh random ID" {
	ids=$(for i in 1 2 3 4; do q -j www.example.test | jq .ID; done | sort -u | wc -l)
	[ "$ids" -ge 3 ]
}

@test "query: --dnssec sets DO, --nsid gets the NSID, --cookie a server cookie" {
	run q --dnssec --nsid --cookie www.example.test
	assert_success
	assert_line --regexp '^; EDNS: version: 0, flags: do; udp: 1232$'
	assert_line --regexp '^; NSID: '
	assert_line --regexp '^; COOKIE: '
	run q -j --dnssec --nsid --cookie www.example.test
	run jq -r '[.EDNS.DO, (.EDNS.options[] | select(.code == 3) | .data),
	    (.EDNS.options[] | select(.code == 10) | .data | length)] | @tsv' \
	    <<<"$output"
	assert_output "$(printf 'true\t646e73746b2d74657374\t48')"
}

@test "query: --cookie=HEX sends that client cookie" {
	run q -j --cookie=0102030405060708 www.example.test
	assert_success
	run jq -r '.EDNS.options[] | select(.code == 10) | .data' <<<"$output"
	assert_output --regexp '^0102030405060708[0-9a-f]{32}$'
}

@test "query: --no-edns sends no OPT and NSD sends none back" {
	run q --no-edns www.example.test
	assert_success
	refute_line --partial 'OPT PSEUDOSECTION'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
}

@test "query: --edns-version=1 gets BADVERS and retries with version 0" {
	run --separate-stderr q --edns-version=1 www.example.test
	assert_success
	assert_line ';; BADVERS: the server speaks EDNS version 0, retrying with it'
	assert_line --partial 'status: NOERROR'
	# Issue 12: reported once, as a ;; line in text output.
	[[ $stderr != *"BADVERS"* ]]
	run --separate-stderr q -j --edns-version=1 www.example.test
	assert_success
	[ "$stderr" = "dnstk-query: BADVERS: the server speaks EDNS version 0, retrying with it" ]
}

@test "query: unknown and named EDNS options, --subnet and --padding are accepted" {
	run q --ednsopt=65001:cafe --ednsopt=65002 --ednsopt=EXPIRE \
	    --subnet=192.0.2.0/24 --padding --bufsize=100 www.example.test
	assert_success
	assert_line --partial 'status: NOERROR'
	run q --padding=64 --subnet=2001:db8::/32 --short www.example.test
	assert_output '192.0.2.1'
	run q --ednsopt=CLIENT-SUBNET:192.0.2.0/24 --ednsopt=nsid:  --short www.example.test
	assert_success
	assert_output '192.0.2.1'
}

@test "query: a truncated UDP answer is retried over TCP" {
	run --separate-stderr q big.example.test TXT
	assert_success
	assert_line ';; truncated answer over UDP, retrying over TCP'
	assert_line --regexp '^;; flags: qr aa rd; QUERY: 1, ANSWER: 60,'
	assert_line --regexp '^;; SERVER: .*\(TCP\)$'
	# Issue 12: reported once: a ;; line in text, stderr in the others.
	[ -z "$stderr" ]
	run --separate-stderr q --short big.example.test TXT
	assert_success
	[ "$stderr" = "dnstk-query: truncated answer over UDP, retrying over TCP" ]
	refute_output --partial 'retrying'
}

@test "query: --ignore-tc keeps the truncated answer" {
	run --separate-stderr q --ignore-tc big.example.test TXT
	assert_success
	assert_line --regexp '^;; flags: qr aa tc rd;'
	assert_line --regexp '^;; SERVER: .*\(UDP\)$'
	[ -z "$stderr" ]
}

@test "query: --tcp asks over TCP" {
	run q --tcp --short www.example.test
	assert_output '192.0.2.1'
	run q --tcp www.example.test
	assert_line --regexp '^;; SERVER: .*\(TCP\)$'
}

@test "query: -s and a host name work like @SERVER" {
	run dnstk-query -s localhost -4 -p "$NSD_PORT" --short www.example.test
	assert_success
	assert_output '192.0.2.1'
}

@test "query: the first nameserver of resolv.conf is the default" {
	printf '# test\nsearch example\nnameserver 127.0.0.1\nnameserver 192.0.2.53\n' \
	    >"$BATS_TEST_TMPDIR/resolv.conf"
	DNSTK_RESOLV_CONF=$BATS_TEST_TMPDIR/resolv.conf run dnstk-query \
	    -p "$NSD_PORT" --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	printf '# none\n' >"$BATS_TEST_TMPDIR/empty.conf"
	DNSTK_RESOLV_CONF=$BATS_TEST_TMPDIR/empty.conf run --separate-stderr \
	    dnstk-query www.example.test
	assert_failure 3
	[[ $stderr == *"names no usable nameserver"* ]]
}

@test "query: raw queries are sent verbatim and answered" {
	run bash -c "printf ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4711\n;; flags: rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n;; QUESTION SECTION:\n;www.example.test. IN AAAA\n\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4712\n;; flags: ; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n;; QUESTION SECTION:\n;mail.example.test. IN A\n\n' |
	    dnstk-wire -w | dnstk-query @127.0.0.1 -p $NSD_PORT --raw -j |
	    jq -r '[.ID, .RD, .answerRRs[0].RDATAHEX] | @tsv'"
	assert_success
	assert_line --index 0 "$(printf '4711\ttrue\t20010db8000000000000000000000001')"
	assert_line --index 1 "$(printf '4712\tfalse\tc0000219')"
}

@test "query: bad options and operands exit 2 with a message" {
	run --separate-stderr dnstk-query --no-edns --dnssec @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--no-edns conflicts with EDNS options"* ]]
	run --separate-stderr dnstk-query --ednsopt=zz @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--ednsopt: 'zz': unknown EDNS option name"* ]]
	run --separate-stderr dnstk-query --ednsopt=5:abc @127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query --subnet=300.1.1.1/8 @127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query --cookie=abcd @127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query --bufsize=70000 @127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query --timeout=0 @127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query @127.0.0.1 x.test NOSUCHTYPE
	assert_failure 2
	[[ $stderr == *"unknown type"* ]]
	run --separate-stderr dnstk-query @127.0.0.1
	assert_failure 2
	[[ $stderr == *"no NAME given"* ]]
	run --separate-stderr dnstk-query --raw @127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query --in=hex @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--in applies only to --raw"* ]]
	run --separate-stderr dnstk-query -4 @::1 x.test
	assert_failure 2
	[[ $stderr == *"is not an IPv4 address"* ]]
	[ -z "$output" ]
}

@test "query: no server listening is reported as refused (exit 3)" {
	load helpers/servers
	port=$(free_port)
	run --separate-stderr dnstk-query @127.0.0.1 -p "$port" www.example.test
	assert_failure 3
	[ "$stderr" = "dnstk-query: query to 127.0.0.1#$port failed: Connection refused" ]
	run --separate-stderr dnstk-edns-probe @127.0.0.1 -p "$port" example.test
	assert_failure 3
	assert_line "dns: query to 127.0.0.1#$port failed: Connection refused"
	[[ $stderr == *"no answer from 127.0.0.1#$port to any test"* ]]
}

@test "query: control bytes in option values are \\DDD in messages" {
	run --separate-stderr dnstk-query --ednsopt=$'\033[2J' @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--ednsopt: '\\027[2J': unknown EDNS option name"* ]]
	run --separate-stderr dnstk-query --port=$'1\033' @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--port: '1\\027' is not a number (1-65535)"* ]]
	[[ $stderr != *$'\033'* ]]
}

@test "query: -s twice is an error, as @SERVER twice is (issue 12)" {
	run --separate-stderr dnstk-query -s 127.0.0.1 -s 127.0.0.2 x.test
	assert_failure 2
	[[ $stderr == "dnstk-query: --server: given more than once"* ]] ||
	    fail "$stderr"
	run --separate-stderr dnstk-query --server=127.0.0.1 -s 127.0.0.1 x.test
	assert_failure 2
	run --separate-stderr dnstk-query @127.0.0.1 @127.0.0.2 x.test
	assert_failure 2
	[[ $stderr == *"more than one server given"* ]]
	run --separate-stderr dnstk-query -s 127.0.0.1 @127.0.0.2 x.test
	assert_failure 2
	[[ $stderr == *"more than one server given"* ]]
	[ -z "$output" ]
}

@test "query: bound options keep their ranges and messages" {
	run --separate-stderr dnstk-query --timeout=$'1\033' @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == "dnstk-query: --timeout: '1\\027': "* ]] || fail "$stderr"
	run --separate-stderr dnstk-query --sockets=1025 @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == "dnstk-query: --sockets: '1025' is too large (0-1024)"* ]]
	run --separate-stderr dnstk-query --short -w @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--short conflicts with --format, -w and -j"* ]]
	run --separate-stderr dnstk-query --short --format=text @127.0.0.1 x.test
	assert_failure 2
}
