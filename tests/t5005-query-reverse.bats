#!/usr/bin/env bats
# Issue 12: dnstk-query -x ADDR is a reverse lookup, as in dig, kdig and
# drill: IPv4 -> in-addr.arpa, IPv6 -> ip6.arpa (nibbles), type PTR.
# Checked against a loopback NSD serving the reverse zones and against
# dig -x and Python's ipaddress module for the names.

bats_require_minimum_version 1.5.0

load helpers/digzones

# The reverse name of $1, computed by Python, not by us.
revname() {
	python3 -c 'import ipaddress, sys
print(ipaddress.ip_address(sys.argv[1]).reverse_pointer + ".")' "$1"
}

@test "-x IPv4: the PTR of its in-addr.arpa name" {
	run --separate-stderr dq -x 192.0.2.10
	assert_success
	assert_line ";$(revname 192.0.2.10)	IN	PTR"
	assert_line "10.2.0.192.in-addr.arpa.	3600	IN	PTR	a.dig.test."
	[ -z "$stderr" ]
	run dq -x 192.0.2.10 --short
	assert_output 'a.dig.test.'
}

@test "-x IPv6: the PTR of its ip6.arpa name, one label per nibble" {
	for a in 2001:db8::53 2001:db8:1::a 2001:0DB8:0001:0000::000A; do
		run --separate-stderr dq -j -x "$a"
		assert_success
		run jq -r '.questionRRs[0] | [.NAME, .TYPEname] | @tsv' <<<"$output"
		assert_output "$(revname "$a")	PTR"
	done
	run dq -x 2001:db8::53 --short
	assert_output 'ns6.dig.test.'
	run dq -x 2001:db8:1::a --short
	assert_output 'v6.dig.test.'
}

@test "-x answers as dig -x does" {
	for a in 192.0.2.10 192.0.2.80 2001:db8::53 192.0.2.99; do
		want=$(dig +short -p "$NSD_PORT" @127.0.0.1 -x "$a")
		got=$(dq --short -x "$a")
		[ "$got" = "$want" ] || fail "$a: dig '$want', dnstk '$got'"
		want=$(dig +noall +question -p "$NSD_PORT" @127.0.0.1 -x "$a" |
		    tr -s ' \t' ' ')
		got=$(dq --hide=all --show=question -x "$a" | tr -s ' \t' ' ')
		[ "$got" = "$want" ] || fail "$a: dig '$want', dnstk '$got'"
	done
}

@test "-x with other questions: each answered in order" {
	run --separate-stderr dq --short -x 192.0.2.10 -x 2001:db8::53 a.dig.test
	assert_success
	assert_output "$(printf 'a.dig.test.\nns6.dig.test.\n192.0.2.10')"
}

@test "-x with a bad address is a usage error naming it" {
	for a in 300.1.1.1 192.0.2 example.com 2001:db8::g ''; do
		run --separate-stderr dnstk-query -x "$a" @127.0.0.1
		assert_failure 2
		[ -z "$output" ]
		[[ ${stderr_lines[0]} == "dnstk-query: -x: '$a': not an IPv4 or IPv6 address" ]] ||
		    fail "$a: $stderr"
	done
	run --separate-stderr dnstk-query -x
	assert_failure 2
	[[ $stderr == *"option '-x' needs a value"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query --batch=- -x 192.0.2.1 </dev/null
	assert_failure 2
}
