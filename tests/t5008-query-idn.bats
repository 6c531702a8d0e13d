#!/usr/bin/env bats
# Issue 12: a name typed in Unicode is asked as its A-labels (IDNA2008,
# UTS #46 mapping, nontransitional, through libidn2); +idnout shows
# U-labels in text output; JSON keeps A-labels (RFC 8427).  The
# A-labels are the well-known ones (RFC 3492's punycode of "bücher";
# "faß" keeps its ß in IDNA2008 where IDNA2003 made it "fass"), and kdig
# gets the same answers from the same loopback NSD.

bats_require_minimum_version 1.5.0

load helpers/digzones

setup() {
	load helpers/common
	export LC_ALL=C.UTF-8
}

qname() {
	jq -r '.questionRRs[0].NAME'
}

@test "a Unicode name is asked as its A-labels" {
	run --separate-stderr dq -j bücher.dig.test
	assert_success
	run qname <<<"$output"
	assert_output 'xn--bcher-kva.dig.test.'
	run dq --short bücher.dig.test
	assert_output '192.0.2.80'
	run dq --short bücher.dig.test TXT
	assert_output '"buecher"'
}

@test "UTS #46 mapping (case, NFC) and IDNA2008 nontransitional ß" {
	# upper case is mapped to lower case
	run dq -j BÜCHER.dig.test
	run qname <<<"$output"
	assert_output 'xn--bcher-kva.dig.test.'
	# u + combining diaeresis (NFD) is the same name as ü (NFC)
	run dq -j $'bu\xcc\x88cher.dig.test'
	run qname <<<"$output"
	assert_output 'xn--bcher-kva.dig.test.'
	# nontransitional: ß stays (xn--fa-hia), it does not become "ss"
	run dq -j faß.dig.test
	run qname <<<"$output"
	assert_output 'xn--fa-hia.dig.test.'
	run dq --short faß.dig.test
	assert_output '192.0.2.81'
}

@test "the answers are kdig's (which shows U-labels) for the same names" {
	command -v kdig >/dev/null || skip "no kdig"
	for n in bücher.dig.test faß.dig.test BÜCHER.dig.test www.dig.test; do
		want=$(kdig +short -p "$NSD_PORT" @127.0.0.1 "$n" A)
		got=$(dq --short +idnout "$n" A)
		[ "$got" = "$want" ] || fail "$n: kdig '$want', dnstk '$got'"
	done
}

@test "--idnout and +idnout: U-labels in text, A-labels in JSON" {
	run dq --hide=all --show=answer,question --idnout bücher.dig.test
	assert_output "$(printf ';bücher.dig.test.\tIN\tA\nbücher.dig.test.\t3600\tIN\tA\t192.0.2.80')"
	run dq +noall +answer +idnout www.dig.test
	assert_line --partial 'CNAME	bücher.dig.test.'
	run dq +idnout --short www.dig.test
	assert_line 'bücher.dig.test.'
	# without it, A-labels
	run dq +noall +answer www.dig.test
	assert_line --partial 'CNAME	xn--bcher-kva.dig.test.'
	# JSON keeps A-labels even with --idnout
	run dq -j --idnout bücher.dig.test
	run qname <<<"$output"
	assert_output 'xn--bcher-kva.dig.test.'
	# text in quotes (TXT strings) is data, not names: it stays
	run dq +noall +answer +idnout note.dig.test TXT
	assert_output 'note.dig.test.	3600	IN	TXT	"see xn--bcher-kva.dig.test" "\"xn--fa-hia\""'
	# what does not convert stays as it came
	run dq +noall +question +idnout xn--zz.dig.test
	assert_output ';xn--zz.dig.test.	IN	A'
}

@test "a name that is not valid IDNA is a usage error naming it" {
	run --separate-stderr dq $'a\xff.dig.test'
	assert_failure 2
	[[ ${stderr_lines[0]} == "dnstk-query: 'a\\255.dig.test': bad internationalized domain name ("* ]] ||
	    fail "$stderr"
	run --separate-stderr dq '☃.dig.test'
	assert_failure 2
	[[ ${stderr_lines[0]} == *"bad internationalized domain name (string contains a disallowed character)" ]] ||
	    fail "$stderr"
	[ -z "$output" ]
}

@test "--batch lines in Unicode are converted too" {
	printf 'bücher.dig.test\nfaß.dig.test\n' >"$BATS_TEST_TMPDIR/list"
	run --separate-stderr dq --short --batch="$BATS_TEST_TMPDIR/list"
	assert_success
	assert_output "$(printf '192.0.2.80\n192.0.2.81')"
}
