#!/usr/bin/env bats
# Issue 12: dig's section selection (+noall, +answer, +authority,
# +additional, +question, +comments, +stats and their +no forms) and the
# long options --show/--hide behind them.  dig asking the same loopback
# NSD gives the expected text (blanks squeezed: dig pads with tabs).

bats_require_minimum_version 1.5.0

load helpers/digzones

squeeze() {
	tr -s ' \t' ' '
}

@test "+noall with sections prints what dig prints" {
	local sets=("+noall +answer" "+noall +answer +authority +additional"
	    "+noall +question" "+noall +additional" "+noall +question +answer"
	    "+nocomments +nostats" "+nocomments +nostats +noadditional"
	    "+noall +answer +noanswer")
	for o in "${sets[@]}"; do
		want=$(dig +nocmd +nocookie -p "$NSD_PORT" @127.0.0.1 $o b.dig.test MX | squeeze)
		got=$(dq $o b.dig.test MX | squeeze)
		[ "$got" = "$want" ] || fail "$o: dig '$want', dnstk '$got'"
	done
}

@test "+noall +answer: only the answer records, for every question" {
	run --separate-stderr dq +noall +answer a.dig.test b.dig.test MX -x 192.0.2.10
	assert_success
	assert_output "$(printf '%s\n' \
	    '10.2.0.192.in-addr.arpa.	3600	IN	PTR	a.dig.test.' \
	    'a.dig.test.	3600	IN	A	192.0.2.10' \
	    'b.dig.test.	3600	IN	MX	10 mail.dig.test.')"
}

@test "--show and --hide take lists, applied in order" {
	a=$(dq --hide=all --show=answer,authority b.dig.test MX)
	b=$(dq +noall +answer +authority b.dig.test MX)
	[ -n "$a" ] && [ "$a" = "$b" ]
	run dq --hide=all b.dig.test MX
	assert_output ''
	run dq --hide=all --show=stats b.dig.test MX
	assert_line --index 0 --regexp '^;; Query time: [0-9]+ msec$'
	assert_line --index 1 --regexp '^;; SERVER: 127\.0\.0\.1#'
	assert_line --index 2 --regexp '^;; MSG SIZE  rcvd: [0-9]+$'
	[ "${#lines[@]}" -eq 3 ]
	# comments without the sections: the header and OPT only
	run dq --hide=all --show=comments b.dig.test MX
	assert_line --index 0 --regexp '^;; ->>HEADER<<-'
	refute_line --regexp '^;; [A-Z]+ SECTION:'
	refute_line --partial 'mail.dig.test.'
	# everything shown is the default output
	a=$(dq --hide=all --show=all a.dig.test | sed -E 's/id: [0-9]+//; /Query time/d')
	b=$(dq a.dig.test | sed -E 's/id: [0-9]+//; /Query time/d')
	[ "$a" = "$b" ]
	run --separate-stderr dq --show=answers a.dig.test
	assert_failure 2
	[[ $stderr == "dnstk-query: --show: 'answers': not a list of comments, question, answer, authority, additional, stats or all"* ]] ||
	    fail "$stderr"
}

@test "section selection leaves hex, JSON and --short alone" {
	a=$(dq -j b.dig.test MX | jq -c '.answerRRs')
	b=$(dq -j +noall b.dig.test MX | jq -c '.answerRRs')
	[ "$a" = "$b" ]
	run dq -w +noall b.dig.test MX
	assert_output --regexp '^[0-9a-f]+$'
	run dq --short +noall b.dig.test MX
	assert_output '10 mail.dig.test.'
}
