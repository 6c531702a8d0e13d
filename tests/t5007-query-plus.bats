#!/usr/bin/env bats
# Issue 12: dig's +options in dnstk-query, each the long option beside
# it; unknown ones are one line naming the nearest option.  What the
# server echoes (RD, DO, CD, NSID, the protocol) is checked against dig
# talking to the same loopback NSD.

bats_require_minimum_version 1.5.0

load helpers/digzones

# The text answer without what changes from query to query (the ID and
# the stats), for comparing two spellings of the same query.
stable() {
	case " $* " in
	*" +json "*|*" --json "*)
		dq "$@" | jq -c '[.QR, .RD, .questionRRs, .answerRRs]' ;;
	*)
		dq --hide=stats "$@" | sed -E 's/, id: [0-9]+$//' ;;
	esac
}

# The flags line of an answer, from dig or from us.
flags_of() {
	grep '^;; flags:' | sed 's/;.*flags: *//; s/;.*//'
}

@test "+word and its long option ask the same query" {
	local pairs=(
		"+short|--short" "+dnssec|--dnssec" "+cd|--cd" "+cdflag|--cd"
		"+adflag|--ad" "+norec|--no-rd" "+norecurse|--no-rd"
		"+tcp|--tcp" "+vc|--tcp" "+ignore|--ignore-tc" "+nsid|--nsid"
		"+subnet=192.0.2.0/24|--subnet=192.0.2.0/24"
		"+padding|--padding" "+padding=64|--padding=64"
		"+ednsopt=NSID|--ednsopt=NSID" "+ednsopt=65001:abcd|--ednsopt=65001:abcd"
		"+noedns|--no-edns" "+bufsize=4096|--bufsize=4096"
		"+time=1|--timeout=1" "+tries=1|--tries=1" "+json|--json"
		"+noall|--hide=all" "+answer|--show=answer" "+nostats|--hide=stats"
		"+noquestion|--hide=question" "+nocomments|--hide=comments"
		"+noauthority|--hide=authority" "+noadditional|--hide=additional"
		"+idnout|--idnout")
	for p in "${pairs[@]}"; do
		plus=${p%%|*} long=${p#*|}
		a=$(stable "$plus" b.dig.test MX) || fail "$plus failed"
		b=$(stable "$long" b.dig.test MX) || fail "$long failed"
		[ -n "$a" ] || [ "$plus" = +noall ] || fail "$plus: no output"
		[ "$a" = "$b" ] || fail "$plus != $long: '$a' vs '$b'"
	done
	# and the defaults differ from them where they should
	[ "$(stable +nsid b.dig.test)" != "$(stable b.dig.test)" ]
}

@test "+norec, +dnssec, +cd, +tcp, +nsid: what the server echoes, as with dig" {
	for o in +norec +dnssec +cd "+norec +cd"; do
		want=$(dig -p "$NSD_PORT" @127.0.0.1 +nocookie $o a.dig.test | flags_of)
		got=$(dq $o a.dig.test | flags_of)
		[ "$got" = "$want" ] || fail "$o: dig '$want', dnstk '$got'"
	done
	run dq +norec a.dig.test
	assert_line --regexp '^;; flags: qr aa;'
	run dq +dnssec a.dig.test
	assert_line --regexp '^; EDNS: version: 0, flags: do;'
	run dq +tcp a.dig.test
	assert_line --regexp '^;; SERVER: .*\(TCP\)$'
	run dq +nsid a.dig.test
	assert_line --partial '; NSID: 646e73746b2d74657374 ("dnstk-test")'
	run dq -j +cookie a.dig.test
	run jq -r '.EDNS.options[] | select(.code == 10) | .server | length' <<<"$output"
	# RFC 7873: a server cookie is 8 to 32 bytes (16 to 64 hex digits)
	[ "$output" -ge 16 ] || fail "no server cookie: $output"
}

@test "+no forms undo, the last one wins" {
	run dq +dnssec +nodnssec a.dig.test
	refute_line --regexp '^; EDNS: .*flags: do'
	run dq +norec +rec a.dig.test
	assert_line --regexp '^;; flags: qr aa rd;'
	run dq +noedns +edns a.dig.test
	assert_line --partial '; EDNS: version: 0'
	run dq +short +noshort a.dig.test
	assert_line --regexp '^;; ->>HEADER<<-'
	run dq +tcp +notcp a.dig.test
	assert_line --regexp '^;; SERVER: .*\(UDP\)$'
	run dq +noall +all a.dig.test
	assert_line --regexp '^;; ->>HEADER<<-'
	# +nocookie when no cookie was asked for: nothing to undo
	run --separate-stderr dq +nocookie a.dig.test
	assert_success
	run --separate-stderr dq +cookie +nocookie a.dig.test
	assert_failure 2
	[ "$stderr" = "dnstk-query: '+nocookie' cannot undo --cookie given before it" ] ||
	    fail "$stderr"
}

@test "an unknown +option: one line naming it and the nearest, exit 2" {
	run --separate-stderr dnstk-query +shrt @127.0.0.1 x.test
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "dnstk-query: unknown option '+shrt'; did you mean '+short'?" ] ||
	    fail "$stderr"
	run --separate-stderr dnstk-query +noal +answer x.test
	assert_failure 2
	[ "$stderr" = "dnstk-query: unknown option '+noal'; did you mean '+noall'?" ] ||
	    fail "$stderr"
	run --separate-stderr dnstk-query +concurency=2 x.test
	assert_failure 2
	[ "$stderr" = "dnstk-query: unknown option '+concurency=2'; did you mean '--concurrency'?" ] ||
	    fail "$stderr"
	# +nocmd is nothing (no command echo to hide); +cmd asks for what is not there
	a=$(dnstk-query +nocmd --hide=all --show=answer @127.0.0.1 -p "$NSD_PORT" a.dig.test)
	[ "$a" = "$(printf 'a.dig.test.\t3600\tIN\tA\t192.0.2.10')" ] || fail "$a"
	run --separate-stderr dnstk-query +cmd x.test
	assert_failure 2
	[ "$stderr" = "dnstk-query: '+cmd': dnstk-query has no such output (only '+nocmd')" ] ||
	    fail "$stderr"
	# dig options dnstk-query lacks
	for o in +trace +multiline +nssearch +sigchase +identify; do
		run --separate-stderr dnstk-query "$o" x.test
		assert_failure 2
		[ "${#stderr_lines[@]}" -eq 1 ] || fail "$o: $stderr"
		[[ $stderr == "dnstk-query: unknown option '$o'"* ]] || fail "$stderr"
	done
	run --separate-stderr dnstk-query $'+\033[2J' x.test
	assert_failure 2
	[[ $stderr == *"'+\\027[2J'"* ]] || fail "$stderr"
}

@test "+option values: checked as their long options check them" {
	run --separate-stderr dnstk-query +bufsize=x @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == "dnstk-query: --bufsize: 'x' is not a number (0-65535)"* ]] ||
	    fail "$stderr"
	run --separate-stderr dnstk-query +bufsize @127.0.0.1 x.test
	assert_failure 2
	[ "$stderr" = "dnstk-query: '+bufsize' needs a value ('+bufsize=...')" ] ||
	    fail "$stderr"
	run --separate-stderr dnstk-query +short=1 @127.0.0.1 x.test
	assert_failure 2
	[ "$stderr" = "dnstk-query: '+short=1' takes no value" ] || fail "$stderr"
	run --separate-stderr dnstk-query +noedns +nsid @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--no-edns conflicts with EDNS options"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query +short +json @127.0.0.1 x.test
	assert_failure 2
	[[ $stderr == *"--short conflicts with"* ]] || fail "$stderr"
	run --separate-stderr dnstk-query +subnet=300.0.0.0/8 @127.0.0.1 x.test
	assert_failure 2
}
