#!/usr/bin/env bats
# dnstk-query against the dnsdouble responder: each fallback of RFC 6891
# (TCP on TC, payload 512, no EDNS), each kind of dropped answer, and
# answers no real server gives.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/dnsdouble
}

teardown() {
	double_stop
}

# dq ARGS...: query the double with short timeouts and dig's 3 tries
# (each timeout takes the next fallback step: 1232, 512, no EDNS).
dq() {
	dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.5 --tries=3 "$@"
}

@test "fallbacks: a compliant double answers without any fallback" {
	double_start ""
	run --separate-stderr dq www.example.test
	assert_success
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	refute_line --regexp '^;; (no|trunc|FORMERR|DROPPED)'
	[ -z "$stderr" ]
}

@test "fallbacks: query flags RD, CD, AD go out as asked" {
	double_start ""
	run dq -j --cd www.example.test
	run jq -r '[.RD, .CD] | @tsv' <<<"$output"
	assert_output "$(printf 'true\ttrue')"
	run dq -j --no-rd www.example.test
	run jq -r '[.RD, .CD] | @tsv' <<<"$output"
	assert_output "$(printf 'false\tfalse')"
}

@test "fallbacks: no answer with a large payload retries with 512" {
	double_start drop-big
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; no answer to EDNS query with payload 1232, retrying with 512'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	assert_line --partial 'OPT PSEUDOSECTION'
	# Issue 12: each fallback is reported once: a ;; line in text ...
	[ -z "$stderr" ]
	# ... and on stderr in the other forms.
	run --separate-stderr dq -j www.example.test
	assert_success
	[ "$stderr" = "dnstk-query: no answer to EDNS query with payload 1232, retrying with 512" ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "fallbacks: a server dropping EDNS queries gets one without EDNS" {
	double_start drop-edns
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; no answer to EDNS query with payload 1232, retrying with 512'
	assert_line ';; no answer to EDNS query, retrying without EDNS'
	refute_line --partial 'OPT PSEUDOSECTION'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	[ -z "$stderr" ]
	run --separate-stderr dq --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	[ "$stderr" = "$(printf '%s\n%s' \
	    'dnstk-query: no answer to EDNS query with payload 1232, retrying with 512' \
	    'dnstk-query: no answer to EDNS query, retrying without EDNS')" ]
}

@test "fallbacks: with DO set, no answer is reported, not retried without EDNS" {
	double_start drop-edns
	run --separate-stderr dq --dnssec www.example.test
	assert_failure 3
	refute_line ';; no answer to EDNS query, retrying without EDNS'
	assert_line ';; no answer to EDNS query with DO set: not retrying without EDNS'
	[[ $stderr != *"not retrying"* ]]
	[[ $stderr == *"timed out"* ]]
}

@test "fallbacks: FORMERR to EDNS is retried without EDNS" {
	double_start formerr-edns
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; FORMERR to an EDNS query, retrying without EDNS'
	assert_line --partial 'status: NOERROR'
	[ -z "$stderr" ]
	run --separate-stderr dq --format=hex www.example.test
	assert_success
	[ "$stderr" = "dnstk-query: FORMERR to an EDNS query, retrying without EDNS" ]
}

@test "fallbacks: NOTIMP to EDNS is retried without EDNS" {
	double_start notimp-edns
	run --separate-stderr dq --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	[[ $stderr == *"NOTIMP to an EDNS query, retrying without EDNS"* ]]
}

@test "fallbacks: FORMERR with DO set is reported and printed, not retried" {
	double_start formerr-edns
	run --separate-stderr dq --dnssec www.example.test
	assert_success
	assert_line ';; FORMERR to an EDNS query with DO set: not retrying without EDNS'
	assert_line --partial 'status: FORMERR'
}

@test "fallbacks: TC=1 over UDP is retried over TCP" {
	double_start always-tc
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; truncated answer over UDP, retrying over TCP'
	assert_line --regexp '^;; SERVER: .*\(TCP\)$'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
}

@test "fallbacks: --ignore-tc prints the truncated answer" {
	double_start always-tc
	run --separate-stderr dq --ignore-tc www.example.test
	assert_success
	assert_line --regexp '^;; flags: qr aa tc rd;'
	refute_line --partial 'retrying over TCP'
}

@test "fallbacks: TC and no TCP listener is a network error" {
	double_start always-tc,no-tcp
	run --separate-stderr dq www.example.test
	assert_failure 3
	[[ $stderr == *"TCP to 127.0.0.1#$DOUBLE_PORT failed"* ]]
}

@test "matching: an answer with a wrong ID is dropped and counted" {
	double_start wrong-id
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; DROPPED: 1 unexpected packet (wrong source 0, wrong ID 1, wrong question 0, not a response 0)'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
	[[ $stderr == *"dropped 1 unexpected packet (wrong source 0, wrong ID 1,"* ]]
}

@test "matching: over TCP too, an answer with a wrong ID is dropped" {
	double_start wrong-id
	run --separate-stderr dq --tcp --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	[[ $stderr == *"dropped 1 unexpected packet (wrong source 0, wrong ID 1,"* ]]
}

@test "matching: an answer for another question is dropped and counted" {
	double_start wrong-question
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; DROPPED: 1 unexpected packet (wrong source 0, wrong ID 0, wrong question 1, not a response 0)'
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
}

@test "matching: an answer from another port is dropped and counted" {
	double_start wrong-source
	run --separate-stderr dq -j www.example.test
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	[[ $stderr == *"dropped 1 unexpected packet (wrong source 1, wrong ID 0,"* ]]
}

@test "matching: a packet with QR clear is dropped and counted" {
	double_start not-response
	run --separate-stderr dq --short www.example.test
	assert_success
	assert_output '192.0.2.1'
	[[ $stderr == *"dropped 1 unexpected packet (wrong source 0, wrong ID 0, wrong question 0, not a response 1)"* ]]
}

@test "matching: only wrong answers means no answer (exit 3)" {
	double_start only-wrong-id
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=0.5 --tries=1 --no-edns www.example.test
	assert_failure 3
	[[ $stderr == *"dropped 1 unexpected packet (wrong source 0, wrong ID 1,"* ]]
	[[ $stderr == *"no answer from 127.0.0.1#$DOUBLE_PORT: timed out"* ]]
}

@test "matching: a name in other case still matches (no 0x20 needed)" {
	double_start ""
	run dq --short WWW.Example.TEST
	assert_success
	assert_output '192.0.2.1'
}

@test "answers: BADVERS to version 0 is printed as it is" {
	double_start badvers
	run --separate-stderr dq www.example.test
	assert_success
	assert_line --partial 'status: BADVERS'
	refute_line --partial 'retrying'
}

@test "answers: EDNS violations such as two OPT records are reported" {
	double_start two-opt
	run --separate-stderr dq www.example.test
	assert_success
	assert_line ';; answer violates multiple-opt: 2 OPT records (RFC 6891 §6.1.1)'
	[ -z "$stderr" ]
	run --separate-stderr dq -j www.example.test
	assert_success
	[[ $stderr == *"dnstk-query: answer violates multiple-opt: 2 OPT records"* ]]
}

@test "answers: a malformed answer fails, but -w still shows its bytes" {
	double_start malformed
	run --separate-stderr dq --no-edns www.example.test
	assert_failure 3
	[[ $stderr == *"dnstk-query: malformed answer: "* ]]
	run --separate-stderr dq --no-edns -w www.example.test
	assert_success
	assert_output --regexp '^[0-9a-f]+$'
	[[ $stderr == *"dnstk-query: malformed answer: "* ]]
	printf 'a.test\nb.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dq --no-edns --batch="$BATS_TEST_TMPDIR/list"
	assert_failure 3
	[[ $stderr == *"dnstk-query: b.test A: malformed answer: "* ]]
}

@test "answers: SOA and NODATA answers of the double" {
	double_start ""
	run dq --short example.test SOA
	assert_output 'ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300'
	run dq example.test TYPE666
	assert_success
	assert_line --regexp '^;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1,'
}

@test "ipv6: queries to ::1 over UDP and, after TC, TCP" {
	double_start always-tc --ipv6
	run --separate-stderr dnstk-query @::1 -p "$DOUBLE_PORT" --timeout=2 www.example.test
	assert_success
	assert_line "$(printf ';; SERVER: ::1#%s(::1) (TCP)' "$DOUBLE_PORT")"
	run dnstk-query -6 -s '[::1]' -p "$DOUBLE_PORT" --ignore-tc www.example.test
	assert_success
	assert_line --regexp '^;; SERVER: .*\(UDP\)$'
}

@test "answers: a record the renderer cannot print does not vanish with exit 0" {
	# Issue 13.2: an HTTPS record whose SvcParam runs past its rdata.
	# Either it is printed (RFC 3597 form) or the query fails, loudly.
	double_start bad-svcb
	for form in "" -j --short; do
		run --separate-stderr dq $form www.example.test
		if [ "$status" -eq 0 ]; then
			[[ $output == *HTTPS* || $output == *TYPE65* ||
			    $output == *'\#'* ]]
		else
			[[ $stderr == *"cannot print the answer"* ]]
		fi
	done
}

@test "escapes: control bytes of a name are \\DDD in ;; lines and on stderr" {
	double_start drop-all
	run --separate-stderr dq --no-edns $'a\033[2Jb.test'
	assert_failure 3
	assert_line --partial ';; a\027[2Jb.test: no answer from'
	[[ $output != *$'\033'* && $stderr != *$'\033'* ]]
}

@test "fallbacks: a dead server costs --tries attempts in all, as in dig" {
	# Issue 12: the fallbacks share the tries (as dig's retries do), and
	# no more attempts are made than --tries: no later than dig.
	double_start drop-all --log
	run dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.2 --tries=3 \
	    www.example.test
	assert_failure 3
	run grep -c '^query udp' "$DOUBLE_LOG"
	assert_output 3	# payload 1232, 512, no EDNS
	[ "$(grep -c 'edns 1232' "$DOUBLE_LOG")" -eq 1 ]
	[ "$(grep -c 'edns 512' "$DOUBLE_LOG")" -eq 1 ]
	double_stop
	double_start drop-all --log
	run dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.2 --tries=2 \
	    --dnssec www.example.test
	assert_failure 3
	run grep -c '^query udp' "$DOUBLE_LOG"
	assert_output 2	# payload 1232, 512; never without EDNS with DO
	double_stop
	double_start drop-all --log
	run dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.2 --tries=1 \
	    www.example.test
	assert_failure 3
	run grep -c '^query udp' "$DOUBLE_LOG"
	assert_output 1	# dig +tries=1 sends one query
	double_stop
	double_start drop-all --log
	run dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.2 --tries=5 \
	    www.example.test
	assert_failure 3
	[ "$(grep -c '^query udp' "$DOUBLE_LOG")" -eq 5 ]
	run grep -c '^query udp plain' "$DOUBLE_LOG"
	assert_output 3	# the last step gets the tries left
}
