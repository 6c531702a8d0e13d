#!/usr/bin/env bats
# Issue 12: hex output is -w (wire) in every tool, --hex and --format=hex
# stay; -x elsewhere is an unknown option whose error says so in one line.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
}

@test "-w, --hex and --format=hex write the same hex in every tool with hex" {
	local rr='x.example. 300 IN A 192.0.2.1'
	for t in "dnstk-wire --rr" dnstk-canon-sort; do
		a=$(echo "$rr" | $t -w)
		b=$(echo "$rr" | $t --hex)
		c=$(echo "$rr" | $t --format=hex)
		[ -n "$a" ] && [ "$a" = "$b" ] && [ "$b" = "$c" ] ||
		    fail "$t: '$a' '$b' '$c'"
	done
	# the hex is the record's wire form (RFC 1035 3.2.1), spelled out:
	# name x.example., type 1, class 1, TTL 300, rdlength 4, 192.0.2.1
	run bash -c "echo '$rr' | dnstk-wire --rr -w"
	assert_output "$(printf %s 0178 07 6578616d706c65 00 0001 0001 0000012c 0004 c0000201)"
}

@test "-x in a tool other than dnstk-query: one line saying hex is -w" {
	for t in dnstk-wire dnstk-canon-sort; do
		run --separate-stderr "$t" -x
		assert_failure 2
		[ -z "$output" ] || fail "$t wrote to stdout"
		[ "${stderr_lines[0]}" = "$t: unknown option '-x': hex output is '-w' (--hex)" ] ||
		    fail "$t: $stderr"
	done
	# a tool without hex output says only that -x is unknown
	run --separate-stderr dnstk-opt-dump -x
	assert_failure 2
	[ "${stderr_lines[0]}" = "dnstk-opt-dump: unknown option '-x'" ] || fail "$stderr"
}

@test "--help of every tool with hex names -w, and no tool but dnstk-query has -x" {
	for t in dnstk-wire dnstk-canon-sort dnstk-query; do
		run "$t" --help
		assert_line --partial '-w, --hex'
	done
	for t in dnstk-wire dnstk-canon-sort dnstk-opt-dump dnstk-edns-probe \
	    dnstk-verify-chain dnstk-tlsa-check dnstk-zone-check dnstk-serve; do
		run "$t" --help
		refute_line --regexp '^  -x,'
	done
	run dnstk-query --help
	assert_line --regexp '^  -x, --reverse=ADDR'
}
