# The text renderer: records that parse but that ldns cannot print (or not
# faithfully) go out in RFC 3597 "\#" form, in text and JSON, in every tool,
# and read back into the same bytes; never "out of memory" (issue 13.2).

setup() {
	load helpers/common
	bats_require_minimum_version 1.5.0
	T=$BATS_TEST_TMPDIR
	# SVCB priority 1, target ".", key 1 whose length 16 runs past the
	# rdata (2 bytes left); NSEC whose bitmap window is 33 bytes (max 32)
	SVCB=016100004000010000012c0009000100000100106832
	NSEC=016100002f00010000012c0024000021$(printf '40%.0s' $(seq 33))
}

# generic TYPE RDATAHEX: the "\# LEN HEX" text, built from the input hex
generic() {
	local rd=${2:26}
	echo "a.	300	IN	$1	\\# $((${#rd} / 2)) $rd"
}

@test "dnstk-wire prints unprintable records as \\# and they read back" {
	for t in SVCB NSEC; do
		h=${!t}
		run --separate-stderr dnstk-wire --rr <<< "$h"
		assert_success
		[ "$output" = "$(generic $t "$h")" ]
		[ "$(dnstk-wire --rr <<< "$h" | dnstk-wire --rr -w)" = "$h" ]
		# JSON: RDATAHEX only, and it reads back too
		run --separate-stderr dnstk-wire --rr -j <<< "$h"
		assert_success
		[[ $output != *'"rdata'$t* ]]
		[[ $output == *"\"RDATAHEX\":\"${h:26}\""* ]]
		[ "$(dnstk-wire --rr -j <<< "$h" | dnstk-wire --rr -w)" = "$h" ]
	done
}

@test "dnstk-canon-sort prints unprintable records as \\# in text and JSON" {
	for t in SVCB NSEC; do
		h=${!t}
		run --separate-stderr dnstk-canon-sort <<< "$h"
		assert_success
		[ "$output" = "$(generic $t "$h")" ]
		[ -z "$stderr" ]
		run --separate-stderr dnstk-canon-sort -j <<< "$h"
		assert_success
		[ "$(dnstk-canon-sort -j <<< "$h" | dnstk-wire --rr -w)" = "$h" ]
		[ "$(dnstk-canon-sort <<< "$h" | dnstk-canon-sort -w)" = "$h" ]
	done
}

@test "a message holding such a record renders and reads back in every form" {
	# header: id 1, QR, 0 questions, 1 answer; then the SVCB record
	msg=000180000000000100000000$SVCB
	for f in --format=text -j -w; do
		run --separate-stderr dnstk-wire $f <<< "$msg"
		assert_success
		[ "$(dnstk-wire $f <<< "$msg" | dnstk-wire -w)" = "$msg" ]
	done
	run dnstk-wire <<< "$msg"
	assert_line "$(generic SVCB "$SVCB")"
}
