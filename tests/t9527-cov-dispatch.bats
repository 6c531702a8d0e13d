#!/usr/bin/env bats
# The dnstk dispatcher's corners: 'dnstk help NAME' is NAME's own --help,
# an empty or unknown name is a usage error, a dnstk-NAME on PATH that
# cannot be executed is a system error (exit 3) and is listed without a
# summary; --now values that are no time, other refused option values,
# CRLF line ends, and an $INCLUDE file name too long.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	B=$BATS_TEST_TMPDIR/bin
	mkdir -p "$B"
}

@test "cov2 dispatch: 'dnstk help NAME' prints NAME's --help" {
	local t
	for t in wire query zone-check; do
		run --separate-stderr dnstk help "$t"
		assert_success
		[ "$output" = "$(dnstk-$t --help)" ] || fail "help $t differs"
	done
	run --separate-stderr dnstk help nosuch
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "dnstk: 'nosuch' is not a dnstk tool; see 'dnstk help'" ]
	run --separate-stderr dnstk ""
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "dnstk: '' is not a dnstk tool; see 'dnstk help'" ]
}

@test "cov2 dispatch: a dnstk-NAME that cannot run: exit 3, listed without a summary" {
	# executable bits on something that is no program
	printf '\177ELF not really\n' >"$B/dnstk-broken"
	chmod +x "$B/dnstk-broken"
	PATH=$B:$PATH run --separate-stderr dnstk broken --help
	assert_failure 3
	[ "$stderr" = "dnstk: cannot run '$B/dnstk-broken': Exec format error" ] ||
	    fail "$stderr"
	[ -z "$output" ]
	PATH=$B:$PATH run --separate-stderr dnstk help
	assert_success
	assert_line --regexp '^  broken *$'
	assert_line --regexp '^  wire +[A-Z]'
	# a file without the executable bit is no tool at all
	printf '#!/bin/sh\necho hi\n' >"$B/dnstk-plain"
	PATH=$B:$PATH run --separate-stderr dnstk help
	refute_line --regexp '^  plain'
	PATH=$B:$PATH run --separate-stderr dnstk plain
	assert_failure 2
}

@test "cov2 dispatch: --now that is no time exits 2 for zone-check, verify-chain, serve" {
	local t
	for t in zone-check verify-chain serve; do
		run --separate-stderr dnstk-$t --now=yesterday /dev/null
		[ "$status" -eq 2 ] || fail "$t: exit $status"
		[ "${stderr%%$'\n'*}" = "dnstk-$t: --now: 'yesterday' is not Unix seconds or YYYYMMDDHHMMSS" ] ||
		    fail "$t: $stderr"
		[ -z "$output" ] || fail "$t printed $output"
	done
}

@test "cov2 cli: option values refused by serve and verify-chain" {
	local a=() i
	run --separate-stderr dnstk-serve -p 0 --listen=bogus /dev/null
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "dnstk-serve: --listen: 'bogus' is not an IPv4 or IPv6 address" ] || fail "$stderr"
	run --separate-stderr dnstk-serve -p 0 -l 127.0.0.1 --tcp-idle=0 /dev/null
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "dnstk-serve: --tcp-idle: '0' is too small (1-3600)" ] || fail "$stderr"
	for i in $(seq 65); do a+=(--anchor=/dev/null); done
	run --separate-stderr dnstk-verify-chain --offline "${a[@]}" x.
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "dnstk-verify-chain: --anchor: at most 64" ] || fail "$stderr"
	run --separate-stderr dnstk-verify-chain --offline --in=xml x.
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "dnstk-verify-chain: --in: 'xml' is not text, hex or json" ] || fail "$stderr"
}

@test "cov2 cli: CRLF line ends read as LF ones; an \$INCLUDE name too long" {
	printf 'a. 1 IN A 1.2.3.4\r\nb. 1 IN TXT "x y"\r\n' >"$BATS_TEST_TMPDIR/crlf"
	printf 'a. 1 IN A 1.2.3.4\nb. 1 IN TXT "x y"\n' >"$BATS_TEST_TMPDIR/lf"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/crlf"
	assert_success
	[ "$output" = "$(ldns-read-zone "$BATS_TEST_TMPDIR/lf")" ] || fail "$output"
	# a name longer than any source name kept in messages (255)
	local n
	n=$(printf 'n%.0s' $(seq 300))
	cd "$BATS_TEST_TMPDIR"
	printf '$ORIGIN x.\na 1 IN A 1.2.3.4\n$INCLUDE %s\n' "$n" >z
	run --separate-stderr dnstk-wire --rr z
	assert_failure 2
	[[ $stderr == "dnstk-wire: z:3: \$INCLUDE file name 'nnnnnnnn"*"' is too long (with the including file's directory)" ]] ||
	    fail "$stderr"
	assert_output "a.x.	1	IN	A	1.2.3.4"
}

@test "an \$INCLUDE beside a zone whose path is too long to keep is refused, not read from another directory" {
	# the zone's path is over 255 characters: the reader keeps it cut
	# short, and the cut path's directory holds a decoy of the same name
	local d=$BATS_TEST_TMPDIR seg long cut
	seg=$(printf 'd%.0s' $(seq 60))
	long=$d/$seg/$seg/$seg/$seg/$seg
	mkdir -p "$long"
	printf '$ORIGIN x.\na 1 IN A 1.2.3.4\n$INCLUDE part\n' >"$long/zone"
	printf 'b 1 IN A 5.6.7.8\n' >"$long/part"
	[ ${#long} -gt 255 ]
	cut=${long:0:240}
	cut=${cut%/*}
	printf 'decoy 1 IN A 9.9.9.9\n' >"$cut/part"
	run --separate-stderr dnstk-wire --rr "$long/zone"
	assert_failure 2
	[[ $stderr == *"\$INCLUDE file name 'part' is too long (with the including file's directory)" ]] ||
	    fail "$stderr"
	refute_output --partial decoy
	assert_output "a.x.	1	IN	A	1.2.3.4"
	# the same zone by a short relative path includes its own part
	cd "$long"
	run --separate-stderr dnstk-wire --rr zone
	assert_success
	assert_output "a.x.	1	IN	A	1.2.3.4
b.x.	1	IN	A	5.6.7.8"
}
