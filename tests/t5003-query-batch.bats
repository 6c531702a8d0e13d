#!/usr/bin/env bats
# dnstk-query --batch: many queries in flight, output in input order,
# failures do not stop the rest, the worst outcome is the exit status,
# and what is learned about a server is reused.

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
	load helpers/dnsdouble
}

teardown() {
	double_stop
}

@test "batch: answers come in input order whatever the concurrency" {
	{
		for i in $(seq 1 50); do
			echo "www.example.test"
			echo "www.example.test AAAA"
			echo "# a comment"
			echo ""
			echo "example.test MX IN"
			echo "txt.example.test TXT"
		done
	} >"$BATS_TEST_TMPDIR/list"
	for i in $(seq 1 50); do
		printf '192.0.2.1\n2001:db8::1\n10 mail.example.test.\n"hello world"\n'
	done >"$BATS_TEST_TMPDIR/expect"
	for c in 1 7 64; do
		dnstk-query @127.0.0.1 -p "$NSD_PORT" --short --concurrency=$c \
		    --batch="$BATS_TEST_TMPDIR/list" >"$BATS_TEST_TMPDIR/actual"
		test_cmp "$BATS_TEST_TMPDIR/expect" "$BATS_TEST_TMPDIR/actual"
	done
}

@test "batch: - reads the list from stdin; JSON output has one line each" {
	run bash -c "printf 'www.example.test\nmail.example.test\n' |
	    dnstk-query @127.0.0.1 -p $NSD_PORT --batch=- -j | jq -r '.answerRRs[0].rdataA'"
	assert_success
	assert_output "$(printf '192.0.2.1\n192.0.2.25')"
}

@test "batch: a bad line is reported with its place, the rest answered, exit 2" {
	printf 'www.example.test\nbad..name\nmail.example.test\nx.test NOSUCHTYPE\n' \
	    >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" --short \
	    --skip-failed --batch="$BATS_TEST_TMPDIR/list"
	assert_failure 2
	assert_output "$(printf '192.0.2.1\n192.0.2.25')"
	[[ $stderr == *"dnstk-query: $BATS_TEST_TMPDIR/list:2: bad domain name"* ]]
	[[ $stderr == *"dnstk-query: $BATS_TEST_TMPDIR/list:4: unknown type"* ]]
}

@test "batch: timeouts do not stop the rest; exit 3 is the worst outcome" {
	double_start drop-all
	printf 'a.test\nb.test\nbad..name\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=0.2 --tries=1 --no-edns --batch="$BATS_TEST_TMPDIR/list"
	assert_failure 3
	[[ $stderr == *"a.test A: no answer from 127.0.0.1#$DOUBLE_PORT: timed out"* ]]
	[[ $stderr == *"b.test A: no answer from"* ]]
	[[ $stderr == *"list:3: bad domain name"* ]]
	assert_line ";; a.test A: no answer from 127.0.0.1#$DOUBLE_PORT: timed out"
}

@test "batch: EDNS support learned from one query is reused for the next" {
	double_start drop-edns
	printf 'a.test\nb.test\nc.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=0.2 --tries=3 --concurrency=1 --short \
	    --batch="$BATS_TEST_TMPDIR/list"
	assert_success
	assert_output "$(printf '192.0.2.1\n192.0.2.1\n192.0.2.1')"
	[ "$(grep -c 'retrying without EDNS' <<<"$stderr")" -eq 1 ]
	[[ $stderr == *"a.test A: no answer to EDNS query, retrying without EDNS"* ]]
}

