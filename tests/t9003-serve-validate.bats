#!/usr/bin/env bats
# dnstk-serve --forward --validate against NSD serving the DNSSEC test
# hierarchy of dnstk-verify-chain: AD on secure answers (for clients that
# set DO or AD), SERVFAIL with the right Extended DNS Error on bogus ones,
# no AD on insecure ones, and CD returning the data unvalidated.  The
# expected verdicts are the fixture's (tests/fixtures/dnssec/cases.txt),
# and a validating Unbound over the same hierarchy agrees case by case.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	local args=() f z
	for f in "$FIX"/dnssec/zones/*.zone; do
		z=$(basename "$f" .zone)
		[ "$z" = root ] && z=.
		args+=("$z" "$f")
	done
	nsd_start "$BATS_FILE_TMPDIR/nsd" "${args[@]}"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	D=$FIX/dnssec
	serve_start --forward="127.0.0.1#$NSD_PORT" --validate \
	    --anchor="$D/root.anchor" --now=20260601000000
}

teardown() {
	serve_stop
	if declare -F unbound_stop >/dev/null; then
		unbound_stop
	fi
}

vq() {
	dnstk-query @127.0.0.1 -p "$SERVE_PORT" --timeout=8 --tries=1 "$@"
}

@test "validate: every fixture case: AD when secure, SERVFAIL+EDE when bogus" {
	local bad="" out
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		out=$(vq --dnssec "$name" "$type" 2>&1)
		case $want in
		secure)
			grep -q 'flags: qr rd ra ad;' <<<"$out" ||
			    bad="$bad $name/$type:no-AD"
			grep -q 'status: SERVFAIL' <<<"$out" &&
			    bad="$bad $name/$type:servfail"
			;;
		insecure|indeterminate)
			grep -q 'flags: qr rd ra;' <<<"$out" ||
			    bad="$bad $name/$type:flags"
			grep -q 'status: SERVFAIL' <<<"$out" &&
			    bad="$bad $name/$type:servfail"
			;;
		bogus)
			grep -q 'status: SERVFAIL' <<<"$out" ||
			    bad="$bad $name/$type:not-servfail"
			grep -q '; EDE: [0-9]' <<<"$out" ||
			    bad="$bad $name/$type:no-EDE"
			grep -q 'IN	A	' <<<"$out" &&
			    bad="$bad $name/$type:data"
			;;
		esac
	done <"$D/cases.txt"
	[ -z "$bad" ] || fail "wrong answers:$bad"
}

@test "validate: the EDE codes of RFC 8914 with the reason as EXTRA-TEXT" {
	run vq www.expired.tld A
	assert_output --partial 'status: SERVFAIL'
	assert_output --regexp 'EDE: 7 \(Signature Expired\): \(.*expired'
	run vq www.notyet.tld A
	assert_output --partial 'EDE: 8 (Signature Not Yet Valid)'
	run vq www.nosig.tld A
	assert_output --partial 'EDE: 10 (RRSIGs Missing)'
	run vq www.dsnokey.tld A
	assert_output --partial 'EDE: 9 (DNSKEY Missing)'
	run vq www.flip.tld A
	assert_output --partial 'EDE: 6 (DNSSEC Bogus)'
}

@test "validate: AD only for clients that set DO or AD; CD gives bogus data unvalidated" {
	run vq www.a8.tld A
	assert_output --partial 'flags: qr rd ra;'
	run vq --ad www.a8.tld A
	assert_output --partial 'flags: qr rd ra ad;'
	run vq --dnssec --cd www.expired.tld A
	assert_output --partial 'status: NOERROR'
	assert_output --partial 'flags: qr rd ra cd;'
	assert_output --partial 'IN	A	'
	run vq --dnssec www.unsigned.tld A
	assert_output --partial 'flags: qr rd ra;'
}

@test "validate: --validate without --forward is a usage error" {
	run -2 dnstk-serve --validate -p 0 "$FIX/zones/example.test.zone"
	assert_output --partial 'need --forward'
}

@test "validate: --anchor without --validate is a usage error, not ignored" {
	run -2 dnstk-serve --forward=127.0.0.1#9 --anchor="$FIX/zones/example.test.zone" -p 0
	assert_output --partial '--anchor applies only to --validate'
}

# verdict_of PORT NAME TYPE: secure (AD), bogus (SERVFAIL) or insecure.
verdict_of() {
	local out
	out=$(dig +dnssec +tries=2 +time=8 @127.0.0.1 -p "$1" "$2" "$3")
	if grep -q 'status: SERVFAIL' <<<"$out"; then
		echo bogus
	elif grep -qE '^;; flags:[a-z ]* ad[ ;]' <<<"$out"; then
		echo secure
	else
		echo insecure
	fi
}

@test "validate: Unbound, validating the same hierarchy, agrees case by case" {
	command -v unbound >/dev/null || skip "no unbound"
	command -v dig >/dev/null || skip "no dig"
	load helpers/unbound
	unbound_start "$BATS_TEST_TMPDIR/unbound" "$D/root.anchor" "$NSD_PORT"
	local bad="" n=0 u v
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		u=$(verdict_of "$UNBOUND_PORT" "$name" "$type")
		v=$(verdict_of "$SERVE_PORT" "$name" "$type")
		[ "$u" = "$v" ] || bad="$bad $name/$type:unbound=$u,serve=$v"
		n=$((n + 1))
	done <"$D/cases.txt"
	[ -z "$bad" ] || fail "disagreements:$bad"
	[ "$n" -ge 30 ]
}
