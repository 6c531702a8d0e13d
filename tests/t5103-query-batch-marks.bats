#!/usr/bin/env bats
# Issue 12: a failed query in --batch leaves its mark at its place, so
# that output lines up with input: a JSON error object with -j, an empty
# line with --short and hex, the ";; NAME TYPE: error" line in text;
# --skip-failed leaves them out.  The exit status stays the worst.
# The double drops EDNS queries for drop1.test (one try: a timeout) and
# answers the others.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/dnsdouble
	double_start drop-named
	printf 'a.test\ndrop1.test\nbad..name\nc.test MX\n' >"$BATS_TEST_TMPDIR/list"
}

teardown() {
	double_stop
}

# bq ARGS...: the batch against the double, one try each.
bq() {
	dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.3 --tries=1 \
	    --batch="$BATS_TEST_TMPDIR/list" "$@"
}

@test "batch marks: --short gives an empty line per failed query" {
	run -3 bq --short
	bq --short >"$BATS_TEST_TMPDIR/got" 2>/dev/null || true
	printf '192.0.2.1\n\n\n' >"$BATS_TEST_TMPDIR/want"
	# c.test MX: the double has no MX, so an empty answer: no line at all
	test_cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	run -3 --separate-stderr bq --short --skip-failed
	assert_output '192.0.2.1'
	[[ $stderr == *"drop1.test A: no answer from 127.0.0.1#$DOUBLE_PORT: timed out"* ]]
	[[ $stderr == *"list:3: bad domain name"* ]]
}

@test "batch marks: -j gives an error object with the question at its place" {
	run -3 --separate-stderr bq -j
	[ "${#lines[@]}" -eq 4 ]
	run jq -c 'if .error then [.error, .query] else .questionRRs[0].NAME end' <<<"$output"
	assert_line --index 0 '"a.test."'
	assert_line --index 1 "[\"no answer from 127.0.0.1#$DOUBLE_PORT: timed out\",{\"NAME\":\"drop1.test.\",\"TYPE\":1,\"TYPEname\":\"A\",\"CLASS\":1,\"CLASSname\":\"IN\"}]"
	assert_line --index 2 "[\"$BATS_TEST_TMPDIR/list:3: bad domain name\",{\"text\":\"bad..name A\"}]"
	assert_line --index 3 '"c.test."'
	run -3 --separate-stderr bq -j --skip-failed
	[ "${#lines[@]}" -eq 2 ]
}

@test "batch marks: text has the ;; line at its place, hex an empty line" {
	run -3 --separate-stderr bq
	first=$(grep -n 'status: NOERROR' <<<"$output" | head -n 1 | cut -d: -f1)
	mark=$(grep -n "^;; drop1.test A: no answer from 127.0.0.1#$DOUBLE_PORT: timed out$" <<<"$output" | cut -d: -f1)
	bad=$(grep -n "^;; bad..name A: $BATS_TEST_TMPDIR/list:3: bad domain name" <<<"$output" | cut -d: -f1)
	last=$(grep -n 'c.test.	IN	MX' <<<"$output" | cut -d: -f1)
	[ "$first" -lt "$mark" ] && [ "$mark" -lt "$bad" ] && [ "$bad" -lt "$last" ]
	bq --format=hex >"$BATS_TEST_TMPDIR/hex" 2>/dev/null || true
	run awk '{ print ($0 == "" ? "-" : "msg") }' "$BATS_TEST_TMPDIR/hex"
	assert_output "$(printf 'msg\n-\n-\nmsg')"
}

@test "batch marks: a raw message that fails names its question" {
	printf ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 7\n;; flags: rd; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;drop1.test. IN TXT\n\n' >"$BATS_TEST_TMPDIR/q.txt"
	run -3 --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=0.3 --tries=1 --raw -j <"$BATS_TEST_TMPDIR/q.txt"
	run jq -c '.query' <<<"$output"
	assert_output '{"NAME":"drop1.test.","TYPE":16,"TYPEname":"TXT","CLASS":1,"CLASSname":"IN"}'
}
