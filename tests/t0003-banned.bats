#!/usr/bin/env bats
# Like git's banned.h: functions that are easy to misuse never appear in
# lib/ or cmd/ (strtok_r, snprintf, strtoll and gmtime_r are the ways).

setup() {
	load helpers/common
}

@test "no banned functions in lib/ and cmd/" {
	run grep -rnE '(^|[^_a-z0-9])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atoll|gmtime|localtime|ctime|asctime|gets)[[:space:]]*\(' \
	    "$DNSTK_TOP/lib" "$DNSTK_TOP/cmd"
	assert_output ""
}

@test "every lib/ and cmd/ file starts with an SPDX line and a purpose line" {
	for f in "$DNSTK_TOP"/lib/*/*.[ch] "$DNSTK_TOP"/cmd/*.c; do
		head -n 1 "$f" | grep -q 'SPDX-License-Identifier' ||
		    fail "$f: no SPDX line"
		sed -n 2p "$f" | grep -q '^/\*' || fail "$f: no purpose line"
	done
}