@test "batch: the payload size learned is reused" {
	double_start drop-big
	printf 'a.test\nb.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=0.2 --tries=3 --concurrency=1 -j \
	    --batch="$BATS_TEST_TMPDIR/list"
	assert_success
	[ "$(grep -c 'retrying with 512' <<<"$stderr")" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "batch: raw mode answers every message in order" {
	for id in 11 12 13; do
		printf ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: %s\n;; flags: rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0\n;; QUESTION SECTION:\n;www.example.test. IN A\n\n' $id
	done >"$BATS_TEST_TMPDIR/q.txt"
	run bash -c "dnstk-query @127.0.0.1 -p $NSD_PORT --raw --concurrency=3 -j \
	    <'$BATS_TEST_TMPDIR/q.txt' | jq .ID"
	assert_success
	assert_output "$(printf '11\n12\n13')"
}

@test "batch: raw mode stops at bad input with its place, exit 2" {
	printf '0001\nzz\n' >"$BATS_TEST_TMPDIR/q.hex"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" --raw \
	    <"$BATS_TEST_TMPDIR/q.hex"
	assert_failure 2
	[[ $stderr == *"dnstk-query: stdin:"* ]]
}

@test "batch: a directory is a read error, not an empty batch" {
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" \
	    --batch="$BATS_TEST_TMPDIR"
	assert_failure 3
	[ "$stderr" = "dnstk-query: cannot read '$BATS_TEST_TMPDIR': Is a directory" ]
}

@test "batch: long lines, NUL bytes and binary garbage are refused with their place" {
	{
		echo www.example.test
		printf 'a%.0s' $(seq 1 3000); echo
		printf 'www.exa\0mple.test\n'
		printf '\001\002\377\033[2J\n'
		echo mail.example.test
	} >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$NSD_PORT" --short \
	    --skip-failed --batch="$BATS_TEST_TMPDIR/list"
	assert_failure 2
	assert_output "$(printf '192.0.2.1\n192.0.2.25')"
	[[ $stderr == *"list:2: line too long (over 2048 bytes)"* ]]
	[[ $stderr == *"list:3: NUL byte in the line"* ]]
	[[ $stderr == *"list:4: control byte in the line (not text)"* ]]
	[[ $stderr != *$'\033'* ]]
}

@test "batch: EDNS lost for one query is not learned while EDNS answers come" {
	# Issue 13.6: drop1.test's EDNS queries are lost, the others answered.
	double_start drop-named
	printf 'a.test\ndrop1.test\nc.test\nd.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=0.2 --tries=3 --concurrency=1 -j \
	    --batch="$BATS_TEST_TMPDIR/list"
	assert_success
	run jq -c '.EDNS != null' <<<"$output"
	assert_output "$(printf 'true\nfalse\ntrue\ntrue')"
}

@test "batch: no EDNS learned from FORMERR is reported once" {
	double_start formerr-edns
	printf 'a.test\nb.test\nc.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --concurrency=1 --short --batch="$BATS_TEST_TMPDIR/list"
	assert_success
	[ "$(grep -c 'FORMERR to an EDNS query, retrying' <<<"$stderr")" -eq 1 ]
	[ "$(grep -c 'sending the next queries without EDNS' <<<"$stderr")" -eq 1 ]
	[[ $stderr == *"a.test A: 127.0.0.1#$DOUBLE_PORT answered FORMERR to EDNS"* ]]
}

@test "batch: --concurrency above the open-file limit waits for descriptors" {
	for i in $(seq 1 300); do echo www.example.test; done \
	    >"$BATS_TEST_TMPDIR/list"
	for s in "" --sockets=0 --sockets=4; do
		run --separate-stderr bash -c "ulimit -n 48 && dnstk-query \
		    @127.0.0.1 -p $NSD_PORT --short --concurrency=1000 $s \
		    --batch='$BATS_TEST_TMPDIR/list'"
		assert_success
		[ "${#lines[@]}" -eq 300 ]
		[ -z "$stderr" ]
	done
}

@test "batch: a failed write is reported once" {
	[ -w /dev/full ] || skip "no /dev/full"
	for i in $(seq 1 400); do echo www.example.test; done \
	    >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr bash -c "dnstk-query @127.0.0.1 -p $NSD_PORT \
	    --batch='$BATS_TEST_TMPDIR/list' >/dev/full"
	assert_failure 3
	[ "$(grep -c 'cannot write output' <<<"$stderr")" -eq 1 ]
}

@test "batch: no server listening is refused at once on pooled sockets too" {
	load helpers/servers
	port=$(free_port)
	printf 'a.test\nb.test\nc.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dnstk-query @127.0.0.1 -p "$port" --sockets=2 \
	    --timeout=30 --short --batch="$BATS_TEST_TMPDIR/list"
	assert_failure 3
	[ "$(grep -c 'failed: Connection refused' <<<"$stderr")" -eq 3 ]
}
