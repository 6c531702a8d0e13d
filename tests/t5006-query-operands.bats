#!/usr/bin/env bats
# Issue 12: -t TYPE, -c CLASS, -q NAME; TYPE NAME order when it is
# unambiguous; several questions on one command line, answered in order,
# the exit status the worst.  Against a loopback NSD; dig answers the
# same questions for comparison.

bats_require_minimum_version 1.5.0

load helpers/digzones

# The question section of dnstk-query's JSON answers, one "NAME TYPE
# CLASS" line per answer.
questions() {
	jq -r '.questionRRs[0] | "\(.NAME) \(.TYPEname) \(.CLASSname)"'
}

@test "TYPE NAME order asks what NAME TYPE asks" {
	run --separate-stderr dq --short MX b.dig.test
	assert_success
	assert_output '10 mail.dig.test.'
	[ "$output" = "$(dig +short -p "$NSD_PORT" @127.0.0.1 b.dig.test MX)" ]
	run dq -j MX IN b.dig.test
	run questions <<<"$output"
	assert_output 'b.dig.test. MX IN'
	run dq -j IN b.dig.test MX
	run questions <<<"$output"
	assert_output 'b.dig.test. MX IN'
}

@test "-t, -c and -q: the defaults of the questions that name none" {
	run dq -j -t MX -q b.dig.test
	run questions <<<"$output"
	assert_output 'b.dig.test. MX IN'
	run dq -j -t mx a.dig.test b.dig.test TXT
	run questions <<<"$output"
	assert_output "$(printf 'a.dig.test. MX IN\nb.dig.test. TXT IN')"
	run dq -j -c CH -t TXT version.bind
	run questions <<<"$output"
	assert_output 'version.bind. TXT CH'
	# -q takes a name that looks like a type; a type after it goes with it
	run dq -j -q mx MX
	run questions <<<"$output"
	assert_output 'mx. MX IN'
	run --separate-stderr dq -t NOSUCH x.test
	assert_failure 2
	[[ $stderr == "dnstk-query: -t: 'NOSUCH': not a record type"* ]] || fail "$stderr"
	run --separate-stderr dq -c NOSUCH x.test
	assert_failure 2
	[[ $stderr == "dnstk-query: -c: 'NOSUCH': not a class"* ]] || fail "$stderr"
}

@test "several questions: each answered, in the order given" {
	run --separate-stderr dq --short a.dig.test A b.dig.test MX mail.dig.test
	assert_success
	assert_output "$(printf '192.0.2.10\n10 mail.dig.test.\n192.0.2.25')"
	want=$(for q in "a.dig.test A" "b.dig.test MX" "mail.dig.test A"; do
		dig +short -p "$NSD_PORT" @127.0.0.1 $q
	done)
	[ "$output" = "$want" ] || fail "dig: $want"
	run dq -j -q a.dig.test b.dig.test MX www.dig.test CNAME
	run questions <<<"$output"
	assert_output "$(printf 'a.dig.test. A IN\nb.dig.test. MX IN\nwww.dig.test. CNAME IN')"
	# text: one whole dig-like block per question
	run dq a.dig.test b.dig.test MX
	[ "$(grep -c '^;; ->>HEADER<<-' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^;; MSG SIZE' <<<"$output")" -eq 2 ]
}

@test "several questions: the exit status is the worst, failures in place" {
	load helpers/servers
	port=$(free_port)
	run --separate-stderr dnstk-query @127.0.0.1 -p "$port" --timeout=1 \
	    a.dig.test b.dig.test MX
	assert_failure 3
	# each failure is reported once, naming its question
	[[ $stderr == *"a.dig.test A: "*"refused"* ]] || fail "$stderr"
	[[ $stderr == *"b.dig.test MX: "*"refused"* ]] || fail "$stderr"
	# an NXDOMAIN answer is an answer: exit 0
	run --separate-stderr dq --short nosuch.dig.test a.dig.test
	assert_success
	assert_output '192.0.2.10'
}

@test "ambiguous or incomplete operands are usage errors" {
	run --separate-stderr dnstk-query @127.0.0.1 x.test A MX
	assert_failure 2
	[[ $stderr == *"two types given"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query @127.0.0.1 x.test NOSUCHTYPE
	assert_failure 2
	[[ $stderr == *"unknown type"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query @127.0.0.1 x.test MX y.test IN CH
	assert_failure 2
	[[ $stderr == *"two classes given"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query @127.0.0.1
	assert_failure 2
	[[ $stderr == *"no NAME given"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query @127.0.0.1 a..b
	assert_failure 2
	[[ $stderr == *"bad domain name"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query --batch=- @127.0.0.1 -q x.test </dev/null
	assert_failure 2
}

@test "a lone word that is a type is still a name (as before)" {
	run dq -j ns
	run questions <<<"$output"
	assert_output 'ns. A IN'
	run dq -j a mx
	run questions <<<"$output"
	assert_output 'a. MX IN'
}
