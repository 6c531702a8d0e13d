#!/usr/bin/env bats
# dnstk-zone-check's command line: the progress line it draws on a
# terminal (and only there), the operands and the --zonemd conflicts.

setup() {
	load helpers/common
	T=$BATS_TEST_TMPDIR
}

# big_zone N: an unsigned zone of N A records plus SOA, NS and glue.
big_zone() {
	{
		echo '$ORIGIN example.test.'
		echo '$TTL 3600'
		echo '@ SOA ns hostmaster 1 7200 3600 1209600 3600'
		echo '@ NS ns'
		echo 'ns A 192.0.2.1'
		awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
		    printf "h%d A 192.0.2.2\n", i }'
	} > "$T/big.zone"
}

@test "on a terminal a large zone shows a progress line, cleared at the end" {
	command -v script >/dev/null || skip "no script(1) for a pty"
	big_zone 70000
	# script(1) runs the check on a pty: stdout and stderr both land in
	# tty.out, as a terminal would show them.
	timeout 60 script -qec "dnstk-zone-check '$T/big.zone'" /dev/null \
	    > "$T/tty.out" < /dev/null
	esc=$'\033'
	cr=$'\r'
	out=$(cat "$T/tty.out")
	# the count, the words, and erase-to-end-of-line after them
	[[ $out =~ ${cr}dnstk-zone-check:\ ([0-9]+)\ records\ read${esc}\[K ]] ||
	    fail "no progress line: $(cat -v "$T/tty.out")"
	n=${BASH_REMATCH[1]}
	[ "$n" -gt 0 ] && [ "$n" -le 70003 ] || fail "count $n"
	# the line is erased before the summary is written over it
	[[ $out == *"${cr}${esc}[K$T/big.zone: 70003 records,"* ]] ||
	    fail "not cleared: $(cat -v "$T/tty.out")"
	# and it is erased once: the summary is the last thing on the screen
	[[ ${out##*"${esc}[K"} == "$T/big.zone: 70003 records,"* ]] ||
	    fail "$(cat -v "$T/tty.out")"
}

@test "off a terminal there is no progress line and no escape at all" {
	big_zone 70000
	run --separate-stderr dnstk-zone-check "$T/big.zone"
	assert_success
	[[ $output == "$T/big.zone: 70003 records, 70003 RRsets,"* ]] ||
	    fail "$output"
	[ -z "$stderr" ] || fail "stderr: $(printf %s "$stderr" | cat -v)"
	[[ $output != *$'\r'* && $output != *$'\033'* ]] || fail "escapes"
}

@test "--zonemd prints records: -j and -q are usage errors" {
	local want="dnstk-zone-check: --zonemd prints records: no -j or -q"
	printf '@ SOA ns h 1 2 3 4 5\n' > "$T/z.zone"
	for o in -j --json -q --quiet; do
		run --separate-stderr -2 dnstk-zone-check --zonemd "$o" \
		    -o example.test. "$T/z.zone"
		[ -z "$output" ] || fail "$o: stdout: $output"
		[ "${stderr_lines[0]}" = "$want" ] || fail "$o: $stderr"
		[[ ${stderr_lines[1]} == "usage: dnstk-zone-check "* ]] ||
		    fail "$o: no usage line: $stderr"
	done
	# the order of the options does not matter
	run --separate-stderr -2 dnstk-zone-check -j --zonemd "$T/z.zone"
	[[ $stderr == *"--zonemd prints records: no -j or -q"* ]]
}

@test "one zone file at most; none reads stdin" {
	printf '@ SOA ns h 1 2 3 4 5\n' > "$T/z.zone"
	run --separate-stderr -2 dnstk-zone-check "$T/z.zone" "$T/z.zone"
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "dnstk-zone-check: one zone file at most" ]
	run --separate-stderr dnstk-zone-check -o example.test. < "$T/z.zone"
	[[ $output == "stdin: 1 records,"* ]] || fail "$output"
}
