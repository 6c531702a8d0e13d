#!/usr/bin/env bats
# A TXT record of many character-strings (over 4096 bytes of text, read
# by dnstk's own loop, not ldns's one-field-at-a-time parser): quoted and
# bare strings, an escaped quote and backslash.  dnstk-wire --rr prints
# what ldns-read-zone prints for the same line, and its wire form goes
# back to the same text.

setup() {
	load helpers/common
	command -v ldns-read-zone >/dev/null || skip "no ldns-read-zone"
}

@test "a TXT of 30 strings, escapes and a bare word, as ldns reads it" {
	local z=$BATS_TEST_TMPDIR/big.zone s i
	{
		printf 'big.example. 60 IN TXT'
		for i in $(seq -w 0 29); do
			s=$(printf '%0140d' 0 | tr 0 x)
			case $i in
			03) printf ' "quote\\"in\\\\side %s"' "$s" ;;
			05) printf ' bare%s' "$s" ;;
			*) printf ' "s%s-%s"' "$i" "$s" ;;
			esac
		done
		printf '\n'
	} > "$z"
	[ "$(wc -c < "$z")" -gt 4096 ]
	ldns-read-zone "$z" | grep -v '^;' > "$BATS_TEST_TMPDIR/ldns"
	dnstk-wire --rr "$z" > "$BATS_TEST_TMPDIR/ours"
	test_cmp "$BATS_TEST_TMPDIR/ldns" "$BATS_TEST_TMPDIR/ours"
	grep -q '"quote\\"in\\\\side x' "$BATS_TEST_TMPDIR/ours"
	dnstk-wire --rr -w "$z" | dnstk-wire --rr > "$BATS_TEST_TMPDIR/back"
	test_cmp "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/back"
}
